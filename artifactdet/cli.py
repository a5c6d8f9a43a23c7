"""Command line: ``artifactdet score | filter | explain | restore | serve``. A thin shell over the library.

Exit codes: 0 all records scored; 1 a fatal error (unreadable input, missing or mismatched model);
2 usage error; 3 finished, but some records could not be scored (each reported in place and on stderr);
141 stopped quietly because the reader of the output went away (``artifactdet score ... | head``).
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from artifactdet import __version__
from artifactdet.errors import ArtifactDetError, InputError

if TYPE_CHECKING:
    from artifactdet.batch import DetectorSpec, Threshold
    from artifactdet.detector import Detector
    from artifactdet.engines import Engine, EngineName
    from artifactdet.io import Input
    from artifactdet.progress import Progress

EXIT_OK = 0
EXIT_FATAL = 1
EXIT_USAGE = 2
EXIT_RECORD_ERRORS = 3
# 128 + SIGPIPE, what the shell reports for cat or grep in the same spot, rather than 0: the output was cut
# short, so "all records scored" would be false, and a `set -o pipefail` script should see artifactdet as it
# sees the standard tools. Python ignores SIGPIPE, so the status is returned rather than the signal taken
# (which would also skip closing worker pools and temporary shard files).
EXIT_BROKEN_PIPE = 141


def _open_out(stack: ExitStack, path: str) -> IO[str]:
    from artifactdet.io import open_output

    return open_output(stack, path)


def _dump(obj: dict[str, Any]) -> str:
    from artifactdet.io import json_line

    return json_line(obj)


def _open_input(args: argparse.Namespace, *, keep_raw: bool) -> Input:
    from artifactdet.io import Fields, open_input

    return open_input(args.input, Fields(text=args.text_field, id=args.id_field), keep_raw=keep_raw)


def _progress(source: Input) -> Progress:
    from artifactdet.progress import Progress

    return Progress(
        sys.stderr, total=source.total_records, total_bytes=source.total_bytes, bytes_read=source.bytes_read
    )


def _load_detector(args: argparse.Namespace) -> Detector:
    from artifactdet.detector import Detector
    from artifactdet.validate import Limits

    return Detector.load(args.model, Limits(max_chars=args.max_chars))


def _spec(args: argparse.Namespace, detector: Detector) -> DetectorSpec:
    from artifactdet.batch import DetectorSpec

    # The bundle path made absolute: a worker process or a Dask worker may run in another directory.
    return DetectorSpec.of(detector, args.model.resolve() if args.model else None)


def _engine(args: argparse.Namespace, detector: Detector, *, name: EngineName | None = None) -> Engine:
    from artifactdet.engines import make_engine

    return make_engine(
        name or cast("EngineName", args.engine),
        detector,
        _spec(args, detector),
        workers=args.workers,
        scheduler=args.scheduler,
        partition_size=args.partition_size,
    )


def _run_sharded(args: argparse.Namespace, detector: Detector, threshold: Threshold | None) -> int:
    """``score`` or ``filter`` over a directory or glob of shards into ``--output-dir``, skipping finished shards."""
    from artifactdet.io import Fields
    from artifactdet.progress import Progress
    from artifactdet.shards import ShardJob, ShardResult, find_shards, plan, run_sharded, write_json_atomic

    command = args.command
    out_dir = Path(args.output_dir)
    shards = find_shards(args.input, exclude=out_dir)
    job = ShardJob(
        command=command,
        out_dir=str(out_dir),
        detector=_spec(args, detector),
        model_sha256=str(detector.manifest.get("model_sha256")),
        fields=Fields(text=args.text_field, id=args.id_field),
        threshold=threshold,
        annotate=getattr(args, "annotate", False),
        drop=not getattr(args, "annotate_only", False),
        explain=getattr(args, "explain", False),
        compression=args.compression,
        checksum=args.checksum,
    )
    done, todo = plan(shards, job)
    print(
        f"artifactdet {command}: {len(shards)} shards in {args.input}: {len(done)} already done and skipped, "
        f"{len(todo)} to run",
        file=sys.stderr,
    )
    finished_bytes = [0]
    progress = Progress(sys.stderr, total_bytes=sum(s.size for s in todo), bytes_read=lambda: finished_bytes[0])

    def on_result(result: ShardResult) -> None:
        finished_bytes[0] += result.input_bytes
        if result.error is not None:
            progress.note(f"artifactdet {command}: shard {result.shard} failed: {result.error}")

    with ExitStack() as stack:
        stack.callback(progress.close)
        # Nothing to run, nothing to start: a rerun of a finished corpus does not bring up a cluster.
        engine = _engine(args, detector, name=None if todo else "local")
        stack.callback(engine.close)
        result = run_sharded(engine, todo, job, done=done, on_records=progress.update, on_result=on_result)
    for line in [*result.stats.report(threshold), result.describe()]:
        print(f"artifactdet {command}: {line}", file=sys.stderr)
    summary = result.to_json(job, args.input)
    write_json_atomic(out_dir / "summary.json", summary)
    if getattr(args, "summary", None) is not None:
        write_json_atomic(Path(args.summary), summary)
    if result.failed:
        return EXIT_FATAL
    return EXIT_RECORD_ERRORS if result.stats.errors else EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    from artifactdet.batch import score_record

    detector = _load_detector(args)
    if args.output_dir is not None:
        return _run_sharded(args, detector, None)
    source = _open_input(args, keep_raw=False)  # refuses an unreadable input before the output is created
    failed = 0
    progress = _progress(source)
    with ExitStack() as stack:
        stack.callback(progress.close)
        engine = _engine(args, detector)
        stack.callback(engine.close)
        out = _open_out(stack, args.output)
        for record, outcome in engine.score_records(source):
            row = score_record(record, outcome, args.explain)
            if "error" in row:
                failed += 1
                progress.note(f"artifactdet: record {record.line} (id {record.id}): {row['error']['message']}")
            out.write(_dump(row))
            progress.update()
    return EXIT_RECORD_ERRORS if failed else EXIT_OK


def cmd_filter(args: argparse.Namespace) -> int:
    from artifactdet.batch import FilterStats, decide, resolve_threshold
    from artifactdet.model import ThresholdError
    from artifactdet.shards import write_json_atomic

    detector = _load_detector(args)
    try:
        threshold = resolve_threshold(detector.bundle, threshold=args.threshold, max_fpr=args.max_fpr)
    except ThresholdError as exc:
        # The bundle is sound; the request is what cannot be met, so it is a usage error. Checked before any
        # output file is opened, so a mistyped rate truncates nothing.
        print(f"artifactdet: --max-fpr {args.max_fpr:g}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.output_dir is not None:
        return _run_sharded(args, detector, threshold)
    source = _open_input(args, keep_raw=True)
    stats = FilterStats()
    progress = _progress(source)
    with ExitStack() as stack:
        stack.callback(progress.close)
        engine = _engine(args, detector)
        stack.callback(engine.close)
        # Annotate-only runs never drop, so they need no --dropped output.
        named = {"kept": args.kept, "dropped": args.dropped, "errors": args.errors}
        outs = {where: _open_out(stack, path) for where, path in named.items() if path is not None}
        for record, outcome in engine.score_records(source):
            where, row, reason = decide(record, outcome, threshold.value, args.annotate, not args.annotate_only)
            outs[where].write(_dump(row))
            stats.add(where, reason, outcome)
            progress.update()
    for line in stats.report(threshold):
        print(f"artifactdet filter: {line}", file=sys.stderr)
    if args.summary is not None:
        write_json_atomic(Path(args.summary), stats.to_json(threshold, args.input))
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
        "directory of .txt files, or '-' for JSONL on stdin (gzip and zstd recognised). With --output-dir: a "
        "directory of shards (its files in any of these formats) or a quoted glob such as 'data/**/*.jsonl.gz'"
    )
    out_help = "output JSONL ('-' for stdout; compressed when the name ends in .gz or .zst)"

    def add_sharding(p: argparse.ArgumentParser, layout: str) -> None:
        g = p.add_argument_group(
            "sharded, resumable runs",
            "With --output-dir, INPUT is a directory or glob of shards, each written to its own outputs "
            f"({layout}) under temporary names renamed when the shard is complete, with a done-marker in "
            "DIR/done/<shard>.json; a rerun skips shards whose marker matches (same input, model and settings) "
            "and redoes the rest from scratch. DIR/summary.json sums up all shards.",
        )
        g.add_argument("--output-dir", metavar="DIR", default=None, help="sharded mode: write per-shard outputs here")
        g.add_argument(
            "--compression",
            choices=("gzip", "zstd", "none"),
            default=None,
            help="per-shard output files: .jsonl.gz (default), .jsonl.zst or .jsonl",
        )
        g.add_argument(
            "--checksum",
            action="store_true",
            help="identify finished inputs by sha256 (reads every shard again on a rerun) instead of size and "
            "modification time",
        )

    def add_engine(p: argparse.ArgumentParser) -> None:
        g = p.add_argument_group("where scoring runs")
        g.add_argument(
            "--engine",
            choices=("local", "dask"),
            default="local",
            help="local: this machine (default); dask: a Dask cluster (needs the 'dask' extra), one task per shard "
            "or per partition of one input; outputs are the same",
        )
        g.add_argument(
            "--workers",
            type=int,
            default=None,
            metavar="N",
            help="local: worker processes (default 1; output order is kept); dask without --scheduler: processes "
            "of the local cluster (default: one per core)",
        )
        g.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            default=None,
            help="dask: connect to this scheduler (e.g. tcp://HOST:8786) instead of starting a local cluster "
            "on 127.0.0.1; inputs and --output-dir must be at the same paths on every worker",
        )
        g.add_argument(
            "--partition-size",
            type=int,
            default=None,
            metavar="N",
            help="dask, one input (not sharded): records per task (default 512)",
        )

    def add_fields(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--text-field", default="text", metavar="NAME", help="JSONL/Parquet field with the text (default: text)"
        )
        p.add_argument("--id-field", default="id", metavar="NAME", help="JSONL/Parquet field with the id (default: id)")

    p = sub.add_parser("score", help="score documents; one JSONL line per input record, in input order")
    p.add_argument("input", help=inputs_help)
    p.add_argument("-o", "--output", default=None, help=out_help + " (default: stdout)")
    add_fields(p)
    p.add_argument("--explain", action="store_true", help="add evidence spans to every line")
    add_engine(p)
    add_sharding(p, "DIR/scores/<shard>.jsonl.gz")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("filter", help="split a dataset into kept, dropped (with reason) and error records")
    p.add_argument("input", help=inputs_help)
    p.add_argument("--kept", help=out_help + " (required without --output-dir)")
    p.add_argument("--dropped", help=out_help + " (required without --output-dir)")
    p.add_argument("--errors", help=out_help + " (required without --output-dir)")
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
    keep = p.add_mutually_exclusive_group()
    keep.add_argument("--annotate", action="store_true", help="add scores to kept records too")
    keep.add_argument(
        "--annotate-only",
        action="store_true",
        help="drop nothing: every scored record goes to --kept with its scores, and those at or over the "
        "threshold also with the reason they would be dropped for (counted as flagged); --dropped stays empty",
    )
    add_engine(p)
    add_sharding(p, "DIR/kept/<shard>.jsonl.gz, DIR/dropped/..., DIR/errors/...")
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


def _has_glob(source: str) -> bool:
    return any(c in source for c in "*?[")


def check_args(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse combinations argparse cannot express (exit 2): one output mode, engine options with their engine."""
    if args.command not in ("score", "filter"):
        return
    for flag in ("workers", "partition_size"):
        value = getattr(args, flag)
        if value is not None and value < 1:
            parser.error(f"--{flag.replace('_', '-')} must be at least 1")
    if args.scheduler is not None and args.engine != "dask":
        parser.error("--scheduler needs --engine dask")
    single = ("output",) if args.command == "score" else ("kept", "dropped", "errors")
    given = [f"--{name}" for name in single if getattr(args, name) is not None]
    if args.output_dir is not None:
        if given:
            parser.error(f"--output-dir writes per-shard outputs; leave out {', '.join(given)}")
        if args.input == "-":
            parser.error("--output-dir reads shards from a directory or glob, not stdin")
        if args.compression is None:
            args.compression = "gzip"
        return
    for flag in ("compression", "checksum"):
        if getattr(args, flag):
            parser.error(f"--{flag} applies to sharded runs only: add --output-dir")
    if _has_glob(args.input) and not Path(args.input).exists():
        parser.error(f"{args.input}: a glob of shards is read only with --output-dir")
    if args.command == "score":
        args.output = args.output or "-"
    elif args.annotate_only:
        if args.kept is None or args.errors is None:
            parser.error("filter --annotate-only needs --kept and --errors, or --output-dir")
        if args.dropped is not None:
            parser.error("filter --annotate-only drops nothing: leave out --dropped")
    elif len(given) < 3:
        parser.error("filter needs --kept, --dropped and --errors, or --output-dir")


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    check_args(parser, args)
    try:
        return int(args.func(args))
    except InputError as exc:
        print(f"artifactdet: {exc.message}", file=sys.stderr)
        return EXIT_FATAL
    except BrokenPipeError:
        raise  # an OSError, but not a failure to report: main() handles it
    except (ArtifactDetError, OSError) as exc:
        print(f"artifactdet: {exc}", file=sys.stderr)
        return EXIT_FATAL
    except KeyboardInterrupt:
        return 130


def _discard_stdout() -> None:
    """Point stdout at the null device, so Python's flush at exit cannot fail again on the closed pipe."""
    # Without this the interpreter prints "Exception ignored ... BrokenPipeError" at shutdown and exits 120.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError):  # a stdout without a file descriptor (captured in a test): nothing to flush
        pass


def main(argv: list[str] | None = None) -> int:
    try:
        try:
            code = _run(argv)
        except SystemExit:
            # argparse's --help and --version print and exit: flushed here, not at shutdown, so that a closed
            # pipe is seen below.
            sys.stdout.flush()
            raise
        # Output still buffered (a short run, or stdout block-buffered into a pipe) would otherwise meet the
        # closed pipe only at interpreter shutdown, out of reach of the handler below.
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # Only a broken pipe ends quietly: the main thread writes to pipes only as output (stdout, an -o FIFO,
        # stderr), while worker pools and Dask report their own failures as other exceptions. Every other
        # error still goes through _run's messages and exit codes, or up as a traceback.
        _discard_stdout()
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
