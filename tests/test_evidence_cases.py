"""The hand-written evidence cases are well formed: each spun sentence differs from its plain one only at the spin."""

from __future__ import annotations

import pytest

from artifactdet.resources import Resources
from training.evaluate_evidence import NO_LINK, Outcome, diagnose, miss_cause
from training.evidence_cases import CASES, FOURTH_CASES, FRESH_CASES, THIRD_CASES, Case

ALL = (*CASES, *FRESH_CASES, *THIRD_CASES, *FOURTH_CASES)


def test_ids_are_unique_across_the_sets() -> None:
    assert len({c.id for c in ALL}) == len(ALL)


@pytest.mark.parametrize("case", ALL, ids=lambda c: c.id)
def test_the_spin_replaces_the_original_once(case: Case) -> None:
    assert case.plain.count(case.original) >= 1
    assert case.spin != case.original
    start, end = case.span
    assert case.spun[start:end] == case.spin
    assert case.spun[:start] == case.plain[:start]
    assert case.spun[end:] == case.plain[start + len(case.original) :]


def test_a_later_set_repeats_no_sentence_of_an_earlier_one() -> None:
    earlier = {c.plain for c in (*CASES, *FRESH_CASES)}
    assert not [c.id for c in THIRD_CASES if c.plain in earlier]
    assert not [c.id for c in FOURTH_CASES if c.plain in earlier | {x.plain for x in THIRD_CASES}]
    assert not [c.id for c in FRESH_CASES if c.plain in {x.plain for x in CASES}]


@pytest.mark.parametrize(
    ("spun", "spin", "original", "no_link"),
    [
        # no reverse-thesaurus link, but a neighbour link in the names tell's relations: linked, filtered out
        ("High blood stress runs in families.", "blood stress", "blood pressure", False),
        ("High blood widget runs in families.", "blood widget", "blood pressure", True),
        ("They studied laptop science.", "laptop science", "computer science", False),  # a thesaurus link
    ],
)
def test_a_miss_is_blamed_on_a_missing_link_only_when_no_relation_links_the_words(
    tiny: Resources, spun: str, spin: str, original: str, no_link: bool
) -> None:
    start = spun.index(spin)
    plain = spun.replace(spin, original)
    o = Outcome("t", "term", plain, spun, (start, start + len(spin)), original, frozenset({original}))
    assert (miss_cause(o, tiny) == NO_LINK) == no_link
    facts = diagnose(spin, original, tiny)
    assert any("relations link 'stress' -> 'pressure' (neighbour)" in f for f in facts) == ("stress" in spin)
