"""Translation: a content word written twice in a row ("the lofty lofty tower"), the stutter of neural MT.

Neural translation models sometimes emit a word twice when the source has one ("a famous famous painter"); a
writer leaves such a slip in far fewer documents (a content word doubled, measured by
``training.experiments.surface_slips``: 6.7% of the training split's machine translations against 0.9% of its
original English). Function words are left out ("that that", "had had" are grammar), as are the
reduplications English writes on purpose ("bye bye", "knock knock", "very very") and doubled names ("Walla
Walla", "Bora Bora"; a capital on either word rules the pair out). The suggestion is the word written once.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Final

from artifactdet.analysis import Document
from artifactdet.lexicon import FUNCTION_WORDS
from artifactdet.resources import Resources
from artifactdet.tells.base import Evidence, EvidenceKind, TellOutput, per_1k

# Reduplications English writes on purpose, for emphasis, sound or play: never an MT slip.
CONVENTIONAL: Final = frozenset(
    [
        "knock",
        "blah",
        "bye",
        "haha",
        "very",
        "yes",
        "please",
        "etc",
        "bla",
        "tut",
        "chop",
        "boo",
        "hush",
        "dum",
        "yada",
        "wow",
        "much",
        "many",
        "far",
        "well",
        "again",
        "more",
        "really",
        "too",
        "come",
        "there",
        "poor",
        "bravo",
        "tick",
        "quack",
        "woof",
        "hey",
        "hip",
    ]
)
MIN_LENGTH: Final = 3  # "no no", "oh oh", "go go": short words double in speech
_EVIDENCE_WEIGHT: Final = 0.5


def stutters(word: str, *, capitalised: bool) -> bool:
    """Whether a lowercase word found twice in a row (either time with a capital or not) is a stutter."""
    if len(word) < MIN_LENGTH or not word.isalpha():
        return False
    # A capital makes it a name written twice on purpose ("Walla Walla") or a name and a word ("Rose rose").
    return not capitalised and word not in FUNCTION_WORDS and word not in CONVENTIONAL


class Repeats:
    name: str = "repeats"
    kind: EvidenceKind = "translation"
    feature_names: tuple[str, ...] = ("repeats.doubled_per_1k",)

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        evidence: list[Evidence] = []
        # Word runs hold no punctuation, so "Well, well" or "no. No" never pair up.
        for run, lowers in zip(doc.word_runs, doc.word_run_lowers, strict=True):
            for (a, b), (la, lb) in zip(pairwise(run), pairwise(lowers), strict=True):
                if la == lb and stutters(la, capitalised=a.is_title or b.is_title):
                    evidence.append(
                        Evidence(
                            a.start,
                            b.end,
                            "translation",
                            self.name,
                            f'"{la}" is written twice in a row; machine translation stutters like this',
                            doc.text[a.start : a.end],
                            _EVIDENCE_WEIGHT,
                        )
                    )
        return TellOutput({"repeats.doubled_per_1k": per_1k(len(evidence), doc.n_words)}, evidence)
