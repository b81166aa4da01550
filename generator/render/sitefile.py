"""`lz-site.json`: what a district's site says about itself to a portal that federates it.

A city or province portal (site/portal.py) reads each district's published
files, never its data folder: this small file names the tool version and the
schema of the published files (so the portal can refuse a member it cannot
read), the district and its address, and its head and centre stations (the
portal's directory). Figures are not repeated here: the portal counts them
from the open data itself, so they cannot disagree with the district's
downloads. Deterministic: the build date is the only date.
"""

from __future__ import annotations

import json

from generator import SITE_SCHEMA, __version__
from generator.region.assemble import RegionModel
from generator.region.paths import station_path

SITE_FILE = "lz-site.json"


def site_file(model: RegionModel, site_url: str) -> bytes:
    """The district's self-description for portals, as compact UTF-8 JSON."""
    hubs = [
        {
            "id": entry.id,
            "name": entry.station.name,
            "kind": entry.station.kind.value,
            "parent": entry.parent.id if entry.parent else None,
            "path": station_path(entry.id),
            "stations": len(entry.group),
        }
        for entry in model.hubs
    ]
    document = {
        "tool": "lianluozhan",
        "version": __version__,
        "schema": SITE_SCHEMA,
        "region": model.region.name,
        "organizer": model.region.organizer,
        "site_url": f"{site_url.rstrip('/')}/",
        "generated": model.today.isoformat(),
        "stations": len(model.stations),
        "hubs": hubs,
    }
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
