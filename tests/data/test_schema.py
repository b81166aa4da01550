"""The committed JSON Schemas: current with the model, and accepting the example files as an editor reads them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.cli import main
from generator.data.schema import schema_texts
from tests.conftest import EXAMPLE, ROOT


class EditorLoader(yaml.SafeLoader):
    """YAML 1.2 as editors read it: dates stay strings (PyYAML would make them date objects)."""


EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_committed_schemas_are_current() -> None:
    for name, text in schema_texts().items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == text, f"run `make schema` ({name})"


def kind_of(path: Path) -> str:
    return "region" if path.name == "region.yml" else path.stem.split("-")[0]


EXAMPLE_FILES = sorted((EXAMPLE / "stations").rglob("*.yml"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE_FILES])
def test_example_files_match_their_schema_and_declare_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    schema_file = f"schema/{kind_of(path)}.schema.json"
    declared = text.splitlines()[0].removeprefix("# yaml-language-server: $schema=")
    placed = ROOT / path.relative_to(EXAMPLE)  # where the file lives in a district: stations/ at the root
    assert (placed.parent / declared).resolve() == (ROOT / schema_file).resolve()
    schema = json.loads((ROOT / schema_file).read_text(encoding="utf-8"))
    jsonschema.validate(yaml.load(text, Loader=EditorLoader), schema)


def test_schema_rejects_what_the_validator_rejects() -> None:
    schema = json.loads((ROOT / "schema/deputies.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"deputies": [{"id": "a", "name": "甲", "level": "议员"}]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"deputies": [{"id": "a", "name": "甲", "level": "市", "foo": 1}]}, schema)


def test_the_command_writes_the_schemas_and_check_names_the_stale_ones(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["schema", "--check"]) == 1  # none written yet
    assert capsys.readouterr().err.startswith("schema/ is out of date (region.schema.json, station.schema.json")
    assert main(["schema"]) == 0
    assert {path.name: path.read_text(encoding="utf-8") for path in (tmp_path / "schema").iterdir()} == schema_texts()
    assert main(["schema", "--check"]) == 0
    (tmp_path / "schema" / "cases.schema.json").write_text("{}\n", encoding="utf-8")
    assert main(["schema", "--check"]) == 1
    assert capsys.readouterr().err == ("schema/ is out of date (cases.schema.json): run `python -m generator schema`\n")
    assert (tmp_path / "schema" / "cases.schema.json").read_text(encoding="utf-8") == "{}\n"  # --check writes nothing
