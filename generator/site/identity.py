"""Whose site this is: a district's site must carry its own name and address, never the example's.

Every QR code, calendar feed and open-data link is built from `site_url`, so a
district that replaced the example's data but kept its address would print
placards that send residents to the example. `build` refuses such a site, with
the line of mkdocs.yml to change; `validate` and `make serve` only warn, so a
pull request and a preview show it early. The example district itself says
`extra: {example: true}` in its mkdocs.yml: it may use the example's address,
and every page says it is invented data. The marker holds only over the
example's own data: a district that replaced `stations/` but kept the cloned
mkdocs.yml would otherwise publish under the example's name and address, so
the data's region (stations/region.yml) must be the example's.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from generator.data.model import Region
from generator.problems import Position, Problem
from generator.strings.messages import ERR

EXAMPLE_HOSTS = frozenset({"rd.qinghe.example.cn"})  # examples/qinghe/mkdocs.yml (a test keeps them in step)
EXAMPLE_REGION = "青禾区"  # examples/qinghe/stations/region.yml (a test keeps them in step)
# Names reserved for examples and tests (RFC 2606, RFC 6761): a site there is not published anywhere.
RESERVED_DOMAINS = ("example", "test", "invalid", "localhost", "example.com", "example.net", "example.org")


def is_example(settings: dict) -> bool:
    """Whether mkdocs.yml says this is the invented example district."""
    extra = settings.get("extra")
    return isinstance(extra, dict) and extra.get("example") is True


def _reserved(host: str) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in RESERVED_DOMAINS)


def line_of(config: Path, key: str) -> Position:
    """Where `key:` is written in mkdocs.yml, so the clerk's editor opens on it."""
    try:
        lines = config.read_text(encoding="utf-8").splitlines()
    except OSError:
        return Position(1, 1)
    for number, line in enumerate(lines, start=1):
        if re.match(rf"^{key}\s*:", line):
            return Position(number, len(key) + 3)
    return Position(1, 1)


def marker_line(config: Path) -> Position:
    """Where the example marker (`example:` under `extra:`) is written in mkdocs.yml."""
    try:
        lines = config.read_text(encoding="utf-8").splitlines()
    except OSError:
        return Position(1, 1)
    in_extra = False
    for number, line in enumerate(lines, start=1):
        if re.match(r"^\S", line):
            in_extra = bool(re.match(r"^extra\s*:", line))
        found = re.match(r"^(\s+)example\s*:", line) if in_extra else None
        if found:
            return Position(number, len(found.group(1)) + len("example") + 3)
    return line_of(config, "extra")


def address_problem(url: object) -> str | None:
    """Why `url` cannot be a district's published address (the message, `{url}` to fill in), or None when it can."""
    parts = urlsplit(url) if isinstance(url, str) else None
    host = (parts.hostname or "").lower() if parts else ""
    if not parts or not host or parts.scheme not in ("http", "https"):
        return ERR["site_url_missing"]
    if host in EXAMPLE_HOSTS:
        return ERR["site_url_example"]
    return ERR["site_url_reserved"] if _reserved(host) else None


def identity_problems(config: Path, settings: dict, region: Region) -> list[Problem]:
    """What in mkdocs.yml still says another district: the example marker over other data, the address (the
    example's or a reserved one), the name."""
    if is_example(settings):
        if region.name == EXAMPLE_REGION:
            return []
        message = ERR["example_other_region"].format(region=region.name, example_region=EXAMPLE_REGION)
        return [Problem(config.name, marker_line(config), message)]
    problems = []
    url = settings.get("site_url")
    wrong = address_problem(url)
    if wrong:
        problems.append(Problem(config.name, line_of(config, "site_url"), wrong.format(url=url)))
    name = settings.get("site_name")
    if not isinstance(name, str) or region.name not in name:
        message = ERR["site_name_other"].format(site_name=name or "", region=region.name)
        problems.append(Problem(config.name, line_of(config, "site_name"), message))
    return problems
