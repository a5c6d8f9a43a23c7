"""The word pairs of a general English language model, as a table of hashes the tells look pairs up in.

The statistics split and symspellpy's Google Books list hold about a quarter of a million word pairs, so most
pairs of ordinary prose are missing from them, and a missing pair looked like a spinner's broken collocation:
the collocations tell fired on 28% of original test documents. The US English trigram model that ships in the
``pocketsphinx`` wheel (CMU Sphinx, BSD licence) has about two million bigrams; a pair it holds is attested.

    python -m training.lm_pairs [--out artifactdet/resources/attested_pairs.npy]

pocketsphinx reads its binary model; this writes it out as ARPA text in a child process and keeps the bigram
section. Its ARPA writer crashes (SIGSEGV, pocketsphinx 5.1.1) in the trigram section, after the bigrams; the
crash loses what the writer had buffered, the last few dozen bigrams, and how many varies from run to run
(measured: 36 and 67 of 2,051,547). The writer orders bigrams by their second word, alphabetically, so the
table keeps only bigrams whose second word sorts before ``CUT`` (dropping about 780, 0.04%) and the dump is
accepted only when it reached past ``CUT``: then every kept bigram was written, and two builds are identical.
"""

from __future__ import annotations

import argparse
import logging
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt

from artifactdet.lexicon import FUNCTION_WORDS
from artifactdet.pairs import ATTESTED_FILE, pair_hash

log = logging.getLogger(__name__)

MIN_SHARE = 0.999
CUT = "zo"
# Words as the analysis writes them lowercased: a letter first, then letters, apostrophes or hyphens.
_WORD = re.compile(r"^[a-z][a-z'\-]*$")
_DUMP = """
import os, sys
import pocketsphinx as ps
model = os.path.join(ps.get_model_path(), "en-us", "en-us.lm.bin")
ps.NGramModel.readfile(model).write(sys.argv[1], ps.NGramModel.str_to_type("arpa"))
"""


def dump_arpa(out: Path) -> None:
    """Write pocketsphinx's US English model as ARPA text to ``out`` (see the module note on the crash)."""
    try:
        import pocketsphinx  # noqa: F401
    except ImportError as exc:
        raise SystemExit("pocketsphinx is not installed: pip install -e '.[train]'") from exc
    done = subprocess.run([sys.executable, "-c", _DUMP, str(out)], check=False)
    if done.returncode != 0:
        log.info("pocketsphinx's ARPA writer exited with %d (expected: it crashes after the bigrams)", done.returncode)


def read_bigrams(arpa: Path, cut: str = CUT) -> Iterator[tuple[str, str]]:
    """The bigrams of an ARPA file whose second word sorts before ``cut`` (fields separated by tabs or spaces).

    Fails when the bigram section does not reach past ``cut`` or holds under ``MIN_SHARE`` of its declared count.
    """
    return ((a, b) for _, a, b in bigram_rows(arpa, cut))


def bigram_rows(arpa: Path, cut: str = CUT) -> Iterator[tuple[str, str, str]]:
    """(log10 probability as written, first word, second word) of the bigrams ``read_bigrams`` reads, with its
    checks."""
    declared = 0
    read = 0
    past_cut = False
    section = ""
    with arpa.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith("ngram 2="):
                declared = int(line.split("=", 1)[1])
            elif line.startswith("\\"):
                section = line.strip()
            elif section == "\\2-grams:":
                parts = line.split()
                if len(parts) >= 3:
                    read += 1
                    if parts[2] >= cut:
                        past_cut = True
                    else:
                        yield parts[0], parts[1], parts[2]
    if not declared or read < MIN_SHARE * declared or not past_cut:
        raise ValueError(
            f"{arpa}: read {read} bigrams of the {declared} the header declares"
            + ("" if past_cut else f", none with a second word from {cut!r} on: the dump stopped early")
        )
    log.info("%s: %d of %d bigrams read", arpa.name, read, declared)


def attested_hashes(bigrams: Iterator[tuple[str, str]]) -> npt.NDArray[np.uint32]:
    """Sorted unique hashes of the pairs a tell can ask about: two words, not both function words."""
    keys = {
        pair_hash(f"{a} {b}")
        for a, b in bigrams
        if _WORD.match(a) and _WORD.match(b) and not (a in FUNCTION_WORDS and b in FUNCTION_WORDS)
    }
    return np.array(sorted(keys), dtype=np.uint32)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = Path(__file__).resolve().parent.parent / "artifactdet" / "resources" / ATTESTED_FILE
    parser.add_argument("--out", type=Path, default=default)
    parser.add_argument("--arpa", type=Path, default=None, help="an ARPA file to read instead of pocketsphinx's")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory() as tmp:
        arpa = args.arpa or Path(tmp) / "en-us.arpa"
        if args.arpa is None:
            dump_arpa(arpa)
        table = attested_hashes(read_bigrams(arpa))
    with args.out.open("wb") as fh:
        np.save(fh, table, allow_pickle=False)
    print(f"wrote {args.out}: {len(table)} pair hashes ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
