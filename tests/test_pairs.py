"""The attested word pairs: the table, its per-document lookups, its build from ARPA text and its loading."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import shutil
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from artifactdet.analysis import analyse
from artifactdet.errors import BundleError
from artifactdet.pairs import ATTESTED_FILE, AttestedPairs, pair_hash
from artifactdet.resources import default_path, load_attested, load_resources
from training.lm_pairs import attested_hashes, read_bigrams


def table(*pairs: str) -> AttestedPairs:
    return AttestedPairs(np.array(sorted({pair_hash(p) for p in pairs}), dtype=np.uint32))


def test_membership() -> None:
    t = table("computer science", "blood pressure")
    assert "computer science" in t
    assert "blood pressure" in t
    assert "laptop science" not in t
    assert "zzz zzz" not in table()  # an empty table holds nothing
    assert 3 not in t


@pytest.mark.parametrize(
    "bad",
    [
        np.array([3, 1, 2], dtype=np.uint32),  # not sorted
        np.array([1, 1], dtype=np.uint32),  # not unique
        np.array([1, 2], dtype=np.int64),  # not uint32
        np.zeros((2, 2), dtype=np.uint32),  # not 1-d
    ],
)
def test_refuses_a_malformed_table(bad: np.ndarray) -> None:
    with pytest.raises(ValueError):
        AttestedPairs(bad)


@pytest.mark.parametrize(
    ("text", "attested", "runs", "vouched"),
    [
        # runs: "They went home", "and slept" (the comma breaks the phrase)
        (
            "They went home, and slept.",
            ["they went", "went home"],
            ((True, True), (False,)),
            ["They", "went", "home"],
        ),
        # "went" has one side seen and one not: not vouched for; "home" ends its run and its one pair is seen
        ("They went home.", ["went home"], ((False, True),), ["home"]),
        ("Home.", ["home home"], ((),), []),  # a one-word run has no pair
        ("", [], (), []),
    ],
)
def test_runs_and_vouched_words(
    text: str, attested: list[str], runs: tuple[tuple[bool, ...], ...], vouched: list[str]
) -> None:
    t = table(*attested)
    doc = analyse(text)
    assert t.runs(doc) == runs
    assert [w.text for w in doc.words if t.vouches(doc, w.start)] == vouched
    assert t.runs(doc) is t.runs(doc)  # once per document
    other = table()
    assert other.runs(doc) == tuple(tuple(False for _ in r) for r in runs)  # another table is not served the cache


ARPA = """\\data\\
ngram 1=4
ngram 2={declared}

\\1-grams:
-1.0\t<s>\t-0.5
-2.0\tcomputer\t-0.5
-2.0\tscience\t-0.5
-2.0\tzoo\t-0.5

\\2-grams:
{bigrams}
"""


def write_arpa(tmp_path: Path, bigrams: list[tuple[str, str]], declared: int | None = None) -> Path:
    lines = "\n".join(f"-1.5\t{a}\t{b}\t0.0" for a, b in bigrams)
    path = tmp_path / "lm.arpa"
    path.write_text(ARPA.format(declared=len(bigrams) if declared is None else declared, bigrams=lines))
    return path


def test_read_bigrams_keeps_pairs_before_the_cut(tmp_path: Path) -> None:
    pairs = [("computer", "science"), ("the", "science"), ("the", "zoo")]
    assert list(read_bigrams(write_arpa(tmp_path, pairs))) == pairs[:2]


def test_read_bigrams_refuses_a_dump_that_stopped_before_the_cut(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="stopped early"):
        list(read_bigrams(write_arpa(tmp_path, [("computer", "science")])))


def test_read_bigrams_refuses_a_short_section(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="read 2 bigrams of the 5"):
        list(read_bigrams(write_arpa(tmp_path, [("computer", "science"), ("the", "zoo")], declared=5)))


def test_attested_hashes_keep_pairs_a_tell_can_ask_about() -> None:
    pairs = [("computer", "science"), ("of", "the"), ("<s>", "the"), ("the", "zoo"), ("don't", "know"), ("a", "1")]
    got = attested_hashes(iter(pairs))
    assert got.dtype == np.uint32
    assert list(got) == sorted({pair_hash(k) for k in ("computer science", "the zoo", "don't know")})


def test_shipped_table_loads_with_the_lexicon() -> None:
    res = load_resources()
    assert len(res.attested) > 1_000_000
    assert "computer science" in res.attested
    assert "laptop science" not in res.attested


def _lexicon_copy(tmp_path: Path, meta_update: dict[str, object]) -> Path:
    payload = json.loads(gzip.decompress(default_path().read_bytes()))
    payload["meta"].update(meta_update)
    out = tmp_path / "lexicon.json.gz"
    out.write_bytes(gzip.compress(json.dumps(payload).encode(), compresslevel=1))
    return out


def test_loader_refuses_a_table_that_does_not_match_the_lexicon(tmp_path: Path) -> None:
    lexicon = _lexicon_copy(tmp_path, {})
    np.save(tmp_path / ATTESTED_FILE, np.array([1, 2, 3], dtype=np.uint32))  # beside the lexicon: read first
    meta = json.loads(gzip.decompress(lexicon.read_bytes()))["meta"]
    with pytest.raises(BundleError, match="do not match the sha256"):
        load_attested(lexicon, meta)


def test_loader_refuses_a_lexicon_that_names_no_table(tmp_path: Path) -> None:
    lexicon = _lexicon_copy(tmp_path, {"attested_pairs": None})
    with pytest.raises(BundleError, match="name no attested word pairs"):
        load_resources(lexicon)


def test_loader_reads_a_matching_table_beside_the_lexicon(tmp_path: Path) -> None:
    data = np.array([5, 9], dtype=np.uint32)
    np.save(tmp_path / "custom.npy", data)
    sha = hashlib.sha256((tmp_path / "custom.npy").read_bytes()).hexdigest()
    lexicon = _lexicon_copy(tmp_path, {"attested_pairs": {"file": "custom.npy", "sha256": sha}})
    got = load_attested(lexicon, json.loads(gzip.decompress(lexicon.read_bytes()))["meta"])
    assert list(got.table) == [5, 9]


@pytest.mark.skipif(importlib.util.find_spec("pocketsphinx") is None, reason="pocketsphinx (train extra) missing")
def test_shipped_table_is_what_the_build_writes(tmp_path: Path) -> None:
    from training.lm_pairs import main

    out = tmp_path / ATTESTED_FILE
    main(["--out", str(out)])
    shipped = default_path().parent / ATTESTED_FILE
    assert out.read_bytes() == shipped.read_bytes()
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_a_lookup_does_not_copy_the_table() -> None:
    # A Python int needle made numpy search a converted copy of the whole table: 2 ms a lookup on the 8 MB
    # shipped table, on the scoring path of every flagged word. Measured as memory, not time.
    t = AttestedPairs(np.arange(0, 2_000_000, 2, dtype=np.uint32))  # 4 MB
    doc = analyse("Parliament reviewed the budget proposal")
    tracemalloc.start()
    try:
        "budget proposal" in t  # noqa: B015
        t.vouches(doc, doc.text.index("budget"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100_000
