"""benchmarks/bench_vs_fasttext.py: its documents, its training set and its fastText runs, at toy sizes."""

from __future__ import annotations

import importlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@dataclass(frozen=True)
class FakeSample:
    id: str
    text: str
    label: str
    genre: str
    lang: str
    source: str


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    # The benchmarks are scripts, not a package: they import each other from their own folder.
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    return importlib.import_module("bench_vs_fasttext")


def _news(i: int) -> FakeSample:
    text = "\n".join(
        f"Council member {i} said on day {p} that the plan would pass. The vote is next week." for p in range(3)
    )
    return FakeSample(f"news{i}", text, "original", "news", "en", "brown")


SAMPLES = [
    *(_news(i) for i in range(4)),
    FakeSample("tr", "Translated news EXCLUDED here. More of it.", "translated", "news", "ru", "wmt"),
    FakeSample("ref", "Human reference EXCLUDED here. More of it.", "original", "news", "ru", "wmt"),
    FakeSample("rev", "A review EXCLUDED here. More of it.", "original", "review", "en", "amazon"),
]


def test_news_documents_are_whole_sentences_of_about_n_words(bench: ModuleType) -> None:
    docs = bench.news_documents(SAMPLES, 25, 30, seed=1)
    assert len(docs.texts) == 25
    assert "from 4 original English news texts" in docs.description
    for text in docs.texts:
        assert "EXCLUDED" not in text
        # At least the target, and at most one sentence (here <= 12 words) over it.
        assert 30 <= len(text.split()) < 30 + 12
        assert text[0].isupper() and text.endswith(".")
    assert bench.news_documents(SAMPLES, 25, 30, seed=1).texts == docs.texts


def test_without_news_the_documents_are_synthetic(bench: ModuleType) -> None:
    docs = bench.news_documents(SAMPLES[4:], 5, 40)
    assert len(docs.texts) == 5 and "synthetic" in docs.description
    assert all(len(t.split()) >= 40 for t in docs.texts)


def test_input_records(bench: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 1, "text": "One."}\n\n{"id": 2, "text": "Two."}\n', encoding="utf-8")
    assert bench.read_input(path).texts == ["One.", "Two."]


def test_training_set_leaves_out_the_benchmark_documents(bench: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "_spin", lambda texts, rng: [t.upper() for t in texts])
    samples = [*SAMPLES, *(FakeSample(f"o{i}", f"orig {i}", "original", "review", "en", "amazon") for i in range(9))]
    samples += [FakeSample(f"t{i}", f"trans {i}", "translated", "news", "de", "wmt") for i in range(9)]
    pairs, desc = bench.training_set(samples, 9, seed=0)
    assert desc == "original 3, translated 3, spun 3"
    assert not any(text.startswith("Council member") for _, text in pairs)


def test_fasttext_runs_in_and_out_of_process(bench: ModuleType, tmp_path: Path) -> None:
    pytest.importorskip("fasttext")
    pairs = [(bench.LABELS[i % 3], f"word{i % 3} text number {i}\nsecond line") for i in range(30)]
    # Not a smaller bucket: fasttext-numpy2 0.10.4 reads uninitialised memory when training, so an input matrix
    # small enough to come from recycled heap (under glibc's 32 MB mmap ceiling) makes it fail with "Encountered
    # NaN" at random in a long-lived process; 2M x 10 floats (80 MB) always gets fresh, zeroed pages.
    settings = bench.FastTextSettings(dim=10, bucket=2_000_000, epoch=1, lr=0.1)
    model_path = tmp_path / "m.bin"
    bench.train_fasttext(pairs, settings, model_path)
    docs = bench.Documents([f"Line one {i}.\nLine two." for i in range(10)], "toy")
    m = bench.fasttext_in_process(model_path, docs, rounds=1, min_seconds=0.0)
    assert m.docs == 10 and m.wall_s and m.load_s is not None
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    inp.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(docs.texts)))
    proc = bench.whole_process(
        [sys.executable, "-c", bench.FASTTEXT_PROCESS, str(model_path), str(inp), str(out)],
        bench.Measurement("fastText", "whole process", 10, docs.mb),
        1,
        out,
    )
    assert proc.load_s is not None and len(proc.cpu_s) == 1
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == [str(i) for i in range(10)]
    assert set(rows[0]["scores"]) == set(bench.LABELS)
    assert "fastText" in bench.table([m, proc])
