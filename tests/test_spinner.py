"""The article spinner (training/spinner.py) and the thesauri it reads (training/thesaurus.py).

Needs the Debian packages wordnet-base, mythes-en-us and libaiksaurus-1.2-data; skips with the reason when they
are missing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Literal

import pytest

from training.data import TorturedPhrase
from training.spinner import (
    _RULES,
    FUNCTION_WORDS,
    SpinConfig,
    Spinner,
    SpinResult,
    _inflect,
    decade_to_words,
    irregular_forms,
    spin_many,
)
from training.thesaurus import (
    AIKSAURUS_DIR,
    MYTHES_FILE,
    WORDNET_DIR,
    ThesaurusName,
    load_thesaurus,
    mythes_relations,
    wordnet_relations,
    wordnet_synsets,
)

pytestmark = pytest.mark.skipif(
    not (WORDNET_DIR / "data.noun").is_file(), reason="WordNet files missing: apt-get install wordnet-base"
)

PROSE = (
    "The committee reviewed the proposal carefully before the meeting. Several members raised serious "
    "concerns about the budget, and the chairman promised a detailed answer within two weeks. Local farmers "
    "complained that the new road would divide their fields and damage the river banks. Engineers replied that "
    "the design protects the water supply and improves safety for children walking to school.\n\n"
    "In the evening, the mayor visited three small villages, listened to angry residents and admitted that the "
    "plan needed changes. HOUSE prices in the region have risen sharply since the 1990s, while wages stayed flat."
)


def _spin(text: str, **changes: Any) -> SpinResult:
    return Spinner(replace(SpinConfig(), **changes)).spin(text)


def _synonyms(result: SpinResult) -> list[str]:
    return [r.original for r in result.replacements if r.kind == "synonym"]


# ------------------------------------------------------------------------------------------ spinner


def test_spin_is_deterministic_per_config_and_text() -> None:
    assert _spin(PROSE, rate=0.3) == _spin(PROSE, rate=0.3)
    assert _spin(PROSE, rate=0.3, seed=1) != _spin(PROSE, rate=0.3, seed=2)


@pytest.mark.parametrize("rate", [0.05, 0.2, 0.4])
def test_rate_is_the_share_of_eligible_words(rate: float) -> None:
    eligible = len(_synonyms(_spin(PROSE, rate=1.0)))
    assert eligible > 30
    # Probabilistic rounding: the count is the expected value rounded down or up.
    assert abs(len(_synonyms(_spin(PROSE, rate=rate))) - rate * eligible) < 1


@pytest.mark.parametrize("config", [SpinConfig(rate=1.0), SpinConfig(rate=1.0, pos_aware=True, seed=3)])
def test_spans_point_at_the_original_and_everything_else_is_kept(config: SpinConfig) -> None:
    result = Spinner(config).spin(PROSE)
    assert result.replacements
    rebuilt: list[str] = []
    cursor = 0
    for r in result.replacements:
        assert PROSE[r.start : r.end] == r.original
        assert r.replacement != r.original
        rebuilt += [PROSE[cursor : r.start], r.replacement]
        cursor = r.end
    # Rebuilding from the original text proves whitespace and punctuation outside the spans are untouched.
    assert "".join([*rebuilt, PROSE[cursor:]]) == result.text


def test_capitalisation_pattern_is_kept() -> None:
    result = _spin(PROSE, rate=1.0)
    for r in result.replacements:
        if r.kind != "synonym":
            continue
        if r.original.isupper():
            assert r.replacement.isupper(), r
        elif r.original[0].isupper():
            assert r.replacement[0].isupper(), r
        else:
            assert r.replacement == r.replacement.lower(), r
    assert any(r.original == "HOUSE" for r in result.replacements)


def test_function_words_are_never_touched() -> None:
    for config in (SpinConfig(rate=1.0), SpinConfig(rate=1.0, thesaurus="mythes", pos_aware=True)):
        result = Spinner(config).spin(PROSE)
        assert not [r for r in result.replacements if r.original.lower() in FUNCTION_WORDS]


@pytest.mark.parametrize("config", [SpinConfig(rate=1.0), SpinConfig(rate=1.0, pos_aware=True, thesaurus="mythes")])
def test_synonyms_are_not_mere_inflections(config: SpinConfig) -> None:
    result = Spinner(config).spin("The runners kept running and the walkers walked home.")
    assert len(result.replacements) >= 4
    for r in result.replacements:
        if " " not in r.replacement:  # multiword ones may contain the word ("Chinese language")
            assert not r.replacement.lower().startswith(r.original.lower()[:4]), r


def test_plural_is_reinflected() -> None:
    result = _spin("Builders finished the houses early.", rate=1.0, multiword=False)
    houses = [r for r in result.replacements if r.original == "houses"]
    assert houses and houses[0].replacement.endswith("s")


@pytest.mark.parametrize(
    ("phrase", "kind", "pos", "correct", "naive"),
    [
        ("get", "ed", "v", "got", "geted"),
        ("go", "ed", "v", "went", "goed"),
        ("begin", "ed", "v", "began", "begined"),
        ("stop", "ed", "v", "stopped", "stoped"),
        ("stop", "ing", "v", "stopping", "stoping"),
        ("child", "s", "n", "children", "childs"),
        ("have", "s", "v", "has", "haves"),
        ("walk", "ed", "v", "walked", "walked"),
        ("carry", "ed", "v", "carried", "carried"),
        ("bring up", "ed", "v", "brought up", "bringed up"),
        ("school child", "s", "n", "school children", "school childs"),
        ("house", "", "n", "house", "house"),
        ("go", "en", "v", "gone", "goed"),
        ("begin", "en", "v", "begun", "begined"),
        ("sing", "en", "v", "sung", "singed"),
        ("come", "en", "v", "come", "comed"),
        ("run", "en", "v", "run", "runed"),
        ("hold", "en", "v", "held", "holded"),
        ("walk", "en", "v", "walked", "walked"),
        ("bring up", "en", "v", "brought up", "bringed up"),
    ],
)
def test_inflection_styles(phrase: str, kind: str, pos: str, correct: str, naive: str) -> None:
    assert _inflect(phrase, kind, pos, irregular_forms()) == correct
    assert _inflect(phrase, kind, pos) == naive


_NAIVE_ONLY = {_RULES[kind](base) for (base, kind, _), form in irregular_forms().items() if _RULES[kind](base) != form}
_PAST_PROSE = (
    "She bought a car, drove home and found that her sister had left. They met, ate and talked until the "
    "children slept. He took the keys, made tea and wrote letters while prices stopped falling."
)


@pytest.mark.parametrize("thesaurus", ["wordnet", "aiksaurus"])
def test_correct_inflection_writes_no_suffix_rule_misforms(thesaurus: ThesaurusName) -> None:
    def misforms(inflection: Literal["correct", "naive"]) -> list[str]:
        config = SpinConfig(thesaurus=thesaurus, rate=1.0, multiword=False, inflection=inflection, seed=1)
        return [r.replacement for r in Spinner(config).spin(_PAST_PROSE).replacements if r.replacement in _NAIVE_ONLY]

    assert misforms("naive"), "the naive style should show at least one misform on this text"
    assert misforms("correct") == []


_PARTICIPLE_PROSE = (
    "The minister has gone home. The letters were written before the vote was taken, and the team had begun "
    "training after the coach had run the drills. Prices have risen, the bridge was built and the song was sung. "
    "Officials had seen the report and had given their answer; the goods were sold, the rules were broken."
)
_CUES = re.compile(r"\b(?:have|has|had|having|be|been|being|is|are|was|were|am)\s+$", re.IGNORECASE)


@pytest.mark.parametrize("thesaurus", ["wordnet", "mythes", "aiksaurus"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_participle_is_replaced_by_a_participle(thesaurus: ThesaurusName, seed: int) -> None:
    """Swaps after "has", "was" and the like write the participle ("has gone"), never a past ("has went")."""
    config = SpinConfig(thesaurus=thesaurus, rate=1.0, multiword=False, seed=seed)
    past_only = {form for (_, kind, _), form in irregular_forms().items() if kind == "ed"} - {
        form for (_, kind, _), form in irregular_forms().items() if kind == "en"
    }
    replacements = Spinner(config).spin(_PARTICIPLE_PROSE).replacements
    swaps = [r for r in replacements if _CUES.search(_PARTICIPLE_PROSE[: r.start])]
    assert len(swaps) >= 8
    assert [r.replacement for r in swaps if r.replacement.lower() in past_only] == []


@pytest.mark.parametrize(
    ("text", "word", "pos"),
    [
        ("We set the record straight.", "record", "n"),
        ("They want to record the match.", "record", "v"),
        ("She went for a run every morning.", "run", "n"),
        ("They will run the shop together.", "run", "v"),
    ],
)
def test_a_part_of_speech_aware_spinner_reads_the_word_before(text: str, word: str, pos: str) -> None:
    """The cue before a word is usually a function word ("the", "to"), which the spinner itself never swaps."""
    spinner = Spinner(SpinConfig(rate=1.0, multiword=False, pos_aware=True, seed=1))
    nouns = {syn for syn, p in spinner.synonyms(word) if p == "n"}
    verbs = {syn for syn, p in spinner.synonyms(word) if p == "v"}
    swap = next(r for r in spinner.spin(text).replacements if r.original == word)
    assert swap.replacement in (nouns - verbs if pos == "n" else verbs - nouns)


def test_multiword_switch() -> None:
    assert all(
        " " not in r.replacement for r in _spin(PROSE, rate=1.0, multiword=False).replacements if r.kind == "synonym"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prices rose in the 1990s.", "Nineteen Nineties"),
        ("Music of the 1980s was loud.", "Nineteen Eighties"),
        ("It grew during the 2000s.", "Two Thousands"),
        ("Songs from the '70s came back.", "Seventies"),
    ],
)
def test_decades_become_words(text: str, expected: str) -> None:
    assert expected in _spin(text, rate=0.0).text
    assert _spin(text, rate=0.0, number_words=False).text == text


def test_numbers_that_are_not_counts_stay_digits() -> None:
    text = "It costs $20, weighs 3.5 kg, rose 20% by 10:30 and 1,000 people saw it, but 20 came back."
    result = _spin(text, rate=1.0)
    numbers = [(r.original, r.replacement) for r in result.replacements if r.kind == "number"]
    assert numbers == [("20", "twenty")]
    assert decade_to_words(19, 0) == "Nineteen Hundreds"


NAME_TEXT = "Officials at the State Department met reporters on Friday."


def test_words_inside_names_are_swapped_only_when_enabled() -> None:
    inside = [r.original for r in _spin(NAME_TEXT, rate=1.0).replacements]
    assert {"State", "Department"} & set(inside)
    outside = [r.original for r in _spin(NAME_TEXT, rate=1.0, inside_names=False).replacements]
    assert not {"State", "Department", "Friday"} & set(outside)
    assert "Officials" in outside  # a capitalised word that only opens the sentence is an ordinary word


TORTURED = [
    TorturedPhrase("colossal information", "big data", 50),
    TorturedPhrase("huge information", "big data", 5),
    TorturedPhrase("plus moreover", "and", 1000),  # function words only: must be ignored
]


def test_tortured_phrases_are_injected() -> None:
    text = "Big data helps, and big data scares. Bigdata is one word."
    result = Spinner(SpinConfig(rate=0.0, tortured=1.0, number_words=False), TORTURED).spin(text)
    assert result.text == "Colossal information helps, and colossal information scares. Bigdata is one word."
    assert {r.kind for r in result.replacements} == {"tortured"}
    assert Spinner(SpinConfig(rate=0.0, tortured=0.0), TORTURED).spin(text).text == text


def test_spin_many_pairs_texts_with_configs() -> None:
    texts = [NAME_TEXT, PROSE]
    one = spin_many(texts, SpinConfig(rate=0.5))
    assert [r.text for r in one] == [_spin(t, rate=0.5).text for t in texts]
    two = spin_many(texts, [SpinConfig(rate=0.0, number_words=False), SpinConfig(rate=0.5)])
    assert two[0].text == NAME_TEXT and two[1] == one[1]
    with pytest.raises(ValueError):
        spin_many(texts, [SpinConfig()])


# ------------------------------------------------------------------------------------------ thesauri


def test_wordnet_thesaurus_orders_by_sense_frequency() -> None:
    wordnet = load_thesaurus("wordnet")
    home = wordnet["home"]["n"]
    assert home[:2] == ["place", "dwelling"] and "home" not in home
    assert "section" in wordnet["department"]["n"]
    assert all(w == w.lower() for syns in wordnet["state"].values() for w in syns)
    synsets = wordnet_synsets()
    assert {pos for pos, _ in synsets} == {"n", "v", "a", "r"}
    assert not any(re.search(r"\((?:a|p|ip)\)|_", lemma) for _, lemmas in synsets for lemma in lemmas)


@pytest.mark.skipif(not MYTHES_FILE.is_file(), reason="MyThes missing: apt-get install mythes-en-us")
def test_mythes_drops_annotated_entries() -> None:
    mythes = load_thesaurus("mythes")
    assert "dwelling" in mythes["home"]["n"]
    assert not any("(" in w for syns in mythes["security"].values() for w in syns)
    assert "safety" not in mythes["security"]["n"]  # listed only as "(generic term)"


def test_unknown_thesaurus_is_an_error() -> None:
    with pytest.raises(ValueError):
        load_thesaurus("roget")  # type: ignore[arg-type]


@pytest.mark.skipif(not (AIKSAURUS_DIR / "words.dat").is_file(), reason="apt-get install libaiksaurus-1.2-data")
def test_aiksaurus_reads_the_binary_files_with_headwords_first() -> None:
    aik = load_thesaurus("aiksaurus")
    assert len(aik) > 20_000
    # No parts of speech in Aiksaurus: one list filed under all four, so inflection rules decide.
    entry = aik["artificial"]
    assert entry["n"] is entry["v"] is entry["a"] is entry["r"]
    assert "counterfeit" in entry["n"]  # the thesaurus behind "counterfeit consciousness"
    assert "consciousness" in aik["intelligence"]["n"]
    assert all(w == w.lower() and ":" not in w for w in aik["house"]["n"])
    assert "artificial" not in entry["n"]


@pytest.mark.skipif(not (AIKSAURUS_DIR / "words.dat").is_file(), reason="apt-get install libaiksaurus-1.2-data")
@pytest.mark.parametrize("pos_aware", [False, True])
def test_aiksaurus_spinner_swaps_content_words_only(pos_aware: bool) -> None:
    result = Spinner(SpinConfig(thesaurus="aiksaurus", rate=0.5, pos_aware=pos_aware, seed=1)).spin(PROSE)
    assert len(result.replacements) >= 10
    assert not [r for r in result.replacements if r.original.lower() in FUNCTION_WORDS]
    assert result.text != PROSE


@pytest.mark.skipif(not (WORDNET_DIR / "data.noun").is_file(), reason="apt-get install wordnet-base")
@pytest.mark.skipif(not MYTHES_FILE.is_file(), reason="apt-get install mythes-en-us")
@pytest.mark.parametrize(
    ("table", "word", "other", "how"),
    [
        ("wordnet", "department", "division", "broader"),  # a hypernym: the spinner wrote a broader word
        ("wordnet", "street", "avenue", "narrower"),
        ("wordnet", "international", "worldwide", "similar"),
        ("wordnet", "nation", "country", "synonym"),
        ("mythes", "associated", "related", "similar"),
        ("mythes", "security", "safety", "broader"),
        ("mythes", "big", "small", None),  # antonyms are no relation a spinner uses
    ],
)
def test_relation_tables_name_how_two_words_relate(table: str, word: str, other: str, how: str | None) -> None:
    relations = wordnet_relations() if table == "wordnet" else mythes_relations()
    assert relations[word].get(other) == how


@pytest.mark.skipif(not (WORDNET_DIR / "data.noun").is_file(), reason="apt-get install wordnet-base")
@pytest.mark.skipif(not MYTHES_FILE.is_file(), reason="apt-get install mythes-en-us")
def test_related_links_map_spun_words_to_term_words_with_the_plural_kept() -> None:
    from training.build_resources import related_links, word_frequencies

    links = related_links(["nations", "department", "the"], word_frequencies())
    assert ["nations", "synonym"] in links["countries"]  # "nations" is plural, so its relations are too
    assert ["department", "broader"] in links["division"]
    assert "country" not in links
    assert all(orig != "the" for entries in links.values() for orig, _ in entries)  # function words stay out


def test_training_draws_both_inflection_styles_from_each_configs_seed() -> None:
    import random

    from training.train import NAIVE_INFLECTION_SHARE, spin_configs

    rng = random.Random(8)
    configs = [spin_configs(rng, "news") for _ in range(400)]
    naive = sum(c.inflection == "naive" for c in configs) / len(configs)
    assert abs(naive - NAIVE_INFLECTION_SHARE) < 0.07
    for c in configs:
        assert (c.inflection == "naive") == (random.Random(c.seed).random() < NAIVE_INFLECTION_SHARE)
