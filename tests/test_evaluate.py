"""Leave-one-out protocol (training/evaluate.py): which fold scores a document and what its model never sees."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from artifactdet.resources import Resources
from tests.conftest import SHARED
from training.data import Sample
from training.evaluate import Fold, excluded, fold_of, genre_family, rate_band, spun_breakdown
from training.spinner import SpinConfig
from training.train import Item


def _s(label: str, genre: str = "news", lang: str = "en", system: str = "") -> Sample:
    return Sample(id="x", text="t", label=label, source="s", group="g", genre=genre, lang=lang, system=system)


@pytest.mark.parametrize(
    ("sample", "fold"),
    [
        (_s("translated", lang="ja", system="online-A"), Fold("language", "ja")),
        (_s("original", lang="ja", system="human"), Fold("language", "ja")),  # a human translation
        (_s("original", genre="mystery"), Fold("genre", "fiction")),
        (_s("original", genre="learned"), Fold("genre", "essays and nonfiction")),
        (_s("original", genre="wikipedia"), Fold("genre", "wikipedia")),
        (_s("spun", genre="news", system="spinner:aiksaurus"), Fold("thesaurus", "aiksaurus")),
        # MyThes en_US is built from WordNet: one family, one fold
        (_s("spun", system="spinner:mythes"), Fold("thesaurus", "wordnet+mythes")),
        (_s("spun", system="spinner:wordnet"), Fold("thesaurus", "wordnet+mythes")),
    ],
)
def test_each_test_document_belongs_to_the_fold_of_what_it_is(sample: Sample, fold: Fold) -> None:
    assert fold_of(sample) == fold


@pytest.mark.parametrize(
    ("sample", "fold", "out"),
    [
        # language fold: every document from that language, translations and human references alike
        (_s("translated", lang="ja"), Fold("language", "ja"), True),
        (_s("original", lang="ja", system="human"), Fold("language", "ja"), True),
        (_s("translated", lang="de"), Fold("language", "ja"), False),
        # genre fold: English originals of the family and their spun copies
        (_s("original", genre="romance"), Fold("genre", "fiction"), True),
        (_s("spun", genre="adventure", system="spinner:wordnet"), Fold("genre", "fiction"), True),
        (_s("original", genre="news"), Fold("genre", "fiction"), False),
        # ... and the genre's translations and human translations too: no genre style learnt as a class
        (_s("translated", genre="news", lang="de"), Fold("genre", "news"), True),
        (_s("original", genre="wikipedia", lang="et", system="human"), Fold("genre", "wikipedia"), True),
        (_s("translated", genre="wikipedia", lang="et"), Fold("genre", "news"), False),
        # thesaurus fold: only what that thesaurus, or one of its family, spun
        (_s("spun", system="spinner:mythes"), Fold("thesaurus", "wordnet+mythes"), True),
        (_s("spun", system="spinner:wordnet"), Fold("thesaurus", "wordnet+mythes"), True),
        (_s("spun", system="spinner:aiksaurus"), Fold("thesaurus", "wordnet+mythes"), False),
        (_s("spun", system="spinner:wordnet"), Fold("thesaurus", "aiksaurus"), False),
        (_s("original"), Fold("thesaurus", "wordnet+mythes"), False),
    ],
)
def test_a_fold_model_never_trains_on_what_the_fold_holds_out(sample: Sample, fold: Fold, out: bool) -> None:
    assert excluded(sample, fold) is out


def test_every_test_document_is_excluded_from_its_own_folds_training() -> None:
    samples = [
        _s("translated", lang="et"),
        _s("original", lang="et", system="human"),
        _s("original", genre="humor"),
        _s("spun", genre="humor", system="spinner:wordnet"),
        _s("original", genre="review"),
    ]
    for s in samples:
        assert excluded(s, fold_of(s))


def test_brown_categories_are_grouped_and_other_genres_kept() -> None:
    assert genre_family("science_fiction") == genre_family("romance") == "fiction"
    assert genre_family("biomedical") == "biomedical"


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data not present")
def test_small_leave_one_out_run_writes_report_and_plots(tmp_path: Path) -> None:
    from training.evaluate import main

    out, plots = tmp_path / "evaluation", tmp_path / "plots"
    predictions = tmp_path / "predictions.jsonl"
    args = ["--limit", "10", "--no-peers", "--jobs", "1", "--out", str(out), "--plots", str(plots)]
    assert main([*args, "--predictions", str(predictions)]) == 0
    report = json.loads(out.with_suffix(".json").read_text())
    rows = [json.loads(line) for line in predictions.read_text().splitlines()]
    assert len(rows) == report["model"]["n"]
    assert Counter(r["fold"] for r in rows) == {f["fold"]: f["test_documents"] for f in report["folds"]}
    assert all(abs(sum(r["scores"].values()) - 1.0) < 1e-4 for r in rows)
    margins = [(1.0 - r["scores"]["original"] - r["threshold"], r["flagged"]) for r in rows]
    assert all(flagged == (m >= 0) for m, flagged in margins if abs(m) > 1e-5)
    kinds = {f["fold"].split("=")[0] for f in report["folds"]}
    assert kinds == {"language", "genre", "thesaurus"}
    assert sum(f["test_documents"] for f in report["folds"]) == report["model"]["n"]
    # ru and si are test-only languages, so their folds exclude nothing; every other fold excludes something.
    assert all(f["train_excluded"] > 0 for f in report["folds"] if f["fold"] not in {"language=ru", "language=si"})
    assert "## Targets (issue 3)" in out.with_suffix(".md").read_text()
    # every spun test document is counted once by rate band and once by tortured phrases, in its own family
    spun = [r for r in rows if r["label"] == "spun"]
    assert spun and all(0.05 <= r["spin_rate"] <= 0.40 and r["swaps"] > 0 for r in spun)
    by_setting = report["spun_by_setting"]
    for kind in ("rate", "tortured phrases"):
        assert sum(v["n"] for k, v in by_setting.items() if k.split(" | ")[1].startswith(kind)) == len(spun)
    assert "## Spun documents by how they were spun" in out.with_suffix(".md").read_text()
    assert sorted(p.name for p in plots.iterdir()) == [
        "leave-one-out-confusion.png",
        "leave-one-out-reliability.png",
        "leave-one-out-roc.png",
    ]


@pytest.mark.skipif(not Path("/usr/share/wordnet/data.noun").is_file(), reason="apt-get install wordnet-base")
@pytest.mark.skipif(not Path("/usr/share/mythes/th_en_US_v2.dat").is_file(), reason="apt-get install mythes-en-us")
def test_a_held_out_thesaurus_leaves_no_link_of_its_own_in_the_fold_lexicon(tmp_path: Path) -> None:
    from artifactdet.resources import load_resources
    from training.build_resources import without_thesaurus
    from training.thesaurus import load_thesaurus

    shipped = load_resources()
    mythes = load_thesaurus("mythes")
    wordnet = load_thesaurus("wordnet")
    fold = load_resources(without_thesaurus("wordnet", tmp_path))
    assert fold.meta["held_out_thesaurus"] == "wordnet" and fold.meta["thesauri"] == ["mythes"]
    # Every link left is one MyThes makes; some of the shipped ones were WordNet's alone.
    mythes_links = {(syn, word) for word, by_pos in mythes.items() for syns in by_pos.values() for syn in syns}
    assert all((spun, orig) in mythes_links for spun, origs in fold.reverse_synonyms.items() for orig in origs)
    wordnet_only = {
        (syn, word)
        for word, by_pos in wordnet.items()
        for syns in by_pos.values()
        for syn in syns[:6]
        if (syn, word) not in mythes_links
    }
    shipped_links = {(spun, orig) for spun, origs in shipped.reverse_synonyms.items() for orig in origs}
    assert shipped_links & wordnet_only
    # The other tables are the shipped ones.
    assert fold.bigrams == shipped.bigrams and fold.tortured == shipped.tortured and fold.digest != shipped.digest
    assert without_thesaurus("wordnet", tmp_path) == without_thesaurus("wordnet", tmp_path)  # built once
    # The WordNet family's fold: neither thesaurus leaves a link, and the other tables stay.
    family = load_resources(without_thesaurus(["wordnet", "mythes"], tmp_path))
    assert family.meta["held_out_thesaurus"] == "mythes+wordnet" and family.meta["thesauri"] == []
    assert not family.reverse_synonyms

    # Neighbour links come from a language model, not a thesaurus: every fold keeps the shipped ones, and only those.
    def neighbours(res: Resources) -> set[tuple[str, str]]:
        return {(spun, orig) for spun, links in res.related.items() for orig, how in links if how == "neighbour"}

    assert {how for links in family.related.values() for _, how in links} == {"neighbour"}
    assert neighbours(family) == neighbours(shipped) == neighbours(fold) and neighbours(shipped)
    assert family.bigrams == shipped.bigrams and family.tortured == shipped.tortured


@pytest.mark.skipif(not Path("/usr/share/wordnet/data.noun").is_file(), reason="apt-get install wordnet-base")
@pytest.mark.skipif(not Path("/usr/share/mythes/th_en_US_v2.dat").is_file(), reason="apt-get install mythes-en-us")
@pytest.mark.skipif(not Path("/usr/share/aiksaurus").is_dir(), reason="apt-get install libaiksaurus-1.2-data")
def test_thesaurus_families_are_measured_not_assumed() -> None:
    """MyThes en_US shares nearly all its links with WordNet, Aiksaurus almost none: the folds follow that."""
    from training.evaluate import THESAURUS_FAMILY, family_members, thesaurus_family
    from training.thesaurus import ThesaurusName, load_thesaurus

    def links(name: ThesaurusName) -> set[tuple[str, str]]:
        return {(w, s) for w, by_pos in load_thesaurus(name).items() for syns in by_pos.values() for s in syns}

    wordnet, mythes, aiksaurus = links("wordnet"), links("mythes"), links("aiksaurus")
    assert len(mythes & wordnet) / len(mythes) > 0.9
    assert len(aiksaurus & (wordnet | mythes)) / len(aiksaurus) < 0.1
    assert thesaurus_family("mythes") == thesaurus_family("wordnet") != thesaurus_family("aiksaurus")
    assert family_members("wordnet+mythes") == ("mythes", "wordnet") and family_members("aiksaurus") == ("aiksaurus",)
    assert set(THESAURUS_FAMILY) == {"wordnet", "mythes"}


@pytest.mark.parametrize(
    ("rate", "band"),
    [
        (0.05, "0.05-0.10"),
        (0.0999, "0.05-0.10"),
        (0.10, "0.10-0.15"),
        (0.2, "0.15-0.25"),
        (0.25, "0.25-0.40"),
        (0.40, "0.25-0.40"),
        (1.0, "0.25-0.40"),
    ],
)
def test_rate_bands_cover_the_spinners_range(rate: float, band: str) -> None:
    assert rate_band(rate) == band


def test_spun_breakdown_counts_what_was_rated_spun_and_flagged_per_setting() -> None:
    import numpy as np

    def item(label: str, thesaurus: str = "wordnet", rate: float = 0.1, tortured: float = 0.0) -> Item:
        spin = SpinConfig(thesaurus=thesaurus, rate=rate, tortured=tortured) if label == "spun" else None  # type: ignore[arg-type]
        return Item(_s(label, system=f"spinner:{thesaurus}" if spin else ""), "test", spin, 3 if spin else 0)

    test = [
        item("spun", "mythes", 0.06),
        item("spun", "wordnet", 0.3, 0.5),
        item("spun", "aiksaurus", 0.3),
        item("original"),
    ]
    # columns in LABELS order: original, translated, spun
    proba = np.array([[0.2, 0.1, 0.7], [0.6, 0.1, 0.3], [0.1, 0.6, 0.3], [0.9, 0.05, 0.05]])
    thresholds = np.full(4, 0.5)
    out = spun_breakdown(test, proba, thresholds)
    assert out["wordnet+mythes | rate 0.05-0.10"] == {
        "n": 1,
        "spun_at_argmax": 1.0,
        "mean_swaps": 3.0,
        "flagged_at_threshold": 1.0,
    }
    assert out["wordnet+mythes | rate 0.25-0.40"]["spun_at_argmax"] == 0.0
    assert out["wordnet+mythes | rate 0.25-0.40"]["flagged_at_threshold"] == 0.0
    assert out["wordnet+mythes | tortured phrases yes"]["n"] == 1
    assert out["wordnet+mythes | tortured phrases no"]["n"] == 1
    # rated translated, not spun, but flagged as an artifact
    assert out["aiksaurus | rate 0.25-0.40"] == {
        "n": 1,
        "spun_at_argmax": 0.0,
        "mean_swaps": 3.0,
        "flagged_at_threshold": 1.0,
    }
    assert sum(v["n"] for v in out.values()) == 2 * 3  # originals are not counted
