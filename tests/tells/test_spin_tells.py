"""Table-driven tests of the spinning tells, on sentences written for these tests."""

from __future__ import annotations

import pytest

from artifactdet.resources import Resources
from artifactdet.tells.collocations import BrokenCollocations
from artifactdet.tells.expansions import OddExpansions
from artifactdet.tells.names import NameSwaps
from artifactdet.tells.numbers import NumberWords
from artifactdet.tells.synonyms import RareSynonyms
from artifactdet.tells.tortured import TorturedPhrases
from tests.tells._util import run, spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We trained a counterfeit consciousness model on the data.",
            [("counterfeit consciousness", "artificial intelligence")],
        ),
        ("Profound Learning beats older methods.", [("Profound Learning", "deep learning")]),
        ("Artificial intelligence is used widely.", []),
        ("The counterfeit, consciousness of it.", []),  # broken by punctuation: not the phrase
    ],
)
def test_tortured(tiny: Resources, text: str, expected: list[tuple[str, str]]) -> None:
    out, ev = run(TorturedPhrases(), text, tiny)
    assert [(text[e.start : e.end], e.suggestion) for e in ev] == expected
    assert (out.features["tortured.per_1k"] > 0) == bool(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A spokesman for the State Division declined to comment.", [("State Division", "State Department")]),
        ("The Protection Secretary flew to Brussels on Monday.", [("Protection Secretary", "Defense Secretary")]),
        (
            "He works at the Nationwide Security Council in town.",
            [("Nationwide Security Council", "National Security Council")],
        ),
        ("She studied laptop science for two years.", [("laptop science", "computer science")]),
        ("A spokesman for the State Department declined to comment.", []),
        ("The state division of the company was sold.", []),  # no swap back gives a known term
    ],
)
def test_names(tiny: Resources, text: str, expected: list[tuple[str, str]]) -> None:
    out, ev = run(NameSwaps(), text, tiny)
    assert [(text[e.start : e.end], e.suggestion) for e in ev] == expected
    assert out.features["names.any"] == float(bool(expected))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The war of the Nineteen Nineties left scars.", [("Nineteen Nineties", "1990s")]),
        ("Back in the nineteen-eighties it was cheap.", [("nineteen-eighties", "1980s")]),
        ("The law passed in Twenty Twenty-One after a vote.", [("Twenty Twenty-One", "2021")]),
        ("Cases of COVID-Nineteen rose again.", [("COVID-Nineteen", "COVID-19")]),
        ("The war of the 1990s left scars.", []),
        ("Nineteen people were hurt and twenty percent left.", []),
    ],
)
def test_numbers(tiny: Resources, text: str, expected: list[tuple[str, str]]) -> None:
    _, ev = run(NumberWords(), text, tiny)
    assert [(text[e.start : e.end], e.suggestion) for e in ev] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("An attack claimed by ISIS-Okay killed many.", [("ISIS-Okay", "ISIS-K")]),
        ("They fear Chinese language affect in the region.", [("Chinese language affect", None)]),
        ("She teaches Chinese language classes at night.", []),
        ("An ISIS-led attack and a NATO-style pact.", []),
        ("An attack claimed by ISIS-K killed many.", []),
    ],
)
def test_expansions(tiny: Resources, text: str, expected: list[tuple[str, str | None]]) -> None:
    _, ev = run(OddExpansions(), text, tiny)
    assert [(text[e.start : e.end], e.suggestion) for e in ev] == expected


@pytest.mark.parametrize(
    ("text", "stark", "rate_positive"),
    [
        ("They went dwelling after the game.", ["dwelling"], True),
        ("They went home after the game.", [], False),
        ("Water is safe.", [], False),
    ],
)
def test_rare_synonyms(tiny: Resources, text: str, stark: list[str], rate_positive: bool) -> None:
    out, ev = run(RareSynonyms(), text, tiny)
    assert spans(text, ev) == stark
    assert (out.features["rare_synonyms.rate"] > 0) == rate_positive
    if ev:
        assert ev[0].suggestion == "home"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The army made speedy gains in the north.", [("speedy gains", "rapid gains")]),
        ("The army made rapid gains in the north.", []),
        ("The party fears strong cooperation.", []),  # a seen pair is never flagged
    ],
)
def test_collocations(tiny: Resources, text: str, expected: list[tuple[str, str]]) -> None:
    _, ev = run(BrokenCollocations(), text, tiny)
    assert [(text[e.start : e.end], e.suggestion) for e in ev] == expected
