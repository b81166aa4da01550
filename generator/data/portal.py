"""`portal.yml`: the small file a city or province portal is built from, read and type-checked.

A portal federates district sites (site/portal.py): each member is named by its
name and published address, and optionally by a local folder holding its built
site (a monorepo's `districts/<name>/site`). The file is read like every data
file: through `files` (no link, size limit), as YAML with positions (`source`),
checked against its model with Chinese problems at file:line:col (`load.check`).
This module only reads.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from generator.data.files import UnsafeFile, read_file
from generator.data.load import check
from generator.data.model import Record
from generator.data.source import SourceError, read_source
from generator.data.values import HttpAddress, Text
from generator.problems import DataError, Position, Problem
from generator.strings.messages import ERR

PORTAL_FILE = "portal.yml"


class ParentPortal(Record):
    name: Text = Field(title="上级门户名称", description="如：某某省人大代表联络站")
    url: HttpAddress = Field(title="上级门户网址")


class Member(Record):
    """One district (or lower portal) whose published site the portal brings in."""

    name: Text = Field(title="成员名称", description="如：云溪区")
    url: HttpAddress = Field(title="成员网站网址", description="该区网站对外的网址（其 mkdocs.yml 的 site_url）")
    folder: str | None = Field(
        None,
        title="本地网站文件夹",
        description="同一仓库里该区已生成的网站文件夹（如 districts/yunxi/site）；不写时从网址读取",
    )


class PortalFile(Record):
    """`portal.yml`: the portal's name, organiser, optional parent portal and its members."""

    name: Text = Field(title="门户名称", description="如：云山市")
    organizer: Text = Field(title="主办单位", description="如：云山市人大常委会")
    intro: Text | None = Field(None, title="简介")
    parent: ParentPortal | None = Field(None, title="上级门户")
    members: list[Member] = Field(min_length=1, title="成员网站")


def load_portal(path: Path, display: str) -> tuple[PortalFile, list[Position]]:
    """The checked portal file and where each member starts in it, or a DataError naming its lines (also for
    duplicate members)."""
    problems: list[Problem] = []
    try:
        source = read_source(read_file(path, display), path, display)
    except UnsafeFile as exc:
        raise DataError([exc.problem]) from None
    except SourceError as exc:
        raise DataError(exc.problems) from None
    portal = check(source, PortalFile, "portal", problems)
    if portal is None:
        raise DataError(problems or [Problem(display, Position(1, 1), ERR["file_empty"])])
    seen: dict[str, int] = {}
    for index, member in enumerate(portal.members):
        folder = Path(member.folder) if member.folder else None
        if folder and (folder.is_absolute() or ".." in folder.parts):
            problems.append(source.problem(("members", index, "folder"), ERR["portal_folder"].format(folder=folder)))
        for key in (member.name, member.url.rstrip("/")):
            if key in seen:
                message = ERR["portal_duplicate"].format(value=key, other=seen[key] + 1)
                problems.append(source.problem(("members", index), message))
            seen.setdefault(key, index)
    if problems:
        raise DataError(problems)
    return portal, [source.position(("members", index)) for index in range(len(portal.members))]
