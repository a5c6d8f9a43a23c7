"""Spinning: an indefinite article that no longer fits the word after it ("a enormous", "an big").

A spinner swaps a word for a synonym and leaves the article before it alone, so "a big rise" becomes "a
enormous rise". Original English gets "a"/"an" right almost always (1.9% of the training originals have one
slip, mostly typos in reviews; a fifth of the spun documents have one, whatever the thesaurus). The tell reads
the text only, not the thesaurus, so it also sees spins made with a dictionary the lexicon does not hold. Where
the thesaurus lists words the swapped one can stand for, the ones the article fits are offered as the likely
original, ranked by how often original English writes them after the article and before the next word.
"""

from __future__ import annotations

import math
from enum import Enum
from typing import Final

from artifactdet.analysis import Document
from artifactdet.lexicon import FUNCTION_WORDS
from artifactdet.resources import Resources
from artifactdet.tells.base import Evidence, EvidenceKind, TellOutput, per_1k


class Sound(Enum):
    VOWEL = "vowel"
    CONSONANT = "consonant"
    EITHER = "either"  # usage or pronunciation varies ("an historic", "a/an urban"...): never a mismatch


# Spelling does not give the sound at the start of these. Prefixes are matched on the lowercase word.
_SILENT_H: Final = ("hour", "honest", "honor", "honour", "heir")  # "an hour"
_YOU_OR_WUN: Final = ("eu", "ewe", "one-")  # "a European", "a one-off": a consonant sound
_CONSONANT_WORDS: Final = frozenset(["one", "once"])
# "u" reads "you" in some words and "uh" in others with the same start: "a university" / "an uninformed",
# "a urine test" / "an urban area", "a utility" / "an utter", "a usual" / "an usher", "a ubiquitous" / "an
# ubuntu"; "x" likewise ("an x-ray", "a xylophone").
_EITHER_PREFIXES: Final = ("uni", "una", "ur", "us", "ut", "ub", "uk", "uf", "x")
_VOWEL_LETTERS: Final = frozenset("aeiouy")
_EVIDENCE_WEIGHT: Final = 0.5


def sound_of(word: str) -> Sound:
    """The sound a lowercase word starts with, as far as spelling tells it."""
    if word.startswith(_SILENT_H):
        return Sound.VOWEL
    first = word[:1]
    if first == "h":
        return Sound.EITHER  # "an historic", "an hotel" are still written
    if word in _CONSONANT_WORDS or word.startswith(_YOU_OR_WUN):
        return Sound.CONSONANT
    if word.startswith(_EITHER_PREFIXES):
        return Sound.EITHER
    return Sound.VOWEL if first in "aeiou" else Sound.CONSONANT


def fits(article: str, sound: Sound) -> bool:
    """Whether ``article`` ("a" or "an") is right before a word starting with ``sound``."""
    if sound is Sound.EITHER:
        return True
    return (article == "an") == (sound is Sound.VOWEL)


def _checkable(word: str, res: Resources) -> bool:
    """Words whose first sound spelling gives: known, alphabetic, not a function word, not an acronym."""
    if len(word) < 2 or word in FUNCTION_WORDS or not word[0].isalpha() or not word.isascii():
        return False
    # Lowercase acronyms ("an sms", "an html page") are read letter by letter; they have no vowel letter.
    if not _VOWEL_LETTERS.intersection(word):
        return False
    return res.freq(word) > 0.0


class ArticleAgreement:
    name: str = "articles"
    kind: EvidenceKind = "spin"
    feature_names: tuple[str, ...] = ("articles.mismatch_per_1k", "articles.mismatch_share")

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        evidence: list[Evidence] = []
        checked = 0
        initial = doc.sentence_initial
        for run, words in zip(doc.word_runs, doc.word_run_lowers, strict=True):
            last = len(run) - 1
            for i in range(last):
                article = words[i]
                if article != "a" and article != "an":
                    continue
                art_tok, tok = run[i], run[i + 1]
                # "A" inside a sentence is a letter or a grade ("Plan A", "Type A"), not the article.
                if art_tok.text[0] == "A" and art_tok.start not in initial:
                    continue
                word = words[i + 1]
                # A capital after the article is a name or an acronym: "an MBA", "a Uber driver".
                if tok.text != word or not _checkable(word, res):
                    continue
                sound = sound_of(word)
                if sound is Sound.EITHER:
                    continue
                checked += 1
                if fits(article, sound):
                    continue
                after = words[i + 2] if i + 2 <= last else None
                suggestion = self._suggest(article, word, after, res)
                wanted = "a consonant" if article == "a" else "a vowel"
                reason = (
                    f"'{art_tok.text} {tok.text}': the article is written for a word starting with {wanted} "
                    "sound, as when a spinner swaps the word and leaves its article"
                )
                if suggestion is not None:
                    reason += f"; '{suggestion}' fits the article and is a word the thesaurus lists it for"
                evidence.append(Evidence(tok.start, tok.end, "spin", self.name, reason, suggestion, _EVIDENCE_WEIGHT))
        return TellOutput(
            {
                "articles.mismatch_per_1k": per_1k(len(evidence), doc.n_words),
                "articles.mismatch_share": len(evidence) / checked if checked else 0.0,  # of the judged ones
            },
            evidence,
        )

    @staticmethod
    def _suggest(article: str, word: str, after: str | None, res: Resources) -> str | None:
        """The thesaurus original of ``word`` that fits ``article`` and its pairs with both neighbours best."""
        best, best_score = None, -1.0
        get = res.bigrams.get
        for cand in res.single_word_originals.get(word, ()):
            if not fits(article, sound_of(cand)):
                continue
            score = math.log1p(get(f"{article} {cand}", 0))
            if after is not None:
                score += math.log1p(get(f"{cand} {after}", 0))
            # Unattested pairs tie at 0: the commoner word is the likelier original.
            score += res.freq(cand) / 100.0
            if score > best_score:
                best, best_score = cand, score
        return best
