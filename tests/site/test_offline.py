"""The self-contained check finds what a browser would fetch from another host, and nothing a page only says."""

from __future__ import annotations

import pytest

from generator.site.offline import fetched_hosts

OWN = "rd.ceshiqu.example.cn"

FETCHES = {
    "an image, tags and attributes in capitals": ('<p><IMG SRC="https://a.example/x.png"></p>', ["a.example"]),
    "every candidate of a srcset": (
        '<img srcset="https://b.example/1.png 1x, //c.example/2.png 2x">',
        ["b.example", "c.example"],
    ),
    "SVG images and filters, in a page": (
        '<svg><image xlink:href="https://d.example/i.png"/><feImage href="https://e.example/f"/></svg>',
        ["d.example", "e.example"],
    ),
    "an SVG use": ('<svg><use href="//f.example/s.svg#x"></use></svg>', ["f.example"]),
    "a stylesheet link, not another link": (
        '<link rel="Stylesheet" href="https://g.example/s.css"><link rel="alternate" href="https://no.example/">',
        ["g.example"],
    ),
    "a preloaded image set": ('<link rel=preload imagesrcset="https://h.example/a.png 1x">', ["h.example"]),
    "a style attribute": ("<div style=\"background:url('https://i.example/b.png')\"></div>", ["i.example"]),
    "a style element": (
        '<style>@import "https://j.example/x.css"; a{background:url(//k.example/y)}</style>',
        ["j.example", "k.example"],
    ),
    "a script's known hosts": ('<script>var x="https://cdn.jsdelivr.net/npm/x"</script>', ["cdn.jsdelivr.net/npm/x"]),
    "an image without scripts": ('<noscript><img src="https://l.example/n.png"></noscript>', ["l.example"]),
    "a template a script may show": ('<template><img src="https://m.example/t.png"></template>', ["m.example"]),
    "a template in a template": (
        "<template><template><img src='https://n.example/'></template></template>",
        ["n.example"],
    ),
    "the first of a repeated attribute, as a browser reads it": (
        '<img src="https://r.example/x.png" src="/local.png">',
        ["r.example"],
    ),
    "an address written with a character reference": ('<img src="https&#58;//s.example/x.png">', ["s.example"]),
    "video, audio and embedded objects": (
        '<video poster="https://t.example/p.png" src="https://u.example/v.mp4"></video><object data="https://v.example/o">'
        '</object><input type=image src="https://w.example/i.png"><embed src="https://x.example/e">'
        '<audio src="https://y.example/a"><track src="https://z.example/t"></audio><iframe src="https://aa.example/">',
        ["aa.example", "t.example", "u.example", "v.example", "w.example", "x.example", "y.example", "z.example"],
    ),
    "a frame inside SVG": (
        '<svg><foreignObject><iframe src="https://bb.example/"></iframe></foreignObject></svg>',
        ["bb.example"],
    ),
}

NOTHING = {
    "the page's own host, data and relative addresses": (
        f'<img src="https://{OWN}/x.png"><img src="data:image/png;base64,xx"><img src="/rel.png">'
    ),
    "a comment": '<!-- <img src="https://n.example/c.png"> -->',
    "a link and a mention": '<a href="https://form.example/">意见</a> 参见 cdn.jsdelivr.net',
    "markup in a title is text": '<title><img src="https://p.example/t.png"></title>',
    "the second of a repeated attribute": '<img src="/local.png" src="https://q.example/x.png">',
}


@pytest.mark.parametrize("html, hosts", FETCHES.values(), ids=FETCHES.keys())
def test_what_a_page_fetches_from_another_host_is_found(html: str, hosts: list[str]) -> None:
    assert sorted(fetched_hosts(html, ".html", OWN)) == hosts


@pytest.mark.parametrize("html", NOTHING.values(), ids=NOTHING.keys())
def test_what_fetches_nothing_from_another_host_passes(html: str) -> None:
    assert fetched_hosts(html, ".html", OWN) == []


def test_a_standalone_svg_and_stylesheets_are_read_for_fetches() -> None:
    svg = (
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<style><![CDATA[ a{fill:url(https://w.example/g)} ]]></style><image xlink:href="https://x.example/i.png"/></svg>'
    )
    assert sorted(fetched_hosts(svg, ".svg", OWN)) == ["w.example", "x.example"]
    css = "@import url(https://fonts.googleapis.com/css?family=X); b{background:url(/own.png)}"
    assert sorted(fetched_hosts(css, ".css", OWN)) == ["fonts.googleapis.com", "fonts.googleapis.com/css?family=X"]
    assert fetched_hosts("\udcff<img src='https://zz.example/'>", ".html", OWN) == ["zz.example"]  # bytes not UTF-8
