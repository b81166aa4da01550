"""The clerks' guide covers every field and every message, its worked example is true, and editors are set up honestly."""

from __future__ import annotations

import configparser
import json
import re
from pathlib import Path

from generator.render.guide import FILES, file_sections, message_text
from generator.strings.guide import GUIDE_FIXES
from generator.strings.messages import ERR, SAID
from generator.strings.sheets import SHEET_KEPT
from tests.conftest import EXAMPLE, ROOT, Build, make_project, run_generator

# Modules whose messages clerks can meet: reading, typing, cross-record rules, schedule warnings, new-station.
CLERK_MODULES = (
    "data/source",
    "data/files",
    "data/load",
    "region/lint",
    "region/holidays",
    "data/model",
    "data/values",
    "region/notices",
    "tools/scaffold",
    *(f"commands/{path.stem}" for path in sorted((ROOT / "generator/commands").glob("[!_]*.py"))),
    "tools/form_export",
    "tools/sheets",
    "tools/imports",
    "tools/export",
    "data/canonical",
    "tools/photos",
    "region/records",
    "tools/district",
    "site/content",
)
# Message keys that are parts of another message, or for whoever runs the site rather than clerks.
# Not problems: hints inside other messages, the importer's report lines and file template.
NOT_IN_GUIDE = {
    "extra_hint",
    "list_item",
    "private_hint_number",
    "private_hint_name",
    "private_hint_address",
    "photos_ambiguous_item",
    "photo_traces_place",
    "photo_traces_device",
    "photo_traces_and",
    "warning",
    "failed_placards",
    "failed_portal",
    "import_cases_header",
    "import_receptions_header",
    "import_done",
    "import_written",
    "import_nothing",
    "import_review",
    # parts of other messages and the lines of import's report (what it did, not a problem to fix)
    "sheet_column",
    "sheet_in_book",
    "records_kept_edit",
    "records_changed",
    "records_deleted_by_hand",
    "records_missing",
    "records_rota_start",
    "records_rota_no_year",
    "records_rota_ended",
    "records_left",
    "records_left_still_there",
    "records_namesake",
    "records_unit_default",
    "records_unit_parent",
    "records_unit_setting",
    "records_unit_organizer",
    "records_namesake_note",
    "records_moved",
    "records_summary",
    "records_nothing",
    "records_scrubbed",
    "records_notes",
    "records_dry_run",
    "records_review_stations",
    "records_review_deputies",
    "records_review_rota",
    "records_review_cases",
    "records_review_receptions",
}
GUIDE_PAGE = (ROOT / "generator/site/content/guide/index.md").read_text(encoding="utf-8")


def keys_used_by_clerk_modules() -> set[str]:
    """Every ERR or SAID key named as a string in those modules, a package's every module (`ERR["yaml_tab"]`, and
    the keys of mappings such as pydantic's error types to their messages)."""
    found: set[str] = set()
    for module in CLERK_MODULES:
        path = ROOT / "generator" / module
        for file in sorted(path.glob("*.py")) if path.is_dir() else [path.with_suffix(".py")]:
            text = file.read_text(encoding="utf-8")
            found |= {word for word in re.findall(r"[\"'](\w+)[\"']", text) if word in ERR or word in SAID}
    return found - NOT_IN_GUIDE


def test_every_message_is_named_where_it_is_said() -> None:
    """A search for a message's key finds the code that says it: `ERR["yaml_tab"]`, never a name put together."""
    code = {
        path.relative_to(ROOT / "generator").as_posix(): path.read_text(encoding="utf-8")
        for path in sorted((ROOT / "generator").rglob("*.py"))
        if path.parent.name != "strings"
    }
    for table, messages in (("ERR", ERR), ("SAID", SAID)):
        for key in messages:
            named = re.compile(rf"\b{table}\[[\"']{key}[\"']\]")
            assert any(named.search(text) for text in code.values()), f'{table}["{key}"] is named nowhere'


def test_every_message_clerks_can_meet_is_in_the_guide_with_its_fix(example: Build) -> None:
    page = example.page("guide/messages/")
    used = keys_used_by_clerk_modules()
    assert {"missing", "yaml_tab", "unknown_deputy", "phone_format", "case_future", "schedule_stale"} <= used
    assert {"ok", "formatted", "photos_done", "new_station_next", "failed_fmt"} <= used  # said by the commands
    for key in sorted(used):
        term = page.select_one(f"dt#{key}")
        assert term is not None, f"{key} is missing from the guide"
        assert term.get_text() == message_text(key)
        fix = term.find_next_sibling("dd").get_text()
        assert fix == GUIDE_FIXES[key] and len(fix) > 10
    # every blank in a message is named; fixes may quote a form address template literally
    assert not [dt.get_text() for dt in page.select(".lz-page dt") if "{" in dt.get_text()], "every blank is named"


def test_every_field_of_every_file_is_in_the_guide(example: Build) -> None:
    page = example.page("guide/fields/")
    sections = file_sections()
    assert [s.name for s in sections] == [name for name, _, _ in FILES]
    for section in sections:
        rows = page.select(f"section#{section.anchor} tr[data-key]")
        assert [r["data-key"] for r in rows] == [row.key for row in section.rows]
        for tr, row in zip(rows, section.rows, strict=True):
            cells = [td.get_text() for td in tr.select("td")]
            assert cells[1] == row.doc.title
            assert cells[2] == ("必填" if row.doc.required else "可不填")
            for choice in row.doc.choices:
                assert choice in cells[3]
    deputy_rows = [r["data-key"] for r in page.select("section#deputies tr[data-key]")]
    assert "deputies[].contact.phone" in deputy_rows
    # what no column of a sheet holds is named there, and is a field of the file the sheet fills
    files = {
        "stations": "station",
        "deputies": "deputies",
        "rota": "schedule",
        "cases": "cases",
        "receptions": "records",
    }
    for kind, kept in SHEET_KEPT.items():
        said = page.select_one(f'p[data-sheet-kept="{kind}"]')
        assert [code.get_text() for code in said.select("code")] == list(kept)
        keys = {r["data-key"] for r in page.select(f"section#{files[kind]} tr[data-key]")}
        assert set(kept) <= keys, kind


def test_guide_is_reached_from_existing_pages_and_the_readme(example: Build) -> None:
    guide = example.page("guide/")
    assert guide.select_one("h1").get_text() == "联络员指南"
    links = {a["href"] for a in guide.select("article a[href]")}
    assert {"fields/", "messages/", "../score/"} <= links
    assert example.page("print/").select_one('a[href="../guide/"]')
    assert example.page("five-disclosures/").select_one('a[href="../guide/"]')
    assert "content/guide/index.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("python -m generator new-station", "python -m generator report", "python -m generator validate"):
        assert command in GUIDE_PAGE


SNIPPET = """\
  - date: 2027-01-20
    time: 下午2点半
    deputies: [wu-xiulan, sun-peng]
    topic: 春节前平安建设专场
"""
FIXED = '    time: "14:30-16:30"\n'


def test_the_worked_example_shows_the_message_the_validator_really_prints(tmp_path: Path) -> None:
    assert SNIPPET in GUIDE_PAGE and FIXED in GUIDE_PAGE
    project = make_project(tmp_path / "project")
    schedule = project / "stations/xinghua/schedule.yml"
    schedule.write_text(schedule.read_text(encoding="utf-8") + SNIPPET, encoding="utf-8")
    result = run_generator(project, "validate")
    assert result.returncode == 1
    message = result.stderr.splitlines()[0]
    assert f"```text\n{message}\n```" in GUIDE_PAGE
    line = int(message.split(":")[1])
    assert f"第 {line} 行" in GUIDE_PAGE

    schedule.write_text(schedule.read_text(encoding="utf-8").replace("    time: 下午2点半\n", FIXED), encoding="utf-8")
    assert run_generator(project, "validate").returncode == 0


# --- editor settings ---------------------------------------------------------------------------

# Data files clerks may add that the example district does not have: each must still map to its schema.
OPTIONAL_FILES = [Path("stations/holidays-2027.yml")]


def test_editor_schema_globs_match_the_data_files_and_name_existing_schemas(tmp_path: Path) -> None:
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    schemas: dict[str, str] = settings["yaml.schemas"]
    assert settings["yaml.schemaStore.enable"] is False, "no schema catalogue is fetched from a third-party host"
    files = [p.relative_to(EXAMPLE) for p in sorted((EXAMPLE / "stations").rglob("*.yml"))]  # as at the root
    for schema, glob in schemas.items():
        assert (ROOT / schema).is_file(), schema
        assert any(path.match(glob) for path in files + OPTIONAL_FILES), f"{glob} matches no data file"
    for path in OPTIONAL_FILES:
        assert [schema for schema, glob in schemas.items() if path.match(glob)] == [
            f"./schema/{path.name.split('-')[0]}.schema.json"
        ]
    for path in files:
        matching = [schema for schema, glob in schemas.items() if path.match(glob)]
        declared = (
            (EXAMPLE / path)
            .read_text(encoding="utf-8")
            .splitlines()[0]
            .removeprefix("# yaml-language-server: $schema=")
        )
        assert len(matching) == 1, path
        assert (ROOT / matching[0]).resolve() == (ROOT / path.parent / declared).resolve(), path
    assert settings["[yaml]"]["editor.tabSize"] == 2 and settings["files.insertFinalNewline"] is True

    extensions = json.loads((ROOT / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_editorconfig_keeps_yaml_in_the_house_style() -> None:
    parser = configparser.ConfigParser()
    # EditorConfig is INI with a preamble (`root = true`) before the first section
    parser.read_string("[preamble]\n" + (ROOT / ".editorconfig").read_text(encoding="utf-8"), source=".editorconfig")
    assert parser["preamble"]["root"] == "true"
    yml = parser["*.{yml,yaml}"]
    assert (yml["indent_style"], yml["indent_size"]) == ("space", "2")
    assert parser["*"]["charset"] == "utf-8" and parser["*"]["insert_final_newline"] == "true"


def test_every_command_and_option_the_advice_names_exists() -> None:
    """The fixes tell clerks what to run: each `python -m generator X` and its `--options` must really exist."""
    texts = [*GUIDE_FIXES.values(), GUIDE_PAGE]
    commands = {command for text in texts for command in re.findall(r"python -m generator ([a-z-]+)", text)}
    assert {"init", "new-station", "validate", "fmt"} <= commands
    helps = {}
    for command in commands:
        result = run_generator(ROOT, command, "--help")
        assert result.returncode == 0, f"python -m generator {command} does not exist"
        helps[command] = result.stdout + run_generator(ROOT, "--help").stdout
    for text in texts:
        for command, rest in re.findall(r"python -m generator ([a-z-]+)([^\n`。；]*)", text):
            for option in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", rest):
                assert option in helps[command], f"{command} has no {option}"
    every = re.search(r"\{([a-z,-]+)\}", run_generator(ROOT, "--help").stdout).group(1).split(",")
    known = run_generator(ROOT, "--help").stdout + "".join(run_generator(ROOT, c, "--help").stdout for c in every)
    for option in {o for text in GUIDE_FIXES.values() for o in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", text)}:
        assert option in known, f"the guide names {option}, which no command has"
