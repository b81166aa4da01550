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


class HostileMembers:
    """Members that misbehave on purpose, on one local server: each path prefix is one way.

    `own/` redirects within its origin, `steer/` to another port of the same host (the
    `secret` server, which counts what it is asked), `drip/` sends a byte now and then,
    `silent/` never answers, `bomb/` serves a few megabytes of tiny JSON objects as its `lz-site.json`.
    Connections open at once are counted (`peak`). Every wait ends when the server stops.
    """

    def __init__(self) -> None:
        import http.server
        import threading

        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.open = self.peak = 0
        self.secret_hits = 0
        owner = self

        class Secret(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.secret_hits += 1
                self._send(b'{"secret": "of the portal\'s own machine"}')

            def _send(self, body: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args) -> None:
                pass

        class Hostile(Secret):
            def do_GET(self) -> None:
                with owner.lock:
                    owner.open += 1
                    owner.peak = max(owner.peak, owner.open)
                try:
                    self._misbehave()
                except OSError:
                    pass  # the portal gave up on us
                finally:
                    with owner.lock:
                        owner.open -= 1

            def _misbehave(self) -> None:
                way = self.path.strip("/").split("/", 1)[0]
                if way == "own" and not self.path.endswith("moved.json"):
                    self.send_response(302)
                    self.send_header("Location", "/own/moved.json")
                    self.end_headers()
                elif way in ("own", "bomb"):
                    bomb = way == "bomb" and self.path.endswith("lz-site.json")
                    self._send(b"[" + b"{}," * 2_100_000 + b"{}]" if bomb else b"{}")
                elif way == "steer":
                    self.send_response(302)
                    self.send_header("Location", f"http://127.0.0.1:{owner.secret.server_address[1]}/lz-site.json")
                    self.end_headers()
                elif way == "drip":
                    self.send_response(200)
                    self.send_header("Content-Length", "1000")
                    self.end_headers()
                    for _ in range(1000):  # a byte every 0.3 s: each wait is short, the whole is not
                        if owner.stop.wait(0.3):
                            return
                        self.wfile.write(b" ")
                        self.wfile.flush()
                elif way == "silent":
                    owner.stop.wait(60)

        self.secret = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Secret)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
        self.server.daemon_threads = self.secret.daemon_threads = True
        for server in (self.secret, self.server):
            threading.Thread(target=server.serve_forever, daemon=True).start()
        self.address = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.secret.shutdown()
