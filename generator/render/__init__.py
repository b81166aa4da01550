"""Stage 3, the outputs: the region model turned into files, each a pure function of model and settings.

Pages (`pages`, `templates/`), placards, QR codes (`codes`, cached by
`codecache`), iCalendar feeds, open data and charts. Every value from YAML is
escaped for the format it lands in. Renderers return bytes; writing them is
the site stage's job.
"""
