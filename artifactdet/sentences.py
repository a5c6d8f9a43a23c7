"""Per-sentence scores from evidence, so a reviewer sees which sentences look machine-translated or spun.

The scores are transparent on purpose: no model, only the weights the tells already gave their evidence,
combined per sentence as a noisy-OR (``1 - prod(1 - weight)``). A reviewer can recompute any score from the
evidence listed with it; a sentence with one glued word (weight 0.7) scores 0.7, one with a glued word and a
fragment (0.8) scores 1 - 0.3 * 0.2 = 0.94.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from artifactdet.analysis import Document, Sentence
from artifactdet.tells.base import Evidence

# The words a reviewer reads for each tell; a tell missing here is shown by its own name.
REASON_LABELS: Final[dict[str, str]] = {
    # translation
    "fragments": "fragment",
    "glued": "glued word",
    "quotes": "unbalanced quote",
    "translit": "transliteration",
    "casing": "casing",
    "word_order": "word order",
    "repeats": "word written twice",
    # spinning
    "tortured": "tortured phrase",
    "names": "swapped name or term",
    "numbers": "number in words",
    "expansions": "odd expansion",
    "rare_synonyms": "rare synonym",
    "collocations": "broken collocation",
    "context": "word misfits its neighbours",
    "articles": "article misfits the word",
}


@dataclass(frozen=True, slots=True)
class SentenceScore:
    """One sentence's span, its translation and spinning scores in [0, 1], and the tells behind them.

    ``evidence`` holds the spin and translation evidence attached to the sentence, strongest first.
    """

    start: int
    end: int
    translation_score: float
    spin_score: float
    reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()

    def to_record(self, text: str | None = None) -> dict[str, Any]:
        """The JSON form the CLI and API write (``text`` adds the sentence's words)."""
        record: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "translation_score": round(self.translation_score, 3),
            "spin_score": round(self.spin_score, 3),
            "reasons": list(self.reasons),
        }
        if text is not None:
            record["text"] = text[self.start : self.end]
        return record


def reason_label(tell: str) -> str:
    return REASON_LABELS.get(tell, tell)


def noisy_or(weights: Sequence[float]) -> float:
    """The chance that at least one of independent signals is right, reading each weight as its confidence."""
    miss = 1.0
    for w in weights:
        miss *= 1.0 - min(max(w, 0.0), 1.0)
    return 1.0 - miss


def _owners(starts: Sequence[int], ends: Sequence[int], e: Evidence) -> range:
    """Indices of the sentences an evidence span belongs to.

    A span overlapping sentences belongs to each of them. A span between sentences, or pointing at a spot
    no sentence covers (an unbalanced quote mark after the last full stop), belongs to the sentence before it,
    the one a reader has just finished; before the first sentence, to the first.
    """
    lo = bisect.bisect_right(ends, e.start)  # first sentence ending after the span starts
    hi = bisect.bisect_left(starts, max(e.end, e.start + 1))  # sentences starting before the span ends
    if lo < hi:
        return range(lo, hi)
    before = bisect.bisect_right(starts, e.start) - 1
    i = max(before, 0)
    return range(i, i + 1)


def sentence_scores(doc: Document, evidence: Sequence[Evidence]) -> list[SentenceScore]:
    """A score per sentence of ``doc`` from the evidence that falls in it, in document order.

    Spin evidence feeds ``spin_score``, translation evidence ``translation_score``; provenance markers are
    about the page, not a sentence, and feed neither. The same tell firing twice on the same span counts once.
    """
    return score_sentences(doc.sentences, evidence)


def score_sentences(sentences: Sequence[Sentence], evidence: Sequence[Evidence]) -> list[SentenceScore]:
    """:func:`sentence_scores` from the sentence spans alone (what a score result keeps of its analysis)."""
    if not sentences:
        return []
    starts = [s.start for s in sentences]
    ends = [s.end for s in sentences]
    attached: list[dict[tuple[int, int, str], Evidence]] = [{} for _ in sentences]
    for e in evidence:
        if e.kind not in ("spin", "translation"):
            continue
        for i in _owners(starts, ends, e):
            key = (e.start, e.end, e.tell)
            kept = attached[i].get(key)
            if kept is None or e.weight > kept.weight:
                attached[i][key] = e
    out: list[SentenceScore] = []
    for sent, mine in zip(sentences, attached, strict=True):
        items = sorted(mine.values(), key=lambda e: (-e.weight, e.start, e.end, e.tell))
        reasons: list[str] = []
        for e in items:
            label = reason_label(e.tell)
            if label not in reasons:
                reasons.append(label)
        out.append(
            SentenceScore(
                sent.start,
                sent.end,
                noisy_or([e.weight for e in items if e.kind == "translation"]),
                noisy_or([e.weight for e in items if e.kind == "spin"]),
                tuple(reasons),
                tuple(items),
            )
        )
    return out
