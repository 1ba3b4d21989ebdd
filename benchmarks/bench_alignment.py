"""Check the sentence-link threshold of :mod:`workbench.coverage` on NeuS-AllSides.

For each story with a left, a center and a right article, the sentences of the three
articles are aligned (a real event), and so are those of three articles from three
different stories (a null trio: nothing there should link). Prints, per threshold, the
share of sentences with at least one link in real events and in null trios; ``--show``
also prints a few linked pairs per similarity band to read by hand (printed, never
stored).

Usage::

    python benchmarks/bench_alignment.py [--data DIR] [--show]

``DIR`` defaults to ``$WORKBENCH_DATA`` or ``../shared/data`` beside the repository
root. Writes ``benchmarks/results/alignment.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.coverage import DEFAULT_THRESHOLD, align_sentences  # noqa: E402
from workbench.prepare import sentence_table  # noqa: E402

SIDES = ("left", "center", "right")
THRESHOLDS = [0.20, 0.25, 0.30, 0.35, 0.40, 0.50]
BANDS = [(0.20, 0.25), (0.25, 0.30), (0.30, 0.35)]


def data_folder(given: str | None) -> Path:
    """The folder of public benchmark data."""
    if given:
        return Path(given)
    if os.environ.get("WORKBENCH_DATA"):
        return Path(os.environ["WORKBENCH_DATA"])
    return ROOT.parent / "shared" / "data"


def article(story: dict, side: str) -> dict:
    """One article of a story as an articles-table row."""
    return {
        "article_id": f"{story['id']}-{side}",
        "source": side,
        "text": "\n\n".join(story["news"][side]["newBody"]),
    }


def best_links(trio: list[dict]) -> tuple[np.ndarray, list[tuple[float, str, str]]]:
    """Per sentence the similarity of its best mutual link (0.0 without), and the links."""
    sentences = sentence_table(pd.DataFrame(trio))
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


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="folder holding neus-allsides/stories.jsonl")
    parser.add_argument("--show", action="store_true", help="print linked pairs per band")
    parser.add_argument(
        "--out", default=str(ROOT / "benchmarks" / "results" / "alignment.json"), help="JSON"
    )
    args = parser.parse_args(argv)
    path = data_folder(args.data) / "neus-allsides" / "stories.jsonl"
    if not path.exists():
        parser.error(f"{path}: not found; pass --data DIR or set WORKBENCH_DATA")
    with path.open(encoding="utf-8") as lines:
        stories = [json.loads(line) for line in lines]
    stories = [s for s in stories if all((s["news"].get(k) or {}).get("newBody") for k in SIDES)]

    real, null, shown = [], [], []
    for k, story in enumerate(stories):
        values, pairs = best_links([article(story, side) for side in SIDES])
        real.append(values)
        shown.extend(pairs)
        others = stories[(k + 1) % len(stories)], stories[(k + 2) % len(stories)]
        trio = [article(story, "left"), article(others[0], "center"), article(others[1], "right")]
        null.append(best_links(trio)[0])
    real_all, null_all = np.concatenate(real), np.concatenate(null)
    print(f"{len(real_all)} sentences in {len(stories)} stories; default {DEFAULT_THRESHOLD}")
    results: dict = {
        "data": "neus-allsides/stories.jsonl",
        "n_stories": len(stories),
        "n_sentences": len(real_all),
        "default_threshold": DEFAULT_THRESHOLD,
        "runs": [],
    }
    for threshold in THRESHOLDS:
        share_real = float((real_all >= threshold).mean())
        share_null = float((null_all >= threshold).mean())
        print(
            f"threshold {threshold:.2f}: sentences linked in real events {share_real:.3f}, "
            f"in null trios {share_null:.4f}"
        )
        results["runs"].append(
            {
                "threshold": threshold,
                "linked_share_real": round(share_real, 4),
                "linked_share_null": round(share_null, 4),
            }
        )
    if args.show:
        rng = np.random.default_rng(0)
        for low, high in BANDS:
            band = [pair for pair in shown if low <= pair[0] < high]
            print(f"--- links of {low:.2f}-{high:.2f}: {len(band)}")
            for i in rng.choice(len(band), min(8, len(band)), replace=False):
                score, a, b = band[i]
                print(f"{score:.2f}\n  {a[:160]}\n  {b[:160]}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return results


if __name__ == "__main__":
    main()
