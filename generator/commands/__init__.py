"""The commands of `python -m generator`, one module per command, named for it.

`python -m generator import-cases` is `import_cases.py`, `new-station` is
`new_station.py`, `import` is `import_records.py`. Each module names its command
(`NAME`), declares its arguments and their Chinese help (`add_parser`), runs it
(`run`, returning the exit code) and says what a failed run tells the clerk
(`FAILED`; its problems are listed above it).
Commands print; the stages below them return what there is to say.
`generator.cli` builds the parser from `COMMANDS`, in this order (the order of
`--help`), and turns problems into exit codes.
"""

from __future__ import annotations

from types import ModuleType

from generator.commands import (
    build,
    changes,
    export,
    fmt,
    generate,
    import_cases,
    import_records,
    init,
    new_station,
    photos,
    placards,
    portal,
    report,
    schema,
    upgrade,
    validate,
)

COMMANDS: tuple[ModuleType, ...] = (
    validate,
    generate,
    build,
    placards,
    import_cases,
    import_records,
    export,
    schema,
    report,
    new_station,
    init,
    upgrade,
    photos,
    portal,
    fmt,
    changes,
)
