"""Sharded, resumable corpus runs: a directory (or glob) of input shards in, one set of outputs per shard out.

Layout under the output directory (``<name>`` is the shard's path relative to the input directory or to the glob's
fixed leading folders, without its format's extension, e.g. ``cc/000_00001`` for ``cc/000_00001.jsonl.gz``)::

    scores/<name>.jsonl.gz            score: one line per input record, in input order
    kept/<name>.jsonl.gz              filter: the three outputs of one shard, always all three (maybe empty)
    dropped/<name>.jsonl.gz
    errors/<name>.jsonl.gz
    done/<name>.json                  the shard's done-marker: input identity, settings, outputs, counts, stats
    summary.json                      the whole run's summary, finished and skipped shards together

A shard is written under hidden temporary names (``.<file>.tmp-<random>``) and renamed into place only once it is
complete; its marker is written last, atomically, and is the commit point. Before a shard is (re)done its old
marker is removed first, so a run killed half-way through redoing a shard never leaves a marker that vouches for
mixed outputs. A later run skips a shard whose marker matches: the same input (size and modification time, or
sha256 with ``checksum``), the same settings (model digest, threshold, fields, annotate/explain, compression,
length limit) and every output still there with the size the marker records. Anything else is redone from scratch.
"""

from __future__ import annotations

import datetime
import json
import os
import secrets
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final, Literal, Protocol

from artifactdet import __version__
from artifactdet.batch import DetectorSpec, FilterStats, Outcome, Threshold, decide, score_record
from artifactdet.errors import InputError
from artifactdet.io import Compression, Fields, Record, json_line, open_input, open_output
from artifactdet.model import file_sha256

MARKER_FORMAT: Final = "artifactdet-shard/1"
# Longest first: a name loses only its format's extension ("a.jsonl.gz" -> "a", not "a.jsonl").
SHARD_SUFFIXES: Final = (
    ".jsonl.zstd",
    ".jsonl.zst",
    ".jsonl.gz",
    ".ndjson.gz",
    ".ndjson.zst",
    ".json.zst",
    ".json.gz",
    ".parquet",
    ".ndjson",
    ".jsonl",
    ".json",
    ".zstd",
    ".zst",
    ".txt",
    ".gz",
    ".pq",
)
COMPRESSION_SUFFIX: Final[dict[str, str]] = {"gzip": ".jsonl.gz", "zstd": ".jsonl.zst", "none": ".jsonl"}
Command = Literal["score", "filter"]


@dataclass(frozen=True)
class Shard:
    path: Path
    name: str  # names the shard's outputs and marker; unique within a run
    size: int = 0  # bytes, for progress


def _has_magic(part: str) -> bool:
    return any(c in part for c in "*?[")


def _strip_suffix(name: str) -> str:
    lower = name.lower()
    for suffix in SHARD_SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def is_shard_file(path: Path) -> bool:
    """A file a directory scan takes as a shard: a known format's extension, not hidden (temporary files)."""
    return path.is_file() and not path.name.startswith(".") and _strip_suffix(path.name) != path.name


def find_shards(spec: str, *, exclude: Path | None = None) -> list[Shard]:
    """The shards ``spec`` names, sorted by name: the input files directly in a directory, the files a glob
    matches (``**`` recurses), or one file. Files under ``exclude`` (the output directory) are never shards."""
    path = Path(spec)
    if path.is_dir():
        base = path
        files = [p for p in path.iterdir() if is_shard_file(p)]
    elif path.is_file():
        base = path.parent
        files = [path]
    elif _has_magic(spec):
        parts = path.parts
        fixed = next((i for i, part in enumerate(parts) if _has_magic(part)), len(parts))
        base = Path(*parts[:fixed]) if fixed else Path()
        files = [p for p in base.glob(str(Path(*parts[fixed:]))) if p.is_file() and not p.name.startswith(".")]
    else:
        raise FileNotFoundError(f"{spec}: no such file or directory")
    if exclude is not None:
        out = exclude.resolve()
        files = [p for p in files if not p.resolve().is_relative_to(out)]
    shards: dict[str, Shard] = {}
    for p in files:
        rel = p.relative_to(base)
        name = (rel.parent / _strip_suffix(rel.name)).as_posix()
        if name in shards:
            raise InputError(
                "shard_names",
                f"{shards[name].path} and {p} would both write outputs named {name!r}; rename one or select the "
                "shards with a glob",
            )
        shards[name] = Shard(p, name, p.stat().st_size)
    if not shards:
        raise InputError(
            "no_shards",
            f"{spec}: no input shards (files ending in {', '.join(SHARD_SUFFIXES[:9])}, ...) found",
        )
    return [shards[k] for k in sorted(shards)]


@dataclass(frozen=True)
class ShardJob:
    """What every shard of a run is done with; small and picklable, so it travels to Dask workers as it is."""

    command: Command
    out_dir: str
    detector: DetectorSpec
    model_sha256: str
    fields: Fields = field(default_factory=Fields)
    threshold: Threshold | None = None  # filter only
    annotate: bool = False  # filter: scores on kept records too
    drop: bool = True  # filter: false for annotate-only (everything scored is kept, annotated)
    explain: bool = False  # score: evidence spans
    compression: Compression = "gzip"
    checksum: bool = False  # identify inputs by sha256 instead of size and modification time

    @property
    def categories(self) -> tuple[str, ...]:
        # Annotate-only runs write an empty dropped output too: the layout, and what a rerun with other settings
        # replaces, stay the same.
        return ("scores",) if self.command == "score" else ("kept", "dropped", "errors")

    def output(self, shard: Shard, category: str) -> Path:
        return Path(self.out_dir) / category / (shard.name + COMPRESSION_SUFFIX[self.compression])

    def marker(self, shard: Shard) -> Path:
        return Path(self.out_dir) / "done" / (shard.name + ".json")

    def settings(self) -> dict[str, Any]:
        """Everything that changes a shard's output bytes: a marker with other settings does not count as done."""
        return {
            "command": self.command,
            "model_sha256": self.model_sha256,
            "text_field": self.fields.text,
            "id_field": self.fields.id,
            "threshold": None if self.threshold is None else self.threshold.value,
            "annotate": self.annotate,
            "drop": self.drop,
            "explain": self.explain,
            "compression": self.compression,
            "max_chars": self.detector.limits.max_chars,
            "check_language": self.detector.limits.check_language,
        }


@dataclass
class ShardResult:
    shard: str
    stats: FilterStats = field(default_factory=FilterStats)
    skipped: bool = False  # done by an earlier run, its marker matched
    error: str | None = None  # the shard could not be read or written at all; it has no marker and is retried
    seconds: float = 0.0
    input_bytes: int = 0


def input_identity(path: Path, checksum: bool) -> dict[str, Any]:
    st = path.stat()
    identity: dict[str, Any] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns}
    if checksum:
        identity["sha256"] = file_sha256(path)
    return identity


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{secrets.token_hex(4)}")
    try:
        with tmp.open("w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_json_atomic(path: Path, obj: dict[str, Any]) -> None:
    """Written whole and renamed: a reader that polls for the file never reads half of one."""
    _write_atomic(path, json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


def finished(shard: Shard, job: ShardJob) -> ShardResult | None:
    """The recorded result when ``shard`` was finished by an earlier run with the same input and settings and all
    its outputs are still there; else None (it is to be done, from scratch)."""
    try:
        marker = json.loads(job.marker(shard).read_text(encoding="utf-8"))
        if marker.get("format") != MARKER_FORMAT or marker.get("settings") != job.settings():
            return None
        recorded = marker["input"]
        st = shard.path.stat()
        if recorded.get("size") != st.st_size:
            return None
        if job.checksum:
            # Only a recorded checksum vouches for the bytes; a marker from a run without one does not.
            if recorded.get("sha256") != file_sha256(shard.path):
                return None
        elif recorded.get("mtime_ns") != st.st_mtime_ns:
            return None
        outputs = marker["outputs"]
        for category in job.categories:
            out = job.output(shard, category)
            if outputs[category]["bytes"] != out.stat().st_size:
                return None
        stats = FilterStats.from_state(marker["stats"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        # Missing, half-written, foreign or hand-edited: not proof of a finished shard, so it is redone.
        return None
    return ShardResult(shard.name, stats, skipped=True, input_bytes=shard.size)


Scorer = Callable[[Iterable[Record]], Iterator[tuple[Record, Outcome]]]


def _remove_stale_temporaries(final: Path) -> None:
    # Left by a run that was killed mid-shard: hidden, so no reader globbing *.jsonl.gz takes them for output.
    if final.parent.is_dir():
        for stale in final.parent.glob(f".{final.name}.tmp-*"):
            stale.unlink(missing_ok=True)


def process_shard(
    shard: Shard,
    job: ShardJob,
    score: Scorer,
    *,
    on_record: Callable[[], None] | None = None,
) -> ShardResult:
    """Score (and for filter, split) one shard into its outputs, then commit them and its marker.

    Raises :class:`InputError` or :class:`OSError` for a shard that cannot be read at all; nothing of it is then
    left in place (no marker), so the next run tries it again.
    """
    start = time.monotonic()
    # First of all: from here until the new marker is written this shard is not done, whatever happens.
    job.marker(shard).unlink(missing_ok=True)
    finals = {c: job.output(shard, c) for c in job.categories}
    for final in finals.values():
        # Outputs without a marker vouch for nothing (another threshold, a crash between renames): they go, so the
        # output folders never hold a shard that is not done, even when this one turns out unreadable.
        final.unlink(missing_ok=True)
        _remove_stale_temporaries(final)
    identity = input_identity(shard.path, job.checksum)
    source = open_input(str(shard.path), job.fields, keep_raw=job.command == "filter")
    token = secrets.token_hex(4)
    temps = {c: p.with_name(f".{p.name}.tmp-{token}") for c, p in finals.items()}
    stats = FilterStats()
    try:
        with ExitStack() as stack:
            outs: dict[str, IO[str]] = {c: open_output(stack, p, job.compression) for c, p in temps.items()}
            for record, outcome in score(source):
                if job.command == "filter":
                    assert job.threshold is not None
                    where, row, reason = decide(record, outcome, job.threshold.value, job.annotate, job.drop)
                    outs[where].write(json_line(row))
                    stats.add(where, reason, outcome)
                else:
                    row = score_record(record, outcome, job.explain)
                    outs["scores"].write(json_line(row))
                    error = outcome.code if isinstance(outcome, InputError) else None
                    stats.add("errors" if error else "kept", error, outcome)
                if on_record is not None:
                    on_record()
        for category, tmp in temps.items():
            tmp.replace(finals[category])
    except BaseException:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        raise
    counts = {"kept": stats.kept, "dropped": stats.dropped, "errors": stats.errors}
    outputs = {
        c: {
            "path": p.relative_to(job.out_dir).as_posix(),
            "bytes": p.stat().st_size,
            "records": stats.total if c == "scores" else counts[c],
        }
        for c, p in finals.items()
    }
    seconds = time.monotonic() - start
    marker = {
        "format": MARKER_FORMAT,
        "shard": shard.name,
        "input": {"path": str(shard.path.resolve()), **identity},
        "settings": job.settings(),
        "threshold": None if job.threshold is None else job.threshold.to_json(),
        "outputs": outputs,
        "records": stats.total,
        "stats": stats.to_state(),
        "seconds": round(seconds, 3),
        "finished": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "artifactdet_version": __version__,
    }
    write_json_atomic(job.marker(shard), marker)
    return ShardResult(shard.name, stats, seconds=seconds, input_bytes=shard.size)


def run_shard(
    shard: Shard, job: ShardJob, score: Scorer, *, on_record: Callable[[], None] | None = None
) -> ShardResult:
    """:func:`process_shard`, with a shard that fails reported as a failed result instead of ending the run."""
    try:
        return process_shard(shard, job, score, on_record=on_record)
    except InputError as exc:
        return ShardResult(shard.name, error=exc.message, input_bytes=shard.size)
    except Exception as exc:
        # One unreadable or unwritable shard (or a bug it triggers) must not cost a corpus run the other shards:
        # it is reported, has no marker, and is retried by the next run.
        return ShardResult(shard.name, error=f"{type(exc).__name__}: {exc}", input_bytes=shard.size)


class ShardEngine(Protocol):
    """Runs shards somewhere (here, a Dask cluster) and yields their results as they finish, in any order."""

    def run_shards(
        self, shards: Sequence[Shard], job: ShardJob, on_records: Callable[[int], None]
    ) -> Iterator[ShardResult]: ...


@dataclass
class RunResult:
    results: list[ShardResult]  # in shard order
    stats: FilterStats  # all shards', skipped ones included, merged in shard order

    @property
    def skipped(self) -> int:
        return sum(r.skipped for r in self.results)

    @property
    def failed(self) -> list[ShardResult]:
        return [r for r in self.results if r.error is not None]

    @property
    def ran(self) -> int:
        return len(self.results) - self.skipped - len(self.failed)

    def describe(self) -> str:
        failed = len(self.failed)
        return (
            f"shards: {len(self.results)} ({self.ran} run, {self.skipped} already done and skipped"
            + (f", {failed} failed: rerun to retry them" if failed else "")
            + ")"
        )

    def to_json(self, job: ShardJob, input_name: str) -> dict[str, Any]:
        summary = self.stats.to_json(job.threshold if job.command == "filter" else None, input_name)
        summary["output_dir"] = job.out_dir
        summary["shards"] = {
            "total": len(self.results),
            "run": self.ran,
            "skipped": self.skipped,
            "failed": [{"shard": r.shard, "error": r.error} for r in self.failed],
        }
        return summary


def plan(shards: Sequence[Shard], job: ShardJob) -> tuple[list[ShardResult], list[Shard]]:
    """The shards already finished (with their recorded results) and the ones to do."""
    done: list[ShardResult] = []
    todo: list[Shard] = []
    for shard in shards:
        result = finished(shard, job)
        if result is None:
            todo.append(shard)
        else:
            done.append(result)
    return done, todo


def run_sharded(
    engine: ShardEngine,
    shards: Sequence[Shard],
    job: ShardJob,
    *,
    done: Sequence[ShardResult] = (),
    on_records: Callable[[int], None] = lambda n: None,
    on_result: Callable[[ShardResult], None] = lambda r: None,
) -> RunResult:
    """Run ``shards`` on ``engine`` and merge every shard's stats (``done`` ones too) in shard-name order, so the
    summary does not depend on the order in which the engine finished them."""
    results = {r.shard: r for r in done}
    for result in engine.run_shards(shards, job, on_records):
        results[result.shard] = result
        on_result(result)
    ordered = [results[k] for k in sorted(results)]
    stats = FilterStats()
    for r in ordered:
        stats.merge(r.stats)
    return RunResult(ordered, stats)
