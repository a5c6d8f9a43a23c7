"""Document-level machine-translation failure modes, added to a share of TRAINING translations only.

The MT training data is segment-level: each sentence was translated alone, so it never shows what document-
level and round-trip translation do to a page (a sentence split mid-phrase, a quotation mark lost, a name
glued to the next word). These functions put such failures into training translations so the model learns
that the translation tells mean translation. Test data is never augmented: every reported metric is on
untouched text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Final

_SENTENCE_END: Final = re.compile(r"(?<=[a-z])\s(\w+)([.!?])(?=\s|$)")
_QUOTE: Final = re.compile(r"[\"\u201c\u201d]")
_GLUE: Final = re.compile(r"\b([A-Z][a-z]{3,}) (to|and|of|in|on|for|with|the)\b")


def split_mid_phrase(text: str, rng: random.Random) -> str:
    """'... in the bilateral relationship.' -> '... in the relationship. bilateral.'"""
    matches = list(_SENTENCE_END.finditer(text))
    if not matches:
        return text
    m = rng.choice(matches)
    before = text[: m.start()]
    prev = re.search(r"(\w+)\s*$", before)
    if not prev:
        return text
    # Move the word before the last to after the full stop, lower-case, as translation systems do when they
    # re-order an adjective and split the clause.
    moved = prev.group(1)
    head = before[: prev.start()].rstrip()
    return f"{head} {m.group(1)}{m.group(2)} {moved.lower()}{m.group(2)}{text[m.end() :]}"


def drop_quote(text: str, rng: random.Random) -> str:
    marks = list(_QUOTE.finditer(text))
    if not marks:
        # No quotes: open one that never closes, before a clause.
        spots = [m.start() for m in re.finditer(r"(?<=, )[A-Z]", text)]
        if not spots:
            return text
        i = rng.choice(spots)
        return f'{text[:i]}"{text[i:]}'
    m = rng.choice(marks)
    return text[: m.start()] + text[m.end() :]


def glue_words(text: str, rng: random.Random) -> str:
    matches = list(_GLUE.finditer(text))
    if not matches:
        return text
    m = rng.choice(matches)
    return f"{text[: m.start()]}{m.group(1)}{m.group(2)}{text[m.end() :]}"


FAILURES: Final[tuple[Callable[[str, random.Random], str], ...]] = (split_mid_phrase, drop_quote, glue_words)


def degrade(text: str, rng: random.Random, max_failures: int = 3) -> str:
    """Apply one to ``max_failures`` document-level MT failures."""
    for fn in rng.sample(FAILURES, rng.randint(1, min(max_failures, len(FAILURES)))):
        text = fn(text, rng)
    return text
