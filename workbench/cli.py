"""The ``workbench`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from workbench.errors import WorkbenchError

__all__ = ["main"]


def _load(args: argparse.Namespace) -> int:
    from workbench.corpus import load_event

    event = load_event(args.path, errors="skip" if args.skip else "raise")
    print(repr(event))
    columns = ["article_id", "source", "kind", "n_words", "title"]
    print(event.articles[columns].to_string(index=False))
    print()
    print("Load report:")
    print(event.report.to_string(index=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``workbench`` command."""
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Compare how several sources covered one event.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load", help="load an event and print its articles and load report")
    load.add_argument("path", help="event folder, table file, article file or URL")
    load.add_argument("--skip", action="store_true", help="skip bad inputs (listed in the report)")
    load.set_defaults(run=_load)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``workbench`` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except WorkbenchError as exc:
        print(f"workbench: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
