"""Speed and memory: the comparison, the dashboards, growth with corpus size, vs scattertext.

Parts (``--part``, all by default):

``compare``
    Every table of :class:`workbench.comparison.Comparison` (every public attribute
    read, every method called once) on the demo event ``corpora/sumy-strike-2025``.
    *Cold*: a fresh Python process that imports workbench, loads the event and computes
    everything (wall time of the whole process, interpreter start included). *Warm*: in
    one process, after a first full computation, a fresh ``Comparison`` of the same
    loaded event computed again (median of 3). Target: warm <= 1.0 s.
``dashboards``
    Each view of :mod:`workbench.dashboards` built on a computed comparison; then each
    of its controls set to another value (buttons clicked), timing the observer round
    trip (``control.value = new`` returns after the view has refreshed). Target: every
    refresh <= 100 ms.
``scale``
    100, 1,000 and 3,656 articles of ``article-bias-prediction/jsons`` (a seeded sample;
    all of them for 3,656), grouped into pseudo-events by ``topic``, loaded with
    :func:`workbench.load_event` and compared (the same tables as ``compare``; five US
    politics targets and two claims give the stance models work). Each size runs in its
    own process; peak memory is that process's maximum resident set size. Growth is
    the slope of log(time) on log(articles). Targets at 3,656: <= 60 s, <= 2 GB,
    near-linear growth (slope <= 1.2).
``terms``
    Distinctive terms of left-leaning articles against the rest on the 3,656 articles:
    ours (:func:`workbench.terms.distinctive_terms`, counting + weighted log-odds with
    the corpus as informative Dirichlet prior) against scattertext (``CorpusFromPandas``
    with its whitespace tokenizer, ``get_term_freq_df`` and
    ``LogOddsRatioInformativeDirichletPrior`` with the same prior: corpus counts,
    ``scale_type="none"``). Scattertext lives only in the benchmark environment
    (``.venv-bench``); without it the part is skipped. Reported: the time ratio, top-20
    overlap and Spearman rank correlation over the terms both count (scattertext also
    counts stop words and n-grams across them, ours leaves those out by design), and the
    same on identical counts (our counts scored by scattertext's scorer). Target: >= 10x
    faster, the same top 20 in the same order where the methods coincide.
``profile``
    pyinstrument profiles (if installed) of the warm comparison and of our distinctive
    terms on the 3,656 articles, written to ``benchmarks/results/profile_*.txt``.

Usage::

    python benchmarks/bench_speed.py [--data DIR] [--part compare|dashboards|scale|terms|profile]
        [--sizes 100,1000,3656]

Writes ``benchmarks/results/speed.json``.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import harness
import numpy as np
import pandas as pd

sys.path.insert(0, str(harness.ROOT))

DEMO = harness.ROOT / "corpora" / "sumy-strike-2025"
SIZES = (100, 1000, 3656)
PARTS = ("compare", "dashboards", "scale", "terms", "profile")
WARM_REPEATS = 3
WARM_TARGET_S = 1.0
REFRESH_TARGET_MS = 100.0
SCALE_TARGET_S = 60.0
SCALE_TARGET_MB = 2048.0
SLOPE_TARGET = 1.2
SPEEDUP_TARGET = 10.0
TOP = 20
CHILD_MEMORY_LIMIT = 8 * 1024**3
CHILD_TIMEOUT_S = 900
SCALE_TIMEOUT_S = 600
MAX_TRIES = 4

#: Targets and claims given to every pseudo-event of the scale benchmark (US politics).
SCALE_TARGETS = [
    {"id": "trump", "name": "Donald Trump", "kind": "person", "aliases": ["Trump"]},
    {"id": "biden", "name": "Joe Biden", "kind": "person", "aliases": ["Biden"]},
    {
        "id": "democrats",
        "name": "Democrats",
        "kind": "group",
        "aliases": ["Democrats", "Democratic Party"],
    },
    {
        "id": "republicans",
        "name": "Republicans",
        "kind": "group",
        "aliases": ["Republicans", "GOP", "Republican Party"],
    },
    {"id": "congress", "name": "Congress", "kind": "organisation", "aliases": ["Congress"]},
]
SCALE_CLAIMS = [
    {"id": "broke_law", "text": "The president broke the law."},
    {"id": "economy_growing", "text": "The economy is growing."},
]


# ---------------------------------------------------------------- the comparison
def comparison_members() -> tuple[list[str], list[str]]:
    """Public attributes (properties) and methods of Comparison, in definition order."""
    from workbench.comparison import Comparison

    attributes, methods = [], []
    for name, member in vars(Comparison).items():
        if name.startswith("_"):
            continue
        if isinstance(member, property) or hasattr(member, "__set_name__"):
            attributes.append(name)
        elif callable(member):
            methods.append(name)
    return attributes, methods


def _method_arguments(comparison: Any, method: str) -> dict[str, Any] | None:
    """Arguments for one call of *method*: the first source, target, claim, frame, ...."""
    sources = comparison.sources
    event = comparison.event
    choices: dict[str, Any] = {"source": sources[0]}
    if len(sources) > 1:
        choices["against"] = sources[1]
    if len(event.targets):
        choices["target_id"] = event.targets["target_id"].iloc[0]
    if len(event.claims):
        choices["claim_id"] = event.claims["claim_id"].iloc[0]
    choices["feature"] = "loaded"
    choices["term"] = "said"
    try:
        frames = comparison.framing.loc[sources[0]].drop("other", errors="ignore")
        choices["frame"] = str(frames.idxmax())
        if len(sources) > 1:
            choices["term"] = str(comparison.distinctive_terms(sources[0])["term"].iloc[0])
    except Exception:  # the method that needs it is then reported as raising
        pass
    arguments = {}
    for name, parameter in inspect.signature(getattr(comparison, method)).parameters.items():
        if parameter.kind is parameter.KEYWORD_ONLY or parameter.default is not parameter.empty:
            continue
        if name not in choices:
            return None
        arguments[name] = choices[name]
    return arguments


def touch_everything(comparison: Any) -> dict[str, Any]:
    """Read every attribute and call every method of *comparison* once, timing each.

    Returns a dict: ``seconds`` per member (inclusive: a member that needs another
    table computes it first, in the order of definition), ``errors`` per member that
    raised, ``skipped`` methods whose arguments cannot be chosen (a one-source event).
    """
    attributes, methods = comparison_members()
    seconds: dict[str, float] = {}
    errors: dict[str, str] = {}
    skipped: list[str] = []
    for name in attributes:
        began = time.perf_counter()
        try:
            getattr(comparison, name)
        except Exception as exc:  # recorded, the benchmark goes on
            errors[name] = f"{type(exc).__name__}: {str(exc)[:200]}"
        seconds[name] = time.perf_counter() - began
    for name in methods:
        arguments = _method_arguments(comparison, name)
        if arguments is None or (name == "distinctive_terms" and len(comparison.sources) < 2):
            skipped.append(name)
            continue
        began = time.perf_counter()
        try:
            getattr(comparison, name)(**arguments)
        except Exception as exc:
            errors[name] = f"{type(exc).__name__}: {str(exc)[:200]}"
        seconds[f"{name}()"] = time.perf_counter() - began
    return {"seconds": seconds, "errors": errors, "skipped": skipped}


def child_compare_cold() -> dict[str, Any]:
    """In a fresh process: import, load the demo event, compute everything."""
    began = time.perf_counter()
    from workbench.comparison import compare
    from workbench.corpus import load_event

    imported = time.perf_counter()
    event = load_event(DEMO)
    loaded = time.perf_counter()
    touched = touch_everything(compare(event))
    done = time.perf_counter()
    return {
        "import_s": imported - began,
        "load_s": loaded - imported,
        "compute_s": done - loaded,
        "errors": touched["errors"],
    }


def child_compare_warm() -> dict[str, Any]:
    """In one process: a first full computation, then fresh comparisons timed."""
    from workbench.comparison import compare
    from workbench.corpus import load_event

    event = load_event(DEMO)
    began = time.perf_counter()
    first = touch_everything(compare(event))
    first_s = time.perf_counter() - began
    runs = []
    for _ in range(WARM_REPEATS):
        began, began_cpu = time.perf_counter(), time.process_time()
        touched = touch_everything(compare(event))
        runs.append((time.perf_counter() - began, time.process_time() - began_cpu, touched))
    runs.sort(key=lambda run: run[0])
    median_s, _, median_run = runs[len(runs) // 2]
    return {
        "first_s": first_s,
        "warm_s": [run[0] for run in runs],
        "warm_median_s": median_s,
        "warm_cpu_median_s": statistics.median(run[1] for run in runs),
        "members_s": median_run["seconds"],
        "errors": {**first["errors"], **median_run["errors"]},
        "skipped": median_run["skipped"],
        "n_articles": len(event.articles),
        "n_sentences": len(event.sentences),
    }


# ------------------------------------------------------------------ dashboards
def _controls(view: Any) -> list[tuple[str, Any]]:
    """The view's own controls (attributes that are selection, toggle, slider widgets)."""
    import ipywidgets as widgets

    kinds = (
        widgets.widget_selection._Selection,
        widgets.widget_selection._MultipleSelection,
        widgets.Checkbox,
        widgets.ToggleButton,
        widgets.IntSlider,
        widgets.FloatSlider,
        widgets.Button,
    )
    found = []
    for name, value in vars(view).items():
        if name.startswith("_") or name in {"comparison", "mask", "errors"}:
            continue
        if isinstance(value, kinds):
            found.append((name, value))
    return found


def _other_value(control: Any) -> Any:
    """The next value of *control* after its current one, cyclically (None if none)."""
    import ipywidgets as widgets

    if isinstance(control, widgets.widget_selection._MultipleSelection):
        values = [value for _, value in control._options_full]
        if len(values) < 2:
            return None
        current = tuple(control.value)
        if len(current) == 1 and current[0] in values:
            return (values[(values.index(current[0]) + 1) % len(values)],)
        return (values[0],)
    if isinstance(control, widgets.widget_selection._Selection):
        values = [value for _, value in control._options_full]
        if len(values) < 2:
            return None
        index = values.index(control.value) if control.value in values else -1
        return values[(index + 1) % len(values)]
    if isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        return not control.value
    if isinstance(control, (widgets.IntSlider, widgets.FloatSlider)):
        return control.max if control.value != control.max else control.min
    return None


def child_dashboards() -> dict[str, Any]:
    """Build every view on the demo event and time each control's refresh."""
    import ipywidgets as widgets

    from workbench import dashboards
    from workbench.comparison import compare
    from workbench.corpus import load_event
    from workbench.errors import WorkbenchError

    comparison = compare(load_event(DEMO))
    began = time.perf_counter()
    touch_everything(comparison)
    tables_s = time.perf_counter() - began
    views = {}
    for name in dashboards.__all__:
        cls = getattr(dashboards, name)
        if not (isinstance(cls, type) and issubclass(cls, widgets.Widget)):
            continue
        began = time.perf_counter()
        try:
            view = cls(comparison)
        except Exception as exc:
            views[name] = {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}
            continue
        build_ms = (time.perf_counter() - began) * 1000
        changes, rejected = [], []
        for control_name, control in _controls(view):
            timed = 0
            for _ in range(MAX_TRIES):  # two changes per control; inputs the view rejects
                if timed == 2:  # (a view's own validation message) are listed, not timed
                    break
                if isinstance(control, widgets.Button):
                    began, began_cpu = time.perf_counter(), time.process_time()
                    control.click()
                    new: Any = "click"
                else:
                    new = _other_value(control)
                    if new is None:
                        break
                    began, began_cpu = time.perf_counter(), time.process_time()
                    control.value = new
                milliseconds = (time.perf_counter() - began) * 1000
                cpu_ms = (time.process_time() - began_cpu) * 1000
                error = getattr(view, "error", None)
                if isinstance(error, (ValueError, WorkbenchError)):
                    rejected.append(
                        {"control": control_name, "value": repr(new)[:60], "message": str(error)}
                    )
                    continue
                timed += 1
                changes.append(
                    {
                        "control": control_name,
                        "value": repr(new)[:60],
                        "ms": milliseconds,
                        "cpu_ms": cpu_ms,
                        "error": None if error is None else f"{type(error).__name__}: {error}",
                    }
                )
        views[name] = {"build_ms": build_ms, "changes": changes, "rejected": rejected}
    began = time.perf_counter()
    error = None
    try:
        dashboards.dashboard(comparison, progress=False)
    except Exception as exc:
        error = f"{type(exc).__name__}: {str(exc)[:200]}"
    dashboard_ms = (time.perf_counter() - began) * 1000
    return {
        "tables_s": tables_s,
        "views": views,
        "dashboard_build_ms": dashboard_ms,
        "dashboard_error": error,
    }


# ----------------------------------------------------------------------- scale
def read_bias_articles(folder: Path) -> pd.DataFrame:
    """The article-bias-prediction JSON files as one table, sorted by ID."""
    records = []
    for path in sorted((folder / "jsons").glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            records.append(json.load(handle))
    table = pd.DataFrame(records)
    return table.sort_values("ID", kind="stable").reset_index(drop=True)


def scale_sample(articles: pd.DataFrame, size: int, *, seed: int = 0) -> pd.DataFrame:
    """*size* articles drawn without replacement (all of them if *size* >= their number)."""
    if size >= len(articles):
        return articles
    rng = np.random.default_rng(seed)
    chosen = np.sort(rng.choice(len(articles), size=size, replace=False))
    return articles.iloc[chosen].reset_index(drop=True)


def child_scale(data: Path, size: int) -> dict[str, Any]:
    """Load and compare pseudo-events (one per topic) of *size* articles."""
    from workbench.comparison import compare
    from workbench.corpus import load_event

    began = time.perf_counter()
    articles = scale_sample(read_bias_articles(data / "article-bias-prediction"), size)
    read_s = time.perf_counter() - began
    columns = ["ID", "source", "title", "date", "url", "bias_text", "content_original", "topic"]
    load_s = 0.0
    members: dict[str, float] = {}
    errors: dict[str, str] = {}
    n_sentences = n_events = n_loaded = 0
    biggest = 0
    for topic, group in articles[columns].groupby("topic", sort=True):
        began = time.perf_counter()
        event = load_event(
            group.drop(columns=["topic"]).reset_index(drop=True),
            errors="skip",
            title=str(topic),
            targets=SCALE_TARGETS,
            claims=SCALE_CLAIMS,
        )
        load_s += time.perf_counter() - began
        n_events += 1
        n_loaded += len(event.articles)
        n_sentences += len(event.sentences)
        biggest = max(biggest, len(event.articles))
        touched = touch_everything(compare(event))
        for name, seconds in touched["seconds"].items():
            members[name] = members.get(name, 0.0) + seconds
        for name, message in touched["errors"].items():
            errors.setdefault(name, f"{topic}: {message}")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "size": size,
        "n_events": n_events,
        "n_articles_loaded": n_loaded,
        "n_sentences": n_sentences,
        "largest_event": biggest,
        "read_s": read_s,
        "load_s": load_s,
        "tables_s": sum(members.values()),
        "members_s": members,
        "errors": errors,
        "self_peak_mb": usage.ru_maxrss / 1024,
    }


# ------------------------------------------------------------------------ terms
def _top_comparison(ours: pd.Series, theirs: pd.Series) -> dict[str, Any]:
    """Top-20 overlap, same-order check and Spearman correlation of two z rankings."""
    from scipy import stats

    common = ours.index.intersection(theirs.index)
    ours_common = ours.loc[common].sort_values(ascending=False, kind="stable")
    theirs_common = theirs.loc[common].sort_values(ascending=False, kind="stable")
    top_ours = list(ours_common.index[:TOP])
    top_theirs = list(theirs_common.index[:TOP])
    union = list(dict.fromkeys([*ours_common.index[:200], *theirs_common.index[:200]]))
    rho = stats.spearmanr(ours_common.loc[union], theirs_common.loc[union]).statistic
    return {
        "n_common_terms": len(common),
        "top_overlap": len(set(top_ours) & set(top_theirs)),
        "same_order": top_ours == top_theirs,
        "spearman_top200_union": float(rho),
        "spearman_all_common": float(stats.spearmanr(ours_common, theirs.loc[common]).statistic),
        "top_ours": top_ours,
        "top_theirs": top_theirs,
    }


def child_terms(data: Path) -> dict[str, Any]:
    """Ours against scattertext on left vs rest of article-bias-prediction."""
    try:
        import scattertext as st
    except ImportError:
        return {"skipped": "scattertext is not installed here (make bench installs it)"}
    from workbench.terms import log_odds, term_counts

    raw = read_bias_articles(data / "article-bias-prediction")
    articles = pd.DataFrame({"text": raw["content_original"], "lean": raw["bias_text"]})
    ours_runs = []
    for _ in range(3):
        began = time.perf_counter()
        counts = term_counts(articles, by="lean")
        ours_table = log_odds(counts, "left")
        ours_runs.append(time.perf_counter() - began)
    ours_s = statistics.median(ours_runs)
    began = time.perf_counter()
    corpus = st.CorpusFromPandas(
        articles, category_col="lean", text_col="text", nlp=st.whitespace_nlp_with_sentences
    ).build()
    frequencies = corpus.get_term_freq_df()
    priors = frequencies.sum(axis=1)
    scorer = st.LogOddsRatioInformativeDirichletPrior(priors, scale_type="none")
    others = frequencies.drop(columns=["left freq"]).sum(axis=1)
    theirs_z = scorer.get_zeta_i_j_given_separate_counts(frequencies["left freq"], others)
    theirs_s = time.perf_counter() - began
    theirs = pd.Series(np.asarray(theirs_z, dtype=float), index=frequencies.index)
    ours = ours_table.set_index("term")["z"]
    # Identical counts: our term counts scored by scattertext's scorer.
    same_scorer = st.LogOddsRatioInformativeDirichletPrior(counts.sum(axis=1), scale_type="none")
    same_counts = pd.Series(
        np.asarray(
            same_scorer.get_zeta_i_j_given_separate_counts(
                counts["left"], counts.drop(columns=["left"]).sum(axis=1)
            ),
            dtype=float,
        ),
        index=counts.index,
    )
    return {
        "n_articles": len(articles),
        "ours_s": ours_s,
        "ours_runs_s": ours_runs,
        "scattertext_s": theirs_s,
        "speedup": theirs_s / ours_s,
        "n_terms_ours": len(ours),
        "n_terms_scattertext": len(theirs),
        "end_to_end": _top_comparison(ours, theirs),
        "same_counts": _top_comparison(ours, same_counts),
    }


# ---------------------------------------------------------------------- profile
def child_profile(data: Path) -> dict[str, Any]:
    """pyinstrument profiles of the warm comparison and of our distinctive terms."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return {"skipped": "pyinstrument is not installed here (make bench installs it)"}
    from workbench.comparison import compare
    from workbench.corpus import load_event
    from workbench.terms import distinctive_terms

    written = {}
    event = load_event(DEMO)
    touch_everything(compare(event))
    profiler = Profiler(interval=0.001)
    profiler.start()
    touch_everything(compare(event))
    profiler.stop()
    written["compare_warm"] = _write_profile(profiler, "compare_warm")
    raw = read_bias_articles(data / "article-bias-prediction")
    articles = pd.DataFrame({"text": raw["content_original"], "lean": raw["bias_text"]})
    profiler = Profiler(interval=0.005)
    profiler.start()
    distinctive_terms(articles, "left", by="lean")
    profiler.stop()
    written["distinctive_terms_3656"] = _write_profile(profiler, "distinctive_terms_3656")
    return {"files": written}


def _write_profile(profiler: Any, name: str) -> str:
    path = harness.RESULTS / f"profile_{name}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    path.write_text(text, encoding="utf-8")
    return str(path.relative_to(harness.ROOT))


# ------------------------------------------------------------------- processes
def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_LIMIT, CHILD_MEMORY_LIMIT))


def run_child(arguments: list[str], *, timeout: float = CHILD_TIMEOUT_S) -> dict[str, Any]:
    """Run this script with *arguments* in a fresh process.

    Returns the child's JSON answer with ``wall_s`` (the process's whole life, start-up
    included) and ``peak_mb`` (its maximum resident set size, from ``wait4``) added, or
    ``{"error": ...}``.
    """
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    command = [sys.executable, str(Path(__file__).resolve()), *arguments, "--out", str(out)]
    began = time.perf_counter()
    process = subprocess.Popen(command, preexec_fn=_limit_memory)
    deadline = began + timeout
    status, usage = 0, None
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = -9
            out.unlink(missing_ok=True)
            return {"error": f"timed out after {timeout:.0f} s", "wall_s": timeout}
        time.sleep(0.01)
    wall_s = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    try:
        answer = json.loads(out.read_text(encoding="utf-8")) if out.stat().st_size else {}
    finally:
        out.unlink(missing_ok=True)
    if process.returncode != 0:
        answer = {**answer, "error": f"exit code {process.returncode}"}
    answer["wall_s"] = wall_s
    answer["peak_mb"] = usage.ru_maxrss / 1024 if usage is not None else None
    answer["cpu_s"] = usage.ru_utime + usage.ru_stime if usage is not None else None
    return answer


def slope(sizes: list[float], values: list[float]) -> float | None:
    """Least-squares slope of log(value) on log(size)."""
    points = [(math.log(s), math.log(v)) for s, v in zip(sizes, values) if v and v > 0]
    if len(points) < 2:
        return None
    x = np.array([p[0] for p in points])
    y = np.array([p[1] for p in points])
    return float(np.polyfit(x, y, 1)[0])


# -------------------------------------------------------------------- the parts
def part_compare(result: dict[str, Any]) -> None:
    cold = run_child(["--child", "compare-cold"])
    warm = run_child(["--child", "compare-warm"])
    result["compare"] = {"cold": cold, "warm": warm}
    if "error" in warm:
        print(f"compare: warm run failed: {warm['error']}")
    else:
        slowest = sorted(warm["members_s"].items(), key=lambda item: -item[1])[:8]
        harness.print_table(
            [[name, f"{seconds * 1000:.1f}"] for name, seconds in slowest],
            ["slowest members, warm", "ms"],
        )
    errors = {**cold.get("errors", {}), **warm.get("errors", {})}
    for name, message in errors.items():
        print(f"compare: {name} raised {message}")
    note = f"{len(errors)} member(s) raised: {', '.join(errors)}" if errors else ""
    warm_s = warm.get("warm_median_s")
    result["measures"].append(
        harness.measure(
            "compare(demo event), every table, warm (fresh Comparison, same process)",
            warm_s,
            unit="s",
            baselines={
                "CPU time (median)": warm.get("warm_cpu_median_s"),
                "first computation in the process": warm.get("first_s"),
            },
            target=f"<= {WARM_TARGET_S:.1f} s",
            met=warm_s is not None and warm_s <= WARM_TARGET_S and not errors,
            note=note,
        )
    )
    result["measures"].append(
        harness.measure(
            "compare(demo event), every table, cold (fresh process, imports included)",
            cold.get("wall_s"),
            unit="s",
            baselines={
                "CPU time of the process": cold.get("cpu_s"),
                "of which imports": cold.get("import_s"),
                "of which load_event": cold.get("load_s"),
            },
            note=note,
        )
    )


def part_dashboards(result: dict[str, Any]) -> None:
    answer = run_child(["--child", "dashboards"])
    result["dashboards"] = answer
    if "error" in answer and "views" not in answer:
        print(f"dashboards: failed: {answer['error']}")
        result["measures"].append(
            harness.measure(
                "dashboard refresh after a control change, slowest",
                None,
                unit="ms",
                target=f"<= {REFRESH_TARGET_MS:.0f} ms",
                note=answer["error"],
            )
        )
        return
    rows, slowest_all, errors = [], [], []
    for view, info in answer["views"].items():
        if "error" in info:
            rows.append([view, "-", "-", "-", info["error"][:60]])
            errors.append(view)
            continue
        times = [change["ms"] for change in info["changes"]]
        slowest = max(info["changes"], key=lambda change: change["ms"], default=None)
        failed = [change["control"] for change in info["changes"] if change["error"]]
        errors.extend(f"{view}.{name}" for name in failed)
        slowest_all.extend(times)
        rows.append(
            [
                view,
                f"{info['build_ms']:.0f}",
                f"{statistics.median(times):.1f}" if times else "-",
                f"{slowest['ms']:.1f} ({slowest['control']})" if slowest else "-",
                ", ".join(failed) or "-",
            ]
        )
    harness.print_table(
        rows, ["view", "build ms", "median refresh ms", "slowest refresh ms", "errors"]
    )
    worst = max(slowest_all) if slowest_all else None
    median = statistics.median(slowest_all) if slowest_all else None
    result["measures"].append(
        harness.measure(
            f"dashboard refresh after a control change, slowest of {len(slowest_all)}",
            worst,
            unit="ms",
            baselines={
                "its CPU time": max(
                    (
                        c["cpu_ms"]
                        for i in answer["views"].values()
                        for c in i.get("changes", [])
                        if c["ms"] == worst
                    ),
                    default=None,
                ),
                "median refresh": median,
            },
            target=f"<= {REFRESH_TARGET_MS:.0f} ms",
            met=worst is not None and worst <= REFRESH_TARGET_MS and not errors,
            note=f"errors in: {', '.join(errors)}" if errors else "",
        )
    )


def part_scale(result: dict[str, Any], data: Path, sizes: list[int], timeout: float) -> None:
    runs = []
    for size in sizes:
        print(f"scale: {size} articles (at most {timeout:.0f} s) ...", flush=True)
        answer = run_child(
            ["--child", "scale", "--size", str(size), "--data", str(data)], timeout=timeout
        )
        answer["size"] = size
        runs.append(answer)
        if "error" in answer and "tables_s" not in answer:
            print(f"scale: {size} articles failed: {answer['error']}")
            continue
        print(
            f"scale: {size} articles in {answer['n_events']} pseudo-events "
            f"(largest {answer['largest_event']}): load {answer['load_s']:.1f} s, "
            f"tables {answer['tables_s']:.1f} s, process {answer['wall_s']:.1f} s "
            f"(CPU {answer['cpu_s']:.1f} s), peak {answer['peak_mb']:.0f} MB",
            flush=True,
        )
    done = [run for run in runs if "tables_s" in run]
    result["scale"] = {"runs": runs}
    if done:
        members = sorted(done[-1]["members_s"].items(), key=lambda item: -item[1])[:10]
        rows = []
        for name, _ in members:
            values = [run["members_s"].get(name, 0.0) for run in done]
            rows.append(
                [
                    name,
                    *(f"{value:.2f}" for value in values),
                    _fmt_slope(slope([run["size"] for run in done], values)),
                ]
            )
        harness.print_table(
            rows, ["member (s)", *(str(run["size"]) for run in done), "log-log slope"]
        )
        result["scale"]["member_slopes"] = {
            name: slope(
                [run["size"] for run in done], [run["members_s"].get(name, 0.0) for run in done]
            )
            for name in done[-1]["members_s"]
        }
    sizes_done = [run["size"] for run in done]
    total = [run["load_s"] + run["tables_s"] for run in done]
    memory = [run["peak_mb"] for run in done]
    time_slope = slope(sizes_done, total)
    memory_slope = slope(sizes_done, memory)
    result["scale"]["time_slope"] = time_slope
    result["scale"]["memory_slope"] = memory_slope
    largest = max(sizes) if sizes else None
    last = next((run for run in runs if run["size"] == largest), {})
    errors = sorted({name for run in done for name in run.get("errors", {})})
    notes = [f"tables that raised: {', '.join(errors)}"] if errors else []
    by_size = {f"{run['size']} articles": run["load_s"] + run["tables_s"] for run in done}
    if "tables_s" in last:
        last_time: float | None = last["load_s"] + last["tables_s"]
        time_met = last_time <= SCALE_TARGET_S and not errors
    else:
        # Timed out or failed: the time is at least the time allowed, the target missed.
        last_time = last.get("wall_s") if "timed out" in last.get("error", "") else None
        time_met = False
        notes.append(f"{largest} articles: {last.get('error', 'not run')}")
        if time_slope is not None and done:
            guess = total[-1] * (largest / sizes_done[-1]) ** time_slope
            notes.append(f"extrapolated from the smaller sizes: about {guess:.0f} s")
    result["measures"].append(
        harness.measure(
            f"load + every table, {largest} article-bias-prediction articles by topic",
            last_time,
            unit="s",
            baselines={
                **{k: v for k, v in by_size.items() if not k.startswith(f"{largest} ")},
                "CPU time of the process": last.get("cpu_s") if "tables_s" in last else None,
            },
            target=f"<= {SCALE_TARGET_S:.0f} s",
            met=time_met,
            note="; ".join(notes),
        )
    )
    peak = last.get("peak_mb") if "tables_s" in last else None
    result["measures"].append(
        harness.measure(
            f"peak memory (max RSS of the process), {largest} articles",
            peak,
            unit="MB",
            baselines={
                f"{run['size']} articles": run["peak_mb"] for run in done if run["size"] != largest
            },
            target=f"<= {SCALE_TARGET_MB:.0f} MB",
            met=peak is not None and peak <= SCALE_TARGET_MB,
            note="" if peak is not None else "the largest size did not finish",
        )
    )
    result["measures"].append(
        harness.measure(
            f"growth of time with articles (log-log slope over {sizes_done})",
            time_slope,
            baselines={"memory slope": memory_slope},
            target=f"<= {SLOPE_TARGET} (near-linear)",
            met=time_slope is not None and time_slope <= SLOPE_TARGET,
        )
    )


def _fmt_slope(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def part_terms(result: dict[str, Any], data: Path) -> None:
    answer = run_child(["--child", "terms", "--data", str(data)], timeout=1200)
    result["terms"] = answer
    if "skipped" in answer or "speedup" not in answer:
        reason = answer.get("skipped") or answer.get("error")
        print(f"terms: skipped: {reason}")
        result["measures"].append(
            harness.measure(
                "distinctive terms vs scattertext, speed-up",
                None,
                target=f">= {SPEEDUP_TARGET:.0f}x",
                note=str(reason),
            )
        )
        return
    end, same = answer["end_to_end"], answer["same_counts"]
    print(
        f"terms: ours {answer['ours_s']:.2f} s, scattertext {answer['scattertext_s']:.2f} s "
        f"-> {answer['speedup']:.1f}x"
    )
    harness.print_table(
        [
            [
                k + 1,
                end["top_ours"][k],
                end["top_theirs"][k],
                same["top_theirs"][k] if k < len(same["top_theirs"]) else "",
            ]
            for k in range(min(TOP, len(end["top_ours"]), len(end["top_theirs"])))
        ],
        ["rank", "ours", "scattertext (terms both count)", "scattertext scorer, our counts"],
    )
    result["measures"].append(
        harness.measure(
            "distinctive terms, left vs rest of 3,656 articles: speed-up over scattertext",
            answer["speedup"],
            unit="x",
            baselines={"ours": answer["ours_s"], "scattertext": answer["scattertext_s"]},
            baseline_units={"ours": "s", "scattertext": "s"},
            target=f">= {SPEEDUP_TARGET:.0f}x",
            met=answer["speedup"] >= SPEEDUP_TARGET,
        )
    )
    result["measures"].append(
        harness.measure(
            f"top-{TOP} terms shared with scattertext (terms both tokenizers count)",
            end["top_overlap"],
            unit=f"of {TOP}",
            baselines={"Spearman, union of both top-200": end["spearman_top200_union"]},
            baseline_units={"Spearman, union of both top-200": ""},
            target=f"{TOP} of {TOP}, same order where the methods coincide",
            met=end["top_overlap"] == TOP,
            note=_order_note(end)
            + "; the tokenizers differ (scattertext also counts stop words and n-grams across "
            "them)",
        )
    )
    result["measures"].append(
        harness.measure(
            f"top-{TOP} terms shared with scattertext's scorer on identical counts",
            same["top_overlap"],
            unit=f"of {TOP}",
            baselines={"Spearman, all terms": same["spearman_all_common"]},
            baseline_units={"Spearman, all terms": ""},
            target=f"{TOP} of {TOP}, same order",
            met=bool(same["same_order"]),
            note=_order_note(same),
        )
    )


def _order_note(comparison: dict[str, Any]) -> str:
    """Where two top lists differ in order ("same order" if nowhere)."""
    if comparison["same_order"]:
        return "same order"
    ours, theirs = comparison["top_ours"], comparison["top_theirs"]
    ranks = [str(k + 1) for k, (a, b) in enumerate(zip(ours, theirs)) if a != b]
    return f"order differs at rank(s) {', '.join(ranks)}"


def part_profile(result: dict[str, Any], data: Path) -> None:
    answer = run_child(["--child", "profile", "--data", str(data)])
    result["profile"] = answer
    if "files" in answer:
        for name, path in answer["files"].items():
            print(f"profile {name}: {path}")
    else:
        print(f"profile: skipped: {answer.get('skipped') or answer.get('error')}")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="folder holding article-bias-prediction/")
    parser.add_argument("--part", choices=PARTS, action="append", help="default: all")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument(
        "--scale-timeout",
        type=float,
        default=SCALE_TIMEOUT_S,
        help="seconds each size may take before it is stopped (keeps make bench in budget)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    data = harness.data_folder(args.data)
    if args.child:
        children = {
            "compare-cold": child_compare_cold,
            "compare-warm": child_compare_warm,
            "dashboards": child_dashboards,
            "scale": lambda: child_scale(data, args.size),
            "terms": lambda: child_terms(data),
            "profile": lambda: child_profile(data),
        }
        answer = children[args.child]()
        Path(args.out).write_text(json.dumps(answer, default=str), encoding="utf-8")
        return answer

    parts = args.part or list(PARTS)
    if {"scale", "terms", "profile"} & set(parts):
        harness.require(data / "article-bias-prediction" / "jsons")
    began = time.perf_counter()
    result: dict[str, Any] = {
        "benchmark": "speed",
        "command": "python benchmarks/bench_speed.py",
        "event": str(DEMO.relative_to(harness.ROOT)),
        "parts": parts,
        "measures": [],
    }
    sizes = [int(size) for size in args.sizes.split(",") if size]
    for part in parts:
        print(f"speed: {part} ...", flush=True)
        if part == "compare":
            part_compare(result)
        elif part == "dashboards":
            part_dashboards(result)
        elif part == "scale":
            part_scale(result, data, sizes, args.scale_timeout)
        elif part == "terms":
            part_terms(result, data)
        elif part == "profile":
            part_profile(result, data)
    result["seconds"] = round(time.perf_counter() - began, 2)
    harness.print_measures(result["measures"])
    name = "speed" if parts == list(PARTS) else "speed_" + "_".join(parts)
    print(f"wrote {harness.write_result(name, result)}")
    return result


if __name__ == "__main__":
    main()
