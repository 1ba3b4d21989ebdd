"""Check the sentence links and the presence rule of :mod:`workbench.coverage`.

Three checks, each printed as a table:

1. *Links* (NeuS-AllSides). For each story with a left, a center and a right article,
   the sentences of the three articles are aligned (a real event), and so are those of
   three articles from three different stories (a null trio: nothing there should link).
   Per threshold, the share of sentences with at least one link in real events and in
   null trios; ``--show`` also prints a few linked pairs per similarity band to read by
   hand (printed, never stored).
2. *Presence on real news*. The same trios, and trios of full-length articles from
   three different topics of article-bias-prediction (a harder null: long articles give
   more chances to match). Per presence rule (``"member"``: membership only; ``"similar"``:
   the rule of :func:`workbench.coverage.coverage_grid`) and threshold: the share of
   sentences whose content unit another source reports, and the false-presence rate,
   the share of (unit, source) cells without a member sentence that the rule marks
   present. In a null trio every such cell is a false presence.
3. *Presence against the annotations* of the three teaching corpora in ``corpora/``.
   For each annotated content unit, the computed unit that holds the event sentence
   closest to the annotated description (TF-IDF cosine, annotator notes in
   parentheses dropped) is its match, and the sources marked present in it are compared
   with the sources of the articles whose ``shared`` list names the unit: micro
   precision and recall over all units, and how many of the units every article
   reports come out present in every source. The same with the match chosen by overlap
   (best F1 against the annotated sources), an upper bound on what a better matching
   could show.

Usage::

    python benchmarks/bench_alignment.py [--data DIR] [--show] [--corpora-only]

``DIR`` defaults to ``$WORKBENCH_DATA`` or ``../shared/data`` beside the repository
root; ``--corpora-only`` runs check 3 alone (it needs no data). Writes
``benchmarks/results/alignment.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

from workbench.corpus import load_event  # noqa: E402
from workbench.coverage import (  # noqa: E402
    DEFAULT_THRESHOLD,
    align_sentences,
    content_units,
    coverage_grid,
)
from workbench.numbers import find_figures  # noqa: E402
from workbench.prepare import sentence_table  # noqa: E402
from workbench.similarity import tfidf_vectorizer  # noqa: E402

SIDES = ("left", "center", "right")
THRESHOLDS = [0.20, 0.25, 0.30, 0.35, 0.40, 0.50]
PRESENCE_THRESHOLDS = [0.20, 0.25, 0.30]
BANDS = [(0.20, 0.25), (0.25, 0.30), (0.30, 0.35)]
CORPORA = ["sumy-strike-2025", "harbor-bridge-closure-2024", "dairy-tariff-2025"]
N_TOPIC_TRIOS = 200


def article(story: dict, side: str) -> dict:
    """One article of a story as an articles-table row."""
    return {
        "article_id": f"{story['id']}-{side}",
        "source": side,
        "text": "\n\n".join(story["news"][side]["newBody"]),
    }


def best_links(sentences: pd.DataFrame) -> tuple[np.ndarray, list[tuple[float, str, str]]]:
    """Per sentence the similarity of its best mutual link (0.0 without), and the links."""
    aligned = align_sentences(sentences, threshold=0.01)
    linked = aligned[aligned["linked"]]
    best = linked.groupby("sentence_id")["similarity"].max()
    text = dict(zip(sentences["sentence_id"], sentences["text"], strict=True))
    pairs = [
        (row.similarity, text[row.sentence_id], text[row.match_sentence_id])
        for row in linked.itertuples()
        if row.sentence_id < row.match_sentence_id
    ]
    return best.reindex(sentences["sentence_id"], fill_value=0.0).to_numpy(), pairs


def presence_counts(articles: pd.DataFrame) -> dict[tuple[str, float], np.ndarray]:
    """Per (rule, threshold): sentences reported elsewhere, sentences, cells marked, cells.

    "Reported elsewhere": another source is present in the sentence's unit. "Cells":
    (unit, source) pairs where the source has no sentence in the unit; "marked": those
    the rule marks present. Units and grid take the articles' figures as
    :class:`~workbench.comparison.Comparison` does (tallies link and mark presence).
    """
    sentences = sentence_table(articles)
    figures = find_figures(articles, sentences)
    counts = {}
    for threshold in PRESENCE_THRESHOLDS:
        units = content_units(sentences, threshold=threshold, figures=figures)
        for rule in ("member", "similar"):
            grid = coverage_grid(units, [], threshold=threshold, presence=rule, figures=figures)
            present = grid[grid["present"]]
            reporters = present.groupby("unit_id")["source"].agg(set)
            elsewhere = sum(
                bool(reporters[unit] - {source})
                for unit, source in zip(units["unit_id"], units["source"], strict=True)
            )
            open_cells = grid["match"] != "member"
            marked = open_cells & grid["present"]
            counts[(rule, threshold)] = np.array(
                [elsewhere, len(units), int(marked.sum()), int(open_cells.sum())], dtype=float
            )
    return counts


def add(total: dict, counts: dict) -> None:
    for key, value in counts.items():
        total[key] = total.get(key, 0.0) + value


def check_links(stories: list[dict], show: bool) -> list[dict]:
    """Check 1: share of sentences with a link, real events vs null trios."""
    real, null, shown = [], [], []
    for k, story in enumerate(stories):
        values, pairs = best_links(sentence_table(pd.DataFrame(trio_of(story))))
        real.append(values)
        shown.extend(pairs)
        null.append(best_links(sentence_table(pd.DataFrame(null_trio(stories, k))))[0])
    real_all, null_all = np.concatenate(real), np.concatenate(null)
    print(f"\n1. links: {len(real_all)} sentences in {len(stories)} stories")
    runs, rows = [], []
    for threshold in THRESHOLDS:
        share_real = float((real_all >= threshold).mean())
        share_null = float((null_all >= threshold).mean())
        rows.append([f"{threshold:.2f}", f"{share_real:.3f}", f"{share_null:.4f}"])
        runs.append(
            {
                "threshold": threshold,
                "linked_share_real": round(share_real, 4),
                "linked_share_null": round(share_null, 4),
            }
        )
    harness.print_table(rows, ["threshold", "linked, real events", "linked, null trios"])
    if show:
        rng = np.random.default_rng(0)
        for low, high in BANDS:
            band = [pair for pair in shown if low <= pair[0] < high]
            print(f"--- links of {low:.2f}-{high:.2f}: {len(band)}")
            for i in rng.choice(len(band), min(8, len(band)), replace=False):
                score, a, b = band[i]
                print(f"{score:.2f}\n  {a[:160]}\n  {b[:160]}")
    return runs


def trio_of(story: dict) -> list[dict]:
    return [article(story, side) for side in SIDES]


def null_trio(stories: list[dict], k: int) -> list[dict]:
    """The left article of story *k* with the center and right of the next two stories."""
    others = stories[(k + 1) % len(stories)], stories[(k + 2) % len(stories)]
    return [article(stories[k], "left"), article(others[0], "center"), article(others[1], "right")]


def topic_trios(folder: Path) -> list[list[dict]]:
    """Trios of article-bias-prediction articles from three different topics (seeded)."""
    files = sorted(folder.glob("*.json"))
    rng = np.random.default_rng(0)
    trios, picked = [], rng.permutation(len(files))
    for start in range(0, len(picked) - 2, 3):
        docs = [json.loads(files[i].read_text(encoding="utf-8")) for i in picked[start : start + 3]]
        if len({doc["topic"] for doc in docs}) < 3:
            continue
        trios.append(
            [
                {"article_id": doc["ID"], "source": f"s{k}", "text": doc["content_original"]}
                for k, doc in enumerate(docs)
            ]
        )
        if len(trios) == N_TOPIC_TRIOS:
            break
    return trios


def check_presence(stories: list[dict], topics: list[list[dict]]) -> list[dict]:
    """Check 2: presence on real news, events vs unrelated trios."""
    real: dict = {}
    null: dict = {}
    topic_null: dict = {}
    for k, story in enumerate(stories):
        add(real, presence_counts(pd.DataFrame(trio_of(story))))
        add(null, presence_counts(pd.DataFrame(null_trio(stories, k))))
    for trio in topics:
        add(topic_null, presence_counts(pd.DataFrame(trio)))
    n_topic_sentences = int(topic_null[("member", DEFAULT_THRESHOLD)][1]) if topics else 0
    print(
        f"\n2. presence on real news: {len(stories)} NeuS stories and as many null trios, "
        f"{len(topics)} article-bias-prediction trios of three topics "
        f"({n_topic_sentences} sentences)"
    )
    runs, rows = [], []
    for key in sorted(real, key=lambda key: (key[1], key[0] == "similar")):
        rule, threshold = key
        run = {"presence": rule, "threshold": threshold}
        row = [rule, f"{threshold:.2f}"]
        for name, total in (("neus_real", real), ("neus_null", null), ("topics_null", topic_null)):
            if key not in total:
                continue
            elsewhere, n, marked, cells = total[key]
            run[f"{name}_reported_elsewhere"] = round(elsewhere / n, 4)
            run[f"{name}_cells_marked"] = round(marked / cells, 5)
            run[f"{name}_n_cells_marked"] = int(marked)
            row += [f"{elsewhere / n:.4f}", f"{marked / cells:.4f} ({int(marked)})"]
        runs.append(run)
        rows.append(row)
    header = ["presence", "threshold"]
    for name in ("NeuS events", "NeuS null", "topic null"):
        header += [f"{name}: reported elsewhere", "cells marked"]
    harness.print_table(rows, header[: len(rows[0])])
    return runs


def annotated_sources(event, annotations: dict) -> dict[str, set[str]]:
    """Annotated content unit -> the sources of the articles whose ``shared`` names it."""
    source_of = dict(zip(event.articles["article_id"], event.articles["source"], strict=True))
    return {
        unit: {
            source_of[article_id]
            for article_id, entry in annotations["articles"].items()
            if unit in (entry.get("shared") or [])
        }
        for unit in annotations["content_units"]
    }


def description_match(units: pd.DataFrame, descriptions: dict[str, str]) -> dict[str, int]:
    """Annotated unit -> the computed unit of the sentence closest to its description."""
    vectorizer = tfidf_vectorizer(analyzer="word", ngram_range=(1, 1))
    X = vectorizer.fit_transform(units["text"])
    notes = re.compile(r"\([^)]*\)")
    queries = vectorizer.transform([notes.sub("", text) for text in descriptions.values()])
    best = (queries @ X.T).toarray().argmax(axis=1)
    return dict(zip(descriptions, units["unit_id"].to_numpy()[best].tolist(), strict=True))


def best_overlap(present: pd.Series, sources: set[str]) -> int:
    """The unit whose present sources best agree (F1) with *sources*; ties: the first."""

    def f1(unit: int) -> float:
        return 2 * len(present[unit] & sources) / (len(present[unit]) + len(sources))

    return max(present.index, key=f1)


def check_corpora() -> list[dict]:
    """Check 3: sources present against the annotated ``shared`` lists."""
    runs, per_unit = [], []
    n_annotated = 0
    for threshold in PRESENCE_THRESHOLDS:
        for rule in ("member", "similar"):
            totals = {"description": np.zeros(3), "overlap": np.zeros(3)}
            found = {"description": [0, 0], "overlap": [0, 0]}
            for name in CORPORA:
                folder = ROOT / "corpora" / name
                event = load_event(folder)
                annotations = yaml.safe_load((folder / "annotations.yaml").read_text("utf-8"))
                truth = annotated_sources(event, annotations)
                figures = find_figures(event.articles, event.sentences)
                units = content_units(event.sentences, threshold=threshold, figures=figures)
                grid = coverage_grid(
                    units, event.sources, threshold=threshold, presence=rule, figures=figures
                )
                present = grid[grid["present"]].groupby("unit_id")["source"].agg(set)
                by_description = description_match(units, annotations["content_units"])
                n_annotated = len(truth) if name == CORPORA[0] else n_annotated + len(truth)
                for unit, sources in truth.items():
                    matches = {
                        "description": by_description[unit],
                        "overlap": best_overlap(present, sources),
                    }
                    for how, match in matches.items():
                        marked = present[match]
                        totals[how] += [len(marked & sources), len(marked), len(sources)]
                        if len(sources) == len(event.sources):
                            found[how][1] += 1
                            found[how][0] += int(marked == sources)
                    if threshold == DEFAULT_THRESHOLD:
                        marked = present[matches["description"]]
                        per_unit.append(
                            [
                                rule,
                                name,
                                unit,
                                matches["description"],
                                f"{len(marked & sources)}/{len(marked)}",
                                f"{len(marked & sources)}/{len(sources)}",
                            ]
                        )
            run = {"presence": rule, "threshold": threshold}
            for how, (tp, n_marked, n_true) in totals.items():
                run[f"{how}_precision"] = round(tp / n_marked, 4)
                run[f"{how}_recall"] = round(tp / n_true, 4)
                run[f"{how}_all_reported_found"] = found[how][0]
            run["n_all_reported"] = found["description"][1]
            run["n_annotated_units"] = n_annotated
            runs.append(run)
    rows = [
        [
            run["presence"],
            f"{run['threshold']:.2f}",
            f"{run['description_precision']:.3f}",
            f"{run['description_recall']:.3f}",
            f"{run['description_all_reported_found']}/{run['n_all_reported']}",
            f"{run['overlap_precision']:.3f}",
            f"{run['overlap_recall']:.3f}",
            f"{run['overlap_all_reported_found']}/{run['n_all_reported']}",
        ]
        for run in runs
    ]
    print("\n3. presence against the annotations of the teaching corpora")
    harness.print_table(
        rows,
        [
            "presence",
            "threshold",
            "P (description)",
            "R (description)",
            "all-reported found",
            "P (overlap)",
            "R (overlap)",
            "all-reported found",
        ],
    )
    print(f"\nper annotated unit at {DEFAULT_THRESHOLD} (matched by description)")
    harness.print_table(
        per_unit, ["presence", "event", "annotated unit", "unit_id", "precision", "recall"]
    )
    return runs


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="folder holding neus-allsides/stories.jsonl")
    parser.add_argument("--show", action="store_true", help="print linked pairs per band")
    parser.add_argument("--corpora-only", action="store_true", help="only check 3 (needs no data)")
    parser.add_argument(
        "--out", default=str(ROOT / "benchmarks" / "results" / "alignment.json"), help="JSON"
    )
    args = parser.parse_args(argv)
    results: dict = {"default_threshold": DEFAULT_THRESHOLD}
    if not args.corpora_only:
        data = harness.data_folder(args.data)
        path = harness.require(data / "neus-allsides" / "stories.jsonl")
        with path.open(encoding="utf-8") as lines:
            stories = [json.loads(line) for line in lines]
        stories = [
            s for s in stories if all((s["news"].get(k) or {}).get("newBody") for k in SIDES)
        ]
        topics_folder = data / "article-bias-prediction" / "jsons"
        topics = topic_trios(topics_folder) if topics_folder.exists() else []
        results["data"] = ["neus-allsides/stories.jsonl", "article-bias-prediction/jsons"]
        results["n_stories"] = len(stories)
        results["n_topic_trios"] = len(topics)
        results["runs"] = check_links(stories, args.show)
        results["presence_real_news"] = check_presence(stories, topics)
    results["presence_teaching_corpora"] = check_corpora()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return results


if __name__ == "__main__":
    main()
