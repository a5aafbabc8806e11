"""Importing the insurance registry from CSV files.

Each file is checked row by row; refused rows are reported with their line number
and reason. The valid rows go in chunk by chunk, each chunk in a short transaction
that also records the file's place, so an interrupted import resumes where it
stopped. Importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from kiosk.domain import registry as rules
from kiosk.domain.registry import RowError
from kiosk.services import audit
from kiosk.services.bulk_writes import CHUNK_ROWS, BulkWriter
from kiosk.store import Store, Transaction
from kiosk.store import registry as registry_store


@dataclass(frozen=True)
class FileKind:
    table: str
    columns: tuple[str, ...]
    parse: rules.RowParser
    needs_person: bool
    key: tuple[str, ...]  # a second row with the same key in one file is refused...
    repeat: tuple[str, str]  # ...with this catalog key and column


KINDS = {
    "persons": FileKind(
        "persons",
        rules.PERSON_COLUMNS,
        rules.parse_person,
        False,
        ("id_number",),
        ("import.duplicate_person", "id_number"),
    ),
    # A repeated reference is not checked: the first entry stays (entries are never
    # rewritten), so a second import still changes nothing, and the biggest file
    # needs no table of keys.
    "ledger": FileKind(
        "ledger_entries",
        rules.LEDGER_COLUMNS,
        rules.parse_ledger_entry,
        True,
        (),
        ("", ""),
    ),
    "contributions": FileKind(
        "contributions",
        rules.CONTRIBUTION_COLUMNS,
        rules.parse_contribution,
        True,
        ("id_number", "month"),
        ("import.duplicate_month", "month"),
    ),
    "entitlements": FileKind(
        "entitlements",
        rules.ENTITLEMENT_COLUMNS,
        rules.parse_entitlement,
        True,
        ("id_number", "start_date"),
        ("import.duplicate_period", "start_date"),
    ),
}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (missing columns, not UTF-8, not found)."""


@dataclass
class ImportReport:
    kind: str
    path: Path
    rows: int = 0
    written: int = 0  # added or changed
    refused: list[RowError] = field(default_factory=list)

    @property
    def unchanged(self) -> int:
        return self.rows - self.written - len(self.refused)


# The longest row (all its physical lines together) an import reads; the catalog's
# import.row_too_long names this number.
MAX_ROW_CHARACTERS = 65_536


class _RowTooLong(Exception):
    """Raised through csv.reader by _Lines: the record passed the limit and was read past."""


class _Lines:
    """The physical lines of a CSV text for csv.reader, counted and bounded.

    `line` is how many physical lines (ended by \\n, \\r\\n or \\r) have been read. A
    record longer than MAX_ROW_CHARACTERS is never held whole: the rest of it is read
    past in pieces of at most that size (to the end of its line, then on while a quoted
    field is open) and _RowTooLong is raised, so the reader starts afresh with the next
    record.
    """

    def __init__(self, handle: TextIO) -> None:
        self._read = handle.readline
        self._pending: str | None = None
        self._size = 0
        self._quotes = 0
        self.line = 0

    def new_record(self) -> int:
        """Start a record; returns the line it starts on."""
        self._size = 0
        self._quotes = 0
        return self.line + 1

    def pending_piece(self) -> bool:
        """True when a piece of the next line is held here, not in the file (a tell()
        of the file would not be where the next record starts)."""
        return self._pending is not None

    def __iter__(self) -> _Lines:
        return self

    def _piece(self) -> str:
        if self._pending is not None:
            text, self._pending = self._pending, None
            return text
        return self._read(MAX_ROW_CHARACTERS + 1)

    def __next__(self) -> str:
        if self._pending is None:
            text = self._read(MAX_ROW_CHARACTERS + 1)
        else:
            text, self._pending = self._pending, None
        if not text:
            raise StopIteration
        self.line += 1
        self._size += len(text)
        if self._size > MAX_ROW_CHARACTERS:
            self._read_past(text)
            raise _RowTooLong
        self._quotes += text.count('"')
        return text

    def _read_past(self, text: str) -> None:
        quotes = self._quotes
        while True:
            quotes += text.count('"')
            if text.endswith("\r") and len(text) > MAX_ROW_CHARACTERS:
                # a piece cut at the limit may have split a \r\n
                following = self._read(MAX_ROW_CHARACTERS + 1)
                if following != "\n":
                    self._pending = following or None
            ended = text.endswith(("\n", "\r"))
            if ended and quotes % 2 == 0:
                return
            text = self._piece()
            if not text:
                return
            if ended:
                self.line += 1


Row = dict[str | None, Any]


def _read_header(reader: Iterator[list[str]], lines: _Lines, path: Path) -> list[str]:
    lines.new_record()
    try:
        return next(reader, [])
    except _RowTooLong:
        raise ImportFileError(f"{path}: the header row is too long") from None
    except csv.Error:
        raise ImportFileError(f"{path}: not a UTF-8 CSV file") from None


Item = tuple[int, "list[str] | RowError"]


def _read_rows(reader: Iterator[list[str]], lines: _Lines) -> Iterator[Item]:
    """Each record's fields with the physical line it starts on (or the reader's refusal)."""
    while True:
        start = lines.new_record()
        try:
            fields = next(reader)
        except StopIteration:
            return
        except _RowTooLong:
            yield start, RowError(start, "import.row_too_long", "")
            continue
        except csv.Error:
            yield start, RowError(start, "import.unreadable_row", "")
            continue
        if fields:  # not a blank line
            yield start, fields


def _as_rows(header: list[str], items: list[Item]) -> Iterator[tuple[int, Row | RowError]]:
    """Records as dicts like csv.DictReader's: extra fields under None, missing ones None."""
    width = len(header)
    for line, fields in items:
        if isinstance(fields, RowError):
            yield line, fields
            continue
        row: Row = dict(zip(header, fields, strict=False))
        if len(fields) > width:
            row[None] = fields[width:]
        elif len(fields) < width:
            row.update((column, None) for column in header[len(fields) :])
        yield line, row


Checked = list[tuple[int, "tuple[Any, ...] | RowError"]]


def check_chunk(kind: str, header: list[str], items: list[Item]) -> Checked:
    """Check a chunk of records (in a worker process or in line): each line with the values
    to store, in the order of the table's fields, or its RowError."""
    spec = KINDS[kind]
    order = registry_store.fields(spec.table)
    fast = rules.fast_parser(spec.parse, header)
    width = len(header)
    rules.refresh_today()
    out: Checked = []
    for line, fields in items:
        if fast is not None and not isinstance(fields, RowError) and len(fields) == width:
            values = fast(fields)
            if values is not None:  # the usual clean row, as parse would make it
                out.append((line, values))
                continue
        for _, item in rules.check_rows(_as_rows(header, [(line, fields)]), spec.parse):
            if isinstance(item, RowError):
                out.append((line, item))
            else:
                out.append((line, tuple([item[f] for f in order])))
    return out


@dataclass
class _Sorted:
    """A checked chunk as the writer uses it, sorted out where it was checked (in a
    worker), so the writer does no work per row while it holds the write lock."""

    count: int  # records checked
    refused: list[RowError]  # the rows' own refusals
    lines: list[int]  # each valid record's line...
    values: list[tuple[Any, ...]]  # ...and its values, in the order of the table's fields
    persons: list[str]  # the distinct ID numbers of the records (kinds that need a person)
    keys: str  # JSON [[key, first line], ...] of the records' keys, each once
    distinct: int  # how many keys that is
    repeats: dict[int, int]  # {line: first line} of keys repeated within this chunk


def sort_chunk(kind: str, checked: Checked) -> _Sorted:
    spec = KINDS[kind]
    refused: list[RowError] = []
    lines: list[int] = []
    values: list[tuple[Any, ...]] = []
    for line, item in checked:
        if isinstance(item, RowError):
            refused.append(item)
        else:
            lines.append(line)
            values.append(item)
    order = registry_store.fields(spec.table)
    persons: list[str] = []
    if spec.needs_person:
        at = order.index("id_number")
        persons = list({v[at]: None for v in values})
    keys, distinct, repeats = _keys(spec, lines, values)
    return _Sorted(len(checked), refused, lines, values, persons, keys, distinct, repeats)


def _keys(
    spec: FileKind, lines: list[int], values: list[tuple[Any, ...]]
) -> tuple[str, int, dict[int, int]]:
    """The JSON of each key's first line in these records, how many keys, and the lines
    repeating one."""
    if not spec.key:
        return "[]", 0, {}
    order = registry_store.fields(spec.table)
    at = [order.index(c) for c in spec.key]
    if len(at) == 1:
        keyed = zip([v[at[0]] for v in values], lines, strict=True)
    else:
        keyed = zip(["\x1f".join(v[i] for i in at) for v in values], lines, strict=True)
    first: dict[str, int] = {}
    repeats: dict[int, int] = {}
    for key, line in keyed:
        earlier = first.setdefault(key, line)
        if earlier != line:
            repeats[line] = earlier
    return json.dumps(list(first.items())), len(first), repeats


def count_lines(path: Path) -> int:
    """How many physical lines a file has (for a progress bar), read in bounded pieces."""
    count = 0
    last = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
            if last == b"\r" and chunk.startswith(b"\n"):
                count -= 1
            last = chunk[-1:]
    return count + (last not in (b"", b"\n", b"\r"))


# A file this big is checked in worker processes while this one writes.
PARALLEL_BYTES = 1_000_000


# A tell() of the file opened as text (utf-8-sig, newline="") below PLAIN is the byte
# offset (no decoder state: the usual place, after a \n). After a lone \r it is above:
# CPython packs start_pos (64 bits), decoder flags, bytes to feed and characters to skip
# (32 bits each); the flags 1 (a \r held back) with 1 character to skip (that \r) is the
# place start_pos, the byte after the \r (see _place).
PLAIN = 1 << 64
_FIELD = (1 << 32) - 1


def _place(handle: TextIO) -> int | None:
    """Where the text file's next character is, as a byte offset; None for a tell() that
    is not one (never seen: the records of the file are read on to a place that is)."""
    cookie = handle.tell()
    if cookie < PLAIN:
        return cookie
    flags, skip = (cookie >> 64) & _FIELD, (cookie >> 128) & _FIELD
    return cookie & (PLAIN - 1) if (flags, skip) == (1, 1) else None


# The main process reads the file in blocks of this size to cut it (see _cut_chunks).
BLOCK_BYTES = 1 << 20


@dataclass
class _Chunk:
    start: int  # where the chunk's first record starts (a tell() of the text file)
    # (the places below are byte offsets, and so tell()s of the text file too: see _place)
    first_line: int  # physical lines read before it
    count: int  # records (and reader refusals) in it; blank lines are not counted
    items: list[Item] | None  # the records, when they are checked here
    position: int  # where the next record starts
    line: int  # physical lines read when the chunk ends
    # A byte range [start, position) of whole records, cut at newlines (no '"', no
    # lone \r in it, so each physical line is one record); `count` is then its lines.
    cut: bool = False


def _chunks(
    reader: Iterator[list[str]],
    lines: _Lines,
    handle: TextIO,
    *,
    keep: bool,
    size: Callable[[], int] = lambda: CHUNK_ROWS,
) -> Iterator[_Chunk]:
    """The file in chunks of `size()` records. Without `keep` the records are only
    counted: a worker reads the chunk again from its start (see check_range)."""
    rows = _read_rows(reader, lines)
    while True:
        start, first_line = handle.tell(), lines.line
        items: list[Item] | None = None
        if keep:
            items = list(islice(rows, size()))
            count = len(items)
        else:
            count = sum(1 for _ in islice(rows, size()))
        # a chunk ends where the file's place can be told, as a byte offset
        while lines.pending_piece() or (place := _place(handle)) is None:
            following = next(rows, None)
            if following is None:
                place = _place(handle)
                break
            count += 1
            if items is not None:
                items.append(following)
        if not count:
            return
        assert place is not None, "the end of the file is a byte offset"
        yield _Chunk(start, first_line, count, items, place, lines.line)


def _cut_chunks(path: Path, position: int, line: int, size: Callable[[], int]) -> Iterator[_Chunk]:
    """The file from `position` (`line` physical lines read before it) in chunks of about
    `size()` records, for worker processes, found without parsing the CSV: the file is
    read in binary blocks and cut at a newline after about that many lines (bytes.find
    and count, at C speed). Where a chunk's bytes hold a '"' (a newline may be inside a
    quoted field), a lone \r (a line end the cut does not count), or no newline at all
    (a line longer than a block), that chunk is read as CSV text instead (_chunks), as
    is a place after a lone \r (not a byte offset)."""
    with open(path, "rb") as raw, open(path, encoding="utf-8-sig", newline="") as text:
        held, base, eof = b"", -1, False  # held: the file's bytes from `base` on
        seen_bytes, seen_lines = 0, 0
        while True:
            end = -1
            if position < PLAIN:
                if not base <= position <= base + len(held):
                    raw.seek(position)
                    held, base, eof = b"", position, False
                at = position - base
                per_line = seen_bytes / seen_lines if seen_lines else 100.0
                want = max(1, min(BLOCK_BYTES, int(size() * per_line)))
                if len(held) - at < want and not eof:
                    more = raw.read(BLOCK_BYTES)
                    eof = len(more) < BLOCK_BYTES
                    held, base, at = held[at:] + more, position, 0
                if at == len(held):
                    return
                newline = held.find(b"\n", min(at + want, len(held)) - 1)
                if newline < 0:
                    newline = held.rfind(b"\n", at)
                end = newline + 1 if newline >= 0 else len(held) if eof else -1
            if (
                end > 0
                and held.find(b'"', at, end) < 0
                and held.count(b"\r", at, end) == held.count(b"\r\n", at, end)
            ):
                count = held.count(b"\n", at, end) + (held[end - 1 : end] != b"\n")
                seen_bytes, seen_lines = seen_bytes + end - at, seen_lines + count
                yield _Chunk(position, line, count, None, base + end, line + count, cut=True)
                position, line = base + end, line + count
                continue
            text.seek(position)
            lines = _Lines(text)
            lines.line = line
            chunk = next(_chunks(csv.reader(lines), lines, text, keep=False, size=size), None)
            if chunk is None:
                return
            yield chunk
            position, line = chunk.position, chunk.line


def _start(handle: TextIO) -> int:
    """Where the next record starts: a byte offset, or a tell() that is not one."""
    place = _place(handle)
    return handle.tell() if place is None else place


def check_range(
    kind: str,
    path: Path,
    header: list[str],
    start: int,
    first_line: int,
    count: int,
    sort: bool = False,
    end: int | None = None,
) -> Checked | _Sorted:
    """check_chunk for `count` records read from `start` of the file (in a worker), or,
    given `end`, for all the records of the byte range [start, end) (a chunk cut by
    _cut_chunks); with `sort`, sort_chunk of that."""
    if end is None:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            handle.seek(start)
            lines = _Lines(handle)
            lines.line = first_line
            items = list(islice(_read_rows(csv.reader(lines), lines), count))
    else:
        with open(path, "rb") as raw:
            raw.seek(start)
            data = raw.read(end - start)
        text = data.decode("utf-8-sig" if start == 0 else "utf-8")
        lines = _Lines(io.StringIO(text, newline=""))
        lines.line = first_line
        items = list(_read_rows(csv.reader(lines), lines))
    checked = check_chunk(kind, header, items)
    return sort_chunk(kind, checked) if sort else checked


def _die_with_parent() -> None:
    """A worker must not outlive an import that was killed (Linux: PR_SET_PDEATHSIG)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


class _Checker:
    """Chunks checked ahead of the writer, handed over in file order: by `workers` worker
    processes, or here when 0. At most a few chunks wait (memory stays flat with the file
    size), more while the writer pauses (see read_ahead)."""

    AHEAD_IN_A_PAUSE = 24

    def __init__(
        self,
        kind: str,
        path: Path,
        header: list[str],
        chunks: Iterator[_Chunk],
        workers: int,
        *,
        sort: bool = False,
    ) -> None:
        self._task = (kind, path, header)
        self._sort = sort
        self._chunks = chunks
        self._pool: ProcessPoolExecutor | None = None
        if workers:
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(
                workers, mp_context=context, initializer=_die_with_parent
            )
        self._depth = 2 * workers + 1
        self._ahead: deque[tuple[_Chunk, Future[Checked | _Sorted] | Checked | _Sorted]] = deque()

    def _take_one(self) -> bool:
        chunk = next(self._chunks, None)
        if chunk is None:
            return False
        kind, path, header = self._task
        checked: Future[Checked | _Sorted] | Checked | _Sorted
        if self._pool is None:
            checked = check_chunk(kind, header, chunk.items or [])
            if self._sort:
                checked = sort_chunk(kind, checked)
            chunk.items = None
        else:
            end = chunk.position if chunk.cut else None
            task = (kind, path, header, chunk.start, chunk.first_line, chunk.count, self._sort, end)
            checked = self._pool.submit(check_range, *task)
        self._ahead.append((chunk, checked))
        return True

    def read_ahead(self, seconds: float) -> None:
        """Take chunks for `seconds` (the writer is pausing): sleep if there is no more."""
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            if len(self._ahead) >= self.AHEAD_IN_A_PAUSE or not self._take_one():
                time.sleep(max(0.0, until - time.monotonic()))

    def __iter__(self) -> Iterator[tuple[_Chunk, Checked | _Sorted]]:
        while True:
            while len(self._ahead) < self._depth and self._take_one():
                pass
            if not self._ahead:
                return
            chunk, checked = self._ahead.popleft()
            yield chunk, checked.result() if isinstance(checked, Future) else checked

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


def _open(path: Path) -> tuple[TextIO, os.stat_result]:
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
        return handle, os.fstat(handle.fileno())
    except OSError as err:
        raise ImportFileError(f"{path}: {err.strerror}") from None


def _default_workers(size: int) -> int:
    """One worker per core beyond the writer's, at most two; none on one core. The
    writer's CPU is about one worker's (docs/benchmarks.md, "Third round"): on two
    cores one worker was faster than two and than none."""
    if size < PARALLEL_BYTES:
        return 0
    return min(2, (os.cpu_count() or 1) - 1)


def _start_reading(
    spec: FileKind, handle: TextIO, path: Path
) -> tuple[_Lines, Iterator[list[str]], list[str]]:
    """The file's lines, its CSV reader and its header (a column missing refuses the file)."""
    lines = _Lines(handle)
    reader = csv.reader(lines)
    header = _read_header(reader, lines, path)
    missing = [c for c in spec.columns if c not in header]
    if missing:
        raise ImportFileError(f"{path}: missing column(s) {', '.join(missing)}")
    return lines, reader, header


def read_checked(
    kind: str,
    path: Path,
    *,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> Iterator[Checked]:
    """The whole file, checked as import_file checks it (the same reading, the same row
    checks and line numbers), chunk by chunk in file order, with no database: for an
    import elsewhere (the central office's: kiosk/services/central.py). What it cannot
    check alone, an unknown person or a repeated key, is left to the caller.

    Raises ImportFileError as import_file does. `progress` and `workers` as there.
    """
    spec = KINDS[kind]
    handle, stat = _open(path)
    if workers is None:
        workers = _default_workers(stat.st_size)
    try:
        lines, reader, header = _start_reading(spec, handle, path)
        shown = lines.line
        if progress and shown > 1:
            progress(shown - 1)
        if workers:
            chunks = _cut_chunks(path, _start(handle), lines.line, lambda: CHUNK_ROWS)
        else:
            chunks = _chunks(reader, lines, handle, keep=True)
        checker = _Checker(kind, path, header, chunks, workers)
        try:
            for chunk, checked in checker:
                assert not isinstance(checked, _Sorted)
                yield checked
                if progress:
                    progress(chunk.line - shown)
                    shown = chunk.line
        finally:
            checker.close()
    except UnicodeDecodeError:
        raise ImportFileError(f"{path}: not a UTF-8 CSV file") from None
    finally:
        handle.close()


def import_file(
    store: Store,
    kind: str,
    path: Path,
    *,
    actor: str = "operator",
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Import one CSV file of the given kind ('persons', 'ledger', ...).

    The file goes in chunk by chunk, each chunk in its own short transaction with the
    file's place, so kiosks never wait long for the write lock and an interrupted import,
    run again on the same file, goes on where it stopped and ends as an uninterrupted one
    would (same rows, same refusals, one audit row).

    `progress`, if given, is called with how many more physical lines have been read.
    `workers`: processes checking rows (0: here; default: for files over 1 MB one per
    core beyond the first, at most two).
    """
    spec = KINDS[kind]
    handle, stat = _open(path)
    if workers is None:
        workers = _default_workers(stat.st_size)
    import_id = f"{kind}:{path.resolve()}"
    report = ImportReport(kind, path)
    try:
        lines, reader, header = _start_reading(spec, handle, path)
        with store.write() as db:
            state = registry_store.import_state(db, import_id)
            if state is None or (state["size"], state["mtime_ns"]) != (
                stat.st_size,
                stat.st_mtime_ns,
            ):
                registry_store.start_import(db, import_id, kind, stat.st_size, stat.st_mtime_ns)
            else:  # resume where the last run stopped
                # a tell() of the text file, also the byte offset below PLAIN (places
                # saved before chunks were cut from bytes are the same values)
                handle.seek(state["position"])
                lines.line = state["line"]
                report.rows, report.written = state["rows"], state["written"]
                report.refused = [
                    RowError(line, key, column, tuple(tuple(v) for v in json.loads(values)))
                    for line, key, column, values in registry_store.refused_so_far(db, import_id)
                ]
        if progress and lines.line > 1:
            progress(lines.line - 1)
        shown = lines.line
        checker: _Checker | None = None

        def read_ahead(seconds: float) -> None:
            if checker is None:
                time.sleep(seconds)
            else:
                checker.read_ahead(seconds)

        pace = BulkWriter(store, read_ahead)
        if workers:  # the workers read the records; here the file is only cut
            chunks = _cut_chunks(path, _start(handle), lines.line, lambda: pace.rows)
        else:
            chunks = _chunks(reader, lines, handle, keep=True, size=lambda: pace.rows)
        checker = _Checker(kind, path, header, chunks, workers, sort=True)
        try:
            for chunk, checked in checker:
                assert isinstance(checked, _Sorted)
                with pace.write(checked.count) as db:
                    refused = _write_chunk(db, spec, import_id, checked, report)
                    registry_store.add_refused(
                        db,
                        import_id,
                        (
                            (e.line, e.key, e.column, json.dumps(e.values, ensure_ascii=False))
                            for e in refused
                        ),
                    )
                    registry_store.save_place(
                        db, import_id, chunk.position, chunk.line, report.rows, report.written
                    )
                report.refused.extend(refused)
                if progress:
                    progress(chunk.line - shown)
                    shown = chunk.line
        finally:
            checker.close()
        with store.write() as db:
            registry_store.end_import(db, import_id)
            audit.record(
                db,
                actor,
                "registry:import",
                kind,
                file=path.name,
                rows=report.rows,
                written=report.written,
                refused=len(report.refused),
            )
    except UnicodeDecodeError:
        raise ImportFileError(f"{path}: not a UTF-8 CSV file") from None
    finally:
        handle.close()
    report.refused.sort(key=lambda e: e.line)
    return report


def _write_chunk(
    db: Transaction, spec: FileKind, import_id: str, chunk: _Sorted, report: ImportReport
) -> list[RowError]:
    """Write one checked chunk; returns its refusals (the rows' own, then an unknown person,
    then a repeated key). Counts go into the report, which is saved with the chunk."""
    refused = list(chunk.refused)
    lines, values, keys, distinct = chunk.lines, chunk.values, chunk.keys, chunk.distinct
    repeats = chunk.repeats
    if spec.needs_person:
        at = registry_store.fields(spec.table).index("id_number")
        known = registry_store.known_ids(db, chunk.persons)
        if len(known) < len(chunk.persons):
            kept = [i for i, v in enumerate(values) if v[at] in known]
            refused.extend(
                RowError(line, "import.unknown_person", "id_number")
                for line, v in zip(lines, values, strict=True)
                if v[at] not in known
            )
            lines, values = [lines[i] for i in kept], [values[i] for i in kept]
            keys, distinct, repeats = _keys(spec, lines, values)
    if spec.key:
        earlier = registry_store.seen_before(db, import_id, keys, distinct)
        if earlier or repeats:
            # a key first seen in an earlier chunk: its repeats here name that line too
            repeats = {line: earlier.get(first, first) for line, first in repeats.items()}
            repeats.update(earlier)
            message, column = spec.repeat
            for line, first in sorted(repeats.items()):
                refused.append(RowError(line, message, column, (("line", first),)))
            values = [v for n, v in zip(lines, values, strict=True) if n not in repeats]
    report.written += registry_store.put_values(db, spec.table, values)
    report.rows += chunk.count
    return refused
