"""Thesauri an article spinner draws on, read straight from the Debian data files.

Real spinners use general-purpose thesauri and take their top entries, so the synonym ORDER matters as much as
the synonyms: WordNet lists a word's senses by frequency (index.<pos>), MyThes lists them in its file order.
Both readers are cached per process; treat the returned dicts as read-only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final, Literal

WORDNET_DIR: Final = Path("/usr/share/wordnet")
MYTHES_FILE: Final = Path("/usr/share/mythes/th_en_US_v2.dat")
AIKSAURUS_DIR: Final = Path("/usr/share/aiksaurus")
THESAURI: Final = ("wordnet", "mythes", "aiksaurus")
ThesaurusName = Literal["wordnet", "mythes", "aiksaurus"]

POS_FILES: Final = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
_MYTHES_POS: Final = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
# MyThes marks hypernyms, antonyms etc. with a parenthesised suffix; those are not substitutable words.
_MYTHES_ANNOTATION = re.compile(r"\s*\((?:generic|related|similar) term\)|\s*\(antonym\)")
# Adjective syntactic markers in data.adj: attributive (a), predicative (p), immediately postnominal (ip).
_ADJ_MARKER = re.compile(r"\((?:a|p|ip)\)$")

Thesaurus = dict[str, dict[str, list[str]]]


class ThesaurusMissingError(FileNotFoundError):
    """The Debian package that provides a thesaurus is not installed."""


def _require(paths: list[Path], package: str) -> None:
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise ThesaurusMissingError(
            f"thesaurus files missing ({', '.join(missing)}); install the Debian package {package!r} "
            f"(apt-get install {package})"
        )


def _lemma(word: str) -> str:
    return _ADJ_MARKER.sub("", word).replace("_", " ")


def _data_lines(path: Path) -> list[str]:
    # The license header lines start with two spaces; every data line starts with an offset.
    with path.open(encoding="utf-8", errors="replace") as fh:
        return [line for line in fh if line[:1].isdigit()]


@functools.cache
def _wordnet_data(wordnet_dir: Path) -> dict[str, list[tuple[int, str, tuple[str, ...]]]]:
    """Per file pos: (offset, ss_type mapped to n/v/a/r, lemmas) per synset, in file order."""
    _require([wordnet_dir / f"data.{name}" for name in POS_FILES.values()], "wordnet-base")
    out: dict[str, list[tuple[int, str, tuple[str, ...]]]] = {}
    for pos, name in POS_FILES.items():
        rows: list[tuple[int, str, tuple[str, ...]]] = []
        for line in _data_lines(wordnet_dir / f"data.{name}"):
            fields = line.split()
            offset, ss_type, count = int(fields[0]), fields[2], int(fields[3], 16)
            lemmas = tuple(_lemma(fields[4 + 2 * i]) for i in range(count))
            rows.append((offset, "a" if ss_type == "s" else ss_type, lemmas))
        out[pos] = rows
    return out


def wordnet_synsets(wordnet_dir: Path = WORDNET_DIR) -> list[tuple[str, tuple[str, ...]]]:
    """(pos, lemmas) for every WordNet synset; pos in n/v/a/r (satellites 's' count as 'a'); original case."""
    data = _wordnet_data(wordnet_dir)
    return [(pos, lemmas) for rows in data.values() for _, pos, lemmas in rows]


@functools.cache
def wordnet_index(wordnet_dir: Path = WORDNET_DIR) -> dict[str, dict[str, tuple[int, int, tuple[int, ...]]]]:
    """lemma (lowercase, spaces) -> pos -> (sense count, SemCor-tagged sense count, synset offsets by frequency)."""
    _require([wordnet_dir / f"index.{name}" for name in POS_FILES.values()], "wordnet-base")
    out: dict[str, dict[str, tuple[int, int, tuple[int, ...]]]] = {}
    for pos, name in POS_FILES.items():
        with (wordnet_dir / f"index.{name}").open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith(" "):
                    continue
                fields = line.split()
                synset_cnt, p_cnt = int(fields[2]), int(fields[3])
                tagsense_cnt = int(fields[5 + p_cnt])
                offsets = tuple(int(x) for x in fields[6 + p_cnt : 6 + p_cnt + synset_cnt])
                out.setdefault(fields[0].replace("_", " "), {})[pos] = (synset_cnt, tagsense_cnt, offsets)
    return out


@functools.cache
def wordnet_exceptions(wordnet_dir: Path = WORDNET_DIR) -> dict[str, dict[str, tuple[str, ...]]]:
    """pos -> irregular inflected form -> base forms, from the morphy exception lists (*.exc)."""
    _require([wordnet_dir / f"{name}.exc" for name in POS_FILES.values()], "wordnet-base")
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for pos, name in POS_FILES.items():
        table: dict[str, tuple[str, ...]] = {}
        with (wordnet_dir / f"{name}.exc").open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                fields = line.split()
                if len(fields) >= 2:
                    table[fields[0].replace("_", " ")] = tuple(f.replace("_", " ") for f in fields[1:])
        out[pos] = table
    return out


def _add(entry: list[str], seen: set[str], word: str, candidate: str) -> None:
    candidate = " ".join(candidate.lower().split())
    if candidate and candidate != word and candidate not in seen:
        seen.add(candidate)
        entry.append(candidate)


@functools.cache
def _wordnet_thesaurus(wordnet_dir: Path) -> Thesaurus:
    synsets = {pos: {offset: lemmas for offset, _, lemmas in rows} for pos, rows in _wordnet_data(wordnet_dir).items()}
    out: Thesaurus = {}
    for word, by_pos in wordnet_index(wordnet_dir).items():
        for pos, (_, _, offsets) in by_pos.items():
            entry: list[str] = []
            seen: set[str] = set()
            for offset in offsets:
                for lemma in synsets[pos].get(offset, ()):
                    _add(entry, seen, word, lemma)
            if entry:
                out.setdefault(word, {})[pos] = entry
    return out


def _mythes_entries(path: Path) -> Iterator[tuple[str, list[list[str]]]]:
    """(headword lowercased, its senses as the fields of each sense line: "(pos)" then the entries), in file order."""
    _require([path], "mythes-en-us")
    with path.open(encoding="utf-8", errors="replace") as fh:
        fh.readline()  # encoding line
        lines = iter(fh)
        for header in lines:
            word, _, count = header.rstrip("\n").rpartition("|")
            if not word or not count.isdigit():
                continue
            senses = [next(lines, "").rstrip("\n").split("|") for _ in range(int(count))]
            yield " ".join(word.lower().split()), senses


@functools.cache
def _mythes_thesaurus(path: Path) -> Thesaurus:
    out: Thesaurus = {}
    for word, senses in _mythes_entries(path):
        entries = out.setdefault(word, {})
        for sense in senses:
            pos = _MYTHES_POS.get(sense[0].strip("()"))
            if pos is None:
                continue
            entry = entries.setdefault(pos, [])
            seen = set(entry)
            for candidate in sense[1:]:
                if not _MYTHES_ANNOTATION.search(candidate):
                    _add(entry, seen, word, candidate)
        for pos in [p for p, syns in entries.items() if not syns]:
            del entries[pos]
        if not entries:
            del out[word]
    return out


_END: Final = 0xFFFF


def _uint16_runs(data: bytes, start: int) -> tuple[list[int], int]:
    """Big-endian uint16 values from ``start`` up to the 0xffff terminator, and the offset after it."""
    out: list[int] = []
    i = start
    while i + 1 < len(data):
        value = (data[i] << 8) | data[i + 1]
        i += 2
        if value == _END:
            break
        out.append(value)
    return out, i


@functools.cache
def _aiksaurus_thesaurus(folder: Path) -> Thesaurus:
    """Aiksaurus's binary files (Moby-derived, public domain), read directly.

    words.dat: per word, its text (':' for a space), a NUL, then the ids of its meanings as big-endian uint16
    up to 0xffff, words numbered in file order. meanings.dat: per meaning, two title word ids, then its member
    word ids up to 0xffff. Aiksaurus has no parts of speech, so every sense is filed under all four and the
    spinner's inflection rules decide; the two title words of a meaning come first, as its headwords.
    """
    words_file, meanings_file = folder / "words.dat", folder / "meanings.dat"
    _require([words_file, meanings_file], "libaiksaurus-1.2-data")
    raw = words_file.read_bytes()
    words: list[str] = []
    senses_of: list[list[int]] = []
    i = 0
    while i < len(raw):
        nul = raw.index(b"\0", i)
        words.append(raw[i:nul].decode("latin-1").replace(":", " "))
        ids, i = _uint16_runs(raw, nul + 1)
        senses_of.append(ids)
    data = meanings_file.read_bytes()
    meanings: list[list[int]] = []
    i = 0
    while i + 3 < len(data):
        titles = [(data[i] << 8) | data[i + 1], (data[i + 2] << 8) | data[i + 3]]
        members, i = _uint16_runs(data, i + 4)
        ordered = list(dict.fromkeys([*titles, *members]))
        meanings.append([m for m in ordered if m < len(words)])
    out: Thesaurus = {}
    for index, word in enumerate(words):
        if word != word.lower():  # proper names ("Abaddon") are not what a spinner swaps
            continue
        entry: list[str] = []
        seen: set[str] = set()
        for meaning in senses_of[index]:
            if meaning < len(meanings):
                for member in meanings[meaning]:
                    if words[member] == words[member].lower():
                        _add(entry, seen, word, words[member])
        if entry:
            out[word] = dict.fromkeys("nvar", entry)
    return out


def load_thesaurus(
    name: ThesaurusName,
    *,
    wordnet_dir: Path = WORDNET_DIR,
    mythes_file: Path = MYTHES_FILE,
    aiksaurus_dir: Path = AIKSAURUS_DIR,
) -> Thesaurus:
    """word (lowercase) -> pos (n/v/a/r) -> synonyms (lowercase, may be multiword), most central first.

    WordNet: lemmas of the word's synsets in sense-frequency order (index.<pos>), then file order within a
    synset. MyThes: unannotated entries of the word's senses in file order (hypernyms, antonyms, "similar" and
    "related" terms are dropped because a spinner substitutes them as if they were synonyms only by mistake).
    Aiksaurus: the words of the word's meanings, headwords first (no parts of speech; see _aiksaurus_thesaurus).
    """
    if name == "wordnet":
        return _wordnet_thesaurus(wordnet_dir)
    if name == "mythes":
        return _mythes_thesaurus(mythes_file)
    if name == "aiksaurus":
        return _aiksaurus_thesaurus(aiksaurus_dir)
    raise ValueError(f"unknown thesaurus {name!r}; expected one of {', '.join(THESAURI)}")


# How a word a spinner wrote relates to the word it replaced, in the thesaurus's own terms.
# "neighbour" is no thesaurus's: words used in the same contexts (training.neighbours), the loosest link.
Relation = Literal["synonym", "broader", "narrower", "similar", "related", "neighbour"]
RELATION_ORDER: Final[tuple[Relation, ...]] = ("synonym", "similar", "broader", "narrower", "related", "neighbour")
# WordNet pointer -> what the pointed-to word is to the word pointing: a hypernym is broader, a hyponym narrower.
_WORDNET_POINTERS: Final[dict[str, Relation]] = {"@": "broader", "~": "narrower", "&": "similar"}
_MYTHES_KIND: Final[dict[str, Relation]] = {"generic": "broader", "similar": "similar", "related": "related"}
_MYTHES_TAG = re.compile(r"\s*\((generic|similar|related) term\)$")


@functools.cache
def wordnet_relations(wordnet_dir: Path = WORDNET_DIR) -> dict[str, dict[str, Relation]]:
    """lemma (lowercase) -> every lemma related to it in any sense -> how (synonym, broader, narrower, similar).

    Unlike ``load_thesaurus``, every sense and every depth counts: commercial spinners draw on thesauri that list
    a hypernym or a sister sense as a synonym ("division" for "department"), and the reviewer-facing restoration
    has to undo those swaps too. Instance pointers (a person to "president") are left out: they link names.
    """
    _require([wordnet_dir / f"data.{name}" for name in POS_FILES.values()], "wordnet-base")
    lemmas: dict[tuple[str, int], tuple[str, ...]] = {}
    pointers: dict[tuple[str, int], list[tuple[Relation, tuple[str, int]]]] = {}
    for pos, name in POS_FILES.items():
        for line in _data_lines(wordnet_dir / f"data.{name}"):
            fields = line.split(" | ", 1)[0].split()
            key = (pos, int(fields[0]))
            count = int(fields[3], 16)
            lemmas[key] = tuple(_lemma(fields[4 + 2 * i]).lower() for i in range(count))
            at = 4 + 2 * count
            links: list[tuple[Relation, tuple[str, int]]] = []
            for j in range(int(fields[at])):
                symbol, offset, target_pos, source_target = fields[at + 1 + 4 * j : at + 5 + 4 * j]
                relation = _WORDNET_POINTERS.get(symbol)
                if relation is not None and source_target == "0000":  # semantic pointers join whole synsets
                    links.append((relation, ("a" if target_pos == "s" else target_pos, int(offset))))
            pointers[key] = links
    out: dict[str, dict[str, Relation]] = {}
    for key, words in lemmas.items():
        related: dict[str, Relation] = {}
        for relation, target in pointers[key]:
            for other in lemmas.get(target, ()):
                related.setdefault(other, relation)
        for word in words:
            entry = out.setdefault(word, {})
            for other in words:
                if other != word:
                    entry[other] = "synonym"  # a shared synset outranks any pointer
            for other, relation in related.items():
                if other != word:
                    entry.setdefault(other, relation)
    return out


@functools.cache
def mythes_relations(path: Path = MYTHES_FILE) -> dict[str, dict[str, Relation]]:
    """word (lowercase) -> every entry of every sense -> how: plain entries are synonyms, MyThes's "(generic
    term)" is broader, "(similar term)" similar, "(related term)" related; antonyms are left out."""
    out: dict[str, dict[str, Relation]] = {}
    for word, senses in _mythes_entries(path):
        entry = out.setdefault(word, {})
        for candidate in (c for sense in senses for c in sense[1:]):
            if "(antonym)" in candidate:
                continue
            tag = _MYTHES_TAG.search(candidate)
            other = " ".join(_MYTHES_TAG.sub("", candidate).lower().split())
            relation: Relation = _MYTHES_KIND[tag.group(1)] if tag else "synonym"
            if other and other != word:
                current = entry.get(other)
                if current is None or RELATION_ORDER.index(relation) < RELATION_ORDER.index(current):
                    entry[other] = relation
        if not entry:
            del out[word]
    return out


def relations(name: ThesaurusName) -> dict[str, dict[str, Relation]]:
    """Every relation a thesaurus records (see wordnet_relations, mythes_relations); Aiksaurus has no kinds."""
    if name == "wordnet":
        return wordnet_relations()
    if name == "mythes":
        return mythes_relations()
    return {
        w: dict.fromkeys((s for syns in by_pos.values() for s in syns), "synonym")
        for w, by_pos in load_thesaurus(name).items()
    }
