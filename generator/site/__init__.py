"""Stage 4, the site: generated files on disk, MkDocs, search, and print to PDF.

`build` drives the pipeline: validate, render into the docs tree (`output`
writes only what changed, all or nothing), MkDocs in a subprocess, Pagefind
(`search`), the self-contained check (`offline`), then the swap into `site/`.
`mkdocs_hook` is the thin hook MkDocs loads; `printing` prints placards with
Chromium.
"""
