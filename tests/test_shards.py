"""Sharded, resumable runs: shard discovery, the output layout, what a rerun skips and what it redoes."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from artifactdet.batch import DetectorSpec, Outcome, Threshold, score_records
from artifactdet.cli import main
from artifactdet.detector import Detector
from artifactdet.engines.local import LocalEngine
from artifactdet.errors import InputError
from artifactdet.io import Fields, Record
from artifactdet.shards import RunResult, Shard, ShardJob, ShardResult, find_shards, plan, run_shard, run_sharded
from tests.conftest import read_any

ENGLISH = (
    "The council met on Tuesday to discuss the new budget for the city. Members said that the plan would "
    "raise funds for schools and roads, and that they expected a vote before the end of the month. "
    "Several residents spoke at the meeting and asked for more money for the parks."
)
SPUN = "In the Nineteen Nineties the State Division said the nationwide protection council met. " + ENGLISH
FIELDS = Fields(text="content", id="doc_id")
FIELD_ARGS = ["--text-field", "content", "--id-field", "doc_id"]


def _rows(prefix: str, n: int) -> list[dict[str, object]]:
    return [{"doc_id": f"{prefix}-{i}", "content": (ENGLISH, SPUN)[i % 2], "url": f"u/{prefix}/{i}"} for i in range(n)]


def _jsonl_bytes(rows: list[dict[str, object]], bad: bytes = b"") -> bytes:
    lines = [json.dumps(r).encode() + b"\n" for r in rows]
    return b"".join([*lines[:1], bad, *lines[1:]])


def make_corpus(root: Path) -> Path:
    """Three shards in three formats, with bad records in two, and files that are not shards."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "a.jsonl.gz").write_bytes(gzip.compress(_jsonl_bytes(_rows("a", 3), b"{broken\n")))
    bad_text = b'{"doc_id": "b-null", "content": null}\n{"doc_id": "b-empty", "content": "  "}\n'
    (root / "b.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(_jsonl_bytes(_rows("b", 2), bad_text)))
    pq.write_table(pa.Table.from_pylist(_rows("c", 3)), root / "c.parquet", row_group_size=2)
    (root / "README.md").write_text("not a shard", encoding="utf-8")
    (root / ".hidden.jsonl").write_text("{}\n", encoding="utf-8")
    (root / "nested").mkdir()
    (root / "nested" / "d.jsonl").write_text(json.dumps(_rows("d", 1)[0]) + "\n", encoding="utf-8")
    return root


RECORDS = {"a": 4, "b": 4, "c": 3}  # every input record, bad ones included
SENT = {"a": 3, "b": 3, "c": 3}  # the texts that reach the detector (b's blank one is refused there)
SCORED = 8  # the records that get scores


def snapshot(out: Path) -> dict[str, tuple[int, bytes]]:
    """Every output file under ``out`` (markers and summary aside): modification time and bytes."""
    files = {}
    for p in sorted(out.rglob("*")):
        if p.is_file() and p.parts[len(out.parts)] in ("kept", "dropped", "errors", "scores"):
            files[p.relative_to(out).as_posix()] = (p.stat().st_mtime_ns, p.read_bytes())
    return files


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector.load()


class Counting:
    """Counts the texts the model is asked to score, per shard, and can stop a run part-way like a kill."""

    def __init__(self, detector: Detector, interrupt_after: int | None = None) -> None:
        self.detector = detector
        self.texts = 0
        self.interrupt_after = interrupt_after

    def __call__(self, records: Iterable[Record]) -> Iterator[tuple[Record, Outcome]]:
        for record, outcome in score_records(self.detector, records, chunk_size=1):
            if record.error is None:
                self.texts += 1
                if self.interrupt_after is not None and self.texts > self.interrupt_after:
                    raise KeyboardInterrupt  # Ctrl-C in the middle of a shard
            yield record, outcome


class CountingEngine(LocalEngine):
    def __init__(self, detector: Detector, interrupt_after: int | None = None) -> None:
        super().__init__(detector, DetectorSpec.of(detector, None))
        self.scorer = Counting(detector, interrupt_after)

    def run_shards(self, shards: Any, job: ShardJob, on_records: Any) -> Iterator[ShardResult]:
        for shard in shards:
            yield run_shard(shard, job, self.scorer)


def job_for(detector: Detector, out: Path, threshold: float = 0.5, command: str = "filter") -> ShardJob:
    return ShardJob(
        command=command,  # type: ignore[arg-type]
        out_dir=str(out),
        detector=DetectorSpec.of(detector, None),
        model_sha256=str(detector.manifest["model_sha256"]),
        fields=FIELDS,
        threshold=Threshold(threshold, "--threshold", "from --threshold") if command == "filter" else None,
    )


def run(
    detector: Detector, corpus: Path, out: Path, threshold: float = 0.5, interrupt_after: int | None = None
) -> tuple[RunResult, int]:
    """One run over ``corpus``; returns its result and how many texts the model scored."""
    job = job_for(detector, out, threshold)
    done, todo = plan(find_shards(str(corpus), exclude=out), job)
    engine = CountingEngine(detector, interrupt_after)
    return run_sharded(engine, todo, job, done=done), engine.scorer.texts


def test_find_shards_takes_known_formats_and_names_outputs_without_the_extension(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    shards = find_shards(str(corpus))
    assert [(s.name, s.path.name) for s in shards] == [("a", "a.jsonl.gz"), ("b", "b.jsonl.zst"), ("c", "c.parquet")]
    nested = find_shards(str(corpus / "**" / "*.jsonl"))
    assert [s.name for s in nested] == ["nested/d"]  # the hidden file is no shard, even when a glob matches it
    # The output folder is never read as input, even when a glob reaches into it.
    (corpus / "out" / "kept").mkdir(parents=True)
    (corpus / "out" / "kept" / "a.jsonl").write_text("{}\n", encoding="utf-8")
    assert [s.name for s in find_shards(str(corpus / "**" / "*.jsonl"), exclude=corpus / "out")] == ["nested/d"]
    (corpus / "a.parquet").write_bytes((corpus / "c.parquet").read_bytes())
    with pytest.raises(InputError, match="would both write outputs named 'a'"):
        find_shards(str(corpus))
    with pytest.raises(InputError, match="no input shards"):
        find_shards(str(corpus / "nested" / "*.parquet"))


def test_a_rerun_skips_finished_shards_without_scoring_or_rewriting(detector: Detector, tmp_path: Path) -> None:
    corpus, out = make_corpus(tmp_path / "corpus"), tmp_path / "out"
    first, scored = run(detector, corpus, out)
    assert scored == sum(SENT.values())
    assert (first.ran, first.skipped, first.failed) == (3, 0, [])
    for name, n in RECORDS.items():
        got = sum(len(read_any(out / where / f"{name}.jsonl.gz")) for where in ("kept", "dropped", "errors"))
        assert got == n  # every record of the shard in exactly one of its three outputs
    assert [r["error"]["code"] for r in read_any(out / "errors" / "b.jsonl.gz")] == ["not_text", "empty"]
    before = snapshot(out)

    second, scored = run(detector, corpus, out)
    assert scored == 0  # the model was not called at all
    assert (second.ran, second.skipped) == (0, 3)
    assert snapshot(out) == before  # not rewritten: same bytes, same modification times
    assert second.stats.to_state() == first.stats.to_state()  # the summary still covers every shard


def test_a_changed_shard_or_setting_is_redone(detector: Detector, tmp_path: Path) -> None:
    corpus, out = make_corpus(tmp_path / "corpus"), tmp_path / "out"
    run(detector, corpus, out)
    before = snapshot(out)
    shard = corpus / "c.parquet"
    os.utime(shard, ns=(shard.stat().st_atime_ns, shard.stat().st_mtime_ns + 1_000_000_000))
    result, scored = run(detector, corpus, out)
    assert scored == SENT["c"] and (result.ran, result.skipped) == (1, 2)
    after = snapshot(out)
    assert after["kept/c.jsonl.gz"][0] > before["kept/c.jsonl.gz"][0]  # rewritten...
    assert {k: v[1] for k, v in after.items()} == {k: v[1] for k, v in before.items()}  # ...to the same bytes
    assert after["kept/a.jsonl.gz"] == before["kept/a.jsonl.gz"]

    result, scored = run(detector, corpus, out, threshold=0.0)  # another threshold: every shard
    assert scored == sum(SENT.values()) and result.ran == 3
    assert result.stats.kept == 0 and result.stats.dropped == SCORED


def test_an_unfinished_or_damaged_shard_is_redone_from_scratch(detector: Detector, tmp_path: Path) -> None:
    corpus, out = make_corpus(tmp_path / "corpus"), tmp_path / "out"
    run(detector, corpus, out)
    reference = {k: v[1] for k, v in snapshot(out).items()}

    # A second run with another threshold is interrupted inside shard b: a is done at 0.0, b is half-written.
    with pytest.raises(KeyboardInterrupt):
        run(detector, corpus, out, threshold=0.0, interrupt_after=SENT["a"] + 1)
    assert json.loads((out / "done" / "a.json").read_text())["settings"]["threshold"] == 0.0
    # b's old marker went first, its temporary files on the interrupt, and its old outputs with the marker.
    assert not (out / "done" / "b.json").exists()
    assert not list(out.rglob(".b.*")) and not (out / "kept" / "b.jsonl.gz").exists()
    # A process killed outright leaves its temporary file behind; a marker can be cut short; an output can go.
    (out / "kept" / ".c.jsonl.gz.tmp-deadbeef").write_bytes(b"half a shard")
    marker = out / "done" / "c.json"
    marker.write_text(marker.read_text()[:50])

    # Back at the first threshold: a (done at 0.0), b (unfinished) and c (cut marker) are redone; nothing is
    # skipped on the strength of a marker that does not vouch for these settings.
    result, scored = run(detector, corpus, out)
    assert (result.ran, result.skipped) == (3, 0) and scored == sum(SENT.values())
    assert {k: v[1] for k, v in snapshot(out).items()} == reference
    assert not list(out.rglob("*.tmp-*"))

    (out / "dropped" / "a.jsonl.gz").unlink()  # an output deleted by hand: its shard is not done any more
    result, scored = run(detector, corpus, out)
    assert (result.ran, result.skipped, scored) == (1, 2, SENT["a"])
    assert {k: v[1] for k, v in snapshot(out).items()} == reference


def _cli_filter(corpus: Path, out: Path, *extra: str) -> int:
    return main(["filter", str(corpus), "--output-dir", str(out), *FIELD_ARGS, "--threshold", "0.3", *extra])


def test_cli_filter_output_dir_layout_summary_and_rerun(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, out = make_corpus(tmp_path / "corpus"), tmp_path / "out"
    assert _cli_filter(corpus, out, "--summary", str(tmp_path / "s.json")) == 3
    err = capsys.readouterr().err
    assert f"artifactdet filter: 3 shards in {corpus}: 0 already done and skipped, 3 to run" in err
    assert "shards: 3 (3 run, 0 already done and skipped)" in err
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == sorted(
        [f"{where}/{name}.jsonl.gz" for where in ("kept", "dropped", "errors") for name in "abc"]
        + [f"done/{name}.json" for name in "abc"]
        + ["summary.json"]
    )
    summary = json.loads((out / "summary.json").read_text())
    assert summary == json.loads((tmp_path / "s.json").read_text())
    assert summary["records"] == sum(RECORDS.values()) == summary["kept"] + summary["dropped"] + summary["errors"]
    assert summary["errors_by_code"] == {"empty": 1, "malformed_json": 1, "not_text": 1}
    assert summary["artifact_score_histogram"]["n"] == SCORED
    assert summary["shards"] == {"total": 3, "run": 3, "skipped": 0, "failed": []}
    for where in ("kept", "dropped"):
        assert summary[where] == sum(len(read_any(out / where / f"{n}.jsonl.gz")) for n in "abc")
    kept_and_dropped = read_any(out / "kept" / "a.jsonl.gz") + read_any(out / "dropped" / "a.jsonl.gz")
    assert sorted(r["doc_id"] for r in kept_and_dropped) == ["a-0", "a-1", "a-2"]
    assert all(r["url"].startswith("u/a/") for r in kept_and_dropped)  # the input's fields pass through
    marker = json.loads((out / "done" / "b.json").read_text())
    assert marker["records"] == RECORDS["b"] and marker["settings"]["threshold"] == 0.3
    assert marker["outputs"]["errors"] == {
        "path": "errors/b.jsonl.gz",
        "bytes": marker["outputs"]["errors"]["bytes"],
        "records": 2,
    }

    assert _cli_filter(corpus, out) == 3  # the same exit code: the skipped shards' errors still count
    err = capsys.readouterr().err
    assert f"3 shards in {corpus}: 3 already done and skipped, 0 to run" in err
    again = json.loads((out / "summary.json").read_text())
    assert again["shards"] == {"total": 3, "run": 0, "skipped": 3, "failed": []}
    assert {k: v for k, v in again.items() if k != "shards"} == {k: v for k, v in summary.items() if k != "shards"}


def test_cli_annotate_only_shards_keep_everything_and_a_normal_run_is_not_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, out = make_corpus(tmp_path / "corpus"), tmp_path / "out"
    assert _cli_filter(corpus, out, "--annotate-only") == 3
    summary = json.loads((out / "summary.json").read_text())
    assert summary["dropped"] == 0 and summary["kept"] == SCORED
    assert all(not read_any(out / "dropped" / f"{n}.jsonl.gz") for n in "abc")
    kept = [r for n in "abc" for r in read_any(out / "kept" / f"{n}.jsonl.gz")]
    flagged = [r for r in kept if "reason" in r["artifactdet"]]
    assert len(kept) == SCORED and len(flagged) == sum(summary["flagged_by_reason"].values())
    assert json.loads((out / "done" / "a.json").read_text())["settings"]["drop"] is False

    capsys.readouterr()
    assert _cli_filter(corpus, out) == 3  # other settings: every shard runs again, and now drops
    assert "3 already done" not in capsys.readouterr().err
    again = json.loads((out / "summary.json").read_text())
    assert again["dropped"] == len(flagged) and again["kept"] == SCORED - len(flagged)


def test_cli_an_unreadable_shard_fails_alone_and_is_retried(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, out = make_corpus(tmp_path / "corpus"), tmp_path / "out"
    good = (corpus / "a.jsonl.gz").read_bytes()
    (corpus / "a.jsonl.gz").write_bytes(gzip.decompress(good))  # plain JSONL under a .gz name: unreadable
    assert _cli_filter(corpus, out) == 1
    err = capsys.readouterr().err
    assert "shard a failed:" in err and "not a gzip file" in err
    assert "shards: 3 (2 run, 0 already done and skipped, 1 failed: rerun to retry them)" in err
    assert not (out / "done" / "a.json").exists() and not (out / "kept" / "a.jsonl.gz").exists()
    assert (out / "done" / "b.json").exists() and (out / "done" / "c.json").exists()
    summary = json.loads((out / "summary.json").read_text())
    assert [f["shard"] for f in summary["shards"]["failed"]] == ["a"]

    (corpus / "a.jsonl.gz").write_bytes(good)
    assert _cli_filter(corpus, out) == 3
    assert "3 shards in" in (err := capsys.readouterr().err) and "2 already done and skipped, 1 to run" in err


def test_cli_score_output_dir_zstd_and_checksum(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, out = make_corpus(tmp_path / "corpus"), tmp_path / "out"
    args = ["score", str(corpus / "*.jsonl.*"), "--output-dir", str(out), *FIELD_ARGS, "--compression", "zstd"]
    assert main([*args, "--checksum"]) == 3
    rows = read_any(out / "scores" / "a.jsonl.zst")
    assert [r["id"] for r in rows] == ["a-0", None, "a-1", "a-2"]  # input order, the error in its place
    assert sorted(p.name for p in (out / "scores").iterdir()) == ["a.jsonl.zst", "b.jsonl.zst"]
    summary = json.loads((out / "summary.json").read_text())
    assert (summary["records"], summary["scored"], summary["errors"]) == (8, 5, 3)
    assert sum(summary["labels"].values()) == 5 and "kept" not in summary and "threshold" not in summary
    err = capsys.readouterr().err
    assert "artifactdet score: scored 5 (" in err

    shard = corpus / "b.jsonl.zst"
    os.utime(shard, ns=(shard.stat().st_atime_ns, shard.stat().st_mtime_ns + 5_000_000_000))
    assert main([*args, "--checksum"]) == 3  # the same bytes, touched: skipped by checksum...
    assert "2 already done and skipped, 0 to run" in capsys.readouterr().err
    assert main(args) == 3  # ...redone by modification time
    assert "1 already done and skipped, 1 to run" in capsys.readouterr().err


def test_cli_txt_files_in_sharded_mode_are_one_document_shards(tmp_path: Path) -> None:
    d = tmp_path / "docs"
    d.mkdir()
    (d / "one.txt").write_text(ENGLISH, encoding="utf-8")
    (d / "two.txt").write_text(SPUN, encoding="utf-8")
    assert main(["score", str(d), "--output-dir", str(tmp_path / "out"), "--compression", "none"]) == 0
    rows = [r for n in ("one", "two") for r in read_any(tmp_path / "out" / "scores" / f"{n}.jsonl")]
    assert [r["id"] for r in rows] == ["one.txt", "two.txt"]


def test_local_workers_write_the_same_shards(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    assert _cli_filter(corpus, tmp_path / "one") == 3
    assert _cli_filter(corpus, tmp_path / "two", "--workers", "2") == 3
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert {k: v[1] for k, v in one.items()} == {k: v[1] for k, v in two.items()}


def test_shard_names_keep_sub_folders(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    for sub in ("x", "y"):
        (corpus / sub).mkdir(parents=True)
        (corpus / sub / "000.jsonl").write_text(json.dumps({"text": ENGLISH}) + "\n", encoding="utf-8")
    shards = find_shards(str(corpus / "**" / "*.jsonl"))
    assert shards == [
        Shard(corpus / "x" / "000.jsonl", "x/000", shards[0].size),
        Shard(corpus / "y" / "000.jsonl", "y/000", shards[1].size),
    ]
