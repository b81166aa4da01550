"""What "我要提建议" does on a page: open the linked form, or call, text or mail the station.

The form is hosted elsewhere (a provincial platform or a form service). Its
address is an RFC 6570 template, region-wide or per station, so one form can
learn which station and deputy the resident came from: values are
percent-encoded by `uritemplate`, never pasted in raw. Without a form, the
station's own public contacts are the way in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from uritemplate import URITemplate

from generator.data.model import Deputy, Region, Station
from generator.region.formats import tel_target
from generator.strings.site import UI

MOBILE_RE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")


@dataclass(frozen=True)
class SuggestAction:
    form: str | None  # the expanded form address
    tel: str | None  # the station's number, dialable; none while it is still 待填写
    sms: str | None  # only for a mobile number
    email: str | None
    subject: str  # for mail and text messages: which station it is about

    @property
    def mailto(self) -> str | None:
        return f"mailto:{self.email}?subject={quote(self.subject)}" if self.email else None


def suggest_action(region: Region, station: Station, deputy: Deputy | None = None) -> SuggestAction:
    template = station.form or region.form
    form = None
    if template:
        values = {"station": station.id, "station_name": station.name}
        if deputy:
            values.update(deputy=deputy.id, deputy_name=deputy.name)
        form = URITemplate(template).expand(values)
    dial = tel_target(station.phone) if station.phone else None  # none until the clerk fills it in
    return SuggestAction(
        form=form,
        tel=dial,
        sms=dial if dial and MOBILE_RE.match(dial) else None,
        email=station.email,
        subject=UI["suggest_subject"].format(station=station.name),
    )
