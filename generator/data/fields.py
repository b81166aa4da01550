"""What each field of the model means, read from the model itself: title, description, choices.

The validator (`load`), the new-station scaffold's comments and the clerks'
guide all describe fields from here, so a field added or renamed in `model`
is explained everywhere without a second copy to keep in step. Pure
introspection of the classes: nothing here reads data or files.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel


def unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional[...], list[...] and Annotated[...]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return unwrap(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in unwrap(arg)]
    return [annotation]


def enum_choices(annotation: Any) -> list[str]:
    """The allowed values of an enum field (or a list of enums), else []."""
    for candidate in unwrap(annotation):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return [str(member.value) for member in candidate]
    return []


def record_type(annotation: Any) -> type[BaseModel] | None:
    """The record a field holds (one, or a list of them), else None."""
    return next((t for t in unwrap(annotation) if isinstance(t, type) and issubclass(t, BaseModel)), None)


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_list(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_list(arg) for arg in typing.get_args(annotation))
    return origin is list


@dataclass(frozen=True)
class FieldDoc:
    key: str
    title: str
    description: str | None
    required: bool
    choices: tuple[str, ...]
    default: str | None  # the value used when the key is left out, when that value means something
    is_list: bool
    record: type[BaseModel] | None  # the record each item (or the value) is, for nested fields


def field_docs(model: type[BaseModel]) -> list[FieldDoc]:
    """Every field of `model`, in the order clerks write them."""
    docs = []
    for name, info in model.model_fields.items():
        key = info.alias or name  # what clerks write: `import`, not the attribute `import_settings`
        default = info.get_default(call_default_factory=True) if not info.is_required() else None
        if isinstance(default, Enum):
            shown: str | None = str(default.value)
        elif isinstance(default, bool):
            shown = "true" if default else "false"
        elif isinstance(default, int):
            shown = str(default)
        else:
            shown = None
        docs.append(
            FieldDoc(
                key=key,
                title=info.title or key,
                description=info.description,
                required=info.is_required(),
                choices=tuple(enum_choices(info.annotation)),
                default=shown,
                is_list=_is_list(info.annotation),
                record=record_type(info.annotation),
            )
        )
    return docs
