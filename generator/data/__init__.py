"""Stage 1, reading the data: each file of `stations/` read with positions and checked against its type.

`source` reads YAML with the line and column of every value, `load` finds the
files and type-checks each against `model` (the schema: `schema` writes it for
editors, `fields` describes it for messages and the guide), `privacy` finds
personal data in text, `canonical` is `fmt`'s layout. Nothing here knows about
other files of the region, pages or the site; nothing here writes, except
`fmt` rewriting a file in place.
"""
