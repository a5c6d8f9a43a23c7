"""An article spinner that imitates the cheap ones, used to make "spun" training documents.

Real spinners are dumb on purpose-built lines: they look a word up in a general thesaurus, take one of its TOP
entries regardless of context ("State Department" -> "State Division", "home" -> "dwelling"), re-inflect it
(from a word list, or by suffix rules alone in the crudest: "geted"), swap words inside names, spell out numbers
and, in scientific paper mills, leave tortured phrases ("counterfeit consciousness"). This module reproduces
those habits, not good paraphrasing.
"""

from __future__ import annotations

import functools
import random
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from training.data import TorturedPhrase
from training.thesaurus import ThesaurusName, load_thesaurus, wordnet_exceptions, wordnet_index


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Closed-class words a spinner must leave alone: swapping them breaks grammar without hiding anything.
FUNCTION_WORDS: Final = frozenset(
    _words(
        """
    a about above across after afterwards again against ago ahead all almost alone along already also although
    always am among amongst amid an and another any anybody anyone anything anyway anywhere are aren around as
    at away back be became because become becomes becoming been before beforehand behind being below beneath
    beside besides between beyond both but by can cannot could couldn did didn do does doesn doing don done
    down during each eight eighteen eighty eleven either else elsewhere enough etc even ever every everybody
    everyone everything everywhere except far few fifteen fifty first five for former formerly forty four
    fourteen from further furthermore had hadn has hasn have haven having he hence her here hereby herein
    hers herself him himself his how however hundred i ie if in inside instead into is isn it its itself just
    last latter least less lest like many may maybe me meanwhile might mine more moreover most mostly much
    must my myself namely near neither never nevertheless next nine nineteen ninety no nobody none noone nor
    not nothing now nowhere of off often on once one ones only onto or other others otherwise ought our ours
    ourselves out outside over own per perhaps please quite rather really same second seven seventeen seventy
    several shall she should since six sixteen sixty so some somebody somehow someone something sometime
    sometimes somewhat somewhere soon still such than that the their theirs them themselves then thence there
    thereafter thereby therefore therein thereof thereupon these they third thirteen thirty this those though
    thousand three through throughout thru thus till to together too toward towards twelve twenty two under
    unless unlike until up upon us very via vs was wasn we well were weren what whatever when whence whenever
    where whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever whole
    whom whose why will with within without won would wouldn yes yet you your yours yourself yourselves
    ain ll ve re
    """
    )
)

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
_POSSESSIVE = re.compile(r"([A-Za-z]+)['\u2019]s")
_NUMBER = re.compile(r"(?<![\w$\u00a3\u20ac#.,:/-])(\d{1,2})(?![\w%\u00b0]|[.,:/-]\d)")
_DECADE = re.compile(r"(?<![\w'\u2019])(1[0-9]|20)([0-9])0s\b|(?<!\w)['\u2019]([1-9])0s\b")
# Words and single punctuation marks, so "analog-to-digital" or "accuracy, recall" match token by token.
_PHRASE_TOKEN = re.compile(r"\w+|[^\w\s]")
_CLAUSE_END = frozenset('.!?:\n"\u201c\u201d')
_CLEAN_SYNONYM = re.compile(r"[a-z][a-z' -]*[a-z]")
_VOWEL = re.compile(r"[aeiouy]")
_NAME_CONNECTORS: Final = frozenset({"of", "the", "and", "for", "de", "on"})

_ONES: Final = _words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
)
_TENS: Final = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_DECADE_PLURALS: Final = (
    "hundreds",
    "tens",
    "twenties",
    "thirties",
    "forties",
    "fifties",
    "sixties",
    "seventies",
    "eighties",
    "nineties",
)
# Spinners mostly take the thesaurus's first entry; later ones get a fast-falling share.
_RANK_WEIGHTS: Final = (0.5, 0.25, 0.15, 0.1)
_MULTIWORD_SHARE: Final = 0.2
_DETERMINERS: Final = frozenset(_words("the a an this that these those my your his her its our their every each"))
_VERB_CUES: Final = frozenset(_words("to will would can could should may might must shall do does did not"))
# Words after which a verb's "-ed" slot holds the participle ("has gone", "was taken"), not the past ("went").
_PARTICIPLE_CUES: Final = frozenset(
    _words("have has had having be been being is are was were am get gets got getting i've we've you've they've")
)
# Verbs whose participle is the base form: WordNet lists only their past ("came"), so nothing else tells.
_BASE_PARTICIPLES: Final = frozenset(_words("come become overcome run outrun overrun rerun"))
_SUFFIX_POS: Final = (
    (("ly",), "r"),
    (("tion", "sion", "ment", "ness", "ity", "ism", "ance", "ence", "ship", "hood", "ist"), "n"),
    (("ous", "ful", "ive", "able", "ible", "less", "ish", "ical", "ary"), "a"),
    (("ize", "ise", "ify"), "v"),
)


def number_to_words(n: int) -> str:
    """0-99 in words: 21 -> 'twenty-one'."""
    if not 0 <= n < 100:
        raise ValueError(f"only 0-99 supported, got {n}")
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def decade_to_words(century: int | None, decade: int) -> str:
    """(19, 9) -> 'Nineteen Nineties', (20, 0) -> 'Two Thousands', (None, 8) -> 'Eighties'."""
    if century is None:
        return _DECADE_PLURALS[decade].title()
    if century == 20 and decade == 0:
        return "Two Thousands"
    return f"{number_to_words(century)} {_DECADE_PLURALS[decade]}".title()


@dataclass(frozen=True)
class SpinConfig:
    thesaurus: ThesaurusName = "wordnet"
    rate: float = 0.2  # share of eligible content words replaced, 0.05-0.40 in use
    pos_aware: bool = False  # naive spinners ignore part of speech
    inside_names: bool = True  # also swap words inside names ("State Department" -> "State Division")
    number_words: bool = True  # "1990s" -> "Nineteen Nineties", "20" -> "twenty" sometimes
    tortured: float = 0.0  # probability of replacing each occurrence of an expected phrase by its tortured phrase
    multiword: bool = True  # allow multiword synonyms ("Chinese" -> "Chinese language")
    # "correct" re-inflects irregular and doubled forms from WordNet's exception lists ("got", "stopped"), as
    # dictionary-based spinners do; "naive" applies suffix rules only ("geted", "stoped"), as the crudest do.
    inflection: Literal["correct", "naive"] = "correct"
    seed: int = 0

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0 or not 0.0 <= self.tortured <= 1.0:
            raise ValueError("rate and tortured are probabilities in [0, 1]")


@dataclass(frozen=True)
class Replacement:
    start: int  # span in the ORIGINAL text
    end: int
    original: str
    replacement: str
    kind: str  # "synonym" | "number" | "tortured"


@dataclass(frozen=True)
class SpinResult:
    text: str
    replacements: tuple[Replacement, ...]


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    word: str
    in_name: bool
    previous: str  # the word right before it, function words and contractions included, lower case


def _match_case(template: str, replacement: str, *, title_all: bool = False) -> str:
    if len(template) > 1 and template.isupper():
        return replacement.upper()
    if template[:1].isupper():
        if title_all:
            words = replacement.split(" ")
            return " ".join(w if i and w in _NAME_CONNECTORS else w[:1].upper() + w[1:] for i, w in enumerate(words))
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _pluralize(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return word[:-1] + "ies"
    return word + "s"


def _past(word: str) -> str:
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return word[:-1] + "ied"
    return word + "ed"


def _gerund(word: str) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")) and len(word) > 2:
        return word[:-1] + "ing"
    return word + "ing"


# "en" is the participle slot: regular verbs write it like the past ("walked"); irregular forms come from WordNet.
_RULES: Final = {"s": _pluralize, "ed": _past, "en": _past, "ing": _gerund}


def _inflect(phrase: str, kind: str, pos: str, irregular: dict[tuple[str, str, str], str] | None = None) -> str:
    """Re-inflect a synonym like the word it replaces; suffix rules only unless `irregular` forms are given."""
    if not kind:
        return phrase
    words = phrase.split(" ")
    # Noun phrases inflect their head (last word), verb phrases their verb (first word: "put forward").
    i = len(words) - 1 if pos == "n" else 0
    known = irregular.get((words[i], kind, "n" if pos == "n" else "v")) if irregular else None
    words[i] = known or _RULES[kind](words[i])
    return " ".join(words)


@functools.lru_cache(maxsize=1)
def irregular_forms() -> dict[tuple[str, str, str], str]:
    """(base, inflection, "n"|"v") -> the inflected form WordNet's exception lists give ("get", "ed", "v" -> "got")."""
    exceptions = wordnet_exceptions()
    candidates: dict[tuple[str, str, str], list[str]] = {}
    for form, bases in exceptions["n"].items():
        for base in bases:
            candidates.setdefault((base, "s", "n"), []).append(form)
    for form, bases in exceptions["v"].items():
        kind = "ing" if form.endswith("ing") else "s" if form.endswith("s") and not form.endswith("ss") else "ed"
        for base in bases:
            candidates.setdefault((base, kind, "v"), []).append(form)
    # WordNet lists past and participle forms alike; of a verb's forms, the participle is the one ending in -n or
    # -ne ("gone", "gotten"), else the later in the alphabet ("begun" after "began", "sung" after "sang", "come"
    # after "came"). A verb with one form ("held") writes it in both slots.
    out: dict[tuple[str, str, str], str] = {}
    for key, forms in candidates.items():
        ranked = sorted(forms, key=lambda f: (f.endswith(("n", "ne")), len(f), f))
        out[key] = ranked[0]
        if key[1] == "ed":
            out[(key[0], "en", key[2])] = key[0] if key[0] in _BASE_PARTICIPLES else ranked[-1]
    return out


@functools.lru_cache(maxsize=1)
def _verb_slots() -> tuple[frozenset[str], frozenset[str]]:
    """Irregular forms that are only a past ("went", "began") and only a participle ("gone", "begun")."""
    forms = irregular_forms()
    past = {form for (_, kind, pos), form in forms.items() if kind == "ed" and pos == "v"}
    participle = {form for (_, kind, pos), form in forms.items() if kind == "en" and pos == "v"}
    return frozenset(past - participle), frozenset(participle - past)


def _stem(word: str) -> str:
    for suffix in ("ings", "ing", "ies", "ied", "es", "ed", "s", "ly", "er", "est"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=8)
def _tortured_index(phrases: tuple[TorturedPhrase, ...]) -> tuple[dict[tuple[str, ...], str], int]:
    """expected phrase as lowercase tokens -> tortured phrase, and the longest key; cached because callers
    build one Spinner per document."""
    index: dict[tuple[str, ...], str] = {}
    # The most widespread fingerprint wins when one expected phrase has several.
    for phrase in sorted(phrases, key=lambda p: -p.num_papers):
        key = tuple(_PHRASE_TOKEN.findall(phrase.expected.lower()))
        # PPS also lists paraphraser artefacts for single function words ("are" -> "area unit"); injecting
        # those at every "are" would break the function-word rule and swamp the text.
        if any(t not in FUNCTION_WORDS and t.isalnum() for t in key):
            index.setdefault(key, phrase.tortured)
    return index, max(map(len, index), default=0)


class Spinner:
    """Deterministic per (config, text): the random stream is seeded from config.seed and a CRC of the text."""

    def __init__(self, config: SpinConfig = SpinConfig(), tortured: Sequence[TorturedPhrase] = ()) -> None:
        self.config = config
        self._thesaurus = load_thesaurus(config.thesaurus)
        self._exceptions = wordnet_exceptions()
        # Sense-tag counts are only needed to guess parts of speech; loading them costs a few seconds.
        self._index = wordnet_index() if config.pos_aware else {}
        self._irregular = irregular_forms() if config.inflection == "correct" else None
        self._tortured_index = _tortured_index(tuple(tortured)) if config.tortured > 0 else ({}, 0)

    # ------------------------------------------------------------------ public

    def spin(self, text: str) -> SpinResult:
        rng = random.Random((self.config.seed << 32) ^ zlib.crc32(text.encode("utf-8")))
        taken: list[tuple[int, int]] = []
        found: list[Replacement] = []
        found += self._tortured(text, rng, taken)
        found += self._numbers(text, rng, taken)
        found += self._synonyms(text, rng, taken)
        found.sort(key=lambda r: r.start)
        pieces: list[str] = []
        cursor = 0
        for r in found:
            pieces.append(text[cursor : r.start])
            pieces.append(r.replacement)
            cursor = r.end
        pieces.append(text[cursor:])
        return SpinResult("".join(pieces), tuple(found))

    def synonyms(self, word: str, pos: str | None = None) -> list[tuple[str, str]]:
        """(synonym, pos) candidates of a lemma in thesaurus order, restricted to ``pos`` when given."""
        entry = self._thesaurus.get(word.lower(), {})
        return [(syn, p) for p, syns in entry.items() if pos in (None, p) for syn in syns]

    # ------------------------------------------------------------------ passes

    @staticmethod
    def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def _tortured(self, text: str, rng: random.Random, taken: list[tuple[int, int]]) -> list[Replacement]:
        index, longest = self._tortured_index
        if not index:
            return []
        tokens = [(m.start(), m.end(), m.group(0).lower()) for m in _PHRASE_TOKEN.finditer(text)]
        out: list[Replacement] = []
        i = 0
        while i < len(tokens):
            for n in range(min(longest, len(tokens) - i), 0, -1):  # longest phrase first
                tortured = index.get(tuple(t for _, _, t in tokens[i : i + n]))
                if tortured is not None:
                    break
            else:
                i += 1
                continue
            start, end = tokens[i][0], tokens[i + n - 1][1]
            i += n
            if rng.random() < self.config.tortured:
                original = text[start:end]
                out.append(Replacement(start, end, original, _match_case(original, tortured), "tortured"))
                taken.append((start, end))
        return out

    def _numbers(self, text: str, rng: random.Random, taken: list[tuple[int, int]]) -> list[Replacement]:
        if not self.config.number_words:
            return []
        out: list[Replacement] = []
        for match in _DECADE.finditer(text):
            if not self._free(taken, match.start(), match.end()):
                continue
            if match.group(3):
                words = decade_to_words(None, int(match.group(3)))
            else:
                words = decade_to_words(int(match.group(1)), int(match.group(2)))
            out.append(Replacement(match.start(), match.end(), match.group(0), words, "number"))
            taken.append((match.start(), match.end()))
        # Plain numbers are spelled out only sometimes, at a rate tied to the synonym rate.
        for match in _NUMBER.finditer(text):
            value = int(match.group(1))
            if value < 2 or not self._free(taken, match.start(), match.end()):
                continue
            if rng.random() < min(1.0, 2 * self.config.rate):
                out.append(Replacement(match.start(), match.end(), match.group(0), number_to_words(value), "number"))
                taken.append((match.start(), match.end()))
        return out

    def _synonyms(self, text: str, rng: random.Random, taken: list[tuple[int, int]]) -> list[Replacement]:
        tokens = self._tokens(text)
        eligible: list[tuple[_Token, list[tuple[str, str, str]]]] = []
        for token in tokens:
            if not self._free(taken, token.start, token.end) or (token.in_name and not self.config.inside_names):
                continue
            candidates = self._candidates(token.word.lower(), token.previous)
            if candidates:
                eligible.append((token, candidates))
        wanted = self.config.rate * len(eligible)
        # Probabilistic rounding keeps the expected share exact for short texts too.
        count = int(wanted) + (rng.random() < wanted - int(wanted))
        out: list[Replacement] = []
        for token, candidates in sorted(rng.sample(eligible, count), key=lambda e: e[0].start):
            choice = self._choose(candidates, rng)
            replacement = _match_case(token.word, choice, title_all=token.in_name)
            out.append(Replacement(token.start, token.end, token.word, replacement, "synonym"))
            taken.append((token.start, token.end))
        return out

    # ------------------------------------------------------------------ helpers

    def _tokens(self, text: str) -> list[_Token]:
        raw: list[tuple[int, int, str]] = []
        # The context cues read the word before, which is often a function word or a contraction the swaps skip.
        before: dict[int, str] = {}
        last = ""
        for match in _WORD.finditer(text):
            start, end, word = match.start(), match.end(), match.group(0)
            before[start], last = last, word.lower().replace("\u2019", "'")
            if "'" in word or "\u2019" in word:
                possessive = _POSSESSIVE.fullmatch(word)
                if not possessive:
                    continue  # contractions (don't, we'll) are function words
                word = possessive.group(1)
                end = start + len(word)
            raw.append((start, end, word))
        capitalised = [w[:1].isupper() for _, _, w in raw]
        out: list[_Token] = []
        for i, (start, end, word) in enumerate(raw):
            if self._skip(text, start, end, word):
                continue
            in_name = capitalised[i] and self._in_name(text, raw, capitalised, i)
            out.append(_Token(start, end, word, in_name, before[start]))
        return out

    @staticmethod
    def _skip(text: str, start: int, end: int, word: str) -> bool:
        lower = word.lower()
        if lower in FUNCTION_WORDS or len(word) < 3 or (word.isupper() and len(word) <= 4):
            return True  # acronyms (NATO, USA) are names
        before, after = text[start - 1 : start], text[end : end + 2]
        # Parts of URLs, e-mail addresses, hashtags and file names.
        return (
            before in ("@", "/", "#", "\\", "_")
            or after[:1] in ("@", "/", "_")
            or (after[:1] == "." and after[1:2].isalnum())
        )

    @staticmethod
    def _sentence_initial(text: str, start: int) -> bool:
        before = text[:start].rstrip(" \t\"'\u201c\u2018([")
        return not before or before[-1] in _CLAUSE_END or "\n" in text[len(before) : start]

    def _in_name(self, text: str, raw: list[tuple[int, int, str]], capitalised: list[bool], i: int) -> bool:
        """Capitalised word inside a multiword name, or a capitalised word that does not open a sentence."""
        if not self._sentence_initial(text, raw[i][0]):
            return True

        def joined(a: int, b: int) -> bool:  # only spaces or a hyphen between two words
            return text[raw[a][1] : raw[b][0]] in (" ", "-")

        j = i + 1
        while j < len(raw) and joined(j - 1, j) and raw[j][2].lower() in _NAME_CONNECTORS and not capitalised[j]:
            j += 1
        return j < len(raw) and capitalised[j] and joined(j - 1, j) and raw[j][2].lower() not in FUNCTION_WORDS

    def _forms(self, word: str) -> frozenset[str]:
        """The word and every base form the inflection rules could strip it to, for inflection-only checks."""
        if " " in word:
            return frozenset({word})
        return frozenset({word, _stem(word)} | {lemma for lemma, _, _ in self._analyses(word, known_only=False)})

    def _analyses(self, word: str, *, known_only: bool = True) -> list[tuple[str, str, frozenset[str]]]:
        """(lemma, inflection, allowed pos) readings of a surface word, the word itself first."""
        out: list[tuple[str, str, frozenset[str]]] = [(word, "", frozenset("nvar"))]
        for base in self._exceptions["n"].get(word, ()):
            out.append((base, "s", frozenset("n")))
        for base in self._exceptions["v"].get(word, ()):
            out.append((base, "ing" if word.endswith("ing") else "s" if word.endswith("s") else "ed", frozenset("v")))
        rules: list[tuple[str, str, str]] = []
        if word.endswith("ies"):
            rules.append((word[:-3] + "y", "s", "nv"))
        if word.endswith("es"):
            rules.append((word[:-2], "s", "nv"))
        if word.endswith("s") and not word.endswith(("ss", "us", "is")):
            rules.append((word[:-1], "s", "nv"))
        if word.endswith("ied"):
            rules.append((word[:-3] + "y", "ed", "v"))
        if word.endswith("ed"):
            rules += [(word[:-2], "ed", "v"), (word[:-1], "ed", "v")]
            if len(word) > 4 and word[-3] == word[-4]:
                rules.append((word[:-3], "ed", "v"))
        if word.endswith("ing") and len(word) > 5:
            rules += [(word[:-3], "ing", "v"), (word[:-3] + "e", "ing", "v")]
            if word[-4] == word[-5]:
                rules.append((word[:-4], "ing", "v"))
        out += [(lemma, kind, frozenset(pos)) for lemma, kind, pos in rules if len(lemma) >= 3]
        return [a for a in out if a[0] in self._thesaurus] if known_only else out

    @staticmethod
    def _participle(word: str, previous: str) -> bool:
        """Whether an "-ed" form stands for the participle: by its own form when irregular, else by the cue."""
        past_only, participle_only = _verb_slots()
        if word in participle_only or word in past_only:
            return word in participle_only
        return previous in _PARTICIPLE_CUES

    def _pos_score(self, reading: tuple[str, str, str], word: str, previous: str) -> float:
        """How plausible a (lemma, inflection, pos) reading is: SemCor sense tags, context cue, suffix."""
        lemma, _, pos = reading
        score = 1.0 + self._index.get(lemma, {}).get(pos, (0, 0, ()))[1]
        if previous in _DETERMINERS:
            score *= 10.0 if pos in ("n", "a") else 0.1
        elif previous in _VERB_CUES:
            score *= 10.0 if pos == "v" else 0.1
        if any(word.endswith(suffixes) and pos == p for suffixes, p in _SUFFIX_POS):
            score *= 5.0
        return score

    def _candidates(self, word: str, previous: str) -> list[tuple[str, str, str]]:
        """Up to four (replacement, pos, kind) options in thesaurus order, already re-inflected.

        Naive: the first reading of the word that the thesaurus knows (the surface form itself first), with all
        its parts of speech in thesaurus order. POS-aware: only the single most plausible (lemma, pos) reading.
        """
        readings = [
            (lemma, kind, pos)
            for lemma, kind, allowed in self._analyses(word)
            for pos in self._thesaurus[lemma]
            if pos in allowed
        ]
        if self.config.pos_aware and readings:
            readings = [max(readings, key=lambda r: self._pos_score(r, word, previous))]
        out: list[tuple[str, str, str]] = []
        current: tuple[str, str] | None = None
        for lemma, kind, pos in readings:
            if kind == "ed" and self._participle(word, previous):
                kind = "en"
            if out and current != (lemma, kind):
                break  # a naive spinner stops at the first reading that gave it anything
            current = (lemma, kind)
            blocked = self._forms(word)
            for synonym in self._thesaurus[lemma][pos]:
                if not _CLEAN_SYNONYM.fullmatch(synonym) or (" " in synonym and not self.config.multiword):
                    continue
                if not _VOWEL.search(synonym):  # abbreviations ("mls" for "miles") are not what spinners emit
                    continue
                # A synonym that is only another inflection of the word ("run" for "running") is no swap.
                inflected = _inflect(synonym, kind, pos, self._irregular)
                if self._forms(synonym) & blocked or inflected == word:
                    continue
                if all(inflected != o[0] for o in out):
                    out.append((inflected, pos, kind))
                if len(out) == len(_RANK_WEIGHTS):
                    return out
        return out

    def _choose(self, candidates: list[tuple[str, str, str]], rng: random.Random) -> str:
        singles = [c for c in candidates if " " not in c[0]]
        multis = [c for c in candidates if " " in c[0]]
        pool = multis if multis and (not singles or rng.random() < _MULTIWORD_SHARE) else singles
        weights = [_RANK_WEIGHTS[candidates.index(c)] for c in pool]
        return rng.choices(pool, weights=weights)[0][0]


def spin_many(
    texts: Sequence[str],
    configs: SpinConfig | Sequence[SpinConfig],
    tortured: Sequence[TorturedPhrase] = (),
) -> list[SpinResult]:
    """Spin each text with one config, or text i with configs[i]; spinners are built once per distinct config."""
    per_text = [configs] * len(texts) if isinstance(configs, SpinConfig) else list(configs)
    if len(per_text) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(per_text)} configs")
    spinners: dict[SpinConfig, Spinner] = {}
    out: list[SpinResult] = []
    for text, config in zip(texts, per_text, strict=True):
        spinner = spinners.get(config)
        if spinner is None:
            spinner = spinners[config] = Spinner(config, tortured)
        out.append(spinner.spin(text))
    return out
