"""Measure same-event grouping on NeuS-AllSides stories: tuned on one half, scored on the other.

Pools the left, center and right articles (title + first paragraphs, URL, outlet) of every
story in ``neus-allsides/stories.jsonl`` and clusters the pile with
:func:`workbench.similarity.group_events`; each story is one event, and clusters are
compared with stories by adjusted Rand index (ARI). Nothing of the story record (its id,
date, topic or roundup) reaches the grouping: only what an article itself carries.

The stories are split in two halves by story id with a seeded generator (seed 0). The
threshold sweep below runs on the tuning half only; :data:`GROUPING_DEFAULTS` were chosen
there: first a grid over neighbours 3/5/8, hub_weight 0.75/0.9/1.0, title_weight 0.5/1.0
and thresholds 0.92-1.06, with and without ``one_per_source`` (best for both at neighbours
5, hub_weight 0.9, title_weight 1.0, threshold 0.99); then, with those, name_weight
0.5/0.6/0.7/0.8/1.0 × weekday_penalty 0.05/0.1/0.15 × thresholds 0.93-0.99 (best:
name_weight 0.7, weekday_penalty 0.05, threshold 0.99; thresholds are kept below 1.0, where
two unrelated articles sharing a few character n-grams would merge in a small pile; at
1.0 the tuning half scored 0.839 with weekday_penalty 0.1), and neighbours 3/5/8 and
hub_weight 0.75/0.9/1.0 again (unchanged). Tried on the tuning half and dropped: a
title-to-text word cosine added to the similarity (0.833 at best, against 0.839 without),
dropping stop words that open a sentence from names (0.827 against 0.835), month-day
dates in the text (rare: 14 % of articles; mostly not the publication date). The held-out
half and the whole pile are scored with the defaults only; the ablations switch one of
the two later additions off. Also prints the share of articles whose nearest neighbour
is an article of their own story (a ceiling for any clustering of those similarities),
for plain word TF-IDF cosine and for :func:`grouping_similarity`.

Why the target (ARI >= 0.90) is out of reach here, measured once by hand (2026-11-29,
not rerun by this script): 350 of the 1,479 articles have a nearest neighbour from
another story. Of 60 of them drawn at random (seed 1) and read, 34 are the same recurring
topic on another day (weekly jobless claims, one more Texas abortion ruling, the debt
ceiling), 19 another AllSides story about the same unfolding event within 3 days (often a
"Perspectives" story the next day), 6 an article on another angle than its siblings, 1
misfiled. 97 % of the wrong neighbours more than 3 days apart involve an article whose
URL carries no date (only 42 % do). Giving every article its story's own date (which the
grouping never sees) raises ARI only to 0.88 on the held-out half and 0.83 on all.

Usage::

    python benchmarks/bench_grouping.py [--data DIR] [--seed 0]

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

import harness
import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.metrics import adjusted_rand_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.similarity import (  # noqa: E402
    GROUPING_DEFAULTS,
    group_events,
    grouping_similarity,
    similarity_matrix,
)

THRESHOLDS = [round(0.93 + 0.01 * k, 2) for k in range(13)]  # 0.93, 0.94, ..., 1.05
SIDES = ("left", "center", "right")


def data_folder(given: str | None) -> Path:
    """The folder of public benchmark data."""
    if given:
        return Path(given)
    if os.environ.get("WORKBENCH_DATA"):
        return Path(os.environ["WORKBENCH_DATA"])
    return ROOT.parent / "shared" / "data"


def read_stories(path: Path) -> pd.DataFrame:
    """One row per article of a story: article_id, story, source, title, url, text."""
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
                        "url": news.get("newsLink") or "",
                        "text": "\n\n".join(news["newBody"]),
                    }
                )
    return pd.DataFrame(rows)


def split_stories(articles: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The articles of a seeded random half of the stories, and those of the other half."""
    stories = np.array(sorted(articles["story"].unique()))
    rng = np.random.default_rng(seed)
    tuning = rng.choice(stories, size=len(stories) // 2, replace=False)
    mask = articles["story"].isin(tuning).to_numpy()
    return articles[mask].reset_index(drop=True), articles[~mask].reset_index(drop=True)


def nearest_sibling_share(articles: pd.DataFrame, similarity: np.ndarray) -> float:
    """Share of articles (in stories of 2+) whose most similar other article is a sibling."""
    S = np.array(similarity, dtype=float)
    np.fill_diagonal(S, -np.inf)
    nearest = S.argmax(axis=1)
    story = articles["story"].to_numpy()
    has_sibling = articles.groupby("story")["story"].transform("size").to_numpy() > 1
    return float((story[nearest] == story)[has_sibling].mean())


def word_cosine(articles: pd.DataFrame) -> np.ndarray:
    """Plain word TF-IDF cosine of title + text, terms of 2+ articles (the former recipe)."""
    pile = articles.assign(text=articles["title"] + "\n\n" + articles["text"])
    return similarity_matrix(pile, min_df=2).to_numpy()


def former_recipe_ari(articles: pd.DataFrame, threshold: float = 0.74) -> float:
    """ARI of the former default: average linkage on word cosine distance, cut at 0.74."""
    distance = 1.0 - word_cosine(articles)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(np.clip(distance, 0.0, None), checks=False), method="average")
    labels = fcluster(tree, t=threshold, criterion="distance")
    return float(adjusted_rand_score(articles["story"], labels))


def score(articles: pd.DataFrame, **options) -> dict:
    """ARI, number of events and CPU seconds of one grouping of *articles*."""
    began = time.process_time()
    grouped = group_events(articles, **options)
    seconds = time.process_time() - began
    return {
        "adjusted_rand_index": round(
            float(adjusted_rand_score(articles["story"], grouped["event_id"])), 4
        ),
        "n_events": int(grouped["event_id"].nunique()),
        "n_stories": int(articles["story"].nunique()),
        "cpu_seconds": round(seconds, 2),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="folder holding neus-allsides/stories.jsonl")
    parser.add_argument("--seed", type=int, default=0, help="seed of the tuning half")
    parser.add_argument(
        "--out", default=str(ROOT / "benchmarks" / "results" / "grouping.json"), help="JSON"
    )
    args = parser.parse_args(argv)
    path = data_folder(args.data) / "neus-allsides" / "stories.jsonl"
    if not path.exists():
        parser.error(f"{path}: not found; pass --data DIR or set WORKBENCH_DATA")
    began = time.process_time()
    articles = read_stories(path)
    tuning, held_out = split_stories(articles, args.seed)
    piles = {"tuning": tuning, "held_out": held_out, "all": articles}
    print(
        f"{len(articles)} articles in {articles['story'].nunique()} stories from {path}; "
        f"halves of {tuning['story'].nunique()} (tuning) and "
        f"{held_out['story'].nunique()} (held out) stories, seed {args.seed}",
        flush=True,
    )
    results: dict = {
        "data": "neus-allsides/stories.jsonl",
        "seed": args.seed,
        "n_articles": len(articles),
        "n_stories": int(articles["story"].nunique()),
        "defaults": GROUPING_DEFAULTS,
        "nearest_sibling_share": {},
        "tuning_sweep": [],
        "defaults_scores": {},
    }
    for name, pile in piles.items():
        shares = {
            "word_cosine": nearest_sibling_share(pile, word_cosine(pile)),
            "grouping_similarity": nearest_sibling_share(
                pile, grouping_similarity(pile).to_numpy()
            ),
        }
        results["nearest_sibling_share"][name] = {k: round(v, 4) for k, v in shares.items()}
        print(
            f"{name:8s}: nearest neighbour is a sibling for {shares['word_cosine']:.3f} "
            f"(word cosine), {shares['grouping_similarity']:.3f} (grouping similarity)",
            flush=True,
        )
    for one_per_source in (False, True):
        for threshold in THRESHOLDS:
            run = score(tuning, threshold=threshold, one_per_source=one_per_source)
            run.update(threshold=threshold, one_per_source=one_per_source)
            results["tuning_sweep"].append(run)
            print(
                f"tuning half, one_per_source={one_per_source!s:5s} threshold "
                f"{threshold:.2f}: ARI {run['adjusted_rand_index']:.3f}, "
                f"{run['n_events']} events",
                flush=True,
            )
    for one_per_source in (False, True):
        key = f"one_per_source={one_per_source}"
        results["defaults_scores"][key] = {}
        for name, pile in piles.items():
            run = score(pile, one_per_source=one_per_source)
            results["defaults_scores"][key][name] = run
            print(
                f"defaults, {key:20s} {name:8s}: ARI {run['adjusted_rand_index']:.3f}, "
                f"{run['n_events']} events for {run['n_stories']} stories, "
                f"{run['cpu_seconds']:.1f} s",
                flush=True,
            )
    results["ablations"] = {}
    for label, options in (
        ("name_weight=0", {"name_weight": 0.0}),
        ("weekday_penalty=0", {"weekday_penalty": 0.0}),
        ("name_weight=0, weekday_penalty=0", {"name_weight": 0.0, "weekday_penalty": 0.0}),
    ):
        results["ablations"][label] = {}
        for name in ("held_out", "all"):
            run = score(piles[name], **options)
            results["ablations"][label][name] = run
            print(
                f"ablation {label:34s} {name:8s}: ARI {run['adjusted_rand_index']:.3f}",
                flush=True,
            )
    former = {name: round(former_recipe_ari(pile), 4) for name, pile in piles.items()}
    results["former_recipe_ari"] = former
    print(
        "former recipe (word cosine, threshold 0.74): "
        + ", ".join(f"{name} {value:.3f}" for name, value in former.items())
    )
    results["measures"] = []
    for key, scores in results["defaults_scores"].items():
        for name in ("held_out", "all"):
            ari = scores[name]["adjusted_rand_index"]
            results["measures"].append(
                harness.measure(
                    f"event grouping ARI, NeuS {name.replace('_', '-')} "
                    f"({scores[name]['n_stories']} stories), defaults, {key}",
                    ari,
                    baselines={
                        "word cosine, threshold 0.74 (former default)": former[name],
                        "nearest neighbour a sibling (share)": results["nearest_sibling_share"][
                            name
                        ]["grouping_similarity"],
                    },
                    target=">= 0.90",
                    met=ari >= 0.90,
                    note=f"defaults chosen on the other half of the stories (seed {args.seed})"
                    if name == "held_out"
                    else "",
                )
            )
    results["cpu_seconds"] = round(time.process_time() - began, 1)
    print(f"CPU {results['cpu_seconds']:.1f} s")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return results


if __name__ == "__main__":
    main()
