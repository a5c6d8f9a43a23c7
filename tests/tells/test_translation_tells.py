"""Table-driven tests of the translation and provenance tells, on sentences written for these tests."""

from __future__ import annotations

import pytest

from artifactdet.resources import Resources
from artifactdet.tells.casing import CasingAnomalies
from artifactdet.tells.fragments import Fragments
from artifactdet.tells.glued import GluedWords
from artifactdet.tells.profile import StyleProfile
from artifactdet.tells.provenance import ProvenanceMarkers
from artifactdet.tells.quotes import UnbalancedQuotes
from artifactdet.tells.repeats import Repeats
from artifactdet.tells.translit import Transliteration
from tests.tells._util import run, spans


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ('He said "we will talk" and left.', 0),
        ("He said \u201cwe will talk and left.", 1),
        ('Officials met. "They will talk, said the minister.\n\nA new paragraph "with" pairs.', 1),
        ("He said \u201dwe will talk\u201d and left.", 1),  # two closing marks: mismatched direction
        ("No quotes here at all.", 0),
        ('He said "we will talk\u201d and left.', 0),  # straight opening, curly closing: mixed, balanced
        ('"The first paragraph of a long quote.\n"The second one ends it."', 0),  # quote over paragraphs
        ('"The quote is never closed.\nThe next line is narration.', 1),
    ],
)
def test_quotes(tiny: Resources, text: str, n: int) -> None:
    out, ev = run(UnbalancedQuotes(), text, tiny)
    assert len(ev) == n
    assert (out.features["quotes.unbalanced_per_1k"] > 0) == (n > 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The painter built a lofty lofty tower by the river.", [("lofty lofty", "lofty")]),
        ("The market fell. Fell walkers came later.", []),  # a sentence end between them
        ("Prices rose. Rose rose to the stage and spoke.", []),  # a name, then the verb
        ("The Council Council met on Monday.", []),  # both capitalised: a name written twice on purpose
        ("They flew to Bora Bora for the holiday.", []),
        ("The minister Minister said the budget was fixed.", []),  # a capital: a title, not a copied word
        ("He said that that plan had had problems.", []),  # function words doubled by grammar
        ("The crowd shouted bye bye and knock knock all evening.", []),  # reduplication on purpose
        ("She said no no and we go go go.", []),  # words shorter than three letters
        ("Well, well, the report was ready.", []),  # a comma between them
        (
            "The report report and the the summary summary were late.",
            [("report report", "report"), ("summary summary", "summary")],
        ),
        ("Experts from the 2020 2020 survey agreed.", []),  # numbers are not words here
        ("The committee met and the committee agreed.", []),  # repeated, but not adjacent
    ],
)
def test_repeats(tiny: Resources, text: str, expected: list[tuple[str, str]]) -> None:
    out, ev = run(Repeats(), text, tiny)
    assert [(text[e.start : e.end], e.suggestion) for e in ev] == expected
    assert all(e.kind == "translation" and "twice" in e.reason for e in ev)
    assert (out.features["repeats.doubled_per_1k"] > 0) == bool(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Taliban met. Washington wants the Talibanto talk with officials.", [("Talibanto", "Taliban to")]),
        ("Washington bought a SecureDigital card.", []),  # an unknown compound whose parts the text never uses
        ("Washington wants the Taliban to talk with officials.", []),
        ("Qureshivitz visited Washington.", []),  # an unknown name that splits into no two words
    ],
)
def test_glued(tiny: Resources, text: str, expected: list[tuple[str, str]]) -> None:
    _, ev = run(GluedWords(), text, tiny)
    assert [(text[e.start : e.end], e.suggestion) for e in ev] == expected


@pytest.mark.parametrize(
    ("text", "expected", "split"),
    [
        (
            "They sought cooperation in the relationship. bilateral. Talks went on. Both sides agreed to meet.",
            ["bilateral."],
            True,
        ),
        ("The talks went well. Be. Officials said more.", ["Be."], False),
        ("The talks went well. Officials said more.", [], False),
        ("Headline Without Stop\nThe talks went well.", [], False),
        ("Dr. Smith met officials. They said more.", [], False),
        ("They fired a 60 mm. mortar and more shells at the base. Nobody was hurt.", [], False),
        ("great product. works well. i love it. buy it.", ["great product.", "buy it."], False),
    ],
)
def test_fragments(tiny: Resources, text: str, expected: list[str], split: bool) -> None:
    out, ev = run(Fragments(), text, tiny)
    assert spans(text, ev) == expected
    assert out.features["fragments.any_split"] == float(split)


@pytest.mark.parametrize(
    ("text", "tells"),
    [
        ("He said that the plan will work and They will not agree to it, they said.", ["They"]),
        ("Officials in Islamabad met. Later islamabad said no.", ["islamabad"]),
        ("Officials in Islamabad met. They said no.", []),
    ],
)
def test_casing(tiny: Resources, text: str, tells: list[str]) -> None:
    _, ev = run(CasingAnomalies(), text, tiny)
    assert spans(text, ev) == tells


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jobidan has spoken. President Biden visited Kabul.", [("Jobidan", "Jo Biden")]),
        ("Minister Qureshov met Qureshev in Kabul on Friday.", [("Qureshev", "Qureshov")]),
        ("President Biden visited Kabul with Blinken.", []),
    ],
)
def test_translit(tiny: Resources, text: str, expected: list[tuple[str, str]]) -> None:
    _, ev = run(Transliteration(), text, tiny)
    assert [(text[e.start : e.end], e.suggestion) for e in ev] == expected


def test_profile_features_are_rates(tiny: Resources) -> None:
    text = "The minister said that the talks will go on. They will meet in the capital, and more talks follow."
    out, ev = run(StyleProfile(), text, tiny)
    assert ev == []
    assert out.features["profile.fw.the"] == pytest.approx(3 / 19)
    assert out.features["profile.sentence_len_mean"] == pytest.approx(9.5)
    assert 0.0 < out.features["profile.mattr"] <= 1.0


@pytest.mark.parametrize(
    ("text", "tells"),
    [
        ("[ad_1]\nThe minister spoke.\n[ad_2]\nSource link", ["scraper_marker", "scraper_marker", "scraper_marker"]),
        ('<html lang="de"><body><div class="goog-te-banner">x</div></body></html>', ["mt_markup", "mt_markup"]),
        ("The minister spoke about the source link between the two events.", []),
        ("This article was automatically translated from German.", ["mt_markup"]),
    ],
)
def test_provenance(tiny: Resources, text: str, tells: list[str]) -> None:
    _, ev = run(ProvenanceMarkers(), text, tiny)
    assert sorted(e.tell for e in ev) == sorted(tells)
