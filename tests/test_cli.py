"""The CLI contract, through the installed entry point's ``main`` and as a subprocess for exit codes."""

from __future__ import annotations

import gzip
import io
import json
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import zstandard

from artifactdet.cli import main
from artifactdet.model import MANIFEST_FILE, NO_CURVE, default_bundle_dir
from artifactdet.progress import Progress
from tests.conftest import SEEDS, read_any

ENGLISH = (
    "The council met on Tuesday to discuss the new budget for the city. Members said that the plan would "
    "raise funds for schools and roads, and that they expected a vote before the end of the month. "
    "Several residents spoke at the meeting and asked for more money for the parks."
)


def _jsonl(path: Path, rows: Sequence[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_score_writes_one_line_per_record_in_order(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"id": f"d{i}", "text": ENGLISH} for i in range(5)])
    out = tmp_path / "out.jsonl"
    assert main(["score", str(src), "-o", str(out)]) == 0
    rows = _read(out)
    assert [r["id"] for r in rows] == [f"d{i}" for i in range(5)]
    for r in rows:
        assert set(r) == {"id", "label", "scores", "artifact_score", "reliable"}
        scores = r["scores"]
        assert isinstance(scores, dict) and set(scores) == {"original", "translated", "spun"}
        assert sum(scores.values()) == pytest.approx(1.0)
        assert r["artifact_score"] == pytest.approx(1 - scores["original"])


def _score_explained(tmp_path: Path, text: str) -> dict[str, Any]:
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "x", "text": text}])
    out = tmp_path / "out.jsonl"
    assert main(["score", "--explain", str(src), "-o", str(out)]) == 0
    (row,) = _read(out)
    return row


def test_score_explain_adds_evidence_with_spans(tmp_path: Path) -> None:
    text = "In the Nineteen Nineties the State Division said so. " + ENGLISH
    row = _score_explained(tmp_path, text)
    evidence = row["evidence"]
    assert isinstance(evidence, list) and evidence
    for e in evidence:
        assert text[e["start"] : e["end"]] == e["text"]
        assert e["kind"] in {"spin", "translation", "provenance"}
    assert {"Nineteen Nineties": "1990s"}.items() <= {e["text"]: e["suggestion"] for e in evidence}.items()
    sentences = row["sentences"]
    assert isinstance(sentences, list) and sentences[0]["start"] == 0 and sentences[0]["spin_score"] > 0
    assert all(s["translation_score"] or s["spin_score"] for s in sentences)


def test_evidence_says_whether_the_model_counts_it(tmp_path: Path) -> None:
    # "State Division": a thesaurus's swap back, counted; "blood stress": a neighbour's, shown only.
    row = _score_explained(tmp_path, "The State Division said high blood stress is common. " + ENGLISH)
    names = {e["text"]: (e["suggestion"], e["counted"]) for e in row["evidence"] if e["tell"] == "names"}
    assert names == {"State Division": ("State Department", True), "blood stress": ("blood pressure", False)}


def test_bad_records_are_reported_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        b'{"id": "ok", "text": "' + ENGLISH.encode() + b'"}\n'
        b"{not json\n"
        b'{"id": "empty", "text": "   "}\n'
        b'{"id": "num", "text": 42}\n'
        b'{"id": "bin", "text": "\\u0000\\u0001"}\n'
        b'{"id": "latin1", "text": "caf\xe9"}\n'
        b'["a list"]\n'
        b'{"id": "es", "text": "El consejo se reuni\xc3\xb3 el martes para discutir el nuevo presupuesto de la '
        b'ciudad y los miembros dijeron que el plan aumentar\xc3\xada los fondos para las escuelas"}\n'
    )
    out = tmp_path / "out.jsonl"
    assert main(["score", str(src), "-o", str(out)]) == 3
    rows = _read(out)
    assert len(rows) == 8
    assert rows[0]["label"] in {"original", "translated", "spun"}
    codes = [r["error"]["code"] for r in rows[1:]]
    assert codes == ["malformed_json", "empty", "not_text", "binary", "invalid_utf8", "malformed_record", "not_english"]
    assert [r["line"] for r in rows[1:]] == [2, 3, 4, 5, 6, 7, 8]
    err = capsys.readouterr().err
    assert "record 2" in err and "not valid UTF-8" in err


def _filter(src: Path, kept: Path, dropped: Path, errors: Path, threshold: str) -> int:
    args = ["filter", str(src), "--kept", str(kept), "--dropped", str(dropped), "--errors", str(errors)]
    return main([*args, "--threshold", threshold, "--annotate"])


def test_filter_routes_every_record_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows: list[object] = [{"id": f"d{i}", "text": ENGLISH, "url": f"u{i}"} for i in range(3)]
    rows.insert(1, "{broken")
    src = _jsonl(tmp_path / "in.jsonl", rows)
    kept, dropped, errors = tmp_path / "k.jsonl", tmp_path / "d.jsonl", tmp_path / "e.jsonl"
    code = _filter(src, kept, dropped, errors, "0.0")
    assert code == 3
    k, d, e = _read(kept), _read(dropped), _read(errors)
    assert len(k) + len(d) + len(e) == 4
    assert k == []  # threshold 0 drops everything that scores
    assert [r["id"] for r in d] == ["d0", "d1", "d2"]
    assert all("reason" in r["artifactdet"] and r["url"] for r in d)
    assert e[0]["line"] == 2 and e[0]["error"]["code"] == "malformed_json"
    err = capsys.readouterr().err
    assert "kept 0, dropped 3" in err and "(threshold 0.000 from --threshold)" in err

    assert _filter(src, kept, dropped, errors, "1.01") == 3
    k = _read(kept)
    assert [r["id"] for r in k] == ["d0", "d1", "d2"] and all("artifactdet" in r for r in k)


def test_filter_annotate_only_keeps_everything_and_counts_what_it_would_drop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[object] = [{"id": f"d{i}", "text": ENGLISH, "url": f"u{i}"} for i in range(3)]
    rows.insert(1, "{broken")
    src = _jsonl(tmp_path / "in.jsonl", rows)
    kept, errors, summary = tmp_path / "k.jsonl", tmp_path / "e.jsonl", tmp_path / "s.json"
    args = ["filter", str(src), "--kept", str(kept), "--errors", str(errors), "--annotate-only"]
    assert main([*args, "--threshold", "0.0", "--summary", str(summary)]) == 3
    k = _read(kept)
    assert [r["id"] for r in k] == ["d0", "d1", "d2"] and [r["url"] for r in k] == ["u0", "u1", "u2"]
    assert all(r["artifactdet"]["reason"].startswith(("artifact:", "spun:", "translated:")) for r in k)
    assert [r["line"] for r in _read(errors)] == [2]
    err = capsys.readouterr().err
    assert "kept 3 (flagged, kept annotated: 3," in err and "dropped 0 (none)" in err
    s = json.loads(summary.read_text())
    assert (s["kept"], s["dropped"], s["errors"]) == (3, 0, 1) and sum(s["flagged_by_reason"].values()) == 3

    # Under the threshold: kept with scores, no reason, nothing flagged.
    assert main([*args, "--threshold", "1.01", "--summary", str(summary)]) == 3
    assert all("reason" not in r["artifactdet"] and "scores" in r["artifactdet"] for r in _read(kept))
    assert json.loads(summary.read_text())["flagged_by_reason"] == {}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--dropped", "d.jsonl"], "filter --annotate-only drops nothing: leave out --dropped"),
        (["--annotate"], "not allowed with argument --annotate-only"),
    ],
)
def test_filter_annotate_only_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": ENGLISH}])
    with pytest.raises(SystemExit) as exc:
        main(["filter", str(src), "--kept", "k.jsonl", "--errors", "e.jsonl", "--annotate-only", *extra])
    assert exc.value.code == 2 and message in capsys.readouterr().err


CURVE = [[0.01, 0.95], [0.05, 0.777], [0.1, 0.5], [0.5, 0.1]]
SPUN = "In the Nineteen Nineties the State Division said the nationwide protection council met. " + ENGLISH


def _bundle(tmp_path: Path, curve: object) -> Path:
    """The shipped bundle with its manifest's threshold curve set (or removed, for None); nothing else changes."""
    dst = tmp_path / "bundle"
    shutil.copytree(default_bundle_dir(), dst)
    path = dst / MANIFEST_FILE
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.pop("threshold_curve", None)
    if curve is not None:
        # model_sha256 covers model.joblib only, so the manifest can be edited without re-signing anything.
        manifest["threshold_curve"] = {"artifact": curve, "measured_on": "hand-written for the test"}
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return dst


def _filter_args(tmp_path: Path, src: Path) -> list[str]:
    outs = ("kept", "dropped", "errors")
    return ["filter", str(src), *(a for o in outs for a in (f"--{o}", str(tmp_path / f"{o}.jsonl"))), "--annotate"]


@pytest.mark.parametrize(("max_fpr", "threshold"), [("0.05", "0.777"), ("0.07", "0.777"), ("0.9", "0.100")])
def test_filter_max_fpr_uses_the_curve(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], max_fpr: str, threshold: str
) -> None:
    model = _bundle(tmp_path, CURVE)
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "plain", "text": ENGLISH}, {"id": "spun", "text": SPUN}])
    assert main(["--model", str(model), *_filter_args(tmp_path, src), "--max-fpr", max_fpr]) == 0
    assert f"(threshold {threshold} for max FPR {max_fpr} on original text)" in capsys.readouterr().err
    # Every record went where that threshold sends it.
    for where, dropped in (("kept", False), ("dropped", True)):
        for row in _read(tmp_path / f"{where}.jsonl"):
            assert (row["artifactdet"]["artifact_score"] >= float(threshold)) is dropped
    assert len(_read(tmp_path / "kept.jsonl")) + len(_read(tmp_path / "dropped.jsonl")) == 2


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--max-fpr", "0.05", "--threshold", "0.5"], "argument --threshold: not allowed with argument --max-fpr"),
        (["--max-fpr", "0"], "argument --max-fpr: a false-positive rate must be between 0 and 1 (exclusive), got 0"),
        (["--max-fpr", "1.5"], "between 0 and 1 (exclusive), got 1.5"),
        (["--max-fpr", "nan"], "between 0 and 1 (exclusive), got nan"),
        (["--max-fpr", "two percent"], "argument --max-fpr: not a number: 'two percent'"),
    ],
)
def test_filter_max_fpr_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main([*_filter_args(tmp_path, tmp_path / "in.jsonl"), *extra])
    assert caught.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("curve", "max_fpr", "message"),
    [
        (None, "0.05", f"artifactdet: --max-fpr 0.05: {NO_CURVE}"),
        (CURVE, "0.005", "artifactdet: --max-fpr 0.005: a maximum false-positive rate of 0.005 is below the smallest"),
        (CURVE, "0.005", "the smallest supported is 0.01"),
    ],
)
def test_filter_max_fpr_the_bundle_cannot_serve_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], curve: object, max_fpr: str, message: str
) -> None:
    model = _bundle(tmp_path, curve)
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "plain", "text": ENGLISH}])
    assert main(["--model", str(model), *_filter_args(tmp_path, src), "--max-fpr", max_fpr]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "kept.jsonl").exists()  # refused before any output was opened


def test_filter_refuses_a_bundle_with_a_malformed_curve(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = _bundle(tmp_path, [[0.1, 0.5], [0.05, 0.6]])
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "plain", "text": ENGLISH}])
    # A bad curve is a bad bundle (fatal, 1), whatever threshold was asked for.
    assert main(["--model", str(model), *_filter_args(tmp_path, src), "--threshold", "0.5"]) == 1
    assert "threshold_curve is malformed: fpr must ascend" in capsys.readouterr().err


def test_txt_and_directory_inputs(tmp_path: Path) -> None:
    d = tmp_path / "docs"
    d.mkdir()
    (d / "b.txt").write_text(ENGLISH, encoding="utf-8")
    (d / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (d / "ignored.md").write_text("x", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert main(["score", str(d), "-o", str(out)]) == 0
    assert [r["id"] for r in _read(out)] == ["a.txt", "b.txt"]
    assert main(["score", str(d / "a.txt"), "-o", str(out)]) == 0
    assert [r["id"] for r in _read(out)] == ["a.txt"]


def test_workers_keep_order(tmp_path: Path) -> None:
    texts = [ENGLISH, "In the Nineteen Nineties the State Division spoke. " + ENGLISH] * 70
    rows: list[object] = [{"id": str(i), "text": t} for i, t in enumerate(texts)]
    # Bad records between good ones, in several chunks: they take their own slots, not a neighbour's.
    for at in (5, 70, 100):
        rows.insert(at, "{broken")
    src = _jsonl(tmp_path / "in.jsonl", rows)
    one, two = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert main(["score", str(src), "-o", str(one)]) == 3
    assert main(["score", str(src), "-o", str(two), "--workers", "2"]) == 3
    assert _read(one) == _read(two)
    assert [r["line"] for r in _read(two) if "error" in r] == [6, 71, 101]
    assert [r["id"] for r in _read(two) if "error" not in r] == [str(i) for i in range(140)]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_forked_workers_use_the_parents_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    from artifactdet.batch import DetectorSpec, ProcessChunks
    from artifactdet.detector import Detector

    detector = Detector.load()
    spec = DetectorSpec.of(detector, None)
    # Scoring first, over 64 rows (scikit-learn's OpenMP tree path), must not leave the children a held lock.
    expected = detector.score_many([ENGLISH] * 65)[:2]

    def no_reload(self: DetectorSpec) -> Detector:
        raise AssertionError("a forked worker loaded the bundle again")

    # A forked child inherits this patch: had it loaded its own detector, the chunk would fail.
    monkeypatch.setattr(DetectorSpec, "load", no_reload)
    with ProcessChunks(spec, 2, detector) as pool:
        outcomes = pool.submit([ENGLISH, ENGLISH])()
    assert [o.scores for o in outcomes] == [r.scores for r in expected]  # type: ignore[union-attr]


def _run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run(
        [sys.executable, "-m", "artifactdet.cli", *args], input=stdin, capture_output=True, env=env, check=False
    )


def test_exit_codes_and_messages(tmp_path: Path) -> None:
    missing = _run("score", str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 1 and b"no such file" in missing.stderr
    usage = _run("score")
    assert usage.returncode == 2
    stdin = _run("score", "-", stdin=json.dumps({"id": "s", "text": ENGLISH}).encode() + b"\n")
    assert stdin.returncode == 0 and json.loads(stdin.stdout)["id"] == "s"
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    explain = _run("explain", str(empty))
    assert explain.returncode == 1 and b"empty" in explain.stderr
    bad_model = _run("--model", str(tmp_path), "score", "-", stdin=b"")
    assert bad_model.returncode == 1 and b"manifest.json is missing" in bad_model.stderr


def test_explain_renders_report(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("In the Nineteen Nineties the State Division said so. " + ENGLISH, encoding="utf-8")
    res = _run("explain", str(doc))
    assert res.returncode == 0, res.stderr
    out = res.stdout.decode()
    assert "label:" in out and "Nineteen Nineties" in out and "1990s" in out


@pytest.mark.skipif(not (SEEDS / "labels.tsv").exists(), reason="../shared/seeds not present")
def test_seeds_rated_right_through_cli(tmp_path: Path) -> None:
    gold = {}
    for line in (SEEDS / "labels.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        name, label, *_ = line.split("\t")
        gold[name] = label
    rows = [{"id": name, "text": (SEEDS / name).read_text(encoding="utf-8")} for name in gold]
    src = _jsonl(tmp_path / "seeds.jsonl", rows)  # written to tmp at test time, never into the repository
    out = tmp_path / "out.jsonl"
    assert main(["score", "--explain", str(src), "-o", str(out)]) == 0
    records = _read(out)
    rated = {r["id"]: r["label"] for r in records}
    assert rated == gold
    # What a reviewer is shown: nothing spun-looking on the originals, and the spinner's article keeps its
    # context flags beside the names and collocations (the density gate counts every tell's spinning evidence).
    spin_tells = {r["id"]: {e["tell"] for e in r["evidence"] if e["kind"] == "spin"} for r in records}
    for name, label in gold.items():
        if label == "original":
            assert spin_tells[name] == set(), name
        elif label == "spun":
            assert {"context", "names", "collocations"} <= spin_tells[name], name


def _corpus_rows(n: int) -> list[dict[str, object]]:
    texts = [ENGLISH, SPUN]
    return [{"doc_id": f"doc-{i}", "content": texts[i % 2], "url": f"https://example.org/{i}"} for i in range(n)]


def _write_corpus(path: Path, rows: list[dict[str, object]], bad: bytes = b"") -> Path:
    """``rows`` in the format the name says; ``bad`` (raw JSONL lines) goes after the second row."""
    if path.name.endswith(".parquet"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=3)
        return path
    lines = [json.dumps(r).encode() + b"\n" for r in rows]
    data = b"".join([*lines[:2], bad, *lines[2:]])
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    elif path.name.endswith(".zst"):
        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    return path


FIELD_ARGS = ["--text-field", "content", "--id-field", "doc_id"]
CORPUS_NAMES = ["in.jsonl", "in.jsonl.gz", "in.json.gz", "in.jsonl.zst", "in.parquet"]


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_score_every_input_format_with_custom_fields(tmp_path: Path, name: str) -> None:
    src = _write_corpus(tmp_path / name, _corpus_rows(7))
    out = tmp_path / "out.jsonl"
    assert main(["score", str(src), "-o", str(out), *FIELD_ARGS]) == 0
    rows = _read(out)
    assert [r["id"] for r in rows] == [f"doc-{i}" for i in range(7)]
    assert all(r["label"] in {"original", "translated", "spun"} for r in rows)


BAD_LINES = b'{"doc_id": "nt", "content": null}\n{broken\n{"doc_id": "u8", "content": "caf\xe9"}\n'


@pytest.mark.parametrize("name", ["in.jsonl", "in.jsonl.gz", "in.jsonl.zst"])
def test_bad_records_in_compressed_jsonl_are_reported_in_place(tmp_path: Path, name: str) -> None:
    src = _write_corpus(tmp_path / name, _corpus_rows(4), BAD_LINES)
    out = tmp_path / "out.jsonl"
    assert main(["score", str(src), "-o", str(out), *FIELD_ARGS]) == 3
    rows = _read(out)
    assert [r["id"] for r in rows] == ["doc-0", "doc-1", "nt", None, None, "doc-2", "doc-3"]
    errors = [(r["line"], r["error"]["code"]) for r in rows if "error" in r]
    assert errors == [(3, "not_text"), (4, "malformed_json"), (5, "invalid_utf8")]


def test_bad_parquet_rows_are_reported_in_place(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    content = pa.array([ENGLISH.encode(), None, b"caf\xe9", SPUN.encode()], type=pa.binary()).view(pa.string())
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"doc_id": ["a", "b", "c", "d"], "content": content}), src, row_group_size=2)
    out = tmp_path / "out.jsonl"
    assert main(["score", str(src), "-o", str(out), *FIELD_ARGS]) == 3
    rows = _read(out)
    assert [(r["id"], r.get("line"), r.get("error", {}).get("code")) for r in rows] == [
        ("a", None, None),
        ("b", 2, "missing_text"),
        ("c", 3, "invalid_utf8"),
        ("d", None, None),
    ]


def test_a_truncated_gzip_keeps_the_records_before_the_break_then_reports_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    noise = random.Random(0)
    # Incompressible padding, so half of the file holds some whole records and breaks inside a later one.
    rows: list[dict[str, object]] = [
        {"doc_id": f"doc-{i}", "content": ENGLISH, "pad": noise.randbytes(4000).hex()} for i in range(20)
    ]
    whole = gzip.compress(b"".join(json.dumps(r).encode() + b"\n" for r in rows))
    src = tmp_path / "in.jsonl.gz"
    src.write_bytes(whole[: len(whole) // 2])
    out = tmp_path / "out.jsonl"
    assert main(["score", str(src), "-o", str(out), *FIELD_ARGS]) == 3
    *good, last = _read(out)
    assert 0 < len(good) < 20 and [r["id"] for r in good] == [f"doc-{i}" for i in range(len(good))]
    assert last["line"] == len(good) + 1 and last["error"]["code"] == "truncated_input"
    assert f"the compressed stream ends early at line {len(good) + 1}" in capsys.readouterr().err


def test_an_unreadable_input_is_fatal_before_any_output_exists(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl.gz"
    src.write_text('{"id": "x", "text": "not compressed"}\n', encoding="utf-8")
    res = _run("score", str(src), "-o", str(tmp_path / "out.jsonl"))
    assert res.returncode == 1
    assert (
        res.stderr.decode().strip() == f"artifactdet: {src}: not a gzip file (starts with bytes 7b 22 69 64, not 1f 8b)"
    )
    assert not (tmp_path / "out.jsonl").exists()


def test_compressed_stdin_is_recognised(tmp_path: Path) -> None:
    data = b"".join(json.dumps(r).encode() + b"\n" for r in _corpus_rows(3))
    for packed in (gzip.compress(data), zstandard.ZstdCompressor().compress(data)):
        res = _run("score", "-", *FIELD_ARGS, stdin=packed)
        assert res.returncode == 0, res.stderr
        assert [json.loads(line)["id"] for line in res.stdout.splitlines()] == ["doc-0", "doc-1", "doc-2"]


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".jsonl.zst"])
def test_compressed_outputs_are_readable(tmp_path: Path, suffix: str) -> None:
    src = _write_corpus(tmp_path / "in.jsonl", _corpus_rows(4), b"{broken\n")
    out = tmp_path / f"scores{suffix}"
    assert main(["score", str(src), "-o", str(out), *FIELD_ARGS]) == 3
    assert [r["id"] for r in read_any(out)] == ["doc-0", "doc-1", None, "doc-2", "doc-3"]
    outs = {o: tmp_path / f"{o}{suffix}" for o in ("kept", "dropped", "errors")}
    args = ["filter", str(src), *(a for o, p in outs.items() for a in (f"--{o}", str(p))), *FIELD_ARGS]
    assert main([*args, "--threshold", "0.5"]) == 3
    got = {o: read_any(p) for o, p in outs.items()}
    assert sorted(r["doc_id"] for r in got["kept"] + got["dropped"]) == [f"doc-{i}" for i in range(4)]
    assert all(r["content"] and r["url"] for r in got["kept"] + got["dropped"])  # the input's fields pass through
    assert [r["line"] for r in got["errors"]] == [3]


@pytest.mark.parametrize("name", ["in.jsonl.gz", "in.parquet"])
def test_filter_summary_json_adds_up(tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _corpus_rows(9)
    src = _write_corpus(tmp_path / name, rows, b"{broken\n")
    n_input = 9 if name.endswith(".parquet") else 10
    summary = tmp_path / "sub" / "summary.json"
    args = _filter_args(tmp_path, src)
    assert main([*args, *FIELD_ARGS, "--threshold", "0.5", "--summary", str(summary)]) in (0, 3)
    s = json.loads(summary.read_text(encoding="utf-8"))
    assert s["records"] == s["kept"] + s["dropped"] + s["errors"] == n_input
    assert s["errors"] == n_input - 9 and sum(s["errors_by_code"].values()) == s["errors"]
    assert sum(s["dropped_by_reason"].values()) == s["dropped"]
    for where in ("kept", "dropped", "errors"):
        assert len(_read(tmp_path / f"{where}.jsonl")) == s[where]
    assert s["threshold"] == {"value": 0.5, "source": "--threshold", "detail": "from --threshold"}
    hist = s["artifact_score_histogram"]
    assert hist["edges"] == pytest.approx([i / 10 for i in range(11)])
    assert len(hist["counts"]) == 10 and sum(hist["counts"]) == hist["n"] == s["kept"] + s["dropped"] == 9
    # The histogram agrees with the scores written out.
    scores = [r["artifactdet"]["artifact_score"] for w in ("kept", "dropped") for r in _read(tmp_path / f"{w}.jsonl")]
    assert hist["counts"] == [sum(1 for x in scores if min(int(x * 10), 9) == b) for b in range(10)]
    share = s["class_share"]
    assert share["n"] == 9 and share["confidence"] == 0.95 and "1.96" in share["method"]
    assert set(share["classes"]) == {"original", "translated", "spun"}
    means = [c["mean"] for c in share["classes"].values()]
    assert all(0.0 <= m <= 1.0 for m in means) and sum(means) == pytest.approx(1.0)
    for c in share["classes"].values():
        lo, hi = c["ci95"]
        assert 0.0 <= lo <= c["mean"] <= hi <= 1.0
        assert hi - lo == pytest.approx(2 * 1.96 * c["sd"] / 3, abs=1e-9) or lo == 0.0 or hi == 1.0
    err = capsys.readouterr().err
    assert "artifact_score histogram (9 scored documents)" in err and "mean class probability (95% CI" in err


def test_filter_summary_names_the_model_threshold(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": ENGLISH}])
    summary = tmp_path / "summary.json"
    assert main([*_filter_args(tmp_path, src), "--summary", str(summary)]) == 0
    s = json.loads(summary.read_text(encoding="utf-8"))
    assert s["threshold"]["source"] == "model" and s["threshold"]["detail"].startswith("the model's default")
    # One document has no spread to estimate: the interval is absent rather than made up.
    assert all(c["sd"] is None and c["ci95"] is None for c in s["class_share"]["classes"].values())


def test_filter_of_txt_files_keeps_their_text(tmp_path: Path) -> None:
    d = tmp_path / "docs"
    d.mkdir()
    (d / "a.txt").write_text(ENGLISH, encoding="utf-8")
    assert main([*_filter_args(tmp_path, d), "--threshold", "1.01"]) == 0
    assert _read(tmp_path / "kept.jsonl")[0]["text"] == ENGLISH


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_on_a_terminal_at_most_every_interval() -> None:
    now = [0.0]
    stream = _Tty()
    bar = Progress(stream, total=1000, min_interval=0.25, clock=lambda: now[0])
    for _ in range(100):
        now[0] += 0.01  # 100 documents/s
        bar.update()
    drawn = stream.getvalue().split("\r")[1:]
    assert len(drawn) == 4  # one second of work, a draw every quarter second
    assert drawn[-1] == "100 docs  100.0 docs/s  10.0%  ETA 0:00:09  elapsed 0:00:01\x1b[K"
    bar.note("artifactdet: record 7 (id x): bad")
    assert stream.getvalue().endswith("\r\x1b[Kartifactdet: record 7 (id x): bad\n")
    bar.close()
    assert stream.getvalue().endswith("\n") and "100 docs" in stream.getvalue().splitlines()[-1]


def test_progress_eta_from_bytes_and_without_a_total() -> None:
    now = [10.0]
    by_bytes = Progress(_Tty(), total_bytes=400, bytes_read=lambda: 100, clock=lambda: now[0])
    now[0] = 12.0
    assert by_bytes.line(now[0]).endswith("25.0%  ETA 0:00:06  elapsed 0:00:02")
    unknown = Progress(_Tty(), clock=lambda: now[0])
    assert "ETA" not in unknown.line(now[0] + 1)


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": ENGLISH}, "{broken"])
    assert main(["score", str(src), "-o", str(tmp_path / "o.jsonl")]) == 3
    err = capsys.readouterr().err
    assert "\r" not in err and "docs/s" not in err
    assert (
        err
        == "artifactdet: record 2 (id None): line 2: Expecting property name enclosed in double quotes at column 2\n"
    )


def test_filter_stats_bins_and_interval_by_hand() -> None:
    from artifactdet.batch import FilterStats, Threshold
    from artifactdet.detector import ScoreResult
    from artifactdet.errors import InputError

    stats = FilterStats()
    for p_original in (1.0, 0.95, 0.45, 0.2, 0.0):  # artifact scores 0.0, 0.05, 0.55, 0.8, 1.0
        scores = {"original": p_original, "translated": (1 - p_original) / 2, "spun": (1 - p_original) / 2}
        result = ScoreResult("original", scores, 1 - p_original, True, 60, ())
        stats.add("kept" if p_original > 0.5 else "dropped", None if p_original > 0.5 else "spun", result)
    stats.add("errors", "empty", InputError("empty", "empty"))
    s = stats.to_json(Threshold(0.5, "--threshold", "from --threshold"), "in.jsonl")
    assert s["artifact_score_histogram"]["counts"] == [2, 0, 0, 0, 0, 1, 0, 0, 1, 1]  # 1.0 is in the last bin
    assert (s["records"], s["kept"], s["dropped"], s["errors"]) == (6, 2, 3, 1)
    original = s["class_share"]["classes"]["original"]
    assert original["mean"] == pytest.approx(0.52)
    sd = (sum((x - 0.52) ** 2 for x in (1.0, 0.95, 0.45, 0.2, 0.0)) / 4) ** 0.5
    assert original["sd"] == pytest.approx(sd)
    half = 1.96 * sd / 5**0.5
    assert original["ci95"] == pytest.approx([max(0.0, 0.52 - half), min(1.0, 0.52 + half)])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["filter", "in", "--output-dir", "o", "--kept", "k"],
            "--output-dir writes per-shard outputs; leave out --kept",
        ),
        (["score", "in", "--output-dir", "o", "-o", "x"], "leave out --output"),
        (["score", "-", "--output-dir", "o"], "--output-dir reads shards from a directory or glob, not stdin"),
        (["filter", "in", "--kept", "k"], "filter needs --kept, --dropped and --errors, or --output-dir"),
        (["score", "data/*.jsonl.gz"], "data/*.jsonl.gz: a glob of shards is read only with --output-dir"),
        (["score", "in", "--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --engine dask"),
        (["score", "in", "--checksum"], "--checksum applies to sharded runs only: add --output-dir"),
        (["score", "in", "--compression", "zstd"], "--compression applies to sharded runs only"),
        (["score", "in", "--workers", "0"], "--workers must be at least 1"),
        (["filter", "in", "--output-dir", "o", "--partition-size", "0"], "--partition-size must be at least 1"),
        (["score", "in", "--engine", "spark"], "argument --engine: invalid choice: 'spark'"),
    ],
)
def test_sharding_and_engine_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert message in capsys.readouterr().err


def test_a_directory_without_output_dir_is_still_one_corpus_of_txt_files(tmp_path: Path) -> None:
    d = tmp_path / "docs"
    d.mkdir()
    (d / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (d / "b.jsonl").write_text(json.dumps({"id": "j", "text": ENGLISH}) + "\n", encoding="utf-8")  # not read
    out = tmp_path / "o.jsonl"
    assert main(["score", str(d), "-o", str(out)]) == 0
    assert [r["id"] for r in _read(out)] == ["a.txt"]
    # With --output-dir the same directory is a directory of shards: both files, each with its own output.
    assert main(["score", str(d), "--output-dir", str(tmp_path / "sharded"), "--compression", "none"]) == 0
    assert sorted(p.name for p in (tmp_path / "sharded" / "scores").iterdir()) == ["a.jsonl", "b.jsonl"]


def test_gzip_outputs_do_not_depend_on_when_or_where_they_were_written(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": ENGLISH}])
    assert main(["score", str(src), "-o", str(tmp_path / "one.jsonl.gz")]) == 0
    assert main(["score", str(src), "-o", str(tmp_path / "two.jsonl.gz")]) == 0
    one = (tmp_path / "one.jsonl.gz").read_bytes()
    assert one == (tmp_path / "two.jsonl.gz").read_bytes()
    assert one[4:8] == b"\x00\x00\x00\x00" and not one[3] & 0x08  # no time stamp, no file name in the header
