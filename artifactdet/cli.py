"""Command line: ``artifactdet score | filter | explain | restore | serve``. A thin shell over the library.

Exit codes: 0 all records scored; 1 a fatal error (unreadable input, missing or mismatched model);
2 usage error; 3 finished, but some records could not be scored (each reported in place and on stderr).
"""

from __future__ import annotations

import argparse
import base64
import datetime
import gzip
import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from artifactdet import __version__
from artifactdet.errors import ArtifactDetError, InputError

if TYPE_CHECKING:
    from artifactdet.io import Input
    from artifactdet.progress import Progress

EXIT_OK = 0
EXIT_FATAL = 1
EXIT_USAGE = 2
EXIT_RECORD_ERRORS = 3


def _open_out(stack: ExitStack, path: str) -> IO[str]:
    """A text stream to ``path`` ('-' for stdout), gzip- or zstd-compressed when the name ends in .gz or .zst."""
    if path == "-":
        return sys.stdout
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    name = path.lower()
    if name.endswith(".gz"):
        # Level 6 (zlib's default) instead of gzip's 9: nearly the same size at a fraction of the CPU per record.
        return stack.enter_context(gzip.open(path, "wt", encoding="utf-8", compresslevel=6))
    if name.endswith(".zst") or name.endswith(".zstd"):
        import zstandard

        return stack.enter_context(zstandard.open(path, "wt", encoding="utf-8"))
    return stack.enter_context(open(path, "w", encoding="utf-8"))


def _json_default(value: object) -> Any:
    # Parquet columns passed through by filter can hold values JSON has no type for.
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)  # Decimal, UUID and the like: their exact text


def _dump(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, default=_json_default) + "\n"


def _open_input(args: argparse.Namespace, *, keep_raw: bool) -> Input:
    from artifactdet.io import Fields, open_input

    return open_input(args.input, Fields(text=args.text_field, id=args.id_field), keep_raw=keep_raw)


def _progress(source: Input) -> Progress:
    from artifactdet.progress import Progress

    return Progress(
        sys.stderr, total=source.total_records, total_bytes=source.total_bytes, bytes_read=source.bytes_read
    )


def _load_detector(args: argparse.Namespace) -> Any:
    from artifactdet.detector import Detector
    from artifactdet.validate import Limits

    return Detector.load(args.model, Limits(max_chars=args.max_chars))


def cmd_score(args: argparse.Namespace) -> int:
    from artifactdet.batch import score_record, score_records

    detector = _load_detector(args)
    source = _open_input(args, keep_raw=False)  # refuses an unreadable input before the output is created
    failed = 0
    progress = _progress(source)
    with ExitStack() as stack:
        stack.callback(progress.close)
        out = _open_out(stack, args.output)
        for record, outcome in score_records(detector, source, workers=args.workers, bundle_dir=args.model):
            row = score_record(record, outcome, args.explain)
            if "error" in row:
                failed += 1
                progress.note(f"artifactdet: record {record.line} (id {record.id}): {row['error']['message']}")
            out.write(_dump(row))
            progress.update()
    return EXIT_RECORD_ERRORS if failed else EXIT_OK


def cmd_filter(args: argparse.Namespace) -> int:
    from artifactdet.batch import FilterStats, Threshold, decide, score_records
    from artifactdet.model import ThresholdError

    detector = _load_detector(args)
    threshold: Threshold
    if args.max_fpr is not None:
        try:
            value = detector.bundle.threshold_for_fpr(args.max_fpr)
        except ThresholdError as exc:
            # The bundle is sound; the request is what cannot be met, so it is a usage error. Checked before any
            # output file is opened, so a mistyped rate truncates nothing.
            print(f"artifactdet: --max-fpr {args.max_fpr:g}: {exc}", file=sys.stderr)
            return EXIT_USAGE
        threshold = Threshold(value, "--max-fpr", f"for max FPR {args.max_fpr:g} on original text")
    elif args.threshold is not None:
        threshold = Threshold(args.threshold, "--threshold", "from --threshold")
    else:
        thresholds = detector.bundle.thresholds
        target = thresholds.get("target_fpr_original")
        threshold = Threshold(
            thresholds.get("artifact", 0.5),
            "model",
            "the model's default" + (f" for FPR {target:.3f} on original text" if target is not None else ""),
        )
    source = _open_input(args, keep_raw=True)
    stats = FilterStats()
    progress = _progress(source)
    with ExitStack() as stack:
        stack.callback(progress.close)
        outs = {
            "kept": _open_out(stack, args.kept),
            "dropped": _open_out(stack, args.dropped),
            "errors": _open_out(stack, args.errors),
        }
        for record, outcome in score_records(detector, source, workers=args.workers, bundle_dir=args.model):
            where, row, reason = decide(record, outcome, threshold.value, args.annotate)
            outs[where].write(_dump(row))
            stats.add(where, reason, outcome)
            progress.update()
    for line in stats.report(threshold):
        print(f"artifactdet filter: {line}", file=sys.stderr)
    if args.summary is not None:
        summary = json.dumps(stats.to_json(threshold, args.input), indent=2, ensure_ascii=False) + "\n"
        path = Path(args.summary)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole and renamed: a pipeline that polls for the summary never reads half of one.
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(summary, encoding="utf-8")
        tmp.replace(path)
    return EXIT_RECORD_ERRORS if stats.errors else EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from artifactdet.analysis import analyse
    from artifactdet.report import render_html, render_terminal
    from artifactdet.sentences import sentence_scores
    from artifactdet.validate import decode_utf8

    data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    text = decode_utf8(data, args.file)
    detector = _load_detector(args)
    result = detector.score(text)
    sentences = sentence_scores(analyse(text), result.evidence)
    if args.html is not None:
        with ExitStack() as stack:
            _open_out(stack, args.html).write(render_html(text, result, detector.manifest, sentences))
        if args.html == "-":
            return EXIT_OK  # the page went to stdout; a terminal report would corrupt it
        print(f"artifactdet: wrote the HTML report to {args.html}", file=sys.stderr)
    render_terminal(text, result, detector.manifest, sentences=sentences)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from artifactdet.batch import error_record
    from artifactdet.resources import load_resources
    from artifactdet.restore import restore_document
    from artifactdet.validate import Limits

    # Restoring needs the tells' evidence, not the classifier: it works without a model bundle.
    resources = load_resources()
    limits = Limits(max_chars=args.max_chars)
    source = _open_input(args, keep_raw=False)
    failed = 0
    progress = _progress(source)
    with ExitStack() as stack:
        stack.callback(progress.close)
        out = _open_out(stack, args.output)
        for record in source:
            try:
                if record.error is not None:
                    raise record.error
                restored = restore_document(record.text, resources, limits, min_weight=args.min_weight)
                row: dict[str, Any] = {
                    "id": record.id,
                    "text": restored.text,
                    "applied": [a.to_record() for a in restored.applied],
                }
            except Exception as exc:
                # Like score: a record that fails is reported in place and the rest still get restored.
                error = (
                    exc if isinstance(exc, InputError) else InputError("restore_failed", f"{type(exc).__name__}: {exc}")
                )
                row = error_record(record, error)
                failed += 1
                progress.note(f"artifactdet: record {record.line} (id {record.id}): {error.message}")
            out.write(_dump(row))
            progress.update()
    return EXIT_RECORD_ERRORS if failed else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    uvicorn.run("api.app:create_app", factory=True, host=args.host, port=args.port, log_level="info")
    return EXIT_OK


def _fpr(value: str) -> float:
    try:
        f = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 < f < 1.0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"a false-positive rate must be between 0 and 1 (exclusive), got {value}")
    return f


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="artifactdet", description="Detect machine-translated and spun English text.")
    parser.add_argument("--version", action="version", version=f"artifactdet {__version__}")
    parser.add_argument("--model", type=Path, default=None, help="model bundle directory (default: the shipped one)")
    parser.add_argument("--max-chars", type=int, default=200_000, help="longest text scored, in characters")
    sub = parser.add_subparsers(dest="command", required=True)

    inputs_help = (
        "by extension: JSONL (.jsonl; .jsonl.gz / .json.gz; .jsonl.zst), Parquet (.parquet), a .txt file, a "
        "directory of .txt files, or '-' for JSONL on stdin (gzip and zstd recognised)"
    )
    out_help = "output JSONL ('-' for stdout; compressed when the name ends in .gz or .zst)"

    def add_fields(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--text-field", default="text", metavar="NAME", help="JSONL/Parquet field with the text (default: text)"
        )
        p.add_argument("--id-field", default="id", metavar="NAME", help="JSONL/Parquet field with the id (default: id)")

    p = sub.add_parser("score", help="score documents; one JSONL line per input record, in input order")
    p.add_argument("input", help=inputs_help)
    p.add_argument("-o", "--output", default="-", help=out_help)
    add_fields(p)
    p.add_argument("--explain", action="store_true", help="add evidence spans to every line")
    p.add_argument("--workers", type=int, default=1, help="worker processes (output order is kept)")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("filter", help="split a dataset into kept, dropped (with reason) and error records")
    p.add_argument("input", help=inputs_help)
    p.add_argument("--kept", required=True, help=out_help)
    p.add_argument("--dropped", required=True, help=out_help)
    p.add_argument("--errors", required=True, help=out_help)
    add_fields(p)
    p.add_argument(
        "--summary",
        metavar="PATH",
        default=None,
        help="also write the end-of-run summary as JSON: counts, artifact_score histogram, mean class shares "
        "with 95%% CI, threshold",
    )
    cut = p.add_mutually_exclusive_group()
    cut.add_argument(
        "--threshold",
        type=float,
        default=None,
        metavar="T",
        help="drop when artifact_score >= T (default: the model's)",
    )
    cut.add_argument(
        "--max-fpr",
        type=_fpr,
        default=None,
        metavar="F",
        help="use the model's threshold for at most this false-positive rate on original text, e.g. 0.02 "
        "(as measured in training; needs a bundle with a threshold curve)",
    )
    p.add_argument("--annotate", action="store_true", help="add scores to kept records too")
    p.add_argument("--workers", type=int, default=1, help="worker processes (output order is kept)")
    p.set_defaults(func=cmd_filter)

    p = sub.add_parser("explain", help="a readable report of one document's scores and evidence")
    p.add_argument("file", help="a UTF-8 text file ('-' for stdin)")
    p.add_argument(
        "--html", metavar="PATH", default=None, help="also write a self-contained HTML report ('-' for stdout only)"
    )
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("restore", help="put the likely originals back: spun phrases restored, glued words split")
    p.add_argument("input", help=inputs_help)
    p.add_argument("-o", "--output", default="-", help=out_help)
    add_fields(p)
    p.add_argument(
        "--min-weight",
        type=float,
        default=0.0,
        help="apply only evidence at least this strong (0-1; rare synonyms 0.2)",
    )
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("serve", help="run the HTTP service")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "workers", 1) < 1:
        print("artifactdet: --workers must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except InputError as exc:
        print(f"artifactdet: {exc.message}", file=sys.stderr)
        return EXIT_FATAL
    except (ArtifactDetError, OSError) as exc:
        print(f"artifactdet: {exc}", file=sys.stderr)
        return EXIT_FATAL
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
