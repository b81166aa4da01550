"""Whatever text a field holds, `validate` passing means `generate` publishes, and no output changes shape.

Hypothesis plants random text — control characters, line breaks, iCalendar
lines, CI workflow commands, ANSI escapes, Markdown and HTML — in every
free-text field of the small crafted region (`tests/plant.py`), then runs the
real commands. Either `validate` refuses, with one Chinese line per problem
that names a file and never starts a line a CI runner would act on, or
`generate` succeeds and every output parses with an independent reader and
holds exactly as many events, rows, records and pages as the unplanted region.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import vobject
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import make_project, run_generator
from tests.minimal import FILES, write_region
from tests.plant import plant

FRAGMENTS = [
    "\nEND:VEVENT\nBEGIN:VEVENT\nUID:planted\nSUMMARY:假接待\n",
    "\r\nX-INJ:1",
    ";CN=x:mailto:a@b",
    '"quoted, with; separators\\"',
    "::error file=stations/region.yml,line=1::INJ",
    "::stop-commands::token",
    "::add-mask::secret",
    "\x1b[31mred\x1b[0m",
    "\x1b[0Ksection_start:1700000000:planted\r\x1b[0K",
    "<javascript:alert(1)> [r][r]\n\n[r]: javascript:alert(1)",
    "<script>alert(1)</script>",
    "&lt;script&gt;",
    "{{ 7*7 }}{% raw %}",
    '=HYPERLINK("http://x")',
    "参见 cdn.jsdelivr.net",
    "\u2028\u2029\x85",
    "\x00\x07\x7f",
    "杏林社区",
    "   ",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(st.characters(exclude_categories=["Cs"]), max_size=12)),
    min_size=1,
    max_size=4,
).map("".join)
CI_COMMAND = re.compile(r"^\s*(::|##\[)")
PROBLEM_LINE = re.compile(r"^stations/\S+:\d+:\d+ .*[\u4e00-\u9fff]")


def outputs(build: Path) -> dict[str, int]:
    """Each generated file's count of what it holds (the pages in `docs/`, the others in `files/`), read back with
    a parser that is not the writer."""
    counts: dict[str, int] = {}
    for path in sorted([*(build / "docs").rglob("*"), *(build / "files").rglob("*")]):
        name = path.relative_to(build).as_posix()
        if path.suffix == ".ics":
            counts[name] = len(vobject.readOne(path.read_text(encoding="utf-8")).contents.get("vevent", []))
        elif path.suffix == ".csv":
            counts[name] = len(list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))))
        elif path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = data.get("records", data.get("sessions"))
            counts[name] = len(rows) if rows is not None else len(data)  # site facts: a flat object of lines
        elif path.suffix == ".svg":
            root = ElementTree.fromstring(path.read_bytes())
            assert not [e for e in root.iter() if e.tag.endswith("script")], name
            counts[name] = 1
        elif path.suffix in (".md", ".html"):
            page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            assert not page.select("script"), name  # pages and placards carry no script of their own
            assert not page.select('[href^="javascript:" i], [src^="javascript:" i]'), name
            counts[name] = 1
    return counts


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """One project reused by every example (its code cache warm), and the unplanted region's output counts."""
    root = tmp_path_factory.mktemp("hostile")
    project = make_project(root / "project", stations=write_region(root / "data"))
    result = run_generator(project, "generate")
    assert result.returncode == 0, result.stderr
    return project, outputs(project / "build")


PUBLISHABLE = [
    "::error file=stations/region.yml,line=1::INJ ::stop-commands::token",
    "<javascript:alert(1)> [r][r] [r]: javascript:alert(1) <script>alert(1)</script>",
    '&lt;script&gt;{{ 7*7 }} =HYPERLINK("http://x") "quoted, with; separators\\" ;CN=x:mailto:a@b',
    "参见 cdn.jsdelivr.net",
]


def publish_or_refuse(project: Path, expected: dict[str, int], text: str) -> bool:
    """Plant `text`, validate, and generate if it passed; assert what must hold either way; True if published."""
    shutil.rmtree(project / "stations")
    write_region(project, plant(FILES, text, block=f"{text}\n\n第二段 {text}\r\n{FRAGMENTS[0]}"))

    plain = run_generator(project, "validate")
    github = run_generator(project, "validate", "--format", "github")
    assert plain.returncode in (0, 1) and github.returncode == plain.returncode
    for result in (plain, github):
        assert "Traceback" not in result.stderr + result.stdout
    for line in plain.stderr.splitlines() + plain.stdout.splitlines():
        assert not CI_COMMAND.match(line), line
        assert "\x1b" not in line and "\r" not in line
    for line in github.stdout.splitlines():
        if not line.startswith("数据检查通过"):  # the summary; the rest are workflow commands, one a line
            assert line.startswith(("::error file=", "::warning")), line
        assert "\x1b" not in line and "\r" not in line
    if plain.returncode == 1:
        problems = plain.stderr.splitlines()[:-1]
        assert problems and all(PROBLEM_LINE.match(line) for line in problems), problems
        assert len([line for line in github.stdout.splitlines() if line.startswith("::error")]) == len(problems)
        return False

    generated = run_generator(project, "generate")
    assert generated.returncode == 0, generated.stderr
    assert outputs(project / "build") == expected
    return True


@pytest.mark.parametrize("text", PUBLISHABLE)
def test_hostile_text_that_validates_is_published_with_every_count_unchanged(workspace, text: str) -> None:
    assert publish_or_refuse(*workspace, text)


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_planted_text_is_refused_by_validate_or_published_without_changing_any_count(workspace, text: str) -> None:
    publish_or_refuse(*workspace, text)
