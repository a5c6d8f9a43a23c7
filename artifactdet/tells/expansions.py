"""Spinning: odd expansions, a short token blown up into a thesaurus phrase ("ISIS-Okay", "Chinese language affect")."""

from __future__ import annotations

import re
from typing import Final

from artifactdet.analysis import Document
from artifactdet.resources import Resources
from artifactdet.tells._restore import restore
from artifactdet.tells.base import Evidence, EvidenceKind, TellOutput, per_1k

# Letters that thesauri and spinners expand to words: "K" is read as "OK" -> "okay", "M" as "thousand"...
LETTER_WORDS: Final = {
    "okay": "K",
    "alright": "K",
    "kelvin": "K",
    "potassium": "K",
    "thousand": "K",
    "grand": "K",
    "chiliad": "K",
    "meter": "M",
    "metre": "M",
    "million": "M",
    "gram": "G",
    "gramme": "G",
    "liter": "L",
    "litre": "L",
    "second": "S",
    "south": "S",
    "north": "N",
    "east": "E",
    "west": "W",
    "hydrogen": "H",
    "oxygen": "O",
    "carbon": "C",
    "nitrogen": "N",
    "sulfur": "S",
    "vitamin": "V",
}
_ACRONYM_WORD_RE: Final = re.compile(r"\b(?P<acr>[A-Z]{2,})-(?P<word>[A-Z][a-z]{2,})\b")
# In every match of _ACRONYM_WORD_RE. A literal first character makes it a fast search, where the full pattern
# is tried at every capital; most texts have no such hyphen and skip the full scan.
_ACRONYM_WORD_HINT: Final = re.compile(r"-[A-Z][a-z]{2}")
# "Chinese influence" -> "Chinese language affect": nationality adjectives that a thesaurus expands to
# "<X> language"; only certain words may follow "language" in original English.
_LANGUAGE_RE: Final = re.compile(r"\b(?P<nat>[A-Z][a-z]+) language (?P<next>[a-z]+)\b")
LANGUAGE_CONTEXT: Final = frozenset(
    [
        "skills",
        "skill",
        "teacher",
        "teachers",
        "teaching",
        "school",
        "schools",
        "class",
        "classes",
        "course",
        "courses",
        "learning",
        "learners",
        "learner",
        "speakers",
        "speaker",
        "speaking",
        "proficiency",
        "version",
        "versions",
        "edition",
        "editions",
        "media",
        "newspaper",
        "newspapers",
        "press",
        "channel",
        "channels",
        "service",
        "services",
        "program",
        "programs",
        "programme",
        "programmes",
        "lessons",
        "lesson",
        "instruction",
        "education",
        "exam",
        "exams",
        "test",
        "tests",
        "textbook",
        "textbooks",
        "books",
        "book",
        "literature",
        "translation",
        "translations",
        "acquisition",
        "policy",
        "requirement",
        "requirements",
        "barrier",
        "barriers",
        "and",
        "or",
        "is",
        "was",
        "has",
        "in",
        "of",
        "for",
        "to",
        "as",
        "with",
        "studies",
        "department",
        "departments",
        "broadcast",
        "broadcasts",
        "daily",
        "website",
        "websites",
        "film",
        "films",
        "movie",
        "movies",
        "publication",
        "publications",
        "original",
        "dub",
        "subtitles",
    ]
)


# As the collocations tell, a restored pair seen this often in original English; unlike there, the word put back
# need not be commoner: the expansion already shows a spinner at work ("affect" for "influence", equally common).
MIN_PAIR_SUPPORT = 5


def _without_language(nat: str, word: str, res: Resources) -> str:
    """The adjective and the next word without "language" ("Russian language forces" -> Russian forces); the
    next word swapped back too when that pair is unheard of and one thesaurus swap gives a pair original English
    writes ("Chinese language affect" -> Chinese influence)."""
    pair = f"{nat.lower()} {word}"
    if pair not in res.bigrams and pair not in res.attested:
        found = restore([nat.lower(), word], res, lambda p: res.bigrams.get(p, 0), MIN_PAIR_SUPPORT)
        if found is not None and found.position == 1:
            return f"{nat} {found.original.split()[1]}"
    return f"{nat} {word}"


class OddExpansions:
    name: str = "expansions"
    kind: EvidenceKind = "spin"
    feature_names: tuple[str, ...] = ("expansions.per_1k",)

    def __call__(self, doc: Document, res: Resources) -> TellOutput:
        evidence: list[Evidence] = []
        text = doc.norm
        for m in _ACRONYM_WORD_RE.finditer(text) if _ACRONYM_WORD_HINT.search(text) else ():
            word = m["word"].lower()
            if word not in res.common or word in {"led", "based", "style", "era", "free", "linked"}:
                continue
            letter = LETTER_WORDS.get(word)
            suggestion = f"{m['acr']}-{letter}" if letter else None
            evidence.append(
                Evidence(
                    m.start(),
                    m.end(),
                    "spin",
                    self.name,
                    f"'{doc.span(m.start(), m.end())}' joins an acronym to an ordinary word, as a spinner does when "
                    "it expands a one-letter suffix",
                    suggestion,
                    0.9 if letter else 0.5,
                )
            )
        for m in _LANGUAGE_RE.finditer(text) if " language " in text else ():
            if m["next"] in LANGUAGE_CONTEXT or m["nat"].lower() in res.common:
                continue
            evidence.append(
                Evidence(
                    m.start(),
                    m.end(),
                    "spin",
                    self.name,
                    f"'{doc.span(m.start(), m.end())}' reads '{m['nat']}' as the language, a thesaurus expansion of "
                    "the adjective",
                    _without_language(m["nat"], m["next"], res),
                    0.7,
                )
            )
        return TellOutput({"expansions.per_1k": per_1k(len(evidence), doc.n_words)}, evidence)
