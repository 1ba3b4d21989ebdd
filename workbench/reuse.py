"""Text reuse: near-verbatim passages that two articles share (wire copy, press releases).

:func:`reused_passages` finds every run of at least ``min_words`` words that two articles
have in common, compared on lowercase word tokens (so case, punctuation, quote marks and
line breaks do not hide a copy), and reports it with character offsets into each
article's ``text``.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import pandas as pd

from workbench.errors import ColumnError, problem

__all__ = ["MAX_ARTICLES_PER_SHINGLE", "REUSE_COLUMNS", "WORD", "reused_passages"]

#: Columns of :func:`reused_passages`.
REUSE_COLUMNS = [
    "article_a",
    "article_b",
    "source_a",
    "source_b",
    "start_a",
    "end_a",
    "start_b",
    "end_b",
    "n_words",
    "text_a",
]

#: A word token: a run of letters and digits (apostrophes, hyphens and punctuation split
#: words, so "don't" and "don’t" both become "don", "t").
WORD = re.compile(r"[^\W_]+")

#: A run of words found in more articles than this is boilerplate ("sign up for our
#: newsletter"), not reuse, and is skipped.
MAX_ARTICLES_PER_SHINGLE = 50


def _tokens(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Lowercase word tokens of *text* with their start and end offsets."""
    words, starts, ends = [], [], []
    for match in WORD.finditer(text):
        words.append(match.group().casefold())
        starts.append(match.start())
        ends.append(match.end())
    return words, np.asarray(starts, dtype=int), np.asarray(ends, dtype=int)


def _runs(hits: np.ndarray, n: int) -> list[tuple[int, int, int]]:
    """Merge shared shingle positions into maximal runs.

    *hits* holds ``(position_a, position_b)`` rows of shared shingles of *n* words.
    Shingles on one diagonal (``position_b - position_a`` constant) that overlap or touch
    (the next starts at most *n* words after the last) cover one contiguous run of
    identical words, even when a shingle between them was skipped as boilerplate.
    Returns ``(first_a, first_b, last_a)`` per run: positions of its first and last
    shingle.
    """
    hits = np.unique(hits, axis=0)
    diagonal = hits[:, 1] - hits[:, 0]
    order = np.lexsort((hits[:, 0], diagonal))
    hits, diagonal = hits[order], diagonal[order]
    runs = []
    first = last = 0
    for k in range(1, len(hits) + 1):
        if k < len(hits) and diagonal[k] == diagonal[last] and hits[k, 0] <= hits[last, 0] + n:
            last = k
            continue
        runs.append((int(hits[first, 0]), int(hits[first, 1]), int(hits[last, 0])))
        first = last = k
    return runs


def reused_passages(
    articles: pd.DataFrame,
    *,
    min_words: int = 8,
    max_articles: int = MAX_ARTICLES_PER_SHINGLE,
) -> pd.DataFrame:
    """Passages of at least *min_words* identical words shared by two articles.

    Every article is cut into word shingles (runs of *min_words* consecutive tokens of
    :data:`WORD`, lowercased); shingles are hashed and sorted by hash, so each pair of
    articles is compared only on the shingles they share. Overlapping or touching shared
    shingles in the same relative position are merged into one maximal passage (also
    across a boilerplate shingle skipped between them). A passage repeated inside one
    article gives a row per repetition.

    Parameters
    ----------
    articles : pandas.DataFrame
        Columns ``article_id``, ``source`` and ``text``.
    min_words : int
        Shortest passage reported, in words; also the shingle length. Eight words in a
        row are rarely shared by chance outside quotations and set phrases.
    max_articles : int
        Shingles found in more articles than this are boilerplate and ignored.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`REUSE_COLUMNS`, one row per passage: ``article_a`` comes before
        ``article_b`` in the articles' order; ``start_*``/``end_*`` are character offsets
        into each article's ``text`` (``text[start_a:end_a]`` runs from the first letter
        of the first word to the last of the last word); ``n_words`` is the passage's
        length in tokens; ``text_a`` is the passage as article a writes it. Sorted by
        ``n_words`` descending, then by article pair and ``start_a``.
    """
    missing = [name for name in ("article_id", "source", "text") if name not in articles]
    if missing:
        raise ColumnError(
            problem(
                "reused_passages(articles)",
                f"the table lacks the column(s) {', '.join(map(repr, missing))}",
                field=missing[0],
                fix="pass the event's articles table (Event.articles)",
            ),
            field=missing[0],
        )
    if min_words < 1:
        raise ValueError(f"min_words must be at least 1, not {min_words!r}")
    ids = articles["article_id"].tolist()
    sources = articles["source"].tolist()
    texts = [text if isinstance(text, str) else "" for text in articles["text"]]

    vocabulary: dict[str, int] = {}
    tokens, offsets, keys, owners, positions = [], [], [], [], []
    for article, text in enumerate(texts):
        words, starts, ends = _tokens(text)
        codes = [vocabulary.setdefault(word, len(vocabulary)) for word in words]
        tokens.append(codes)
        offsets.append((starts, ends))
        n_shingles = max(len(codes) - min_words + 1, 0)
        keys.append([hash(tuple(codes[p : p + min_words])) for p in range(n_shingles)])
        owners.append(np.full(n_shingles, article, dtype=np.int64))
        positions.append(np.arange(n_shingles, dtype=np.int64))

    pairs: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    if keys:
        key = np.fromiter((k for row in keys for k in row), dtype=np.int64)
        owner = np.concatenate(owners)
        position = np.concatenate(positions)
        order = np.argsort(key, kind="stable")  # stable: articles stay in input order
        key, owner, position = key[order], owner[order], position[order]
        bounds = np.flatnonzero(np.diff(key)) + 1
        starts_at = np.concatenate([[0], bounds])
        stops_at = np.concatenate([bounds, [len(key)]])
        repeated = stops_at - starts_at >= 2
        for first, stop in zip(starts_at[repeated], stops_at[repeated], strict=True):
            here = owner[first:stop]
            n_articles = len(np.unique(here))
            if n_articles < 2 or n_articles > max_articles:
                continue
            where = position[first:stop]
            if len(here) == 2:  # most often: a shingle in two articles, once in each
                pairs[(int(here[0]), int(here[1]))].append((int(where[0]), int(where[1])))
                continue
            # every two occurrences in different articles (a shingle repeated within an
            # article makes the group long: pair it without a quadratic Python loop)
            i, j = np.triu_indices(len(here), 1)
            other = here[i] != here[j]
            i, j = i[other], j[other]
            for a, b, at_a, at_b in zip(
                here[i].tolist(),
                here[j].tolist(),
                where[i].tolist(),
                where[j].tolist(),
                strict=True,
            ):
                pairs[(a, b)].append((at_a, at_b))

    records = []
    for (a, b), hits in sorted(pairs.items()):
        starts_a, ends_a = offsets[a]
        starts_b, ends_b = offsets[b]
        for first_a, first_b, last_a in _runs(np.asarray(hits), min_words):
            n_words = last_a - first_a + min_words
            if tokens[a][first_a : first_a + n_words] != tokens[b][first_b : first_b + n_words]:
                continue  # a hash collision, not a shared passage
            start_a = int(starts_a[first_a])
            end_a = int(ends_a[first_a + n_words - 1])
            records.append(
                (
                    ids[a],
                    ids[b],
                    sources[a],
                    sources[b],
                    start_a,
                    end_a,
                    int(starts_b[first_b]),
                    int(ends_b[first_b + n_words - 1]),
                    n_words,
                    texts[a][start_a:end_a],
                    a,
                    b,
                )
            )
    table = pd.DataFrame.from_records(records, columns=[*REUSE_COLUMNS, "_a", "_b"])
    table = table.sort_values(
        ["n_words", "_a", "_b", "start_a"], ascending=[False, True, True, True], kind="stable"
    )
    table = table[REUSE_COLUMNS].reset_index(drop=True)
    integer = ["start_a", "end_a", "start_b", "end_b", "n_words"]
    return table.astype(dict.fromkeys(integer, int))
