"""Text reuse: near-verbatim passages that two articles share (wire copy, press releases).

:func:`reused_passages` finds every run of at least ``min_words`` words that two articles
have in common, compared on lowercase word tokens (so case, punctuation, quote marks and
line breaks do not hide a copy), and reports it with character offsets into each
article's ``text``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

import numpy as np
import pandas as pd

from workbench.errors import require_columns

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


@lru_cache(maxsize=1)
def _word_characters() -> np.ndarray:
    """Whether each character of the Basic Multilingual Plane is part of a :data:`WORD`."""
    return np.array([chr(code).isalnum() for code in range(0x10000)], dtype=bool)


def _tokens(texts: list[str]) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
    """Token codes, start and end offsets of the :data:`WORD` tokens of every text.

    A :data:`WORD` is a maximal run of letters and digits (``str.isalnum``, which is what
    ``[^\\W_]`` matches), so the runs are found on the text's code points with a lookup
    table, and the words are the whitespace-separated pieces of the text with every
    other character blanked. Only the distinct words are casefolded; a code numbers a
    casefolded word in order of first appearance over all the texts.
    """
    table = _word_characters()
    words: list[str] = []
    counts, starts, ends = [], [], []
    for text in texts:
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        if points.max(initial=0) < len(table):
            inside = table[points]
        else:  # characters beyond the Basic Multilingual Plane (rare): ask each
            inside = np.array([chr(code).isalnum() for code in points.tolist()], dtype=bool)
        edge = np.diff(np.concatenate([[False], inside, [False]]).view(np.int8))
        starts.append(np.flatnonzero(edge == 1))
        ends.append(np.flatnonzero(edge == -1))
        blanked = np.where(inside, points, np.uint32(32)).astype("<u4")
        found = blanked.tobytes().decode("utf-32-le", "surrogatepass").split()
        words.extend(found)
        counts.append(len(found))
    if words:
        raw, distinct = pd.factorize(np.array(words, dtype=object))
        folded = pd.factorize(np.array([word.casefold() for word in distinct], dtype=object))[0]
        codes = folded[raw].astype(np.int64)
    else:
        codes = np.zeros(0, dtype=np.int64)
    bounds = np.cumsum([0, *counts])
    return [codes[a:b] for a, b in pairwise(bounds.tolist())], starts, ends


def _shingle_ids(codes: np.ndarray, article: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions where a run of *n* tokens of one article starts, and an id per distinct run.

    Exact (no hashing): ids of runs of 1, 2, 4, ... tokens are built from pairs of shorter
    runs and numbered with :func:`pandas.factorize`, and the run of *n* tokens is put
    together from them following the binary digits of *n*.
    """
    total = len(codes)
    if total < n:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(article[: total - n + 1] == article[n - 1 :])
    ids = np.zeros(len(starts), dtype=np.int64)
    length = 0  # tokens covered by ids so far
    block, span = codes, 1  # ids of every run of *span* tokens (at each position)
    while True:
        if n & span:
            if length:
                ids = pd.factorize(ids * (block.max(initial=0) + 1) + block[starts + length])[0]
            else:
                ids = block[starts]
            length += span
        if span * 2 > n:
            break
        block = pd.factorize(block[:-span] * (block.max(initial=0) + 1) + block[span:])[0]
        span *= 2
    return starts, ids.astype(np.int64)


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
    require_columns(
        articles,
        ("article_id", "source", "text"),
        "reused_passages(articles)",
        "pass the event's articles table (Event.articles)",
    )
    if min_words < 1:
        raise ValueError(f"min_words must be at least 1, not {min_words!r}")
    ids = articles["article_id"].to_numpy(dtype=object)
    sources = articles["source"].to_numpy(dtype=object)
    texts = [text if isinstance(text, str) else "" for text in articles["text"]]
    tokens, starts, ends = _tokens(texts)
    article = np.repeat(np.arange(len(texts)), [len(codes) for codes in tokens])
    offset = np.cumsum([0, *(len(codes) for codes in tokens)])
    start_at = np.concatenate([np.zeros(0, dtype=np.int64), *starts])
    end_at = np.concatenate([np.zeros(0, dtype=np.int64), *ends])

    # every shingle, grouped by content (stable: articles and positions stay in order)
    where, shingle = _shingle_ids(
        np.concatenate([np.zeros(0, dtype=np.int64), *tokens]), article, min_words
    )
    order = np.argsort(shingle, kind="stable")
    where, shingle = where[order], shingle[order]
    owner = article[where]
    first = np.ones(len(shingle), dtype=bool)
    first[1:] = shingle[1:] != shingle[:-1]
    group = np.cumsum(first) - 1
    # articles per shingle: occurrences that are the first of their article in the group
    new_article = first.copy()
    new_article[1:] |= owner[1:] != owner[:-1]
    n_articles = np.bincount(group, weights=new_article)
    usable = (n_articles >= 2) & (n_articles <= max_articles)
    keep = usable[group]
    where, owner, group = where[keep], owner[keep], group[keep]
    # every two occurrences of a usable shingle in different articles, earlier first
    later = np.searchsorted(group, group, side="right") - np.arange(len(group)) - 1
    left = np.repeat(np.arange(len(group)), later)
    right = np.arange(len(left)) - np.repeat(np.cumsum(later) - later, later) + left + 1
    apart = owner[left] != owner[right]
    left, right = left[apart], right[apart]
    a, b = owner[left], owner[right]
    at_a, at_b = where[left] - offset[a], where[right] - offset[b]

    # runs: shingles on one diagonal of a pair that overlap or touch
    diagonal = at_b - at_a
    order = np.lexsort((at_a, diagonal, b, a))
    a, b, at_a, at_b, diagonal = a[order], b[order], at_a[order], at_b[order], diagonal[order]
    begins = np.ones(len(a), dtype=bool)
    begins[1:] = (
        (a[1:] != a[:-1])
        | (b[1:] != b[:-1])
        | (diagonal[1:] != diagonal[:-1])
        | (at_a[1:] > at_a[:-1] + min_words)
    )
    run_first = np.flatnonzero(begins)
    run_last = np.append(run_first[1:], len(a))[: len(run_first)] - 1
    a, b = a[run_first], b[run_first]
    first_a, first_b = at_a[run_first], at_b[run_first]
    n_words = at_a[run_last] - first_a + min_words
    start_a = start_at[offset[a] + first_a]
    end_a = end_at[offset[a] + first_a + n_words - 1]
    table = pd.DataFrame(
        {
            "article_a": ids[a],
            "article_b": ids[b],
            "source_a": sources[a],
            "source_b": sources[b],
            "start_a": start_a,
            "end_a": end_a,
            "start_b": start_at[offset[b] + first_b],
            "end_b": end_at[offset[b] + first_b + n_words - 1],
            "n_words": n_words,
            "text_a": np.array(
                [texts[k][i:j] for k, i, j in zip(a.tolist(), start_a.tolist(), end_a.tolist())],
                dtype=object,
            ),
            "_a": a,
            "_b": b,
        },
        columns=[*REUSE_COLUMNS, "_a", "_b"],
    )
    table = table.sort_values(
        ["n_words", "_a", "_b", "start_a"], ascending=[False, True, True, True], kind="stable"
    )
    return table[REUSE_COLUMNS].reset_index(drop=True)
