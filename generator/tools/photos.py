"""`python -m generator photos FOLDER`: match a folder of photos named after deputies to their records.

Clerks get photos the way phones and colleagues send them: a folder of files
named after the person (`王秀兰.jpg`) or by deputy id (`wang-xiulan.heic`). Each
file is matched to exactly one deputy — by id, else by name — then saved into
that deputy's station folder as `photos/<id>.jpg`, and the deputy's `photo:`
is written into deputies.yml (round trip: comments and layout kept, then the
canonical layout). A name two deputies share (two 王芳) is reported with both
ids, never guessed; an unknown name is reported; a file that is not a usable
photo is refused with the reason validation would give.

All or nothing: nothing is written when any file is refused, and the region is
validated with the new deputies files (through the overlay) and the copied
photos before it counts; should that fail, the copied photos are removed.
The original is never copied: `stations/` is a public repository, and a phone's
photo carries where it was taken and the phone's make and serial. What is saved
is a clean copy (`render/photos.clean_copy`): decoded under the same size and
memory bounds as the build, upright, sRGB, at most 2400 px, a JPEG with no
metadata; the build makes every published image from it. The deputy's former
photo file, when nothing else shows it, is removed with the change (the clean
copy replaces it; an original left beside it would still be published).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.atomic import write_atomically
from generator.data.canonical import canonical_text, round_trip_yaml
from generator.data.files import MAX_PHOTO_BYTES, UnsafeFile, read_file, scan
from generator.data.images import FORMATS, MIN_SHORT_SIDE, TooLarge, inspect
from generator.data.model import DeputiesFile
from generator.problems import DataError, Position, Problem
from generator.region.assemble import DeputyEntry, RegionModel
from generator.region.lint import photo_huge
from generator.region.validate import validate_region
from generator.render.photos import clean_copy
from generator.strings.messages import ERR

SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"})


@dataclass
class PhotoReport:
    matched: list[str] = field(default_factory=list)  # "王秀兰 → stations/xinghua/photos/wang-xiulan.jpg"
    unchanged: int = 0
    unknown: list[str] = field(default_factory=list)  # file names matching no deputy
    ambiguous: list[str] = field(default_factory=list)  # "王芳.jpg：wang-fang（…）、wang-fang-2（…）"
    replaced: list[str] = field(default_factory=list)  # former photos removed: "stations/xinghua/photos/wang.heic"


def match_photos(
    data_dir: Path, project_dir: Path, folder: Path, today: dt.date, *, dry_run: bool = False
) -> PhotoReport:
    """Match, check, copy and record; raise DataError (nothing written) when a photo cannot be used."""
    model = validate_region(data_dir, project_dir, today)
    if not folder.is_dir():
        raise DataError([Problem.general(ERR["photos_no_folder"].format(path=folder.as_posix()))])
    report = PhotoReport()
    chosen = _chosen(model, folder, report)
    texts: dict[Path, str] = {}
    copies: dict[Path, bytes] = {}
    replaced: list[Path] = []  # the deputy's former photo, likely an original with GPS, that nothing else uses
    for deputy_id, (_, data) in sorted(chosen.items()):
        entry = model.deputies[deputy_id]
        relative = f"photos/{deputy_id}.jpg"
        target = entry.home.folder / relative
        if entry.deputy.photo == relative and target.is_file() and target.read_bytes() == data:
            report.unchanged += 1
            continue
        deputies_file = entry.home.folder / "deputies.yml"
        texts[deputies_file] = _with_photo(
            texts.get(deputies_file) or deputies_file.read_text("utf-8"), deputy_id, relative
        )
        copies[target] = data
        if entry.deputy.photo and entry.deputy.photo != relative and not _used_elsewhere(model, entry):
            previous = entry.home.folder / entry.deputy.photo
            if previous.is_file() and not previous.is_symlink():
                replaced.append(previous)
        report.matched.append(f"{entry.deputy.name}（{deputy_id}）→ {_shown(target, project_dir)}")
    if dry_run or not texts:
        return report
    _write(data_dir, project_dir, today, texts, copies)
    for previous in replaced:
        previous.unlink(missing_ok=True)
        report.replaced.append(_shown(previous, project_dir))
    return report


def _chosen(model: RegionModel, folder: Path, report: PhotoReport) -> dict[str, tuple[Path, bytes]]:
    """Each deputy's photo file and its clean copy; a name no deputy or several have goes into the report, and a
    file that cannot be used is a problem: all of them raised together, before anything is written."""
    by_name: dict[str, list] = {}
    for entry in model.deputies.values():
        by_name.setdefault(entry.deputy.name, []).append(entry)
    listing = scan(folder, lambda path: path.as_posix())
    problems = list(listing.problems)
    chosen: dict[str, tuple[Path, bytes]] = {}  # deputy id: (file, its clean copy)
    for file in listing.files:
        if file.suffix.lower() not in SUFFIXES:
            continue  # a note or a spreadsheet beside the photos
        stem = file.stem.strip()
        entries = [model.deputies[stem]] if stem in model.deputies else by_name.get(stem, [])
        if not entries:
            report.unknown.append(file.name)
            continue
        if len(entries) > 1:
            who = "、".join(f"{e.deputy.id}（{e.home.station.name}）" for e in entries)
            report.ambiguous.append(ERR["photos_ambiguous_item"].format(file=file.name, who=who))
            continue
        at = file.as_posix()
        try:
            data = read_file(file, at, MAX_PHOTO_BYTES)
            image = inspect(data)
        except UnsafeFile as exc:
            problems.append(exc.problem)
            continue
        except TooLarge as exc:
            problems.append(Problem(at, Position(1, 1), photo_huge(file.name, exc.width, exc.height)))
            continue
        except (OSError, ValueError, SyntaxError):
            problems.append(Problem(at, Position(1, 1), ERR["photo_not_image"].format(path=file.name)))
            continue
        if image.format not in FORMATS or image.frames > 1:
            message = ERR["photo_animated"] if image.frames > 1 else ERR["photo_not_image"]
            problems.append(Problem(at, Position(1, 1), message.format(path=file.name)))
        elif min(image.width, image.height) < MIN_SHORT_SIDE:
            words = {"path": file.name, "width": image.width, "height": image.height, "least": MIN_SHORT_SIDE}
            problems.append(Problem(at, Position(1, 1), ERR["photo_small"].format(**words)))
        elif entries[0].deputy.id in chosen:
            problems.append(Problem(at, Position(1, 1), ERR["photos_twice"].format(id=entries[0].deputy.id)))
        else:
            try:
                chosen[entries[0].deputy.id] = (file, clean_copy(data))
            except (OSError, ValueError, SyntaxError):  # damaged past its header
                problems.append(Problem(at, Position(1, 1), ERR["photo_not_image"].format(path=file.name)))
    if problems:
        raise DataError(problems)
    return chosen


def _write(
    data_dir: Path, project_dir: Path, today: dt.date, texts: dict[Path, str], copies: dict[Path, bytes]
) -> None:
    """Copy the photos (the old ones kept aside), validate the region with them and the new deputies files, then
    write those files; should validation fail, the old photos are put back and nothing else is written."""
    written: list[Path] = []
    try:
        for target, data in copies.items():
            if target.exists() and target.read_bytes() == data:
                continue
            _write_atomically(target, data, keep=target.exists())
            written.append(target)
        validate_region(data_dir, project_dir, today, {path: text.encode() for path, text in texts.items()})
    except BaseException:
        for target in written:
            backup = target.with_name(f".{target.name}.old")
            target.unlink(missing_ok=True)
            if backup.exists():
                backup.rename(target)
        raise
    for target in written:
        target.with_name(f".{target.name}.old").unlink(missing_ok=True)
    for path, text in texts.items():
        _write_atomically(path, text.encode("utf-8"), keep=False)


def _used_elsewhere(model: RegionModel, entry: DeputyEntry) -> bool:
    """Whether the station or another of its deputies shows the deputy's current photo file too."""
    home = entry.home
    others = [e.deputy.photo for e in model.deputies.values() if e.home is home and e is not entry]
    return entry.deputy.photo in {home.station.photo, *others}


def _with_photo(text: str, deputy_id: str, relative: str) -> str:
    """The deputies file with `photo:` set for one deputy, comments kept, in the canonical layout."""
    yaml = round_trip_yaml()
    data = yaml.load(text)
    for deputy in data.get("deputies") or []:
        if deputy.get("id") == deputy_id:
            deputy["photo"] = relative
    out = io.StringIO()
    yaml.dump(data, out)
    return canonical_text(out.getvalue(), DeputiesFile)


def _write_atomically(target: Path, data: bytes, *, keep: bool) -> None:
    """Write `target` in one step; with `keep`, the old file stays beside it (hidden) until the import counts."""
    if keep:
        os.replace(target, target.with_name(f".{target.name}.old"))
    write_atomically(target, data)


def _shown(path: Path, project_dir: Path) -> str:
    try:
        return path.absolute().relative_to(project_dir.absolute()).as_posix()
    except ValueError:
        return path.as_posix()
