"""Reading input records for the CLI: JSONL (plain, gzip or zstd; file or stdin), Parquet, one .txt file, or a
directory of .txt files; and writing JSONL outputs (plain, gzip or zstd).

Every physical record yields exactly one :class:`Record`: a record that cannot be read carries its error
instead of its text, so callers can report it in place and nothing is dropped silently. Problems with the input
as a whole (missing file, wrong magic number, unreadable Parquet footer, no such column) are raised by
:func:`open_input` before any record is read, so a caller can refuse before it creates any output.

A compressed stream that breaks part-way (truncated, bad CRC, corrupt block) ends with one error record
(``truncated_input`` or ``corrupt_input``) after the records read before the break: in a corpus run one bad
shard is reported in place instead of killing the job, and the records before the break are not thrown away.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import gzip
import io
import json
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final, Literal

from artifactdet.errors import InputError
from artifactdet.validate import decode_utf8

Format = Literal["jsonl", "jsonl.gz", "jsonl.zst", "parquet", "txt", "txt-dir"]

GZIP_MAGIC: Final = b"\x1f\x8b"
ZSTD_MAGIC: Final = b"\x28\xb5\x2f\xfd"
PARQUET_MAGIC: Final = b"PAR1"
PARQUET_BATCH_ROWS: Final = 1024
_ZSTD_READ: Final = 1 << 16


@dataclass(frozen=True)
class Record:
    line: int  # 1-based line number in JSONL, row number in Parquet, or position in a directory listing
    id: str | None
    text: str | None
    raw: dict[str, Any] | None  # the parsed JSON object (or Parquet row), kept so filter can pass other fields on
    error: InputError | None = None


@dataclass(frozen=True)
class Fields:
    text: str = "text"
    id: str = "id"


def format_of(source: str) -> Format:
    """The input format a path names, from its extension (compressed inputs hold JSONL)."""
    path = Path(source)
    if path.is_dir():
        return "txt-dir"
    name = path.name.lower()
    if name.endswith(".parquet") or name.endswith(".pq"):
        return "parquet"
    if name.endswith(".gz"):
        return "jsonl.gz"
    if name.endswith(".zst") or name.endswith(".zstd"):
        return "jsonl.zst"
    if name.endswith(".txt"):
        return "txt"
    return "jsonl"


def _parse_jsonl_line(line_no: int, data: bytes, fields: Fields = Fields()) -> Record:
    try:
        line = decode_utf8(data, f"line {line_no}")
    except InputError as exc:
        return Record(line_no, None, None, None, exc)
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Record(
            line_no, None, None, None, InputError("malformed_json", f"line {line_no}: {exc.msg} at column {exc.colno}")
        )
    except RecursionError:
        # json.loads recurses per nesting level: a nesting bomb is one bad record, not a crash of the run.
        return Record(line_no, None, None, None, InputError("malformed_json", f"line {line_no}: nested too deeply"))
    if not isinstance(obj, dict):
        return Record(
            line_no,
            None,
            None,
            None,
            InputError("malformed_record", f"line {line_no}: expected a JSON object, got {type(obj).__name__}"),
        )
    rid = obj.get(fields.id)
    rid_str = None if rid is None else str(rid)
    if rid is not None and not isinstance(rid, (str, int)):
        return Record(line_no, None, None, obj, InputError("bad_id", f"line {line_no}: '{fields.id}' must be a string"))
    if fields.text not in obj:
        return Record(
            line_no, rid_str, None, obj, InputError("missing_text", f"line {line_no}: no '{fields.text}' field")
        )
    text = obj[fields.text]
    if not isinstance(text, str):
        return Record(
            line_no,
            rid_str,
            None,
            obj,
            InputError("not_text", f"line {line_no}: '{fields.text}' must be a string, got {type(text).__name__}"),
        )
    return Record(line_no, rid_str if rid_str is not None else str(line_no), text, obj)


def _one_line(exc: BaseException) -> str:
    # Arrow's and zlib's messages carry newlines and stray control bytes; a report line should not.
    text = "".join(c if c.isprintable() else " " for c in str(exc))
    return " ".join(text.split()) or type(exc).__name__


def _stream_error(name: str, after_line: int, exc: BaseException, position: str) -> InputError:
    code = "truncated_input" if isinstance(exc, EOFError) else "corrupt_input"
    what = "the compressed stream ends early" if code == "truncated_input" else "the stream is corrupt"
    detail = _one_line(exc)
    kept = f"lines 1-{after_line} were read, nothing after" if after_line else "no line could be read"
    return InputError(code, f"{name}: {what} at line {after_line + 1}{position} ({detail}); {kept}")


def _stream_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (EOFError, OSError, zlib.error)
    try:
        import zstandard
    except ImportError:
        return errors
    return (*errors, zstandard.ZstdError)


def read_jsonl(
    stream: Iterable[bytes],
    fields: Fields = Fields(),
    *,
    name: str = "input",
    position: Callable[[], str] = lambda: "",
) -> Iterator[Record]:
    """One record per non-blank line; a stream that breaks part-way ends with one error record."""
    errors = _stream_errors()
    lines = iter(stream)
    line_no = 0
    while True:
        try:
            data = next(lines)
        except StopIteration:
            return
        except errors as exc:
            yield Record(line_no + 1, None, None, None, _stream_error(name, line_no, exc, position()))
            return
        line_no += 1
        if not data.strip():
            continue  # blank lines carry no record
        yield _parse_jsonl_line(line_no, data.rstrip(b"\r\n"), fields)


class ZstdReader(io.RawIOBase):
    """Decompresses a zstd stream of one or more frames, and raises ``EOFError`` when it ends inside a frame.

    ``zstandard``'s own stream reader returns a truncated stream's data and then a clean end of file, which would
    pass a cut-off shard as complete.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        import zstandard

        self._raw = raw
        self._dctx = zstandard.ZstdDecompressor()
        self._obj = self._dctx.decompressobj()
        self._in_frame = False
        self._buf = b""
        self._pos = 0
        self._eof = False

    def readable(self) -> bool:
        return True

    def _feed(self, data: bytes) -> None:
        out: list[bytes] = []
        while data:
            out.append(self._obj.decompress(data))
            self._in_frame = True
            if not self._obj.eof:
                break
            # Concatenated frames (parallel compressors, appended shards) are one stream: start the next frame.
            data = self._obj.unused_data
            self._obj = self._dctx.decompressobj()
            self._in_frame = False
        self._buf = b"".join(out)
        self._pos = 0

    def readinto(self, buffer: Any) -> int:
        while self._pos >= len(self._buf) and not self._eof:
            chunk = self._raw.read(_ZSTD_READ)
            if not chunk:
                self._eof = True
                if self._in_frame:
                    raise EOFError("the zstd stream ends inside a frame")
                break
            self._feed(chunk)
        n = min(len(buffer), len(self._buf) - self._pos)
        buffer[:n] = self._buf[self._pos : self._pos + n]
        self._pos += n
        return n


def _read_txt(path: Path, position: int) -> Record:
    try:
        text = decode_utf8(path.read_bytes(), str(path))
    except InputError as exc:
        return Record(position, path.name, None, None, exc)
    except OSError as exc:
        return Record(position, path.name, None, None, InputError("unreadable", f"{path}: {exc.strerror}"))
    return Record(position, path.name, text, {"id": path.name, "text": text})


def _unreadable(message: str) -> InputError:
    return InputError("unreadable_input", message)


def _check_magic(path: Path, fmt: Format) -> None:
    with path.open("rb") as f:
        head = f.read(4)
    if not head:
        return  # an empty file is an empty input, whatever its name
    if fmt == "jsonl.gz" and not head.startswith(GZIP_MAGIC):
        raise _unreadable(f"{path}: not a gzip file (starts with bytes {head.hex(' ')}, not 1f 8b)")
    if fmt == "jsonl.zst" and head != ZSTD_MAGIC:
        raise _unreadable(f"{path}: not a zstd file (starts with bytes {head.hex(' ')}, not 28 b5 2f fd)")
    if fmt == "jsonl":
        # A compressed file under a plain name would become one garbage error record per line.
        if head.startswith(GZIP_MAGIC):
            raise _unreadable(f"{path}: is gzip-compressed; name it *.gz to have it decompressed")
        if head == ZSTD_MAGIC:
            raise _unreadable(f"{path}: is zstd-compressed; name it *.zst to have it decompressed")


class Input:
    """One input source: checked when constructed, read by iterating, with what a progress bar needs to know."""

    def __init__(self, source: str, fields: Fields = Fields(), *, keep_raw: bool = True) -> None:
        self.source = source
        self.fields = fields
        # Without raw rows, Parquet reads only the text and id columns: scoring needs no other column.
        self.keep_raw = keep_raw
        self.total_records: int | None = None
        self.total_bytes: int | None = None
        self._raw: IO[bytes] | None = None
        self._bytes_read = 0
        if source == "-":
            self.format: Format = "jsonl"
            return
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"{source}: no such file or directory")
        self.path = path
        self.format = format_of(source)
        if self.format == "txt-dir":
            self._files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix == ".txt")
            self.total_records = len(self._files)
        elif self.format == "txt":
            self.total_records = 1
        elif self.format == "parquet":
            self._parquet_columns = self._check_parquet()
        else:
            _check_magic(path, self.format)
            self.total_bytes = path.stat().st_size

    def bytes_read(self) -> int:
        """Bytes of the (compressed) file consumed so far; 0 where that means nothing (stdin, Parquet)."""
        if self._raw is not None:
            # A pipe, or a file already closed, keeps the last position.
            with contextlib.suppress(OSError, ValueError):
                self._bytes_read = self._raw.tell()
        return self._bytes_read

    def _position(self) -> str:
        if self.total_bytes is None:
            return ""
        return f", after {self.bytes_read():,} of {self.total_bytes:,} bytes of the file"

    def __iter__(self) -> Iterator[Record]:
        if self.source == "-":
            yield from self._read_stdin()
        elif self.format == "txt-dir":
            for i, p in enumerate(self._files, start=1):
                yield _read_txt(p, i)
        elif self.format == "txt":
            yield _read_txt(self.path, 1)
        elif self.format == "parquet":
            yield from self._read_parquet()
        else:
            yield from self._read_file()

    def _read_file(self) -> Iterator[Record]:
        with self.path.open("rb") as raw:
            self._raw = raw
            try:
                stream: Iterable[bytes]
                if self.format == "jsonl.gz":
                    stream = gzip.GzipFile(fileobj=raw, mode="rb")
                elif self.format == "jsonl.zst":
                    stream = io.BufferedReader(ZstdReader(raw))
                else:
                    stream = raw
                yield from read_jsonl(stream, self.fields, name=str(self.path), position=self._position)
            finally:
                self.bytes_read()
                self._raw = None

    def _read_stdin(self) -> Iterator[Record]:
        stdin = sys.stdin.buffer
        # A pipe has no name to go by, so compression is recognised by its magic number.
        peek = getattr(stdin, "peek", None)
        head = peek(4)[:4] if peek is not None else b""
        stream: Iterable[bytes] = stdin
        if head.startswith(GZIP_MAGIC):
            stream = gzip.GzipFile(fileobj=stdin, mode="rb")
        elif head == ZSTD_MAGIC:
            stream = io.BufferedReader(ZstdReader(stdin))
        yield from read_jsonl(stream, self.fields, name="stdin")

    def _check_parquet(self) -> list[str] | None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            pf = pq.ParquetFile(self.path)
        except (pa.ArrowException, OSError) as exc:
            raise _unreadable(f"{self.path}: not a readable Parquet file ({_one_line(exc)})") from None
        try:
            schema = pf.schema_arrow
            self.total_records = pf.metadata.num_rows
        finally:
            pf.close()
        names = schema.names
        if self.fields.text not in names:
            raise _unreadable(
                f"{self.path}: no column '{self.fields.text}' (columns: {', '.join(names)}); choose one with "
                "--text-field"
            )
        text_type = schema.field(self.fields.text).type
        if not _is_texty(text_type):
            raise _unreadable(
                f"{self.path}: column '{self.fields.text}' holds {text_type}, not strings; choose another with "
                "--text-field"
            )
        if self.fields.id not in names:
            print(
                f"artifactdet: {self.path}: no column '{self.fields.id}'; records get their row number as id",
                file=sys.stderr,
            )
        if self.keep_raw:
            return None
        return [c for c in (self.fields.text, self.fields.id) if c in names]

    def _read_parquet(self) -> Iterator[Record]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(self.path)
        try:
            first_row = 1
            for group in range(pf.num_row_groups):
                group_rows = pf.metadata.row_group(group).num_rows
                done = 0
                batches = pf.iter_batches(
                    batch_size=PARQUET_BATCH_ROWS, row_groups=[group], columns=self._parquet_columns
                )
                while True:
                    try:
                        batch = next(batches, None)
                        if batch is None:
                            break
                        # Built whole before any is yielded, so a batch that fails half-way is not half-counted.
                        records = _parquet_records(batch, first_row + done, self.fields, self.keep_raw)
                    except (pa.ArrowException, OSError) as exc:
                        # The footer says how many rows the broken row group holds: each still gets its record, so
                        # the accounting of a corpus run stays exact, and the next row group is read as usual.
                        error = f"row group {group} of {self.path} could not be read ({_one_line(exc)})"
                        for row in range(first_row + done, first_row + group_rows):
                            yield Record(row, None, None, None, InputError("corrupt_input", f"row {row}: {error}"))
                        break
                    yield from records
                    done += len(records)
                first_row += group_rows
        finally:
            pf.close()


def _is_texty(t: Any) -> bool:
    import pyarrow as pa

    if pa.types.is_dictionary(t):
        t = t.value_type
    return bool(
        pa.types.is_string(t)
        or pa.types.is_large_string(t)
        or pa.types.is_binary(t)
        or pa.types.is_large_binary(t)
        or pa.types.is_string_view(t)
        or pa.types.is_binary_view(t)
    )


def _parquet_records(batch: Any, first_row: int, fields: Fields, keep_raw: bool) -> list[Record]:
    import pyarrow as pa

    column = batch.column(fields.text)
    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    # As bytes: Parquet writers do not all check UTF-8, and one bad value must fail its own row, not the batch.
    texts: list[bytes | None] = column.cast(pa.large_binary()).to_pylist()
    names = batch.schema.names
    ids = batch.column(fields.id).to_pylist() if fields.id in names else [None] * len(texts)
    others = {n: batch.column(n).to_pylist() for n in names if n != fields.text} if keep_raw else {}
    records: list[Record] = []
    for i, data in enumerate(texts):
        row = first_row + i
        rid = str(row) if ids[i] is None else str(ids[i])
        text: str | None = None
        error: InputError | None = None
        if data is None:
            error = InputError("missing_text", f"row {row}: '{fields.text}' is null")
        else:
            try:
                text = decode_utf8(data, f"row {row}")
            except InputError as exc:
                error = exc
        raw: dict[str, Any] | None = None
        if keep_raw:
            raw = {n: (text if n == fields.text else others[n][i]) for n in names}
        records.append(Record(row, rid, text, raw, error))
    return records


def open_input(source: str, fields: Fields = Fields(), *, keep_raw: bool = True) -> Input:
    """Check ``source`` as a whole (raising before any output exists) and return it ready to iterate."""
    return Input(source, fields, keep_raw=keep_raw)


def read_records(source: str, fields: Fields = Fields(), *, keep_raw: bool = True) -> Iterator[Record]:
    """Records from ``-`` (JSONL on stdin, gzip or zstd recognised), a ``.jsonl`` / ``.jsonl.gz`` /
    ``.jsonl.zst`` / ``.parquet`` / ``.txt`` file, or a directory of ``.txt`` files."""
    return iter(open_input(source, fields, keep_raw=keep_raw))


def _json_default(value: object) -> Any:
    # Parquet columns passed through by filter can hold values JSON has no type for.
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)  # Decimal, UUID and the like: their exact text


def json_line(obj: dict[str, Any]) -> str:
    """One JSONL line (with its newline) as every output writes it."""
    return json.dumps(obj, ensure_ascii=False, default=_json_default) + "\n"


Compression = Literal["gzip", "zstd", "none"]


def compression_of(name: str) -> Compression:
    """How an output named ``name`` is compressed: gzip for .gz, zstd for .zst, else none."""
    lower = name.lower()
    if lower.endswith(".gz"):
        return "gzip"
    if lower.endswith(".zst") or lower.endswith(".zstd"):
        return "zstd"
    return "none"


def open_output(stack: ExitStack, path: str | Path, compression: Compression | None = None) -> IO[str]:
    """A text stream to ``path`` ('-' for stdout), gzip- or zstd-compressed when the name ends in .gz or .zst
    (or as ``compression`` says: a temporary name need not end like the file it becomes).

    The bytes depend only on what is written: the gzip header holds neither a time nor the file's name, so a
    shard written under a temporary name, or again in a later run or on another machine, is the same file.
    """
    if str(path) == "-":
        return sys.stdout
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    compression = compression or compression_of(path.name)
    if compression == "gzip":
        raw = stack.enter_context(path.open("wb"))
        # Level 6 (zlib's default) instead of gzip's 9: nearly the same size at a fraction of the CPU per record.
        packed = stack.enter_context(gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0))
        return stack.enter_context(io.TextIOWrapper(packed, encoding="utf-8", newline="\n"))
    if compression == "zstd":
        import zstandard

        return stack.enter_context(zstandard.open(path, "wt", encoding="utf-8", newline="\n"))
    return stack.enter_context(path.open("w", encoding="utf-8", newline="\n"))
