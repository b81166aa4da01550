"""The package's layout shows the pipeline: modules in stage folders, imports only pointing down.

The layers are declared once, in `pyproject.toml` for import-linter; these tests
run it, prove it catches an upward import, and keep the tree, the tests and
ARCHITECTURE.md in step with those layers.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
TOP_LEVEL = {"__init__.py", "__main__.py", "atomic.py", "cli.py", "clock.py", "problems.py"}


def layers() -> list[list[str]]:
    """The declared layers, top first, each a list of sibling packages or modules (without `generator.`)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return [[part.strip().removeprefix("generator.") for part in layer.split("|")] for layer in contract["layers"]]


def stages() -> list[str]:
    """The stage folders: every declared layer that is a package with modules of its own."""
    return [name for layer in layers() for name in layer if (PACKAGE / name).is_dir() and name != "strings"]


def run_lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "pyproject.toml"], cwd=project, capture_output=True, text=True
    )


def test_imports_only_point_down_the_pipeline():
    result = run_lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", tmp_path)
    source = tmp_path / "generator" / "data" / "source.py"
    source.write_text(source.read_text(encoding="utf-8") + "\nfrom generator.site import build  # noqa\n")
    result = run_lint_imports(tmp_path)
    assert result.returncode != 0
    assert "generator.data.source -> generator.site.build" in result.stdout


def test_every_module_sits_in_a_declared_stage():
    assert {p.name for p in PACKAGE.glob("*.py")} == TOP_LEVEL
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    declared = {name for layer in layers() for name in layer}
    assert folders <= declared, folders - declared
    for stage in folders:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage


def test_every_module_says_what_it_is_for():
    for path in sorted(PACKAGE.rglob("*.py")):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert docstring, f"{path.relative_to(ROOT)} has no docstring"


def test_tests_mirror_the_layout():
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        folder = path.parent.relative_to(ROOT / "tests").as_posix()
        if folder == ".":
            assert path.name == "test_layout.py", f"{path.name} belongs in the folder of its stage"
        else:
            assert folder in stages(), f"tests/{folder}/ is not a stage of generator/"


def test_architecture_describes_every_stage():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for stage in [*stages(), "strings"]:
        assert f"`generator/{stage}/`" in text, stage
    for path in sorted(PACKAGE.glob("*/*.py")):
        if path.name != "__init__.py":
            assert f"`{path.stem}`" in text, f"ARCHITECTURE.md does not place {path.relative_to(PACKAGE)}"


def test_data_and_region_never_print():
    """They return what there is to say; the commands (and the site's build) say it."""
    for stage in ("data", "region"):
        for path in sorted((PACKAGE / stage).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                printing = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
                stream = isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr")
                assert not (printing or stream), f"{path.relative_to(ROOT)}:{node.lineno} prints"


# A module a newcomer reads in one sitting, a function that fits on a screen. The words residents and clerks read
# (generator/strings/) are tables, not code: they are exempt from the module limit.
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 600, 80


def test_modules_and_functions_stay_small_enough_to_read():
    long_modules, long_functions = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT).as_posix()
        if text.count("\n") > MAX_MODULE_LINES and path.parent.name != "strings":
            long_modules.append(f"{where}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{where}:{node.lineno} {node.name}: {length} lines")
    assert not long_modules, f"split these modules (at most {MAX_MODULE_LINES} lines): {long_modules}"
    assert not long_functions, (
        f"split these functions into named steps (at most {MAX_FUNCTION_LINES}): {long_functions}"
    )


def test_python_m_generator_reaches_every_command_module():
    """The entry point, in a real process (the suite otherwise calls `generator.cli.main` in its own): each module
    of `generator/commands/` is a command of `python -m generator`, in the order of `COMMANDS`, and a command that
    does not exist is refused by argparse with exit code 2."""
    from generator.commands import COMMANDS

    modules = {p.stem for p in (PACKAGE / "commands").glob("*.py")} - {"__init__", "options"}
    assert modules == {command.__name__.rsplit(".", 1)[1] for command in COMMANDS}
    shown = subprocess.run([sys.executable, "-m", "generator", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    listed = shown.stdout.split("{", 1)[1].split("}", 1)[0].split(",")
    assert listed == [command.NAME for command in COMMANDS]
    wrong = subprocess.run([sys.executable, "-m", "generator", "publish"], cwd=ROOT, capture_output=True, text=True)
    assert wrong.returncode == 2 and "invalid choice: 'publish'" in wrong.stderr
