"""Does the workbench's per-article profile put the center outlet between left and right?

Data: the stories of ``neus-allsides/stories.jsonl`` that have a left, a center and a
right article (469 of 506). Each article is its title plus its paragraphs; the story's
neutral roundup is AllSides' summary under the story's headline: its first paragraph, and
any later paragraph that is not about the coverage itself ("Coverage was ... left-rated
outlets ...", "... across the spectrum").

Three per-article profiles, each a point in a Euclidean space:

- **framing**: the article's share of each of the 15 frames
  (:func:`workbench.framing.frame_profile` with the article as the "source");
- **style**: hedges, intensifiers, subjective, loaded words and modals per 100 words,
  unattributed-claim share, mean sentence length, Flesch reading ease
  (:func:`workbench.style.style_profile`), each z-scored over all articles;
- **word choice**: the article's TF-IDF vector (:func:`workbench.similarity.tfidf_vectorizer`,
  word 1–2-grams seen in 2+ texts, L2-normalised: Euclidean distance is a monotone
  function of the cosine distance the similarity table uses).

Tests, per profile, over the stories (L, C, R the three articles, N the roundup, d the
Euclidean distance):

1. **Center is the middle point**: d(L, R) is the largest of the three distances, i.e.
   C is the vertex with the smallest detour d(L,C) + d(C,R) − d(L,R). If the lean
   labels carried no information (labels permuted within each story) this holds with
   probability exactly 1/3. Reported: count, share, exact binomial p (one-sided,
   share > 1/3) and a permutation p (10,000 within-story permutations).
2. **Center projects between**: the projection of C on the L–R axis,
   t = (C − L)·(R − L) / |R − L|², lies in [0, 1]. Chance is not 1/3 here (in a
   triangle with no obtuse angle every vertex projects between the other two), so the
   chance level is the mean, over stories, of the share of the three articles that
   project between the other two; p from 10,000 within-story permutations.
3. **Paired detour test**: Wilcoxon signed-rank test of C's detour against L's and
   against R's detour (one-sided: C's is smaller), with the sign-test counts.
4. **Closest to the roundup**: C is nearer to N than both L and R (chance 1/3, binomial
   and permutation p), and paired Wilcoxon tests of d(C, N) against d(L, N) and
   d(R, N) (one-sided: C nearer), with sign-test counts.

Usage::

    python benchmarks/bench_lean.py [--data DIR] [--permutations 10000]

Writes ``benchmarks/results/lean.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import harness
import numpy as np
import pandas as pd
from scipy import sparse, stats

sys.path.insert(0, str(harness.ROOT))

SIDES = ("left", "center", "right")
ROUNDUP = "roundup"
_COVERAGE_PARAGRAPH = re.compile(r"coverage|outlets|-rated|spectrum", re.IGNORECASE)
#: Columns of the style profile that are not counts: its rates, shares and means.
_STYLE_COUNTS = ("source", "n_articles", "n_sentences", "n_words")


def read_stories(path: Path) -> pd.DataFrame:
    """One row per text (left, center, right article and the roundup) of complete stories.

    Columns ``article_id`` (``<story>-<side>``), ``story``, ``side``, ``outlet``, ``text``.
    """
    from workbench.prepare import normalize_text

    rows = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            story = json.loads(line)
            news = story.get("news") or {}
            if not all(news.get(side) and news[side].get("newBody") for side in SIDES):
                continue
            roundup = story.get("roundup") or []
            if not roundup:
                continue
            summary = roundup[:1] + [p for p in roundup[1:] if not _COVERAGE_PARAGRAPH.search(p)]
            texts = {
                side: (news[side].get("newsTitle") or "", news[side]["newBody"]) for side in SIDES
            }
            texts[ROUNDUP] = (story.get("issue") or "", summary)
            for side, (title, paragraphs) in texts.items():
                text = "\n\n".join([title, *paragraphs]) if title else "\n\n".join(paragraphs)
                rows.append(
                    {
                        "article_id": f"{story['id']}-{side}",
                        "story": story["id"],
                        "side": side,
                        "outlet": news[side]["newsSource"] if side in news else "AllSides",
                        "text": normalize_text(text),
                    }
                )
    return pd.DataFrame(rows)


def profiles(texts: pd.DataFrame) -> dict[str, np.ndarray | sparse.spmatrix]:
    """Framing, style and word-choice points of every text (rows in *texts* order)."""
    from workbench.framing import frame_profile
    from workbench.prepare import sentence_table
    from workbench.similarity import tfidf_vectorizer
    from workbench.style import STYLE_PROFILE_COLUMNS, style_profile

    as_sources = texts.assign(source=texts["article_id"])
    sentences = sentence_table(as_sources)
    ids = texts["article_id"].tolist()
    framing = frame_profile(sentences).reindex(ids).fillna(0.0).to_numpy()
    rates = [column for column in STYLE_PROFILE_COLUMNS if column not in _STYLE_COUNTS]
    style = style_profile(sentences, as_sources).set_index("source").loc[ids, rates]
    style = style.fillna(style.mean())
    style = ((style - style.mean()) / style.std(ddof=0).replace(0.0, 1.0)).to_numpy()
    vectorizer = tfidf_vectorizer(analyzer="word", min_df=2)
    words = vectorizer.fit_transform(texts["text"]).tocsr()
    return {"framing": framing, "style": style, "word choice": words}


def story_distances(texts: pd.DataFrame, points: np.ndarray | sparse.spmatrix) -> np.ndarray:
    """Array (n_stories, 4, 4): Euclidean distances among left, center, right, roundup."""
    order = {side: k for k, side in enumerate((*SIDES, ROUNDUP))}
    position = texts["side"].map(order).to_numpy()
    story = pd.factorize(texts["story"])[0]
    index = np.zeros((story.max() + 1, 4), dtype=np.int64)
    index[story, position] = np.arange(len(texts))
    squares = (
        np.asarray(points.multiply(points).sum(axis=1)).ravel()
        if sparse.issparse(points)
        else (points**2).sum(axis=1)
    )
    out = np.zeros((index.shape[0], 4, 4))
    for a in range(4):
        for b in range(a + 1, 4):
            rows_a, rows_b = points[index[:, a]], points[index[:, b]]
            if sparse.issparse(points):
                dot = np.asarray(rows_a.multiply(rows_b).sum(axis=1)).ravel()
            else:
                dot = (rows_a * rows_b).sum(axis=1)
            square = squares[index[:, a]] + squares[index[:, b]] - 2 * dot
            out[:, a, b] = out[:, b, a] = np.sqrt(np.maximum(square, 0.0))
    return out


def middle_vertex_tests(distances: np.ndarray) -> dict[str, np.ndarray]:
    """Per story and per vertex k of (L, C, R): is k the middle, does it project between.

    *distances* is (n_stories, 3+, 3+); only the first three points are used. Returns
    arrays of shape (n_stories, 3): ``middle`` (k's detour is the smallest, i.e. the
    side opposite k is the longest; ties share the count), ``between`` (k's projection
    on the axis of the other two lies in [0, 1]), ``detour`` (d(a,k) + d(k,b) − d(a,b))
    and ``t`` (the projection, (d(a,k)² + d(a,b)² − d(b,k)²) / (2 d(a,b)²)).
    """
    n = distances.shape[0]
    detour = np.zeros((n, 3))
    t = np.full((n, 3), 0.5)
    for k in range(3):
        a, b = [j for j in range(3) if j != k]
        ak, bk, ab = distances[:, a, k], distances[:, b, k], distances[:, a, b]
        detour[:, k] = ak + bk - ab
        positive = ab > 0
        t[positive, k] = (ak[positive] ** 2 + ab[positive] ** 2 - bk[positive] ** 2) / (
            2 * ab[positive] ** 2
        )
    middle = detour == detour.min(axis=1, keepdims=True)
    middle = middle / middle.sum(axis=1, keepdims=True)
    between = (t >= 0) & (t <= 1)
    return {"middle": middle, "between": between.astype(float), "detour": detour, "t": t}


def permutation_p(per_vertex: np.ndarray, observed: float, *, n: int, seed: int) -> float:
    """P(count >= observed) when the center label is drawn at random within each story.

    *per_vertex* (n_stories, 3) holds the statistic each vertex would give as "center".
    """
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, 3, size=(n, per_vertex.shape[0]))
    counts = per_vertex[np.arange(per_vertex.shape[0]), picks].sum(axis=1)
    return float((1 + (counts >= observed - 1e-9).sum()) / (n + 1))


def _binomial_p(successes: float, n: int, chance: float) -> float:
    return float(stats.binomtest(round(successes), n, chance, alternative="greater").pvalue)


def _paired(center: np.ndarray, other: np.ndarray) -> dict[str, float]:
    """One-sided Wilcoxon (center smaller) and sign-test counts of paired values."""
    diff = other - center
    n_center_smaller = int((diff > 0).sum())
    n_other_smaller = int((diff < 0).sum())
    n = n_center_smaller + n_other_smaller
    return {
        "n_center_smaller": n_center_smaller,
        "n_other_smaller": n_other_smaller,
        "n_ties": int((diff == 0).sum()),
        "sign_p": float(stats.binomtest(n_center_smaller, n, 0.5, alternative="greater").pvalue)
        if n
        else float("nan"),
        "wilcoxon_p": float(stats.wilcoxon(center, other, alternative="less").pvalue)
        if n
        else float("nan"),
        "median_difference": float(np.median(center - other)),
    }


def profile_tests(distances: np.ndarray, *, permutations: int, seed: int) -> dict:
    """Every test of the module docstring on one profile's story distances."""
    n = distances.shape[0]
    vertex = middle_vertex_tests(distances)
    c = 1  # center's position in (left, center, right)
    middle_count = float(vertex["middle"][:, c].sum())
    between_count = float(vertex["between"][:, c].sum())
    between_chance = float(vertex["between"].mean(axis=1).mean())
    to_roundup = distances[:, :3, 3]
    nearest = to_roundup == to_roundup.min(axis=1, keepdims=True)
    nearest = nearest / nearest.sum(axis=1, keepdims=True)
    nearest_count = float(nearest[:, c].sum())
    return {
        "n_stories": n,
        "center_middle": {
            "count": middle_count,
            "share": middle_count / n,
            "chance": 1 / 3,
            "binomial_p": _binomial_p(middle_count, n, 1 / 3),
            "permutation_p": permutation_p(
                vertex["middle"], middle_count, n=permutations, seed=seed
            ),
            "left_middle_share": float(vertex["middle"][:, 0].mean()),
            "right_middle_share": float(vertex["middle"][:, 2].mean()),
        },
        "center_between": {
            "count": between_count,
            "share": between_count / n,
            "chance": between_chance,
            "permutation_p": permutation_p(
                vertex["between"], between_count, n=permutations, seed=seed + 1
            ),
            "median_t": float(np.median(vertex["t"][:, c])),
        },
        "detour_center_vs_left": _paired(vertex["detour"][:, c], vertex["detour"][:, 0]),
        "detour_center_vs_right": _paired(vertex["detour"][:, c], vertex["detour"][:, 2]),
        "center_nearest_roundup": {
            "count": nearest_count,
            "share": nearest_count / n,
            "chance": 1 / 3,
            "binomial_p": _binomial_p(nearest_count, n, 1 / 3),
            "permutation_p": permutation_p(nearest, nearest_count, n=permutations, seed=seed + 2),
            "left_nearest_share": float(nearest[:, 0].mean()),
            "right_nearest_share": float(nearest[:, 2].mean()),
        },
        "roundup_center_vs_left": _paired(to_roundup[:, c], to_roundup[:, 0]),
        "roundup_center_vs_right": _paired(to_roundup[:, c], to_roundup[:, 2]),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="folder holding neus-allsides/stories.jsonl")
    parser.add_argument("--permutations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    path = harness.require(harness.data_folder(args.data) / "neus-allsides" / "stories.jsonl")
    began = time.perf_counter()
    texts = read_stories(path)
    n_stories = texts["story"].nunique()
    print(f"{n_stories} stories with left, center, right and a roundup; {len(texts)} texts")
    points = profiles(texts)
    print(f"profiles computed in {time.perf_counter() - began:.1f} s", flush=True)

    result: dict = {
        "benchmark": "lean",
        "command": "python benchmarks/bench_lean.py",
        "data": "neus-allsides/stories.jsonl",
        "n_stories": int(n_stories),
        "permutations": args.permutations,
        "profiles": {},
        "measures": [],
    }
    rows = []
    for name, matrix in points.items():
        tests = profile_tests(
            story_distances(texts, matrix), permutations=args.permutations, seed=args.seed
        )
        result["profiles"][name] = tests
        mid, btw, near = (
            tests["center_middle"],
            tests["center_between"],
            tests["center_nearest_roundup"],
        )
        rows.append(
            [
                name,
                f"{mid['share']:.3f} (p={mid['binomial_p']:.2g})",
                f"{btw['share']:.3f} vs {btw['chance']:.3f} (p={btw['permutation_p']:.2g})",
                f"{tests['detour_center_vs_left']['n_center_smaller']}/"
                f"{tests['detour_center_vs_right']['n_center_smaller']} "
                f"(p={tests['detour_center_vs_left']['wilcoxon_p']:.2g}/"
                f"{tests['detour_center_vs_right']['wilcoxon_p']:.2g})",
                f"{near['share']:.3f} (p={near['binomial_p']:.2g})",
                f"{tests['roundup_center_vs_left']['n_center_smaller']}/"
                f"{tests['roundup_center_vs_right']['n_center_smaller']} "
                f"(p={tests['roundup_center_vs_left']['wilcoxon_p']:.2g}/"
                f"{tests['roundup_center_vs_right']['wilcoxon_p']:.2g})",
            ]
        )
        result["measures"].append(
            harness.measure(
                f"lean, {name}: share of stories where center is the middle point",
                mid["share"],
                baselines={
                    "chance (permuted leans)": 1 / 3,
                    "left is the middle": mid["left_middle_share"],
                    "right is the middle": mid["right_middle_share"],
                },
                target="> chance, p < 0.05",
                met=mid["share"] > 1 / 3 and mid["permutation_p"] < 0.05,
                note=(
                    f"{mid['count']:.0f} of {tests['n_stories']} stories; "
                    f"binomial p={mid['binomial_p']:.3g}, "
                    f"permutation p={mid['permutation_p']:.3g}; "
                    f"detour of C < of L in {tests['detour_center_vs_left']['n_center_smaller']}, "
                    f"Wilcoxon p={tests['detour_center_vs_left']['wilcoxon_p']:.3g}; "
                    f"< of R in {tests['detour_center_vs_right']['n_center_smaller']}, "
                    f"p={tests['detour_center_vs_right']['wilcoxon_p']:.3g}; "
                    f"C projects into [0, 1] of the L-R axis in {btw['share']:.3f} "
                    f"(chance {btw['chance']:.3f}, permutation p={btw['permutation_p']:.3g})"
                ),
            )
        )
        result["measures"].append(
            harness.measure(
                f"lean, {name}: share of stories where center is nearest the roundup",
                near["share"],
                baselines={
                    "chance (permuted leans)": 1 / 3,
                    "left nearest": near["left_nearest_share"],
                    "right nearest": near["right_nearest_share"],
                },
                target="> chance, p < 0.05",
                met=near["share"] > 1 / 3 and near["permutation_p"] < 0.05,
                note=(
                    f"{near['count']:.0f} of {tests['n_stories']} stories; "
                    f"binomial p={near['binomial_p']:.3g}; Wilcoxon d(C,N) < d(L,N) "
                    f"p={tests['roundup_center_vs_left']['wilcoxon_p']:.3g}, "
                    f"< d(R,N) p={tests['roundup_center_vs_right']['wilcoxon_p']:.3g}"
                ),
            )
        )
    harness.print_table(
        rows,
        [
            "profile",
            "C middle (chance 1/3)",
            "C projects in [0,1] vs chance",
            "detour C<L / C<R (Wilcoxon p)",
            "C nearest roundup (1/3)",
            "d(C,N)<d(L,N) / <d(R,N)",
        ],
    )
    result["seconds"] = round(time.perf_counter() - began, 2)
    harness.print_measures(result["measures"])
    print(f"wrote {harness.write_result('lean', result)}")
    return result


if __name__ == "__main__":
    main()
