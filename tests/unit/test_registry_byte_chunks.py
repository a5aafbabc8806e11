"""The import's worker mode cuts the file into byte ranges at newlines (registry_import.
_cut_chunks) where no quote or lone \\r makes that unsafe, and reads it as CSV text where
one does: either way every row, line number and refusal is what the in-process import makes
of the same file, and an interrupted import resumes from the place either mode saved."""

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.services import bulk_writes, registry_import
from kiosk.services.database import open_database
from kiosk.services.registry_import import _cut_chunks, count_lines, import_file
from tests.helpers.registry_files import PERSONS_HEADER, person_id

HEADER = PERSONS_HEADER.strip()


def row(n: int, name: str = "", phone: str = "13800138000") -> str:
    return f"{person_id(n)},{name or f'名{n}'},{phone},employee,active,2010-05-01"


def summary(report):
    refused = [(e.line, e.key, e.column, e.values) for e in report.refused]
    return report.rows, report.written, refused


def persons_in(store):
    return list(store.db.execute("SELECT * FROM persons ORDER BY id_number").fetchall())


def import_both(folder: Path, path: Path):
    """The file imported in process and with two workers, each into a fresh database."""
    results = []
    for workers in (0, 2):
        store = open_database(folder / f"w{workers}.db", create=True)
        try:
            report = import_file(store, "persons", path, workers=workers)
            results.append((summary(report), persons_in(store)))
        finally:
            store.close()
    return results


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of three rows and blocks of 64 bytes, so small files cross many of both."""
    monkeypatch.setattr(bulk_writes, "CHUNK_ROWS", 3)
    monkeypatch.setattr(bulk_writes, "MIN_CHUNK_ROWS", 3)
    monkeypatch.setattr(registry_import, "BLOCK_BYTES", 64)


def chunks_of(path: Path, rows: int = 3):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        handle.readline()
        start = registry_import._start(handle)
    return list(_cut_chunks(path, start, 1, lambda: rows))


def test_a_clean_file_is_cut_from_bytes_into_whole_lines(tmp_path, small_chunks):
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "\n" + "".join(row(n) + "\n" for n in range(20)), encoding="utf-8")
    chunks = chunks_of(path)
    assert all(c.cut for c in chunks)
    assert sum(c.count for c in chunks) == 20 and chunks[-1].line == 21
    data = path.read_bytes()
    assert chunks[-1].position == len(data)
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert before.position == after.start and before.line == after.first_line
        assert data[before.position - 1 : before.position] == b"\n"


def test_a_quoted_newline_across_a_block_boundary_is_read_as_text(tmp_path, small_chunks):
    path = tmp_path / "p.csv"
    long_name = "名" * 30  # 90 bytes: the quoted field passes a 64-byte block boundary
    rows = [row(0), row(1), f'{person_id(2)},"{long_name}\n\n{long_name}",1,employee,active,x']
    rows += [row(n) for n in range(3, 12)] + [row(12, phone="12345")]
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    chunks = chunks_of(path)
    assert any(c.cut for c in chunks) and not all(c.cut for c in chunks)
    ours, theirs = import_both(tmp_path, path)
    assert ours == theirs
    (rows_, written, refused), _ = ours
    assert written == 11
    assert [(line, key) for line, key, _, _ in refused] == [
        (4, "import.bad_name"),  # lines 4-6, the quoted newlines
        (16, "import.bad_phone"),
    ]


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"])
@pytest.mark.parametrize("bom", [False, True])
def test_line_endings_and_a_bom_give_the_same_lines_in_both_modes(
    tmp_path, small_chunks, ending, bom
):
    rows = [HEADER, row(0), "", row(1, phone="12345"), "", "", row(2), " "]
    rows += [row(n) for n in range(3, 9)] + [row(9, phone="1")]
    path = tmp_path / "p.csv"
    path.write_bytes(b"\xef\xbb\xbf" * bom + ending.join(rows).encode() + ending.encode())
    chunks = chunks_of(path)
    assert all(c.cut for c in chunks) == (ending != "\r")  # a lone \r is read as text
    ours, theirs = import_both(tmp_path, path)
    assert ours == theirs
    (_, written, refused), _ = ours
    assert [(line, key, column) for line, key, column, _ in refused] == [
        (4, "import.bad_phone", "phone"),
        (8, "id.empty", "id_number"),  # a line of one space is a row
        (15, "import.bad_phone", "phone"),
    ]
    assert written == 8


def test_a_row_too_long_in_a_cut_range_is_refused_alone(tmp_path):
    path = tmp_path / "p.csv"
    rows = [row(0), row(1, name="长" * 70_000), row(2), row(3, phone="123")]
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert all(c.cut for c in chunks_of(path, rows=5000))
    ours, theirs = import_both(tmp_path, path)
    assert ours == theirs
    assert ours[0][2] == [
        (3, "import.row_too_long", "", ()),
        (5, "import.bad_phone", "phone", ()),
    ]


def test_a_line_longer_than_a_block_is_read_as_text(tmp_path, small_chunks):
    path = tmp_path / "p.csv"
    rows = [row(0), row(1, name="x" * 500), row(2), row(3)]
    path.write_text(HEADER + "\n" + "\n".join(rows), encoding="utf-8")  # no last newline
    chunks = chunks_of(path)
    assert not all(c.cut for c in chunks)
    assert chunks[-1].line == 5 and chunks[-1].position == path.stat().st_size
    ours, theirs = import_both(tmp_path, path)
    assert ours == theirs
    assert ours[0][2] == [(3, "import.bad_name", "name", ())]


class Stop(Exception):
    pass


@pytest.mark.parametrize("ending", ["\n", "\r"])
@pytest.mark.parametrize("first,then", [(0, 2), (2, 0), (2, 2)])
def test_a_place_saved_by_either_mode_resumes_in_either(
    tmp_path, small_chunks, ending, first, then
):
    """An import stopped after its first chunks (an exception from its progress callback,
    after the chunk and its place were committed) and run again ends as one that was not
    stopped, whichever mode saved the place; with lone \\r endings the place is a text
    tell() that is not a byte offset."""
    rows = [HEADER] + [row(n, phone="12345" if n % 4 == 1 else "13800138000") for n in range(30)]
    rows[10] = f'{person_id(9)},"two\nlines",13800138000,employee,active,2010-05-01'
    rows[20] = row(3)  # a repeat of line 5
    path = tmp_path / "p.csv"
    path.write_bytes(ending.join(rows).encode() + ending.encode())
    (reference, reference_rows), _ = import_both(tmp_path, path)
    store = open_database(tmp_path / "k.db", create=True)
    calls = 0

    def stop_after_some(_lines: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise Stop

    with pytest.raises(Stop):
        import_file(store, "persons", path, workers=first, progress=stop_after_some)
    place = store.db.execute("SELECT position, line FROM registry_imports").fetchone()
    assert place is not None and 1 < place[1] < 31
    report = import_file(store, "persons", path, workers=then)
    assert summary(report) == reference
    assert persons_in(store) == reference_rows
    assert store.db["audit_log"].count == 1
    store.close()


# --- both modes agree on generated files ---------------------------------------------------------

PIECES = st.one_of(
    st.integers(0, 40).map(lambda n: row(n)),
    st.integers(0, 40).map(lambda n: row(n, phone="12345")),
    st.integers(0, 40).map(
        lambda n: row(n, name="王\n小明").replace("王", '"王').replace("明", '明"')
    ),
    st.integers(0, 40).map(lambda n: row(n, name='"a""b"')),
    st.integers(0, 40).map(
        lambda n: row(n, name="王\r\n明").replace("王", '"王').replace("明", '明"')
    ),
    st.just(""),
    st.just(" "),
    st.just(","),
    st.text(alphabet=st.sampled_from('ab,"\n\r 名\x00\x0b\x1c\x85\u2028\ufeff'), max_size=12),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    pieces=st.lists(PIECES, max_size=40),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
    bom=st.booleans(),
    last_newline=st.booleans(),
    block=st.integers(16, 400),
    rows=st.integers(1, 7),
)
def test_both_modes_make_the_same_of_any_file(
    monkeypatch, pieces, ending, bom, last_newline, block, rows
):
    with monkeypatch.context() as patch, tempfile.TemporaryDirectory() as folder:
        patch.setattr(bulk_writes, "CHUNK_ROWS", rows)
        patch.setattr(bulk_writes, "MIN_CHUNK_ROWS", rows)
        patch.setattr(registry_import, "BLOCK_BYTES", block)
        path = Path(folder) / "p.csv"
        text = ending.join([HEADER, *pieces]) + ending * last_newline
        path.write_bytes(b"\xef\xbb\xbf" * bom + text.encode())
        chunks = chunks_of(path, rows)
        for before, after in zip(chunks, chunks[1:], strict=False):
            assert before.position == after.start and before.line == after.first_line
        if chunks:  # every physical line counted, as the progress bar's count does
            assert chunks[-1].line == count_lines(path)
            assert chunks[-1].position == path.stat().st_size
        ours, theirs = import_both(Path(folder), path)
        assert ours == theirs


@pytest.mark.parametrize("workers", [0, 2])
def test_a_byte_that_is_not_utf8_in_a_cut_range_stops_the_import_as_in_process(
    tmp_path, small_chunks, workers
):
    path = tmp_path / "p.csv"
    body = "".join(row(n) + "\n" for n in range(400)).encode()  # past a text read-ahead
    path.write_bytes(HEADER.encode() + b"\n" + body + "王乐乐".encode("gbk") + b"\n")
    store = open_database(tmp_path / "k.db", create=True)
    with pytest.raises(registry_import.ImportFileError, match="not a UTF-8 CSV file"):
        import_file(store, "persons", path, workers=workers)
    assert store.db["persons"].count >= 3  # the chunks before it are written
    store.close()
