"""The clerks' tools beside the pipeline: importing, scaffolding, reporting, reviewing changes.

Each serves one command (`import-cases`, `new-station`, `report`, `changes`,
`validate --format github`) and uses the stages below; none is used by them.
"""
