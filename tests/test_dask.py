"""The Dask engine on a two-process LocalCluster bound to loopback: the same bytes as the local engine."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the 'dask' extra (dask[distributed]) is not installed")

from artifactdet import batch
from artifactdet.batch import DetectorSpec, score_record, score_records
from artifactdet.cli import main
from artifactdet.detector import Detector
from artifactdet.engines.dask import DaskEngine
from artifactdet.io import Fields, Record, json_line, open_input
from artifactdet.shards import find_shards
from tests.test_shards import ENGLISH, FIELD_ARGS, SPUN, job_for, make_corpus, snapshot


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector.load()


@pytest.fixture(scope="module")
def engine(detector: Detector) -> Iterator[DaskEngine]:
    eng = DaskEngine(DetectorSpec.of(detector, None), workers=2, partition_size=3)
    yield eng
    eng.close()


def _cached_specs() -> list[str]:
    return [repr(spec) for spec in batch._DETECTORS]


def test_the_local_cluster_listens_on_loopback_only(engine: DaskEngine) -> None:
    import psutil

    info = engine.client.scheduler_info()
    assert info["address"].startswith("tcp://127.0.0.1:")
    assert len(info["workers"]) == 2 and all(w.startswith("tcp://127.0.0.1:") for w in info["workers"])
    # Every socket the scheduler (in this process), the nannies and the workers listen on is on loopback.
    me = psutil.Process()
    listening = [
        c.laddr
        for proc in (me, *me.children(recursive=True))
        for c in proc.net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    ]
    assert len(listening) >= 5  # scheduler, its HTTP server, 2 nannies, 2 workers (and their HTTP servers)
    assert {addr.ip for addr in listening} == {"127.0.0.1"}


def test_one_input_in_partitions_scores_as_the_local_engine(
    engine: DaskEngine, detector: Detector, tmp_path: Path
) -> None:
    rows = [json.dumps({"id": f"d{i}", "text": (ENGLISH, SPUN)[i % 2]}) for i in range(10)]
    for at, bad in ((2, "{broken"), (5, '{"id": "blank", "text": " "}'), (9, '{"id": "n", "text": null}')):
        rows.insert(at, bad)
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")

    def lines(pairs: Iterator[tuple[Record, batch.Outcome]]) -> list[str]:
        return [json_line(score_record(r, o, explain=True)) for r, o in pairs]

    local = lines(score_records(detector, open_input(str(src), Fields(), keep_raw=False)))
    remote = lines(engine.score_records(open_input(str(src), Fields(), keep_raw=False)))  # 5 tasks of 3 records
    assert remote == local
    assert [json.loads(x).get("error", {}).get("code") for x in remote if "error" in x] == [
        "malformed_json",
        "empty",
        "not_text",
    ]
    # Each worker loaded the bundle once, into its cache, and every task since used it: nothing else is cached.
    cached = engine.client.run(_cached_specs)
    assert len(cached) == 2 and all(len(specs) == 1 for specs in cached.values())


def test_a_shard_task_carries_no_model(detector: Detector, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    shard = find_shards(str(corpus))[0]
    assert len(pickle.dumps((shard, job_for(detector, tmp_path / "out")))) < 2_000


def test_cli_dask_engine_writes_the_same_shards_as_the_local_engine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    (corpus / "z.jsonl.gz").write_text('{"text": "not compressed"}\n', encoding="utf-8")  # an unreadable shard
    local, remote = tmp_path / "local", tmp_path / "dask"
    args = ["filter", str(corpus), *FIELD_ARGS, "--threshold", "0.3", "--annotate"]
    assert main([*args, "--output-dir", str(local)]) == 1  # 1: a shard failed; the others are done
    capsys.readouterr()
    assert main([*args, "--output-dir", str(remote), "--engine", "dask", "--workers", "2"]) == 1
    err = capsys.readouterr().err
    assert "shard z failed:" in err and "not a gzip file" in err
    assert "shards: 4 (3 run, 0 already done and skipped, 1 failed" in err

    ours, theirs = snapshot(local), snapshot(remote)
    assert sorted(ours) == sorted(theirs) and len(ours) == 9
    assert {k: v[1] for k, v in ours.items()} == {k: v[1] for k, v in theirs.items()}  # byte for byte

    def summary(out: Path) -> dict[str, object]:
        s: dict[str, object] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        assert s.pop("output_dir") == str(out)
        return s

    assert summary(local) == summary(remote)
    for name in "abc":
        a, b = (json.loads((out / "done" / f"{name}.json").read_text()) for out in (local, remote))
        for key in ("input", "settings", "outputs", "stats", "records"):
            assert a[key] == b[key]

    # A rerun on the cluster skips every finished shard and retries only the failed one.
    assert main([*args, "--output-dir", str(remote), "--engine", "dask", "--workers", "2"]) == 1
    assert "4 shards in" in (err := capsys.readouterr().err) and "3 already done and skipped, 1 to run" in err
    assert {k: v for k, v in snapshot(remote).items()} == theirs  # not rewritten


def test_cli_dask_engine_on_one_input_writes_the_same_file(tmp_path: Path) -> None:
    rows = [json.dumps({"id": f"d{i}", "text": (ENGLISH, SPUN)[i % 2]}) for i in range(5)] + ["{broken"]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    local, remote = tmp_path / "local.jsonl.gz", tmp_path / "dask.jsonl.gz"
    assert main(["score", str(src), "-o", str(local), "--explain"]) == 3
    dask_args = ["--engine", "dask", "--workers", "2", "--partition-size", "2"]
    assert main(["score", str(src), "-o", str(remote), "--explain", *dask_args]) == 3
    assert remote.read_bytes() == local.read_bytes()
