"""A page of the site as the renderer takes it: where it goes, its template, and its view (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.render.charts import Chart
from generator.render.views.plain import Plain, canonical


@dataclass
class Page:
    path: str  # the page's directory, e.g. "s/liutang/" ("" for the home page)
    title: str
    template: str
    view: dict[str, Plain] = field(default_factory=dict)  # everything the template shows, as plain data
    hide: tuple[str, ...] = ("toc",)
    code: str | None = None  # UI key naming the page's QR code, for pages that have one
    charts: list[Chart] = field(default_factory=list)  # drawn into `charts/` beside the page
    kind: str | None = None  # UI key naming the kind of page in search results; None: not searchable

    @property
    def source(self) -> str:
        return f"{self.path}index.md"

    @property
    def slug(self) -> str:
        """The id the page is named after (last part of its address)."""
        return self.path.rstrip("/").rsplit("/", 1)[-1]

    def text(self) -> str:
        """Everything the page's Markdown source is made from, as one canonical text: what its memo hashes and
        what the renderer reads (so a page can show nothing its hash did not cover)."""
        about = {"path": self.path, "title": self.title, "code": self.code, "slug": self.slug}
        return canonical(
            {"template": self.template, "page": about, "hide": list(self.hide), "kind": self.kind, "view": self.view}
        )
