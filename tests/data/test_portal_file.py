"""`portal.yml` and members' published files read as untrusted input: Chinese problems that name the place."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from generator.data.members import Unreadable, member_files, read_member_file
from generator.data.portal import Member, load_portal
from generator.problems import DataError

GOOD = """name: 青岚市
organizer: 青岚市人大常委会
members:
  - name: 甲山区
    url: https://rd.jia.example.cn/
  - name: 乙水区
    url: https://rd.yi.example.cn/
    folder: districts/yi/site
"""


def _load(tmp_path: Path, text: str):
    path = tmp_path / "portal.yml"
    path.write_text(text, encoding="utf-8")
    return load_portal(path, "portal.yml")


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        _load(tmp_path, text)
    return [p.render() for p in caught.value.problems]


def test_a_portal_file_is_read_with_where_each_member_starts(tmp_path: Path) -> None:
    portal, lines = _load(tmp_path, GOOD)
    assert [m.name for m in portal.members] == ["甲山区", "乙水区"]
    assert [line.line for line in lines] == [4, 6]
    assert portal.members[1].folder == "districts/yi/site"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("url: https://rd.jia", "url: javascript://rd.jia"), "portal.yml:5:10"),
        (("  - name: 乙水区", "  - name: 甲山区"), "portal.yml:6:5 “甲山区”与第 1 个成员重复"),
        (("folder: districts/yi/site", "folder: ../other/site"), "portal.yml:8:13 本地网站文件夹“../other/site”"),
        (("folder: districts/yi/site", "folder: /srv/site"), "portal.yml:8:13 本地网站文件夹“/srv/site”"),
        (("    url: https://rd.yi.example.cn/", "    adress: https://rd.yi.example.cn/"), "portal.yml:7:5"),
        (("organizer: 青岚市人大常委会\n", ""), "portal.yml:1:1"),
    ],
)
def test_a_broken_portal_file_names_file_and_line(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    problems = _problems(tmp_path, GOOD.replace(*change))
    assert any(p.startswith(expected) for p in problems), problems


def test_a_portal_file_in_broken_yaml_names_its_line(tmp_path: Path) -> None:
    problems = _problems(tmp_path, GOOD.replace("  - name: 乙水区", "  - name: 乙水区\n\tx: 1"))
    assert problems and problems[0].startswith("portal.yml:7:")


def test_a_member_folder_is_read_without_following_links(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "lz-site.json").write_text("{}", encoding="utf-8")
    (tmp_path / "districts").mkdir()
    (tmp_path / "districts" / "jia").symlink_to(outside, target_is_directory=True)
    member = Member(name="甲山区", url="https://rd.jia.example.cn/", folder="districts/jia")
    with pytest.raises(Unreadable) as caught:
        read_member_file(member, tmp_path, "lz-site.json")
    assert "districts/jia/lz-site.json" in caught.value.reason


def test_a_member_over_http_is_read_with_its_errors_in_chinese(tmp_path: Path) -> None:
    (tmp_path / "lz-site.json").write_text("{}", encoding="utf-8")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, format: str, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        member = Member(name="甲山区", url=url)
        assert read_member_file(member, tmp_path, "lz-site.json") == b"{}"
        with pytest.raises(Unreadable) as caught:
            read_member_file(member, tmp_path, "data/cases.json")
        assert caught.value.reason.startswith(f"读取 {url}data/cases.json 时服务器回答 404")
    finally:
        server.shutdown()
        server.server_close()  # the server is gone: nothing answers at its address
    with pytest.raises(Unreadable) as caught:
        read_member_file(Member(name="甲山区", url=url), tmp_path, "lz-site.json")
    assert caught.value.reason.startswith(f"无法连接 {url}lz-site.json")
    assert "lz-site.json" in member_files()
