"""Plant a text in every free-text field of a region's files: the hostile-text tests' one tool.

A free-text field is one typed `Text`, `Block` or `PersonName` in the model; ids,
dates, times, phones, addresses of forms and choices have their own checks.
Every such field of every record gets the text, present or not, so no field a
clerk can write is left out when a new one is added to the model.
"""

from __future__ import annotations

import typing
from typing import Any

import yaml
from pydantic import BaseModel

from generator.data.fields import record_type
from generator.data.load import FIXED_FILES, YEAR_FILE_RE
from generator.data.model import CasesFile, PlanFile, Region
from generator.data.values import _block as BLOCK_CHECK
from generator.data.values import _person_name as NAME_CHECK
from generator.data.values import _text as TEXT_CHECK

FREE_TEXT = {TEXT_CHECK, BLOCK_CHECK, NAME_CHECK}


def _checks(annotation: Any, metadata: list[Any]) -> set[Any]:
    """The validator functions of a field, from pydantic's metadata and any Annotated inside Optional/list."""
    found = {getattr(meta, "func", None) for meta in metadata}
    if typing.get_origin(annotation) is typing.Annotated:
        found |= {getattr(meta, "func", None) for meta in typing.get_args(annotation)[1:]}
    for arg in typing.get_args(annotation):
        found |= _checks(arg, [])
    return found


# Optional free text that the closed loop allows only with a given status (a reason only when rejected).
TIED_TO_STATUS = {(CasesFile, "reason")}


def plant_record(model: type[BaseModel], data: dict, text: str, block: str, root: type[BaseModel]) -> None:
    for name, info in model.model_fields.items():
        key = info.alias or name
        nested = record_type(info.annotation)
        if nested is None and _checks(info.annotation, info.metadata) & FREE_TEXT:
            if key not in data and ((root, key) in TIED_TO_STATUS or typing.get_origin(info.annotation) is dict):
                continue
            is_list = any(typing.get_origin(t) is list for t in [info.annotation, *typing.get_args(info.annotation)])
            if isinstance(data.get(key), dict):
                continue  # a mapping of texts (import settings): left as it is
            value = block if BLOCK_CHECK in _checks(info.annotation, info.metadata) else text
            data[key] = [value] if is_list else value
        elif nested is not None and isinstance(data.get(key), dict):
            plant_record(nested, data[key], text, block, root)
        elif nested is not None and isinstance(data.get(key), list):
            for item in data[key]:
                if isinstance(item, dict):
                    plant_record(nested, item, text, block, root)


def model_of(name: str) -> type[BaseModel] | None:
    base = name.rsplit("/", 1)[-1]
    if name == "region.yml":
        return Region
    if base in FIXED_FILES:
        return FIXED_FILES[base]
    match = YEAR_FILE_RE.match(base)
    if match:
        return PlanFile if match.group(1) == "plan" else CasesFile
    return None


def plant(files: dict[str, str], text: str, block: str | None = None) -> dict[str, str]:
    """`files` (name → YAML text) with `text` in every free-text field, written back as YAML.

    Fields of several lines (`Block`: rules, summaries, records) get `block` instead when it is given.
    """
    planted = {}
    for name, source in files.items():
        model = model_of(name)
        data = yaml.safe_load(source)
        if model is not None:
            plant_record(model, data, text, block if block is not None else text, model)
        planted[name] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return planted
