"""Experiment (not a tool): broken collocations undone along every thesaurus relation, not only synonyms.

Most spins the tells miss have no reverse synonym link ("laptop science": the thesauri list no synonym of
"computer" that is "laptop"). WordNet and MyThes do relate many such pairs another way: a broader word
("safety" for security), a narrower one ("laptop" for computer), a similar one ("hefty" for heavy). This tries
them on the pairs ``collocations`` leaves alone (unseen in the pair counts and in the attested pairs, no
synonym swap back): a pair is flagged when one word, swapped back along any relation to a word at least
``--gain`` Zipf commoner, gives a pair seen at least ``--support`` times.

    ARTIFACTDET_SHARED=../shared python -m training.experiments.loose_relations [--support 20] [--gain 0.3]

It prints, per group of the test split, the share of documents with such a pair, and on the hand-written
cases (``training.evidence_cases``, first set) how many spun sentences gain a flag on the spin and how many
plain ones gain any flag.

Measured 2026-11-22 (support 20, gain 0.3; synonym, similar, broader and narrower relations): flags on 17.3%
of original test documents, 24.9% of human translations, 27.5% of machine translations and 19.1-21.3% of
spun documents. So on real documents the flags do not tell spun text from original text, though on the
hand-written sentences they look useful: 7 of the 83 spins gain a flag and 1 plain sentence does (patched into
``training.evaluate_evidence``: found 40.2% -> 48.8%, plain false alarms 3.6% -> 4.8%). With support 50: 7.3%
of originals, 7.0-9.7% of spun documents. Not built.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict

from artifactdet.analysis import Document, analyse
from artifactdet.lexicon import FUNCTION_WORDS
from artifactdet.resources import Resources, load_resources
from artifactdet.tells._restore import restore
from training.evidence_cases import CASES
from training.experiments.surface_slips import group_of
from training.thesaurus import relations
from training.train import corpus_splits, parse_run_args

_ALPHA = re.compile(r"^[a-z]+$")
KINDS = ("synonym", "similar", "broader", "narrower")


def loose_table(res: Resources, per_word: int = 24, min_zipf: float = 3.0) -> dict[str, tuple[str, ...]]:
    """Spun word -> words it relates to in WordNet or MyThes (any sense, the kinds above), commonest first."""
    rev: dict[str, set[str]] = defaultdict(set)
    for name in ("wordnet", "mythes"):
        for orig, rel in relations(name).items():
            if not _ALPHA.match(orig) or orig in FUNCTION_WORDS or res.freq(orig) < min_zipf:
                continue
            for other, how in rel.items():
                if how in KINDS and _ALPHA.match(other) and other not in FUNCTION_WORDS and res.freq(other) >= 2.0:
                    rev[other].add(orig)
    return {w: tuple(sorted(c, key=lambda x: (-res.freq(x), x))[:per_word]) for w, c in rev.items()}


def loose_flags(
    doc: Document, res: Resources, table: dict[str, tuple[str, ...]], support: int, gain: float
) -> list[tuple[int, int]]:
    """Spans of the content-word pairs one loose swap back turns into a seen pair."""
    out = []
    attested = res.attested.runs(doc)
    for run, lowers, keys, seen in zip(doc.word_runs, doc.word_run_lowers, doc.word_run_pairs, attested, strict=True):
        for k, key in enumerate(keys):
            a, b = lowers[k], lowers[k + 1]
            if a in FUNCTION_WORDS or b in FUNCTION_WORDS or run[k].is_title or run[k + 1].is_title:
                continue
            if key in res.bigrams or seen[k]:
                continue
            if restore([a, b], res, lambda p: res.bigrams.get(p, 0), 5, min_gain=0.3) is not None:
                continue  # the shipped tell already flags it
            for i, word in enumerate((a, b)):
                hit = any(
                    res.bigrams.get(f"{c} {b}" if i == 0 else f"{a} {c}", 0) >= support
                    for c in table.get(word, ())
                    if res.freq(c) >= res.freq(word) + gain
                )
                if hit:
                    out.append((run[k].start, run[k + 1].end))
                    break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--support", type=int, default=20)
    ap.add_argument("--gain", type=float, default=0.3)
    args = parse_run_args(ap, None)
    res = load_resources().warm()
    table = loose_table(res)
    spun_hit = plain_hit = 0
    for case in CASES:
        s0, s1 = case.span
        spun = loose_flags(analyse(case.spun), res, table, args.support, args.gain)
        spun_hit += any(a < s1 and s0 < b for a, b in spun)
        plain_hit += bool(loose_flags(analyse(case.plain), res, table, args.support, args.gain))
    print(f"hand-written: {spun_hit}/{len(CASES)} spins flagged, {plain_hit}/{len(CASES)} plain sentences flagged")
    _, test = corpus_splits(args)
    fired: Counter[str] = Counter()
    n: Counter[str] = Counter()
    for it in test:
        group = group_of(it)
        n[group] += 1
        fired[group] += bool(loose_flags(analyse(it.sample.text), res, table, args.support, args.gain))
    for group in sorted(n):
        print(f"test {group:22s} n={n[group]:5d} documents flagged {fired[group] / n[group]:.3f}")


if __name__ == "__main__":
    main()
