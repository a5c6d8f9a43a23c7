"""Load the research corpora in the shared data folder as labelled pseudo-documents.

Every data folder (one with a SOURCE.md) has one loader in ``LOADERS``. Loaders cut their documents into
pseudo-documents of ``min_words``..``max_words`` whitespace words from CONSECUTIVE units (segments, sentences,
reviews) and return ``Sample`` objects. ``group`` ties together everything that shares content: all chunks of
one document, all documents merged into one pseudo-document, and MT output and human reference of the same
segments, so held-out splits by group cannot leak content.

Source artefacts that would let a classifier learn the corpus instead of the class are normalised the same way
in every corpus (see ``_finish``): trailing sentence punctuation and whitespace are stripped from every sample
and from every document boundary inside a merged pseudo-document, because most Amazon reviews lost their last
character upstream.
"""

from __future__ import annotations

import csv
import html
import json
import logging
import os
import random
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

LOG = logging.getLogger(__name__)

ORIGINAL: Final = "original"
TRANSLATED: Final = "translated"
LABELS: Final = (ORIGINAL, TRANSLATED)

_REPO: Final = Path(__file__).resolve().parent.parent
# Folders that are lexicons, not documents: load_all skips them without a warning.
_LEXICON_FOLDERS: Final = frozenset({"pps-tortured-phrases"})


def shared_dir() -> Path:
    """The read-only shared research folder: ``$ARTIFACTDET_SHARED``, by default ``<repo>/../shared``."""
    return Path(os.environ.get("ARTIFACTDET_SHARED", str(_REPO.parent / "shared")))


def default_data_dir() -> Path:
    """Where the data folders (each with a SOURCE.md) live: ``shared_dir() / "data"``."""
    return shared_dir() / "data"


@dataclass(frozen=True)
class Sample:
    id: str  # unique, e.g. "wmt22:ja-en:<docid>:<system>:0"
    text: str
    label: str  # "original" | "translated"
    source: str  # data folder name
    group: str  # held-out split key shared by all samples with overlapping content
    genre: str
    lang: str  # source language of a translation (pivot for round trips); "en" for original English
    system: str  # MT system, "human" for human translations, "" for original English


@dataclass(frozen=True)
class TorturedPhrase:
    tortured: str  # lowercase fingerprint phrase, e.g. "counterfeit consciousness"
    expected: str  # lowercase phrase a spinner replaced, e.g. "artificial intelligence"
    num_papers: int


@dataclass(frozen=True)
class LoadConfig:
    min_words: int = 80
    max_words: int = 600
    # Documents shorter than this are merged with neighbours, long ones are cut into chunks whose length is
    # drawn uniformly from [target_min_words, max_words], so most pseudo-documents fall in 150-600 words.
    target_min_words: int = 150
    # WMT22 has 10-14 MT systems per document but one human reference; emitting every system would swamp the
    # data with near-duplicate translations, so each pseudo-document gets this many randomly chosen systems
    # (and each protaugment block this many pivots).
    max_systems_per_doc: int = 3
    rng_seed: int = 0

    def __post_init__(self) -> None:
        if not 0 < self.min_words <= self.max_words:
            raise ValueError(f"need 0 < min_words <= max_words, got {self.min_words}, {self.max_words}")
        if self.max_systems_per_doc < 1:
            raise ValueError("max_systems_per_doc must be >= 1")
        clamped = min(max(self.target_min_words, self.min_words), self.max_words)
        object.__setattr__(self, "target_min_words", clamped)

    def rng(self, stream: str) -> random.Random:
        # A string seed is hashed with sha512 by random.Random, so this is stable across processes (no PYTHONHASHSEED).
        return random.Random(f"{self.rng_seed}:{stream}")


# ---------------------------------------------------------------------------------------------- text helpers

_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_SENTENCE_BREAK = re.compile(r"""[.!?]+["'\u201d\u2019)\]]*(\s+)(?=["'\u201c\u2018(\[]?[A-Z0-9])""")
_TRUNCATED = re.compile(r"\s*\(ABSTRACT TRUNCATED AT \d+ WORDS\)")
_UNK = re.compile(r" ?<unk>")


def _clean(text: str) -> str:
    """CRLF -> LF, decode leftover HTML entities, strip the ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ENTITY.search(text):
        text = html.unescape(text)
    return text.strip()


def _finish(text: str) -> str:
    """Drop trailing sentence punctuation and whitespace (see the module docstring for why)."""
    end = len(text)
    # A loop, not a regex: "[\s.!?]+\Z" retries at every space of a long text.
    while end and (text[end - 1] in ".!?" or text[end - 1].isspace()):
        end -= 1
    return text[:end].lstrip()


def _sentences(paragraph: str) -> list[str]:
    """Approximate sentence split; a wrong split costs nothing because sentences are rejoined with a space."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(paragraph):
        out.append(paragraph[start : match.start(1)])
        start = match.end(1)
    out.append(paragraph[start:])
    return [s for s in (" ".join(x.split()) for x in out) if s]


def _prose_units(text: str) -> tuple[list[tuple[str, ...]], list[str]]:
    """Sentence units of a prose text; a unit opening a paragraph is preceded by a blank line."""
    units: list[tuple[str, ...]] = []
    seps: list[str] = []
    for paragraph in (line for line in text.split("\n") if line.strip()):
        for i, sentence in enumerate(_sentences(paragraph)):
            units.append((sentence,))
            seps.append("\n\n" if i == 0 else " ")
    return units, seps


def _read_lines(path: Path) -> list[str]:
    """Lines without terminators; splits on LF only (str.splitlines would also split on U+2028 & co)."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# ---------------------------------------------------------------------------------------------- chunking


@dataclass
class _Doc:
    """A document as aligned units: ``units[i][v]`` is unit i in version v (e.g. reference, MT system)."""

    id: str
    units: list[tuple[str, ...]]
    seps: list[str]  # joiner placed before unit i when it is not the first unit of a chunk


@dataclass(frozen=True)
class _Policy:
    standalone_words: int  # docs at least this long (and <= max_words) become one pseudo-document each
    merge_range: tuple[int, int]  # a merged pseudo-document stops growing at a target drawn from this range
    max_docs: int | None = None  # cap on docs per merged pseudo-document (1 = never merge)
    doc_sep: str = "\n\n"


@dataclass(frozen=True)
class _Piece:
    key: str  # doc id, or "<first id>..<last id>" for merged docs
    index: int  # chunk number within the doc (0 for merged docs)
    parts: tuple[tuple[_Doc, int, int], ...]  # (doc, first unit, end unit)


def _fragment_policy(cfg: LoadConfig, doc_sep: str = "\n\n") -> _Policy:
    """For corpora of short fragments (WMT docs, Wikipedia sentences): merge up to 150-600 words."""
    return _Policy(cfg.target_min_words, (cfg.target_min_words, cfg.max_words), None, doc_sep)


def _natural_policy(cfg: LoadConfig, max_docs: int = 4) -> _Policy:
    """For self-contained texts (reviews, abstracts): keep them whole, merge only the ones under min_words."""
    return _Policy(cfg.min_words, (cfg.min_words, cfg.target_min_words), max_docs)


def _single_policy(cfg: LoadConfig) -> _Policy:
    """Never merge documents: their group key must stay the document id (content-matched pairs)."""
    return _Policy(cfg.min_words, (cfg.min_words, cfg.min_words), 1)


def _unit_words(doc: _Doc) -> tuple[list[int], list[int]]:
    """Per unit, the largest and smallest word count over versions, so every version stays within bounds."""
    counts = [[len(t.split()) for t in unit] for unit in doc.units]
    return [max(c) for c in counts], [min(c) for c in counts]


def _split_long(hi: list[int], lo: list[int], rng: random.Random, cfg: LoadConfig) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    start, acc_hi, acc_lo = 0, 0, 0
    target = rng.randint(cfg.target_min_words, cfg.max_words)
    for i, (h, low) in enumerate(zip(hi, lo, strict=True)):
        if h > cfg.max_words:  # a unit that fits nowhere: close the open chunk and skip it
            if acc_lo >= cfg.min_words:
                ranges.append((start, i))
            start, acc_hi, acc_lo = i + 1, 0, 0
            continue
        if acc_hi + h > cfg.max_words:
            if acc_lo >= cfg.min_words:
                ranges.append((start, i))
            start, acc_hi, acc_lo = i, 0, 0
            target = rng.randint(cfg.target_min_words, cfg.max_words)
        acc_hi += h
        acc_lo += low
        if acc_hi >= target:
            ranges.append((start, i + 1))
            start, acc_hi, acc_lo = i + 1, 0, 0
            target = rng.randint(cfg.target_min_words, cfg.max_words)
    if acc_hi:
        if acc_lo >= cfg.min_words:
            ranges.append((start, len(hi)))
        elif ranges and ranges[-1][1] == start and sum(hi[ranges[-1][0] :]) <= cfg.max_words:
            ranges[-1] = (ranges[-1][0], len(hi))  # a short tail joins the previous chunk when it fits
    return ranges


def _plan(docs: Sequence[_Doc], rng: random.Random, cfg: LoadConfig, policy: _Policy) -> list[_Piece]:
    """Cut long docs into chunks, keep mid-sized docs whole, merge runs of consecutive short docs."""
    pieces: list[_Piece] = []
    buffer: list[_Doc] = []
    buf_hi = buf_lo = 0
    target = rng.randint(*policy.merge_range)

    def flush() -> None:
        nonlocal buf_hi, buf_lo, target
        if buffer and buf_lo >= cfg.min_words:
            key = buffer[0].id if len(buffer) == 1 else f"{buffer[0].id}..{buffer[-1].id}"
            pieces.append(_Piece(key, 0, tuple((d, 0, len(d.units)) for d in buffer)))
        buffer.clear()
        buf_hi = buf_lo = 0
        target = rng.randint(*policy.merge_range)

    for doc in docs:
        hi, lo = _unit_words(doc)
        doc_hi, doc_lo = sum(hi), sum(lo)
        if doc_hi == 0:
            continue
        if doc_hi > cfg.max_words:
            for n, (s, e) in enumerate(_split_long(hi, lo, rng, cfg)):
                pieces.append(_Piece(doc.id, n, ((doc, s, e),)))
            continue
        if doc_lo >= policy.standalone_words:
            pieces.append(_Piece(doc.id, 0, ((doc, 0, len(doc.units)),)))
            continue
        if buffer and (buf_hi + doc_hi > cfg.max_words or (policy.max_docs and len(buffer) >= policy.max_docs)):
            flush()
        buffer.append(doc)
        buf_hi += doc_hi
        buf_lo += doc_lo
        if buf_hi >= target:
            flush()
    flush()
    return pieces


def _render(piece: _Piece, version: int, doc_sep: str) -> str:
    texts: list[str] = []
    for doc, start, end in piece.parts:
        out: list[str] = []
        for i in range(start, end):
            unit = doc.units[i][version]
            if unit:
                if out:
                    out.append(doc.seps[i])
                out.append(unit)
        text = "".join(out)
        # Doc ends inside a merged pseudo-document get the same treatment as the sample end, except when docs
        # are run together into one paragraph (a stripped period would then glue two sentences).
        texts.append(_finish(text) if "\n" in doc_sep else text.strip())
    return _finish(doc_sep.join(t for t in texts if t))


@dataclass(frozen=True)
class _Meta:
    prefix: str  # id/group prefix, e.g. "wmt22:ja-en"
    source: str
    genre: str


def _sample(
    piece: _Piece,
    version: int,
    meta: _Meta,
    cfg: LoadConfig,
    *,
    tag: str,
    label: str,
    lang: str,
    system: str,
    doc_sep: str = "\n\n",
) -> Sample | None:
    text = _render(piece, version, doc_sep)
    if not cfg.min_words <= len(text.split()) <= cfg.max_words:
        return None
    return Sample(
        id=f"{meta.prefix}:{piece.key}:{tag}:{piece.index}",
        text=text,
        label=label,
        source=meta.source,
        group=f"{meta.prefix}:{piece.key}",
        genre=meta.genre,
        lang=lang,
        system=system,
    )


def _originals(docs: Sequence[_Doc], meta: _Meta, cfg: LoadConfig, policy: _Policy, stream: str = "") -> list[Sample]:
    """Single-version original-English docs of one stream -> samples."""
    out: list[Sample] = []
    for piece in _plan(docs, cfg.rng(f"{meta.prefix}:{meta.genre}:{stream}"), cfg, policy):
        sample = _sample(piece, 0, meta, cfg, tag="orig", label=ORIGINAL, lang="en", system="", doc_sep=policy.doc_sep)
        if sample:
            out.append(sample)
    return out


# ---------------------------------------------------------------------------------------------- WMT22


_WMT_INTO_ENGLISH: Final = ("ja-en", "ru-en", "uk-en")
_WMT_ENGLISH_SOURCE: Final = ("en-zh", "en-hr")
_WMT_ID_GENRES: Final = (
    ("social", "social"),
    ("conversation", "conversation"),
    ("ecommerce", "ecommerce"),
    ("review", "ecommerce"),
)


def _wmt_general(path: Path) -> ET.Element:
    for collection in ET.parse(path).getroot().iter("collection"):
        # ru-en and en-zh also hold empty "biomedical" collections.
        if collection.get("id") == "general":
            return collection
    raise ValueError(f"{path}: no <collection id='general'>")


def _wmt_genre(doc: ET.Element) -> str:
    domain = doc.get("domain")
    if domain:
        return domain
    # ru-en social docs have no domain attribute but an id like "social_ru_197"; uk-en ids say nothing.
    doc_id = doc.get("id", "")
    return next((genre for prefix, genre in _WMT_ID_GENRES if doc_id.startswith(prefix)), "news")


def _wmt_segments(element: ET.Element | None) -> dict[str, str]:
    if element is None:
        return {}
    # A few systems leak their unknown-word token; deployed MT does not show it, so it must not become a tell.
    return {seg.get("id", ""): _clean(_UNK.sub("", seg.text or "")) for seg in element.iter("seg")}


def _ntrex_doc_ids(folder: Path) -> frozenset[str]:
    path = folder / "DOCUMENT_IDS.tsv"
    return frozenset(line.strip() for line in _read_lines(path)) if path.is_file() else frozenset()


def _wmt_into_english(path: Path, lp: str, cfg: LoadConfig) -> list[Sample]:
    src_lang = lp.split("-")[0]
    collection = _wmt_general(path)
    parsed: list[tuple[str, str, list[str], dict[str, dict[str, str]]]] = []
    for doc in collection.iter("doc"):
        src = doc.find("src")
        seg_ids = [seg.get("id", "") for seg in src.iter("seg")] if src is not None else []
        versions = {"human": _wmt_segments(doc.find("ref"))}
        versions.update({hyp.get("system", "?"): _wmt_segments(hyp) for hyp in doc.findall("hyp")})
        parsed.append((doc.get("id", ""), _wmt_genre(doc), seg_ids, versions))
    all_systems = set().union(*(set(v) - {"human"} for *_, v in parsed))
    systems = sorted(set.intersection(*(set(v) - {"human"} for *_, v in parsed)))
    if set(systems) != all_systems:
        LOG.warning("%s: systems missing from some docs are skipped: %s", path.name, sorted(all_systems - set(systems)))
    names = ["human", *systems]

    streams: dict[str, list[_Doc]] = {}
    for doc_id, genre, seg_ids, versions in parsed:
        units = [tuple(versions[name].get(seg_id, "") for name in names) for seg_id in seg_ids]
        streams.setdefault(genre, []).append(_Doc(doc_id, units, ["\n"] * len(units)))

    out: list[Sample] = []
    for genre, docs in streams.items():
        meta = _Meta(f"wmt22:{lp}", "wmt22-general", genre)
        rng = cfg.rng(f"{meta.prefix}:{genre}")
        for piece in _plan(docs, rng, cfg, _fragment_policy(cfg)):
            chosen = sorted(rng.sample(range(1, len(names)), min(cfg.max_systems_per_doc, len(names) - 1)))
            # The human reference of every pseudo-document is always kept: it is the content-matched
            # counterpart of the MT outputs (same group), labelled original because it is human-written.
            ref = _sample(piece, 0, meta, cfg, tag="human", label=ORIGINAL, lang=src_lang, system="human")
            hyps = [
                _sample(piece, v, meta, cfg, tag=names[v], label=TRANSLATED, lang=src_lang, system=names[v])
                for v in chosen
            ]
            out.extend(s for s in (ref, *hyps) if s)
    return out


def _wmt_english_source(path: Path, lp: str, cfg: LoadConfig, skip_ids: frozenset[str]) -> list[Sample]:
    streams: dict[str, list[_Doc]] = {}
    skipped = 0
    for doc in _wmt_general(path).iter("doc"):
        doc_id = doc.get("id", "")
        if doc_id in skip_ids:
            skipped += 1
            continue
        segments = list(_wmt_segments(doc.find("src")).values())
        streams.setdefault(_wmt_genre(doc), []).append(_Doc(doc_id, [(s,) for s in segments], ["\n"] * len(segments)))
    if skipped:
        LOG.info("%s: %d docs skipped because newstest2019 (wmt19-ntrex-en-source) holds them", path.name, skipped)
    out: list[Sample] = []
    for genre, docs in streams.items():
        out.extend(_originals(docs, _Meta(f"wmt22:{lp}", "wmt22-general", genre), cfg, _fragment_policy(cfg)))
    return out


def load_wmt22(folder: Path, cfg: LoadConfig) -> list[Sample]:
    """X->en hyps (translated), X->en refs (human translations: original), en-zh/en-hr sources (original)."""
    # The en-hr news docs are the first <=15 segments of newstest2019 documents that wmt19-ntrex-en-source has
    # in full (55 shared doc ids, not mentioned in either SOURCE.md); keeping both would put the same text in
    # two groups.
    ntrex_ids = _ntrex_doc_ids(folder.parent / "wmt19-ntrex-en-source")
    out: list[Sample] = []
    for lp in (*_WMT_INTO_ENGLISH, *_WMT_ENGLISH_SOURCE):
        path = folder / f"wmttest2022.{lp}.all.xml"
        if not path.is_file():
            LOG.warning("%s missing; skipped", path)
        elif lp in _WMT_INTO_ENGLISH:
            out.extend(_wmt_into_english(path, lp, cfg))
        else:
            out.extend(_wmt_english_source(path, lp, cfg, ntrex_ids if lp == "en-hr" else frozenset()))
    return out


# ---------------------------------------------------------------------------------------------- NTREX


def load_ntrex(folder: Path, cfg: LoadConfig) -> list[Sample]:
    """newstest2019 English source, one headline/sentence per line, docs from DOCUMENT_IDS.tsv."""
    lines = _read_lines(folder / "newstest2019-src.eng.txt")
    doc_ids = [d.strip() for d in _read_lines(folder / "DOCUMENT_IDS.tsv")]
    if len(lines) != len(doc_ids):
        raise ValueError(f"{folder}: {len(lines)} lines but {len(doc_ids)} document ids")
    docs: dict[str, _Doc] = {}
    for line, doc_id in zip(lines, doc_ids, strict=True):
        text = _clean(line)
        if text:
            doc = docs.setdefault(doc_id, _Doc(doc_id, [], []))
            doc.units.append((text,))
            doc.seps.append("\n")
    return _originals(list(docs.values()), _Meta("ntrex", folder.name, "news"), cfg, _fragment_policy(cfg))


# ---------------------------------------------------------------------------------------------- MLQE

_MLQE_LANGS: Final = ("ro", "et", "ne", "si")
_MLQE_SPLITS: Final = ("train", "dev", "test20")


def _mlqe_rows(folder: Path, lang: str) -> Iterator[tuple[str, str]]:
    """(doc_id, English MT sentence) for every row of train, dev and test20, in file order."""
    lp = f"{lang}-en"
    for split in _MLQE_SPLITS:
        tsv = folder / lp / f"{split}.{lang}en.df.short.tsv"
        with tsv.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        doc_ids = _read_lines(folder / lp / f"{split}.doc_ids")
        if not rows or not doc_ids or doc_ids[0] != "doc_id" or len(doc_ids) != len(rows):
            raise ValueError(f"{tsv}: rows and doc_ids are not line-aligned")
        column = rows[0].index("translation")
        for row, doc_id in zip(rows[1:], doc_ids[1:], strict=True):
            yield doc_id, _clean(row[column])


def _group_sentences(pairs: Sequence[tuple[str, tuple[str, ...]]]) -> list[_Doc]:
    """Docs keyed by doc id in order of first appearance; sentences keep file order (they are not in text order)."""
    docs: dict[str, _Doc] = {}
    for doc_id, unit in pairs:
        doc = docs.setdefault(doc_id, _Doc(doc_id, [], []))
        doc.units.append(unit)
        doc.seps.append(" ")
    return list(docs.values())


def load_mlqe(folder: Path, cfg: LoadConfig) -> list[Sample]:
    """ro/et/ne/si->en MT (translated), et-en human references and English Wikipedia sources (original)."""
    out: list[Sample] = []
    et_doc_of: dict[str, str] = {}
    for lang in _MLQE_LANGS:
        seen: set[str] = set()
        pairs: list[tuple[str, tuple[str, ...]]] = []
        for doc_id, sentence in _mlqe_rows(folder, lang):
            if lang == "et":
                et_doc_of.setdefault(sentence, doc_id)
            # <unk> marks degenerate outputs of the QE task's research models (runs of dozens of <unk> in si-en);
            # a classifier would learn the token, not translation.
            if sentence and sentence not in seen and "<unk>" not in sentence:
                seen.add(sentence)
                pairs.append((doc_id, (sentence,)))
        meta = _Meta(f"mlqe:{lang}-en", folder.name, "wikipedia")
        # Never merge articles: the et-en human references below must share the group "mlqe:et-en:<doc_id>".
        for piece in _plan(_group_sentences(pairs), cfg.rng(meta.prefix), cfg, _single_policy(cfg)):
            system = "mlqe-fairseq"
            sample = _sample(piece, 0, meta, cfg, tag=system, label=TRANSLATED, lang=lang, system=system)
            if sample:
                out.append(sample)
    out.extend(_mlqe_et_references(folder, cfg, et_doc_of))
    out.extend(_mlqe_english_sources(folder, cfg))
    return out


def _mlqe_et_references(folder: Path, cfg: LoadConfig, et_doc_of: dict[str, str]) -> list[Sample]:
    # mt.en itself is not loaded: every line is the et-en MT of a test20 (969) or dev (31) row, already loaded
    # above. It is still read to find each reference line's Wikipedia article, because the file is shuffled
    # (not grouped by article) and its article is the group that pairs the references with that MT.
    multi = folder / "et-en-multi-hyp"
    if not multi.is_dir():
        return []
    mt, ref1, ref2 = (_read_lines(multi / name) for name in ("mt.en", "ref-1.en", "ref-2.en"))
    if not len(mt) == len(ref1) == len(ref2):
        raise ValueError(f"{multi}: mt.en, ref-1.en and ref-2.en are not line-aligned")
    pairs: list[tuple[str, tuple[str, ...]]] = []
    unmatched = 0
    for mt_line, r1, r2 in zip(mt, ref1, ref2, strict=True):
        doc_id = et_doc_of.get(_clean(mt_line))
        if doc_id is None:
            unmatched += 1
            continue
        pairs.append((doc_id, (_clean(r1), _clean(r2))))
    if unmatched:
        LOG.warning("%s: %d lines match no et-en MT row; skipped", multi, unmatched)
    meta = _Meta("mlqe:et-en", folder.name, "wikipedia")
    out: list[Sample] = []
    for piece in _plan(_group_sentences(pairs), cfg.rng("mlqe:et-en:refs"), cfg, _single_policy(cfg)):
        for version, tag in ((0, "human-ref1"), (1, "human-ref2")):
            sample = _sample(piece, version, meta, cfg, tag=tag, label=ORIGINAL, lang="et", system="human")
            if sample:
                out.append(sample)
    return out


def _mlqe_english_sources(folder: Path, cfg: LoadConfig) -> list[Sample]:
    path = folder / "en-de_en-zh.english-sources.tsv"
    if not path.is_file():
        return []
    seen: set[str] = set()
    pairs: list[tuple[str, tuple[str, ...]]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            sentence = _clean(row["english_source"])
            # 1,629 sentences occur in both the en-de and the en-zh data.
            if sentence and sentence not in seen:
                seen.add(sentence)
                pairs.append((row["doc_id"], (sentence,)))
    # Articles have only 2-3 sentences each, so they are merged; joined with a space like the MT side, which
    # is also shuffled Wikipedia sentences run together into one paragraph.
    policy = _fragment_policy(cfg, doc_sep=" ")
    return _originals(_group_sentences(pairs), _Meta("mlqe:en-src", folder.name, "wikipedia"), cfg, policy)


# ---------------------------------------------------------------------------------------------- ProtAugment

_PIVOTS: Final = ("fr", "es", "it", "de", "nl")
_NON_WORD = re.compile(r"[^\w\s]")


def _utterance_key(text: str) -> str:
    return " ".join(_NON_WORD.sub("", text.lower()).split())


def _utterance_document(lines: Sequence[str], template: Sample, cfg: LoadConfig) -> list[Sample]:
    """Consecutive utterances, one per line, up to ``max_words``; none if the block is too short."""
    kept: list[str] = []
    words = 0
    for line in lines:
        n = len(line.split())
        if words + n > cfg.max_words:
            break
        kept.append(line)
        words += n
    text = _finish("\n".join(kept))
    if not cfg.min_words <= len(text.split()) <= cfg.max_words:
        return []
    return [replace(template, text=text)]


def load_protaugment(folder: Path, cfg: LoadConfig) -> list[Sample]:
    """Round-trip (en->pivot->en) outputs of HWU64 utterances, ~25-60 utterances per pseudo-document."""
    records = [json.loads(line) for line in _read_lines(folder / "HWU64.back-translations.jsonl") if line.strip()]
    rng = cfg.rng("protaugment")
    out: list[Sample] = []
    start = block = 0
    while start < len(records):
        # About a quarter of the outputs equal their source and are skipped, so 33-80 source lines give
        # roughly 25-60 kept utterances per pivot.
        records_in_block = records[start : start + rng.randint(33, 80)]
        start += len(records_in_block)
        pivots = sorted(rng.sample(range(len(_PIVOTS)), min(cfg.max_systems_per_doc, len(_PIVOTS))))
        group = f"protaugment:b{block}"
        for p in pivots:
            outputs = [
                output
                for record in records_in_block
                if (output := _clean(record["tgt_texts"][p]))
                and _utterance_key(output) != _utterance_key(record["src_text"])
            ]
            # All pivots of one block share the group: they are translations of the same utterances.
            sample = Sample(
                f"{group}:{_PIVOTS[p]}:0", "", TRANSLATED, folder.name, group, "utterance", _PIVOTS[p], "opus-mt"
            )
            out.extend(_utterance_document(outputs, sample, cfg))
        # The source utterances themselves are original English of the same genre and content: without
        # them "utterance" would exist only as translated and a classifier could learn the genre, not the class.
        sources = [text for record in records_in_block if (text := _clean(record["src_text"]))]
        out.extend(
            _utterance_document(
                sources, Sample(f"{group}:src:0", "", ORIGINAL, folder.name, group, "utterance", "en", ""), cfg
            )
        )
        block += 1
    return out


# ---------------------------------------------------------------------------------------------- Brown


def load_brown(folder: Path, cfg: LoadConfig) -> list[Sample]:
    """500 ~2,000-word samples of 1961 American English, cut into consecutive chunks."""
    out: list[Sample] = []
    for line in _read_lines(folder / "brown.detok.jsonl"):
        if not line.strip():
            continue
        record = json.loads(line)
        units, seps = _prose_units(_clean(record["text"]))
        meta = _Meta("brown", folder.name, record["nltk_category"])
        docs = [_Doc(record["id"], units, seps)]
        for piece in _plan(docs, cfg.rng(f"brown:{record['id']}"), cfg, _fragment_policy(cfg)):
            sample = _sample(piece, 0, meta, cfg, tag="orig", label=ORIGINAL, lang="en", system="")
            if sample:
                out.append(sample)
    return out


# ---------------------------------------------------------------------------------------------- Amazon

_AMAZON_CATEGORIES: Final = ("books", "dvd", "electronics", "kitchen")
_EN_STOPWORDS: Final = frozenset(
    {
        *("the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "is", "are", "was"),
        *("were", "be", "been", "it", "this", "that", "i", "you", "he", "she", "they", "we", "my", "your", "not"),
        *("have", "has", "had", "as", "by", "from", "so", "if"),
    }
)
_LETTERS = re.compile(r"[a-z']+")


def _english_share(text: str) -> float:
    words = _LETTERS.findall(text.lower())
    return sum(w in _EN_STOPWORDS for w in words) / max(1, len(words))


def _is_english(text: str) -> bool:
    # Short English reviews ("Works great, just like ti should") can have few stopwords, so only texts long
    # enough for the share to be reliable are judged; the 5 non-English reviews have 26-74 words and share < 0.1.
    return len(text.split()) < 20 or _english_share(text) >= 0.1


def load_amazon(folder: Path, cfg: LoadConfig) -> list[Sample]:
    """Product reviews; reviews under min_words are merged 2-4 at a time within a product category."""
    out: list[Sample] = []
    seen: set[str] = set()
    dropped = Counter[str]()
    for category in _AMAZON_CATEGORIES:
        docs: list[_Doc] = []
        for polarity in ("negative", "positive"):
            path = folder / category / f"{polarity}.review"
            if not path.is_file():
                LOG.warning("%s missing; skipped", path)
                continue
            for i, review in enumerate(ET.parse(path).getroot().iter("review")):
                text = _clean(review.findtext("review_text") or "")
                if not text or text in seen:
                    dropped["duplicate/empty"] += 1
                    continue
                seen.add(text)
                if "\ufffd" in text:  # upstream lost non-ASCII letters; a marker only this corpus has
                    dropped["replacement character"] += 1
                elif not _is_english(text):
                    dropped["not English"] += 1
                else:
                    units, seps = _prose_units(text)
                    docs.append(_Doc(f"{category}-{polarity[:3]}-{i}", units, seps))
        meta = _Meta("amazon", folder.name, "review")
        out.extend(_originals(docs, meta, cfg, _natural_policy(cfg, max_docs=4), stream=category))
    LOG.debug("amazon reviews dropped: %s", dict(dropped))
    return out


# ---------------------------------------------------------------------------------------------- PubMed

_PUBTATOR_LINE = re.compile(r"^(\d+)\|([ta])\|(.*)$")


def _pubtator_articles(path: Path) -> Iterator[tuple[str, str, str]]:
    """(pmid, title, abstract) per article; annotation lines are ignored."""
    titles: dict[str, str] = {}
    abstracts: dict[str, str] = {}
    for line in _read_lines(path):
        match = _PUBTATOR_LINE.match(line)
        if match:
            pmid, kind, text = match.groups()
            (titles if kind == "t" else abstracts)[pmid] = _clean(text)
    for pmid, title in titles.items():
        yield pmid, title, abstracts.get(pmid, "")


def load_pubmed(folder: Path, cfg: LoadConfig) -> list[Sample]:
    """Biomedical titles + abstracts (CDR train/dev/test, CHR dev)."""
    out: list[Sample] = []
    for path in sorted(folder.glob("*.PubTator.txt")) + sorted(folder.glob("*.pubtator")):
        docs: list[_Doc] = []
        for pmid, title, abstract in _pubtator_articles(path):
            # Bracketed titles mark articles published in another language, whose English abstract may be a
            # translation; title-only records are not prose.
            if not abstract or title.startswith("["):
                continue
            units, seps = _prose_units(f"{title} {_TRUNCATED.sub('', abstract)}")
            docs.append(_Doc(pmid, units, seps))
        meta = _Meta("pubmed", folder.name, "biomedical")
        out.extend(_originals(docs, meta, cfg, _natural_policy(cfg), stream=path.name))
    return out


# ---------------------------------------------------------------------------------------------- tortured phrases

_QUOTED = re.compile(r'"([^"]+)"')
_PROXIMITY = re.compile(r"~\s*\d+")
_SPACED_PAREN = re.compile(r"(^|\s)\([^()]*\)")
_ATTACHED_PAREN = re.compile(r"(\w)\(([^()]*)\)")
_BRACKETED = re.compile(r"\[[^\]]*\]")
_NOTE = re.compile(r",\s*see\b.*$", re.IGNORECASE)
_QUOTE_CHARS = re.compile("[\"'\u2018\u2019\u201c\u201d]")


def _query_fingerprint(query: str) -> str | None:
    """First quoted phrase of a PPS query; None for wildcard or proximity queries (not a fixed phrase)."""
    if "*" in query or _PROXIMITY.search(query):
        return None
    match = _QUOTED.search(query)
    phrase = match.group(1) if match else query
    if not match and re.search(r"\b(?:AND|OR|NOT)\b", query):
        return None
    return " ".join(phrase.split()).lower()


def _first_alternative(text: str) -> str:
    """'renal or kidney failure' -> 'renal failure'; 'a / b' -> 'a'; 'fog/cloud computing' -> 'fog computing'."""
    text = re.split(r"\s+/\s+", text)[0]
    parts = re.split(r"\s+or\s+", text)
    if len(parts) > 1:
        first, last = parts[0].split(), parts[-1].split()
        if first and last and len(first) < len(last):
            # The shared tail ("failure") belongs to every alternative.
            if first[-1].endswith("-") and "-" in last[0]:
                first[-1] += last[0].split("-", 1)[1]
                first += last[1:]
            else:
                first += last[len(first) :]
        text = " ".join(first)
    return " ".join(w.split("/")[0] if "/" in w and not w.startswith("/") else w for w in text.split())


def _clean_expected(text: str) -> str:
    text = text.replace("\xa0", " ")
    text = _NOTE.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _SPACED_PAREN.sub(r"\1", text)
    text = _ATTACHED_PAREN.sub(r"\1\2", text)
    text = _BRACKETED.sub(" ", text).replace("?", " ")
    text = re.split(r"\s+AND\s+", text)[0]
    text = _first_alternative(" ".join(text.split()))
    text = re.sub(r"\s+([,;:])", r"\1", text)  # a removed "(acc)" leaves "accuracy , specificity"
    text = text.strip(" ,.;:").lower()
    # What is left of free-text notes ("the word 'are' as in ...") is not a phrase a spinner replaced.
    if _QUOTE_CHARS.search(text) or "http" in text or len(text.split()) > 8:
        return ""
    return text


def load_tortured_phrases(path: Path | None = None) -> list[TorturedPhrase]:
    """Tortured-phrase fingerprints from the Problematic Paper Screener export, one per (tortured, expected)."""
    path = path or default_data_dir() / "pps-tortured-phrases" / "tortured.csv"
    best: dict[tuple[str, str], int] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            tortured = _query_fingerprint(row.get("tortured_phrase") or "")
            expected = _clean_expected(row.get("expected_phrase") or "")
            if not tortured or not expected or tortured == expected:
                continue
            digits = re.sub(r"[^\d]", "", row.get("num_papers") or "")
            key = (tortured, expected)
            best[key] = max(best.get(key, 0), int(digits) if digits else 0)
    return [TorturedPhrase(t, e, n) for (t, e), n in best.items()]


# ---------------------------------------------------------------------------------------------- registry

Loader = Callable[[Path, LoadConfig], list[Sample]]

LOADERS: Final[dict[str, Loader]] = {
    "wmt22-general": load_wmt22,
    "wmt19-ntrex-en-source": load_ntrex,
    "wmt20-mlqe": load_mlqe,
    "protaugment-roundtrip": load_protaugment,
    "brown-corpus": load_brown,
    "amazon-reviews-mdsd": load_amazon,
    "pubmed-abstracts-bc5cdr-chr": load_pubmed,
}


def _config(min_words: int, max_words: int, seed: int, target_min_words: int, max_systems: int) -> LoadConfig:
    return LoadConfig(min_words, max_words, target_min_words, max_systems, seed)


def _check_unique(samples: Sequence[Sample]) -> None:
    duplicates = [sample_id for sample_id, n in Counter(s.id for s in samples).items() if n > 1]
    if duplicates:
        raise ValueError(f"duplicate sample ids, e.g. {duplicates[:3]}")


def load_source(
    name: str,
    data_dir: Path | None = None,
    *,
    min_words: int = 80,
    max_words: int = 600,
    rng_seed: int = 0,
    target_min_words: int = 150,
    max_systems_per_doc: int = 3,
) -> list[Sample]:
    """Samples of one data folder (``name`` is the folder name, a key of ``LOADERS``)."""
    if name not in LOADERS:
        raise KeyError(f"no loader for data folder {name!r}; known: {sorted(LOADERS)}")
    folder = (data_dir or default_data_dir()) / name
    if not (folder / "SOURCE.md").is_file():
        raise FileNotFoundError(f"{folder} is not a data folder (no SOURCE.md)")
    samples = LOADERS[name](folder, _config(min_words, max_words, rng_seed, target_min_words, max_systems_per_doc))
    _check_unique(samples)
    return samples


def load_all(
    data_dir: Path | None = None,
    *,
    min_words: int = 80,
    max_words: int = 600,
    rng_seed: int = 0,
    target_min_words: int = 150,
    max_systems_per_doc: int = 3,
) -> list[Sample]:
    """Samples of every data folder (subfolder with a SOURCE.md) that has a loader, in folder-name order."""
    root = data_dir or default_data_dir()
    if not root.is_dir():
        raise FileNotFoundError(f"data folder {root} not found (set ARTIFACTDET_SHARED)")
    cfg = _config(min_words, max_words, rng_seed, target_min_words, max_systems_per_doc)
    samples: list[Sample] = []
    for folder in sorted(p for p in root.iterdir() if (p / "SOURCE.md").is_file()):
        loader = LOADERS.get(folder.name)
        if loader is not None:
            samples.extend(loader(folder, cfg))
        elif folder.name not in _LEXICON_FOLDERS:
            LOG.warning("no loader for data folder %s; skipped", folder)
    _check_unique(samples)
    return samples


def summarize(samples: Sequence[Sample]) -> dict[tuple[str, str, str, str], int]:
    """Sample counts per (label, source, genre, lang), sorted by key."""
    counts = Counter((s.label, s.source, s.genre, s.lang) for s in samples)
    return dict(sorted(counts.items()))
