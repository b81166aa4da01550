"""Members that misbehave on purpose: a portal reads only their own origin, by a deadline, within bounds."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.data.members import MAX_JSON_CONTAINERS, Unreadable, read_member, read_member_file
from generator.data.portal import Member
from tests.federation import HostileMembers


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileMembers]:
    members = HostileMembers()
    yield members
    members.close()


def _member(hostile: HostileMembers, way: str) -> Member:
    return Member(name="甲山区", url=f"{hostile.address}{way}/")


def test_a_redirect_within_the_members_origin_is_followed(hostile: HostileMembers, tmp_path: Path) -> None:
    assert read_member_file(_member(hostile, "own"), tmp_path, "lz-site.json") == b"{}"


def test_a_member_never_steers_the_portal_to_another_address(hostile: HostileMembers, tmp_path: Path) -> None:
    with pytest.raises(Unreadable) as caught:
        read_member(_member(hostile, "steer"), tmp_path)
    reason = caught.value.reason
    assert reason.startswith(f"无法连接 {hostile.address}steer/lz-site.json")
    assert f"转向了另一个网址 http://127.0.0.1:{hostile.secret.server_address[1]}/lz-site.json" in reason
    assert hostile.secret_hits == 0, "the other address was never asked"


@pytest.mark.parametrize("way", ["drip", "silent"])
def test_a_member_that_drips_or_stays_silent_is_given_up_at_the_deadline(
    hostile: HostileMembers, tmp_path: Path, way: str
) -> None:
    with pytest.raises(Unreadable) as caught:
        read_member_file(_member(hostile, way), tmp_path, "lz-site.json", deadline=time.monotonic() + 1.5)
    assert caught.value.reason.startswith(f"{hostile.address}{way}/lz-site.json 在 ")
    assert "没有传完" in caught.value.reason


def test_many_small_objects_are_refused_before_they_are_parsed(hostile: HostileMembers, tmp_path: Path) -> None:
    """Six megabytes of {} would take gigabytes parsed: counted first, refused with a message."""
    with pytest.raises(Unreadable) as caught:
        read_member(_member(hostile, "bomb"), tmp_path)
    assert caught.value.reason == (
        f"{hostile.address}bomb/lz-site.json 里的数据项超过 {MAX_JSON_CONTAINERS} 个，门户不读取这样的文件："
        "请让该地区用本工具重新生成网站"
    )


def test_a_large_file_is_refused_while_it_is_read(tmp_path: Path) -> None:
    site = tmp_path / "districts" / "jia"
    site.mkdir(parents=True)
    (site / "lz-site.json").write_bytes(b" " * (8 * 1024 * 1024 + 1))
    member = Member(name="甲山区", url="https://rd.jia.example.cn/", folder="districts/jia")
    with pytest.raises(Unreadable) as caught:
        read_member_file(member, tmp_path, "lz-site.json")
    assert "districts/jia/lz-site.json" in caught.value.reason and "8 MB" in caught.value.reason
