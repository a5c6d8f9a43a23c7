"""Table-driven tests of the spinning tells, on sentences written for these tests."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from artifactdet.analysis import analyse
from artifactdet.pairs import AttestedPairs, pair_hash
from artifactdet.resources import Resources
from artifactdet.tells import FEATURE_NAMES, SHOWN_WHERE_DENSE, SHOWN_WHERE_UNATTESTED, run_tells
from artifactdet.tells.articles import ArticleAgreement, Sound, sound_of
from artifactdet.tells.collocations import BrokenCollocations
from artifactdet.tells.context import ContextFit
from artifactdet.tells.expansions import OddExpansions
from artifactdet.tells.fluency import PairFluency
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
        ("It now runs on profound learning", [("profound learning", "deep learning")]),  # the run's last words
        (
            "A profound learning counterfeit consciousness system.",  # two phrases back to back in one run
            [("profound learning", "deep learning"), ("counterfeit consciousness", "artificial intelligence")],
        ),
        ("A profound profound learning rig.", [("profound learning", "deep learning")]),  # opens at the 2nd word
        ("Profound thoughts, learning counterfeit money.", []),  # each phrase's words, never in one run
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
        # swaps back along any thesaurus relation of a term's word (Resources.related)
        ("Traders on Wall Avenue sold early.", [("Wall Avenue", "Wall Street")]),  # a narrower word
        ("The United Countries met in Geneva.", [("United Countries", "United Nations")]),  # plural kept
        ("The Premier Association resumes in August.", []),  # the restored name is too rare (support 4)
        ("A World Fund loan was approved.", []),  # "world fund" is attested often enough: no swap
        ("Our method scales to larger data sets.", []),  # lower case: only synonyms, not similar words
        # a neighbour (same contexts, no thesaurus link) restores lower-case terms only: a name's words have
        # neighbours that make other names
        ("High blood stress runs in families.", [("blood stress", "blood pressure")]),
        ("The Purple Cross sent aid.", []),
        ("High blood gizmo runs in families.", []),  # the word is no ordinary vocabulary
    ],
)
def test_names(tiny: Resources, text: str, expected: list[tuple[str, str]]) -> None:
    out, ev = run(NameSwaps(), text, tiny)
    assert [(text[e.start : e.end], e.suggestion) for e in ev] == expected
    assert out.features["names.any"] == float(any(e.counted for e in ev))


def test_a_neighbours_swap_back_is_shown_but_not_counted(tiny: Resources) -> None:
    text = "High blood stress runs in families."
    out, ev = run(NameSwaps(), text, tiny)
    assert [(e.suggestion, e.counted) for e in ev] == [("blood pressure", False)]
    assert set(out.features.values()) == {0.0}
    extraction = run_tells(analyse(text), tiny)
    assert [e.suggestion for e in extraction.evidence if e.tell == "names"] == ["blood pressure"]
    aggregates = dict(zip(FEATURE_NAMES, extraction.features, strict=True))
    others = {e.tell for e in extraction.evidence if e.kind == "spin" and e.tell != "names"}
    assert aggregates["evidence.spin_tells"] == float(len(others))
    # a thesaurus's swap back is counted as before
    out, ev = run(NameSwaps(), "A spokesman for the State Division declined to comment.", tiny)
    assert [e.counted for e in ev] == [True] and out.features["names.any"] == 1.0


def test_a_name_restored_along_a_looser_relation_says_which(tiny: Resources) -> None:
    _, ev = run(NameSwaps(), "Traders on Wall Avenue sold early.", tiny)
    assert "'avenue' (a narrower word for 'street' in a thesaurus)" in ev[0].reason
    _, ev = run(NameSwaps(), "High blood stress runs in families.", tiny)
    assert "'stress' (a word English uses in the same contexts as 'pressure')" in ev[0].reason


@pytest.mark.parametrize(
    ("text", "attested", "expected"),
    [
        ("High blood stress runs in families.", [], ["blood stress"]),
        # a pair the language model holds is English: its neighbour swap back is not a restoration
        ("High blood stress runs in families.", ["blood stress"], []),
        # thesaurus links are not held to that: the pair check applies to neighbours only
        ("A spokesman for the State Division declined to comment.", ["state division"], ["State Division"]),
    ],
)
def test_a_neighbour_restores_only_a_pair_no_one_writes(
    tiny: Resources, text: str, attested: list[str], expected: list[str]
) -> None:
    _, ev = run(NameSwaps(), text, _with_attested(tiny, attested))
    assert spans(text, ev) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The war of the Nineteen Nineties left scars.", [("Nineteen Nineties", "1990s")]),
        ("Back in the nineteen-eighties it was cheap.", [("nineteen-eighties", "1980s")]),
        ("The law passed in Twenty Twenty-One after a vote.", [("Twenty Twenty-One", "2021")]),
        ("Cases of COVID-Nineteen rose again.", [("COVID-Nineteen", "COVID-19")]),
        ("Cases of Covid-Nineteen rose again.", [("Covid-Nineteen", "Covid-19")]),
        ("Finance ministers of the G-Twenty met in Rome.", [("G-Twenty", "G-20")]),
        ("The airline grounded its Boeing Seven Hundred Forty-Seven fleet.", [("Seven Hundred Forty-Seven", "747")]),
        # English, not code names: a capitalised word before "one", a number word before a number word, round
        # hundreds in a title, an amount with "and", a lower-case number after a capitalised word.
        ("No-one came, though she had a Plus-one.", []),
        ("He turned Thirty-Nine that spring.", []),
        ("She reread One Hundred Years of Solitude.", []),
        ("The Bill Cost Two Hundred and Fifty Pounds.", []),
        ("Stage-two trials of the Covid-nineteen vaccine began.", []),
        ("The firm grew quickly in the Two Thousands.", [("Two Thousands", "2000s")]),
        ("Cities grew in the Nineteen Hundreds.", [("Nineteen Hundreds", "1900s")]),
        ("Railways spread in the Eighteen Nineties.", [("Eighteen Nineties", "1890s")]),
        ("Born in the Seventeen-Sixties, he lived long.", [("Seventeen-Sixties", "1760s")]),
        # Other centuries, "hundreds" and "thousands" only in a spinner's Title Case: people say these too.
        ("Railways spread in the eighteen-nineties.", []),
        ("Trade grew in the eighteen hundreds.", []),
        ("He sold two thousands of them.", []),
        ("The war of the 1990s left scars.", []),
        ("Nineteen people were hurt and twenty percent left.", []),
        # A bare unit after the century is a number, not a year: flagged with no original (not shown, see
        # test_numbers_not_years_are_counted_not_shown); a year's single digit takes its "oh".
        ("Twenty-two people were hurt and she was twenty-five.", [("Twenty-two", None), ("twenty-five", None)]),
        ("The bridge opened in twenty oh-two.", [("twenty oh-two", "2002")]),
        ("A Catch-Twenty-Two situation.", [("Twenty-Two", None), ("Catch-Twenty-Two", "Catch-22")]),
    ],
)
def test_numbers(tiny: Resources, text: str, expected: list[tuple[str, str | None]]) -> None:
    _, ev = run(NumberWords(), text, tiny)
    assert [(text[e.start : e.end], e.suggestion) for e in ev] == expected


def test_decades_only_spinners_spell_out_are_shown_not_counted(tiny: Resources) -> None:
    text = "The firm grew in the Two Thousands and the Eighteen Nineties."
    out, ev = run(NumberWords(), text, tiny)
    assert [e.suggestion for e in ev] == ["2000s", "1890s"]
    assert not any(e.counted for e in ev)
    assert out.features["numbers.decade_words_per_1k"] == 0.0


def test_numbers_not_years_are_counted_not_shown(tiny: Resources) -> None:
    text = "Twenty-two people were hurt in nineteen eighty-four."
    doc = analyse(text)
    out, _ = run(NumberWords(), text, tiny)
    assert out.features["numbers.year_words_per_1k"] == pytest.approx(2000 / doc.n_words)
    shown = [(text[e.start : e.end], e.suggestion) for e in run_tells(doc, tiny).evidence if e.tell == "numbers"]
    assert shown == [("nineteen eighty-four", "1984")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("An attack claimed by ISIS-Okay killed many.", [("ISIS-Okay", "ISIS-K")]),
        # "language" dropped, and the next word swapped back when that pair is unheard of and one swap gives a
        # pair original English writes
        ("They fear Chinese language affect in the region.", [("Chinese language affect", "Chinese influence")]),
        ("Russian language forces moved in.", [("Russian language forces", "Russian forces")]),
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "strong cooperation" is a seen pair of common words; "foreign cooperation" is not
        ("Strong cooperation.", {"unseen_common": 0.0, "low_common": 0.0, "unseen": 0.0}),
        ("Foreign cooperation.", {"unseen_common": 1.0, "low_common": 1.0, "unseen": 1.0}),
        # "the strong" is an unseen pair of common words, "strong cooperation" a seen one (3 times: not low)
        ("The strong cooperation.", {"unseen_common": 0.5, "low_common": 0.5, "unseen": 0.5}),
        # a pair with a rare word ("bilateral" is common enough; "zyx" is unknown) counts only as unseen
        ("Strong zyx.", {"unseen_common": 0.0, "low_common": 0.0, "unseen": 1.0}),
        # names are skipped: a capital that does not start a sentence
        ("They met Joe Biden.", {"unseen_common": 1.0, "low_common": 1.0, "unseen": 1.0}),
        # punctuation breaks a run: no pair across the comma
        ("Strong, cooperation.", {"unseen_common": 0.0, "low_common": 0.0, "unseen": 0.0}),
    ],
)
def test_pair_fluency(tiny: Resources, text: str, expected: dict[str, float]) -> None:
    out, ev = run(PairFluency(), text, tiny)
    assert ev == []  # a profile: no spans
    f = out.features
    assert f["fluency.unseen_common_pair_rate"] == pytest.approx(expected["unseen_common"])
    assert f["fluency.low_common_pair_rate"] == pytest.approx(expected["low_common"])
    assert f["fluency.unseen_pair_rate"] == pytest.approx(expected["unseen"])


def test_pair_fluency_mean_log_count_rises_with_seen_pairs(tiny: Resources) -> None:
    seen, _ = run(PairFluency(), "They went home.", tiny)
    unseen, _ = run(PairFluency(), "They went house.", tiny)
    assert seen.features["fluency.mean_log_pair_count"] > unseen.features["fluency.mean_log_pair_count"]


def _with_bigrams(res: Resources, bigrams: dict[str, int]) -> Resources:
    return replace(res, bigrams={**res.bigrams, **bigrams})


@pytest.mark.parametrize(
    ("text", "bigrams", "rate", "expected"),
    [
        # "dwelling" can stand for home; "went home" is attested 40 times: a misfit, too mild for evidence
        ("They went dwelling.", {}, 1.0, []),
        # a hundred times more usual in context: shown, with the original
        ("They went dwelling.", {"went home": 400}, 1.0, [("dwelling", "home")]),
        ("They went home.", {}, 0.0, []),  # no thesaurus original for "home": nothing to compare
        # attested too rarely to count (MIN_SUPPORT): "speedy gains" vs "rapid gains" (8)
        ("The army made speedy gains.", {}, 0.0, []),
        # plural forms are matched through the lemma: "dwellings" -> "homes"
        ("They built dwellings there.", {"built homes": 500}, 1.0, [("dwellings", "homes")]),
        # names are left alone
        ("They met Dwelling there.", {"met home": 500}, 0.0, []),
    ],
)
def test_context_fit(
    tiny: Resources, text: str, bigrams: dict[str, int], rate: float, expected: list[tuple[str, str]]
) -> None:
    out, ev = run(ContextFit(), text, _with_bigrams(tiny, bigrams))
    assert out.features["context.misfit_rate"] == pytest.approx(rate)
    assert [(text[e.start : e.end], e.suggestion) for e in ev] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the article suits "huge" or "big"; "a huge" and "huge rise" are the commoner pairs
        ("Sales saw a enormous rise this year.", [("enormous", "huge")]),
        ("A enormous rally followed.", [("enormous", "huge")]),  # the article opening a sentence
        ("They bought an big house.", [("big", None)]),  # no thesaurus original: the span, no suggestion
        ("It was a old house by a urban area.", [("old", None)]),  # "u" reads either way: not judged
        ("An honest man waited an hour.", []),  # silent h
        ("He left a university with an umbrella.", []),  # "you-" and "uh-" sounds of "u"
        ("It was a one-off.", []),
        ("They sent an SMS and an sms about a Enormous plan.", []),  # acronyms and names are not judged
        ("Plan A enormous rise.", []),  # a capital "A" inside a sentence is a letter, not the article
        ("Pick (a) and (b), or a and b.", []),  # the letter before a function word
        ("Sales saw a enormous, rise.", [("enormous", "huge")]),  # the word after the article is enough
        ("Sales saw a; enormous rise.", []),  # punctuation between them: not article and word
        ("Sales saw a zorbulous rise.", []),  # an unknown word: no spelling rule is trusted
    ],
)
def test_articles(tiny: Resources, text: str, expected: list[tuple[str, str | None]]) -> None:
    out, ev = run(ArticleAgreement(), text, tiny)
    assert [(text[e.start : e.end], e.suggestion) for e in ev] == expected
    assert (out.features["articles.mismatch_per_1k"] > 0) == bool(expected)


def test_articles_share_counts_only_judged_articles(tiny: Resources) -> None:
    # "an hour" is judged and fits; "a urban" is not judged; "a enormous" misfits: 1 of 2.
    out, ev = run(ArticleAgreement(), "We waited an hour in a urban area for a enormous rise.", tiny)
    assert out.features["articles.mismatch_share"] == 0.5
    assert "written for a word starting with a consonant sound" in ev[0].reason
    assert "'huge' fits the article" in ev[0].reason


@pytest.mark.parametrize(
    ("word", "sound"),
    [
        ("apple", Sound.VOWEL),
        ("hour", Sound.VOWEL),
        ("honourable", Sound.VOWEL),
        ("house", Sound.EITHER),
        ("european", Sound.CONSONANT),
        ("once", Sound.CONSONANT),
        ("onerous", Sound.VOWEL),
        ("unusual", Sound.VOWEL),
        ("unique", Sound.EITHER),
        ("year", Sound.CONSONANT),
        ("big", Sound.CONSONANT),
    ],
)
def test_sound_of(word: str, sound: Sound) -> None:
    assert sound_of(word) is sound


def _with_attested(res: Resources, pairs: list[str]) -> Resources:
    table = np.array(sorted({pair_hash(p) for p in pairs}), dtype=np.uint32)
    return replace(res, attested=AttestedPairs(table))


@pytest.mark.parametrize(
    ("tell", "text", "bigrams", "attested", "expected"),
    [
        # a flagged pair the language model holds is not shown, though the pair counts lack it
        ("collocations", "The army made speedy gains.", {}, [], ["speedy gains"]),
        ("collocations", "The army made speedy gains.", {}, ["speedy gains"], []),
        # a flagged word seen beside both neighbours is not shown
        ("context", "They went dwelling there.", {"went home": 400}, [], ["dwelling"]),
        ("context", "They went dwelling there.", {"went home": 400}, ["went dwelling", "dwelling there"], []),
        # one side seen is not enough: the other pair is still unheard of
        ("context", "They went dwelling there.", {"went home": 400}, ["went dwelling"], ["dwelling"]),
        # at the end of a run the one neighbour there is decides
        ("context", "They went dwelling.", {"went home": 400}, ["went dwelling"], []),
        ("rare_synonyms", "They went dwelling after the game.", {}, [], ["dwelling"]),
        ("rare_synonyms", "They went dwelling after the game.", {}, ["went dwelling", "dwelling after"], []),
        ("rare_synonyms", "They went dwelling after the game.", {}, ["dwelling after"], ["dwelling"]),
        # a word alone in its run has no pair to be seen in: still shown
        ("rare_synonyms", "Dwelling, after all.", {}, ["dwelling after"], ["Dwelling"]),
        # other tells are shown whatever the pairs: a known tortured phrase stays
        (
            "tortured",
            "We trained a counterfeit consciousness model.",
            {},
            ["counterfeit consciousness"],
            ["counterfeit consciousness"],
        ),
    ],
)
def test_attested_pairs_decide_which_spinning_evidence_is_shown(
    tiny: Resources, tell: str, text: str, bigrams: dict[str, int], attested: list[str], expected: list[str]
) -> None:
    res = _with_attested(_with_bigrams(tiny, bigrams), attested)
    doc = analyse(text)
    assert spans(text, [e for e in run_tells(doc, res).evidence if e.tell == tell]) == expected


_QUIET = "The city was quiet that night. " * 25  # 150 words no tell flags
_ODD = "Dwelling, after all. "  # "dwelling" for home, alone in its run: one rare_synonyms flag and nothing else


@pytest.mark.parametrize(
    ("text", "flags_shown"),
    [
        (_ODD, 1),  # a short text shows every flag
        (_ODD + _QUIET, 0),  # the only spinning evidence, 1 in 153 words: 6.5 per 1,000, under 10, not shown
        (_ODD * 3 + _QUIET, 3),  # 3 in 159 words: 18.9 per 1,000, shown
        (_QUIET + _ODD + _ODD, 2),  # 2 in 156 words: 12.8 per 1,000, shown wherever they stand
        # a swapped name beside it makes the document's spinning evidence 2 in 159 words: shown
        (_ODD + "Officials of the State Division met. " + _QUIET, 1),
    ],
)
def test_sparse_weak_flags_in_a_long_text_are_not_shown(tiny: Resources, text: str, flags_shown: int) -> None:
    doc = analyse(text)
    out = run_tells(doc, tiny)
    assert sum(e.tell in SHOWN_WHERE_DENSE for e in out.evidence) == flags_shown
    assert out.features[FEATURE_NAMES.index("rare_synonyms.rate")] > 0  # the features count every flag


def test_attested_pairs_leave_the_features_alone(tiny: Resources) -> None:
    text = "They went dwelling after the game. The army made speedy gains."
    plain = run_tells(analyse(text), tiny)
    vouched = run_tells(analyse(text), _with_attested(tiny, ["went dwelling", "dwelling after", "speedy gains"]))
    assert {e.tell for e in plain.evidence} >= {"rare_synonyms", "collocations"}
    assert not {e.tell for e in vouched.evidence} & SHOWN_WHERE_UNATTESTED
    assert np.array_equal(plain.features, vouched.features)
