"""Distributional neighbours from an ARPA model's bigrams (training.neighbours), on a model written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.build_resources import add_neighbours
from training.neighbours import context_vectors, nearest, neighbour_links, read_unigrams_bigrams

# Two slots: what comes before "rate"/"pressure" (adjectives of size) and what follows "the" (nouns). "tiny" and
# "small" share every context; so do "house" and "home"; "zoo" sorts past the cut the writer may lose.
_CONTEXTS = {
    "small": ["rate", "house", "home", "car"],
    "tiny": ["rate", "house", "home", "car"],
    "big": ["rate", "dog"],
    "the": ["house", "home", "car", "dog"],
    "a": ["house", "home", "car"],
    "my": ["house", "home", "dog"],
}


def _arpa(path: Path, bigrams: list[tuple[str, str]], past_cut: bool = True) -> Path:
    words = sorted({w for pair in bigrams for w in pair} | {"zoo"})
    lines = ["\\data\\", f"ngram 1={len(words)}", f"ngram 2={len(bigrams) + past_cut}", "", "\\1-grams:"]
    lines += [f"-3.0000\t{w}\t-0.1000" for w in words]
    lines += ["", "\\2-grams:"]
    lines += [f"-0.5000\t{a} {b}" for a, b in sorted(bigrams, key=lambda p: p[1])]
    if past_cut:
        lines.append("-0.5000\tthe zoo")
    lines += ["", "\\end\\", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _pairs() -> list[tuple[str, str]]:
    pairs = [(a, b) for a, nexts in _CONTEXTS.items() for b in nexts]
    # right contexts for the nouns too, so that "house" and "home" share both sides
    pairs += [(n, "is") for n in ("house", "home", "car")] + [("dog", "barks")]
    return pairs


def test_words_sharing_their_contexts_are_nearest(tmp_path: Path) -> None:
    unigrams, bigrams = read_unigrams_bigrams(_arpa(tmp_path / "m.arpa", _pairs()))
    assert "zoo" in unigrams and all(b != "zoo" for _, b, _ in bigrams)  # the pair past the cut is dropped
    words, vectors = context_vectors(unigrams, bigrams, dimensions=8)
    near = nearest(words, vectors, ["tiny", "home"], allowed=set(words), k=2)
    assert near["tiny"][0] == "small"
    assert near["home"][0] == "house"
    assert "tiny" not in near["tiny"]  # a word is not its own neighbour


def test_a_dump_that_stopped_before_the_cut_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="stopped early"):
        read_unigrams_bigrams(_arpa(tmp_path / "m.arpa", _pairs(), past_cut=False))


def test_links_keep_only_term_words_and_follow_the_thesaurus_links(tmp_path: Path) -> None:
    arpa = _arpa(tmp_path / "m.arpa", _pairs())
    zipf = dict.fromkeys(["small", "tiny", "big", "house", "home", "car", "dog", "rate", "is", "barks"], 4.0)
    links = neighbour_links(arpa, zipf, term_words={"small", "house"}, k=1)
    assert links["tiny"] == ["small"]
    assert links["home"] == ["house"]
    assert all(n in {"small", "house"} for ns in links.values() for n in ns)
    assert neighbour_links(arpa, zipf, term_words={"small", "house"}, k=1, spun_words={"home"}) == {"home": ["house"]}
    table = add_neighbours({"home": [["house", "synonym"]], "tiny": [["little", "similar"]]}, links)
    assert table["home"] == [["house", "synonym"]]  # a thesaurus's link is not repeated as a neighbour
    assert table["tiny"] == [["little", "similar"], ["small", "neighbour"]]


def test_a_dump_with_probabilities_out_of_range_is_refused(tmp_path: Path) -> None:
    # pocketsphinx's writer, when it runs on past the bigrams, has written -1.9e30 for a bigram's probability
    arpa = _arpa(tmp_path / "m.arpa", _pairs())
    text = arpa.read_text(encoding="utf-8").replace(
        "-0.5000\tthe house", "-1947407713943638920837856231424.0000\tthe house"
    )
    arpa.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="out of range"):
        read_unigrams_bigrams(arpa)
