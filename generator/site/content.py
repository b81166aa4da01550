"""Hand-written pages (`content/`): read as safely as the data, checked like it, published sanitised.

Clerks edit content pages through the same pull requests as the data, so a page
gets the guarantees a station file has:

- only pages, pictures and documents: an `.html`, `.js` or `.svg` file would be
  published as it is and run in the reader's browser (`CONTENT_SUFFIXES`);
- no personal data: the privacy guard reads every line of a page's source, HTML
  comments and link targets included (a comment is not published, but the
  repository is public too);
- no markup that runs or leads elsewhere: a page is rendered with the site's own
  Markdown extensions, and every element, attribute and address outside the
  allow-list below is a problem at the line that wrote it (`content_problems`);
- whatever MkDocs makes of a hand-written page passes through nh3 (the bindings
  of Rust's ammonia) with that same allow-list before the theme sees it
  (`sanitize`, called by the hook), so nothing the check might miss reaches a
  reader. The check exists to tell the clerk; the sanitiser is the guarantee.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3
from mkdocs.utils.meta import get_data

from generator.data.files import MAX_PHOTO_BYTES, DataTree, UnsafeFile, root_problem, walk
from generator.data.privacy import GUARDED, Kind, find, mask
from generator.problems import Position, Problem
from generator.region.paths import FINISHED_HTML
from generator.strings.messages import ERR

TOOL_CONTENT = Path(__file__).parent / "content"  # the tool's own pages; a district's content/ may replace each
# The Markdown extensions MkDocs renders pages with (mkdocs.base.yml), so the check sees what is published.
MARKDOWN_EXTENSIONS = ("attr_list", "tables", "toc")
# What a content folder may hold: pages, the pictures they show, documents to download.
CONTENT_SUFFIXES = frozenset(
    {".md", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".doc", ".docx", ".xls", ".xlsx"}
)

# The markup a hand-written page may publish: text structure, tables, links and pictures.
ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS - {"area", "map"} | {"tfoot"})
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope", "style"},  # style: a Markdown table's column alignment only
    "td": {"colspan", "rowspan", "style"},
    "ol": {"start"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "data": {"value"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
STYLE_PROPERTIES = frozenset({"text-align"})
# Tags whose content goes with them, as nh3 drops it: the text of a script is never shown.
DROPPED_WITH_CONTENT = frozenset({"script", "style"})

# Public offices give their address and landline on a page; a mobile, an ID number or a resident's name never.
CONTENT_GUARDED = GUARDED - {Kind.ADDRESS, Kind.LANDLINE}
# An office's mailbox is public: government addresses may be written on a page, no other.
PUBLIC_MAIL_DOMAINS = (".gov.cn", ".gov")


def sanitize(page: str) -> str:
    """A hand-written page's HTML with everything outside the allow-list removed (and comments)."""
    return nh3.clean(
        page,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
    )


def read_content(content_dir: Path, project: Path, *, checked: bool) -> tuple[list[tuple[str, bytes]], list[Problem]]:
    """The pages and files of a content folder, read as safely as the data, and what is wrong with them.

    A link or a special file is never followed. `checked` (a district's own folder) also
    refuses files of other kinds and pages whose text or markup `content_problems` refuses.
    The problems are returned, not raised, so a command reports them with the data's.
    """
    if not content_dir.is_dir() and not content_dir.is_symlink():
        return [], []
    tree = DataTree(content_dir, project)
    unreadable = root_problem(content_dir, tree.display(content_dir))
    if unreadable:
        return [], [unreadable]
    paths, problems = walk(content_dir, tree.display)
    found = []
    for path in paths:  # pages and the images they show: the photo limit
        display = tree.display(path)
        if checked and path.suffix.lower() not in CONTENT_SUFFIXES:
            kinds = "、".join(sorted(CONTENT_SUFFIXES))
            problems.append(Problem(display, Position(1, 1), ERR["content_file_kind"].format(kinds=kinds)))
            continue
        try:
            data = tree.read(path, MAX_PHOTO_BYTES)
        except UnsafeFile as exc:
            problems.append(exc.problem)
            continue
        if checked and path.suffix.lower() == ".md":
            problems += content_problems(display, data)
        found.append((path.relative_to(content_dir).as_posix(), data))
    return found, problems


def site_content(project: Path) -> tuple[dict[str, bytes], list[Problem]]:
    """The tool's own pages with the district's `content/` over them (a page of the same name replaces the tool's)."""
    tool, problems = read_content(TOOL_CONTENT, project, checked=False)
    district, more = read_content(project / "content", project, checked=True)
    return dict(tool) | dict(district), problems + more


def content_problems(display: str, data: bytes) -> list[Problem]:
    """What a page must not publish: personal data anywhere in its source, markup outside the allow-list."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [Problem(display, Position(line, 1), ERR["content_encoding"])]
    lines = text.splitlines() or [""]
    problems = _private(display, lines) + _reserved(display, text)
    page = markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS))
    after: dict[str, Position] = {}
    for what, pattern, message in _refused(page):
        at = _where(lines, pattern, after.get(pattern, Position(1, 1)))
        after[pattern] = Position(at.line, at.column + 1)
        problems.append(Problem(display, at, message.format(construct=what)))
    return problems


def _reserved(display: str, text: str) -> list[Problem]:
    """A meta key only the generator writes (`lz_html`: the page is finished HTML, passed to the theme unparsed and
    unsanitised) refused at its line: a hand-written page is always sanitised. The page's meta is read by MkDocs'
    own reader, so every form MkDocs takes is caught: YAML front matter and MultiMarkdown's `key: value` lines."""
    _, meta = get_data(text)
    if FINISHED_HTML not in meta:
        return []
    lines = text.splitlines()
    line = next((n for n, written in enumerate(lines, start=1) if FINISHED_HTML in written.lower()), 1)
    return [Problem(display, Position(line, 1), ERR["content_reserved"].format(key=FINISHED_HTML))]


def _private(display: str, lines: list[str]) -> list[Problem]:
    problems = []
    for number, line in enumerate(lines, start=1):
        for finding in find(line, kinds=CONTENT_GUARDED):
            if finding.kind is Kind.EMAIL and finding.value.lower().endswith(PUBLIC_MAIL_DOMAINS):
                continue
            message = ERR["content_private"].format(found=finding.kind.value.strip("【】"), masked=mask(finding.value))
            problems.append(Problem(display, Position(number, finding.start + 1), message))
    return problems


class _Markup(HTMLParser):
    """Every element, attribute and address of a rendered page that the allow-list does not keep."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refused: list[tuple[str, str, str]] = []  # (what, where it is written in the source, message)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.refused.append((f"<{tag}>", rf"<\s*{re.escape(tag)}\b", ERR["content_tag"]))
            return
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.refused.append((name, rf"\b{re.escape(name)}\s*=", ERR["content_attribute"]))
            elif name in URL_ATTRIBUTES and value and not _allowed_url(value):
                scheme = urlsplit(_plain_url(value)).scheme
                self.refused.append(
                    (value, rf"{re.escape(scheme)}\s*:" if scheme else re.escape(value), ERR["content_url"])
                )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _plain_url(value: str) -> str:
    """An address as a browser reads it: tabs, line breaks and leading spaces or controls do not count."""
    return re.sub(r"[\t\n\r]", "", value).lstrip("\x00- ")


def _allowed_url(value: str) -> bool:
    scheme = urlsplit(_plain_url(value)).scheme.lower()
    return not scheme or scheme in URL_SCHEMES


def _refused(page: str) -> list[tuple[str, str, str]]:
    parser = _Markup()
    parser.feed(page)
    parser.close()
    return parser.refused


def _where(lines: list[str], pattern: str, start: Position) -> Position:
    """Where a refused construct is next written in the source from `start`, entities read as a browser does.

    The rendered page keeps the source's order, so a construct refused twice is found at both places.
    """
    regex = re.compile(pattern, re.IGNORECASE)
    column = start.column - 1
    for number in range(start.line, len(lines) + 1):
        if match := regex.search(html.unescape(lines[number - 1]), column):
            return Position(number, match.start() + 1)
        column = 0
    return Position(1, 1)
