"""What every benchmark script shares: where the data is, how a result is recorded.

A benchmark script measures, prints a table and writes ``benchmarks/results/<name>.json``
with a list of *measures*: one dict per figure, with its baselines (run in the same
script on the same data), its target and whether the target was met. ``run_all.py``
turns the measures of every script into ``benchmarks/results/SUMMARY.md``.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import platform
import sys
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"

#: Packages whose versions describe the machine a result was measured on.
KEY_PACKAGES = (
    "workbench",
    "numpy",
    "pandas",
    "scipy",
    "scikit-learn",
    "vadersentiment",
    "ipywidgets",
    "scattertext",
)


def data_folder(given: str | None = None) -> Path:
    """The folder of public benchmark data.

    *given* (a command-line option) wins, then ``$WORKBENCH_DATA``, then
    ``../shared/data`` beside the repository root.
    """
    if given:
        return Path(given)
    if os.environ.get("WORKBENCH_DATA"):
        return Path(os.environ["WORKBENCH_DATA"])
    return ROOT.parent / "shared" / "data"


def require(path: Path) -> Path:
    """*path* if it exists; else stop with a message saying how to point at the data."""
    if not path.exists():
        sys.exit(f"{path}: not found; pass --data DIR or set WORKBENCH_DATA to the data folder")
    return path


def measure(
    name: str,
    value: float | None,
    *,
    unit: str = "",
    baselines: Mapping[str, float | None] | None = None,
    baseline_units: Mapping[str, str] | None = None,
    target: str = "",
    met: bool | None = None,
    note: str = "",
) -> dict[str, Any]:
    """One reported figure, with its baselines and target, as stored in the JSON files.

    Parameters
    ----------
    name : str
        What is measured, on which data ("macro-F1, NewsMTSC dev_rw").
    value : float or None
        Our figure (None when it could not be measured; *note* says why).
    unit : str
        "s", "MB", "%", "" for a plain number.
    baselines : mapping, optional
        Baseline name -> its figure on the same data in the same run (or a published
        anchor, named as such).
    baseline_units : mapping, optional
        Baseline name -> its unit, where it is not *unit*.
    target : str
        The target in words (">= 0.70"), empty when there is none.
    met : bool, optional
        Whether *value* meets *target* (None when there is no target or no value).
    note : str
        Anything the reader needs to read the figure right.
    """
    return {
        "measure": name,
        "value": _plain(value),
        "unit": unit,
        "baselines": {key: _plain(val) for key, val in (baselines or {}).items()},
        "baseline_units": dict(baseline_units or {}),
        "target": target,
        "met": None if value is None else met,
        "note": note,
    }


def _plain(value: Any) -> Any:
    """A JSON-friendly number: float rounded to 4 places, NaN as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    if math.isnan(number):
        return None
    return round(number, 4)


def _clean(value: Any) -> Any:
    """*value* with every float NaN or infinity replaced by None (JSON has neither)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    return value


def write_result(name: str, result: Mapping[str, Any], *, folder: Path | None = None) -> Path:
    """Write *result* to ``<folder>/<name>.json`` (default ``benchmarks/results``)."""
    folder = folder or RESULTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    text = json.dumps(_clean(result), indent=2, default=_plain, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def format_value(value: Any, unit: str = "") -> str:
    """A figure as printed in tables: 3 significant decimals, unit appended."""
    if value is None:
        return "n/a"
    if isinstance(value, float):
        text = f"{value:.3f}" if abs(value) < 100 else f"{value:.1f}"
    else:
        text = str(value)
    return f"{text} {unit}".strip()


def format_baselines(item: Mapping[str, Any]) -> str:
    """The baselines of one measure as "name figure unit; ..."."""
    units = item.get("baseline_units") or {}
    return "; ".join(
        f"{name} {format_value(value, units.get(name, item['unit']))}"
        for name, value in item["baselines"].items()
    )


def print_table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> None:
    """Print *rows* under *header* as aligned plain-text columns."""
    cells = [[str(cell) for cell in header], *[[str(cell) for cell in row] for row in rows]]
    widths = [max(len(row[k]) for row in cells) for k in range(len(header))]
    for index, row in enumerate(cells):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))
    sys.stdout.flush()


def print_measures(measures: Sequence[Mapping[str, Any]]) -> None:
    """Print measures as a table: figure, baselines, target, met."""
    rows = []
    for item in measures:
        baselines = format_baselines(item)
        met = {True: "met", False: "missed", None: "-"}[item["met"]]
        rows.append(
            [
                item["measure"],
                format_value(item["value"], item["unit"]),
                baselines or "-",
                item["target"] or "-",
                met,
            ]
        )
    print_table(rows, ["measure", "ours", "baselines", "target", "met"])


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as lines:
            for line in lines:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as lines:
            for line in lines:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


def machine() -> dict[str, Any]:
    """The machine and software a result was measured with."""
    versions = {}
    for package in KEY_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_gb": _memory_gb(),
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
    }


def machine_line(info: Mapping[str, Any] | None = None) -> str:
    """One line describing the machine, for the summary."""
    info = info or machine()
    packages = ", ".join(f"{name} {ver}" for name, ver in info["packages"].items() if ver)
    return (
        f"{info['nproc']} CPUs ({info['cpu_model']}), {info['memory_gb']} GB RAM, "
        f"Python {info['python']} on {info['platform']}; {packages}; measured {info['date']} "
        f"(load average {info.get('load_average_1min')} at the start: other work shares the CPUs, "
        "so wall times can exceed CPU times)"
    )
