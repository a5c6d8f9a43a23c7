"""Loaders of the research corpora (training/data.py).

Tests that need the shared data folder skip when it is absent; the tortured-phrase parser and the folder walk
run on small files written here.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from training.data import (
    LABELS,
    LOADERS,
    ORIGINAL,
    TRANSLATED,
    Sample,
    TorturedPhrase,
    default_data_dir,
    load_all,
    load_source,
    load_tortured_phrases,
    summarize,
)

DATA = default_data_dir()
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"shared data folder {DATA} not found (ARTIFACTDET_SHARED)")

EXPECTED_LABELS = {
    "wmt22-general": {ORIGINAL, TRANSLATED},
    "wmt19-ntrex-en-source": {ORIGINAL},
    "wmt20-mlqe": {ORIGINAL, TRANSLATED},
    "protaugment-roundtrip": {ORIGINAL, TRANSLATED},
    "brown-corpus": {ORIGINAL},
    "amazon-reviews-mdsd": {ORIGINAL},
    "pubmed-abstracts-bc5cdr-chr": {ORIGINAL},
}


@pytest.fixture(scope="module")
def samples() -> list[Sample]:
    if not DATA.is_dir():
        pytest.skip(f"shared data folder {DATA} not found")
    return load_all()


def _by(samples: list[Sample], source: str) -> list[Sample]:
    return [s for s in samples if s.source == source]


# ------------------------------------------------------------------------------------------ whole corpus


@needs_data
def test_every_registered_source_loads_with_its_labels(samples: list[Sample]) -> None:
    assert set(EXPECTED_LABELS) == set(LOADERS)
    for source, labels in EXPECTED_LABELS.items():
        found = {s.label for s in _by(samples, source)}
        assert found == labels, source


@needs_data
def test_samples_are_within_bounds_and_normalised(samples: list[Sample]) -> None:
    assert len({s.id for s in samples}) == len(samples)
    for s in samples:
        assert s.label in LABELS
        assert 80 <= len(s.text.split()) <= 600, s.id
        assert s.text == s.text.strip(), s.id
        # Amazon lost its last character upstream: no sample of any source may end in sentence punctuation.
        assert s.text[-1] not in ".!?", s.id
        assert "\r" not in s.text and "\ufffd" not in s.text and "<unk>" not in s.text, s.id
        assert s.group and s.genre and s.lang, s.id


@needs_data
def test_language_and_system_conventions(samples: list[Sample]) -> None:
    for s in samples:
        if s.label == TRANSLATED:
            assert s.lang != "en" and s.system not in ("", "human"), s.id
        elif s.system == "human":
            assert s.lang != "en", s.id  # human translations carry their source language
        else:
            assert (s.lang, s.system) == ("en", ""), s.id


@needs_data
def test_wmt_mt_and_reference_share_a_group(samples: list[Sample]) -> None:
    chunks: dict[tuple[str, str], list[Sample]] = defaultdict(list)
    for s in _by(samples, "wmt22-general"):
        if s.lang != "en":
            chunks[(s.group, s.id.rsplit(":", 1)[1])].append(s)
    assert chunks
    for members in chunks.values():
        systems = Counter(s.system for s in members)
        # The reference may drop out only when its own word count leaves the bounds.
        assert systems["human"] <= 1
        assert sum(n for system, n in systems.items() if system != "human") <= 3
    with_reference = sum(any(s.system == "human" for s in m) for m in chunks.values())
    assert with_reference / len(chunks) > 0.95


@needs_data
def test_estonian_references_are_grouped_with_their_mt(samples: list[Sample]) -> None:
    mlqe = _by(samples, "wmt20-mlqe")
    mt_groups = {s.group for s in mlqe if s.system == "mlqe-fairseq" and s.lang == "et"}
    references = [s for s in mlqe if s.system == "human"]
    assert references
    assert all(s.group in mt_groups and s.label == ORIGINAL for s in references)


@needs_data
def test_newstest2019_documents_are_not_loaded_twice(samples: list[Sample]) -> None:
    ntrex_ids = set((DATA / "wmt19-ntrex-en-source" / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").split())
    en_hr_docs = {
        doc for s in samples if s.group.startswith("wmt22:en-hr:") for doc in s.group.split(":", 2)[2].split("..")
    }
    assert en_hr_docs and not en_hr_docs & ntrex_ids


@needs_data
def test_round_trips_are_utterance_documents(samples: list[Sample]) -> None:
    rows = _by(samples, "protaugment-roundtrip")
    translated = [s for s in rows if s.label == TRANSLATED]
    sources = [s for s in rows if s.label == ORIGINAL]
    assert translated and {s.lang for s in translated} <= {"fr", "es", "it", "de", "nl"}
    # The source utterances are the original side of the same blocks, so the genre is no class shortcut.
    assert sources and {s.lang for s in sources} == {"en"}
    paired = {s.group for s in sources} & {s.group for s in translated}
    assert len(paired) >= 0.9 * len(sources)
    for s in rows:
        assert s.genre == "utterance" and 15 <= len(s.text.split("\n")) <= 80, s.id


@needs_data
def test_summarize_counts_every_sample(samples: list[Sample]) -> None:
    counts = summarize(samples)
    assert sum(counts.values()) == len(samples)
    assert counts[(ORIGINAL, "brown-corpus", "news", "en")] > 0


# ------------------------------------------------------------------------------------------ single sources


@needs_data
def test_loading_is_deterministic_per_seed() -> None:
    assert load_source("wmt22-general", rng_seed=7) == load_source("wmt22-general", rng_seed=7)
    assert load_source("protaugment-roundtrip", rng_seed=7) != load_source("protaugment-roundtrip", rng_seed=8)


@needs_data
@pytest.mark.parametrize(("min_words", "max_words"), [(100, 200), (300, 450)])
def test_word_bounds_are_configurable(min_words: int, max_words: int) -> None:
    rows = load_source("brown-corpus", min_words=min_words, max_words=max_words)
    assert rows
    assert all(min_words <= len(s.text.split()) <= max_words for s in rows)
    # Chunks of one Brown sample share its group and follow each other.
    assert len({s.group for s in rows}) <= 500


def test_unknown_source_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        load_source("no-such-corpus", tmp_path)


def test_load_all_warns_about_unknown_folders_and_skips_lexicons(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for name in ("some-new-corpus", "pps-tortured-phrases"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "SOURCE.md").write_text("# test folder\n", encoding="utf-8")
    (tmp_path / "no-source-md").mkdir()
    with caplog.at_level(logging.WARNING, logger="training.data"):
        assert load_all(tmp_path) == []
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert "some-new-corpus" in warned
    assert "pps-tortured-phrases" not in warned and "no-source-md" not in warned


# ------------------------------------------------------------------------------------------ tortured phrases

TORTURED_ROWS = [
    # (tortured_phrase query, expected_phrase, num_papers) -> expected parse or None (dropped)
    ('"quick pooch"', "fast dog", "1,234", TorturedPhrase("quick pooch", "fast dog", 1234)),
    ('"Crimson Fruit" AND "red apple"', "Red Apple", "7", TorturedPhrase("crimson fruit", "red apple", 7)),
    ('"slim rope" NOT "slim rope bridge"', "thin cord", "0", TorturedPhrase("slim rope", "thin cord", 0)),
    ('"wet sky" OR "damp sky"', "rainy weather", "12,000,001", TorturedPhrase("wet sky", "rainy weather", 12000001)),
    ('"loud box"~5', "noisy crate", "3", None),
    ('"fast calculation" AND optimi*', "quick computation", "9", None),
    ('"shiny stone"', "gem (GM)", "5", TorturedPhrase("shiny stone", "gem", 5)),
    ('"odd square"', "strange box (?)", "5", TorturedPhrase("odd square", "strange box", 5)),
    ('"cold drink"', "iced/chilled beverage", "2", TorturedPhrase("cold drink", "iced beverage", 2)),
    ('"heart letdown"', "cardiac or heart failure", "4", TorturedPhrase("heart letdown", "cardiac failure", 4)),
    ('"paper"', "paper", "8", None),
    ('"mystery term"', "???", "1", None),
    ('"dull blade"', "blunt knife, see https://example.org/x", "", TorturedPhrase("dull blade", "blunt knife", 0)),
]


def test_tortured_phrase_query_parsing(tmp_path: Path) -> None:
    path = tmp_path / "tortured.csv"
    lines = ["tortured_phrase,expected_phrase,num_papers"]
    for query, expected, papers, _ in TORTURED_ROWS:
        fields = (query, expected, papers)
        lines.append(",".join('"' + f.replace('"', '""') + '"' for f in fields))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parsed = load_tortured_phrases(path)
    assert parsed == [want for *_, want in TORTURED_ROWS if want is not None]


@needs_data
def test_tortured_phrase_list_loads() -> None:
    phrases = load_tortured_phrases()
    assert len(phrases) > 5000
    assert all(p.tortured and p.expected and p.tortured != p.expected for p in phrases)
    assert all(p.tortured == p.tortured.lower() and "*" not in p.tortured for p in phrases)
