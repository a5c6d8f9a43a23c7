"""Input reading: every format yields one record per input record, in order, and a bad record or a broken stream
never ends the run silently. No model is needed here: these tests read, they do not score."""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from artifactdet import io as aio
from artifactdet.errors import InputError
from artifactdet.io import Fields, Record, ZstdReader, open_input, read_records

TEXT = (
    "The council met on Tuesday to discuss the new budget for the city. Members said that the plan would "
    "raise funds for schools and roads, and that they expected a vote before the end of the month."
)
FIELDS = Fields(text="content", id="doc_id")


def _lines(rows: list[dict[str, object]]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in rows)


def _zstd_frames(data: bytes, frame_bytes: int = 700) -> bytes:
    # Several frames, as parallel compressors and concatenated shards write them: all must be read.
    cctx = zstandard.ZstdCompressor()
    return b"".join(cctx.compress(data[i : i + frame_bytes]) for i in range(0, len(data), frame_bytes))


JSONL_WRITERS: dict[str, Callable[[bytes], bytes]] = {
    "in.jsonl": lambda b: b,
    "in.jsonl.gz": gzip.compress,
    "in.json.gz": gzip.compress,
    "in.jsonl.zst": _zstd_frames,
}


def _write(tmp_path: Path, name: str, rows: list[dict[str, object]]) -> Path:
    path = tmp_path / name
    if name.endswith(".parquet"):
        pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=4)
    else:
        path.write_bytes(JSONL_WRITERS[name](_lines(rows)))
    return path


@pytest.mark.parametrize("name", [*JSONL_WRITERS, "in.parquet"])
def test_every_format_round_trips_in_order_with_custom_fields(tmp_path: Path, name: str) -> None:
    rows: list[dict[str, object]] = [{"doc_id": f"d{i}", "content": f"{TEXT} {i}", "url": f"u{i}"} for i in range(11)]
    path = _write(tmp_path, name, rows)
    records = list(read_records(str(path), FIELDS))
    assert [r.id for r in records] == [f"d{i}" for i in range(11)]
    assert [r.text for r in records] == [f"{TEXT} {i}" for i in range(11)]
    assert [r.line for r in records] == list(range(1, 12))
    assert all(r.error is None for r in records)
    assert records[3].raw == rows[3]  # other fields come along for filter to pass on


@pytest.mark.parametrize("name", JSONL_WRITERS)
def test_bad_jsonl_records_become_error_records_in_every_compression(tmp_path: Path, name: str) -> None:
    data = (
        json.dumps({"doc_id": "a", "content": TEXT}).encode() + b"\n"
        b"{not json\n"
        b'{"doc_id": "b"}\n'
        b'{"doc_id": "c", "content": 42}\n'
        b'{"doc_id": "d", "content": "caf\xe9"}\n'
        b"\n"
        b'["a list"]\n'
        b'{"doc_id": [1], "content": "x"}\n' + json.dumps({"content": TEXT}).encode() + b"\n"
    )
    path = tmp_path / name
    path.write_bytes(JSONL_WRITERS[name](data))
    records = list(read_records(str(path), FIELDS))
    got = [(r.line, r.id, r.error.code if r.error else None) for r in records]
    assert got == [
        (1, "a", None),
        (2, None, "malformed_json"),
        (3, "b", "missing_text"),
        (4, "c", "not_text"),
        (5, None, "invalid_utf8"),
        (7, None, "malformed_record"),  # line 6 is blank: no record, but it keeps its number
        (8, None, "bad_id"),
        (9, "9", None),  # no id: the line number stands in
    ]
    assert records[2].error is not None and "'content'" in records[2].error.message


def test_parquet_bad_rows_become_error_records(tmp_path: Path) -> None:
    # Arrow does not check UTF-8 when a writer's bytes are viewed as strings, and some writers do not either.
    content = pa.array([TEXT.encode(), None, b"caf\xe9", TEXT.encode(), b""], type=pa.binary()).view(pa.string())
    table = pa.table({"doc_id": pa.array(["a", "b", "c", None, "e"]), "content": content})
    path = tmp_path / "in.parquet"
    pq.write_table(table, path, row_group_size=2)
    records = list(read_records(str(path), FIELDS))
    got = [(r.line, r.id, r.error.code if r.error else None) for r in records]
    assert got == [(1, "a", None), (2, "b", "missing_text"), (3, "c", "invalid_utf8"), (4, "4", None), (5, "e", None)]
    assert records[1].error is not None and records[1].error.message == "row 2: 'content' is null"
    assert records[4].text == ""  # empty text is the scorer's to refuse, with its own code


def test_parquet_is_read_in_batches_across_row_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aio, "PARQUET_BATCH_ROWS", 3)
    seen: list[int] = []
    real = aio._parquet_records

    def spy(batch: object, first_row: int, fields: Fields, keep_raw: bool) -> list[Record]:
        out = real(batch, first_row, fields, keep_raw)
        seen.append(len(out))
        return out

    monkeypatch.setattr(aio, "_parquet_records", spy)
    rows: list[dict[str, object]] = [{"doc_id": f"d{i}", "content": TEXT, "n": i} for i in range(11)]
    path = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=5)
    records = list(read_records(str(path), FIELDS))
    assert [r.id for r in records] == [f"d{i}" for i in range(11)]
    assert seen == [3, 2, 3, 2, 1]  # never more than a batch at once, never across a row group
    # Scoring needs only the text and the id: the other columns are not read.
    lean = list(read_records(str(path), FIELDS, keep_raw=False))
    assert [r.id for r in lean] == [r.id for r in records] and all(r.raw is None for r in lean)


def test_a_corrupt_parquet_row_group_fails_only_its_own_rows(tmp_path: Path) -> None:
    rows: list[dict[str, object]] = [{"doc_id": f"d{i}", "content": f"{TEXT} {i}"} for i in range(6)]
    path = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=2, compression="none")
    column = pq.ParquetFile(path).metadata.row_group(1).column(1)
    offset = column.dictionary_page_offset or column.data_page_offset
    data = bytearray(path.read_bytes())
    data[offset : offset + 8] = b"\xff" * 8  # the page header of row group 1's text column
    path.write_bytes(bytes(data))
    records = list(read_records(str(path), FIELDS))
    assert [r.line for r in records] == [1, 2, 3, 4, 5, 6]
    assert [r.id for r in records] == ["d0", "d1", None, None, "d4", "d5"]
    codes = [r.error.code if r.error else None for r in records]
    assert codes == [None, None, "corrupt_input", "corrupt_input", None, None]
    assert records[2].error is not None and records[2].error.message.startswith("row 3: row group 1 of ")


def _many(n: int) -> bytes:
    return _lines([{"doc_id": f"d{i}", "content": f"{TEXT} {i}"} for i in range(n)])


@pytest.mark.parametrize(
    ("name", "compress"),
    [("in.jsonl.gz", gzip.compress), ("in.jsonl.zst", _zstd_frames)],
)
def test_a_truncated_stream_keeps_what_was_read_then_one_error_record(
    tmp_path: Path, name: str, compress: Callable[[bytes], bytes]
) -> None:
    whole = compress(_many(200))
    path = tmp_path / name
    path.write_bytes(whole[: len(whole) // 2])
    records = list(read_records(str(path), FIELDS))
    *good, last = records
    assert 0 < len(good) < 200
    assert [r.id for r in good] == [f"d{i}" for i in range(len(good))]
    assert all(r.error is None for r in good)
    assert last.line == len(good) + 1 and last.id is None
    assert last.error is not None and last.error.code == "truncated_input"
    assert last.error.message.startswith(f"{path}: the compressed stream ends early at line {len(good) + 1}, after ")
    assert f"lines 1-{len(good)} were read" in last.error.message


def test_a_gzip_stream_with_a_bad_crc_ends_with_a_corrupt_input_record(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(_many(20)))
    data[-8] ^= 0xFF  # the CRC in the trailer: every line decompresses, the check at the end fails
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(bytes(data))
    records = list(read_records(str(path), FIELDS))
    assert len(records) == 21 and all(r.error is None for r in records[:20])
    assert records[20].error is not None and records[20].error.code == "corrupt_input"
    assert "CRC check failed" in records[20].error.message


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("in.jsonl.gz", b'{"id": 1}\n', "in.jsonl.gz: not a gzip file (starts with bytes 7b 22 69 64, not 1f 8b)"),
        ("in.jsonl.zst", gzip.compress(b"x"), "in.jsonl.zst: not a zstd file (starts with bytes 1f 8b"),
        ("in.jsonl", gzip.compress(b"x"), "in.jsonl: is gzip-compressed; name it *.gz"),
        ("in.jsonl", _zstd_frames(b"x"), "in.jsonl: is zstd-compressed; name it *.zst"),
        ("in.parquet", b"PAR1 cut off", "in.parquet: not a readable Parquet file ("),
    ],
)
def test_an_input_that_cannot_be_read_at_all_is_refused_before_reading(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        open_input(str(path), FIELDS)
    assert caught.value.code == "unreadable_input"
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (pa.table({"doc_id": ["a"], "text": [TEXT]}), "no column 'content' (columns: doc_id, text); choose one with"),
        (pa.table({"doc_id": ["a"], "content": [1]}), "column 'content' holds int64, not strings"),
    ],
)
def test_a_parquet_schema_without_the_text_column_is_refused(tmp_path: Path, table: pa.Table, message: str) -> None:
    path = tmp_path / "in.parquet"
    pq.write_table(table, path)
    with pytest.raises(InputError) as caught:
        open_input(str(path), FIELDS)
    assert message in caught.value.message


def test_parquet_without_the_id_column_numbers_rows_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"content": pa.array([TEXT, TEXT]).dictionary_encode()}), path)
    assert [r.id for r in read_records(str(path), FIELDS)] == ["1", "2"]
    assert "no column 'doc_id'; records get their row number as id" in capsys.readouterr().err


def test_empty_compressed_files_are_empty_inputs(tmp_path: Path) -> None:
    for name in ("a.jsonl.gz", "a.jsonl.zst", "a.jsonl"):
        (tmp_path / name).write_bytes(b"")
        assert list(read_records(str(tmp_path / name))) == []


def test_zstd_reader_reads_frames_in_pieces() -> None:
    import io

    data = _many(50)
    reader = io.BufferedReader(ZstdReader(io.BytesIO(_zstd_frames(data, 333))), buffer_size=64)
    assert reader.read() == data
    with pytest.raises(zstandard.ZstdError):
        io.BufferedReader(ZstdReader(io.BytesIO(_zstd_frames(data) + b"garbage!"))).read()


def test_progress_position_follows_the_compressed_file(tmp_path: Path) -> None:
    noise = random.Random(0)
    # Text that compresses poorly, so the file is read in many chunks rather than one.
    rows: list[dict[str, object]] = [{"doc_id": str(i), "content": noise.randbytes(1000).hex()} for i in range(300)]
    path = _write(tmp_path, "in.jsonl.gz", rows)
    source = open_input(str(path), FIELDS)
    assert source.total_bytes == path.stat().st_size and source.total_records is None
    positions = [source.bytes_read() for _ in source]
    assert positions == sorted(positions) and 0 < positions[0] < positions[-1] <= source.total_bytes


def test_input_error_survives_pickling() -> None:
    # Worker processes send refusals back pickled; an InputError that failed to unpickle hung --workers runs.
    import pickle

    from artifactdet.errors import InputError

    err = pickle.loads(pickle.dumps(InputError("empty", "the text is empty")))
    assert isinstance(err, InputError) and (err.code, err.message) == ("empty", "the text is empty")
