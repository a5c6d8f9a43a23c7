"""The tell registry: every tell family is listed here, once, in a fixed order the model's columns follow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from artifactdet.analysis import Document
from artifactdet.resources import Resources
from artifactdet.tells.base import Evidence, EvidenceKind, Tell, TellOutput
from artifactdet.tells.casing import CasingAnomalies
from artifactdet.tells.collocations import BrokenCollocations
from artifactdet.tells.expansions import OddExpansions
from artifactdet.tells.fragments import Fragments
from artifactdet.tells.glued import GluedWords
from artifactdet.tells.names import NameSwaps
from artifactdet.tells.numbers import NumberWords
from artifactdet.tells.profile import StyleProfile
from artifactdet.tells.provenance import ProvenanceMarkers
from artifactdet.tells.quotes import UnbalancedQuotes
from artifactdet.tells.synonyms import RareSynonyms
from artifactdet.tells.tortured import TorturedPhrases
from artifactdet.tells.translit import Transliteration

TELLS: Final[tuple[Tell, ...]] = (
    # spinning
    TorturedPhrases(),
    NameSwaps(),
    NumberWords(),
    OddExpansions(),
    RareSynonyms(),
    BrokenCollocations(),
    # translation
    UnbalancedQuotes(),
    GluedWords(),
    Fragments(),
    CasingAnomalies(),
    Transliteration(),
    StyleProfile(),
    # provenance
    ProvenanceMarkers(),
)

FEATURE_NAMES: Final[tuple[str, ...]] = tuple(name for tell in TELLS for name in tell.feature_names)


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
    return Extraction(np.asarray(values, dtype=np.float64), tuple(evidence))


__all__ = ["FEATURE_NAMES", "TELLS", "Evidence", "EvidenceKind", "Extraction", "Tell", "TellOutput", "run_tells"]
