"""Build a city's or province's portal over its districts' published sites: `python -m generator portal`.

Federation, not one big site: each district builds and publishes its own site,
and the portal reads what they published (data/members.py), links into them and
adds them up: a directory, figures across districts, one calendar and merged
open data; its search merges each district's own Pagefind index in the reader's
browser (mergeIndex), so the portal indexes only its own few pages.

A member may itself be a portal (a province's portal over cities'): its
`lz-site.json` lists its members, and they are read directly, one level down,
each shown with the portal that lists it.

A member that cannot be read keeps its last-known files (kept in
`build/portal/` after every successful build) with their date and a visible
note, and never fails the portal; a member published by an incompatible tool
version is refused, naming member and versions. The site is built like a
district's: docs tree through OutputTree, MkDocs into a staging folder,
Pagefind, the self-contained check, then swapped in whole.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import ValidationError

from generator.data.files import UnsafeFile, read_file
from generator.data.members import READ_DEADLINE_S, Snapshot, Unreadable, read_member, read_saved
from generator.data.portal import Member, load_portal
from generator.problems import DataError, Position, Problem, one_line
from generator.region.federation import MemberView, PortalModel, incompatibility
from generator.region.formats import date_cn
from generator.region.paths import COCKPIT, DATA_INDEX
from generator.render.codes import canonical_url
from generator.render.pages import make_environment
from generator.render.portal import portal_files
from generator.site.build import index_and_check
from generator.site.config import docs_dir, read_config
from generator.site.identity import address_problem, line_of
from generator.site.output import OutputTree, swap_in
from generator.site.pagecache import run_mkdocs
from generator.site.search import SEARCH_RANKING, pagefind_version
from generator.strings.messages import ERR, SAID
from generator.strings.site import UI

SAVED = Path("build") / "portal"  # members' last-known files, relative to the portal's folder
READ_ON = "read-on.txt"  # in a member's saved folder: the date its files were read
READERS = 64  # members read at once: a province lists its cities, a city its districts


def _saved_folder(project: Path, member: Member) -> Path:
    """Where a member's last-known files are kept: by its address, which outlives a change of name."""
    key = hashlib.sha256(member.url.rstrip("/").encode("utf-8")).hexdigest()[:16]
    return project / SAVED / key


def _read_on(folder: Path) -> dt.date | None:
    try:
        return dt.date.fromisoformat(read_file(folder / READ_ON, READ_ON, 64).decode("ascii").strip())
    except (UnsafeFile, ValueError, UnicodeDecodeError):
        return None


def _try_read(member: Member, project: Path, deadline: float) -> Snapshot | Unreadable:
    try:
        return read_member(member, project, deadline)
    except Unreadable as exc:
        return exc


def _read_all(members: list[Member], project: Path, seconds: float = READ_DEADLINE_S) -> list[Snapshot | Unreadable]:
    """Every member read at once by one deadline: slow or silent servers cost `seconds` together, not each."""
    if not members:
        return []
    deadline = time.monotonic() + seconds
    with ThreadPoolExecutor(max_workers=min(len(members), READERS)) as pool:
        return list(pool.map(functools.partial(_try_read, project=project, deadline=deadline), members))


def _view(member: Member, result: Snapshot | Unreadable, project: Path, today: dt.date, display: str) -> MemberView:
    """The member with its fresh data, else its last-known data and a note (said on stderr too), else the note alone."""
    if isinstance(result, Snapshot):
        return MemberView(member, result, today)
    folder = _saved_folder(project, member)
    saved = read_saved(folder, member)
    read_on = _read_on(folder) if saved else None
    if saved and read_on:
        note = UI["portal_stale"].format(date=date_cn(read_on), reason=result.reason)
        message = ERR["member_kept"].format(member=member.name, reason=result.reason, date=read_on.isoformat())
        view = MemberView(member, saved, read_on, note)
    else:
        note = UI["portal_never_read"].format(reason=result.reason)
        message = ERR["member_none"].format(member=member.name, reason=result.reason)
        view = MemberView(member, None, None, note)
    print(one_line(f"{display}: {message}"), file=sys.stderr)
    return view


def _listed(view: MemberView, display: str) -> list[Member]:
    """The members a member portal lists (a province's portal over cities' portals), as this portal reads them."""
    if not view.snapshot or view.snapshot.site.kind != "portal":
        return []
    members = []
    for ref in view.snapshot.site.members:
        try:
            members.append(Member(name=ref.name, url=ref.url))
        except ValidationError:  # a name the portal file itself could not hold: left out, said
            print(one_line(f"{display}: {ERR['member_listed_bad'].format(member=view.member.name)}"), file=sys.stderr)
    return members


def read_members(
    portal_members: list[Member], lines: list[Position], project: Path, today: dt.date, display: str
) -> tuple[list[MemberView], list[tuple[Member, Snapshot]]]:
    """Each member as the portal shows it, and the fresh snapshots read, to keep once the site is built.

    A member that is itself a portal stands for the members it lists, read directly (one level).
    Raises a DataError only for members of an incompatible version: everything else a member does wrong
    leaves it with its last-known data and a note.
    """
    ours = pagefind_version()
    views: list[MemberView] = []
    fresh: list[tuple[Member, Snapshot]] = []
    refused: list[Problem] = []

    def take(member: Member, result: Snapshot | Unreadable, line: Position, group: str | None) -> MemberView | None:
        if isinstance(result, Snapshot):
            why = incompatibility(member, result, ours)
            if why:
                refused.append(Problem(display, line, why))
                return None
            fresh.append((member, result))
        view = _view(member, result, project, today, display)
        view.group = group
        return view

    first = [
        (member, line, take(member, result, line, None))
        for member, line, result in zip(portal_members, lines, _read_all(portal_members, project), strict=True)
    ]
    listed = [_listed(view, display) if view else [] for _, _, view in first]
    below = iter(_read_all([m for members in listed for m in members], project))  # the level below, at once
    for (member, line, view), members in zip(first, listed, strict=True):
        if view and not members:
            views.append(view)
        for under in members:
            if (shown := take(under, next(below), line, member.name)) is not None:
                views.append(shown)
    if refused:
        raise DataError(refused)
    return views, fresh


def _keep(project: Path, member: Member, snapshot: Snapshot, today: dt.date) -> None:
    """Save a member's files as its last-known data, replacing the previous whole."""
    folder = _saved_folder(project, member)
    staging = folder.with_name(f".{folder.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    for relative, data in snapshot.raw.items():
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (staging / READ_ON).write_text(today.isoformat() + "\n", encoding="ascii")
    swap_in(staging, folder)


PORTAL_NAV = "首页: index.md、各地办理情况: cockpit/index.md、开放数据: data/index.md"


def config_problems(config: Path, settings: dict, project: Path) -> list[Problem]:
    """What in the portal's mkdocs.yml MkDocs would stop at: a district's pages in the nav, a folder it watches missing."""
    problems = []
    nav = settings.get("nav") or []
    files = [v for item in nav if isinstance(item, dict) for v in item.values() if isinstance(v, str)]
    pages = {"index.md", f"{COCKPIT}index.md", f"{DATA_INDEX}index.md"}
    unknown = [name for name in files if name not in pages]
    if unknown or not files:
        message = ERR["portal_nav"].format(files="、".join(unknown) or "-", nav=PORTAL_NAV)
        problems.append(Problem(config.name, line_of(config, "nav"), message))
    missing = [w for w in settings.get("watch") or [] if isinstance(w, str) and not (project / w).exists()]
    if missing:
        message = ERR["portal_watch"].format(folders="、".join(missing))
        problems.append(Problem(config.name, line_of(config, "watch"), message))
    return problems


def build_portal(portal_file: Path, config: Path, today: dt.date) -> Path:
    """Read the portal file and its members, generate the portal's pages and build its site into `site_dir`."""
    project = config.parent.resolve()
    settings = read_config(config)
    docs = docs_dir(project, settings)
    site_dir = project / settings.get("site_dir", "site")
    display = portal_file.name if portal_file.parent.resolve() == project else portal_file.as_posix()
    if not portal_file.is_file():
        raise DataError([Problem(display, Position(1, 1), ERR["portal_missing_file"])])
    portal, lines = load_portal(portal_file, display)
    wrong_config = config_problems(config, settings, project)
    if wrong_config:
        raise DataError(wrong_config)
    wrong = address_problem(settings.get("site_url"))
    if wrong == ERR["site_url_missing"]:
        raise DataError([Problem(config.name, Position(1, 1), wrong.format(url=settings.get("site_url")))])
    site_url = canonical_url(settings.get("site_url"), "", config.name)
    views, fresh = read_members(portal.members, lines, project, today, display)
    model = PortalModel(portal, today, views)
    env = make_environment(project / "overrides" / "pages", site_url)
    with OutputTree(docs) as tree:
        for path, data in portal_files(env, model, site_url, SEARCH_RANKING):
            tree.add(path, data)
    staging = site_dir.with_name(f".{site_dir.name}.new")
    run_mkdocs(config, project, staging, today)
    offending = index_and_check(staging, project, urlsplit(site_url).hostname)
    if offending:
        files = "、".join(f"{name}（{'、'.join(found)}）" for name, found in list(offending.items())[:5])
        raise DataError([Problem(config.name, Position(1, 1), ERR["third_party"].format(files=files))])
    swap_in(staging, site_dir)
    for member, snapshot in fresh:
        _keep(project, member, snapshot, today)
    print(SAID["portal_built"].format(path=site_dir.relative_to(project), members=len(views), stale=len(model.stale)))
    return site_dir
