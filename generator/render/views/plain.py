"""Plain data: what a view is made of, so that a view can be hashed, stored and compared.

A view holds only str, int, float, bool, None, lists and dicts with string keys: what JSON holds.
Records of `data/model.py` become what JSON has of them (pydantic's dump); the region's small value
objects (an occurrence, case figures, a chart) become dicts of their fields and properties; an enum
becomes its value (what templates print and compare with the vocabulary: `CaseStatus.RATED`); a date
its ISO form. The region's linked entries (a station's or deputy's entry, a membership) are refused:
each reaches the whole region, so a view that took one would change on every edit. A view names what
it shows of them, through `refs`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import hashlib
from collections.abc import Callable, Iterator
from typing import Any

import orjson
from pydantic import BaseModel

from generator.region.assemble import (
    DatedActivity,
    DeputyEntry,
    ListedCase,
    Membership,
    RegionModel,
    StationEntry,
    Upcoming,
)

Plain = Any  # str | int | float | bool | None | list[Plain] | dict[str, Plain]
Maker = Callable[[str], str | bytes]  # a file's bytes from its view's canonical text
ViewFiles = tuple[Callable[[], Plain], list[tuple[str, Maker]]]  # a view, and the files (path, maker) made from it

LINKED = (StationEntry, DeputyEntry, Membership, Upcoming, ListedCase, DatedActivity, RegionModel)
Converter = Callable[[Any], Plain]
_CONVERTERS: dict[type, Converter] = {}
_remembered: dict[object, tuple[Any, Plain]] | None = None  # records made plain while `remembering`, by identity


def plain(value: Any) -> Plain:
    """`value` as plain data (see the module's docstring); TypeError for what has no plain form."""
    kind = type(value)
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter(kind)
    return convert(value)


@contextlib.contextmanager
def remembering() -> Iterator[None]:
    """Make each record plain once while views are made: a case is on its station's pages and its deputy's.

    What `plain` returns is then shared between views: views add to a copy, never to it.
    """
    global _remembered
    _remembered = {}
    try:
        yield
    finally:
        _remembered = None


def remember(key: tuple, made_from: Any, make: Callable[[], Plain]) -> Plain:
    """`make()`, made once per `key` while `remembering` (`made_from`, in the key by identity, is kept alive)."""
    if _remembered is None:
        return make()
    known = _remembered.get(key)  # type: ignore[call-overload]
    if known is None:
        known = _remembered[key] = (made_from, make())  # type: ignore[index]
    return known[1]


def _converter(kind: type) -> Converter:
    if kind in (str, int, float, bool, type(None)):
        return _same
    if issubclass(kind, enum.Enum):
        return _enum
    if issubclass(kind, str):
        return str
    if issubclass(kind, dt.date):
        return _date
    if issubclass(kind, (list, tuple)):
        return _list
    if issubclass(kind, dict):
        return _dict
    if isinstance(kind, type) and issubclass(kind, type):
        return _class
    if issubclass(kind, LINKED):
        raise TypeError(f"a view names what it shows of {kind.__name__}, never the entry itself")
    if issubclass(kind, BaseModel):
        return _model
    if dataclasses.is_dataclass(kind):
        return _record([f.name for f in dataclasses.fields(kind)] + list(_properties(kind)))
    raise TypeError(f"no plain form for {kind.__name__}")


def _same(value: Any) -> Plain:
    return value


def _enum(value: enum.Enum) -> Plain:
    return plain(value.value)


def _date(value: dt.date) -> Plain:
    return value.isoformat()


def _list(value: list | tuple) -> Plain:
    return [plain(item) for item in value]


def _dict(value: dict) -> Plain:
    return {str(key): plain(item) for key, item in value.items()}


def _class(value: type) -> Plain:
    return value.__name__  # a record's class, as the guide names nested records


def _record(names: list[str]) -> Converter:
    def convert(value: Any) -> Plain:
        return remember(("record", id(value)), value, lambda: {name: plain(getattr(value, name)) for name in names})

    return convert


def _model(value: BaseModel) -> Plain:
    """A record of `data/model.py` as JSON has it (pydantic's own dump: enums by value, dates in ISO form)."""
    if _remembered is None:
        return value.model_dump(mode="json")
    return remember(("record", id(value)), value, lambda: value.model_dump(mode="json"))


def _properties(kind: type) -> tuple[str, ...]:
    """The public properties of a record or value class, which templates read like fields."""
    names: list[str] = []
    for klass in kind.__mro__:
        if klass in (BaseModel, object):
            break
        names += [k for k, v in vars(klass).items() if isinstance(v, property) and not k.startswith("_")]
    return tuple(dict.fromkeys(names))


_STRICT = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME  # with no default: TypeError


def canonical(view: Plain) -> str:
    """The one text of a view: the same view always gives the same text, which is what is hashed.

    Compact UTF-8 JSON, the bytes `json.dumps(view, ensure_ascii=False, separators=(",", ":"))` gives, made
    by orjson in a fifth of the time (every view of every generation goes through here). Dates and
    dataclasses are refused rather than written in orjson's own way: a view holds only what `plain` makes.
    """
    return orjson.dumps(view, option=_STRICT).decode("utf-8")


def digest(*texts: str) -> str:
    return hashlib.sha256("\0".join(texts).encode("utf-8")).hexdigest()
