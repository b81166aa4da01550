"""JSON Schemas derived from the model, committed under `schema/` for editors.

Editors (VS Code with the YAML extension, JetBrains) read them to complete keys
and flag mistakes while a clerk types. They are generated, never edited by
hand; `schema --check` (run by the tests) fails when they are out of date.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from generator.data.model import (
    CasesFile,
    DeputiesFile,
    HolidaysFile,
    PlanFile,
    RecordsFile,
    Region,
    ScheduleFile,
    Station,
)
from generator.data.portal import PortalFile

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


def schema_texts() -> dict[str, str]:
    texts = {}
    for name, model in SCHEMAS.items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
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
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return stale
