"""Input checks shared by the library, the CLI and the API: each refusal has a stable code and a clear message."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Final

from artifactdet.errors import InputError
from artifactdet.lexicon import FUNCTION_WORDS

DEFAULT_MAX_CHARS: Final = 200_000
# Below this many words a document still gets scores, but they are marked unreliable.
RELIABLE_MIN_WORDS: Final = 50
# English prose is 40-55% function words; other Latin-script languages share only a few short forms ("a",
# "me", "no"), so under this share a text of this many words is not English.
ENGLISH_MIN_FUNCTION_SHARE: Final = 0.12
LANGUAGE_CHECK_MIN_WORDS: Final = 20


@dataclass(frozen=True)
class Limits:
    max_chars: int = DEFAULT_MAX_CHARS
    check_language: bool = True


DEFAULT_LIMITS: Final = Limits()

# Characters counted as control characters (binary data), but not the white space text uses.
_CONTROL_CATEGORIES: Final = ("Cc", "Cs", "Co")
_SPACE_CONTROLS: Final = "\n\r\t\f"
# The ones ASCII has, read from the same Unicode table at import: in ASCII text one scan counts them all.
_ASCII_CONTROL_RE: Final = re.compile(
    "["
    + "".join(
        re.escape(c)
        for c in map(chr, range(128))
        if c not in _SPACE_CONTROLS and unicodedata.category(c) in _CONTROL_CATEGORIES
    )
    + "]"
)


def decode_utf8(data: bytes, where: str = "input") -> str:
    """Bytes to text, refusing invalid UTF-8 with the byte offset instead of guessing an encoding."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            "invalid_utf8", f"{where} is not valid UTF-8 (bad byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def validate_text(text: object, limits: Limits = DEFAULT_LIMITS) -> str:
    """Return ``text`` if it can be scored, else raise :class:`InputError` saying why."""
    if not isinstance(text, str):
        raise InputError("not_text", f"text must be a string, got {type(text).__name__}")
    if not text.strip():
        raise InputError("empty", "text is empty or only white space")
    if len(text) > limits.max_chars:
        raise InputError("too_long", f"text has {len(text):,} characters; the limit is {limits.max_chars:,}")
    if "\x00" in text:
        raise InputError("binary", "text contains NUL bytes: binary data, not text")
    sample = text[:20_000]
    chars: Counter[str] | None = None
    if sample.isascii():  # most text: one regex scan, not a count of every character (~0.15 ms a document)
        controls = len(_ASCII_CONTROL_RE.findall(sample))
    else:
        # Characters are judged once per distinct character, not once per occurrence: a text has a few dozen.
        chars = Counter(sample)
        controls = sum(
            n for c, n in chars.items() if c not in _SPACE_CONTROLS and unicodedata.category(c) in _CONTROL_CATEGORIES
        )
    if controls > max(2, len(sample) // 100):
        raise InputError("binary", f"text has {controls} control characters in its first {len(sample)}: binary data")
    if limits.check_language:
        check_english(sample, chars)
    return text


def check_english(sample: str, chars: Counter[str] | None = None) -> None:
    """Refuse text that is not English. ``chars`` is ``Counter(sample)`` when the caller has it already."""
    words = sample.lower().split()
    if not sample.isascii():  # every ASCII letter is Latin: such text passes the script check without counting
        if chars is None:
            chars = Counter(sample)
        # Counted per distinct character and word: the same totals as a pass over every one, far fewer steps.
        letters = latin = 0
        for c, n in chars.items():
            if c.isalpha():
                letters += n
                if c < "\u0250":
                    latin += n
        if letters >= 40 and latin / letters < 0.5:
            raise InputError("not_english", "text is mostly in a non-Latin script; only English is scored")
    if len(words) >= LANGUAGE_CHECK_MIN_WORDS:
        function = sum(n for w, n in Counter(words).items() if w.strip(".,;:!?\"'()") in FUNCTION_WORDS)
        share = function / len(words)
        if share < ENGLISH_MIN_FUNCTION_SHARE:
            raise InputError(
                "not_english",
                f"only {share:.0%} of the words are English function words (English text has 40% or more); "
                "only English is scored",
            )
