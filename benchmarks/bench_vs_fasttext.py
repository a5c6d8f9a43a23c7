"""artifactdet against a fastText supervised classifier, side by side, on the same ~300-word news documents.

    python benchmarks/bench_vs_fasttext.py [--docs 2000] [--words 300] [--input FILE.jsonl] [--rounds 1]
                                           [--train-docs 3000] [--json PATH]

The documents: original English news from the shared data (genre "news", lang "en": Brown press, NTREX and
WMT22 English sources), cut and joined at sentence boundaries into pseudo-documents of about --words words;
there are only enough for about 450 distinct ones, so later ones recombine the same sentences in another order
(neither system caches anything per text, so repeats flatter neither). Without the shared data:
bench_score.synthetic. With --input: the "text" of those JSONL records, as given.

fastText is trained first (original / translated / spun, a few thousand shared-data documents that are not
news originals; spun copies made by training.spinner) and its training is timed but excluded. Then, on the
same documents in one run:

  1. fastText in process: load_model of the saved .bin, then predict (k=3) in batches;
  2. artifactdet in process: Detector.load, then Detector.score_many in batches;
  3. fastText as a whole process: python loads the .bin, reads the JSONL, predicts, writes JSONL;
  4. `artifactdet score --workers 1 IN.jsonl -o OUT.jsonl` as a whole process (start, imports, model load);
  5. the same with `--workers 2`.

In-process runs (1, 2) repeat until both --rounds and a second of scoring are reached; whole-process runs
(3-5) are started --rounds times. Medians are printed. MB/s counts the UTF-8 bytes of the document texts.
docs/CPU-s divides by the CPU time of the process (and its workers), which is less disturbed by other jobs
on the machine than wall clock is.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import itertools
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

REPO = Path(__file__).resolve().parent.parent
LABELS = ("original", "translated", "spun")
BATCH = 64
# The targets for `score --workers 1`, whole process.
TARGET_DOCS_PER_S = 2000.0
TARGET_RATIO = 0.5  # within 2x of fastText

# Sentence ends: . ! or ? (and any closing quotes or brackets) before a space and a capital, digit or quote.
_SENTENCE_BREAK = re.compile(r"""(?<=[.!?])["'\u201d\u2019)\]]*\s+(?=["'\u201c\u2018(\[]?[A-Z0-9])""")

# Run as a separate process, so its start, imports and model load are counted as the CLI's are.
FASTTEXT_PROCESS = """
import json, sys, time
t0 = time.perf_counter()
import fasttext
model = fasttext.load_model(sys.argv[1])
load_s = time.perf_counter() - t0
with open(sys.argv[2], encoding="utf-8") as src, open(sys.argv[3], "w", encoding="utf-8") as out:
    batch = []
    def flush():
        labels, probs = model.predict([" ".join(r["text"].split()) for r in batch], k=3)
        for r, lab, p in zip(batch, labels, probs):
            scores = {k.removeprefix("__label__"): float(v) for k, v in zip(lab, p)}
            out.write(json.dumps({"id": r["id"], "label": max(scores, key=scores.get), "scores": scores}) + "\\n")
        batch.clear()
    for line in src:
        if line.strip():
            batch.append(json.loads(line))
            if len(batch) == 64:
                flush()
    if batch:
        flush()
print(json.dumps({"load_s": load_s}), file=sys.stderr)
"""


class LabelledText(Protocol):
    """What the benchmark needs of training.data.Sample (read-only, as Sample is frozen)."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def genre(self) -> str: ...
    @property
    def lang(self) -> str: ...
    @property
    def source(self) -> str: ...


@dataclass
class Documents:
    texts: list[str]
    description: str

    @property
    def mb(self) -> float:
        return sum(len(t.encode("utf-8")) for t in self.texts) / 1e6

    @property
    def mean_words(self) -> float:
        return statistics.mean(len(t.split()) for t in self.texts) if self.texts else 0.0


@dataclass
class Measurement:
    system: str
    mode: str
    docs: int
    mb: float
    wall_s: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)
    load_s: float | None = None
    cores: int = 1
    note: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(self.wall_s)

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.wall

    @property
    def mb_per_s(self) -> float:
        return self.mb / self.wall

    @property
    def docs_per_cpu_s(self) -> float:
        cpu = statistics.median(self.cpu_s)
        return self.docs / cpu if cpu > 0 else float("nan")

    def to_json(self) -> dict[str, Any]:
        return {
            "system": self.system,
            "mode": self.mode,
            "docs": self.docs,
            "mb": self.mb,
            "rounds": len(self.wall_s),
            "wall_s": self.wall_s,
            "cpu_s": self.cpu_s,
            "load_s": self.load_s,
            "cores": self.cores,
            "docs_per_s": self.docs_per_s,
            "docs_per_s_per_core": self.docs_per_s / self.cores,
            "mb_per_s": self.mb_per_s,
            "docs_per_cpu_s": self.docs_per_cpu_s,
            "note": self.note,
        }


# ---------------------------------------------------------------------------------------------- documents


def one_line(text: str) -> str:
    """fastText reads one document per line: every run of whitespace becomes one space."""
    return " ".join(text.split())


def is_news_original(sample: LabelledText) -> bool:
    return sample.genre == "news" and sample.label == "original" and sample.lang == "en"


def _paragraphs(text: str) -> list[list[str]]:
    """A text as paragraphs of sentences (one per non-empty line: WMT segments, Brown paragraphs)."""
    out = []
    for line in text.split("\n"):
        sentences = [s for s in (one_line(x) for x in _SENTENCE_BREAK.split(line)) if s]
        if sentences:
            out.append(sentences)
    return out


def _sentence_stream(texts: Sequence[str], seed: int) -> Iterator[tuple[str, bool]]:
    """(sentence, opens a paragraph) over the texts, pass after pass, each pass in another order of texts."""
    parsed = [_paragraphs(t) for t in texts]
    parsed = [p for p in parsed if p]
    if not parsed:
        return
    for round_no in itertools.count():
        order = list(range(len(parsed)))
        random.Random(f"{seed}:{round_no}").shuffle(order)
        for i in order:
            for paragraph in parsed[i]:
                for j, sentence in enumerate(paragraph):
                    yield sentence, j == 0


def pseudo_documents(texts: Sequence[str], n: int, words: int, seed: int = 0) -> list[str]:
    """``n`` documents of about ``words`` words (whole sentences: at least ``words``, cut at the next end)."""
    docs: list[str] = []
    parts: list[str] = []
    count = 0
    for sentence, opens in _sentence_stream(texts, seed):
        if len(docs) == n:
            break
        if parts:
            parts.append("\n\n" if opens else " ")
        parts.append(sentence)
        count += len(sentence.split())
        if count >= words:
            docs.append("".join(parts))
            parts, count = [], 0
    return docs


def news_documents(samples: Sequence[LabelledText], n: int, words: int, seed: int = 0) -> Documents:
    """~``words``-word news documents from the news originals among ``samples``; synthetic ones if none."""
    news = sorted((s for s in samples if is_news_original(s)), key=lambda s: s.id)
    docs = pseudo_documents([s.text for s in news], n, words, seed)
    if len(docs) < n:
        from bench_score import synthetic

        return Documents(synthetic(n, words, seed), f"{n} synthetic documents (bench_score.synthetic): no news data")
    by_source = Counter(s.source for s in news)
    sources = ", ".join(f"{name} {count}" for name, count in sorted(by_source.items()))
    return Documents(
        docs,
        f"{n} pseudo-documents cut from {len(news)} original English news texts ({sources}), "
        f"{sum(len(s.text.split()) for s in news)} words in all",
    )


def read_input(path: Path) -> Documents:
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return Documents(texts, f"{len(texts)} records of {path}")


def load_shared() -> list[LabelledText]:
    """Every labelled sample of the shared data, or none when it is not there."""
    # training/ is not an installed package: it is imported from this checkout.
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from training.data import load_all

    try:
        return list(load_all())
    except FileNotFoundError as exc:
        print(f"shared data not found ({exc}): synthetic documents and labels", file=sys.stderr)
        return []


# ---------------------------------------------------------------------------------------------- fastText


@dataclass(frozen=True)
class FastTextSettings:
    dim: int = 100
    word_ngrams: int = 2
    epoch: int = 5
    lr: float = 0.5
    bucket: int = 2_000_000
    min_count: int = 1
    loss: str = "softmax"
    thread: int = 1
    seed: int = 0

    def describe(self) -> str:
        return (
            f"dim {self.dim}, wordNgrams {self.word_ngrams}, epoch {self.epoch}, lr {self.lr}, bucket {self.bucket}, "
            f"minCount {self.min_count}, loss {self.loss}, thread {self.thread}"
        )


def training_set(samples: Sequence[LabelledText], n: int, seed: int) -> tuple[list[tuple[str, str]], str]:
    """About ``n`` (label, text) pairs, a third of each class, none from the benchmark's news originals."""
    rng = random.Random(seed)
    pool = [s for s in samples if not is_news_original(s)]
    originals = [s.text for s in pool if s.label == "original"]
    translated = [s.text for s in pool if s.label == "translated"]
    rng.shuffle(originals)
    rng.shuffle(translated)
    per = max(1, n // 3)
    pairs = [("original", t) for t in originals[:per]] + [("translated", t) for t in translated[:per]]
    pairs += [("spun", t) for t in _spin(originals[per : 2 * per], rng)]
    rng.shuffle(pairs)  # fastText's SGD reads in order with a decaying learning rate: classes must be mixed
    counts = Counter(label for label, _ in pairs)
    return pairs, ", ".join(f"{label} {counts[label]}" for label in LABELS)


def _spin(texts: Sequence[str], rng: random.Random) -> list[str]:
    """Spun copies by the project's spinner; none if its thesauri are not installed."""
    from training.spinner import SpinConfig, spin_many
    from training.thesaurus import THESAURI, ThesaurusName

    # A handful of configs (each builds a spinner once): light and heavy spinning over all three thesauri.
    pairs: list[tuple[ThesaurusName, float]] = [(t, rate) for t in THESAURI for rate in (0.1, 0.3)]
    configs = [SpinConfig(thesaurus=t, rate=rate, seed=i) for i, (t, rate) in enumerate(pairs)]
    try:
        results = spin_many(texts, [rng.choice(configs) for _ in texts])
    except FileNotFoundError as exc:
        print(f"no spun training documents: {exc}", file=sys.stderr)
        return []
    return [r.text for r in results if r.replacements]


def synthetic_training_set(n: int, words: int, seed: int) -> tuple[list[tuple[str, str]], str]:
    """Without shared data: synthetic texts with labels in turn. Meaningless as a classifier; the speed is real."""
    from bench_score import synthetic

    texts = synthetic(n, words, seed + 1)
    return [(LABELS[i % 3], t) for i, t in enumerate(texts)], f"{n} synthetic documents, labels assigned in turn"


def train_fasttext(pairs: Sequence[tuple[str, str]], settings: FastTextSettings, path: Path) -> Any:
    import fasttext

    train_file = path.with_suffix(".train.txt")
    with train_file.open("w", encoding="utf-8") as f:
        for label, text in pairs:
            f.write(f"__label__{label} {one_line(text)}\n")
    model = fasttext.train_supervised(
        str(train_file),
        dim=settings.dim,
        wordNgrams=settings.word_ngrams,
        epoch=settings.epoch,
        lr=settings.lr,
        bucket=settings.bucket,
        minCount=settings.min_count,
        loss=settings.loss,
        thread=settings.thread,
        seed=settings.seed,
        verbose=0,
    )
    train_file.unlink()
    model.save_model(str(path))
    return model


# ---------------------------------------------------------------------------------------------- measuring


def _batches(texts: Sequence[str], size: int = BATCH) -> Iterator[Sequence[str]]:
    for i in range(0, len(texts), size):
        yield texts[i : i + size]


def in_process(
    run: Callable[[], object],
    m: Measurement,
    rounds: int,
    min_seconds: float = 1.0,
    warm: Callable[[], object] | None = None,
) -> Measurement:
    """Time ``run`` (all documents once) until ``rounds`` rounds and ``min_seconds`` of scoring are reached."""
    if warm is not None:
        warm()  # first-call costs (lazy tables, allocations) are not steady-state throughput
    while len(m.wall_s) < rounds or sum(m.wall_s) < min_seconds:
        c0, t0 = time.process_time(), time.perf_counter()
        run()
        m.wall_s.append(time.perf_counter() - t0)
        m.cpu_s.append(time.process_time() - c0)
    return m


def fasttext_in_process(model_path: Path, docs: Documents, rounds: int, min_seconds: float = 1.0) -> Measurement:
    import fasttext

    texts = docs.texts
    t0 = time.perf_counter()
    model = fasttext.load_model(str(model_path))
    m = Measurement("fastText", f"in process: predict(k=3), batches of {BATCH}", len(texts), docs.mb)
    m.load_s = time.perf_counter() - t0

    def run() -> None:
        # The one-lining is timed: fastText cannot take raw documents without it.
        for batch in _batches(texts):
            model.predict([one_line(t) for t in batch], k=3)

    return in_process(run, m, rounds, min_seconds, warm=lambda: model.predict([one_line(texts[0])], k=3))


def artifactdet_in_process(docs: Documents, rounds: int) -> Measurement:
    from artifactdet.detector import Detector

    texts = docs.texts
    t0 = time.perf_counter()
    detector = Detector.load()
    m = Measurement("artifactdet", f"in process: Detector.score_many, batches of {BATCH}", len(texts), docs.mb)
    m.load_s = time.perf_counter() - t0

    def run() -> None:
        for batch in _batches(texts):
            detector.score_many(batch)

    return in_process(run, m, rounds, warm=lambda: detector.score_many(texts[:8]))


def whole_process(cmd: Sequence[str], m: Measurement, rounds: int, out: Path) -> Measurement:
    """Start ``cmd`` ``rounds`` times; wall clock from start to exit, CPU time of it and its children."""
    loads = []
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr}")
        lines = sum(1 for line in out.read_text(encoding="utf-8").splitlines() if line.strip())
        if lines != m.docs:
            raise SystemExit(f"{' '.join(cmd)} wrote {lines} lines for {m.docs} documents")
        m.wall_s.append(wall)
        m.cpu_s.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        for line in proc.stderr.splitlines():
            if line.startswith('{"load_s"'):
                loads.append(float(json.loads(line)["load_s"]))
    if loads:
        m.load_s = statistics.median(loads)
    return m


def artifactdet_command() -> list[str]:
    script = Path(sys.executable).parent / "artifactdet"
    return [str(script)] if script.exists() else [sys.executable, "-m", "artifactdet.cli"]


# ---------------------------------------------------------------------------------------------- report


def table(rows: Sequence[Measurement]) -> str:
    head = (
        f"{'system':<12} {'mode':<52} {'load s':>7} {'wall s':>7} {'docs/s':>8} {'/core':>8} {'MB/s':>6} "
        f"{'docs/CPU-s':>10}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        load = f"{r.load_s:.2f}" if r.load_s is not None else "-"
        lines.append(
            f"{r.system:<12} {r.mode:<52} {load:>7} {r.wall:>7.2f} {r.docs_per_s:>8.0f} {r.docs_per_s / r.cores:>8.0f} "
            f"{r.mb_per_s:>6.2f} {r.docs_per_cpu_s:>10.0f}"
        )
    return "\n".join(lines)


def ratio_lines(ft_in: Measurement, ad_in: Measurement, ft_proc: Measurement, ad_cli1: Measurement) -> list[str]:
    inproc = ad_in.docs_per_s / ft_in.docs_per_s
    proc = ad_cli1.docs_per_s / ft_proc.docs_per_s
    cpu = ad_cli1.docs_per_cpu_s / ft_proc.docs_per_cpu_s
    meets_speed = ad_cli1.docs_per_s >= TARGET_DOCS_PER_S
    meets_ratio = proc >= TARGET_RATIO
    return [
        f"artifactdet/fastText docs/s, in process:            {inproc:.4f}  (fastText {1 / inproc:.0f}x faster)",
        f"artifactdet/fastText docs/s, whole process (1 core): {proc:.4f}  (fastText {1 / proc:.0f}x faster)",
        f"artifactdet/fastText docs/CPU-s, whole process:      {cpu:.4f}",
        f"issue 5, `score --workers 1` >= {TARGET_DOCS_PER_S:.0f} docs/s: {'met' if meets_speed else 'NOT met'} "
        f"({ad_cli1.docs_per_s:.0f} docs/s)",
        f"issue 5, within 2x of fastText (ratio >= {TARGET_RATIO}): {'met' if meets_ratio else 'NOT met'} "
        f"(ratio {proc:.4f})",
    ]


# ---------------------------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000, help="documents to score (default 2000)")
    ap.add_argument("--words", type=int, default=300, help="words per built document (default 300)")
    ap.add_argument("--input", type=Path, default=None, help="score the 'text' of these JSONL records instead")
    ap.add_argument("--rounds", type=int, default=1, help="runs of each measurement; the median is shown")
    ap.add_argument("--train-docs", type=int, default=3000, help="fastText training documents (default 3000)")
    ap.add_argument("--dim", type=int, default=FastTextSettings.dim)
    ap.add_argument("--word-ngrams", type=int, default=FastTextSettings.word_ngrams)
    ap.add_argument("--epoch", type=int, default=FastTextSettings.epoch)
    ap.add_argument("--bucket", type=int, default=FastTextSettings.bucket)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the results here")
    args = ap.parse_args(argv)
    if args.docs < 1 or args.rounds < 1:
        ap.error("--docs and --rounds must be at least 1")
    load_before = os.getloadavg()

    # Timed before anything else imports it: importing is part of what the CLI pays at every start.
    t0 = time.perf_counter()
    importlib.import_module("artifactdet.detector")
    import_s = time.perf_counter() - t0
    if importlib.util.find_spec("fasttext") is None:
        print("fastText is not installed: pip install -e '.[train]' (fasttext-numpy2)", file=sys.stderr)
        return 1

    t0 = time.perf_counter()
    samples = load_shared()
    docs = read_input(args.input) if args.input else news_documents(samples, args.docs, args.words, args.seed)
    if not docs.texts:
        ap.error(f"{args.input}: no records")
    if samples:
        pairs, train_desc = training_set(samples, args.train_docs, args.seed)
    else:
        pairs, train_desc = synthetic_training_set(args.train_docs, args.words, args.seed)
    prep_s = time.perf_counter() - t0
    settings = FastTextSettings(dim=args.dim, word_ngrams=args.word_ngrams, epoch=args.epoch, bucket=args.bucket)
    n, mb = len(docs.texts), docs.mb

    with tempfile.TemporaryDirectory(prefix="bench_vs_fasttext-") as tmp_name:
        tmp = Path(tmp_name)
        model_path = tmp / "fasttext.bin"
        t0 = time.perf_counter()
        train_fasttext(pairs, settings, model_path)
        train_s = time.perf_counter() - t0
        model_mb = model_path.stat().st_size / 1e6
        inp, out = tmp / "in.jsonl", tmp / "out.jsonl"
        inp.write_text(
            "".join(json.dumps({"id": str(i), "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(docs.texts)),
            encoding="utf-8",
        )

        ft_in = fasttext_in_process(model_path, docs, args.rounds)
        ad_in = artifactdet_in_process(docs, args.rounds)
        ad_in.note = f"import artifactdet.detector {import_s:.2f} s, not in load s"

        # 3-5. Whole processes, wall clock from start to exit.
        ft_proc = whole_process(
            [sys.executable, "-c", FASTTEXT_PROCESS, str(model_path), str(inp), str(out)],
            Measurement("fastText", "whole process: python, load .bin, JSONL in/out", n, mb),
            args.rounds,
            out,
        )
        cli = artifactdet_command()
        cli_runs = [
            whole_process(
                [*cli, "score", "--workers", str(w), str(inp), "-o", str(out)],
                Measurement("artifactdet", f"whole process: `artifactdet score --workers {w}`", n, mb, cores=w),
                args.rounds,
                out,
            )
            for w in (1, 2)
        ]

    rows = [ft_in, ad_in, ft_proc, *cli_runs]
    load_after = os.getloadavg()
    loads = f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after"
    header = [
        f"documents: {docs.description}; mean {docs.mean_words:.0f} words, {mb / n * 1000:.2f} kB per document, "
        f"{mb:.2f} MB in all",
        f"fastText: supervised, {settings.describe()}; trained on {len(pairs)} documents ({train_desc}) in "
        f"{train_s:.1f} s (excluded); model .bin {model_mb:.0f} MB",
        f"data preparation (excluded): {prep_s:.1f} s; import artifactdet.detector: {import_s:.2f} s",
        f"machine: {os.cpu_count()} cores; {loads}; rounds: {args.rounds} (in process: at least 1 s of scoring); "
        "timings are noisy when other jobs share the machine",
        "load s: model load (fastText load_model of the .bin; artifactdet Detector.load), included in wall s only "
        "for whole processes. /core: docs/s divided by the worker processes.",
    ]
    print("\n".join(header))
    print()
    print(table(rows))
    print()
    ratios = ratio_lines(ft_in, ad_in, ft_proc, cli_runs[0])
    print("\n".join(ratios))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "documents": {"description": docs.description, "count": n, "mb": mb, "mean_words": docs.mean_words},
            "fasttext": {
                "settings": settings.describe(),
                "train_docs": len(pairs),
                "train_classes": train_desc,
                "train_s": train_s,
                "model_mb": model_mb,
            },
            "import_artifactdet_s": import_s,
            "cpu_count": os.cpu_count(),
            "loadavg_before": load_before,
            "loadavg_after": load_after,
            "results": [r.to_json() for r in rows],
            "ratios": {
                "in_process": ad_in.docs_per_s / ft_in.docs_per_s,
                "whole_process_workers_1": cli_runs[0].docs_per_s / ft_proc.docs_per_s,
            },
            "summary": ratios,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
