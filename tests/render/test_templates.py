"""The templates' environment: compiled once per process, never stale."""

from __future__ import annotations

from pathlib import Path

from generator.render.pages import make_environment


def test_a_template_edited_between_generations_is_compiled_anew(tmp_path: Path) -> None:
    """Live preview's child keeps the templates' compiled code between edits: an override edited, or another
    project's template of the same name, renders as its source now says."""
    overrides = tmp_path / "pages"
    overrides.mkdir()
    template = overrides / "redirect.html"
    template.write_text("第一版{{ title }}", encoding="utf-8")
    first = make_environment(overrides, "https://rd.ceshiqu.example.cn/")
    assert first.get_template("redirect.html").render(title="甲") == "第一版甲"
    template.write_text("第二版{{ title }}", encoding="utf-8")
    again = make_environment(overrides, "https://rd.ceshiqu.example.cn/")
    assert again.get_template("redirect.html").render(title="甲") == "第二版甲"
    tools = make_environment(None, "https://rd.ceshiqu.example.cn/")
    page = tools.get_template("redirect.html").render(title="甲", target="../s/", canonical="https://x/s/")
    assert 'http-equiv="refresh"' in page and "第二版" not in page
