"""JSON Schemas derived from the model, committed under `schema/` for editors.

Editors (VS Code with the YAML extension, JetBrains) read them to complete keys
and flag mistakes while a clerk types. They are generated, never edited by
hand; `schema --check` (run by the tests) fails when they are out of date.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from generator.atomic import write_atomically
from generator.data.model import (
    CasesFile,
    DeputiesFile,
    HolidaysFile,
    PlanFile,
    RecordsFile,
    Region,
    ScheduleFile,
    SheetColumns,
    Station,
)
from generator.data.portal import PortalFile
from generator.strings.sheets import COLUMN_SETTING_NOTE, COLUMN_SETTING_TITLE, SHEET_COLUMNS

SCHEMAS: dict[str, type[BaseModel]] = {
    "region": Region,
    "station": Station,
    "deputies": DeputiesFile,
    "schedule": ScheduleFile,
    "plan": PlanFile,
    "cases": CasesFile,
    "holidays": HolidaysFile,
    "records": RecordsFile,
    "portal": PortalFile,  # a city's portal (portal.yml), not a district's
}


def column_words(kind: str) -> dict[str, tuple[str, str]]:
    """Title and description of each key of `import.<kind>.columns`, from the sheet's own headers.

    The records know only the keys (`model.SheetColumns`); the headers are the sheets' words.
    """
    return {
        key: (
            COLUMN_SETTING_TITLE.format(header=header),
            COLUMN_SETTING_NOTE.format(headers="、".join((header, *more))),
        )
        for key, header, more, *_ in SHEET_COLUMNS[kind]
    }


def _describe_columns(schema: dict) -> None:
    """Give each sheet's column keys in `schema` the words editors show for them."""
    definitions = schema.get("$defs", {})
    for record in SheetColumns.__subclasses__():
        if record.__name__ in definitions:
            properties = definitions[record.__name__]["properties"]
            for key, (title, description) in column_words(record.sheet).items():
                properties[key].update(title=title, description=description)


def schema_texts() -> dict[str, str]:
    texts = {}
    for name, model in SCHEMAS.items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
        _describe_columns(schema)
        texts[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return texts


def write_schemas(folder: Path, *, check: bool = False) -> list[str]:
    """Write the schemas that differ from the committed ones, or with `check` only name them.

    Returns the names of those that differed: the command says what they mean."""
    stale = []
    for name, text in schema_texts().items():
        path = folder / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not check:
            write_atomically(path, text)
    return stale
