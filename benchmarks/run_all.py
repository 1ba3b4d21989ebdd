"""Run every benchmark, then write ``benchmarks/results/SUMMARY.md``.

With ``--only``, the other steps keep the results of their last run (their JSON files and
the times recorded in ``run_all.json``); ``--summary-only`` runs nothing and rebuilds the
summary from those files.

Each benchmark script runs in its own process (so one failing does not stop the others),
with a progress line per step; its output also goes to ``benchmarks/results/<step>.log``.
The summary is one table over all scripts' measures (our figure, the baselines run on the
same data, the target, met or missed) under a line describing the machine.

Usage::

    python benchmarks/run_all.py [--data DIR] [--only polarity,claims,...] [--skip ...]
        [--summary-only]

``make bench`` runs it in ``.venv-bench`` (the project plus scattertext and pyinstrument).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import harness

#: (step, script, JSON file written by the script), in the order they run.
STEPS = [
    ("polarity", "bench_polarity.py", "polarity.json"),
    ("claims", "bench_claims.py", "claims.json"),
    ("grouping", "bench_grouping.py", "grouping.json"),
    ("lean", "bench_lean.py", "lean.json"),
    ("speed", "bench_speed.py", "speed.json"),
]
BUDGET_S = 30 * 60


def run_step(step: str, script: Path, data: Path, log: Path) -> tuple[int, float]:
    """Run one script, echoing and logging its output; return (exit code, seconds)."""
    began = time.perf_counter()
    if not script.exists():
        log.write_text(f"{script}: not found\n", encoding="utf-8")
        return 127, 0.0
    command = [sys.executable, "-u", str(script), "--data", str(data)]
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            command,
            cwd=harness.ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        assert process.stdout is not None
        for line in process.stdout:
            handle.write(line)
            print(f"  {step} | {line}", end="", flush=True)
        code = process.wait()
    return code, time.perf_counter() - began


def grouping_measures(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Measures of ``bench_grouping.py`` (written by a colleague in its own format)."""
    measures = []
    for analyzer in ("word", "char"):
        if f"default_ari_{analyzer}" not in result:
            continue
        best = result.get(f"best_{analyzer}", {})
        measures.append(
            harness.measure(
                f"event grouping ARI, NeuS {result.get('n_articles')} articles into "
                f"{result.get('n_stories')} stories ({analyzer} vectors, default threshold)",
                result[f"default_ari_{analyzer}"],
                baselines={
                    f"best threshold {best.get('threshold')}": best.get("adjusted_rand_index"),
                    "nearest-neighbour ceiling (share)": result.get(
                        f"nearest_sibling_share_{analyzer}"
                    ),
                },
            )
        )
    return measures


def summary_markdown(
    steps: list[dict[str, Any]], measures: list[tuple[str, dict[str, Any]]], info: dict
) -> str:
    """The Markdown of ``SUMMARY.md``."""
    lines = [
        "# Benchmark summary",
        "",
        f"Machine: {harness.machine_line(info)}.",
        "",
        "Command: `make bench` (= `.venv-bench/bin/python benchmarks/run_all.py`). "
        "Data: the public files of `../shared/data` (or `$WORKBENCH_DATA`); "
        "every baseline below was run in the same script on the same split.",
        "",
        "| step | measure | ours | baselines (same data, same run) | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for step, item in measures:
        baselines = harness.format_baselines(item)
        met = {True: "met", False: "**missed**", None: "–"}[item["met"]]
        measure = item["measure"] + (f" ({item['note']})" if item["note"] else "")
        lines.append(
            f"| {step} | {_cell(measure)} | {harness.format_value(item['value'], item['unit'])} "
            f"| {_cell(baselines) or '–'} | {_cell(item['target']) or '–'} | {met} |"
        )
    lines += [
        "",
        "## Steps",
        "",
        "| step | status | seconds | result | log |",
        "|---|---|---|---|---|",
    ]
    for step in steps:
        status = "ok" if step["code"] == 0 else f"**failed** (exit {step['code']})"
        lines.append(
            f"| {step['step']} | {status} | {_seconds(step['seconds'])} | "
            f"[{step['json']}]({step['json']}) | [{step['step']}.log]({step['step']}.log) |"
        )
    total = sum(step["seconds"] for step in steps if math.isfinite(step["seconds"]))
    lines += [
        "",
        f"Total {total / 60:.1f} min (budget {BUDGET_S // 60} min on 2 cores). "
        "Profiles of the slowest paths: `profile_*.txt`.",
        "",
    ]
    return "\n".join(lines)


def _previous_steps() -> dict[str, tuple[int, float]]:
    """Exit code and seconds of each step as recorded by the last full run."""
    path = harness.RESULTS / "run_all.json"
    if not path.exists():
        return {}
    steps = json.loads(path.read_text(encoding="utf-8")).get("steps", [])
    return {
        step["step"]: (step["code"], float("nan") if step["seconds"] is None else step["seconds"])
        for step in steps
    }


def _seconds(value: float) -> str:
    return f"{value:.0f}" if math.isfinite(value) else "–"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="the public data folder (default: $WORKBENCH_DATA)")
    parser.add_argument("--only", help="comma-separated steps to run")
    parser.add_argument("--skip", help="comma-separated steps to leave out", default="")
    parser.add_argument(
        "--summary-only",
        action="store_true",
        help="run nothing; rebuild SUMMARY.md from the JSON files of the last runs",
    )
    args = parser.parse_args(argv)
    data = harness.data_folder(args.data).resolve()
    harness.require(data)
    chosen = [s for s in STEPS if not args.only or s[0] in args.only.split(",")]
    chosen = [s for s in chosen if s[0] not in args.skip.split(",")]
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    info = harness.machine()
    print(f"machine: {harness.machine_line(info)}", flush=True)
    steps, measures = [], []
    began = time.perf_counter()
    previous = _previous_steps()
    for number, (step, script, json_name) in enumerate(STEPS, start=1):
        path = harness.RESULTS / json_name
        if args.summary_only or (step, script, json_name) not in chosen:
            if step not in previous and not path.exists():
                continue
            code, seconds = previous.get(step, (0, float("nan")))
            fresh = path.exists()
        else:
            print(f"[{number}/{len(STEPS)}] {step}: running {script} ...", flush=True)
            stale = path.stat().st_mtime if path.exists() else None
            code, seconds = run_step(
                step, Path(__file__).parent / script, data, harness.RESULTS / f"{step}.log"
            )
            fresh = path.exists() and path.stat().st_mtime != stale
            print(
                f"[{number}/{len(STEPS)}] {step}: {'done' if code == 0 else f'FAILED ({code})'} "
                f"in {seconds:.0f} s (total {time.perf_counter() - began:.0f} s)",
                flush=True,
            )
        steps.append({"step": step, "code": code, "seconds": seconds, "json": json_name})
        if code != 0 or not fresh:
            measures.append(
                (
                    step,
                    harness.measure(
                        f"{script} did not finish",
                        None,
                        note=f"exit {code}; see {step}.log",
                    ),
                )
            )
            continue
        result = json.loads(path.read_text(encoding="utf-8"))
        items = result.get("measures") or (grouping_measures(result) if step == "grouping" else [])
        measures.extend((step, item) for item in items)
    summary = summary_markdown(steps, measures, info)
    (harness.RESULTS / "SUMMARY.md").write_text(summary, encoding="utf-8")
    harness.write_result(
        "run_all", {"machine": info, "steps": steps, "measures": [m for _, m in measures]}
    )
    print()
    harness.print_measures([item for _, item in measures])
    total = time.perf_counter() - began
    print(f"wrote {harness.RESULTS / 'SUMMARY.md'}; {total / 60:.1f} min in all")
    return 0 if all(step["code"] == 0 for step in steps) else 1


if __name__ == "__main__":
    sys.exit(main())
