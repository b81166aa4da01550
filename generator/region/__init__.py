"""Stage 2, the region: rules across files, then one linked model and what is computed from it.

`validate` is the only way from stage 1 to here: it runs `lint` (rules that
span records and files) and `assemble` (the linked `RegionModel`). The rest
derives facts every output shares: reception dates (`schedule` on the
`holidays` calendar), case figures (`cases`), scores, paging, notice checks,
suggestion links, addresses (`paths`) and how values are written (`formats`).
Pure: no file is written and nothing here knows HTML.
"""
