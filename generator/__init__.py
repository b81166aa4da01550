"""Publish the "five disclosures" of people's-congress deputy liaison stations as a static site."""

# The tool's version, published in every site's `lz-site.json` (render/sitefile.py) so that a city's
# portal can tell whether a district's files are in the shape it reads. Kept equal to pyproject.toml's.
__version__ = "0.1.0"
# The shape of `lz-site.json` and of the open data a portal reads: raised on any change a portal must know of.
SITE_SCHEMA = 1
