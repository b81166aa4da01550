"""Links that open a station in the map apps residents use: 高德, 百度 and 腾讯地图.

A resident standing in the street wants directions, not an address to retype.
Each app publishes a URI API that opens its web map, or the app itself on a
phone, at a point or for a search: a link, never a request, so the site stays
self-contained. With the station's coordinates (`location`, taken from a
Chinese map and so in GCJ-02) the link marks the point; without them it
searches for the address, prefixed with the district when the address does not
name it. This module knows addresses, not HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from generator.data.model import Station

SOURCE = "lianluozhan"  # who opens the map: the apps ask callers to name themselves (src, referer)


@dataclass(frozen=True)
class MapLink:
    app: str  # the key of its name in strings.site.UI
    url: str


def map_links(station: Station, address: str | None) -> list[MapLink]:
    """The station in each map app: at its coordinates when it has them, else found by its `address`; none while
    neither is known (an address still to be filled in is no place to search for)."""
    if station.location is None and not address:
        return []
    place = address or station.name
    place = place if place.startswith(station.area[0]) else station.area[0] + place
    if station.location is not None:
        lat, lng = station.location.lat, station.location.lng
        amap = "https://uri.amap.com/marker?" + urlencode(
            {"position": f"{lng},{lat}", "name": station.name, "src": SOURCE, "coordinate": "gaode", "callnative": 1}
        )
        baidu = "https://api.map.baidu.com/marker?" + urlencode(
            {"location": f"{lat},{lng}", "title": station.name, "content": place, "output": "html",
             "coord_type": "gcj02", "src": SOURCE}
        )  # fmt: skip
        tencent = "https://apis.map.qq.com/uri/v1/marker?" + urlencode(
            {"marker": f"coord:{lat},{lng};title:{_plain(station.name)};addr:{_plain(place)}", "referer": SOURCE}
        )
    else:
        amap = "https://uri.amap.com/search?" + urlencode(
            {"keyword": place, "src": SOURCE, "coordinate": "gaode", "callnative": 1}
        )
        baidu = "https://api.map.baidu.com/geocoder?" + urlencode({"address": place, "output": "html", "src": SOURCE})
        tencent = "https://apis.map.qq.com/uri/v1/search?" + urlencode({"keyword": place, "referer": SOURCE})
    return [MapLink("map_amap", amap), MapLink("map_baidu", baidu), MapLink("map_tencent", tencent)]


def _plain(text: str) -> str:
    """A value inside Tencent's `marker` parameter, whose parts are separated by ; and :."""
    return text.replace(";", "，").replace(":", "：")
