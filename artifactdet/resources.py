"""Lexical resources the tells read, built by ``training/build_resources.py`` and shipped in the package.

They are loaded once per process (``load_resources``); no tell reads a file or a thesaurus per document.
The tortured-phrase lexicon is derived from the Problematic Paper Screener list by G. Cabanac, C. Labbé and
A. Magazinov (arXiv:2107.06751); see ``artifactdet/resources/NOTICE.md``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from artifactdet.errors import BundleError
from artifactdet.pairs import ATTESTED_FILE, EMPTY, AttestedPairs

RESOURCE_FILE = "lexicon.json.gz"
RESOURCE_FORMAT = 3  # 2: the "related" table; 3: attested word pairs beside it, named by sha256 in meta


@dataclass(frozen=True)
class Resources:
    """Read-only lookup tables shared by all tells.

    zipf: word -> Zipf frequency (log10 per billion words; 0 when unknown).
    reverse_synonyms: word or phrase as a spinner writes it -> the words it can stand for, most common first.
    terms: lowercase multi-word names and fixed terms ("state department") -> evidence count.
    names: the subset of ``terms`` that are names, written capitalised ("State Department").
    bigrams: lowercase "a b" -> count in original English (the statistics split, never model-evaluation text).
    tortured: tortured phrase -> expected phrase.
    common: lowercase single words that a thesaurus lists (ordinary vocabulary, not names).
    related: word as a spinner writes it -> (word of a known term it may stand for, how the thesaurus relates
        them: synonym, similar, broader, narrower, related), over every sense and depth; see
        ``training.build_resources.related_links``.
    attested: word pairs a general English language model holds (``artifactdet.pairs``), read from the file
        the lexicon names beside it.
    """

    zipf: dict[str, float]
    reverse_synonyms: dict[str, tuple[str, ...]]
    terms: dict[str, int]
    names: frozenset[str]
    bigrams: dict[str, int]
    tortured: dict[str, str]
    common: frozenset[str]
    related: dict[str, tuple[tuple[str, str], ...]]
    digest: str
    meta: dict[str, Any]
    attested: AttestedPairs = EMPTY

    def warm(self) -> Resources:
        """Build every derived lookup now (about 0.3 s), so the first document scored does not pay for it."""
        # Reading a cached property builds it.
        _ = (self.commonest_original, self.single_word_originals, self.term_words, self.term_spins)
        _ = (self.tortured_starts, self.tortured_openings)
        return self

    def freq(self, word: str) -> float:
        return self.zipf.get(word, 0.0)

    @cached_property
    def commonest_original(self) -> dict[str, str]:
        """Spun form -> the most frequent word it can stand for (ties: thesaurus order), computed once."""
        return {w: max(cands, key=self.freq) for w, cands in self.reverse_synonyms.items() if cands}

    @cached_property
    def single_word_originals(self) -> dict[str, tuple[str, ...]]:
        """Spun single word -> single-word originals, also for regular plurals and past forms ("dwellings" ->
        "homes"), which the thesauri list only as lemmas. Built once per process."""
        out: dict[str, tuple[str, ...]] = {}
        for spun, cands in self.reverse_synonyms.items():
            if " " in spun:
                continue
            singles = tuple(c for c in cands if " " not in c)
            if not singles:
                continue
            out.setdefault(spun, singles)
            for suffix in ("s", "ed"):
                form = inflect(spun, suffix)
                if form not in self.reverse_synonyms:
                    out.setdefault(form, tuple(inflect(c, suffix) for c in singles))
        return out

    @cached_property
    def term_words(self) -> frozenset[str]:
        """Every word of every multi-word term: a window sharing none of them cannot be restored to a term."""
        return frozenset(w for term in self.terms for w in term.split())

    @cached_property
    def term_spins(self) -> frozenset[str]:
        """Every phrase that one thesaurus swap back (a word or an adjacent pair replaced by a word it can stand
        for, as :func:`artifactdet.tells._restore.restore` and ``restore_related`` try) turns into a term,
        lowercase, space-joined.

        A window that is not here cannot be restored to a term, so the names tell skips it with one lookup
        instead of trying every candidate at every position. A slot of a term is cut at spaces on both sides;
        the words around it stay, and any spun form the thesaurus lists for the slot's words takes its place.
        Built once per process: about ten thousand phrases.
        """
        spun_forms: dict[str, list[str]] = {}
        for spun, cands in self.reverse_synonyms.items():
            for cand in cands:
                spun_forms.setdefault(cand, []).append(spun)
        for spun, links in self.related.items():  # restore_related's swaps back
            for cand, _ in links:
                spun_forms.setdefault(cand, []).append(spun)
        out: set[str] = set()
        for term in self.terms:
            cuts = [i for i, c in enumerate(term) if c == " "]
            for p in (-1, *cuts):
                before = term[:p] if p >= 0 else ""
                for q in (*cuts, len(term)):
                    if p < q:
                        after = term[q + 1 :]
                        for spun in spun_forms.get(term[p + 1 : q], ()):
                            out.add(" ".join(part for part in (before, spun, after) if part))
        return frozenset(out)

    @cached_property
    def tortured_starts(self) -> dict[str, tuple[int, ...]]:
        """First word of a tortured phrase -> the phrase lengths starting with it, longest first.

        Built once per process: the tell then tries only the lengths that can match at a word.
        """
        lengths: dict[str, set[int]] = {}
        for phrase in self.tortured:
            words = phrase.split()
            lengths.setdefault(words[0], set()).add(len(words))
        return {w: tuple(sorted(ns, reverse=True)) for w, ns in lengths.items()}

    @cached_property
    def tortured_openings(self) -> frozenset[str]:
        """The first two words of every tortured phrase ("a b", the form of ``Document.word_run_pairs``).

        Every phrase on the list has at least two words, so a run none of whose word pairs is an opening holds
        no phrase: the tell skips it with one set operation instead of trying each of its words.
        """
        return frozenset(" ".join(phrase.split()[:2]) for phrase in self.tortured)


def inflect(word: str, suffix: str) -> str:
    """Regular English plural / past form, enough to match what a spinner's naive re-inflection writes."""
    if suffix == "s":
        if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
            return word[:-1] + "ies"
        return word + ("es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s")
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ied"
    return word + "ed"


def default_path() -> Path:
    return Path(str(importlib_resources.files("artifactdet") / "resources" / RESOURCE_FILE))


def from_payload(payload: dict[str, Any], digest: str, attested: AttestedPairs = EMPTY) -> Resources:
    if payload.get("format") != RESOURCE_FORMAT:
        raise BundleError(
            f"lexical resources have format {payload.get('format')!r}, this code reads format {RESOURCE_FORMAT}; "
            "rebuild them with `python -m training.build_resources`"
        )
    return Resources(
        zipf={w: z / 100.0 for w, z in payload["zipf"].items()},
        reverse_synonyms={w: tuple(c) for w, c in payload["reverse_synonyms"].items()},
        terms=dict(payload["terms"]),
        names=frozenset(payload["names"]),
        bigrams=dict(payload["bigrams"]),
        tortured=dict(payload["tortured"]),
        common=frozenset(payload["common"]),
        related={w: tuple((orig, how) for orig, how in links) for w, links in payload["related"].items()},
        digest=digest,
        meta=dict(payload.get("meta", {})),
        attested=attested,
    )


def load_attested(lexicon: Path, meta: dict[str, Any]) -> AttestedPairs:
    """The attested-pairs table the lexicon names: beside it, else the package's copy; its sha256 must match.

    The lexicon's own digest (which bundles pin) covers this file through the sha256 it records.
    """
    named = meta.get("attested_pairs")
    if not isinstance(named, dict) or not isinstance(named.get("sha256"), str):
        raise BundleError(
            f"lexical resources at {lexicon} name no attested word pairs; rebuild them with "
            "`python -m training.lm_pairs` then `python -m training.build_resources`"
        )
    name = str(named.get("file", ATTESTED_FILE))
    candidates = [lexicon.parent / name, default_path().parent / name]
    path = next((c for c in candidates if c.is_file()), None)
    if path is None:
        raise BundleError(f"attested word pairs {name} not found beside {lexicon} nor in the package")
    raw = path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != named["sha256"]:
        raise BundleError(
            f"attested word pairs at {path} do not match the sha256 the lexicon at {lexicon} records "
            f"({named['sha256'][:16]}); rebuild both with `python -m training.lm_pairs` and "
            "`python -m training.build_resources`"
        )
    try:
        table = np.load(io.BytesIO(raw), allow_pickle=False)
        return AttestedPairs(table)
    except ValueError as exc:
        raise BundleError(f"attested word pairs at {path} are corrupt: {exc}") from exc


@cache
def load_resources(path: Path | None = None) -> Resources:
    """Load (once) the shipped resources, or those at ``path``."""
    path = path or default_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise BundleError(
            f"lexical resources not found at {path}; build them with `python -m training.build_resources`"
        ) from exc
    digest = hashlib.sha256(raw).hexdigest()
    try:
        # orjson parses the 20 MB of JSON in half the time of json (0.28 vs 0.57 s), paid by every process start.
        payload = orjson.loads(gzip.decompress(raw))
    except (OSError, ValueError) as exc:
        raise BundleError(f"lexical resources at {path} are corrupt: {exc}") from exc
    return from_payload(payload, digest, load_attested(path, payload.get("meta", {})))
