"""`python -m generator report`: the completeness scores as a table for a terminal or for Markdown.

Plain text pads columns by display width (a Chinese character takes two
columns in a terminal), so the table lines up for clerks reading it in a
console; Markdown is for pasting into an issue or a pull request. Pure text
formatting of `score.StationScore`s: no scoring here, no printing.
"""

from __future__ import annotations

import datetime as dt

from generator.region.formats import date_cn, display_width
from generator.region.score import StationScore
from generator.render.scores import check_explanations, region_summary, station_missing
from generator.strings.site import UI

FORMATS = ("text", "markdown")


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _rows(scores: list[StationScore]) -> list[tuple[str, str, str]]:
    return [
        (
            s.entry.station.name,
            UI["score_summary"].format(stars=s.stars, points=s.points, total=s.total),
            "；".join(station_missing(s)) or UI["score_complete"],
        )
        for s in scores
    ]


def render_report(scores: list[StationScore], today: dt.date, fmt: str = "text") -> str:
    header = (UI["score_station"], UI["score_points"], UI["score_missing"])
    rows = _rows(scores)
    lines = [f"{UI['score_title']}（{UI['score_as_of'].format(date=date_cn(today)).rstrip('。')}）", ""]
    if fmt == "markdown":

        def cell(text: str) -> str:
            return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

        lines[0] = f"## {lines[0]}"
        lines.append("| " + " | ".join(header) + " |")
        lines.append("| --- | --- | --- |")
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
        lines += ["", region_summary(scores), ""]
        lines += [f"{number}. **{title}**：{why}" for number, (title, why) in enumerate(check_explanations(), 1)]
    else:
        widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(2)]
        for row in [header, *rows]:
            lines.append(f"{_pad(row[0], widths[0])}  {_pad(row[1], widths[1])}  {row[2]}")
        lines += ["", region_summary(scores), ""]
        lines += [f"{number}. {title}：{why}" for number, (title, why) in enumerate(check_explanations(), 1)]
    return "\n".join(lines) + "\n"
