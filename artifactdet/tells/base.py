"""What every tell returns: named numeric features and evidence spans that say where and why."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from artifactdet.analysis import Document, Token
    from artifactdet.resources import Resources

EvidenceKind = Literal["spin", "translation", "provenance"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One place in the text where a tell fired.

    ``start``/``end`` index the caller's text; ``reason`` says why in words a reviewer can check;
    ``suggestion`` is the likely original phrase when the tell can tell (spinning, glued words). ``shown``
    False: a flag the features and evidence aggregates count but a reviewer is not shown, because on its own
    it is what people write too (``artifactdet.tells.shown``). ``counted`` False: the reverse, a flag shown to a
    reviewer that no feature or aggregate counts, because the model was measured to do worse with it.
    """

    start: int
    end: int
    kind: EvidenceKind
    tell: str
    reason: str
    suggestion: str | None = None
    weight: float = 1.0
    shown: bool = True
    counted: bool = True


@dataclass(slots=True)
class TellOutput:
    features: dict[str, float]
    evidence: list[Evidence] = field(default_factory=list)


class Tell(Protocol):
    """A family of related signals. ``feature_names`` is fixed: the model's columns depend on it."""

    name: str
    kind: EvidenceKind
    feature_names: tuple[str, ...]

    def __call__(self, doc: Document, res: Resources) -> TellOutput: ...


def per_1k(count: float, n_words: int) -> float:
    """A count as a rate per thousand words; documents of every length compare on one scale."""
    return 1000.0 * count / max(n_words, 1)


def may_match(doc: Document, *needles: str) -> bool:
    """False when a case-insensitive (``re.I``) pattern, every match of which contains one of ``needles``
    (lowercase ASCII), cannot match ``doc.norm``: a substring test instead of a regex scan.

    An ``re.I`` pattern made of letters has no fast literal search and is tried at every position (~60 us a
    document each). The test is exact only on ASCII text: ``re.I`` also matches some non-ASCII letters to ASCII
    ones ("\u017f" to "s", "\u0130" to "i") where ``str.lower`` does not, so other text always gets the scan.
    """
    lowered = doc.ascii_lower
    return lowered is None or any(needle in lowered for needle in needles)


def word_runs(doc: Document) -> Iterator[Sequence[Token]]:
    """Maximal runs of word tokens inside one sentence with no punctuation between them.

    Spins and broken collocations live inside such runs; a comma or a sentence end breaks a phrase.
    The runs are cut once per document (:attr:`Document.word_runs`); this walks them.
    """
    return iter(doc.word_runs)


def ngrams(run: Sequence[Token], n: int) -> Iterable[tuple[int, Sequence[Token]]]:
    for i in range(len(run) - n + 1):
        yield i, run[i : i + n]
