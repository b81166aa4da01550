"""Merging an import into `stations/`: files edited round-trip, each record merged three ways, the state kept.

A record this command made before is updated only where the sheet changed and the file was not edited by
hand since: the last import's values, kept in `stations/.import/<kind>.json`, are the base of a three-way
merge. Files are loaded once with ruamel.yaml (comments, order and hand edits stay) and written at the end
in the canonical layout of `fmt`; a change that would lose a comment is refused. Records gone from the
sheet are reported, never deleted.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.data.canonical import (
    canonical_text,
    comment_lines,
    model_for,
    round_trip_yaml,
)
from generator.data.files import UnsafeFile, read_file
from generator.data.values import PLACEHOLDER
from generator.problems import DataError, Position, Problem
from generator.strings.messages import ERR, SAID
from generator.strings.sheets import SHEET_COLUMNS
from generator.tools.imports.reporting import ImportResult

if TYPE_CHECKING:
    from generator.tools.imports.job import Job


STATE_DIR = ".import"  # hidden: the loader skips it; it holds only what the files already publish
STATE_VERSION = 1
MISSING = object()


class RegionFiles:
    """The files one import touches and what the last import wrote (a part of `Job`)."""

    kind: str
    data_dir: Path
    project_dir: Path
    result: ImportResult
    data: dict[Path, CommentedMap]
    originals: dict[Path, str]
    created: dict[Path, str]
    state: dict[str, Any]
    new_state: dict[str, Any]

    def display(self, path: Path) -> str:
        """A file's path as the clerk sees it: from the project's folder."""
        try:
            return path.resolve().relative_to(self.project_dir.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    # files, loaded round-trip once and written in the canonical layout at the end
    def load(self, path: Path, default: str | None = None) -> CommentedMap:
        if path not in self.data:
            if path not in self.created and not path.exists() and default is not None:
                self.created[path] = default
            if path in self.created:
                text = self.created[path]
            elif path.exists():
                try:
                    text = read_file(path, self.display(path)).decode("utf-8").removeprefix("\ufeff")
                except UnsafeFile as exc:
                    raise DataError([exc.problem]) from None
                self.originals[path] = text
            else:
                raise KeyError(path)
            loaded = round_trip_yaml().load(text)
            self.data[path] = loaded if isinstance(loaded, CommentedMap) else CommentedMap()
        return self.data[path]

    def create(self, folder: Path, texts: dict[str, str]) -> None:
        for name, text in texts.items():
            self.created[folder / name] = text

    def finish(self) -> dict[Path, str]:
        """The new text of every file that changes, the state file too."""
        out: dict[Path, str] = {}
        for path, data in self.data.items():
            before = self.originals.get(path)
            if before is not None and plain(data) == plain(round_trip_yaml().load(before)):
                continue  # nothing in it changed: not even rewritten in the canonical layout
            buffer = io.StringIO()
            round_trip_yaml().dump(data, buffer)
            model = model_for(path.name)
            text = canonical_text(buffer.getvalue(), model) if model else buffer.getvalue()
            if before is not None and text == before:
                continue
            if before is not None and not comment_lines(before) <= comment_lines(text):  # never lose a comment
                raise DataError([Problem(self.display(path), Position(1, 1), ERR["records_layout"])])
            out[path] = text
        for path, text in self.created.items():
            out.setdefault(path, text)
        state_path = self.data_dir / STATE_DIR / f"{self.kind}.json"
        text = state_text(self.new_state)
        if out or text != json.dumps(self.state, ensure_ascii=False, indent=1, sort_keys=True) + "\n":
            out[state_path] = text
        return out

    def _read_state(self) -> dict[str, Any]:
        path = self.data_dir / STATE_DIR / f"{self.kind}.json"
        empty = {"version": STATE_VERSION, "records": {}}
        if not path.exists():
            return empty
        try:
            state = json.loads(read_file(path, self.display(path)).decode("utf-8"))
        except (UnsafeFile, ValueError):
            raise DataError([Problem(self.display(path), Position(1, 1), ERR["records_state"])]) from None
        if not isinstance(state, dict) or not isinstance(state.get("records"), dict):
            raise DataError([Problem(self.display(path), Position(1, 1), ERR["records_state"])])
        return state

    @property
    def base(self) -> dict[str, Any]:
        return self.state["records"]

    # the three-way merge of one record
    def merge(self, record: CommentedMap, new: dict[str, Any], base: dict[str, Any] | None, label: str) -> bool:
        """Set each field the sheet gives, unless the file was edited by hand since the last import."""
        changed = False
        for key, value in new.items():
            value, current = empty(value), empty(plain(record.get(key)))
            if value == current:
                continue
            old = empty(base.get(key, None)) if base is not None else MISSING
            if old is not MISSING and value == old:
                continue  # the sheet did not change this: a hand edit stays
            edited = current not in (None, PLACEHOLDER, [], "") and (old is MISSING or current != old)
            if edited:
                self.result.details.append(ERR["records_kept_edit"].format(record=label, field=key))
                continue
            if value is None or value == []:
                if key in record:
                    del record[key]
            else:
                record[key] = yaml_value(value)
            changed = True
            header = next((c[1] for c in SHEET_COLUMNS[self.kind] if c[0] == key), key)
            self.result.details.append(SAID["records_changed"].format(record=label, field=header))
        return changed


def state_text(records: dict[str, Any]) -> str:
    """The text of a state file (`stations/.import/<kind>.json`) that holds `records`."""
    state = {"version": STATE_VERSION, "records": dict(sorted(records.items()))}
    return json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def empty(value: Any) -> Any:
    """No value: a missing key, an empty list and an empty text all mean the same in a file."""
    return None if value in (None, [], "") else value


def from_sheet(record: dict[str, Any], columns: dict[str, int], sources: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """The fields of `record` the sheet has a column for: only those may change a record that exists."""
    return {k: v for k, v in record.items() if any(c in columns for c in sources.get(k, (k,)))}


def plain(value: Any) -> Any:
    """A value loaded round-trip as plain data (dates as text), to compare with what a sheet gives."""
    if isinstance(value, CommentedMap):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (CommentedSeq, list)):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


def yaml_value(value: Any) -> Any:
    """A sheet's value as a file writes it: a list of scalars in flow style, a text that is a date as a date."""
    if isinstance(value, list):
        seq = CommentedSeq(yaml_value(v) for v in value)
        if all(not isinstance(v, (dict, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        return CommentedMap((k, yaml_value(v)) for k, v in value.items())
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    return value


def report_missing(job: Job, present: set[str], label: Callable[[str, dict], str], noun: str) -> None:
    """Say each record the last import wrote that the sheet no longer has: never deleted, and said again next time."""
    for key, record in job.base.items():
        if key not in present:
            job.new_state[key] = record  # still what the files hold; reported again next time
            job.result.counts[f"missing_{noun}"] += 1
            job.result.details.append(ERR["records_missing"].format(record=label(key, record)))


def year_list(job: Job, path: Path, header: str, key: str) -> CommentedSeq:
    """The list under `key` of a station's year file (cases-, records-<year>.yml), the file made from `header`."""
    data = job.load(path, header)
    items = data.get(key)
    if not isinstance(items, CommentedSeq) or items.fa.flow_style():
        items = data[key] = CommentedSeq(items or [])
    return items


def merge_or_add(
    job: Job, items: CommentedSeq, found: CommentedMap | None, key: str, record: dict[str, Any], label: str,
    noun: str, new: CommentedMap,
) -> bool:  # fmt: skip
    """Merge the sheet's `record` into the item it matched, or append it as `new` unless it was deleted by
    hand since the last import; True when appended."""
    if found is not None:
        if job.merge(found, record, job.base.get(key), label):
            job.result.counts[f"updated_{noun}"] += 1
        return False
    if key in job.base:
        job.result.details.append(SAID["records_deleted_by_hand"].format(record=label))
        return False
    for k, v in record.items():
        if v not in (None, []):
            new[k] = yaml_value(v)
    items.append(new)
    job.result.counts[f"added_{noun}"] += 1
    return True
