"""Restoration: the text with the likely originals put back, for reviewers and for de-spinning before dedup.

Only evidence that names a likely original is applied: spinning evidence with a suggestion, and glued words
(split back into two). Everything else in the text stays byte-identical, and every change is listed with its
span in the input, so a reviewer can check each one and offsets in the result map back to the input.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from artifactdet.analysis import analyse
from artifactdet.resources import Resources
from artifactdet.tells import run_tells
from artifactdet.tells.base import Evidence
from artifactdet.validate import Limits, validate_text

# Translation tells whose suggestion is a repair rather than a guess at a spelling: a glued word split in two.
RESTORING_TRANSLATION_TELLS = frozenset({"glued", "repeats"})


@dataclass(frozen=True, slots=True)
class Applied:
    """One change: ``original`` (the input's ``text[start:end]``) was replaced by ``replacement``."""

    start: int
    end: int
    original: str
    replacement: str
    tell: str

    def to_record(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "original": self.original,
            "replacement": self.replacement,
            "tell": self.tell,
        }


@dataclass(frozen=True)
class Restored:
    """The restored text and the changes made, in input order (offsets index the input text)."""

    text: str
    applied: list[Applied] = field(default_factory=list)

    def result_span(self, change: Applied) -> tuple[int, int]:
        """Where a change's replacement sits in the restored text."""
        start = self.to_result(change.start)
        return start, start + len(change.replacement)

    def to_result(self, pos: int) -> int:
        """An offset in the input as an offset in the restored text (a position inside a replaced span maps to
        the start of its replacement)."""
        shift = 0
        for a in self.applied:
            if a.start >= pos:
                break
            if pos < a.end:
                return a.start + shift
            shift += len(a.replacement) - (a.end - a.start)
        return pos + shift

    def to_source(self, pos: int) -> int:
        """An offset in the restored text as an offset in the input (inside a replacement: its start)."""
        starts: list[int] = []
        shift = 0
        for a in self.applied:
            starts.append(a.start + shift)
            shift += len(a.replacement) - (a.end - a.start)
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return pos
        a = self.applied[i]
        new_start = starts[i]
        if pos < new_start + len(a.replacement):
            return a.start
        return a.end + (pos - new_start - len(a.replacement))


def restorable(e: Evidence) -> bool:
    """Evidence that names a real phrase to put back."""
    if e.suggestion is None or not e.suggestion.strip():
        return False
    return e.kind == "spin" or e.tell in RESTORING_TRANSLATION_TELLS


def match_case(span: str, suggestion: str) -> str:
    """Write a lower-case suggestion in the casing of the words it replaces.

    A suggestion with capitals is kept as the tell wrote it ("ISIS-K", "Supreme Court"); a lower-case one
    ("artificial intelligence" from the tortured-phrase list) follows the span: UPPER, Title Case, or a
    capital at the start of a sentence.
    """
    if suggestion != suggestion.lower():
        return suggestion
    letters = [c for c in span if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return suggestion.upper()
    words = span.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return " ".join(w[:1].upper() + w[1:] for w in suggestion.split(" "))
    if span[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


def restore(text: str, evidence: Sequence[Evidence], *, min_weight: float = 0.0) -> Restored:
    """``text`` with each restorable suggestion applied.

    Overlapping evidence is resolved greedily, strongest first (weight, then the longer span, then the earlier
    one), so a tortured phrase wins over a rare synonym inside it. Evidence whose span is out of range for
    ``text`` is ignored rather than trusted.
    """
    candidates = [e for e in evidence if restorable(e) and e.weight >= min_weight and 0 <= e.start < e.end <= len(text)]
    candidates.sort(key=lambda e: (-e.weight, -(e.end - e.start), e.start, e.tell))
    chosen: list[Evidence] = []  # kept sorted by start; chosen spans never overlap
    chosen_starts: list[int] = []
    for e in candidates:
        i = bisect.bisect_left(chosen_starts, e.start)
        if (i > 0 and chosen[i - 1].end > e.start) or (i < len(chosen) and chosen[i].start < e.end):
            continue
        chosen.insert(i, e)
        chosen_starts.insert(i, e.start)
    parts: list[str] = []
    applied: list[Applied] = []
    pos = 0
    for e in chosen:
        span = text[e.start : e.end]
        assert e.suggestion is not None  # restorable() checked it
        replacement = match_case(span, e.suggestion)
        if replacement == span:
            continue
        parts.append(text[pos : e.start])
        parts.append(replacement)
        pos = e.end
        applied.append(Applied(e.start, e.end, span, replacement, e.tell))
    parts.append(text[pos:])
    return Restored("".join(parts), applied)


def restore_document(text: object, resources: Resources, limits: Limits, *, min_weight: float = 0.0) -> Restored:
    """Validate, analyse and restore one document; raises :class:`InputError` for text that cannot be read.

    Restoring needs the tells' evidence, not the classifier, so it works without a model bundle.
    """
    valid = validate_text(text, limits)
    return restore(valid, run_tells(analyse(valid), resources).evidence, min_weight=min_weight)
