"""Measure spinning evidence with the shipped resources: are spins on no list found, and is the original named?

Two test sets, neither seen by any tell or resource:

- ``training/evidence_cases.py``: hand-written sentences, each with a spun version and the expected original, in
  four sets; each set after the first was written before the changes it first measured, and the latest one is
  the fair estimate (the earlier ones have been read miss by miss).
- the held-out tenth of the Problematic Paper Screener list (``training.splits.pps_held_out``, kept off the
  shipped lexicon): each held-out tortured phrase is put into a template sentence, once as the expected phrase
  (plain) and once as the tortured phrase (spun).

Measured per set: span recall (the spun phrase overlaps spinning evidence), span precision (spinning evidence
on spun sentences that overlaps a spun phrase), suggestion accuracy (the original ``restore`` puts back equals
the expected phrase, case-insensitive, compared over the union of the two spans so a wider or narrower span
with the right words still counts), full restoration (the restored sentence equals the plain one), and the
share of plain sentences with any spinning evidence. Misses are listed with facts from the resources that say
why (no link in the lexicon, original not a known term, more than one word swapped...).

    python -m training.evaluate_evidence [--out training/evidence_report.json] [--show-pps-misses N] [--lexicon P]

Only numbers and the hand-written sentences go into the JSON report: the PPS phrases stay in the shared
data folder (``--show-pps-misses`` prints some to the terminal for diagnosis).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from artifactdet.analysis import analyse
from artifactdet.resources import Resources, load_resources
from artifactdet.restore import Restored, restore
from artifactdet.tells import run_tells
from artifactdet.tells.base import Evidence
from training.evidence_cases import CASES, FOURTH_CASES, FRESH_CASES, PPS_TEMPLATES, THIRD_CASES, Case
from training.splits import bucket, pps_held_out

DEFAULT_OUT = Path(__file__).resolve().parent / "evidence_report.json"
TARGETS = {"span_recall": 0.90, "suggestion_accuracy": 0.75, "plain_spin_rate": 0.05}


@dataclass
class Outcome:
    """One spun sentence (and its plain twin) through the tells and ``restore``."""

    id: str
    group: str  # category for hand-written cases, "pps" for the list
    plain: str
    spun: str
    span: tuple[int, int]
    original: str
    accepted: frozenset[str]  # originals that count as right (the list may give several)
    found: bool = False
    exact_span: bool = False
    suggestion_right: bool = False
    any_suggestion_right: bool = False
    restored_fully: bool = False
    on_list: bool = False
    tells: list[str] = field(default_factory=list)
    hits: list[Evidence] = field(default_factory=list)  # spinning evidence overlapping the spun phrase
    suggestion: str | None = None
    stray: list[Evidence] = field(default_factory=list)  # spinning evidence on the spun sentence elsewhere
    plain_spin: list[Evidence] = field(default_factory=list)
    why: list[str] = field(default_factory=list)


def _overlaps(e: Evidence, span: tuple[int, int]) -> bool:
    return e.start < span[1] and span[0] < e.end


def _local(text: str, span: tuple[int, int], changes: Sequence[tuple[int, int, str]]) -> tuple[str, int, int]:
    """``text`` over the union of ``span`` and ``changes`` with the changes applied, and that union."""
    lo = min([span[0], *(c[0] for c in changes)])
    hi = max([span[1], *(c[1] for c in changes)])
    out, pos = [], lo
    for start, end, replacement in sorted(changes):
        out += [text[pos:start], replacement]
        pos = end
    out.append(text[pos:hi])
    return "".join(out), lo, hi


def _right(text: str, span: tuple[int, int], changes: Sequence[tuple[int, int, str]], accepted: frozenset[str]) -> bool:
    if not changes:
        return False
    got, lo, hi = _local(text, span, changes)
    return any(got.casefold() == (text[lo : span[0]] + a + text[span[1] : hi]).casefold() for a in accepted)


def spin_evidence(text: str, res: Resources) -> list[Evidence]:
    return [e for e in run_tells(analyse(text), res).evidence if e.kind == "spin"]


def judge(o: Outcome, res: Resources) -> Outcome:
    evidence = run_tells(analyse(o.spun), res).evidence
    spin = [e for e in evidence if e.kind == "spin"]
    hits = [e for e in spin if _overlaps(e, o.span)]
    o.hits = hits
    o.found = bool(hits)
    o.exact_span = any((e.start, e.end) == o.span for e in hits)
    o.tells = sorted({e.tell for e in hits})
    o.on_list = "tortured" in o.tells
    o.stray = [e for e in spin if not _overlaps(e, o.span)]
    restored: Restored = restore(o.spun, evidence)
    applied = [(a.start, a.end, a.replacement) for a in restored.applied if a.start < o.span[1] and o.span[0] < a.end]
    o.suggestion = _local(o.spun, o.span, applied)[0] if applied else None
    o.suggestion_right = _right(o.spun, o.span, applied, o.accepted)
    o.any_suggestion_right = any(
        _right(o.spun, o.span, [(e.start, e.end, e.suggestion)], o.accepted) for e in hits if e.suggestion
    )
    o.restored_fully = restored.text.casefold() == o.plain.casefold()
    o.plain_spin = spin_evidence(o.plain, res)
    return o


# ------------------------------------------------------------------------------------------------ diagnosis


def diagnose(spin: str, original: str, res: Resources) -> list[str]:
    """Facts from the shipped resources that bear on whether a swap can be found and undone."""
    facts: list[str] = []
    sw, ow = spin.lower().split(), original.lower().split()
    orig_l = original.lower()
    if orig_l in res.terms:
        facts.append(f"'{orig_l}' is a known term ({res.terms[orig_l]})" + (" and name" if orig_l in res.names else ""))
    elif len(ow) > 1:
        facts.append(f"'{orig_l}' is not in the terms list")
    if len(ow) == 2:
        facts.append(f"bigram counts: original {res.bigrams.get(orig_l, 0)}, spun {res.bigrams.get(' '.join(sw), 0)}")
    if len(sw) == len(ow):
        diffs = [(s, w) for s, w in zip(sw, ow, strict=True) if s != w]
        if len(diffs) > 1:
            facts.append(f"{len(diffs)} words swapped; the tells undo one swap per phrase")
        for s, w in diffs:
            links = res.reverse_synonyms.get(s, ())
            if w in links:
                facts.append(f"thesaurus links '{s}' -> '{w}' (zipf {res.freq(s):.1f} -> {res.freq(w):.1f})")
            else:
                facts.append(f"thesaurus has no link '{s}' -> '{w}' (it lists {list(links[:4]) or 'nothing'})")
            how = dict(res.related.get(s, ())).get(w)
            if how is not None:
                facts.append(f"the names tell's relations link '{s}' -> '{w}' ({how})")
            if w not in res.common:
                facts.append(f"'{w}' is not in the common vocabulary names may be restored from")
    else:
        key = " ".join(sw)
        facts.append(
            f"{len(sw)} words for {len(ow)}: an expansion; reverse thesaurus for '{key}': "
            f"{list(res.reverse_synonyms.get(key, ())[:4]) or 'nothing'}"
        )
    return facts


# Neither a reverse-thesaurus link nor one of the names tell's relations (thesaurus relations, neighbours).
NO_LINK = "no link in the lexicon"


def miss_cause(o: Outcome, res: Resources) -> str:
    """One label for why a spin was missed or restored wrongly, for the summary table."""
    if o.found and not o.suggestion_right:
        return "found, wrong or no suggestion"
    if o.group == "number":
        return "number pattern not covered"
    if o.group == "expansion":
        return "expansion pattern not covered"
    sw, ow = o.spun[o.span[0] : o.span[1]].lower().split(), o.original.lower().split()
    if len(sw) != len(ow):
        return "different word count (not a one-word swap)"
    diffs = [(s, w) for s, w in zip(sw, ow, strict=True) if s != w]
    if len(diffs) > 1:
        return "more than one word swapped"
    s, w = diffs[0]
    if w not in res.reverse_synonyms.get(s, ()) and w not in dict(res.related.get(s, ())):
        return NO_LINK
    key = " ".join(ow)
    if len(ow) == 2 and o.group in ("collocation", "pps") and res.bigrams.get(" ".join(sw), 0):
        return "spun pair is attested English"
    if key not in res.terms and (o.group in ("name", "term") or len(ow) > 2):
        return "original not a known term"
    if len(ow) == 2 and res.bigrams.get(key, 0) < 5:
        return "original pair too rare in the bigram counts"
    return "linked, but a tell's filter rejected it"


# ----------------------------------------------------------------------------------------------- test sets


def case_outcomes(cases: Sequence[Case], res: Resources) -> list[Outcome]:
    out: list[Outcome] = []
    for c in cases:
        o = judge(Outcome(c.id, c.category, c.plain, c.spun, c.span, c.original, frozenset({c.original})), res)
        if not o.suggestion_right:
            o.why = diagnose(c.spin, c.original, res)
        out.append(o)
    return out


def held_out_pps(res: Resources, path: Path | None = None) -> dict[str, Counter[str]]:
    """Held-out tortured phrase -> its expected phrases weighted by papers, filtered as the lexicon is filtered."""
    from training.data import load_tortured_phrases

    expected: dict[str, Counter[str]] = defaultdict(Counter)
    for row in load_tortured_phrases(path):
        phrase = " ".join(row.tortured.split())
        # The lexicon skips single words and pairs original English uses; the same rows are not spins here.
        if len(phrase.split()) < 2 or res.bigrams.get(phrase, 0) >= 3 or not pps_held_out(phrase):
            continue
        expected[phrase][row.expected] += max(row.num_papers, 1)
    return expected


def pps_outcomes(res: Resources, path: Path | None = None) -> tuple[list[Outcome], dict[str, int]]:
    """One template sentence per held-out tortured phrase, filtered as the shipped lexicon is filtered."""
    expected = held_out_pps(res, path)
    leaked = sum(1 for p in expected if p in res.tortured)
    out: list[Outcome] = []
    for phrase, originals in sorted(expected.items()):
        best = originals.most_common(1)[0][0]
        template = PPS_TEMPLATES[bucket(phrase, "evidence-template") % len(PPS_TEMPLATES)]
        start = template.index("{}")
        plain, spun = template.format(best), template.format(phrase)
        o = judge(
            Outcome(f"pps-{len(out)}", "pps", plain, spun, (start, start + len(phrase)), best, frozenset(originals)),
            res,
        )
        if not o.suggestion_right:
            o.why = diagnose(phrase, best, res)
        out.append(o)
    return out, {"held_out_phrases": len(expected), "in_shipped_lexicon": leaked}


# ----------------------------------------------------------------------------------------------- metrics


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def summarise(outcomes: Sequence[Outcome], res: Resources) -> dict[str, Any]:
    """Headline metrics over spins on no list (any case a list entry caught is counted apart)."""
    scored = [o for o in outcomes if not o.on_list]
    n = len(scored)
    found = sum(o.found for o in scored)
    hit_evidence = sum(len(o.hits) for o in scored)
    stray = sum(len(o.stray) for o in scored)
    return {
        "n": n,
        "on_list_excluded": len(outcomes) - n,
        "span_recall": _rate(found, n),
        "exact_span_rate": _rate(sum(o.exact_span for o in scored), n),
        "span_precision": _rate(hit_evidence, hit_evidence + stray),
        "suggestion_accuracy": _rate(sum(o.suggestion_right for o in scored), n),
        "suggestion_accuracy_when_found": _rate(sum(o.suggestion_right for o in scored), found),
        "any_suggestion_right": _rate(sum(o.any_suggestion_right for o in scored), n),
        "full_restoration": _rate(sum(o.restored_fully for o in scored), n),
        "plain_spin_rate": _rate(sum(bool(o.plain_spin) for o in outcomes), len(outcomes)),
        "found_by_tell": dict(Counter(t for o in scored for t in o.tells).most_common()),
        "stray_by_tell": dict(Counter(e.tell for o in scored for e in o.stray).most_common()),
        "plain_spin_by_tell": dict(Counter(e.tell for o in outcomes for e in o.plain_spin).most_common()),
        "miss_causes": dict(Counter(miss_cause(o, res) for o in scored if not o.suggestion_right).most_common()),
    }


def _ev(e: Evidence, text: str) -> dict[str, Any]:
    return {"text": text[e.start : e.end], "tell": e.tell, "suggestion": e.suggestion}


def case_details(outcomes: Sequence[Outcome], res: Resources) -> list[dict[str, Any]]:
    """Per-case results for the hand-written sentences (ours to publish), misses and false alarms first."""
    rows = []
    for o in outcomes:
        rows.append(
            {
                "id": o.id,
                "spun": o.spun,
                "spin": o.spun[o.span[0] : o.span[1]],
                "expected": o.original,
                "found": o.found,
                "tells": o.tells,
                "restored": o.suggestion,
                "right": o.suggestion_right,
                **({"cause": miss_cause(o, res), "why": o.why} if not o.suggestion_right else {}),
                **({"stray": [_ev(e, o.spun) for e in o.stray]} if o.stray else {}),
                **({"plain_false_alarms": [_ev(e, o.plain) for e in o.plain_spin]} if o.plain_spin else {}),
            }
        )
    rows.sort(key=lambda r: (r["right"] and "stray" not in r and "plain_false_alarms" not in r, r["id"]))
    return rows


# ------------------------------------------------------------------------------------------------- output


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:5.1f}%"


def print_table(sections: dict[str, dict[str, Any]]) -> None:
    cols = (
        ("n", "n"),
        ("span_recall", "recall"),
        ("span_precision", "precision"),
        ("exact_span_rate", "exact span"),
        ("suggestion_accuracy", "suggestion"),
        ("full_restoration", "restored"),
        ("plain_spin_rate", "plain FP"),
    )
    print(f"{'set':<26}" + "".join(f"{title:>12}" for _, title in cols))
    for name, m in sections.items():
        cells = [str(m[k]) if k == "n" else _pct(m[k]) for k, _ in cols]
        print(f"{name:<26}" + "".join(f"{c:>12}" for c in cells))
    print(
        f"targets (no-list spins): recall >= {TARGETS['span_recall']:.0%}, suggestion >= "
        f"{TARGETS['suggestion_accuracy']:.0%}, plain FP <= {TARGETS['plain_spin_rate']:.0%}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--pps", type=Path, default=None, help="PPS tortured.csv (default: the shared data folder)")
    parser.add_argument(
        "--lexicon", type=Path, default=None, help="lexical resources to read (default: the shipped ones)"
    )
    parser.add_argument("--show-pps-misses", type=int, default=0, metavar="N", help="print N PPS misses (terminal)")
    args = parser.parse_args(argv)

    res = load_resources(args.lexicon)
    cases = case_outcomes(CASES, res)
    sections: dict[str, dict[str, Any]] = {"hand-written (all)": summarise(cases, res)}
    for category in ("name", "term", "number", "expansion", "collocation"):
        sections[f"  {category}"] = summarise([o for o in cases if o.group == category], res)
    for domain in ("news", "science", "business", "sport"):
        sections[f"  {domain}"] = summarise([o for o in cases if o.id.endswith(f"-{domain}")], res)
    # Each later set was written before the changes it first measured (training.evidence_cases).
    later: dict[str, list[Outcome]] = {}
    for name, set_cases in (("second", FRESH_CASES), ("third", THIRD_CASES), ("fourth", FOURTH_CASES)):
        outcomes = later[name] = case_outcomes(set_cases, res)
        sections[f"hand-written, {name} set"] = summarise(outcomes, res)
        for category in ("name", "term", "collocation", "number", "expansion"):
            sections[f"  {name} set: {category}"] = summarise([o for o in outcomes if o.group == category], res)

    pps_info: dict[str, Any] = {}
    try:
        pps, pps_info = pps_outcomes(res, args.pps)
    except FileNotFoundError as exc:
        print(f"PPS list not found ({exc}); only the hand-written cases are measured", file=sys.stderr)
        pps = []
    if pps:
        sections["PPS held-out"] = summarise(pps, res)
        by_len: dict[int, list[Outcome]] = defaultdict(list)
        for o in pps:
            by_len[min(len(o.spun[o.span[0] : o.span[1]].split()), 4)].append(o)
        for k in sorted(by_len):
            sections[f"  {k}{'+' if k == 4 else ''} words"] = summarise(by_len[k], res)

    print_table(sections)
    for name in ("hand-written (all)", *(f"hand-written, {n} set" for n in later), "PPS held-out"):
        if name in sections:
            print(f"\n{name}: found by {sections[name]['found_by_tell']}")
            print(f"{name}: misses {sections[name]['miss_causes']}")
            print(f"{name}: plain false alarms by tell {sections[name]['plain_spin_by_tell']}")
    if args.show_pps_misses:
        print("\nPPS misses (not written to the report):")
        for o in [o for o in pps if not o.suggestion_right][: args.show_pps_misses]:
            spin = o.spun[o.span[0] : o.span[1]]
            print(f"  {spin!r} -> {o.original!r}: got {o.suggestion!r}; {miss_cause(o, res)}; {'; '.join(o.why)}")

    report = {
        "resources_sha256": res.digest,
        "targets": TARGETS,
        "sections": {name.strip(): m for name, m in sections.items()},
        "pps": pps_info,
        "cases": case_details(cases, res),
        **{f"{name}_set_cases": case_details(outcomes, res) for name, outcomes in later.items()},
    }
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
