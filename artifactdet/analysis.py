"""One shared analysis per document: normalised text, tokens and sentences with character offsets.

Every tell reads a :class:`Document`; nothing downstream tokenises again. Offsets always refer to the
text exactly as the caller gave it: normalisation is a one-to-one character mapping (curly quotes to
straight ones, dashes to '-', exotic spaces to ' '), so a span in the normalised view is the same span in
the input.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from typing import Any, Final

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

# One character in, one character out: this keeps every offset valid in the caller's text.
_NORMALISE: Final = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\u200b": " ",
        "\ufeff": " ",
        "\t": " ",
        "\r": "\n",
    }
)

# Words (letters/digits joined by internal apostrophes, hyphens or dots as in "U.S"), or one other
# non-space character. Hyphenated compounds stay one token because tells such as "ISIS-Okay" read them
# whole; tells that want the parts split the token text.
_TOKEN_RE: Final = re.compile(r"\w+(?:['\-.]\w+)*|[^\w\s]")
# A paragraph is a line, unless the line is hard-wrapped prose: a line that does not end a sentence and is
# followed by one starting in lower case continues on it. Web text puts one paragraph (or headline) per line.
_PARAGRAPH_RE: Final = re.compile(r"[^\n]+(?:\n(?=[ \t]*[a-z])(?<![.!?:\"'\n]\n)[^\n]*)*")

# Abbreviations that end in a period without ending a sentence; untrained Punkt would split after them.
_ABBREVIATIONS: Final = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "pres",
        "rev",
        "hon",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "u.s.a",
        "a.m",
        "p.m",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "cf",
        "al",
        "fig",
        "figs",
        "no",
        "nos",
        "vol",
        "vols",
        "ed",
        "eds",
        "approx",
        "dept",
        "est",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
    ]
)


# Punkt decides each candidate break from its context alone ("said. The"); the same contexts recur across
# documents, and deciding one costs more than the rest of the split. The decision depends only on the context
# and the fixed parameters, so a memo returns exactly what Punkt would. Bounded: a long-running server sees
# unbounded distinct contexts.
_MAX_MEMO_CONTEXTS: Final = 100_000


class _MemoPunkt(PunktSentenceTokenizer):  # type: ignore[misc]  # nltk is untyped
    def __init__(self, params: PunktParameters) -> None:
        super().__init__(params)
        self._breaks: dict[str, bool] = {}

    def text_contains_sentbreak(self, text: str) -> bool:
        found = self._breaks.get(text)
        if found is None:
            if len(self._breaks) >= _MAX_MEMO_CONTEXTS:
                self._breaks.clear()
            found = self._breaks[text] = bool(super().text_contains_sentbreak(text))
        return found


def _make_sentence_tokenizer() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(_ABBREVIATIONS)
    return _MemoPunkt(params)


_SENTENCES: Final = _make_sentence_tokenizer()


def normalise(text: str) -> str:
    """Return the one-to-one normalised view of ``text`` (same length, same offsets)."""
    return text.translate(_NORMALISE)


@dataclass(frozen=True, slots=True)
class Token:
    """A token with its character span in the original text."""

    start: int
    end: int
    text: str  # normalised form
    lower: str
    is_word: bool  # starts with a letter
    is_number: bool  # starts with a digit
    # A word starting with a capital. Most tells ask this of every word, several times: stored once here
    # instead of recomputed on each read. Derived from the fields above, so it takes no part in equality.
    is_title: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "is_title", self.is_word and self.text[:1].isupper())


# A frozen dataclass's __init__ sets each field through object.__setattr__ (~1.8 us a token, a third of the
# analysis); writing the slots through their descriptors builds the same Token at a third of the cost.
_new_token = object.__new__
_token_slots: dict[str, Any] = {name: vars(Token)[name].__set__ for name in Token.__slots__}
_set_start, _set_end, _set_text, _set_lower, _set_is_word, _set_is_number, _set_is_title = (
    _token_slots[name] for name in ("start", "end", "text", "lower", "is_word", "is_number", "is_title")
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence span and the slice of tokens inside it (``tokens[first:last]``)."""

    start: int
    end: int
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int


class Document:
    """The analysis of one text, computed once and shared by every tell."""

    __slots__ = ("__dict__", "norm", "paragraphs", "sentences", "text", "tokens")

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = normalise(text)
        tokens: list[Token] = []
        append = tokens.append
        for m in _TOKEN_RE.finditer(self.norm):
            t = m.group()
            c = t[0]
            is_word = c.isalpha()
            tok = _new_token(Token)
            _set_start(tok, m.start())
            _set_end(tok, m.end())
            _set_text(tok, t)
            _set_lower(tok, t.lower())
            _set_is_word(tok, is_word)
            _set_is_number(tok, c.isdigit())
            _set_is_title(tok, is_word and c.isupper())
            append(tok)
        self.tokens: tuple[Token, ...] = tuple(tokens)
        self.paragraphs: tuple[Paragraph, ...] = tuple(
            Paragraph(m.start(), m.end()) for m in _PARAGRAPH_RE.finditer(self.norm) if m.group().strip()
        )
        self.sentences: tuple[Sentence, ...] = self._split_sentences()

    def _split_sentences(self) -> tuple[Sentence, ...]:
        starts = [t.start for t in self.tokens]
        out: list[Sentence] = []
        i = 0
        # Sentences never cross a paragraph (line) break: headlines and boilerplate lines have no final
        # period, and Punkt would glue them to the next line.
        for para in self.paragraphs:
            chunk = self.norm[para.start : para.end]
            for s, e in _SENTENCES.span_tokenize(chunk):
                s += para.start
                e += para.start
                i = bisect_left(starts, s, i)  # token starts ascend: the first token at or after s
                j = bisect_left(starts, e, i)
                if j > i:
                    out.append(Sentence(s, e, i, j))
                i = j
        return tuple(out)

    @cached_property
    def words(self) -> tuple[Token, ...]:
        """Tokens that start with a letter."""
        return tuple(t for t in self.tokens if t.is_word)

    @cached_property
    def n_words(self) -> int:
        return len(self.words)

    @cached_property
    def word_runs(self) -> tuple[tuple[Token, ...], ...]:
        """Maximal runs of word tokens inside one sentence with no punctuation between them.

        Spins and broken collocations live inside such runs; a comma or a sentence end breaks a phrase.
        Five tells walk them, so they are cut once.
        """
        runs: list[tuple[Token, ...]] = []
        tokens = self.tokens
        for sent in self.sentences:
            run: list[Token] = []
            for tok in tokens[sent.first : sent.last]:
                if tok.is_word:
                    run.append(tok)
                elif run:
                    runs.append(tuple(run))
                    run = []
            if run:
                runs.append(tuple(run))
        return tuple(runs)

    @cached_property
    def word_run_lowers(self) -> tuple[tuple[str, ...], ...]:
        """The lowercase forms of each of :attr:`word_runs`, aligned with it."""
        return tuple(tuple(t.lower for t in run) for run in self.word_runs)

    @cached_property
    def word_run_pairs(self) -> tuple[tuple[str, ...], ...]:
        """Each run's adjacent lowercase pairs as bigram keys ("a b"): pair ``k`` joins words ``k`` and ``k + 1``.

        Three tells look every pair up in the bigram counts; the keys are built once.
        """
        return tuple(tuple(f"{a} {b}" for a, b in pairwise(lowers)) for lowers in self.word_run_lowers)

    @cached_property
    def word_run_positions(self) -> dict[int, tuple[int, int]]:
        """Start offset of each word in :attr:`word_runs` -> (run index, position in the run)."""
        return {tok.start: (r, i) for r, run in enumerate(self.word_runs) for i, tok in enumerate(run)}

    @cached_property
    def paragraph_sentences(self) -> tuple[tuple[Sentence, ...], ...]:
        """Sentences grouped by paragraph (a sentence never crosses a paragraph)."""
        out: list[tuple[Sentence, ...]] = []
        i = 0
        for para in self.paragraphs:
            group: list[Sentence] = []
            while i < len(self.sentences) and self.sentences[i].start < para.end:
                group.append(self.sentences[i])
                i += 1
            out.append(tuple(group))
        return tuple(out)

    @cached_property
    def sentence_initial(self) -> frozenset[int]:
        """Start offsets of the first word of each sentence: capitals there say nothing about names."""
        out = set()
        for sent in self.sentences:
            for tok in self.tokens[sent.first : sent.last]:
                if tok.is_word or tok.is_number:
                    out.add(tok.start)
                    break
        return frozenset(out)

    @cached_property
    def ascii_lower(self) -> str | None:
        """The lowered normalised text when it is all ASCII, else None: see :func:`artifactdet.tells.base.may_match`."""
        return self.norm.lower() if self.norm.isascii() else None

    def sentence_tokens(self, sentence: Sentence) -> tuple[Token, ...]:
        return self.tokens[sentence.first : sentence.last]

    def span(self, start: int, end: int) -> str:
        """The caller's original text for a span."""
        return self.text[start:end]


def analyse(text: str) -> Document:
    """Analyse ``text`` once; pass the result to every tell."""
    return Document(text)
