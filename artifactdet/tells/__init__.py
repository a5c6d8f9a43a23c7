"""The tell registry: every tell family is listed here, once, in a fixed order the model's columns follow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from artifactdet.analysis import Document
from artifactdet.resources import Resources
from artifactdet.tells.articles import ArticleAgreement
from artifactdet.tells.base import Evidence, EvidenceKind, Tell, TellOutput, per_1k
from artifactdet.tells.casing import CasingAnomalies
from artifactdet.tells.collocations import BrokenCollocations
from artifactdet.tells.context import ContextFit
from artifactdet.tells.expansions import OddExpansions
from artifactdet.tells.fluency import PairFluency
from artifactdet.tells.fragments import Fragments
from artifactdet.tells.glued import GluedWords
from artifactdet.tells.names import NameSwaps
from artifactdet.tells.numbers import NumberWords
from artifactdet.tells.profile import StyleProfile
from artifactdet.tells.provenance import ProvenanceMarkers
from artifactdet.tells.quotes import UnbalancedQuotes
from artifactdet.tells.repeats import Repeats
from artifactdet.tells.synonyms import RareSynonyms
from artifactdet.tells.tortured import TorturedPhrases
from artifactdet.tells.translit import Transliteration
from artifactdet.validate import RELIABLE_MIN_WORDS

TELLS: Final[tuple[Tell, ...]] = (
    # spinning
    TorturedPhrases(),
    NameSwaps(),
    NumberWords(),
    OddExpansions(),
    RareSynonyms(),
    BrokenCollocations(),
    PairFluency(),
    ContextFit(),
    ArticleAgreement(),
    # translation
    UnbalancedQuotes(),
    GluedWords(),
    Fragments(),
    CasingAnomalies(),
    Transliteration(),
    Repeats(),
    StyleProfile(),
    # provenance
    ProvenanceMarkers(),
)

# Evidence of one kind is interchangeable: a document with a spun name is as suspect as one with a decade in
# words, though training data may hold more of one than the other. These aggregates let the model learn
# "spin evidence" as such, not only each tell that happened to fire in its training data.
AGGREGATES: Final = (
    "evidence.spin_weight_per_1k",
    "evidence.spin_tells",
    "evidence.translation_weight_per_1k",
    "evidence.translation_tells",
)
FEATURE_NAMES: Final[tuple[str, ...]] = (*(name for tell in TELLS for name in tell.feature_names), *AGGREGATES)


# Spinning tells whose evidence is shown only where the attested word pairs (``Resources.attested``) do not
# vouch for the words: a flagged pair the language model holds, or a flagged word it has seen beside both its
# neighbours, is what people write, and a reviewer led there is misled. On the test split this withholds the
# evidence of 75% -> 55% of original documents, and of 88-98% -> 80-97% of spun ones
# (``training.experiments.spin_evidence_rates``). The features still count every flag: computed from gated
# flags, the leave-one-out spun ROC-AUC fell from 0.919 to 0.895 (the Aiksaurus fold, whose spins no lexicon
# link explains, lost most), so the gate decides what is shown, not what the model reads.
SHOWN_WHERE_UNATTESTED: Final = frozenset({"collocations", "context", "rare_synonyms"})


# A word that fits its neighbours worse than a word it can stand for, or is far rarer than one, is something
# people write now and then; a spinner leaves many, and other tells fire beside them. In a text long enough to be
# rated reliably these tells' flags are shown only where the spinning evidence of every tell (after the
# attested-pairs gate) comes to at least DENSE_PER_1K per 1,000 words. Chosen on 5,000 training-split documents
# (2026-11-23): documents showing these flags, originals 50.3% -> 16.8%, human translations 35.0% -> 9.1%,
# machine translations 48.1% -> 7.3%, spun with WordNet 95.0% -> 88.0%, MyThes 93.6% -> 86.3%, Aiksaurus 72.4% ->
# 44.4%. Counting these tells' flags alone (10 of them per 1,000 words) kept fewer in spun text (83.6%, 82.2%,
# 34.1%) and hid all 15 in the one real spinner's article among the seeds (9.9 per 1,000 words, most of them
# true swaps); with every tell it has 24. Shorter texts (a sentence under review) show every flag.
SHOWN_WHERE_DENSE: Final = frozenset({"context", "rare_synonyms"})
DENSE_PER_1K: Final = 10.0


def shown(doc: Document, res: Resources, evidence: list[Evidence]) -> list[Evidence]:
    """The evidence a reviewer is shown: ``evidence`` without the flags marked not to be shown, without what
    the attested pairs vouch for, and without the flags of ``SHOWN_WHERE_DENSE`` in a long text where spinning
    evidence is sparse."""
    out = []
    for e in evidence:
        if not e.shown:
            continue
        if e.tell in SHOWN_WHERE_UNATTESTED:
            # The normalised view, as the pair keys and the table are written (curly apostrophes straightened).
            words = doc.norm[e.start : e.end].lower().split()
            if len(words) == 2:
                if " ".join(words) in res.attested:
                    continue
            elif len(words) == 1 and res.attested.vouches(doc, e.start):
                continue
        out.append(e)
    if doc.n_words >= RELIABLE_MIN_WORDS and any(e.tell in SHOWN_WHERE_DENSE for e in out):
        spin = sum(e.kind == "spin" for e in out)
        if per_1k(spin, doc.n_words) < DENSE_PER_1K:
            out = [e for e in out if e.tell not in SHOWN_WHERE_DENSE]
    return out


@dataclass(frozen=True)
class Extraction:
    features: npt.NDArray[np.float64]
    evidence: tuple[Evidence, ...]


def run_tells(doc: Document, res: Resources) -> Extraction:
    """Run every registered tell on one analysed document."""
    values: list[float] = []
    evidence: list[Evidence] = []
    for tell in TELLS:
        out = tell(doc, res)
        values.extend(out.features[name] for name in tell.feature_names)
        evidence.extend(out.evidence)
    evidence.sort(key=lambda e: (e.start, e.end, e.tell))
    for kind in ("spin", "translation"):
        mine = [e for e in evidence if e.kind == kind and e.counted]
        values.append(per_1k(sum(e.weight for e in mine), doc.n_words))
        values.append(float(len({e.tell for e in mine})))
    return Extraction(np.asarray(values, dtype=np.float64), tuple(shown(doc, res, evidence)))


__all__ = [
    "DENSE_PER_1K",
    "FEATURE_NAMES",
    "SHOWN_WHERE_DENSE",
    "SHOWN_WHERE_UNATTESTED",
    "TELLS",
    "Evidence",
    "EvidenceKind",
    "Extraction",
    "Tell",
    "TellOutput",
    "run_tells",
]
