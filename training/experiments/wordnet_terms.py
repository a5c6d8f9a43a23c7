"""Experiment (not a tool): WordNet's multi-word lemmas as the fixed terms spins are undone to.

Several hand-written spins the tells miss are swaps inside a term the shipped terms list lacks ("Home of
Representatives", "National Basketball Affiliation", "Environmental Security Agency"); WordNet lists about 59,000
multi-word lemmas of two or three words. Kept here: those whose words all have Zipf >= 3 and whose adjacent pairs
are all in the pair counts or the attested pairs (16,002 new terms, 2,288 of them capitalised names).
Two variants:

- ``names``: only the capitalised lemmas join the terms list and the names set, and the ``related`` table is
  rebuilt for their words; the shipped ``names`` tell then reads them (loose relations in capitalised windows,
  synonyms only in lower case, as it does for every term);
- ``terms``: every kept lemma joins the terms list (the lower-case ones as terms, not names).

    ARTIFACTDET_SHARED=../shared python -m training.experiments.wordnet_terms [--variants names terms]

It prints the evidence measures of ``training.evaluate_evidence`` on the hand-written cases (both sets) and the
held-out PPS phrases, and, per group of the test split, the share of documents on which the ``names`` tell gives
evidence with the shipped lexicon and with the variant's.

Measured 2026-11-23 (found / right original / plain sentences with spin evidence; test documents with names
evidence, shipped -> variant):

| variant | first set | second set | PPS held out | originals | human translations | Aiksaurus spins |
|---|---|---|---|---|---|---|
| shipped | 40.2% / 32.9% / 3.6% | 43.6% / 41.0% / 2.5% | 12.9% / 1.3% / 3.5% | 0.6% | 2.1% | 1.2% |
| names | 40.2% / 32.9% / 3.6% | 48.7% / 46.2% / 2.5% | 12.9% / 1.3% / 3.5% | 1.7% | 3.7% | 1.9% |
| terms | 41.5% / 32.9% / 7.2% | 53.8% / 46.2% / 2.5% | 14.0% / 1.6% / 4.9% | 23.2% | 37.0% | 24.0% |

``names`` finds two more spins of the second set and none of the first, and nearly triples the original
documents with names evidence, with wrong originals a reviewer would be shown ("Iowa City" -> Sioux City,
"Christmas Holiday" -> Christmas Day). ``terms`` puts names evidence on a quarter of all documents, originals as
often as spins ("good mood" -> good humour). Neither built.

A first look with the collocation form of the idea (a rare pair one related-word swap away from a WordNet
lemma, any relation, lower case included) found 8 more of the first set's spins and 6 more of the second's, but
flagged 23.8% of original test documents (32.6-42.6% of spun ones, 40.0% of translations); asking the restored
pair to have 10 counts left 12.5% of originals against 17.4% of Aiksaurus spins: the same verdict as
``loose_relations``. Not kept as a variant.
"""

from __future__ import annotations

import argparse
import gzip
import re
from collections import Counter
from itertools import pairwise
from typing import Any

import orjson

from artifactdet.analysis import analyse
from artifactdet.lexicon import FUNCTION_WORDS
from artifactdet.resources import Resources, default_path, from_payload, load_resources
from artifactdet.tells.names import NameSwaps
from training import evaluate_evidence as ee
from training.build_resources import FIXED_TERM_SUPPORT, related_links
from training.evidence_cases import CASES, FRESH_CASES
from training.experiments.surface_slips import group_of
from training.thesaurus import wordnet_synsets
from training.train import corpus_splits, parse_run_args

_ALPHA = re.compile(r"^[A-Za-z]+$")
MIN_ZIPF = 3.0
VARIANTS = ("names", "terms")


def wordnet_terms(res: Resources) -> dict[str, bool]:
    """Lowercase multi-word WordNet lemma -> whether it is a capitalised name, kept as the docstring says."""
    out: dict[str, bool] = {}
    for _, lemmas in wordnet_synsets():
        for lemma in lemmas:
            words = lemma.split(" ")
            if not 2 <= len(words) <= 3 or not all(_ALPHA.match(w) for w in words):
                continue
            lowers = [w.lower() for w in words]
            if lowers[0] in FUNCTION_WORDS or lowers[-1] in FUNCTION_WORDS:
                continue
            if any(res.freq(w) < MIN_ZIPF for w in lowers if w not in FUNCTION_WORDS):
                continue
            if not all(f"{a} {b}" in res.bigrams or f"{a} {b}" in res.attested for a, b in pairwise(lowers)):
                continue
            title = all(w[0].isupper() for w, lw in zip(words, lowers, strict=True) if lw not in FUNCTION_WORDS)
            key = " ".join(lowers)
            out[key] = out.get(key, False) or title
    return out


def variant_resources(base: Resources, variant: str) -> Resources:
    """The shipped lexicon with the WordNet terms of ``variant`` added (same attested pairs)."""
    payload: dict[str, Any] = orjson.loads(gzip.decompress(default_path().read_bytes()))
    terms: dict[str, int] = dict(payload["terms"])
    names = set(payload["names"])
    for term, title in wordnet_terms(base).items():
        if variant == "names" and not title:
            continue
        # The corpus counts of most such lemmas are unknown; the support of a hand-listed term stands in.
        terms[term] = max(terms.get(term, 0), FIXED_TERM_SUPPORT)
        if title:
            names.add(term)
    payload["terms"], payload["names"] = terms, sorted(names)
    zipf = {w: z / 100.0 for w, z in payload["zipf"].items()}
    payload["related"] = related_links((w for t in terms for w in t.split()), zipf)
    return from_payload(payload, f"experiment:{variant}", base.attested).warm()


def evidence_line(label: str, res: Resources) -> None:
    parts = []
    for name, outcomes in (
        ("first set", ee.case_outcomes(CASES, res)),
        ("second set", ee.case_outcomes(FRESH_CASES, res)),
        ("PPS held out", ee.pps_outcomes(res)[0]),
    ):
        s = ee.summarise(outcomes, res)
        parts.append(f"{name} {s['span_recall']:.1%} / {s['suggestion_accuracy']:.1%} / {s['plain_spin_rate']:.1%}")
    print(f"{label:8s} " + " | ".join(parts))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    args = parse_run_args(ap, None)
    base = load_resources().warm()
    variants = {v: variant_resources(base, v) for v in args.variants}
    evidence_line("shipped", base)
    for v, res in variants.items():
        evidence_line(v, res)
    _, test = corpus_splits(args)
    tell = NameSwaps()
    n: Counter[str] = Counter()
    fired: dict[str, Counter[str]] = {v: Counter() for v in ("shipped", *variants)}
    for it in test:
        group = group_of(it)
        n[group] += 1
        doc = analyse(it.sample.text)
        fired["shipped"][group] += bool(tell(doc, base).evidence)
        for v, res in variants.items():
            fired[v][group] += bool(tell(doc, res).evidence)
    for group in sorted(n):
        rates = " ".join(f"{v} {fired[v][group] / n[group]:.3f}" for v in fired)
        print(f"test {group:22s} n={n[group]:5d} documents with names evidence: {rates}")


if __name__ == "__main__":
    main()
