"""Shared fixtures: a tiny hand-written lexicon for tell tests, paths to the shared data and seeds."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest
import zstandard

from artifactdet.resources import RESOURCE_FORMAT, Resources, from_payload

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ARTIFACTDET_SHARED", str(REPO.parent / "shared")))
SEEDS = SHARED / "seeds"

# Zipf frequencies of the words the tell tests use (real magnitudes, rounded).
_ZIPF = {
    "the": 7.7,
    "to": 7.4,
    "of": 7.4,
    "and": 7.3,
    "in": 7.3,
    "a": 7.3,
    "is": 7.0,
    "for": 7.0,
    "on": 6.9,
    "that": 7.0,
    "it": 6.9,
    "was": 6.8,
    "he": 6.7,
    "said": 6.3,
    "went": 5.7,
    "home": 5.9,
    "dwelling": 3.3,
    "house": 5.9,
    "department": 5.1,
    "division": 4.7,
    "state": 5.8,
    "secretary": 4.8,
    "defense": 5.0,
    "protection": 4.6,
    "security": 5.3,
    "safety": 5.0,
    "national": 5.5,
    "nationwide": 4.1,
    "council": 5.0,
    "taliban": 4.2,
    "talk": 5.6,
    "talks": 5.0,
    "with": 7.1,
    "computer": 5.2,
    "laptop": 4.7,
    "science": 5.2,
    "gains": 4.4,
    "made": 6.1,
    "rapid": 4.6,
    "speedy": 3.6,
    "okay": 5.4,
    "influence": 4.7,
    "affect": 4.7,
    "chinese": 5.0,
    "language": 5.2,
    "officials": 5.0,
    "met": 5.2,
    "minister": 5.0,
    "foreign": 5.1,
    "government": 5.6,
    "biden": 5.0,
    "joe": 5.3,
    "visited": 4.9,
    "washington": 5.0,
    "water": 5.6,
    "relationship": 5.1,
    "bilateral": 3.8,
    "cooperation": 4.6,
    "be": 6.9,
    "will": 6.6,
    "they": 6.8,
    "into": 6.3,
    "not": 6.8,
    "more": 6.5,
    "all": 6.6,
    "heard": 5.0,
    "prize": 4.7,
    "by": 6.6,
    "under": 6.0,
    "strong": 5.4,
    "president": 5.6,
    "friday": 5.1,
    "has": 6.7,
    "spoken": 4.3,
    # the article tell's sentences
    "enormous": 3.9,
    "huge": 4.9,
    "big": 5.6,
    "rise": 5.0,
    "old": 5.8,
    "hour": 5.3,
    "honest": 4.8,
    "university": 5.2,
    "umbrella": 3.9,
    "urban": 4.6,
    "area": 5.4,
    "one-off": 3.5,
    "sms": 3.7,
    "rally": 4.4,
}


@pytest.fixture(scope="session")
def tiny() -> Resources:
    payload = {
        "format": RESOURCE_FORMAT,
        "zipf": {w: round(z * 100) for w, z in _ZIPF.items()},
        "reverse_synonyms": {
            "division": ["department"],
            "protection": ["defense", "security"],
            "dwelling": ["home", "house"],
            "safety": ["security"],
            "nationwide": ["national"],
            "laptop": ["computer"],
            "speedy": ["rapid"],
            "affect": ["influence"],
            "chinese language": ["chinese"],
            "enormous": ["huge", "big", "immense"],
        },
        "terms": {
            "state department": 50,
            "defense secretary": 50,
            "national security": 50,
            "national security council": 50,
            "computer science": 50,
            "white house": 50,
            "wall street": 50,
            "united nations": 50,
            "premier league": 4,
            "big data": 50,
            "world bank": 50,
            "blood pressure": 50,
            "red cross": 50,
        },
        "names": [
            "state department",
            "defense secretary",
            "national security council",
            "white house",
            "wall street",
            "united nations",
            "premier league",
            "world bank",
            "red cross",
        ],
        "bigrams": {
            "went home": 40,
            "rapid gains": 8,
            "chinese influence": 6,
            "strong cooperation": 3,
            "big data": 60,
            "world bank": 80,
            "world fund": 5,
            "a huge": 30,
            "huge rise": 4,
            "big rise": 1,
        },
        "tortured": {"counterfeit consciousness": "artificial intelligence", "profound learning": "deep learning"},
        "related": {
            "avenue": [["street", "narrower"]],
            "countries": [["nations", "synonym"]],
            "association": [["league", "broader"]],
            "larger": [["big", "similar"]],
            "fund": [["bank", "related"]],
            # neighbours: words used in the same contexts (training.neighbours), no thesaurus's link
            "stress": [["pressure", "neighbour"]],
            "purple": [["red", "neighbour"]],
            "gizmo": [["pressure", "neighbour"]],
        },
        "common": [
            "okay",
            "language",
            "home",
            "house",
            "dwelling",
            "water",
            "department",
            "division",
            "led",
            "style",
            "defense",
            "security",
            "national",
            "computer",
            "rapid",
            "influence",
            "stress",
            "purple",
        ],
    }
    return from_payload(payload, digest="tiny")


def read_any(path: Path) -> list[dict[str, Any]]:
    """JSON lines of an output file, plain, .gz or .zst."""
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    elif path.name.endswith(".zst"):
        data = zstandard.ZstdDecompressor().decompressobj().decompress(data)
    return [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
