"""How alike the articles are: cosine similarity of TF-IDF vectors, and same-event grouping.

Every function takes the articles table (columns ``article_id``, ``source``, ``text``; see
:data:`workbench.event.ARTICLE_COLUMNS`) and returns a labelled table:

- :func:`similarity_matrix` — article × article cosine similarity;
- :func:`source_similarity` — source × source mean of the article similarities;
- :func:`similarity_pairs` — the same numbers as a tidy table, most similar pair first;
- :func:`grouping_similarity` — the corrected similarity that same-event grouping uses;
- :func:`group_events` — cluster a mixed pile of articles into events.

:func:`tfidf_vectorizer` is the vectorizer all of them use; :func:`tfidf_matrix` builds
its word matrix (the same to the bit) in arrays, tokenising only the distinct
whitespace-separated chunks of the texts, several times faster on large events.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache
from numbers import Integral
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.preprocessing import normalize
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

from workbench.errors import require_columns

__all__ = [
    "GROUPING_COLUMNS",
    "GROUPING_DEFAULTS",
    "PAIR_COLUMNS",
    "TOKEN_PATTERN",
    "URL_DATE_PATTERN",
    "group_events",
    "grouping_similarity",
    "similarity_matrix",
    "similarity_pairs",
    "source_similarity",
    "tfidf_matrix",
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

#: Defaults of :func:`group_events` and :func:`grouping_similarity`, chosen with
#: ``benchmarks/bench_grouping.py`` on a seeded half (seed 0, by story id) of the
#: NeuS-AllSides stories: 1,479 left / center / right articles (title and first
#: paragraphs, about 90 words each, and URL) of 505 stories, pooled and clustered back
#: into their stories, scored by adjusted Rand index (ARI). The other half was scored
#: only with the chosen values. ARI on the tuning half / the held-out half / all 1,479:
#: 0.835 / 0.818 / 0.748; with ``one_per_source=True`` 0.843 / 0.823 / 0.758 (without
#: the name block and the weekday penalty: 0.815 / 0.768 / 0.706 and 0.821 / 0.775 /
#: 0.718). The former recipe (word TF-IDF, plain cosine, threshold 0.74) scored 0.601 on
#: all. The nearest neighbour is a sibling for 85 % of the held-out articles and 79 % of
#: all (plain word cosine: 76 % and 71 %): that, not the clustering, is the limit.
#: AllSides files several stories a week on one topic (COVID case counts, Afghanistan,
#: the debt ceiling), often on consecutive days about one unfolding event, the three
#: articles of a story often share few words (opinion pieces on one theme), and only
#: 42 % of the URLs carry a date. Even given every article its story's date, these
#: similarities reach ARI about 0.88 on the held-out half and 0.83 on all. Sentence embeddings
#: (all-MiniLM-L6-v2) fare no better: nearest neighbour a sibling for 71 % of all.
GROUPING_DEFAULTS: dict[str, float] = {
    "threshold": 0.99,
    "neighbours": 5,
    "hub_weight": 0.9,
    "title_weight": 1.0,
    "name_weight": 0.7,
    "weekday_penalty": 0.05,
    "max_days_apart": 3,
}

#: A calendar date written into a URL: ``/2021/08/14/``, ``-2021-08-14``.
URL_DATE_PATTERN = r"(?<!\d)((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?!\d)"

_DEFAULT_NGRAMS = {"word": (1, 2), "char": (3, 5)}

# One capitalised word: an initialism written with dots ("U.S."), a word, or one letter.
_CAPITALISED = r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][\w’'-]*\w|[A-Z])"
# Not quotes._NAME_RUN: that one keeps a word's dot ("Mr. Biden", "Jan."), splits
# "Centers for Disease Control and Prevention" and drops one-letter words; grouping
# NeuS-AllSides with it scored ARI 0.829 on the tuning half, against 0.835 (defaults).
#: A name: capitalised words in a row, "of", "the", "de", "for" or "and" allowed between.
_NAME = re.compile(
    rf"(?<![\w’'.]){_CAPITALISED}(?:[ \t]+(?:(?:of|the|de|for|and)[ \t]+)?{_CAPITALISED})*"
)
# Not numbers._numbers_in: grouping wants a figure's written form as a term, that one
# reads values: it takes number words ("two": 229 terms on NeuS-AllSides) and leaves
# "trillion" off "$3.5 trillion"; grouping NeuS-AllSides with it scored ARI 0.828 on the
# tuning half, against 0.835 (defaults).
#: A figure: "412,000", "$3.5", "6.1%", "$1.2 trillion", "17 percent".
_FIGURE = re.compile(
    r"(?<![\w.])\$?\d(?:[\d,]*\d)?(?:\.\d+)?(?:[ \t]*(?:%|percent|million|billion|trillion))?"
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = re.compile(rf"\b({'|'.join(_WEEKDAYS)})s?\b")


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


def tfidf_matrix(
    texts: Sequence[str],
    *,
    analyzer: Literal["word", "char"] = "word",
    ngram_range: tuple[int, int] | None = None,
    min_df: int | float = 1,
) -> sparse.csr_matrix:
    """TF-IDF vectors of *texts*: ``tfidf_vectorizer(...).fit_transform(texts)``, faster.

    For the word analyzer the matrix is built in arrays (see :func:`_word_tfidf`) rather
    than term by term, and is the same to the bit: same terms in the same columns, same
    order of the stored entries within a row, same weights. The character analyzer is
    fit with scikit-learn.

    Parameters
    ----------
    texts : sequence of str
        The documents.
    analyzer, ngram_range, min_df
        As in :func:`tfidf_vectorizer`.

    Returns
    -------
    scipy.sparse.csr_matrix
        Documents × terms (terms in alphabetical order), L2-normalised rows.

    Raises
    ------
    ValueError
        When no term is left (no text has a term, or none is frequent enough), as
        scikit-learn does.
    """
    if analyzer != "word":
        vectorizer = tfidf_vectorizer(analyzer=analyzer, ngram_range=ngram_range, min_df=min_df)
        return vectorizer.fit_transform(texts)
    low, high = tuple(ngram_range) if ngram_range is not None else _DEFAULT_NGRAMS["word"]
    if (low, high) not in ((1, 1), (1, 2)):
        vectorizer = tfidf_vectorizer(analyzer=analyzer, ngram_range=ngram_range, min_df=min_df)
        return vectorizer.fit_transform(texts)
    X, _ = _word_tfidf(
        texts, _CHUNK_TOKEN, stop_words=ENGLISH_STOP_WORDS, bigrams=high == 2, min_df=min_df
    )
    return X


#: :data:`TOKEN_PATTERN`, or a line break (which ends a chunk in :func:`_chunk_tokens`).
_CHUNK_TOKEN = re.compile(TOKEN_PATTERN + r"|\n")


@lru_cache(maxsize=4)
def _split_chunks(texts: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The whitespace-separated chunks of *texts*: how many per text, the index of each
    among the distinct chunks, and the distinct chunks (in order of first appearance).

    Cached: an event's sentences are cut once for their TF-IDF vectors and once more for
    the emphasis topics.
    """
    pieces: list[str] = []
    n_chunks = np.zeros(len(texts), dtype=np.int64)
    for k, text in enumerate(texts):
        chunks = text.split()
        n_chunks[k] = len(chunks)
        pieces.extend(chunks)
    if not pieces:
        return n_chunks, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
    codes, distinct = pd.factorize(np.array(pieces, dtype=object), size_hint=len(pieces) // 8)
    return n_chunks, codes.astype(np.int64, copy=False), np.asarray(distinct, dtype=object)


@lru_cache(maxsize=4)
def _chunk_tokens(
    texts: tuple[str, ...], pattern: re.Pattern[str], strip: re.Pattern[str] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lowercase tokens of every text, as ``(document, token code, distinct tokens)``.

    The tokens are ``pattern.findall(text.lower())`` (after ``strip.sub("", ...)`` when
    given) of each text in turn. A token never spans whitespace and lowercasing never
    looks across it, so only the distinct whitespace-separated chunks are lowercased
    and searched, all at once, one per line; *pattern* must match a line break as a
    token of its own and no token may hold one. Codes number the distinct tokens in
    order of first appearance. Cached, like :func:`_split_chunks`.
    """
    n_chunks, codes, distinct = _split_chunks(texts)
    none = np.zeros(0, dtype=np.int64)
    if not len(codes):
        return none, none, np.zeros(0, dtype=object)
    joined = "\n".join(distinct).lower()
    if strip is not None:
        joined = strip.sub("", joined)
    found = pattern.findall(joined + "\n")
    ids, vocabulary = pd.factorize(np.array(found, dtype=object))
    ids = ids.astype(np.int64, copy=False)
    mark = ids == int(np.flatnonzero(vocabulary == "\n")[0])
    owner = np.cumsum(mark) - mark  # the distinct chunk of every token
    flat = ids[~mark]
    size = np.bincount(owner[~mark], minlength=len(distinct))
    n = size[codes]  # tokens of every chunk in the texts
    ends = np.cumsum(n)
    tokens = flat[np.repeat((np.cumsum(size) - size)[codes] - (ends - n), n) + np.arange(ends[-1])]
    document = np.repeat(np.repeat(np.arange(len(texts), dtype=np.int64), n_chunks), n)
    return document, tokens, np.asarray(vocabulary, dtype=object)


def _tokens_through_sentences(
    articles: pd.DataFrame, sentences: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The articles' :data:`TOKEN_PATTERN` tokens, read off their sentences' tokens.

    A token never spans whitespace, so when the sentences are exact pieces of their
    article's text (``text[start:end]``) with only whitespace around and between them,
    the article's tokens are its sentences' tokens one after the other; those are
    tokenised (and cached) once for the sentence vectors of the coverage grid. Returns
    ``(article, token code, distinct tokens)`` as :func:`_chunk_tokens` does for the
    article texts, or None when the sentences do not tile the texts so.
    """
    needed = ["article_id", "start", "end", "text"]
    if any(name not in sentences.columns for name in needed):
        return None
    ids = pd.Index(articles["article_id"])
    if not ids.is_unique:
        return None
    position = ids.get_indexer(sentences["article_id"])
    if (position < 0).any():
        return None
    start = sentences["start"].to_numpy()
    end = sentences["end"].to_numpy()
    pieces = sentences["text"].fillna("").astype(str).tolist()
    order = np.lexsort((start, position))
    texts = articles["text"].fillna("").astype(str).tolist()
    at = 0  # where the text read so far ends, in the current article
    current = -1
    for row in order.tolist():
        k, begin, stop = int(position[row]), int(start[row]), int(end[row])
        if k != current:
            if current >= 0 and texts[current][at:].strip():
                return None
            current, at = k, 0
            if texts[k][:begin].strip():
                return None
        elif begin <= at or texts[k][at:begin].strip():  # no whitespace between sentences
            return None
        if texts[k][begin:stop] != pieces[row]:
            return None
        at = stop
    if current >= 0 and texts[current][at:].strip():
        return None
    covered = np.zeros(len(texts), dtype=bool)
    covered[position] = True
    if any(texts[k].strip() for k in np.flatnonzero(~covered).tolist()):
        return None
    document, tokens, vocabulary = _chunk_tokens(tuple(pieces), _CHUNK_TOKEN, None)
    if (order != np.arange(len(order))).any():  # sentences in article order
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        moved = np.argsort(rank[document], kind="stable")
        document, tokens = document[moved], tokens[moved]
    return position[document], tokens, vocabulary


def _word_tfidf(
    texts: Sequence[str],
    pattern: re.Pattern[str],
    *,
    stop_words: Collection[str],
    bigrams: bool,
    min_df: int | float,
    strip: re.Pattern[str] | None = None,
    skip: re.Pattern[str] | None = None,
    names: bool = False,
) -> tuple[sparse.csr_matrix, np.ndarray | None]:
    """Sublinear TF-IDF of word 1-grams (and 2-grams), as scikit-learn's vectorizer builds it.

    Tokens come from :func:`_chunk_tokens`; tokens in *stop_words* or matching *skip*
    are dropped, and 2-grams join adjacent tokens left. The result is, to the bit, what
    ``TfidfVectorizer(sublinear_tf=True, min_df=min_df)`` fit on these terms gives: the
    vectorizer numbers terms in order of first appearance (each document's 1-grams, then
    its 2-grams), stores each row in that order after dropping rare terms, and only then
    renumbers the columns alphabetically, so within a row the entries stay in order of
    first appearance, which the floating-point sums over a row follow. Terms sort as
    tuples of their tokens' ranks (every token character sorts after the space that
    joins a 2-gram), so only the distinct tokens are sorted as strings. Returns the
    matrix and, with *names*, the terms of its columns.
    """
    document, tokens, vocabulary = _chunk_tokens(tuple(texts), pattern, strip)
    return _tfidf_of_tokens(
        document,
        tokens,
        vocabulary,
        len(texts),
        stop_words=stop_words,
        bigrams=bigrams,
        min_df=min_df,
        skip=skip,
        names=names,
    )


def _tfidf_of_tokens(
    document: np.ndarray,
    tokens: np.ndarray,
    vocabulary: np.ndarray,
    n_docs: int,
    *,
    stop_words: Collection[str],
    bigrams: bool,
    min_df: int | float,
    skip: re.Pattern[str] | None = None,
    names: bool = False,
) -> tuple[sparse.csr_matrix, np.ndarray | None]:
    """:func:`_word_tfidf` of a token stream: the document of every token (in order), its
    code, and the distinct tokens the codes number (``"\\n"`` among them is no token)."""
    least = min_df if isinstance(min_df, Integral) else min_df * n_docs
    size = len(vocabulary)
    dropped = pd.Index(vocabulary).isin(list(stop_words)) | (vocabulary == "\n")
    if skip is not None and size:
        short = np.flatnonzero(np.fromiter(map(len, vocabulary), dtype=np.int64, count=size) == 1)
        dropped[short] |= [skip.fullmatch(t) is not None for t in vocabulary[short]]
    kept = ~dropped[tokens] if size else np.zeros(0, dtype=bool)
    document, tokens = document[kept], tokens[kept]
    stream, owner = tokens, document
    if bigrams and len(tokens):
        at = np.flatnonzero(document[1:] == document[:-1])
        pair_owner = document[at]
        n_uni = np.bincount(document, minlength=n_docs)
        n_bi = np.bincount(pair_owner, minlength=n_docs)
        start = np.cumsum(n_uni + n_bi) - (n_uni + n_bi)
        stream = np.empty(len(tokens) + len(at), dtype=np.int64)
        owner = np.empty(len(stream), dtype=np.int64)
        place = start[document] + np.arange(len(tokens)) - (np.cumsum(n_uni) - n_uni)[document]
        stream[place], owner[place] = tokens, document
        place = (
            start[pair_owner]
            + n_uni[pair_owner]
            + np.arange(len(at))
            - (np.cumsum(n_bi) - n_bi)[pair_owner]
        )
        stream[place] = size + tokens[at] * size + tokens[at + 1]
        owner[place] = pair_owner
    if not len(stream):
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    if n_docs < least:
        raise ValueError("max_df corresponds to < documents than min_df")
    temporary, features = pd.factorize(stream)
    n_features = len(features)
    cells, counts = np.unique(owner * n_features + temporary, return_counts=True)
    row, feature = np.divmod(cells, n_features)
    frequency = np.bincount(feature, minlength=n_features)
    keep = frequency >= least
    if not keep.any():
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    rank = np.empty(size, dtype=np.int64)
    rank[np.argsort(vocabulary.astype(str))] = np.arange(size)  # code point order, as str
    first, second = np.divmod(np.asarray(features, dtype=np.int64) - size, size)
    unigram = features < size
    first[unigram], second[unigram] = features[unigram], -1
    kept_features = np.flatnonzero(keep)
    order = np.lexsort(
        (
            np.where(unigram, -1, rank[np.maximum(second, 0)])[kept_features],
            rank[first[kept_features]],
        )
    )
    column = np.full(n_features, -1, dtype=np.int64)
    column[kept_features[order]] = np.arange(len(kept_features))
    stored = keep[feature]
    indptr = np.zeros(n_docs + 1, dtype=np.int32)
    np.cumsum(np.bincount(row[stored], minlength=n_docs), out=indptr[1:])
    indices = column[feature[stored]].astype(np.int32)
    # TfidfTransformer(sublinear_tf=True) with its defaults (smooth idf, l2 norm), step by step
    frequency = np.bincount(indices, minlength=len(kept_features)).astype(np.float64)
    frequency += 1.0
    idf = np.full_like(frequency, fill_value=n_docs + 1, dtype=np.float64)
    idf /= frequency
    np.log(idf, out=idf)
    idf += 1.0
    data = counts[stored].astype(np.float64)
    np.log(data, data)
    data += 1.0
    data *= idf[indices]
    X = sparse.csr_matrix((data, indices, indptr), shape=(n_docs, len(kept_features)))
    inplace_csr_row_normalize_l2(X)
    terms = None
    if names:
        chosen = kept_features[order]
        terms = vocabulary[first[chosen]]
        bigram = ~unigram[chosen]
        if bigram.any():
            terms = terms.copy()
            terms[bigram] = terms[bigram] + " " + vocabulary[second[chosen][bigram]]
    return X, terms


def _require(table: pd.DataFrame, columns: list[str] | Sequence[str], where: str) -> None:
    require_columns(table, columns, where, "pass the event's articles table (Event.articles)")


def _cosine(X: sparse.csr_matrix | None, n: int) -> np.ndarray:
    """Symmetric cosine similarity of the rows of *X* (None: no term at all), 1.0 on the
    diagonal of non-empty vectors."""
    if X is None:
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
    sentences: pd.DataFrame | None = None,
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
    sentences : pandas.DataFrame, optional
        The articles' sentences (``Event.sentences``: ``article_id``, ``start``, ``end``,
        ``text``). When they are exact pieces of the article texts with only whitespace
        between them, the word tokens are read off the sentences' tokens, which the
        coverage grid's sentence vectors tokenise too; the matrix is the same.

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
    if analyzer not in _DEFAULT_NGRAMS:
        raise ValueError(f"analyzer must be 'word' or 'char', not {analyzer!r}")
    ngrams = tuple(ngram_range) if ngram_range is not None else _DEFAULT_NGRAMS[analyzer]
    found = None
    if sentences is not None and analyzer == "word" and ngrams in ((1, 1), (1, 2)):
        found = _tokens_through_sentences(articles, sentences)
    try:
        if found is not None:
            X, _ = _tfidf_of_tokens(
                *found,
                len(articles),
                stop_words=ENGLISH_STOP_WORDS,
                bigrams=ngrams == (1, 2),
                min_df=min_df,
            )
        else:
            texts = articles["text"].fillna("").astype(str).tolist()
            X = tfidf_matrix(texts, analyzer=analyzer, ngram_range=ngram_range, min_df=min_df)
    except ValueError:  # empty vocabulary: no text has a single term
        X = None
    S = _cosine(X, len(articles))
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
    source = np.array([source_of[i] for i in ids.tolist()] + [None], dtype=object)[:-1]
    pairs = pd.DataFrame(
        {
            "article_a": ids[rows],
            "article_b": ids[cols],
            "source_a": source[rows].tolist(),
            "source_b": source[cols].tolist(),
            "similarity": matrix.to_numpy()[rows, cols],
        },
        columns=PAIR_COLUMNS,
    )
    return pairs.sort_values("similarity", ascending=False, kind="stable").reset_index(drop=True)


def _sentence_start(text: str, at: int) -> bool:
    """Whether position *at* of *text* begins a sentence (after quotes and brackets)."""
    before = text[:at].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?\n:"


def _names_and_figures(text: str) -> list[str]:
    """The names and figures of *text*, as terms: ``"kevin_mccarthy"``, ``"#412,000"``.

    A name is a run of capitalised words (see :data:`_NAME`), lowercased and joined by
    ``_``; a one-word name opening a sentence is left out (any word is capitalised
    there), but a sentence's first word stays in front of a name that follows it ("The
    Supreme Court ruled" gives ``"the_supreme_court"``: dropping such words scored lower
    on the tuning half, 0.827 against 0.835). A figure (see :data:`_FIGURE`) of two or
    more characters becomes ``#`` and the figure without spaces, "percent" written ``%``.
    """
    terms = []
    for match in _NAME.finditer(text):
        words = match.group(0).split()
        if len(words) == 1 and _sentence_start(text, match.start()):
            continue
        terms.append("_".join(word.lower() for word in words))
    for match in _FIGURE.finditer(text):
        figure = re.sub(r"\s+", "", match.group(0)).lower().replace("percent", "%")
        if len(figure) > 1:
            terms.append("#" + figure)
    return terms


def _weekday_mismatch(titles: list[str], texts: list[str]) -> np.ndarray:
    """Pairs of articles that both name a weekday ("on Tuesday") but no weekday in common."""
    named = np.zeros((len(texts), len(_WEEKDAYS)), dtype=bool)
    for row, (title, text) in enumerate(zip(titles, texts)):
        for day in _WEEKDAY.findall(f"{title}\n{text}"):
            named[row, _WEEKDAYS.index(day)] = True
    some = named.any(axis=1)
    shared = (named.astype(int) @ named.T.astype(int)) > 0
    return some[:, None] & some[None, :] & ~shared


def _grouping_vectors(
    titles: list[str],
    texts: list[str],
    *,
    min_df: int | float,
    title_weight: float,
    name_weight: float = 0.0,
) -> sparse.csr_matrix:
    """Word, character, title and name TF-IDF blocks, each L2-normalised, side by side.

    Word 1–2-grams of title + text keep the terms of *min_df* articles or more before
    normalising (as :func:`similarity_matrix` with that ``min_df``); so do the names and
    figures of the text (see :func:`_names_and_figures`). Character 3–5-grams are
    normalised over all their n-grams and only then lose those of fewer articles: in a
    pile of two or three, a few shared n-grams would otherwise be a whole vector. The
    blocks with any term are divided by the root of the sum of their squared weights, so
    the dot product of two rows is the weighted mean of the blocks' cosines (at most 1).
    """
    n = len(texts)
    full = [f"{title}\n\n{text}" if title else text for title, text in zip(titles, texts)]
    names = TfidfVectorizer(analyzer=_names_and_figures, min_df=min_df, sublinear_tf=True)
    blocks = [
        (tfidf_vectorizer(analyzer="word", min_df=min_df), full, 1.0),
        (tfidf_vectorizer(analyzer="char"), full, 1.0),
        (tfidf_vectorizer(analyzer="word", ngram_range=(1, 1)), titles, title_weight),
        (names, texts, name_weight),
    ]
    parts, weights = [], []
    for vectorizer, documents, weight in blocks:
        if weight <= 0:
            continue
        try:
            X = normalize(vectorizer.fit_transform(documents))
        except ValueError:  # empty vocabulary: no document has a term of this block
            continue
        if vectorizer.analyzer == "char_wb":
            least = min_df if isinstance(min_df, int) else int(np.ceil(min_df * n))
            X = X[:, np.flatnonzero(X.getnnz(axis=0) >= least)]
        if X.nnz:
            parts.append(X * weight)
            weights.append(weight)
    if not parts:
        return sparse.csr_matrix((n, 1))
    return sparse.hstack(parts, format="csr") / np.sqrt(np.sum(np.square(weights)))


def _hub_corrected(similarity: np.ndarray, neighbours: int, weight: float) -> np.ndarray:
    """Subtract *weight* × the mean of both articles' typical closeness to their neighbours.

    An article's closeness is the mean similarity to its *neighbours* most similar other
    articles (missing neighbours, in a pile smaller than that, count as 0). Articles in a
    crowded topic are close to many others; this takes that out, as the cross-domain
    similarity local scaling (CSLS) of Conneau et al. (2018) does for word translation.
    """
    n = len(similarity)
    k = min(neighbours, n - 1)
    if k <= 0 or weight == 0:
        return similarity.copy()
    others = similarity.copy()
    np.fill_diagonal(others, -np.inf)
    closeness = np.partition(others, n - k, axis=1)[:, n - k :].sum(axis=1) / neighbours
    return similarity - weight * (closeness[:, None] + closeness[None, :]) / 2.0


def _article_days(articles: pd.DataFrame) -> np.ndarray:
    """Day number of each article (NaN when unknown): ``published``, else a URL's date."""
    days = np.full(len(articles), np.nan)
    if "published" in articles.columns:
        published = pd.to_datetime(articles["published"], errors="coerce", utc=True)
        known = published.notna().to_numpy()
        stamps = published[known].dt.tz_localize(None).dt.normalize()
        days[known] = (stamps - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float)
    if "url" in articles.columns:
        found = articles["url"].fillna("").astype(str).str.extract(URL_DATE_PATTERN)
        dated = found.notna().all(axis=1).to_numpy() & np.isnan(days)
        if dated.any():
            stamps = pd.to_datetime(
                found[dated].apply("-".join, axis=1), format="%Y-%m-%d", errors="coerce"
            )
            days[dated] = (stamps - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float)
    return days


def _average_linkage(similarity: np.ndarray, minimum: float) -> np.ndarray:
    """Average-linkage agglomerative clustering on a similarity matrix, with cannot-links.

    Repeatedly merges the two groups with the highest mean similarity between their
    members while that mean exceeds *minimum*. A pair set to ``-inf`` can never end up
    in one group (the mean of any two groups holding them stays ``-inf``). Returns one
    label per row: the index of the group's first row.
    """
    n = len(similarity)
    total = similarity.astype(float, copy=True)  # sum of similarities between groups
    mean = total.copy()  # mean similarity between groups; -inf for dead or same
    np.fill_diagonal(mean, -np.inf)
    size = np.ones(n)
    label = np.arange(n)
    alive = np.ones(n, dtype=bool)
    partner = mean.argmax(axis=1) if n else np.zeros(0, dtype=int)
    best = mean[np.arange(n), partner]
    while n > 1:
        i = int(np.argmax(best))
        if not best[i] > minimum:
            break
        j = int(partner[i])
        i, j = min(i, j), max(i, j)
        total[i] += total[j]
        total[:, i] = total[i]
        size[i] += size[j]
        with np.errstate(invalid="ignore"):
            row = total[i] / (size[i] * size)
        label[label == j] = i
        alive[j] = False
        row[~alive] = -np.inf
        row[i] = -np.inf
        mean[i] = row
        mean[:, i] = row
        mean[j] = -np.inf
        mean[:, j] = -np.inf
        best[j] = -np.inf
        stale = alive & ((partner == i) | (partner == j))
        stale[i] = True
        rows = np.flatnonzero(stale)
        partner[rows] = mean[rows].argmax(axis=1)
        best[rows] = mean[rows, partner[rows]]
        closer = alive & ~stale & (row > best)
        partner[closer] = i
        best[closer] = row[closer]
    return label


def grouping_similarity(
    articles: pd.DataFrame,
    *,
    one_per_source: bool = False,
    max_days_apart: float | None = GROUPING_DEFAULTS["max_days_apart"],
    neighbours: int = GROUPING_DEFAULTS["neighbours"],
    hub_weight: float = GROUPING_DEFAULTS["hub_weight"],
    title_weight: float = GROUPING_DEFAULTS["title_weight"],
    name_weight: float = GROUPING_DEFAULTS["name_weight"],
    weekday_penalty: float = GROUPING_DEFAULTS["weekday_penalty"],
    min_df: int | float = 2,
) -> pd.DataFrame:
    """The article × article similarity that :func:`group_events` clusters.

    1. Vectors: four TF-IDF blocks fit on the pile (see :func:`tfidf_vectorizer`), each
       L2-normalised, side by side: word 1–2-grams and character 3–5-grams of title +
       text (terms of *min_df* articles or more: a term in one article cannot link two),
       title words weighted by *title_weight*, and the names and figures of the text
       ("Kevin McCarthy", "412,000", "$3.5 trillion"; terms of *min_df* articles or more)
       weighted by *name_weight*: they tell one event from another on the same theme.
       Their cosine is the raw similarity.
    2. Weekdays: two articles that both name a weekday ("on Tuesday") but none in common
       lose *weekday_penalty*: reports of one event name its day (on NeuS-AllSides, 90 %
       of the same-story pairs that both name a weekday share one; 20 % of other pairs).
    3. Hub correction: from each similarity, *hub_weight* × the mean of both articles'
       crowd similarity is subtracted. An article's crowd similarity is its mean
       similarity to its *neighbours* most similar other articles (missing ones, in a
       smaller pile, count as 0). An article in a crowded topic (many stories on one
       theme) must then be closer to a neighbour than to its crowd to join it: the
       cross-domain similarity local scaling (CSLS) of Conneau et al. (2018).
    4. Cannot-links, set to ``-inf``: articles both dated more than *max_days_apart* days
       apart (date from the ``published`` column, else from a date in the ``url`` such as
       ``/2021/08/14/``, see :data:`URL_DATE_PATTERN`); with *one_per_source*, two
       articles of one ``source``.

    Parameters
    ----------
    articles : pandas.DataFrame
        Columns ``article_id`` and ``text``; ``title``, ``published`` and ``url`` are
        used when present; ``source`` is needed with *one_per_source*.
    one_per_source : bool
        Never put two articles of the same ``source`` in one event: right when each outlet
        covers each event once (as on AllSides' story pages), wrong when an outlet's
        follow-ups of one event are in the pile.
    max_days_apart : float or None
        Articles whose dates are both known and differ by more than this many days are
        never one event (of the NeuS-AllSides same-story pairs whose URLs both carry a
        date, 96 % are at most 3 days apart). ``None`` ignores dates.
    neighbours : int
        How many nearest articles measure an article's crowd; 0 turns the correction off.
    hub_weight : float
        Share of the crowd similarity subtracted (0: plain cosine).
    title_weight : float
        Weight of the title-words block against the word and character blocks (0: none).
    name_weight : float
        Weight of the names-and-figures block (0: none).
    weekday_penalty : float
        Subtracted from the raw similarity of two articles naming different weekdays
        (0: weekdays ignored).
    min_df : int or float
        Minimum document frequency of a word or character n-gram, name or figure within
        the pile.

    Returns
    -------
    pandas.DataFrame
        Square, symmetric, index and columns the ``article_id`` values (both named
        ``"article_id"``), values at most 1: corrected similarity (negative when below
        the articles' crowds) or ``-inf`` for a cannot-link. The diagonal is the
        article's own corrected similarity (below 1) and never ``-inf``.
    """
    _require(articles, ["article_id", "text"], "grouping_similarity(articles)")
    if one_per_source:
        _require(articles, ["source"], "grouping_similarity(articles, one_per_source=True)")
    ids = pd.Index(articles["article_id"], name="article_id")
    texts = articles["text"].fillna("").astype(str).tolist()
    if "title" in articles.columns:
        titles = articles["title"].fillna("").astype(str).tolist()
    else:
        titles = [""] * len(texts)
    X = _grouping_vectors(
        titles, texts, min_df=min_df, title_weight=title_weight, name_weight=name_weight
    )
    similarity = (X @ X.T).toarray()
    if weekday_penalty:
        similarity[_weekday_mismatch(titles, texts)] -= weekday_penalty
    similarity = _hub_corrected(similarity, neighbours, hub_weight)
    if max_days_apart is not None:
        days = _article_days(articles)
        with np.errstate(invalid="ignore"):
            similarity[np.abs(days[:, None] - days[None, :]) > max_days_apart] = -np.inf
    if one_per_source:
        codes = pd.factorize(articles["source"].astype(str))[0]
        same = codes[:, None] == codes[None, :]
        np.fill_diagonal(same, False)
        similarity[same] = -np.inf
    return pd.DataFrame(similarity, index=ids, columns=ids.copy())


def group_events(
    articles: pd.DataFrame,
    *,
    threshold: float | None = None,
    one_per_source: bool = False,
    max_days_apart: float | None = GROUPING_DEFAULTS["max_days_apart"],
    neighbours: int = GROUPING_DEFAULTS["neighbours"],
    hub_weight: float = GROUPING_DEFAULTS["hub_weight"],
    title_weight: float = GROUPING_DEFAULTS["title_weight"],
    name_weight: float = GROUPING_DEFAULTS["name_weight"],
    weekday_penalty: float = GROUPING_DEFAULTS["weekday_penalty"],
    min_df: int | float = 2,
) -> pd.DataFrame:
    """Sort a mixed pile of articles into events.

    Average-linkage agglomerative clustering of :func:`grouping_similarity` (TF-IDF of
    words, characters, title words and names and figures; less for articles naming
    different weekdays; corrected for crowded topics; articles dated too far apart, or
    optionally of one source, never together): two groups merge while the mean corrected
    distance (1 - similarity) between their articles is below *threshold*.

    The defaults are :data:`GROUPING_DEFAULTS`, chosen on half of the NeuS-AllSides
    stories (``benchmarks/bench_grouping.py``): adjusted Rand index 0.818 on the other
    half and 0.748 on all 1,479 articles (0.823 and 0.758 with ``one_per_source=True``),
    against 0.601 on all for plain word TF-IDF cosine.

    Parameters
    ----------
    articles : pandas.DataFrame
        Columns ``article_id`` and ``text``; ``title``, ``published`` and ``url`` are
        used when present; ``source`` is needed with *one_per_source*.
    threshold : float, optional
        Corrected cosine distance at which merging stops; lower splits more. Defaults to
        ``GROUPING_DEFAULTS["threshold"]``. Up to 1.0, an article sharing no term with
        any other stays an event of its own.
    one_per_source, max_days_apart, neighbours, hub_weight, title_weight, name_weight
        As in :func:`grouping_similarity`.
    weekday_penalty, min_df
        As in :func:`grouping_similarity`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`GROUPING_COLUMNS`, one row per article in the input order;
        ``event_id`` counts from 0 in order of each event's first article.
    """
    _require(articles, ["article_id", "text"], "group_events(articles)")
    if threshold is None:
        threshold = GROUPING_DEFAULTS["threshold"]
    n = len(articles)
    if n >= 2:
        similarity = grouping_similarity(
            articles,
            one_per_source=one_per_source,
            max_days_apart=max_days_apart,
            neighbours=neighbours,
            hub_weight=hub_weight,
            title_weight=title_weight,
            name_weight=name_weight,
            weekday_penalty=weekday_penalty,
            min_df=min_df,
        )
        labels = _average_linkage(similarity.to_numpy(), 1.0 - threshold)
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
