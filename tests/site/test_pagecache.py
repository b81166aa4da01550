"""An incremental build is the cold build: random sequences of edits, each rebuilt both ways and compared.

The incremental project keeps its caches (the pages MkDocs rendered before,
the offline check's record, codes and photos) from edit to edit; after each
edit a copy of it without `build/` and `site/` is built cold, and every file
of both sites must be the same, byte for byte.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from tests.conftest import BUILD_DATE, Build, assert_same_trees, copy_sources, make_project, run_generator
from tests.minimal import write_region

# A leaf station nobody links to, so that deleting and adding it again is a valid edit.
EXTRA = {
    "xl/station.yml": """\
id: xl
name: 西岭社区联络站
kind: 联络站
parent: cz
area: [测试区, 东街街道, 西岭社区]
address: 西岭路8号
hours: 工作日 8:30-17:00
phone: "0571-8000 0009"
managed_by: 东街街道人大工委
""",
    "xl/deputies.yml": """\
deputies:
  - id: li-ming
    name: 李明
    level: 县
    role: 站长
""",
}
DATES = ["2026-11-24", "2026-12-06", "2027-01-04"]


def set_value(path: Path, key: str, value: str) -> None:
    """Give the first top-level `key:` of a YAML file another value, the rest of the file as it was."""
    text = path.read_text(encoding="utf-8")
    edited, found = re.subn(rf"(?m)^{re.escape(key)}: .*$", lambda _: f"{key}: {value}", text, count=1)
    assert found, f"no top-level {key!r} in {path}"
    path.write_text(edited, encoding="utf-8")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cold_build(project: Path, today: str) -> subprocess.Popen[str]:
    """`python -m generator --today <today> build` started in `project` in a new process, as a fresh checkout
    is built; the caller waits for it (`communicate`)."""
    command = [sys.executable, "-m", "generator", "--today", today, "build"]
    return subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class Edits(RuleBasedStateMachine):
    """A clerk's and a maintainer's edits in any order, each followed by an incremental and a cold build."""

    @initialize()
    def start(self) -> None:
        self.scratch = Path(tempfile.mkdtemp(prefix="lz-incremental-"))
        data = write_region(self.scratch / "data", EXTRA)
        self.project = make_project(self.scratch / "project", stations=data)
        self.stations = self.project / "stations"
        self.today = BUILD_DATE
        self.edits: list[str] = []
        self.builds = 0
        self.tool_edited = False  # then each build runs the project's own copy of the tool, in its own process
        self.rebuild_and_compare("first build")

    def teardown(self) -> None:
        if hasattr(self, "scratch"):
            shutil.rmtree(self.scratch, ignore_errors=True)

    def rebuild_and_compare(self, edit: str) -> None:
        self.edits.append(edit)
        cold = self.scratch / f"cold-{self.builds}"
        self.builds += 1
        copy_sources(self.project, cold)
        # The cold build runs in a process of its own, nothing of the incremental one's in it, meanwhile.
        fresh = cold_build(cold, self.today)
        built = run_generator(self.project, "--today", self.today, "build", process=self.tool_edited)
        _, fresh_errors = fresh.communicate()
        assert built.returncode == 0, built.stderr
        assert fresh.returncode == 0, fresh_errors
        assert_same_trees(self.project / "site", cold / "site", " → ".join(self.edits))
        shutil.rmtree(cold)

    @rule(suffix=st.sampled_from(["华", "芳芳", "·阿依古丽"]))
    def rename_deputy(self, suffix: str) -> None:
        replace_in(self.stations / "zd" / "deputies.yml", "name: 王丽", f"name: 王丽{suffix}")
        self.rebuild_and_compare(f"rename a deputy (+{suffix})")

    @rule(name=st.sampled_from(["杏林新村联络站", "杏林社区人大代表联络站"]))
    def rename_a_station(self, name: str) -> None:
        set_value(self.stations / "zd" / "station.yml", "name", name)
        self.rebuild_and_compare(f"rename a station ({name})")

    @rule(host=st.sampled_from(["rd.ceshi.example.cn", "lianluo.ceshi.example.cn"]))
    def move_the_site(self, host: str) -> None:
        set_value(self.project / "mkdocs.yml", "site_url", f"https://{host}/")
        self.rebuild_and_compare(f"move the site to {host}")

    @rule(day=st.integers(min_value=6, max_value=27))
    def move_a_session(self, day: int) -> None:
        schedule = self.stations / "zd" / "schedule.yml"
        text = schedule.read_text(encoding="utf-8")
        start = text.index("  - date: 2026-12-") + len("  - date: 2026-12-")
        schedule.write_text(f"{text[:start]}{day:02d}{text[start + 2 :]}", encoding="utf-8")
        self.rebuild_and_compare(f"move a session to 12-{day:02d}")

    @rule(status=st.sampled_from(["受理", "交办", "办理中"]))
    def add_a_case(self, status: str) -> None:
        cases = self.stations / "zd" / "cases-2026.yml"
        number = cases.read_text(encoding="utf-8").count("  - id: ") + 1
        # each step the status has reached is dated, a month after the one before
        steps = {"受理": [], "交办": ["assigned"], "办理中": ["assigned", "processing"]}[status]
        dates = "".join(f"    {step}: 2026-{5 + i:02d}-{number:02d}\n" for i, step in enumerate(steps))
        with cases.open("a", encoding="utf-8") as out:
            out.write(
                f"  - id: 2026-{number:03d}\n    received: 2026-04-{number:02d}\n{dates}    channel: 来访\n"
                f"    category: 城市建设\n    summary: 建议修缮第{number}处步道。\n    status: {status}\n"
            )
        self.rebuild_and_compare(f"add a case ({status})")

    @rule()
    def delete_or_add_a_station(self) -> None:
        folder = self.stations / "xl"
        if folder.exists():
            shutil.rmtree(folder)
            self.rebuild_and_compare("delete a station")
        else:
            write_region(self.scratch / "again", EXTRA)
            shutil.copytree(self.scratch / "again" / "stations" / "xl", folder)
            shutil.rmtree(self.scratch / "again")
            self.rebuild_and_compare("add the station again")

    @rule(which=st.sampled_from(["station.html", "deputy.html"]))
    def change_a_page_template(self, which: str) -> None:
        template = self.project / "generator" / "render" / "templates" / which
        with template.open("a", encoding="utf-8") as out:
            out.write("\n{# edited #}<p>改过的模板</p>\n")
        self.tool_edited = True
        self.rebuild_and_compare(f"change the template {which}")

    @rule(word=st.sampled_from(["通知", "公告"]))
    def change_the_theme(self, word: str) -> None:
        block = "{% block announce %}"
        replace_in(self.project / "overrides" / "main.html", block, f"{block}<p>{word}</p>")
        self.rebuild_and_compare(f"change the theme override ({word})")

    @rule(name=st.sampled_from(["测试区人大常委会办公室", "测试区人大常委会代表工作委员会"]))
    def rename_the_organiser(self, name: str) -> None:
        set_value(self.stations / "region.yml", "organizer", name)
        self.rebuild_and_compare(f"rename the organiser in the footer ({name})")

    @rule()
    def write_a_district_page(self) -> None:
        page = self.project / "content" / "privacy.md"
        lines = page.read_text(encoding="utf-8").count("\n") if page.exists() else 0
        page.parent.mkdir(exist_ok=True)
        page.write_text(f"# 隐私说明\n\n本区补充说明第{lines + 1}条。\n" + "\n" * lines, encoding="utf-8")
        self.rebuild_and_compare("write the district's own privacy page")

    @rule(date=st.sampled_from(DATES))
    def build_on_another_day(self, date: str) -> None:
        self.today = date
        self.rebuild_and_compare(f"build on {date}")


def test_an_edit_renders_exactly_the_pages_whose_source_changed_even_after_a_restored_cache(tmp_path: Path) -> None:
    """As in CI: a fresh checkout, with `build/.cache` and `build/docs` restored (times kept), then one edit."""
    first = make_project(tmp_path / "first", stations=write_region(tmp_path / "data", EXTRA))
    assert run_generator(first, "build").returncode == 0
    clone = tmp_path / "clone"
    copy_sources(first, clone)
    for kept in ("build/.cache", "build/docs"):
        shutil.copytree(first / kept, clone / kept)  # copy2: times kept, as a restored cache has them
    replace_in(clone / "stations" / "xl" / "deputies.yml", "name: 李明", "name: 李明华")
    built = run_generator(clone, "build")
    assert built.returncode == 0, built.stderr
    sources = [p.relative_to(clone / "build/docs") for p in sorted((clone / "build/docs").rglob("index.md"))]
    changed, kept = [], []
    for source in sources:
        same = (clone / "build/docs" / source).read_bytes() == (first / "build/docs" / source).read_bytes()
        output = source.with_name("index.html")
        before = (first / "build/.cache/pages" / output).stat().st_mtime_ns
        after = (clone / "build/.cache/pages" / output).stat().st_mtime_ns
        assert (after == before) == same, f"{output}: source {'unchanged' if same else 'changed'}"
        (kept if same else changed).append(output.as_posix())
    assert "d/li-ming/index.html" in changed and "d/wang-li/index.html" in kept
    assert "李明华" in (clone / "site/d/li-ming/index.html").read_text(encoding="utf-8")


def test_a_real_size_district_rebuilt_after_edits_equals_its_cold_build(realsize: Build, tmp_path: Path) -> None:
    """22 stations of about 22 deputies, namesakes and long names, under a long site address: a station renamed
    and a deputy renamed (one with a namesake elsewhere, whose pages tell the two apart) in its built copy."""
    project = tmp_path / "incremental"
    # The build, its caches and the site, times kept; not the placards another worker may be printing meanwhile.
    shutil.copytree(realsize.project, project, ignore=shutil.ignore_patterns("placards", ".placards.*"))
    stations = sorted(p for p in (project / "stations").iterdir() if (p / "station.yml").is_file())
    set_value(stations[4] / "station.yml", "name", "新改名的社区人大代表联络站")
    rosters = [p / "deputies.yml" for p in stations]
    names = [
        line for roster in rosters for line in roster.read_text(encoding="utf-8").splitlines() if "  name: " in line
    ]
    namesake = next(line for line in names if names.count(line) > 1)
    replace_in(next(r for r in rosters if namesake in r.read_text(encoding="utf-8")), namesake, namesake + "华")
    cold = tmp_path / "cold"
    copy_sources(project, cold)
    fresh = cold_build(cold, BUILD_DATE)  # in a process of its own, while the incremental build runs
    built = run_generator(project, "build")
    _, fresh_errors = fresh.communicate()
    assert built.returncode == 0, built.stderr
    assert fresh.returncode == 0, fresh_errors
    assert_same_trees(project / "site", cold / "site", "a station and a namesake deputy renamed")


Edits.TestCase.settings = settings(
    max_examples=4,
    stateful_step_count=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
TestIncrementalEqualsCold = Edits.TestCase
