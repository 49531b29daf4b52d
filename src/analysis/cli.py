"""The command line: ``python -m analysis COMMAND ...`` (also installed as ``analysis``).

Bad input prints one line on stderr and exits with code 2. Any other exception is a bug: it
prints a one-line "internal error" message and exits with code 1; ``--debug`` shows the
traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import __version__
from analysis.alignment import LINK_THRESHOLD, MIN_RUN
from analysis.errors import AnalysisError, UsageError
from analysis.loading import Document, load_document
from analysis.tokenizing import Segmentation, segment

__all__ = ["main"]

if TYPE_CHECKING:
    from analysis.comparison import Comparison

    _Commands = argparse._SubParsersAction[argparse.ArgumentParser]  # what add_subparsers() gives

_PROGRESS_WORDS = 20_000  # inputs (both texts) at least this long get a progress bar

_EPILOG = """examples:
  python -m analysis compare data/raw/source.txt data/raw/derivative.txt --json out.json
  python -m analysis report data/raw/source.txt data/raw/derivative.txt -o report.html
  python -m analysis tokens data/raw/source.txt
  python -m analysis tokens page.html --all-text --json > sentences.json
  python -m analysis notebooks data/raw/source.txt data/raw/derivative.txt --out reports
  python -m analysis wordnet build
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except AnalysisError as error:
        print(f"analysis: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("analysis: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): nothing left to say
        return 0
    except Exception as error:
        if args.debug:
            traceback.print_exc()
        else:
            print(
                f"analysis: internal error (a bug, not a problem with your input): "
                f"{type(error).__name__}: {error}. Rerun with --debug to see the traceback.",
                file=sys.stderr,
            )
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Show what a derivative article kept, changed, dropped and added.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_global_options(default=False)],
    )
    common = _global_options(default=argparse.SUPPRESS)  # so a subcommand keeps the global value
    parser.add_argument("--version", action="version", version=f"analysis {__version__}")
    parser.set_defaults(handler=lambda _args: _usage(parser))
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_compare(commands, common)
    _add_report(commands, common)
    _add_tokens(commands, common)
    _add_notebooks(commands, common)
    _add_wordnet(commands, common)
    return parser


def _global_options(*, default: Any) -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--debug",
        action="store_true",
        default=default,
        help="show the traceback of an internal error",
    )
    options.add_argument(
        "--quiet", action="store_true", default=default, help="print nothing but errors"
    )
    return options


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _add_input_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--all-text",
        action="store_true",
        help="for HTML, keep all visible text instead of the extracted article",
    )
    command.add_argument(
        "--max-mb", type=float, default=20.0, help="refuse files larger than this (default 20)"
    )


def _add_compare(commands: _Commands, common: argparse.ArgumentParser) -> None:
    command = commands.add_parser(
        "compare",
        parents=[common],
        help="compare a derivative with its source and summarise what it kept, changed and added",
        description=(
            "Align DERIVATIVE with SOURCE, label every span of both, find meaning changes, "
            "quotes, new names and added blocks, print a one-screen summary, and optionally "
            "write the full result as JSON (schema analysis.comparison/1) or as an HTML report."
        ),
        epilog=(
            "examples:\n"
            "  python -m analysis compare data/raw/source.txt data/raw/derivative.txt\n"
            "  python -m analysis compare wire.txt copy.html --json result.json --no-wordnet\n"
            "  python -m analysis compare wire.txt copy.md --html report.html"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_comparison_arguments(command)
    command.add_argument("--json", type=Path, metavar="OUT", help="write the result as JSON to OUT")
    command.add_argument(
        "--html", type=Path, metavar="OUT", help="write the self-contained HTML report to OUT"
    )
    command.set_defaults(handler=_compare)


def _add_report(commands: _Commands, common: argparse.ArgumentParser) -> None:
    command = commands.add_parser(
        "report",
        parents=[common],
        help="write a self-contained HTML report: verdict, both texts side by side, findings",
        description=(
            "Compare DERIVATIVE with SOURCE and write one HTML file that opens anywhere, "
            "offline: the verdict, the findings with their evidence, both articles side by "
            "side (select a span to see its counterpart), figures and provenance."
        ),
        epilog=(
            "examples:\n"
            "  python -m analysis report data/raw/source.txt data/raw/derivative.txt -o out.html\n"
            "  python -m analysis report wire.txt copy.html -o copy-report.html --no-wordnet"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_comparison_arguments(command)
    command.add_argument(
        "-o", "--output", type=Path, default=Path("report.html"), help="default: report.html"
    )
    command.set_defaults(handler=_report)


def _add_comparison_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("source", type=Path, help="the source article (.txt, .md or .html)")
    command.add_argument("derivative", type=Path, help="the derivative article")
    command.add_argument(
        "--no-wordnet", action="store_true", help="do not use WordNet synonyms even if installed"
    )
    command.add_argument(
        "--link-threshold",
        type=float,
        default=LINK_THRESHOLD,
        help=f"similarity a paraphrase link needs (default {LINK_THRESHOLD}; docs/evaluation.md)",
    )
    command.add_argument(
        "--min-run",
        type=int,
        default=MIN_RUN,
        help=f"words a verbatim run needs (default {MIN_RUN})",
    )
    _add_input_options(command)


def _comparison(args: argparse.Namespace) -> Comparison:
    from analysis.comparison import compare

    documents = [
        load_document(path, keep_all_text=args.all_text, max_bytes=_bytes(args.max_mb))
        for path in (args.source, args.derivative)
    ]
    if not 0 <= args.link_threshold <= 1 or args.min_run < 2:
        raise UsageError("--link-threshold must be in [0, 1] and --min-run at least 2")
    with _progress(documents, quiet=args.quiet) as advance:
        return compare(
            *documents,
            use_wordnet=not args.no_wordnet,
            link_threshold=args.link_threshold,
            min_run=args.min_run,
            progress=advance,
        )


def _compare(args: argparse.Namespace) -> int:
    from analysis.reports.summary import summary_lines

    comparison = _comparison(args)
    inputs = (args.source, args.derivative)
    if args.json is not None:
        text = json.dumps(comparison.to_json(), ensure_ascii=False, indent=1) + "\n"
        _write_output(args.json, text, inputs=inputs, what="JSON")
    if args.html is not None:
        _write_output(args.html, _report_html(comparison), inputs=inputs, what="HTML report")
    if not args.quiet:
        print("\n".join(summary_lines(comparison)))
        for target, what in ((args.json, "JSON"), (args.html, "HTML report")):
            if target is not None:
                print(f"{what} written to {target}")
    return 0


def _report(args: argparse.Namespace) -> int:
    comparison = _comparison(args)
    inputs = (args.source, args.derivative)
    _write_output(args.output, _report_html(comparison), inputs=inputs, what="HTML report")
    if not args.quiet:
        print(f"HTML report written to {args.output}")
    return 0


def _report_html(comparison: Comparison) -> str:
    from analysis.reports.standalone import standalone_report

    return standalone_report(comparison)


@contextmanager
def _progress(documents: Sequence[Document], *, quiet: bool) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr, by stage, for inputs long enough to wait for."""
    words = sum(len(document.text.split()) for document in documents)
    if quiet or words < _PROGRESS_WORDS:
        yield lambda _stage: None
        return
    from tqdm import tqdm

    from analysis.comparison import STAGES

    tqdm.monitor_interval = 0  # no monitor thread: compare forks only while one thread runs
    with tqdm(total=len(STAGES), desc="comparing", unit="stage", file=sys.stderr) as bar:

        def advance(stage: str) -> None:
            bar.set_postfix_str(stage)
            bar.update(1)

        yield advance


def _write_output(target: Path, text: str, *, inputs: tuple[Path, ...], what: str) -> None:
    """Write an output file, refusing to overwrite an input file."""
    from analysis.errors import InputError

    if target.exists() and any(target.resolve() == path.resolve() for path in inputs):
        raise InputError(target, f"refusing to overwrite an input file with the {what} output")
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(
            target, f"cannot write the {what} output ({error.strerror or error})"
        ) from None


def _add_tokens(commands: _Commands, common: argparse.ArgumentParser) -> None:
    command = commands.add_parser(
        "tokens",
        parents=[common],
        help="print the sentences of a file with their character offsets",
        description="Load FILE (.txt, .md or .html) and print its sentences as [start:end] text.",
        epilog="example:\n  python -m analysis tokens data/raw/source.txt --words",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("file", type=Path, help="a .txt, .md or .html file")
    command.add_argument("--words", action="store_true", help="also print each sentence's tokens")
    command.add_argument("--json", action="store_true", help="print JSON instead of text")
    _add_input_options(command)
    command.set_defaults(handler=_tokens)


def _tokens(args: argparse.Namespace) -> int:
    document = load_document(args.file, keep_all_text=args.all_text, max_bytes=_bytes(args.max_mb))
    segmentation = segment(document.text)
    if args.json:
        json.dump(_tokens_json(document, segmentation, words=args.words), sys.stdout, indent=1)
        print()
        return 0
    if not args.quiet:
        print(
            f"{document.name}: {len(segmentation.sentences)} sentences, "
            f"{len(segmentation.paragraphs)} paragraphs, {segmentation.word_count} words "
            f"({document.encoding}, {document.format})"
        )
    for sentence in segmentation.sentences:
        print(f"[{sentence.start}:{sentence.end}] {sentence.text}")
        if args.words:
            print("    " + " | ".join(t.text for t in segmentation.tokens_of(sentence)))
    return 0


def _tokens_json(document: Document, segmentation: Segmentation, *, words: bool) -> dict[str, Any]:
    sentences = []
    for sentence in segmentation.sentences:
        entry: dict[str, Any] = {
            "start": sentence.start,
            "end": sentence.end,
            "paragraph": sentence.paragraph,
            "text": sentence.text,
        }
        if words:
            entry["tokens"] = [[t.start, t.end, t.text] for t in segmentation.tokens_of(sentence)]
        sentences.append(entry)
    return {
        "name": document.name,
        "sha256": document.sha256,
        "encoding": document.encoding,
        "format": document.format,
        "sentences": sentences,
    }


def _bytes(megabytes: float) -> int:
    return int(megabytes * 1_000_000)


def _add_notebooks(commands: _Commands, common: argparse.ArgumentParser) -> None:
    command = commands.add_parser(
        "notebooks",
        parents=[common],
        help="run the notebook suite on a pair and export it as HTML",
        description=(
            "Run every notebook in notebooks/ on SOURCE and DERIVATIVE with papermill and export "
            "each to HTML (a reader's version without code and an analyst's version with code) "
            "under OUT/<pair-name>/, with an index.html linking them."
        ),
        epilog="example:\n  python -m analysis notebooks data/raw/source.txt data/raw/copy.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("source", type=Path, help="the source article")
    command.add_argument("derivative", type=Path, help="the derivative article")
    command.add_argument("--out", type=Path, default=None, help="output folder (default: reports/)")
    command.add_argument("--name", default=None, help="pair name (default: SOURCE-vs-DERIVATIVE)")
    command.set_defaults(handler=_notebooks)


def _notebooks(args: argparse.Namespace) -> int:
    from analysis import paths
    from analysis.reports.notebooks import run_notebooks

    out = args.out if args.out is not None else paths.REPORTS
    index = run_notebooks(args.source, args.derivative, out, name=args.name, quiet=args.quiet)
    if not args.quiet:
        print(f"report index: {index}")
    return 0


def _add_wordnet(commands: _Commands, common: argparse.ArgumentParser) -> None:
    command = commands.add_parser(
        "wordnet",
        parents=[common],
        help="build or check the offline WordNet data",
        description=(
            "build: make NLTK's WordNet data from the OS package wordnet-base (no download); "
            "status: say whether it is available."
        ),
        epilog=(
            "examples:\n"
            "  python -m analysis wordnet build    # what `make wordnet` runs\n"
            "  python -m analysis wordnet status"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("action", choices=["build", "status"])
    command.set_defaults(handler=_wordnet)


def _wordnet(args: argparse.Namespace) -> int:
    import warnings

    from analysis.wordnet import build_wordnet_data, wordnet_status

    if args.action == "build":
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            built = build_wordnet_data()
        for warning in caught:
            print(f"analysis: warning: {warning.message}", file=sys.stderr)
        if built is not None and not args.quiet:
            print(f"WordNet data ready in {built}")
        return 0
    print(json.dumps(wordnet_status().to_dict(), indent=1))
    return 0
