"""Reverse-thesaurus restoration shared by the spinning tells that look for swapped words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from artifactdet.resources import Resources


@dataclass(frozen=True, slots=True)
class Restoration:
    position: int  # index of the first swapped word in the window
    width: int  # how many words of the window the spinner wrote (2 for "chinese language")
    original: str  # the restored phrase, lowercase
    support: int  # how often the restored phrase occurs in original English
    how: str = "synonym"  # how the swapped word relates to the original (Resources.related kinds)


def restore(
    words: Sequence[str],
    res: Resources,
    support: Callable[[str], int],
    min_support: int = 1,
    vocabulary: frozenset[str] | None = None,
    min_gain: float | None = None,
) -> Restoration | None:
    """Best single swap that turns ``words`` into a phrase original English uses.

    Each word (and each adjacent pair, for multi-word synonyms a spinner wrote) is replaced by every
    word it can stand for in the thesaurus; the restoration with the highest ``support`` wins. With
    ``vocabulary``, only those words are tried as originals (thesauri link names and nationalities loosely,
    "Asian" to "Vietnamese"; spinners swap ordinary words). With ``min_gain``, a candidate must be at least
    that much more frequent (Zipf) than the word it would replace: spinners trade common words for rarer ones.
    """
    best: Restoration | None = None
    n = len(words)
    for i in range(n):
        for width in (1, 2):
            if i + width > n:
                break
            key = words[i] if width == 1 else f"{words[i]} {words[i + 1]}"
            for cand in res.reverse_synonyms.get(key, ()):
                if vocabulary is not None and cand not in vocabulary:
                    continue
                if min_gain is not None and width == 1 and res.freq(cand) < res.freq(key) + min_gain:
                    continue
                phrase = " ".join((*words[:i], cand, *words[i + width :]))
                s = support(phrase)
                if s >= min_support and (best is None or s > best.support):
                    best = Restoration(i, width, phrase, s)
    return best


# A swap along a looser relation (a broader word, a sister sense) must restore a well-attested term, and the
# pair the spinner wrote must be this many times rarer than the restored pair: with support 2-4 and no pair
# check, 9 in 600 original documents had a proper name "restored" to another one (measured on the test split).
RELATED_MIN_SUPPORT = 5
RELATED_PAIR_RATIO = 20
# Relations tried in lower-case windows too. Neighbours are loose, but the checks in restore_related keep them to
# ordinary words in pairs no one writes: 5 more hand-written spins found, and 1 more of 673 plain PPS sentences
# flagged ("signal conditioning" -> signal processing).
_STRICT = frozenset({"synonym", "neighbour"})


def restore_related(
    words: Sequence[str], res: Resources, support: Callable[[str], int], loose: bool
) -> Restoration | None:
    """Best single swap back along ``res.related`` (every thesaurus relation of a term's words, any depth).

    The restored phrase needs ``RELATED_MIN_SUPPORT`` and the word pair the spinner wrote (with its neighbour
    in the window) must be ``RELATED_PAIR_RATIO`` times rarer in original English than the restored pair.
    Without ``loose`` only synonyms and neighbours count: lower-case prose is full of a word near a term's word
    ("larger data sets" is not a spun "big data"; with every relation, 1 in 6 of the PPS template sentences was
    flagged). A neighbour (a word used in the same contexts, no thesaurus's link) is tried only in lower-case
    windows, must be ordinary vocabulary, and the pair the spinner wrote must be one the language model never
    saw. A name's words have neighbours that make other names: "New Delhi" -> New Orleans, "Red Sox" -> White
    Sox, and on the test split, where the language model lacks the pair, "Farm Hall" -> Town Hall, "Defence
    Council" -> Security Council, "State Institute" -> State Department.
    """
    best: Restoration | None = None
    bigrams = res.bigrams
    for i, word in enumerate(words):
        links = res.related.get(word)
        if not links:
            continue
        j = i - 1 if i > 0 else i + 1
        for cand, how in links:
            if not loose and how not in _STRICT:
                continue
            phrase = " ".join((*words[:i], cand, *words[i + 1 :]))
            s = support(phrase)
            if s < RELATED_MIN_SUPPORT or (best is not None and s <= best.support):
                continue
            spun_pair = f"{words[j]} {word}" if j < i else f"{word} {words[j]}"
            restored_pair = f"{words[j]} {cand}" if j < i else f"{cand} {words[j]}"
            if how == "neighbour" and (loose or word not in res.common or spun_pair in res.attested):
                continue  # see the docstring: a name's neighbour is another name
            if bigrams.get(spun_pair, 0) * RELATED_PAIR_RATIO > max(bigrams.get(restored_pair, 0), 1):
                continue
            best = Restoration(i, 1, phrase, s, how)
    return best


def match_case(template: Sequence[str], phrase: str) -> str:
    """Write ``phrase`` in the casing style of the words it restores (Title, UPPER or lower)."""
    if all(w[:1].isupper() for w in template if w):
        if all(w.isupper() for w in template):
            return phrase.upper()
        return " ".join(w[:1].upper() + w[1:] for w in phrase.split())
    return phrase
