"""The CI templates: linted with actionlint and the vendored workflow schemas, and their steps run for real.

No network: actionlint ships as a binary in its wheel and check-jsonschema carries the
GitHub and GitLab schemas. The pull-request steps run in a real git repository with
two commits, as on a runner, so a template that calls a command wrongly fails here.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import BUILD_DATE, ROOT, Build, make_project

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
BIN = Path(sys.executable).parent


def tool(name: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / name), *map(str, args)], capture_output=True, text=True, cwd=ROOT)


def test_workflow_passes_actionlint() -> None:
    result = tool("actionlint", "-no-color", WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1)
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    target = tmp_path / ".github" / "workflows" / "site.yml"
    target.write_text(broken, encoding="utf-8")
    result = tool("actionlint", "-no-color", target)
    assert result.returncode == 1
    assert 'unexpected key "runs_on" for "job" section' in result.stdout


@pytest.mark.parametrize(
    ("schema", "path", "extra"),
    [
        ("vendor.github-workflows", WORKFLOW, []),
        ("vendor.gitlab-ci", GITLAB, ["--data-transform", "gitlab-ci"]),
    ],
)
def test_ci_files_match_their_schemas(schema: str, path: Path, extra: list[str], tmp_path: Path) -> None:
    result = tool("check-jsonschema", "--builtin-schema", schema, *extra, path)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / path.name
    broken.write_text(path.read_text(encoding="utf-8").replace("script:", "scripts:").replace("steps:", "stepz:"))
    assert tool("check-jsonschema", "--builtin-schema", schema, *extra, broken).returncode == 1


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A clone-like repository: the example as the base commit, one changed schedule on top."""
    repo = make_project(tmp_path / "repo")
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "BUILD_DATE": BUILD_DATE,
        "GIT_AUTHOR_NAME": "clerk",
        "GIT_AUTHOR_EMAIL": "clerk@example.cn",
        "GIT_COMMITTER_NAME": "clerk",
        "GIT_COMMITTER_EMAIL": "clerk@example.cn",
    }
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "base"], cwd=repo, check=True, env=env)
    schedule = repo / "stations" / "zongzhan" / "schedule.yml"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace("day: 15", "day: 16", 1), encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "move the reception day"], cwd=repo, check=True, env=env)
    return repo, env


EXPECTED_SUMMARY = (
    "### 数据变化\n"
    "\n"
    "本次修改：修改固定接待日 1 条。\n"
    "\n"
    "按修改后的接待安排，今天起 180 天内的接待日程新增 1 场、减少 1 场。\n"
    "\n"
    "- 修改固定接待日：青禾区人大代表联络总站 每月16日 09:00-11:30：每月几号\n"
)


def run_script(script: str, repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=repo, env=env, capture_output=True, text=True)


def test_github_pull_request_steps_run(pull_request: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    repo, env = pull_request
    steps = {s.get("name"): s for s in yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["check"]["steps"]}
    runner = tmp_path / "runner"
    runner.mkdir()
    summary = tmp_path / "summary.md"
    env = {**env, "RUNNER_TEMP": str(runner), "GITHUB_STEP_SUMMARY": str(summary)}

    check = run_script(steps["Check the data"]["run"], repo, env)
    assert check.returncode == 0, check.stderr
    assert check.stdout.splitlines()[-1] == "数据检查通过：9 个站点，49 名代表，62 件案例"
    hints = check.stdout.splitlines()[:-1]
    assert all(re.match(r"::warning( file=stations/[^:]+)?::提示：", line) for line in hints), hints
    # the moved day leaves last year's records off the rota: said once for the file, with what to do
    off_rota = [line for line in hints if "当天没有安排接待" in line]
    assert len(off_rota) == 1 and "records-2026.yml" in off_rota[0] and "写上 end" in off_rota[0]

    described = run_script(steps["Describe the change"]["run"], repo, env)
    assert described.returncode == 0, described.stderr
    assert summary.read_text(encoding="utf-8") == EXPECTED_SUMMARY


def test_gitlab_merge_request_jobs_run(pull_request: tuple[Path, dict[str, str]]) -> None:
    repo, env = pull_request
    jobs = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    env = {**env, "CI_MERGE_REQUEST_DIFF_BASE_SHA": git(repo, "rev-parse", "HEAD^1")}
    validate = [line for line in jobs["validate"]["script"] if "python -m generator" in line]  # no download here
    assert run_script("\n".join(validate), repo, env).returncode == 0
    changes = run_script("\n".join(jobs["changes"]["script"]), repo, env)
    assert changes.returncode == 0, changes.stderr
    assert (repo / "changes.md").read_text(encoding="utf-8") == EXPECTED_SUMMARY
    assert jobs["changes"]["artifacts"]["paths"] == ["changes.md"]
    assert jobs["pages"]["artifacts"]["paths"] == ["public"]


COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


def assert_gzip_companions(public: Path) -> None:
    """Each text file has a .gz beside it with the same bytes inside (GitLab Pages serves it); nothing else has."""
    files = [p for p in public.rglob("*") if p.is_file() and p.suffix != ".gz"]
    assert any(p.suffix == ".css" for p in files) and any(p.suffix == ".js" for p in files)
    for path in files:
        companion = path.with_name(path.name + ".gz")
        if path.suffix in COMPRESSED:
            assert gzip.decompress(companion.read_bytes()) == path.read_bytes(), path
        else:
            assert not companion.exists(), path


def test_gitlab_pages_job_publishes_each_text_file_with_its_gzip_companion(example: Build, tmp_path: Path) -> None:
    shutil.copytree(example.site, tmp_path / "site")
    jobs = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    pages = run_script("\n".join(jobs["pages"]["script"]), tmp_path, dict(os.environ))
    assert pages.returncode == 0, pages.stderr
    assert_gzip_companions(tmp_path / "public")
    home = tmp_path / "public" / "index.html.gz"
    assert len(home.read_bytes()) * 3 < len((tmp_path / "public" / "index.html").read_bytes())


# --- the portal's monorepo templates: districts built in parallel, then the portal ------------------

PORTAL_WORKFLOW = ROOT / ".github" / "workflows" / "portal.yml"
PORTAL_GITLAB = ROOT / "portal.gitlab-ci.yml"


def test_portal_templates_pass_their_linters() -> None:
    result = tool("actionlint", "-no-color", PORTAL_WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    for schema, path, extra in (
        ("vendor.github-workflows", PORTAL_WORKFLOW, []),
        ("vendor.gitlab-ci", PORTAL_GITLAB, ["--data-transform", "gitlab-ci"]),
    ):
        result = tool("check-jsonschema", "--builtin-schema", schema, *extra, path)
        assert result.returncode == 0, result.stdout + result.stderr


def test_portal_workflow_builds_each_district_in_a_matrix_then_the_portal() -> None:
    jobs = yaml.safe_load(PORTAL_WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    district = jobs["district"]
    assert district["strategy"]["matrix"]["district"] == "${{ fromJSON(needs.districts.outputs.list) }}"
    assert district["strategy"]["fail-fast"] is False
    assert district["needs"] == "districts"
    uploads = [s for s in district["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["name"] == "site-${{ matrix.district }}"
    portal = jobs["portal"]
    assert "district" in portal["needs"] and "!cancelled()" in portal["if"]
    downloads = [s for s in portal["steps"] if s.get("uses", "").startswith("actions/download-artifact")]
    assert downloads[0]["with"]["pattern"] == "site-*"
    assert any(s.get("run") == "python -m generator portal" for s in portal["steps"])
    assert jobs["deploy"]["needs"] == "portal"
    # the tool's own repository (no districts) never builds a portal
    assert "needs.districts.outputs.list != '[]'" in district["if"]


def test_portal_gitlab_builds_each_district_with_parallel_matrix_then_the_portal() -> None:
    jobs = yaml.safe_load(PORTAL_GITLAB.read_text(encoding="utf-8"))
    district = jobs["district"]
    assert district["stage"] == "build"
    assert district["parallel"]["matrix"][0]["DISTRICT"]
    assert district["artifacts"]["paths"] == ["districts/*/site/"]
    portal = jobs["portal"]
    assert portal["needs"] == [{"job": "district", "artifacts": True}]
    assert portal["when"] == "always"
    assert portal["script"] == ["python -m generator portal"]
    assert jobs["stages"].index(portal["stage"]) > jobs["stages"].index(district["stage"])
    assert set(jobs["pages"]["needs"]) == {"portal", "district"}


@pytest.fixture
def monorepo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A portal's repository with two small districts in districts/<key>/ (their data and mkdocs.yml only)."""
    from tests.federation import DISTRICTS, PORTAL_NAV, District, portal_file, write_district

    repo = tmp_path / "repo"
    from tests.conftest import copy_project

    copy_project(repo)
    districts = []
    for n, (key, name) in enumerate(DISTRICTS[:2]):
        folder = repo / "districts" / key
        url = f"https://rd.qinglan.example.cn/{key}/"
        from benchmarks.synthetic import Size

        write_district(folder, name, url, Size(4, 4.0, 3.0), n + 21)
        for part in ("generator", "overrides", "content"):
            shutil.rmtree(folder / part)
        districts.append(District(key, name, url, folder))
    config = "INHERIT: generator/site/mkdocs.base.yml\nsite_name: 青岚市人大代表联络站\nsite_url: https://rd.qinglan.example.cn/\n"
    (repo / "mkdocs.yml").write_text(config + PORTAL_NAV, encoding="utf-8")
    (repo / "portal.yml").write_text(portal_file(districts), encoding="utf-8")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return repo, env


def test_portal_ci_steps_run(monorepo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    repo, env = monorepo
    jobs = yaml.safe_load(PORTAL_WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    listed = run_script(
        next(s["run"] for s in jobs["districts"]["steps"] if s.get("id") == "list"),
        repo,
        {**env, "GITHUB_OUTPUT": str(tmp_path / "out")},
    )
    assert listed.returncode == 0, listed.stderr
    assert (tmp_path / "out").read_text(encoding="utf-8") == 'list=["jia", "yi"]\n'
    build = next(s["run"] for s in jobs["district"]["steps"] if s.get("name") == "Build the district")
    gitlab = yaml.safe_load(PORTAL_GITLAB.read_text(encoding="utf-8"))
    for district, script in (("jia", build), ("yi", "\n".join(gitlab["district"]["script"]))):
        built = run_script(script, repo, {**env, "DISTRICT": district})
        assert built.returncode == 0, built.stderr
        assert (repo / "districts" / district / "site" / "lz-site.json").is_file()
    # what upload-artifact and download-artifact do between the jobs
    for district in ("jia", "yi"):
        (repo / "artifacts").mkdir(exist_ok=True)
        shutil.move(repo / "districts" / district / "site", repo / "artifacts" / f"site-{district}")
    steps = {s.get("name"): s for s in jobs["portal"]["steps"]}
    for name in ("Collect the districts' sites", "Build the portal", "Assemble the pages"):
        done = run_script(steps[name]["run"], repo, env)
        assert done.returncode == 0, done.stderr
    public = repo / "public"
    assert (public / "index.html").is_file() and (public / "calendar.ics").is_file()
    assert (public / "jia" / "lz-site.json").is_file() and (
        public / "yi" / "pagefind" / "pagefind-entry.json"
    ).is_file()
    # GitLab's portal and pages jobs on the same districts
    shutil.rmtree(public)
    assert run_script("\n".join(gitlab["portal"]["script"]), repo, env).returncode == 0
    pages = run_script("\n".join(gitlab["pages"]["script"]), repo, env)
    assert pages.returncode == 0, pages.stderr
    assert (public / "index.html").is_file() and (public / "yi" / "index.html").is_file()
    assert_gzip_companions(public)


def test_both_templates_keep_the_build_cache_keyed_on_the_tool_version() -> None:
    """A pull request's build reuses the codes, photos and rendered pages of the last one: only what it changed
    is made. The docs tree is kept with the cache: MkDocs skips a page whose source is older than its output."""
    github = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    for job in ("check", "build"):
        names = [s.get("name") for s in github[job]["steps"]]
        cache = github[job]["steps"][names.index("Keep the build cache")]
        assert names.index("Keep the build cache") < names.index("Build"), job
        assert cache["uses"].startswith("actions/cache@")
        assert cache["with"]["path"].split() == ["build/.cache", "build/docs"]
        assert "pyproject.toml" in cache["with"]["key"] and "generator/**" in cache["with"]["key"]
        assert "stations/**" in cache["with"]["key"], "each new state of the data is saved, not only the first"
        assert cache["with"]["restore-keys"].split()[-1] == "lz-build-"
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["build"]["cache"]
    kept = [c for c in gitlab if c["paths"] == ["build/.cache", "build/docs"]]
    assert len(kept) == 1 and "pyproject.toml" in kept[0]["key"]["files"]
    assert any(c["paths"] == [".cache/pip"] for c in gitlab), "the job's own cache list keeps pip's too"
