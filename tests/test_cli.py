"""The CLI contract, through the installed entry point's ``main`` and as a subprocess for exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from artifactdet.cli import main
from artifactdet.model import MANIFEST_FILE, NO_CURVE, default_bundle_dir
from tests.conftest import SEEDS

ENGLISH = (
    "The council met on Tuesday to discuss the new budget for the city. Members said that the plan would "
    "raise funds for schools and roads, and that they expected a vote before the end of the month. "
    "Several residents spoke at the meeting and asked for more money for the parks."
)


def _jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def _read(path: Path) -> list[dict[str, object]]:
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


def test_score_explain_adds_evidence_with_spans(tmp_path: Path) -> None:
    text = "In the Nineteen Nineties the State Division said so. " + ENGLISH
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "x", "text": text}])
    out = tmp_path / "out.jsonl"
    assert main(["score", "--explain", str(src), "-o", str(out)]) == 0
    (row,) = _read(out)
    evidence = row["evidence"]
    assert isinstance(evidence, list) and evidence
    for e in evidence:
        assert text[e["start"] : e["end"]] == e["text"]
        assert e["kind"] in {"spin", "translation", "provenance"}
    assert {"Nineteen Nineties": "1990s"}.items() <= {e["text"]: e["suggestion"] for e in evidence}.items()
    sentences = row["sentences"]
    assert isinstance(sentences, list) and sentences[0]["start"] == 0 and sentences[0]["spin_score"] > 0
    assert all(s["translation_score"] or s["spin_score"] for s in sentences)


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
    codes = [r["error"]["code"] for r in rows[1:]]  # type: ignore[index]
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
    assert all("reason" in r["artifactdet"] and r["url"] for r in d)  # type: ignore[index,operator]
    assert e[0]["line"] == 2 and e[0]["error"]["code"] == "malformed_json"  # type: ignore[index]
    err = capsys.readouterr().err
    assert "kept 0, dropped 3" in err and "(threshold 0.000 from --threshold)" in err

    assert _filter(src, kept, dropped, errors, "1.01") == 3
    k = _read(kept)
    assert [r["id"] for r in k] == ["d0", "d1", "d2"] and all("artifactdet" in r for r in k)


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
            assert (row["artifactdet"]["artifact_score"] >= float(threshold)) is dropped  # type: ignore[index]
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
    src = _jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": t} for i, t in enumerate(texts)])
    one, two = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert main(["score", str(src), "-o", str(one)]) == 0
    assert main(["score", str(src), "-o", str(two), "--workers", "2"]) == 0
    assert _read(one) == _read(two)


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
    rated = {r["id"]: r["label"] for r in _read(out)}
    assert rated == gold
