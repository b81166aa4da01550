"""The CI templates: linted with actionlint and the vendored workflow schemas, and their steps run for real.

No network: actionlint ships as a binary in its wheel and check-jsonschema carries the
GitHub and GitLab schemas. The pull-request steps run in a real git repository with
two commits, as on a runner, so a template that calls a command wrongly fails here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import BUILD_DATE, ROOT, make_project

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


def test_both_templates_keep_the_build_cache_keyed_on_the_tool_version() -> None:
    """A pull request's build reuses the codes and photos of the last one: only what it changed is made."""
    github = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    for job in ("check", "build"):
        names = [s.get("name") for s in github[job]["steps"]]
        cache = github[job]["steps"][names.index("Keep the build cache")]
        assert names.index("Keep the build cache") < names.index("Build"), job
        assert cache["uses"].startswith("actions/cache@") and cache["with"]["path"] == "build/.cache"
        assert "pyproject.toml" in cache["with"]["key"] and "generator/**" in cache["with"]["key"]
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["build"]["cache"]
    kept = [c for c in gitlab if c["paths"] == ["build/.cache"]]
    assert len(kept) == 1 and "pyproject.toml" in kept[0]["key"]["files"]
    assert any(c["paths"] == [".cache/pip"] for c in gitlab), "the job's own cache list keeps pip's too"
