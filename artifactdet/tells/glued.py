"""Translation: glued words, two words written as one ("Talibanto" for "Taliban to")."""

from __future__ import annotations

from artifactdet.analysis import Document
from artifactdet.lexicon import FUNCTION_WORDS
from artifactdet.resources import Resources
from artifactdet.tells.base import Evidence, EvidenceKind, TellOutput, per_1k

MIN_LEN = 6
# Splitting is quadratic in the token's length; no glued pair of words is longer than this, and a longer
# "word" (a URL, a hash, text with no spaces) must not cost seconds.
MAX_LEN = 40
# Both halves must be ordinary words (Zipf >= 3: at least one per million words) so that a rare name is
# not "split" into two syllables that happen to be words.
MIN_PART_ZIPF = 3.0


def split_glued(word: str, res: Resources) -> tuple[str, str] | None:
    """The most plausible split of an unknown word into two known ones, or None."""
    best: tuple[float, tuple[str, str]] | None = None
    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        zl, zr = res.freq(left), res.freq(right)
        if zl < MIN_PART_ZIPF or zr < MIN_PART_ZIPF:
            continue
        if len(left) < 3 and left not in FUNCTION_WORDS:
            continue
        if len(right) < 3 and right not in FUNCTION_WORDS:
            continue
        score = min(zl, zr) + (1.0 if left in FUNCTION_WORDS or right in FUNCTION_WORDS else 0.0)
        if best is None or score > best[0]:
            best = (score, (left, right))
    return best[1] if best else None


class GluedWords:
    name: str = "glued"
    kind: EvidenceKind = "translation"
    feature_names: tuple[str, ...] = ("glued.per_1k",)

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        evidence: list[Evidence] = []
        standalone = {t.lower for t in doc.words}
        for tok in doc.words:
            w = tok.lower
            if not MIN_LEN <= len(w) <= MAX_LEN or not w.isalpha() or res.freq(w) > 0.0:
                continue
            split = split_glued(w, res)
            if split is None:
                continue
            # Unknown compounds, brand names and typos also split into two words ("SecureDigital"); a glued
            # pair is one whose parts the same text writes on their own ("Taliban" ... "Talibanto").
            left, right = split
            if not all(part in standalone or part in FUNCTION_WORDS for part in split) or (
                left in FUNCTION_WORDS and right in FUNCTION_WORDS
            ):
                continue
            n = len(split[0])
            suggestion = f"{tok.text[:n]} {tok.text[n:]}"
            evidence.append(
                Evidence(
                    tok.start,
                    tok.end,
                    "translation",
                    self.name,
                    f"'{tok.text}' is no English word but two joined ones, as machine translation of "
                    "scripts without spaces (or bad detokenisation) leaves them",
                    suggestion,
                    0.7,
                )
            )
        return TellOutput({"glued.per_1k": per_1k(len(evidence), doc.n_words)}, evidence)
