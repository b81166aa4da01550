"""What clerks write reaches readers as text: the theme's footer and head, and the district's own pages.

The theme's templates (Material's and `overrides/`) print what the hook hands
them without escaping, and `content/*.md` is Markdown, which lets raw HTML
through. A real build of a region with markup planted in every free-text field,
in the site's name, and in hand-written pages must run no script in Chromium and
show the planted markup as the text it is.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.cli import main
from generator.site.content import MARKDOWN_EXTENSIONS, sanitize
from tests.conftest import BUILD_DATE, Build, make_project, run_build, serve
from tests.minimal import FILES, write_region
from tests.plant import plant

# Breaks out of an element, an attribute, a <title> and an SVG attribute, as the attacks found did.
PAYLOAD = "青禾区\"'><img src=x onerror=alert(1)><script>alert(2)</script><svg onload=alert(3)>&lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt;"
SITE_NAME = PAYLOAD + "</title><script>alert(5)</script>"  # the site's name holds the region's, as it must

# A page as a careful clerk writes one: everything here is published as it is.
GOOD_PAGE = """\
# 关于我们

联络站的办公电话 0571-8000 0001，地址：测试区人民路1号。

| 时间 | 内容 |
| :--- | ---: |
| 每月28日 | 接待 |

[区人大常委会](https://www.example.gov.cn/) · [联络站](s/zz/) · [写信](mailto:rd@example.gov.cn) · [电话](tel:057180000001)

<details><summary>更多</summary>**加粗**的说明</details>
"""

# A page with everything the allow-list refuses, one per line, and personal data in text, a comment and a link.
HOSTILE_PAGE = {
    "<script>alert(1)</script>": "content_tag",
    '<img src="a.png" onerror="alert(1)">': "content_attribute",
    "[点我](javascript:alert(1))": "content_url",
    '<a href="JaVa&#115;cript:alert(1)">点我</a>': "content_url",
    '<span onmouseover="alert(1)">悬停</span>': "content_attribute",
    '[链接](s/zz/){: onclick="alert(1)" }': "content_attribute",
    '<iframe src="https://example.com/"></iframe>': "content_tag",
    "<form><input name=x></form>": "content_tag",
    "联系王先生：13812345678": "content_private",
    "身份证：１１０１０５１９４９１２３１００２Ｘ": "content_private",
    "<!-- 来访人手机 139 1234 5678 -->": "content_private",
    "[写信](mailto:zhang.san@qq.com)": "content_private",
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The small region with markup in every free-text field and in the site's name, and a good content page."""
    root = tmp_path_factory.mktemp("untrusted")
    project = make_project(root / "project", stations=write_region(root / "data", plant(FILES, PAYLOAD)))
    config = project / "mkdocs.yml"
    config.write_text(
        re.sub(
            r"(?m)^site_name:.*$", f"site_name: {json.dumps(SITE_NAME, ensure_ascii=False)}", config.read_text("utf-8")
        ),
        "utf-8",
    )
    (project / "content" / "about.md").write_text(GOOD_PAGE, encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return Build(project, result)


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_planted_markup_stays_text_in_the_footer_and_head_of_every_page(planted: Build) -> None:
    pages = html_pages(planted.site)
    assert len(pages) > 20
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        name = path.relative_to(planted.site).as_posix()
        planted_handlers = [
            t.name for t in page.find_all(True) if any(a.startswith("on") and "alert(" in v for a, v in t.attrs.items())
        ]
        assert not planted_handlers, name
        assert not [s for s in page.find_all("script") if "alert(" in (s.string or "")], name
        assert not page.select('img[src="x"], svg[onload]'), name
        footer = page.select_one(".md-copyright__highlight")
        if footer is not None:  # every page of the theme (redirect pages have none): the name in its title
            assert "<script>alert(2)</script>" in footer.get_text(), name
            assert page.title.get_text().endswith("</title><script>alert(5)</script>"), name


def test_no_planted_script_runs_in_chromium(planted: Build, browser) -> None:
    """The pages a resident opens, in a real browser: not one dialog."""
    dialogs: list[str] = []
    with contextlib.contextmanager(serve)(planted.site) as base:
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for address in ["", "s/zz/", "s/zd/", "d/", "about/", "privacy/"]:
            response = page.goto(base + address)
            assert response is not None and response.ok, address
            page.wait_for_load_state("load")
        page.close()
    assert dialogs == []


def test_a_careful_page_is_published_with_its_tables_links_and_headings(planted: Build) -> None:
    page = planted.page("about")
    body = page.select_one(".md-content")
    assert body.select_one("h1#_1, h1").get_text() == "关于我们"
    cells = body.select("table th")
    assert [c.get("style", "").replace(" ", "").rstrip(";") for c in cells] == ["text-align:left", "text-align:right"]
    hrefs = [a["href"] for a in body.select("a[href]") if a.get_text() in ("区人大常委会", "写信", "电话")]
    assert hrefs == ["https://www.example.gov.cn/", "mailto:rd@example.gov.cn", "tel:057180000001"]
    assert body.select_one("details summary").get_text() == "更多"
    assert "0571-8000 0001" in body.get_text()


def test_a_hostile_page_is_refused_at_each_line_and_nothing_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "project", stations=write_region(tmp_path / "data"))
    lines = list(HOSTILE_PAGE)
    (project / "content" / "notice.md").write_text("# 通知\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    (project / "content" / "evil.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    monkeypatch.chdir(project)

    for command in ("validate", "build"):
        assert main(["--today", BUILD_DATE, command]) == 1, command
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert "content/evil.html:1:1 content/ 里只能放网页" in err
        for number, line in enumerate(lines):
            at = f"content/notice.md:{3 + 2 * number}:"
            assert at in err, (line, err)
        found = {m.group(1) for m in re.finditer(r"content/notice\.md:(\d+):\d+ ", err)}
        assert len(found) == len(lines), err
        assert "网页里不能写 <script> 标签" in err and "网页里不能写 onerror 属性" in err
        assert "“javascript:alert(1)”不能用" in err
    assert not (project / "site").exists()


def test_a_page_that_claims_to_be_generated_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`lz_html` marks the generator's finished pages, which the hook passes to the theme unsanitised: a hand-written
    page may not carry it."""
    project = make_project(tmp_path / "project", stations=write_region(tmp_path / "data"))
    page = "---\ntitle: 通知\nlz_html: true\n---\n\n# 通知\n\n<b>加粗</b>\n"
    (project / "content" / "notice.md").write_text(page, encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["--today", BUILD_DATE, "validate"]) == 1
    err = capsys.readouterr().err
    assert "content/notice.md:3:1 网页开头的设置里不能写 lz_html" in err
    (project / "content" / "notice.md").write_text(page.replace("lz_html: true\n", ""), encoding="utf-8")
    assert main(["--today", BUILD_DATE, "validate"]) == 0, capsys.readouterr().err


def test_a_page_that_claims_to_be_generated_in_multimarkdown_meta_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """MkDocs also reads a page's meta from `key: value` lines at its top, without --- (MultiMarkdown's form)."""
    project = make_project(tmp_path / "project", stations=write_region(tmp_path / "data"))
    page = "title: 通知\nLZ_HTML: 1\n\n# 通知\n\n<b>加粗</b>\n"
    (project / "content" / "notice.md").write_text(page, encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["--today", BUILD_DATE, "validate"]) == 1
    assert "content/notice.md:2:1 网页开头的设置里不能写 lz_html" in capsys.readouterr().err


def test_the_sanitiser_removes_what_the_check_refuses() -> None:
    """The guarantee behind the check: whatever MkDocs renders of a page, the published HTML runs nothing."""
    import markdown

    rendered = markdown.markdown("\n\n".join(HOSTILE_PAGE), extensions=list(MARKDOWN_EXTENSIONS))
    published = BeautifulSoup(sanitize(rendered), "html.parser")
    assert not published.find_all(["script", "iframe", "form", "input"])
    assert not [t for t in published.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    assert not [a for a in published.select("[href]") if "script" in a["href"].lower()]
    assert "139 1234 5678" not in str(published)  # comments are not published


def test_the_check_renders_pages_with_the_sites_markdown_extensions() -> None:
    """The check sees what MkDocs publishes only if both render with the same extensions."""
    import yaml

    from generator.site.mkdocs_hook import BASE_CONFIG

    listed = yaml.safe_load(BASE_CONFIG.read_text(encoding="utf-8"))["markdown_extensions"]
    assert tuple(e if isinstance(e, str) else next(iter(e)) for e in listed) == MARKDOWN_EXTENSIONS
