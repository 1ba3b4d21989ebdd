"""How alike the articles are: cosine similarity of TF-IDF vectors, and same-event grouping.

Every function takes the articles table (columns ``article_id``, ``source``, ``text``; see
:data:`workbench.event.ARTICLE_COLUMNS`) and returns a labelled table:

- :func:`similarity_matrix` — article × article cosine similarity;
- :func:`source_similarity` — source × source mean of the article similarities;
- :func:`similarity_pairs` — the same numbers as a tidy table, most similar pair first;
- :func:`group_events` — cluster a mixed pile of articles into events.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from workbench.errors import require_columns

__all__ = [
    "GROUPING_COLUMNS",
    "GROUPING_THRESHOLDS",
    "PAIR_COLUMNS",
    "TOKEN_PATTERN",
    "group_events",
    "similarity_matrix",
    "similarity_pairs",
    "source_similarity",
    "tfidf_vectorizer",
]

#: Word tokens: abbreviations written with dots ("U.S.", "U.N.", "a.m.") stay one token
#: (the default pattern would split "U.S." into two one-letter pieces and drop both), and
#: otherwise runs of two or more word characters, as in scikit-learn's default.
TOKEN_PATTERN = r"(?u)(?<!\w)(?:[^\W\d_]\.){2,}|\b\w\w+\b"

#: Columns of :func:`similarity_pairs`.
PAIR_COLUMNS = ["article_a", "article_b", "source_a", "source_b", "similarity"]

#: Columns of :func:`group_events`.
GROUPING_COLUMNS = ["article_id", "event_id", "n_articles_in_event"]

#: Cosine *distance* (1 - similarity) at which :func:`group_events` stops merging, per
#: analyzer (average linkage over TF-IDF of title + text, terms of 2+ articles only).
#: Tuned with ``benchmarks/bench_grouping.py`` on the NeuS-AllSides stories: 1,479 left /
#: center / right articles (title and first paragraphs, about 90 words each) pooled and
#: clustered back into their 505 stories (one of the 506 has none), scored by adjusted
#: Rand index (ARI).
#: Words: ARI 0.601 at 0.74 (0.580 at 0.70, 0.592 at 0.76, at most 0.554 outside 0.70–0.76);
#: characters: ARI 0.556 at 0.64. The ceiling is the vectors, not the threshold: only 71 %
#: of these articles have a sibling as nearest neighbour, because AllSides lists several
#: stories a week on one topic (Afghanistan, the debt ceiling) in short, similar words.
GROUPING_THRESHOLDS = {"word": 0.74, "char": 0.64}

_DEFAULT_NGRAMS = {"word": (1, 2), "char": (3, 5)}


def tfidf_vectorizer(
    *,
    analyzer: Literal["word", "char"] = "word",
    ngram_range: tuple[int, int] | None = None,
    min_df: int | float = 1,
) -> TfidfVectorizer:
    """The TF-IDF vectorizer every similarity in workbench uses.

    Parameters
    ----------
    analyzer : {"word", "char"}
        ``"word"``: lowercase word n-grams over :data:`TOKEN_PATTERN` tokens, English
        stop words removed. ``"char"``: character n-grams inside word boundaries
        (scikit-learn's ``"char_wb"``), robust to inflection and spelling variants.
    ngram_range : tuple of int, optional
        Defaults to ``(1, 2)`` for words and ``(3, 5)`` for characters.
    min_df : int or float
        Drop terms found in fewer documents (count) or a smaller share of them (float).

    Returns
    -------
    sklearn.feature_extraction.text.TfidfVectorizer
        Unfitted, with sublinear term frequency (``1 + log tf``) and L2-normalised rows.
    """
    if analyzer not in _DEFAULT_NGRAMS:
        raise ValueError(f"analyzer must be 'word' or 'char', not {analyzer!r}")
    ngram_range = tuple(ngram_range) if ngram_range is not None else _DEFAULT_NGRAMS[analyzer]
    if analyzer == "char":
        return TfidfVectorizer(
            analyzer="char_wb", ngram_range=ngram_range, min_df=min_df, sublinear_tf=True
        )
    return TfidfVectorizer(
        analyzer="word",
        token_pattern=TOKEN_PATTERN,
        stop_words="english",
        ngram_range=ngram_range,
        min_df=min_df,
        sublinear_tf=True,
    )


def _require(table: pd.DataFrame, columns: list[str] | Sequence[str], where: str) -> None:
    require_columns(table, columns, where, "pass the event's articles table (Event.articles)")


def _cosine(texts: list[str], vectorizer: TfidfVectorizer) -> np.ndarray:
    """Symmetric cosine similarity of *texts*, 1.0 on the diagonal of non-empty vectors."""
    n = len(texts)
    try:
        X = vectorizer.fit_transform(texts)
    except ValueError:  # empty vocabulary: no text has a single term
        return np.zeros((n, n))
    S = cosine_similarity(X)
    S = np.clip((S + S.T) / 2.0, 0.0, 1.0)
    has_terms = np.asarray(X.getnnz(axis=1) > 0)
    np.fill_diagonal(S, has_terms.astype(float))
    return S


def similarity_matrix(
    articles: pd.DataFrame,
    *,
    analyzer: Literal["word", "char"] = "word",
    ngram_range: tuple[int, int] | None = None,
    min_df: int | float = 1,
) -> pd.DataFrame:
    """Cosine similarity of the TF-IDF vectors of every pair of articles.

    The vectorizer (see :func:`tfidf_vectorizer`) is fit on the articles given, so the
    inverse document frequencies are those of the event: words every outlet uses weigh
    little, the words that set an article apart weigh much.

    Parameters
    ----------
    articles : pandas.DataFrame
        Columns ``article_id`` and ``text``.
    analyzer : {"word", "char"}
        Word 1–2-grams (default) or character 3–5-grams within word boundaries.
    ngram_range : tuple of int, optional
        Overrides the n-gram range of the analyzer.
    min_df : int or float
        Minimum document frequency of a term.

    Returns
    -------
    pandas.DataFrame
        Square, symmetric, index and columns the ``article_id`` values (both named
        ``"article_id"``), values in [0, 1]. The diagonal is exactly 1.0, except for an
        article without a single term (empty, or only stop words): 0.0 there and in its
        whole row.
    """
    _require(articles, ["article_id", "text"], "similarity_matrix(articles)")
    ids = pd.Index(articles["article_id"], name="article_id")
    texts = articles["text"].fillna("").astype(str).tolist()
    vectorizer = tfidf_vectorizer(analyzer=analyzer, ngram_range=ngram_range, min_df=min_df)
    S = _cosine(texts, vectorizer)
    return pd.DataFrame(S, index=ids, columns=ids.copy())


def source_similarity(articles: pd.DataFrame, matrix: pd.DataFrame) -> pd.DataFrame:
    """Mean similarity between the articles of each pair of sources.

    Parameters
    ----------
    articles : pandas.DataFrame
        Columns ``article_id`` and ``source``.
    matrix : pandas.DataFrame
        The result of :func:`similarity_matrix` for these articles.

    Returns
    -------
    pandas.DataFrame
        Source × source (index and columns named ``"source"``, sources in order of first
        appearance). Off the diagonal: the mean over every article of one source paired
        with every article of the other. On the diagonal: the mean over pairs of two
        different articles of that source, 1.0 for a source with a single article.
    """
    _require(articles, ["article_id", "source"], "source_similarity(articles)")
    source_of = dict(zip(articles["article_id"], articles["source"], strict=True))
    ids = list(matrix.index)
    sources = list(dict.fromkeys(source_of[i] for i in ids))
    members = {s: [k for k, i in enumerate(ids) if source_of[i] == s] for s in sources}
    S = matrix.to_numpy()
    out = np.empty((len(sources), len(sources)))
    for a, sa in enumerate(sources):
        for b, sb in enumerate(sources):
            block = S[np.ix_(members[sa], members[sb])]
            if a != b:
                out[a, b] = block.mean()
            elif len(members[sa]) == 1:
                out[a, b] = 1.0
            else:
                off = ~np.eye(len(members[sa]), dtype=bool)
                out[a, b] = block[off].mean()
    index = pd.Index(sources, name="source")
    return pd.DataFrame(out, index=index, columns=index.copy())


def similarity_pairs(matrix: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Every pair of articles once, most similar first.

    Parameters
    ----------
    matrix : pandas.DataFrame
        The result of :func:`similarity_matrix`.
    articles : pandas.DataFrame
        Columns ``article_id`` and ``source``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PAIR_COLUMNS`: one row per unordered pair, ``article_a`` before
        ``article_b`` in the matrix order; sorted by ``similarity`` descending (ties
        keep the matrix order).
    """
    _require(articles, ["article_id", "source"], "similarity_pairs(articles)")
    source_of = dict(zip(articles["article_id"], articles["source"], strict=True))
    ids = np.asarray(matrix.index, dtype=object)
    rows, cols = np.triu_indices(len(ids), k=1)
    pairs = pd.DataFrame(
        {
            "article_a": ids[rows],
            "article_b": ids[cols],
            "source_a": [source_of[i] for i in ids[rows]],
            "source_b": [source_of[i] for i in ids[cols]],
            "similarity": matrix.to_numpy()[rows, cols],
        },
        columns=PAIR_COLUMNS,
    )
    return pairs.sort_values("similarity", ascending=False, kind="stable").reset_index(drop=True)


def group_events(
    articles: pd.DataFrame,
    *,
    threshold: float | None = None,
    analyzer: Literal["word", "char"] = "word",
    min_df: int | float = 2,
) -> pd.DataFrame:
    """Sort a mixed pile of articles into events.

    Title and text of each article are vectorised together (TF-IDF fit on the pile, see
    :func:`tfidf_vectorizer`) and clustered by average-linkage agglomerative clustering
    on cosine distance: two groups merge while the mean distance between their articles
    is below *threshold*. Terms found in a single article are dropped (``min_df=2``):
    they cannot link two articles, and they would only dilute every similarity.

    Parameters
    ----------
    articles : pandas.DataFrame
        Columns ``article_id`` and ``text``; ``title`` is used when present.
    threshold : float, optional
        Cosine distance (1 - similarity) at which merging stops; lower splits more.
        Defaults to the tuned :data:`GROUPING_THRESHOLDS` of the analyzer.
    analyzer : {"word", "char"}
        Word 1–2-grams or character 3–5-grams.
    min_df : int or float
        Minimum document frequency of a term within the pile.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`GROUPING_COLUMNS`, one row per article in the input order;
        ``event_id`` counts from 0 in order of each event's first article. Articles
        sharing no term with any other article are events of their own.
    """
    _require(articles, ["article_id", "text"], "group_events(articles)")
    vectorizer = tfidf_vectorizer(analyzer=analyzer, min_df=min_df)
    if threshold is None:
        threshold = GROUPING_THRESHOLDS[analyzer]
    texts = articles["text"].fillna("").astype(str)
    if "title" in articles.columns:
        texts = articles["title"].fillna("").astype(str) + "\n\n" + texts
    n = len(texts)
    if n >= 2:
        distance = 1.0 - _cosine(texts.tolist(), vectorizer)
        np.fill_diagonal(distance, 0.0)
        labels = AgglomerativeClustering(
            n_clusters=None,
            metric="precomputed",
            linkage="average",
            distance_threshold=threshold,
        ).fit_predict(distance)
    else:
        labels = np.zeros(n, dtype=int)
    renumber = {label: k for k, label in enumerate(dict.fromkeys(labels.tolist()))}
    event_id = np.array([renumber[label] for label in labels.tolist()], dtype=int)
    sizes = np.bincount(event_id, minlength=len(renumber))
    return pd.DataFrame(
        {
            "article_id": articles["article_id"].to_numpy(),
            "event_id": event_id,
            "n_articles_in_event": sizes[event_id].astype(int),
        },
        columns=GROUPING_COLUMNS,
    )
