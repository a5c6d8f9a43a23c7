"""Build the lexical resources the tells read and write them into the package.

    python -m training.build_resources [--out artifactdet/resources/lexicon.json.gz]

Run ``python -m training.lm_pairs`` first: the lexicon records the sha256 of the attested-pairs table it
writes beside it. Inputs: word frequencies from the ``wordfreq`` package; WordNet 3.0 and MyThes (Debian
``wordnet-base`` and ``mythes-en-us``); the Problematic Paper Screener tortured-phrase list and the ``stats``
split of original English from ``../shared/data``. Only derived tables are written (frequencies, synonym
links, counts of word pairs and names, the tortured-phrase mapping with attribution), never running text.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import io
import json
import logging
import math
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from artifactdet.analysis import analyse
from artifactdet.lexicon import FIXED_TERMS, FUNCTION_WORDS
from artifactdet.pairs import ATTESTED_FILE
from artifactdet.resources import RESOURCE_FORMAT, default_path, inflect
from artifactdet.tells.base import word_runs
from training.data import Sample, load_all, load_tortured_phrases
from training.lm_pairs import dump_arpa
from training.neighbours import NEIGHBOURS, neighbour_links
from training.splits import assign_splits, pps_held_out
from training.thesaurus import (
    RELATION_ORDER,
    Relation,
    ThesaurusName,
    load_thesaurus,
    relations,
    wordnet_exceptions,
    wordnet_synsets,
)
from training.thesaurus import THESAURI as ALL_THESAURI

log = logging.getLogger(__name__)

# Aiksaurus (GPL-2+) feeds only the training spinner and stays out of this MIT package's lexicon; it is also the
# thesaurus no shipped table has seen. Measured with it added (``--thesauri wordnet mythes aiksaurus``, evidence
# only, model unchanged), 2026-11-23: hand-written spins found 40.2% -> 45.1% (second set 43.6% -> 48.7%), right
# original 32.9% -> 36.6% (41.0% -> 43.6%), PPS held-out found 12.9% -> 21.7%; but plain sentences with spinning
# evidence 3.6% -> 3.6% (2.5% -> 5.0%, PPS 3.5% -> 5.7%) and test-split originals with any 55.2% -> 68.0%.
THESAURI: tuple[ThesaurusName, ...] = ("wordnet", "mythes")
THESAURUS_SOURCES: dict[ThesaurusName, str] = {
    "wordnet": "WordNet 3.0 (Princeton)",
    "mythes": "MyThes en_US v2 (OpenOffice.org thesaurus)",
    "aiksaurus": "Aiksaurus (Debian aiksaurus data, GPL-2+)",
}
MIN_ZIPF = 1.0  # words rarer than this are treated as unknown
SYNONYMS_PER_SENSE = 6  # spinners take a thesaurus's first entries; deeper ones are noise
CANDIDATES_PER_WORD = 12
RELATED_PER_WORD = 24
MIN_BIGRAM = 2
MIN_NAME = 2
FIXED_TERM_SUPPORT = 50
_ALPHA = re.compile(r"^[a-z][a-z'\-]*$")


@functools.cache  # read-only; the evaluation asks for it once per held-out thesaurus
def word_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    out: dict[str, float] = {}
    for word, freq in get_frequency_dict("en", wordlist="large").items():
        if not _ALPHA.match(word):
            continue
        zipf = math.log10(freq * 1e9)
        if zipf >= MIN_ZIPF:
            out[word] = round(zipf, 2)
    return out


def reverse_synonyms(
    zipf: dict[str, float], thesauri: Sequence[ThesaurusName] = THESAURI
) -> tuple[dict[str, list[str]], set[str]]:
    """spun form -> the words a spinner could have replaced with it, most frequent first."""
    rev: dict[str, set[str]] = defaultdict(set)
    # Ordinary vocabulary: WordNet lemmas it writes in lower case ("Vietnamese" is a name, "department" is not).
    # MyThes lower-cases its headwords, so it cannot tell the two apart.
    common = {lemma for _, lemmas in wordnet_synsets() for lemma in lemmas if _ALPHA.match(lemma)}
    for name in thesauri:
        thesaurus = load_thesaurus(name)
        for word, by_pos in thesaurus.items():
            if word in FUNCTION_WORDS or zipf.get(word, 0.0) < 2.5 or " " in word:
                continue
            for synonyms in by_pos.values():
                for syn in synonyms[:SYNONYMS_PER_SENSE]:
                    if syn != word and syn not in FUNCTION_WORDS and len(syn) > 1:
                        rev[syn].add(word)
    return (
        # Ties broken by the word: set order changes with the hash seed, and the table must not.
        {
            spun: sorted(cands, key=lambda c: (-zipf.get(c, 0.0), c))[:CANDIDATES_PER_WORD]
            for spun, cands in rev.items()
        },
        common,
    )


def _singular(word: str, known: dict[str, Any]) -> str | None:
    """The singular a regular or irregular plural stands for, if the relation tables know it."""
    irregular = wordnet_exceptions()["n"].get(word, ())
    forms = [*irregular]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    return next((f for f in forms if f in known), None)


def related_links(
    term_words: Iterable[str],
    zipf: dict[str, float],
    thesauri: Sequence[ThesaurusName] = THESAURI,
    neighbours: dict[str, list[str]] | None = None,
) -> dict[str, list[list[str]]]:
    """spun word -> [[word of a known term, how the spun word relates to it], ...], every sense and depth.

    Only the words of known multi-word terms are originals here: the names tell restores a window to a term,
    so a swap back that ends anywhere else is never tried, and the table stays small. A plural term word
    ("nations") takes the plural of its relations ("countries"), as a spinner's re-inflection writes them.
    ``neighbours`` (spun word -> term words used in the same contexts, ``training.neighbours``) adds links of
    kind "neighbour" after the thesaurus's, which keep their own cap and order.
    """
    tables = [relations(name) for name in thesauri]
    out: dict[str, dict[str, Relation]] = defaultdict(dict)
    for word in sorted(set(term_words)):
        if word in FUNCTION_WORDS or not _ALPHA.match(word):
            continue
        base, plural = word, False
        if not any(word in t for t in tables):
            singular = next((s for t in tables if (s := _singular(word, t))), None)
            if singular is None:
                continue
            base, plural = singular, True
        for table in tables:
            for other, how in table.get(base, {}).items():
                if " " in other or not _ALPHA.match(other) or other in FUNCTION_WORDS or zipf.get(other, 0.0) < 2.0:
                    continue
                spun = inflect(other, "s") if plural else other
                if spun == word:
                    continue
                current = out[spun].get(word)
                if current is None or RELATION_ORDER.index(how) < RELATION_ORDER.index(current):
                    out[spun][word] = how
    capped = {
        spun: [[w, how] for w, how in sorted(links.items(), key=lambda kv: (-zipf.get(kv[0], 0.0), kv[0]))][
            :RELATED_PER_WORD
        ]
        for spun, links in sorted(out.items())
    }
    return add_neighbours(capped, neighbours or {})


def add_neighbours(table: dict[str, list[list[str]]], neighbours: dict[str, list[str]]) -> dict[str, list[list[str]]]:
    """``table`` with each spun word's neighbours appended as kind "neighbour" where no thesaurus links them."""
    for spun, near in sorted(neighbours.items()):
        have = {w for w, _ in table.get(spun, ())}
        extra = [[w, "neighbour"] for w in near if w not in have and w != spun]
        if extra:
            table[spun] = [*table.get(spun, ()), *extra]
    return dict(sorted(table.items()))


def book_bigrams() -> dict[str, int]:
    """Frequent English word pairs with Google Books Ngram counts, from the bigram dictionary symspellpy ships.

    The statistics split of our corpora is under a million words; this list (242k pairs, each seen over
    6.4 million times in Google Books) is what lets the collocation tell know ordinary English pairs.
    Counts are stored in millions, so every pair clears the tells' minimum support.
    """
    from importlib import resources as importlib_resources

    path = importlib_resources.files("symspellpy") / "frequency_bigramdictionary_en_243_342.txt"
    out: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        a, b, count = line.split()
        out[f"{a} {b}"] = int(count) // 1_000_000
    return out


def corpus_counts(samples: Iterable[Sample]) -> tuple[Counter[str], Counter[str]]:
    """Lowercase word pairs and capitalised multi-word names in original English."""
    bigrams: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for sample in samples:
        doc = analyse(sample.text)
        initial = doc.sentence_initial
        for run in word_runs(doc):
            lowers = [t.lower for t in run]
            for a, b in pairwise(lowers):
                bigrams[f"{a} {b}"] += 1
            for n in (2, 3):
                for i in range(len(run) - n + 1):
                    window = run[i : i + n]
                    if window[0].start in initial and n == 2:
                        continue
                    if all(t.is_title for t in window) and lowers[i] not in FUNCTION_WORDS:
                        names[" ".join(lowers[i : i + n])] += 1
    return bigrams, names


def attested_meta(resource_dir: Path) -> dict[str, Any]:
    """What the lexicon records of the attested-pairs table beside it (built first by ``training.lm_pairs``)."""
    path = resource_dir / ATTESTED_FILE
    if not path.is_file():
        raise SystemExit(f"{path} is missing: build it first with `python -m training.lm_pairs`")
    raw = path.read_bytes()
    table = np.load(io.BytesIO(raw), allow_pickle=False)
    return {
        "file": ATTESTED_FILE,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "pairs": len(table),
        "source": "bigrams of the US English language model in pocketsphinx 5.1.1 (CMU Sphinx, BSD licence)",
    }


def build(
    data_dir: Path | None = None,
    resource_dir: Path | None = None,
    thesauri: Sequence[ThesaurusName] = THESAURI,
    arpa: Path | None = None,
) -> dict[str, Any]:
    """The lexicon's payload. ``thesauri`` other than the default are for experiments: the shipped lexicon is
    MIT-licensed and leaves Aiksaurus (GPL) out. ``arpa``: the language model the neighbour links are built
    from (default: pocketsphinx's, dumped as ``training.lm_pairs`` does)."""
    attested = attested_meta(resource_dir or default_path().parent)
    zipf = word_frequencies()
    log.info("wordfreq: %d words", len(zipf))
    rev, common = reverse_synonyms(zipf, thesauri)
    log.info("thesauri: %d spun forms, %d common words", len(rev), len(common))
    samples = load_all(data_dir)
    stats = [s for s, split in zip(samples, assign_splits(samples), strict=True) if split == "stats"]
    bigrams, names = corpus_counts(stats)
    for pair, count in book_bigrams().items():
        bigrams[pair] += count
    log.info("stats split: %d documents, %d words", len(stats), sum(len(s.text.split()) for s in stats))
    terms = {k: v for k, v in names.items() if v >= MIN_NAME}
    name_terms = set(terms)
    for term in FIXED_TERMS:
        key = term.lower()
        terms[key] = max(terms.get(key, 0), FIXED_TERM_SUPPORT)
        if term[:1].isupper():
            name_terms.add(key)
    tortured: dict[str, str] = {}
    held_out = 0
    for row in load_tortured_phrases():
        phrase = " ".join(row.tortured.split())
        if len(phrase.split()) < 2 or bigrams.get(phrase, 0) >= 3:
            continue  # single words and pairs ordinary English uses are the list's noisy rows
        if pps_held_out(phrase):
            held_out += 1
            continue
        tortured.setdefault(phrase, row.expected)
    log.info("tortured phrases: %d shipped, %d held out for evaluation", len(tortured), held_out)
    term_words = [w for term in terms for w in term.split()]
    return {
        "format": RESOURCE_FORMAT,
        "meta": {
            "built_from": {
                "word_frequencies": "wordfreq (large English list)",
                "word_pairs": "symspellpy's bigram dictionary (Google Books Ngram counts) plus the statistics split",
                "thesauri": [THESAURUS_SOURCES[name] for name in thesauri],
                "neighbours": (
                    f"{NEIGHBOURS} nearest words by context vectors from the bigrams of pocketsphinx's US English "
                    "language model (training.neighbours)"
                ),
                "tortured_phrases": (
                    "Problematic Paper Screener tortured-phrase list, G. Cabanac, C. Labbé, A. Magazinov, "
                    "'Tortured phrases: A dubious writing style emerging in science' (arXiv:2107.06751)"
                ),
                "statistics_corpus_documents": len(stats),
            },
            "tortured_held_out": held_out,
            "thesauri": list(thesauri),
            "attested_pairs": attested,
        },
        "zipf": {w: round(z * 100) for w, z in zipf.items()},
        "reverse_synonyms": rev,
        "terms": terms,
        "names": sorted(name_terms),
        "bigrams": {k: v for k, v in bigrams.items() if v >= MIN_BIGRAM},
        "tortured": tortured,
        "common": sorted(common),
        "related": related_links(term_words, zipf, thesauri, term_neighbours(arpa, zipf, set(term_words), common)),
    }


def term_neighbours(
    arpa: Path | None, zipf: dict[str, float], term_words: set[str], common: set[str]
) -> dict[str, list[str]]:
    """``training.neighbours.neighbour_links`` of the ordinary vocabulary (``common``: the names tell swaps back
    from nothing else; linking every word gave 33,252 links instead of 18,156 and loading the resources took
    0.85-0.90 s instead of 0.82, against 0.75-0.77 without neighbours), from ``arpa``, or from pocketsphinx's
    model dumped to a temp file."""
    if arpa is not None:
        return neighbour_links(arpa, zipf, term_words, spun_words=common)
    with tempfile.TemporaryDirectory() as tmp:
        dumped = Path(tmp) / "en-us.arpa"
        dump_arpa(dumped)
        return neighbour_links(dumped, zipf, term_words, pocketsphinx=True, spun_words=common)


def without_thesaurus(
    held_out: ThesaurusName | Sequence[ThesaurusName], out_dir: Path, source: Path | None = None
) -> Path:
    """The shipped lexicon with the synonym links of ``held_out`` (one thesaurus or several) left out, written
    once under ``out_dir``.

    Leave-one-thesaurus-out needs it: a spin made with thesaurus T is only unseen if no tell can look T's links
    up. Every other table (frequencies, word pairs, names, tortured phrases) is the shipped one; so is the
    ordinary-vocabulary list, which is a word list, not links.
    """
    source = source or default_path()
    raw = source.read_bytes()
    key = hashlib.sha256(raw).hexdigest()[:16]
    held = [held_out] if isinstance(held_out, str) else sorted(held_out)
    out = out_dir / f"lexicon-{key}-without-{'+'.join(held)}.json.gz"
    if out.exists():
        return out
    payload = json.loads(gzip.decompress(raw))
    kept = [t for t in payload["meta"].get("thesauri", THESAURI) if t not in held]
    zipf = word_frequencies()
    payload["reverse_synonyms"], _ = reverse_synonyms(zipf, kept)
    # Neighbour links come from a language model, not a thesaurus: every fold keeps them as shipped.
    near = {
        w: kept_links
        for w, links in payload["related"].items()
        if (kept_links := [o for o, how in links if how == "neighbour"])
    }
    payload["related"] = related_links((w for term in payload["terms"] for w in term.split()), zipf, kept, near)
    payload["meta"] = {**payload["meta"], "thesauri": kept, "held_out_thesaurus": "+".join(held)}
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    write(payload, tmp)
    tmp.replace(out)
    return out


def write(payload: dict[str, Any], out: Path) -> str:
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    # mtime=0 keeps the file byte-identical across rebuilds of the same inputs.
    data = gzip.compress(raw, compresslevel=9, mtime=0)
    out.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=default_path())
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: $ARTIFACTDET_SHARED/data)")
    parser.add_argument(
        "--thesauri",
        nargs="+",
        choices=ALL_THESAURI,
        default=list(THESAURI),
        help="thesauri whose links the lexicon holds (experiments; the shipped lexicon uses the default). The "
        "attested-pairs table must already be in the --out folder",
    )
    parser.add_argument(
        "--arpa", type=Path, default=None, help="ARPA language model for the neighbour links (default: pocketsphinx's)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    digest = write(build(args.data, args.out.parent, args.thesauri, args.arpa), args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, sha256 {digest[:16]})")


if __name__ == "__main__":
    main()
