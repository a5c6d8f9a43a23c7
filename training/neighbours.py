"""Distributional neighbours: words used in the same contexts, from the bigrams of a general English model.

WordNet and MyThes miss most links commercial spinners use ("stress" for pressure, "convention" for
conference, "group" for organization: 33 of the 82 hand-written spins had no link in either). A word's
neighbours in a vector space built from the word pairs of pocketsphinx's US English trigram model (the same
model ``training.lm_pairs`` reads) hold many of them without any thesaurus: each word is described by the
positive pointwise mutual information of the words that follow and precede it, log p(next | word) - log p(next)
for every bigram the model holds, and the rows are reduced with a truncated SVD.

The relation is loose (sister words, "purple" and "red", and other words of the same slot), so the names tell
swaps back along a neighbour only in lower-case windows, to a known term, where the pair the spinner wrote is
not attested (``artifactdet.tells._restore.restore_related``). Only the neighbours that are words of known
terms are kept in the lexicon's ``related`` table.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.linalg import svds

from artifactdet.lexicon import FUNCTION_WORDS
from training.lm_pairs import CUT, bigram_rows

log = logging.getLogger(__name__)

DIMENSIONS = 200
NEIGHBOURS = 20  # 50 or 100 found no more hand-written spins and named one wrong original more
MIN_ZIPF_SPUN = 2.0  # rarer words are names and jargon, not a spinner's substitutes
MIN_ZIPF_ORIGINAL = 2.5
MIN_CONTEXTS = 3
_WORD = re.compile(r"^[a-z][a-z'\-]*$")


def _parse(arpa: Path, cut: str) -> tuple[dict[str, float], list[tuple[str, str, float]]]:
    """The unigram section's words and the bigrams ``training.lm_pairs.bigram_rows`` reads, values unchecked."""
    unigrams: dict[str, float] = {}
    section = ""
    with arpa.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith("\\"):
                section = line.strip()
                if section == "\\2-grams:":
                    break
                continue
            parts = line.split()
            if section == "\\1-grams:" and len(parts) >= 2 and _WORD.match(parts[1]):
                unigrams[parts[1]] = float(parts[0])
    return unigrams, [(a, b, float(logp)) for logp, a, b in bigram_rows(arpa, cut)]


def read_unigrams_bigrams(arpa: Path, cut: str = CUT) -> tuple[dict[str, float], list[tuple[str, str, float]]]:
    """log10 unigram probabilities and (first, second, log10 p(second | first)) of an ARPA file's words.

    Bigrams whose second word sorts from ``cut`` on are dropped and the section must reach past it, as in
    ``training.lm_pairs.read_bigrams``: pocketsphinx's writer crashes after a varying number of the last ones.
    A probability outside [-99, 0] is refused: that writer sometimes runs on past the bigrams and then writes
    garbage for them (seen: -1.9e30 for "<s> 'bout"), so ``neighbour_links`` reads a pocketsphinx dump's
    values from the binary model instead (``pocketsphinx_logprobs``).
    """
    unigrams, bigrams = _parse(arpa, cut)
    bad = next((x for x in (*unigrams.values(), *(b[2] for b in bigrams)) if not -99.0 <= x <= 0.0), None)
    if bad is not None:
        raise ValueError(f"{arpa}: log10 probability {bad} is out of range: the dump is corrupt")
    return unigrams, bigrams


def pocketsphinx_logprobs(
    unigrams: Iterable[str], bigrams: Iterable[tuple[str, str, float]]
) -> tuple[dict[str, float], list[tuple[str, str, float]]]:
    """The same words and pairs with log10 probabilities looked up in pocketsphinx's binary US English model,
    which (unlike its ARPA writer) gives the same values on every run."""
    import os

    import pocketsphinx as ps

    model = ps.NGramModel.readfile(os.path.join(ps.get_model_path(), "en-us", "en-us.lm.bin"))
    scale = math.log10(1.0001)  # pocketsphinx's log base
    # NGramModel.prob takes the word first, then its history, nearest first.
    uni = {w: model.prob([w]) * scale for w in unigrams}
    return uni, [(a, b, model.prob([b, a]) * scale) for a, b, _ in bigrams]


def context_vectors(
    unigrams: dict[str, float],
    bigrams: Iterable[tuple[str, str, float]],
    dimensions: int = DIMENSIONS,
    min_contexts: int = MIN_CONTEXTS,
) -> tuple[list[str], npt.NDArray[np.float32]]:
    """Words with at least ``min_contexts`` positive contexts and their unit-length vectors: PPMI of right and
    left contexts, square-rooted, rows normalised, then a truncated SVD (ARPACK started from a fixed vector so
    that two builds agree). A word with next to no contexts has a vector of noise, near every other."""
    words = list(unigrams)
    index = {w: i for i, w in enumerate(words)}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for a, b, logp in bigrams:
        i, j = index.get(a), index.get(b)
        if i is None or j is None:
            continue
        pmi = logp - unigrams[b]
        if pmi > 0:
            rows.append(i)
            cols.append(j)
            vals.append(pmi)
    n = len(words)
    r, c = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    v = np.sqrt(np.asarray(vals, dtype=np.float64))
    right = sp.csr_matrix((v, (r, c)), shape=(n, n))
    left = sp.csr_matrix((v, (c, r)), shape=(n, n))
    m = sp.hstack([right, left]).tocsr()
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    m = sp.diags(1.0 / norms) @ m
    k = min(dimensions, min(m.shape) - 1)
    u, s, _ = svds(m, k=k, v0=np.full(min(m.shape), 1.0 / np.sqrt(min(m.shape))))
    vectors = (u * np.sqrt(s)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    keep = np.flatnonzero(np.diff(m.indptr) >= min_contexts)
    log.info("context vectors: %d of %d words, %d dimensions, %d positive pairs", len(keep), n, k, len(vals))
    return [words[i] for i in keep], vectors[keep]


def nearest(
    words: list[str],
    vectors: npt.NDArray[np.float32],
    queries: Iterable[str],
    allowed: set[str],
    k: int = NEIGHBOURS,
) -> dict[str, list[str]]:
    """query -> its ``k`` nearest ``allowed`` words by cosine, nearest first (itself excluded)."""
    index = {w: i for i, w in enumerate(words)}
    q_idx = [index[w] for w in queries if w in index]
    ok = np.array([w in allowed for w in words])
    out: dict[str, list[str]] = {}
    for start in range(0, len(q_idx), 2048):
        chunk = q_idx[start : start + 2048]
        sims = vectors[chunk] @ vectors.T
        sims[:, ~ok] = -np.inf
        for row, i in zip(sims, chunk, strict=True):
            row[i] = -np.inf
            kk = min(k, int(np.isfinite(row).sum()))
            if kk == 0:
                continue
            top = np.argpartition(-row, kk - 1)[:kk]
            # Ties broken by the word so the order never depends on argpartition's internals.
            out[words[i]] = [words[j] for j in sorted(top, key=lambda j: (-row[j], words[j]))]
    return out


def neighbour_links(
    arpa: Path,
    zipf: dict[str, float],
    term_words: set[str],
    k: int = NEIGHBOURS,
    pocketsphinx: bool = False,
    spun_words: set[str] | None = None,
) -> dict[str, list[str]]:
    """spun word -> the words of known terms among its ``k`` nearest neighbours, nearest first. With
    ``pocketsphinx``, ``arpa`` is that model's dump: only its words are read, the probabilities come from the
    binary model. ``spun_words`` limits the words linked from (the tells swap back only ordinary vocabulary)."""
    if pocketsphinx:
        unigrams, bigrams = pocketsphinx_logprobs(*_parse(arpa, CUT))
    else:
        unigrams, bigrams = read_unigrams_bigrams(arpa)
    words, vectors = context_vectors(unigrams, bigrams)
    usable = {w for w in words if w not in FUNCTION_WORDS and len(w) > 1}
    queries = [
        w
        for w in words
        if w in usable and zipf.get(w, 0.0) >= MIN_ZIPF_SPUN and (spun_words is None or w in spun_words)
    ]
    allowed = {w for w in usable if zipf.get(w, 0.0) >= MIN_ZIPF_ORIGINAL}
    near = nearest(words, vectors, queries, allowed, k)
    return {w: kept for w, ns in sorted(near.items()) if (kept := [n for n in ns if n in term_words])}
