"""Tune the same-event grouping threshold on NeuS-AllSides stories.

Pools the left, center and right articles (title + first paragraphs) of every story in
``neus-allsides/stories.jsonl``, clusters the pile with
:func:`workbench.similarity.group_events` at several distance thresholds and compares
the clusters with the stories (each story is one event) by adjusted Rand index. Also
prints the share of articles whose nearest neighbour (highest cosine similarity, itself
excluded) is an article of the same story: the ceiling that any threshold can reach
with these vectors.

Usage::

    python benchmarks/bench_grouping.py [--data DIR]

``DIR`` defaults to ``$WORKBENCH_DATA`` or ``../shared/data`` beside the repository
root. Writes ``benchmarks/results/grouping.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.similarity import (  # noqa: E402
    GROUPING_THRESHOLDS,
    group_events,
    similarity_matrix,
)

THRESHOLDS = [round(0.50 + 0.02 * k, 2) for k in range(24)]  # 0.50, 0.52, ..., 0.96
SIDES = ("left", "center", "right")


def data_folder(given: str | None) -> Path:
    """The folder of public benchmark data."""
    if given:
        return Path(given)
    if os.environ.get("WORKBENCH_DATA"):
        return Path(os.environ["WORKBENCH_DATA"])
    return ROOT.parent / "shared" / "data"


def read_stories(path: Path) -> pd.DataFrame:
    """One row per article of a story: article_id, story, source, title, text."""
    rows = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            story = json.loads(line)
            for side in SIDES:
                news = (story.get("news") or {}).get(side)
                if not news or not news.get("newBody"):
                    continue
                rows.append(
                    {
                        "article_id": f"{story['id']}-{side}",
                        "story": story["id"],
                        "source": news.get("newsSource") or side,
                        "title": news.get("newsTitle") or "",
                        "text": "\n\n".join(news["newBody"]),
                    }
                )
    return pd.DataFrame(rows)


def nearest_sibling_share(articles: pd.DataFrame, analyzer: str) -> float:
    """Share of articles (in stories of 2+) whose nearest neighbour is from their story.

    Uses the vectors :func:`group_events` clusters: title + text, terms of 2+ articles.
    """
    pile = articles.assign(text=articles["title"] + "\n\n" + articles["text"])
    S = similarity_matrix(pile, analyzer=analyzer, min_df=2).to_numpy().copy()
    np.fill_diagonal(S, -1.0)
    nearest = S.argmax(axis=1)
    story = articles["story"].to_numpy()
    has_sibling = articles.groupby("story")["story"].transform("size").to_numpy() > 1
    return float((story[nearest] == story)[has_sibling].mean())


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="folder holding neus-allsides/stories.jsonl")
    parser.add_argument(
        "--out", default=str(ROOT / "benchmarks" / "results" / "grouping.json"), help="JSON"
    )
    args = parser.parse_args(argv)
    path = data_folder(args.data) / "neus-allsides" / "stories.jsonl"
    if not path.exists():
        parser.error(f"{path}: not found; pass --data DIR or set WORKBENCH_DATA")
    articles = read_stories(path)
    truth = articles["story"].to_numpy()
    print(
        f"{len(articles)} articles in {articles['story'].nunique()} stories from {path}",
        flush=True,
    )
    results: dict = {
        "data": "neus-allsides/stories.jsonl",
        "n_articles": len(articles),
        "n_stories": int(articles["story"].nunique()),
        "default_thresholds": GROUPING_THRESHOLDS,
        "runs": [],
    }
    for analyzer in ("word", "char"):
        share = nearest_sibling_share(articles, analyzer)
        print(f"{analyzer}: nearest neighbour is a sibling for {share:.3f} of articles")
        results[f"nearest_sibling_share_{analyzer}"] = round(share, 4)
        for threshold in THRESHOLDS:
            began = time.perf_counter()
            grouped = group_events(articles, threshold=threshold, analyzer=analyzer)
            seconds = time.perf_counter() - began
            ari = adjusted_rand_score(truth, grouped["event_id"])
            n_events = int(grouped["event_id"].nunique())
            print(
                f"{analyzer:4s} threshold {threshold:.2f}: ARI {ari:.3f}, "
                f"{n_events} events, {seconds:.1f} s",
                flush=True,
            )
            results["runs"].append(
                {
                    "analyzer": analyzer,
                    "threshold": threshold,
                    "adjusted_rand_index": round(float(ari), 4),
                    "n_events": n_events,
                    "seconds": round(seconds, 2),
                }
            )
        runs = [run for run in results["runs"] if run["analyzer"] == analyzer]
        best = max(runs, key=lambda run: run["adjusted_rand_index"])
        default = group_events(articles, analyzer=analyzer)
        default_ari = round(float(adjusted_rand_score(truth, default["event_id"])), 4)
        results[f"best_{analyzer}"] = best
        results[f"default_ari_{analyzer}"] = default_ari
        print(
            f"{analyzer}: best ARI {best['adjusted_rand_index']:.3f} at {best['threshold']:.2f}; "
            f"default threshold {GROUPING_THRESHOLDS[analyzer]:.2f}: ARI {default_ari:.3f}",
            flush=True,
        )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return results


if __name__ == "__main__":
    main()
