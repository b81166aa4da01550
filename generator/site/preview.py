"""Live preview's generation: one child process kept from edit to edit, started on a save as soon as it is seen.

The preview server runs threads, and a process with threads must not fork, so generated in the server's
own process the pages would be rendered on one core. A forkserver child has no threads: it renders on
every core (`map_forked`), as a build does.

MkDocs notices a save by polling the watched folders every 0.5 s, waits 0.1 s for the saving to end, reads
its configuration again and only then calls the hook, which asks for a generation. The file system tells
us of the save at once (watchdog's native observer: inotify, FSEvents, ReadDirectoryChangesW), so the
hook starts the generation then (`EarlyStart`), and when MkDocs' build asks for it, it is done or under
way. It is used only if every file a generation reads is still as it was when it started (`sources_state`:
name, size and modification time); otherwise the generation runs again. Where native events do not
arrive (some network and container mounts), nothing starts early and MkDocs' poll drives as before.

The child's garbage collector runs between edits, not during them: a full collection walks the whole
model (0.2–0.4 s at 100 stations, at any moment of a generation), so the child collects the last edit's
garbage once its generation is sent back, while MkDocs renders in the server.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from generator.data.load import keep_typed_files
from generator.render.feeds import keep_events
from generator.render.pages import compile_templates
from generator.site.build import forkserver, generate_pages
from generator.site.config import config_chain

# watchdog's events that change a file ("closed": closed after writing); not those of a file read
CHANGES = {"created", "modified", "deleted", "moved", "closed"}
QUIET = 0.05  # seconds without another event before a save is taken as done (an editor writes in steps)
Arguments = tuple[Path, Path, dt.date]  # the data folder, mkdocs.yml, the build date
State = tuple[tuple[str, int, int], ...]  # every file a generation reads: path, size, modification time (ns)


class PreviewGeneration:
    """The docs tree generated in a child kept between edits; a generation may be started before it is asked for."""

    def __init__(self) -> None:
        self._child: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._early: tuple[Future[None], Arguments, State] | None = None  # started on a save, not yet asked for

    def start(self, data_dir: Path, config: Path, today: dt.date) -> None:
        """Begin a generation for the files as they are now, without waiting for it (see the module's docstring)."""
        arguments = (data_dir, config, today)
        with self._lock:
            state = sources_state(data_dir, config)  # before the child reads anything
            self._early = (self._submit(arguments), arguments, state)

    def generate(self, data_dir: Path, config: Path, today: dt.date) -> bool:
        """The docs tree for the data as it is now, or the DataError of `generate_pages`: the generation started
        early if the files are still as it read them (then True), a new one otherwise."""
        arguments = (data_dir, config, today)
        with self._lock:
            early, self._early = self._early, None
        try:
            if early is not None:
                future, started_for, state = early
                error = future.exception()  # once it is done
                if isinstance(error, BrokenProcessPool):
                    raise error
                if started_for == arguments and state == sources_state(data_dir, config):
                    if error is not None:
                        raise error  # the data's errors, as they still are
                    return True
                # Files changed while it ran: the answer is a generation of them as they are now.
            with self._lock:
                future = self._submit(arguments)
            future.result()
            return False
        except BrokenProcessPool:
            self._child = None  # the child was killed (out of memory, a signal): the next edit starts another
            raise
        finally:
            with self._lock, contextlib.suppress(RuntimeError):  # RuntimeError: the server is stopping
                if self._child is not None:
                    self._child.submit(gc.collect)  # not waited for: the next edit waits for it if it comes first

    def pending(self) -> Arguments | None:
        """What a generation started early and not yet asked for was started for, if there is one."""
        with self._lock:
            return None if self._early is None else self._early[1]

    def _submit(self, arguments: Arguments) -> Future[None]:
        if self._child is None:
            self._child = ProcessPoolExecutor(max_workers=1, mp_context=forkserver(), initializer=_start_child)
        return self._child.submit(_generate_preview, *arguments)

    def close(self) -> None:
        """When the server stops: let the child go, without waiting for a generation it may be in."""
        if self._child is not None:
            self._child.shutdown(wait=False, cancel_futures=True)
            self._child = None


def sources_state(data_dir: Path, config: Path) -> State:
    """Every file a generation reads, by path, size and modification time: the data, the hand-written pages, the
    overrides and the configuration's chain. Any save changes it (a save that keeps both the size and the time
    to the nanosecond would have to set the time back)."""
    project = config.parent
    found: list[tuple[str, int, int]] = []
    for root in (data_dir, project / "content", project / "overrides"):
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                found.append((path, *_stat(path)))
    found += [(str(path), *_stat(str(path))) for path in config_chain(config)]
    return tuple(sorted(found))


def _stat(path: str) -> tuple[int, int]:
    try:
        facts = os.stat(path)
    except OSError:
        return (-1, -1)  # gone between the listing and the look
    return facts.st_size, facts.st_mtime_ns


class EarlyStart:
    """Starts the preview's generation when the file system reports a save under the folders a generation reads,
    once no other event came for `QUIET` seconds. Never raises: without native events MkDocs' poll drives."""

    def __init__(self, generation: PreviewGeneration, arguments: Any) -> None:
        """`arguments`: a callable giving the generation's arguments at the moment of the save (the date may turn)."""
        self._generation = generation
        self._arguments = arguments
        self._timer: threading.Timer | None = None
        self._observer: Any = None

    def watch(self, folders: list[Path]) -> None:
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer

            handler = FileSystemEventHandler()
            handler.on_any_event = self._saw  # type: ignore[method-assign]
            observer = Observer()
            for folder in folders:
                if folder.is_dir():
                    observer.schedule(handler, str(folder), recursive=True)
            observer.daemon = True
            observer.start()
            self._observer = observer
        except Exception:  # no native events here (watch limit, unsupported mount): MkDocs' poll only
            self._observer = None

    def _saw(self, event: Any) -> None:
        if event.event_type not in CHANGES or (event.is_directory and event.event_type == "modified"):
            return  # a file read (a generation reads them all), or a folder's time, which changes with each save in it
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(QUIET, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        with contextlib.suppress(Exception):  # whatever it is, the build MkDocs starts generates and reports it
            self._generation.start(*self._arguments())

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._observer is not None:
            self._observer.stop()


def _start_child() -> None:
    """In the child: Ctrl-C in the terminal reaches it with the server, and ends it at once, without a traceback;
    garbage is collected when the server asks (between edits, see the module's docstring)."""
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))
    gc.disable()


def keep_between_edits() -> None:
    """What a process that generates on every edit keeps from one generation to the next: each typed file (a file
    read again with the same bytes is not parsed again) and each session's serialised event."""
    keep_typed_files()
    keep_events()


def _generate_preview(data_dir: Path, config: Path, today: dt.date) -> None:
    keep_between_edits()
    generate_pages(data_dir, config, today)  # what the server needs is on disk; nothing to send back
    # Compiled here (after the first edit only loaded from this process's cache), the templates are inherited by the
    # workers each later edit forks, which would otherwise compile whatever they render (a fresh command compiles
    # only what it renders).
    compile_templates(config.parent.resolve() / "overrides" / "pages")
