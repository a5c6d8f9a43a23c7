"""Reading input records for the CLI: JSONL (file or stdin), one .txt file, or a directory of .txt files.

Every physical record yields exactly one :class:`Record`: a record that cannot be read carries its error
instead of its text, so callers can report it in place and nothing is dropped silently.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from artifactdet.errors import InputError
from artifactdet.validate import decode_utf8


@dataclass(frozen=True)
class Record:
    line: int  # 1-based line number in JSONL, or position in a directory listing
    id: str | None
    text: str | None
    raw: dict[str, Any] | None  # the parsed JSON object, kept so filter can pass other fields through
    error: InputError | None = None


def _parse_jsonl_line(line_no: int, data: bytes) -> Record:
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
    if not isinstance(obj, dict):
        return Record(
            line_no,
            None,
            None,
            None,
            InputError("malformed_record", f"line {line_no}: expected a JSON object, got {type(obj).__name__}"),
        )
    rid = obj.get("id")
    rid_str = None if rid is None else str(rid)
    if rid is not None and not isinstance(rid, (str, int)):
        return Record(line_no, None, None, obj, InputError("bad_id", f"line {line_no}: id must be a string"))
    if "text" not in obj:
        return Record(line_no, rid_str, None, obj, InputError("missing_text", f"line {line_no}: no 'text' field"))
    text = obj["text"]
    if not isinstance(text, str):
        return Record(
            line_no,
            rid_str,
            None,
            obj,
            InputError("not_text", f"line {line_no}: 'text' must be a string, got {type(text).__name__}"),
        )
    return Record(line_no, rid_str if rid_str is not None else str(line_no), text, obj)


def read_jsonl(stream: IO[bytes]) -> Iterator[Record]:
    for line_no, data in enumerate(stream, start=1):
        if not data.strip():
            continue  # blank lines carry no record
        yield _parse_jsonl_line(line_no, data.rstrip(b"\r\n"))


def _read_txt(path: Path, position: int) -> Record:
    try:
        text = decode_utf8(path.read_bytes(), str(path))
    except InputError as exc:
        return Record(position, path.name, None, None, exc)
    except OSError as exc:
        return Record(position, path.name, None, None, InputError("unreadable", f"{path}: {exc.strerror}"))
    return Record(position, path.name, text, {"id": path.name})


def read_records(source: str) -> Iterator[Record]:
    """Records from ``-`` (JSONL on stdin), a ``.jsonl`` file, a ``.txt`` file, or a directory of ``.txt`` files."""
    if source == "-":
        yield from read_jsonl(sys.stdin.buffer)
        return
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix == ".txt")
        for i, p in enumerate(files, start=1):
            yield _read_txt(p, i)
        return
    if not path.exists():
        raise FileNotFoundError(f"{source}: no such file or directory")
    if path.suffix == ".txt":
        yield _read_txt(path, 1)
        return
    with path.open("rb") as f:
        yield from read_jsonl(f)
