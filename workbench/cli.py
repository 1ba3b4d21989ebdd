"""The ``workbench`` command line.

Commands
--------
``workbench load PATH [--skip]``
    Load an event and print its articles and load report.
``workbench report PATH [-o report.html] [--figures DIR] [--skip]``
    Write one self-contained HTML report (no network, no JavaScript); with ``--figures``
    also every figure as PNG and SVG.
``workbench app PATH [--port N] [--no-browser]``
    Serve the dashboard of an event as a web app with Voila, on 127.0.0.1 only, behind a
    random token; prints the address (with the token) and opens it in a browser. The
    notebook served is written into a temporary folder, removed on exit. Ctrl-C stops it.
"""

from __future__ import annotations

import argparse
import json
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import webbrowser
from collections.abc import Sequence
from pathlib import Path

from workbench.errors import CorpusError, WorkbenchError, problem

__all__ = ["main", "build_parser", "app_notebook", "write_app_notebook"]

#: Seconds ``workbench app`` waits for Voila to listen.
APP_START_TIMEOUT = 60


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


def _report(args: argparse.Namespace) -> int:
    from workbench.comparison import compare
    from workbench.corpus import load_event
    from workbench.report import write_report

    event = load_event(args.path, errors="skip" if args.skip else "raise")
    skipped = event.report[event.report["status"] == "skipped"]
    for row in skipped.itertuples(index=False):
        print(f"workbench: skipped {row.input}: {row.reason}", file=sys.stderr)
    path = write_report(compare(event), args.output, figures_dir=args.figures)
    print(f"wrote {path}")
    if args.figures:
        print(f"wrote the figures into {args.figures}")
    return 0


def app_notebook(event_path: str | Path) -> dict:
    """The notebook that ``workbench app`` serves: one cell showing the dashboard.

    Parameters
    ----------
    event_path : str or Path
        The event to show; written into the cell with :func:`json.dumps`, so no path
        (quotes, backslashes, newlines) can break out of the string literal.

    Returns
    -------
    dict
        An nbformat-4 notebook (JSON-ready) with the Python 3 kernel.
    """
    code = f"from workbench.dashboards import dashboard\ndashboard({json.dumps(str(event_path))})"
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "workbench-app",
                "metadata": {},
                "outputs": [],
                "source": code,
            }
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def write_app_notebook(event_path: str | Path, folder: str | Path) -> Path:
    """Write :func:`app_notebook` for *event_path* (made absolute) into *folder*.

    Returns
    -------
    Path
        ``<folder>/workbench-app.ipynb``.
    """
    target = event_path
    if not _is_url(event_path):
        target = Path(event_path).expanduser().resolve()
    path = Path(folder) / "workbench-app.ipynb"
    path.write_text(json.dumps(app_notebook(target), indent=1), encoding="utf-8")
    return path


def _is_url(value: str | Path) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _app(args: argparse.Namespace) -> int:
    if not _is_url(args.path) and not Path(args.path).expanduser().exists():
        raise CorpusError(
            problem(
                args.path,
                "no such file or folder",
                fix="give the path of an event folder, table file or article file",
            ),
            source=args.path,
        )
    token = secrets.token_urlsafe(24)
    port = args.port if args.port is not None else _free_port()
    url = f"http://127.0.0.1:{port}/?token={token}"
    with tempfile.TemporaryDirectory(prefix="workbench-app-") as folder:
        notebook = write_app_notebook(args.path, folder)
        command = [
            sys.executable,
            "-m",
            "voila",
            str(notebook),
            "--no-browser",  # Voila would open the page without the token
            "--Voila.ip=127.0.0.1",
            f"--port={port}",
            "--Voila.port_retries=0",
            f"--token={token}",
        ]
        server = subprocess.Popen(command)
        # A plain SIGTERM (a service manager, ``timeout``) stops Voila too, via finally.
        previous = signal.signal(signal.SIGTERM, _exit_on_signal)
        try:
            deadline = time.monotonic() + APP_START_TIMEOUT
            while not _listening(port):
                if server.poll() is not None:
                    print(
                        f"workbench: error: Voila stopped (exit status {server.returncode}); "
                        f"is port {port} free?",
                        file=sys.stderr,
                    )
                    return 2
                if time.monotonic() > deadline:
                    print(
                        f"workbench: error: Voila did not start in {APP_START_TIMEOUT} s",
                        file=sys.stderr,
                    )
                    _stop(server)
                    return 2
                time.sleep(0.2)
            print(
                f"The dashboard of {args.path} is at\n\n    {url}\n\nCtrl-C stops the server.",
                flush=True,
            )
            if not args.no_browser:
                webbrowser.open(url)
            return server.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)
            _stop(server)


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

    report = commands.add_parser(
        "report",
        help="write a self-contained HTML report (no network, no JavaScript needed)",
        description="Compare the sources of an event and write one self-contained HTML "
        "file: overview, texts side by side, word choice, stance with its evidence, "
        "framing, coverage, sourcing and numbers, bias types and methods.",
    )
    report.add_argument("path", help="event folder, table file, article file or URL")
    report.add_argument(
        "-o", "--output", default="report.html", help="the HTML file to write (report.html)"
    )
    report.add_argument(
        "--figures", metavar="DIR", help="also write every figure as PNG and SVG into DIR"
    )
    report.add_argument("--skip", action="store_true", help="skip bad inputs (listed on stderr)")
    report.set_defaults(run=_report)

    app = commands.add_parser(
        "app",
        help="serve the dashboard as a web app (Voila, 127.0.0.1 only)",
        description="Serve the dashboard of an event with Voila, bound to 127.0.0.1 with "
        "a random token; code cells are hidden. Ctrl-C stops the server.",
    )
    app.add_argument("path", help="event folder, table file, article file or URL")
    app.add_argument("--port", type=int, help="port to listen on (default: a free one)")
    app.add_argument("--no-browser", action="store_true", help="do not open a browser on the app")
    app.set_defaults(run=_app)
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
