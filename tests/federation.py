"""Small synthetic districts built for real, and a portal project over them (tests/site/test_portal.py, the benchmark).

Each district is the benchmark's synthetic region under a name of its own, with its
own site name and address in its mkdocs.yml, built by the project's own command;
the portal project holds them in `districts/<key>/` as a monorepo would.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from benchmarks.synthetic import Size, write_region
from tests.conftest import copy_project, make_project, run_build, run_generator

SYNTHETIC_REGION = "青岚区"  # the name benchmarks/synthetic.py gives a one-county region
DISTRICTS = (("jia", "甲山区"), ("yi", "乙水区"), ("bing", "丙川区"))
PORTAL_NAME = "青岚市"
PORTAL_URL = "https://rd.qinglan-shi.example.cn/"
PORTAL_NAV = """watch: [overrides, generator]
nav:
  - 首页: index.md
  - 各地办理情况: cockpit/index.md
  - 开放数据: data/index.md
"""


@dataclass(frozen=True)
class District:
    key: str
    name: str
    url: str
    project: Path

    @property
    def site(self) -> Path:
        return self.project / "site"


def district_config(name: str, url: str) -> str:
    return f"INHERIT: generator/site/mkdocs.base.yml\nsite_name: {name}人大代表联络站\nsite_url: {url}\n"


def write_district(project: Path, name: str, url: str, size: Size, seed: int) -> Path:
    """A district project of `size` synthetic stations named `name`, published at `url` (not built)."""
    data = project.parent / f"{project.name}-stations"
    write_region(data, size, seed)
    for path in data.rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        if SYNTHETIC_REGION in text:
            path.write_text(text.replace(SYNTHETIC_REGION, name), encoding="utf-8")
    make_project(project, data)
    shutil.rmtree(data)
    (project / "mkdocs.yml").write_text(district_config(name, url), encoding="utf-8")
    return project


def build_districts(root: Path, url: str, stations: int = 6, count: int = 3) -> list[District]:
    """`count` districts of `stations` stations under `root/districts/<key>/`, each built; `url` has a {key}."""
    built = []
    for n, (key, name) in enumerate(DISTRICTS[:count]):
        project = write_district(root / "districts" / key, name, url.format(key=key), Size(stations, 6.0, 5.0), n + 11)
        result = run_build(project)
        assert result.returncode == 0, result.stderr
        built.append(District(key, name, url.format(key=key), project))
    return built


def portal_file(districts: list[District], *, local: bool = True) -> str:
    lines = [f"name: {PORTAL_NAME}", f"organizer: {PORTAL_NAME}人大常委会", "members:"]
    for d in districts:
        lines += [f"  - name: {d.name}", f"    url: {d.url}"]
        if local:
            lines.append(f"    folder: districts/{d.key}/site")
    return "\n".join(lines) + "\n"


def write_portal(root: Path, districts: list[District], url: str = PORTAL_URL, *, local: bool = True) -> Path:
    """The portal project in `root` (the districts' monorepo): the tool, its mkdocs.yml and portal.yml."""
    copy_project(root)
    config = f"INHERIT: generator/site/mkdocs.base.yml\nsite_name: {PORTAL_NAME}人大代表联络站\nsite_url: {url}\n"
    (root / "mkdocs.yml").write_text(config + PORTAL_NAV, encoding="utf-8")
    (root / "portal.yml").write_text(portal_file(districts, local=local), encoding="utf-8")
    return root


def run_portal(project: Path):
    return run_generator(project, "portal")
