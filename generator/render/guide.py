"""The generated half of the clerks' guide: every file and field, every message and its fix.

The hand-written half (`content/guide/`) explains the work; this half is read
from the model (`fields`) and from `strings.ERR` and `SAID`, so it lists exactly the
fields the validator accepts and the messages it prints, and cannot drift
from them. A test checks that every message the checks can print is here.
Pure data for the templates: nothing here renders or writes.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, replace

from pydantic import BaseModel

from generator.data.fields import FieldDoc, field_docs
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
from generator.data.schema import column_words
from generator.render.workbooks import template_path
from generator.strings.guide import GUIDE, GUIDE_FIXES, GUIDE_WORDS
from generator.strings.messages import ERR, SAID
from generator.strings.sheets import SHEET_COLUMNS, SHEET_KEPT, SHEET_KINDS

# The files clerks write, in the order the guide explains them: (file name, what it holds, model).
FILES: tuple[tuple[str, str, type[BaseModel]], ...] = (
    ("region.yml", "file_region", Region),
    ("station.yml", "file_station", Station),
    ("deputies.yml", "file_deputies", DeputiesFile),
    ("schedule.yml", "file_schedule", ScheduleFile),
    ("plan-年份.yml", "file_plan", PlanFile),
    ("cases-年份.yml", "file_cases", CasesFile),
    ("records-年份.yml", "file_records", RecordsFile),
    ("holidays-年份.yml", "file_holidays", HolidaysFile),
)

# The messages a clerk can meet, grouped by when they appear. `extra_hint` is part of `extra`,
# and `warning` only wraps the warnings listed here.
MESSAGE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "group_yaml",
        (
            "not_utf8",
            "key_not_text",
            "duplicate_key",
            "yaml_tab",
            "yaml_colon",
            "yaml_quote",
            "yaml_missing_colon",
            "yaml_bad_char",
            "yaml_indent",
            "yaml_indent_more",
            "yaml_wide_colon",
            "yaml_wide_space",
            "yaml_control",
            "yaml_documents",
            "yaml_alias",
            "yaml_depth",
            "yaml_other",
            "more_problems",
            "file_empty",
            "file_root",
        ),
    ),
    (
        "group_files",
        (
            "no_data_dir",
            "missing_region_file",
            "no_stations",
            "missing_station_file",
            "unknown_file",
            "unknown_region_file",
            "yaml_extension",
            "folder_id",
            "year_mismatch",
            "unsafe_link",
            "unsafe_special",
            "unsafe_outside",
            "unreadable_file",
            "file_too_big",
            "third_party_source",
            "site_url_missing",
            "site_url_example",
            "example_other_region",
            "site_url_reserved",
            "site_name_other",
            "internal_error",
        ),
    ),
    (
        "group_values",
        (
            "missing",
            "extra",
            "extra_nested",
            "choice",
            "date",
            "date_range",
            "int",
            "float",
            "range",
            "min",
            "max",
            "text",
            "list",
            "mapping",
            "list_short",
            "empty_text",
            "control_char",
            "bidi_control",
            "invisible_char",
            "line_break",
            "name_space",
            "id_format",
            "url_scheme",
            "form_variable",
            "email_format",
            "time_span",
            "time_order",
            "phone_format",
            "phone_full_width",
            "photo_path",
            "bool",
            "value",
        ),
    ),
    (
        "group_stations",
        (
            "duplicate_id",
            "duplicate_deputy",
            "unknown_parent",
            "head_with_parent",
            "missing_parent",
            "parent_kind",
            "parent_cycle",
            "unknown_deputy",
            "linked_self",
            "duplicate_linked",
            "photo_missing",
            "photo_unsafe",
            "photo_not_image",
            "photo_animated",
            "photo_small",
            "photo_too_big",
            "photo_huge",
            "photo_traces",
            "photo_undecodable",
            "photos_no_folder",
            "photos_twice",
            "photos_unknown",
            "photos_ambiguous",
            "photos_matched",
            "photos_replaced",
            "photos_done",
            "photos_dry_run",
        ),
    ),
    (
        "group_schedule",
        (
            "monthly_needs_day",
            "weekly_needs_weekday",
            "exception_not_rule_day",
            "rule_dates",
            "theme_month",
            "activity_when",
            "activity_year",
            "activity_record",
        ),
    ),
    (
        "group_holidays",
        (
            "holiday_outside_year",
            "holiday_order",
            "holiday_long",
            "holiday_overlap",
            "holiday_both",
            "holiday_workday_weekday",
        ),
    ),
    (
        "group_cases",
        (
            "case_year",
            "case_step_missing",
            "case_undated_required",
            "case_undated_extra",
            "case_undated_dated",
            "case_step_extra",
            "case_step_order",
            "case_future",
            "case_reply",
            "case_satisfaction",
            "case_unrated",
            "case_reason",
            "case_reason_extra",
        ),
    ),
    (
        "group_records",
        (
            "record_year",
            "record_future",
            "record_twice",
            "record_reason",
            "record_reason_extra",
            "record_not_held",
            "record_case",
        ),
    ),
    ("group_privacy", ("private_data",)),
    (
        "group_content",
        ("content_file_kind", "content_encoding", "content_private", "content_tag", "content_attribute", "content_url"),
    ),
    (
        "group_import",
        (
            "import_no_file",
            "import_format",
            "import_empty",
            "import_encoding",
            "import_bad_xlsx",
            "import_encrypted_xlsx",
            "import_unsafe_xlsx",
            "import_too_many_cells",
            "records_too_big",
            "import_missing_column",
            "import_bad_date",
            "import_bad_date_hidden",
            "import_duplicate_header",
            "import_cell_too_long",
            "import_bad_csv",
            "import_too_big",
            "import_no_rows",
            "import_blank_rows",
            "import_unreadable",
            "import_layout",
            "import_invalid",
            "unknown_station",
        ),
    ),
    (
        "group_import_sheets",
        (
            "sheet_missing_column",
            "records_cell_too_long",
            "records_formula",
            "records_private",
            "records_blank",
            "records_twice",
            "records_station_kind",
            "records_bad_id",
            "records_phone",
            "records_unknown_station",
            "records_also_unknown",
            "records_also_ambiguous",
            "records_no_parent",
            "records_parent_kind",
            "records_folder_exists",
            "records_station_invalid",
            "records_level",
            "records_role",
            "records_rota_unknown",
            "records_rota_school",
            "records_rota_hours",
            "records_rota_time",
            "records_rota_dates",
            "records_rota_deputy",
            "records_rota_namesake",
            "records_reception_deputy",
            "records_reception_twice",
            "records_held",
            "records_not_held_reason",
            "records_number",
            "records_date",
            "records_date_hidden",
            "records_future",
            "records_received_missing",
            "records_choice",
            "records_need",
            "records_reason_column",
            "records_need_date",
            "records_date_order",
            "records_step_extra",
            "records_layout",
            "records_state",
            "failed_import",
        ),
    ),
    (
        "group_export",
        ("export_format", "export_not_folder", "export_unreadable", "export_written", "export_next", "failed_export"),
    ),
    (
        "group_warnings",
        (
            "schedule_stale",
            "late_notice",
            "holiday_data_missing",
            "holiday_known",
            "placeholder",
            "record_no_session",
            "record_no_sessions",
            "record_unscheduled",
        ),
    ),
    (
        "group_new_station",
        (
            "new_station_id",
            "new_station_taken",
            "new_station_exists",
            "new_station_parent",
            "new_station_need_parent",
            "new_station_kind",
            "new_station_leaf",
            "new_station_name",
        ),
    ),
    ("group_format", ("not_canonical", "fmt_unsafe", "formatted", "fmt_done", "fmt_clean", "failed_fmt")),
    ("group_summary", ("ok", "failed", "failed_new_station", "new_station_written", "new_station_next")),
    (
        "group_init",
        (
            "init_not_example",
            "init_name",
            "init_written",
            "init_next",
            "failed_init",
            "failed_photos",
            "failed_upgrade",
            "upgrade_no_git",
            "upgrade_dirty",
            "upgrade_git",
            "upgrade_done",
            "upgrade_nothing",
        ),
    ),
)


@dataclass(frozen=True)
class FieldRow:
    key: str  # dotted for nested records: deputies[].contact.phone
    doc: FieldDoc


@dataclass(frozen=True)
class FileSection:
    anchor: str  # region, station, deputies, …
    name: str
    about: str
    rows: list[FieldRow]


@dataclass(frozen=True)
class Message:
    key: str
    text: str  # the message with its blanks named: 〈字段名〉的 …
    fix: str


def _rows(model: type[BaseModel], prefix: str = "") -> list[FieldRow]:
    rows = []
    words = column_words(model.sheet) if issubclass(model, SheetColumns) else {}
    for doc in field_docs(model):
        if doc.key in words:  # a sheet's column: named by the sheet's own headers
            title, description = words[doc.key]
            doc = replace(doc, title=title, description=description)
        key = f"{prefix}{doc.key}"
        rows.append(FieldRow(key, doc))
        if doc.record:
            rows += _rows(doc.record, f"{key}[]." if doc.is_list else f"{key}.")
    return rows


def file_sections() -> list[FileSection]:
    return [FileSection(about.removeprefix("file_"), name, GUIDE[about], _rows(model)) for name, about, model in FILES]


@dataclass(frozen=True)
class SheetSection:
    kind: str  # stations, deputies, rota, cases: the word after `import`
    title: str
    about: str
    template: str  # the template's site path
    columns: list[tuple[str, str, tuple[str, ...], bool, str, str]]
    kept: tuple[str, ...]  # the fields no column holds: export leaves them out, import keeps them


def sheet_sections() -> list[SheetSection]:
    """The columns `import` recognises, per kind of sheet, as the templates have them."""
    return [
        SheetSection(kind, title, about, template_path(kind), list(SHEET_COLUMNS[kind]), SHEET_KEPT[kind])
        for kind, (title, about, _) in SHEET_KINDS.items()
    ]


def message_text(key: str) -> str:
    """The message with each blank shown as what goes there, e.g. 〈字段名〉."""
    message = ERR[key] if key in ERR else SAID[key]  # the guide shows what went well beside the problems
    parts = string.Formatter().parse(message.replace("{hint}", ""))  # honours {{ }} escapes
    return "".join(literal + (f"〈{GUIDE_WORDS[name]}〉" if name else "") for literal, name, _, _ in parts)


def message_groups() -> list[tuple[str, list[Message]]]:
    return [
        (GUIDE[group], [Message(key, message_text(key), GUIDE_FIXES[key]) for key in keys])
        for group, keys in MESSAGE_GROUPS
    ]
