"""The shared analysis: offsets into the caller's text, paragraphs, sentences."""

from __future__ import annotations

import pytest

from artifactdet.analysis import analyse, normalise


def test_normalisation_keeps_offsets() -> None:
    text = "\u201cQuote\u201d \u2014 it\u2019s\u00a0here"
    norm = normalise(text)
    assert len(norm) == len(text) and norm == '"Quote" - it\'s here'
    doc = analyse(text)
    assert [text[t.start : t.end] for t in doc.tokens] == ["\u201c", "Quote", "\u201d", "\u2014", "it\u2019s", "here"]


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        (
            "Headline\nBody starts. And goes on\nacross a wrap.\n\nNext.",
            ["Headline", "Body starts. And goes on\nacross a wrap.", "Next."],
        ),
        ("One line.\nAnother line.", ["One line.", "Another line."]),
        ("Title:\nlower case after a colon", ["Title:", "lower case after a colon"]),
    ],
)
def test_paragraphs(text: str, paragraphs: list[str]) -> None:
    doc = analyse(text)
    assert [text[p.start : p.end] for p in doc.paragraphs] == paragraphs


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Dr. Smith met the U.S. envoy. They talked.", ["Dr. Smith met the U.S. envoy.", "They talked."]),
        ("No stop here\nNext line has one.", ["No stop here", "Next line has one."]),
    ],
)
def test_sentences(text: str, sentences: list[str]) -> None:
    doc = analyse(text)
    assert [text[s.start : s.end] for s in doc.sentences] == sentences
    assert doc.sentence_initial == frozenset(
        next(t.start for t in doc.sentence_tokens(s) if t.is_word) for s in doc.sentences
    )
