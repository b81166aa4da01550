"""Fuzzing the reader and the validator: random YAML, random bytes, random edits of real files.

Whatever a file holds, validation ends in a `DataError` of Chinese problems,
each naming a file and a line (or the whole file at 1:1), printed on one line —
never in any other exception, never in a traceback. Runs in-process, with a
bounded number of examples and a fixed seed so CI is repeatable.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.problems import DataError
from generator.region.validate import validate_region
from tests.conftest import EXAMPLE
from tests.minimal import write_region

TODAY = dt.date(2026, 11, 24)
CJK = re.compile(r"[\u4e00-\u9fff]")
TARGETS = [
    "region.yml",
    "zd/station.yml",
    "zd/deputies.yml",
    "zd/schedule.yml",
    "zd/plan-2026.yml",
    "zd/cases-2026.yml",
]
EXAMPLES = sorted(str(p.relative_to(EXAMPLE / "stations")) for p in (EXAMPLE / "stations").rglob("*.yml"))
# What clerks and attackers type that YAML treats specially.
TROUBLE = [
    "：",
    "\u3000",
    "\t",
    "&a ",
    "*a",
    "[",
    "{",
    "]",
    "}",
    ": ",
    "- ",
    "#",
    "'",
    '"',
    "|",
    ">",
    "\x00",
    "---\n",
    "!!",
]
SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_clean_refusal_or_success(data: Path, project: Path) -> None:
    try:
        validate_region(data, project, TODAY)
    except DataError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file and problem.position.line >= 1 and problem.position.column >= 1, problem
            assert CJK.search(problem.message), problem
            assert "\n" not in problem.render()


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20), st.dates()
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@SETTINGS
@given(target=st.sampled_from(TARGETS), document=DOCUMENTS)
def test_random_yaml_documents(tmp_path_factory, target: str, document: object) -> None:
    root = tmp_path_factory.mktemp("yaml")
    data = write_region(root, {target: yaml.safe_dump(document, allow_unicode=True)})
    assert_clean_refusal_or_success(data, root)


@SETTINGS
@given(target=st.sampled_from(TARGETS), raw=st.binary(max_size=400))
def test_random_bytes(tmp_path_factory, target: str, raw: bytes) -> None:
    root = tmp_path_factory.mktemp("bytes")
    data = write_region(root)
    (data / target).write_bytes(raw)
    assert_clean_refusal_or_success(data, root)


@SETTINGS
@given(
    name=st.sampled_from(EXAMPLES),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["insert", "delete", "duplicate"]),
            st.floats(min_value=0, max_value=1),
            st.one_of(st.sampled_from(TROUBLE), st.text(max_size=3)),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_random_edits_of_the_example_files(tmp_path_factory, name: str, edits) -> None:
    root = tmp_path_factory.mktemp("edits")
    text = (EXAMPLE / "stations" / name).read_text(encoding="utf-8")
    for action, where, piece in edits:
        at = int(where * len(text))
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + max(len(piece), 1) :]
        else:  # duplicate the line the position falls in, as a clerk's paste would
            start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
            line = text[start : end if end >= 0 else len(text)]
            text = text[:start] + line + "\n" + text[start:]
    files = {p: (EXAMPLE / "stations" / p).read_text(encoding="utf-8") for p in EXAMPLES}
    data = root / "stations"
    for relative, content in files.items():
        (data / relative).parent.mkdir(parents=True, exist_ok=True)
        (data / relative).write_text(text if relative == name else content, encoding="utf-8")
    assert_clean_refusal_or_success(data, root)
