"""Which words each source uses: term counts, distinctive terms, keywords in context.

The per-category term-frequency table of :func:`term_counts` is the common currency
(as in scattertext): :func:`distinctive_terms` scores it with the weighted log-odds ratio
of Monroe, Colaresi & Quinn (2008), and :func:`keyword_in_context` leads from any term
back to the sentences, with character offsets into the article text.

This module also holds the one definition of "a term found in a text" that the other
lexical modules share: :func:`tokenize` (the tokens every count is made of) and
:func:`compile_terms` (a regular expression that finds words, phrases and stems as whole
words), plus :func:`read_lexicon` for the word lists shipped in ``workbench/lexicons``.
"""

from __future__ import annotations

import bisect
import copy
import functools
import itertools
import math
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml
from scipy.special import erfc
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from workbench.errors import ModelError, WorkbenchError, problem, require_columns

__all__ = [
    "DISTINCTIVE_COLUMNS",
    "KWIC_COLUMNS",
    "LEXICON_DIR",
    "TOKEN_PATTERN",
    "TOP_TERM_COLUMNS",
    "compile_terms",
    "distinctive_terms",
    "keyword_in_context",
    "lexicon_words",
    "log_odds",
    "ngrams",
    "read_lexicon",
    "term_counts",
    "tokenize",
    "top_terms",
    "words",
]

#: Columns of :func:`distinctive_terms` and :func:`log_odds`, in this order: the term,
#: its z-score (positive: typical of the target), its count in the target and in the
#: reference, the log-odds ratio ``delta``, its approximate ``variance`` and the two-sided
#: normal p-value of ``z``.
DISTINCTIVE_COLUMNS = ["term", "z", "n_target", "n_reference", "delta", "variance", "p"]

#: Columns of :func:`top_terms`: the category, the term's rank in it (1 = most typical),
#: then :data:`DISTINCTIVE_COLUMNS`.
TOP_TERM_COLUMNS = ["category", "rank", *DISTINCTIVE_COLUMNS]

#: Columns of :func:`keyword_in_context`. ``start``/``end`` are offsets into the
#: article's ``text``; ``left``/``right`` are at most ``width`` characters of the
#: sentence on either side of ``match``.
KWIC_COLUMNS = [
    "sentence_id",
    "article_id",
    "source",
    "sentence_index",
    "start",
    "end",
    "left",
    "match",
    "right",
]

_KWIC_IDS = ["sentence_id", "article_id", "source", "sentence_index"]

#: One token per match, tried in this order: an abbreviation written with dots ("u.s.",
#: "a.m."); a number with decimal or thousands separators, with what sticks to it
#: ("4.8", "3,656", "1.5-metre"); a word with inner hyphens or apostrophes
#: ("three-year-old", "russia's", "don't"); or one punctuation character, which ends a run
#: of words (n-grams never cross it).
_WORD = r"(?:[^\W\d_]\.){2,}|\d+(?:[.,]\d+)+(?:[-'’]?\w+)*|\w+(?:[-'’]\w+)*"
TOKEN_PATTERN = re.compile(rf"{_WORD}|[^\w\s]")

# The same tokens with words in a group: findall gives "" for punctuation.
_WORD_OR_BREAK = re.compile(rf"({_WORD})|[^\w\s]")
_POSSESSIVE = re.compile(r"['’]s(?!\w)")
# Tokens of whitespace-free chunks with a newline between chunks, which is found too.
_CHUNK_TOKENS = re.compile(rf"{_WORD}|[^\w\s]|\n")
# Words of whitespace-free chunks with a newline between chunks, which is found too.
_CHUNK_WORDS = re.compile(rf"{_WORD}|\n")
# A punctuation token (a one-character word such as "a" or "_" is not one).
_BREAK = re.compile(r"[^\w\s]")
# Between two documents of one category: a punctuation token, so no n-gram crosses it.
_DOCUMENT_BREAK = "\n.\n"

#: Where the shipped lexicons live (``<name>.yaml``).
LEXICON_DIR = Path(__file__).parent / "lexicons"

_STEM = "*"
_APOSTROPHES = str.maketrans({"'": "['’]", "’": "['’]"})
_EXACT = "="

StopWords = Literal["english"] | Collection[str] | None

# The non-ASCII characters that ignore-case matching or str.lower() relate to ASCII
# letters (sharp s, dotted and dotless i, long s, Kelvin sign, ligatures, ...), where
# the two may disagree: a text holding one is matched with the lexicons' own patterns.
_CASE_SPECIAL = re.compile(
    "[\u00df\u0130\u0131\u0149\u017f\u01f0\u1e96-\u1e9a\u1e9e\u212a\ufb00-\ufb06]"
)
# Between the texts of a TextSearch: neither a word nor a whitespace character, so no
# compiled term matches across it and it bounds words as the end of a text does.
_SEPARATOR = "\x00"
_ASCII_ALNUM = re.compile(r"[0-9A-Za-z]+")


def _is_break(token: str) -> bool:
    return len(token) == 1 and not token.isalnum()


def tokenize(text: str) -> list[str]:
    """Lowercase tokens of *text*, punctuation kept as one-character tokens.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of str
        Tokens by :data:`TOKEN_PATTERN` after lowercasing, with a possessive ``'s``
        taken off ("russia's" -> "russia"). Punctuation characters stay in the list so
        that callers can tell where a run of words ends.

    Examples
    --------
    >>> tokenize("The U.S.-backed, pro-Kyiv group's 4.8m plan")
    ['the', 'u.s.', '-', 'backed', ',', 'pro-kyiv', 'group', '4.8m', 'plan']
    """
    return TOKEN_PATTERN.findall(_POSSESSIVE.sub("", text.lower()))


def words(text: str) -> list[str]:
    """The word tokens of *text* (:func:`tokenize` without punctuation).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of str
        Lowercase words and numbers, in order; what counts as "a word" in every
        per-word rate of workbench.
    """
    return [token for token in _WORD_OR_BREAK.findall(_POSSESSIVE.sub("", text.lower())) if token]


def _chunk_words(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The words (:func:`words`) of many texts, found once per distinct chunk.

    A word never spans whitespace and lowercasing never looks across it, so the words
    of a text are those of its whitespace-separated chunks, in order; news text repeats
    its chunks, and only the distinct ones go through the regular expressions.

    Returns
    -------
    sizes : ndarray of int
        The number of chunks of each text.
    codes : ndarray of int
        Each chunk's index among the distinct chunks, text after text.
    chunk_words : ndarray of str (object)
        The words of the distinct chunks (those of one chunk in order).
    word_chunk : ndarray of int
        The distinct chunk of each of those words.
    """
    sizes = np.empty(len(texts), dtype=np.int64)
    chunks: list[str] = []
    for i, text in enumerate(texts):
        parts = text.split()
        chunks += parts
        sizes[i] = len(parts)
    if not chunks:
        empty = np.zeros(0, dtype=np.int64)
        return sizes, empty, np.zeros(0, dtype=object), empty
    codes, distinct = pd.factorize(np.array(chunks, dtype=object), size_hint=len(chunks) // 8)
    # A chunk of ASCII letters is one word, in lowercase; the others go through the
    # pattern: their words, each chunk's followed by "\n" (punctuation is skipped, as no
    # word starts there).
    plain = np.fromiter(
        (chunk.isascii() and chunk.isalpha() for chunk in distinct), dtype=bool, count=len(distinct)
    )
    other = np.flatnonzero(~plain)
    found = np.array(
        _CHUNK_WORDS.findall(_POSSESSIVE.sub("", "\n".join(distinct[other]).lower()) + "\n"),
        dtype=object,
    )
    mark = found == "\n"
    simple = np.flatnonzero(plain)
    lowered = "\n".join(distinct[simple]).lower().split("\n") if len(simple) else []
    chunk_words = np.concatenate([np.array(lowered, dtype=object), found[~mark]])
    word_chunk = np.concatenate([simple, other[np.cumsum(mark)[~mark]]])
    return sizes, codes, chunk_words, word_chunk


def _per_text(sizes: np.ndarray, codes: np.ndarray, chunk_values: np.ndarray) -> np.ndarray:
    """Sum of *chunk_values* (one per distinct chunk) over the chunks of each text."""
    total = np.zeros(len(codes) + 1, dtype=chunk_values.dtype)
    np.cumsum(chunk_values[codes], out=total[1:])
    ends = np.cumsum(sizes)
    return total[ends] - total[ends - sizes]


def _word_counts(texts: Sequence[str]) -> np.ndarray:
    """``len(words(text))`` of each text, as int64."""
    return _word_sums(texts)[0]


def _word_sums(
    texts: Sequence[str], value: Callable[[str], int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The number of words of each text and the sum of ``value(word)`` over them.

    *value* is called once per distinct word; without it the sums are zeros.
    """
    sizes, codes, chunk_words, word_chunk = _chunk_words(texts)
    n_chunks = int(codes.max()) + 1 if len(codes) else 0
    n_words = _per_text(sizes, codes, np.bincount(word_chunk, minlength=n_chunks))
    per_chunk = np.zeros(n_chunks, dtype=np.int64)
    if value is not None and len(chunk_words):
        word_codes, vocabulary = pd.factorize(chunk_words)
        values = np.fromiter(map(value, vocabulary), dtype=np.int64, count=len(vocabulary))
        # (sums of integers far below 2**53: exact in float64)
        weights = values[word_codes].astype(np.float64)
        per_chunk = np.rint(np.bincount(word_chunk, weights, minlength=n_chunks)).astype(np.int64)
    return n_words, _per_text(sizes, codes, per_chunk)


def _stop_set(stop_words: StopWords) -> frozenset[str]:
    if stop_words is None:
        return frozenset()
    if isinstance(stop_words, str):
        if stop_words != "english":
            raise ValueError(
                f"stop_words must be 'english', a collection or None, not {stop_words!r}"
            )
        return frozenset(ENGLISH_STOP_WORDS)
    return frozenset(word.lower() for word in stop_words)


def ngrams(
    text: str,
    *,
    ngram_range: tuple[int, int] = (1, 2),
    stop_words: StopWords = "english",
) -> list[str]:
    """The terms :func:`term_counts` counts in one text.

    Parameters
    ----------
    text : str
        Any text.
    ngram_range : (int, int)
        Smallest and largest number of words in a term.
    stop_words : "english", collection of str or None
        Words never counted (scikit-learn's English list by default).

    Returns
    -------
    list of str
        Space-joined n-grams of adjacent tokens. An n-gram never crosses punctuation
        or a stop word, so every term is a phrase that occurs in the text as written
        (give or take a possessive ``'s``) and :func:`keyword_in_context` finds it.

    Examples
    --------
    >>> ngrams("The Kiev regime, in Kiev's centre.")
    ['kiev', 'regime', 'kiev', 'centre', 'kiev regime', 'kiev centre']
    """
    low, high = _check_range(ngram_range)
    return _ngrams(text, low, high, _stop_set(stop_words))


def _check_range(ngram_range: tuple[int, int]) -> tuple[int, int]:
    low, high = ngram_range
    if not 1 <= low <= high:
        raise ValueError(f"ngram_range must be (low, high), 1 <= low <= high, not {ngram_range}")
    return low, high


def _ngrams(text: str, low: int, high: int, stops: frozenset[str]) -> list[str]:
    # Punctuation and stop words become "", so that no n-gram spans them.
    tokens = [
        "" if token in stops else token
        for token in _WORD_OR_BREAK.findall(_POSSESSIVE.sub("", text.lower()))
    ]
    out = [token for token in tokens if token] if low == 1 else []
    for n in range(max(low, 2), high + 1):
        if n == 2:
            out.extend(f"{a} {b}" for a, b in itertools.pairwise(tokens) if a and b)
        else:
            grams = zip(*(tokens[k:] for k in range(n)), strict=False)
            out.extend(" ".join(gram) for gram in grams if all(gram))
    return out


def _category_matrix(
    texts: Sequence[str],
    categories: Sequence[Any],
    *,
    ngram_range: tuple[int, int],
    stop_words: StopWords,
) -> tuple[np.ndarray, np.ndarray, list[Any]]:
    """Terms × categories counts (dense), the sorted terms, the categories in first-seen order.

    The same terms and counts as :func:`_ngrams` over every text, counted in arrays: each
    category's texts are tokenised as one string (documents apart by a punctuation token),
    n-grams become integer keys of adjacent token ids, and only the distinct terms are
    ever made into strings.
    """
    low, high = _check_range(ngram_range)
    stops = _stop_set(stop_words)
    labels = list(dict.fromkeys(categories))
    column = {label: j for j, label in enumerate(labels)}
    grouped: list[list[str]] = [[] for _ in labels]
    for text, category in zip(texts, categories, strict=True):
        grouped[column[category]].append(text)
    # The chunks of every category, tokenised once per distinct chunk of them all.
    split = [_DOCUMENT_BREAK.join(group).split() for group in grouped]
    codes, found = _chunks(list(itertools.chain.from_iterable(split)))
    if not found:  # not one token in any text
        return np.zeros((0, len(labels)), dtype=np.int64), np.array([], dtype=object), labels
    ids, vocabulary = pd.factorize(np.array(found, dtype=object))
    size = len(vocabulary)
    newline = int(np.flatnonzero(vocabulary == "\n")[0])
    bounds = np.cumsum([0, *map(len, split)])
    index = _chunk_index(ids, newline)
    streams = [
        _expand(codes[a:b], index)
        for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)
    ]
    # Id -1 (between categories) and the ids of punctuation and stop words break n-grams.
    usable = np.zeros(size + 1, dtype=bool)
    # (a break is one character: only those are tried)
    single = np.fromiter(map(len, vocabulary), dtype=np.int64, count=size) == 1
    usable[:-1] = ~pd.Index(vocabulary).isin(list(stops))
    usable[np.flatnonzero(single)] &= np.array(
        [not (token == "\n" or _BREAK.fullmatch(token)) for token in vocabulary[single]],
        dtype=bool,
    )
    stream = np.concatenate([np.append(tokens, -1) for tokens in streams])
    category = np.repeat(np.arange(len(labels)), [len(tokens) + 1 for tokens in streams])
    ok = usable[stream]
    # Every character of a counted token sorts after " ", so the terms sort as the tuples
    # of their tokens' ranks, a term before its longer continuations ("war" < "war crimes").
    rank = np.empty(size, dtype=np.int64)
    rank[sorted(range(size), key=vocabulary.__getitem__)] = np.arange(size)

    n_labels = len(labels)
    names, blocks, keys = [], [], []
    gram, gram_names, parts, valid = stream, vocabulary, [np.arange(size)], ok
    for n in range(1, high + 1):
        if n > 1:
            # An n-gram: the (n-1)-gram at i followed by the token at i + n - 1.
            valid = valid[:-1] & ok[n - 1 :]
            at = np.flatnonzero(valid)
            codes, distinct = pd.factorize(gram[at] * size + stream[at + n - 1])
            previous, last = np.divmod(distinct, size)
            gram = np.full(len(valid), -1, dtype=np.int64)
            gram[at] = codes
            gram_names = gram_names[previous] + " " + vocabulary[last]
            parts = [part[previous] for part in parts] + [last]
        if n < low:
            continue
        at = np.flatnonzero(valid)
        counts = np.bincount(
            gram[at] * n_labels + category[at], minlength=len(gram_names) * n_labels
        ).reshape(len(gram_names), n_labels)
        used = counts.any(axis=1)  # unigrams: punctuation and stop words are never counted
        names.append(gram_names[used])
        blocks.append(counts[used])
        key = np.full((int(used.sum()), high), -1, dtype=np.int64)
        for k, part in enumerate(parts):
            key[:, k] = rank[part[used]]
        keys.append(key)
    order = np.lexsort(np.concatenate(keys)[:, ::-1].T)
    terms = np.concatenate(names)[order]
    return np.concatenate(blocks)[order].astype(np.int64, copy=False), terms, labels


def _chunks(chunks: list[str]) -> tuple[np.ndarray, list[str]]:
    """The index of each whitespace-free chunk among the distinct ones, and their tokens.

    Returns the index of each chunk among the distinct chunks, and the tokens (as in
    :func:`_ngrams`: lowercase, possessives taken off) of the distinct chunks in order,
    each chunk's followed by ``"\\n"``. A token never spans whitespace and lowercasing
    never looks across it (not even for a final sigma), so only the distinct chunks of a
    text (``text.split()``) need to be lowercased and to go through the regular
    expressions.
    """
    if not chunks:
        return np.zeros(0, dtype=np.int64), []
    # News text repeats its words: a hash table for every chunk would be mostly empty.
    codes, distinct = pd.factorize(np.array(chunks, dtype=object), size_hint=len(chunks) // 8)
    return codes, _CHUNK_TOKENS.findall(_POSSESSIVE.sub("", "\n".join(distinct).lower()) + "\n")


def _chunk_index(ids: np.ndarray, newline: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The token ids of the distinct chunks (the *ids* of :func:`_chunks` without the
    newlines), where each chunk's ids start among them, and how many it has."""
    mark = ids == newline
    flat = ids[~mark]
    size = np.bincount(np.cumsum(mark)[~mark], minlength=int(mark.sum()))
    return flat, np.cumsum(size) - size, size


def _expand(codes: np.ndarray, index: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """The token ids of a text from its chunk *codes* and the :func:`_chunk_index`."""
    flat, first, size = index
    n = size[codes]
    if (n == 1).all():
        return flat[first[codes]]
    ends = np.cumsum(n)
    return flat[np.repeat(first[codes] - (ends - n), n) + np.arange(ends[-1])]


def term_counts(
    articles: pd.DataFrame,
    *,
    by: str = "source",
    ngram_range: tuple[int, int] = (1, 2),
    min_count: int = 1,
    stop_words: StopWords = "english",
) -> pd.DataFrame:
    """How often each category (source, lean, ...) uses each term.

    Parameters
    ----------
    articles : pandas.DataFrame
        With a ``text`` column and the column named by *by* (the event's articles, or
        its sentences).
    by : str
        The column whose values are the categories, ``"source"`` by default.
    ngram_range : (int, int)
        Terms are 1- to 2-word phrases by default; see :func:`ngrams`.
    min_count : int
        Keep terms used at least this many times over all categories.
    stop_words : "english", collection of str or None
        Words never counted.

    Returns
    -------
    pandas.DataFrame
        Index ``term`` (sorted alphabetically), one ``int64`` column per category in
        order of first appearance (the columns index is named after *by*).
    """
    require_columns(
        articles, ["text", by], "term_counts(articles)", "pass the event's articles table"
    )
    counts, terms, labels = _category_matrix(
        articles["text"].astype(str).tolist(),
        articles[by].tolist(),
        ngram_range=ngram_range,
        stop_words=stop_words,
    )
    dense = counts
    if min_count > 1 and len(terms):
        keep = dense.sum(axis=1) >= min_count
        dense, terms = dense[keep], terms[keep]
    table = pd.DataFrame(
        dense,
        index=pd.Index(terms, name="term", dtype=object),
        columns=pd.Index(labels, name=by, dtype=object),
    )
    return table


def log_odds(
    counts: pd.DataFrame,
    target: Any,
    *,
    against: Any | None = None,
    prior: float | None = None,
) -> pd.DataFrame:
    """Weighted log-odds ratio with an informative Dirichlet prior, one row per term.

    Monroe, Colaresi & Quinn (2008), "Fightin' Words", eq. 16–22. With :math:`y_{iw}`
    the count of term *w* in the target, :math:`y_{jw}` in the reference,
    :math:`n_i, n_j` their totals and :math:`\\alpha_w` the prior count of *w*:

    .. math::

        \\delta_w = \\log\\frac{y_{iw} + \\alpha_w}{n_i + \\alpha_0 - y_{iw} - \\alpha_w}
                  - \\log\\frac{y_{jw} + \\alpha_w}{n_j + \\alpha_0 - y_{jw} - \\alpha_w},
        \\qquad
        \\sigma^2_w \\approx \\frac{1}{y_{iw} + \\alpha_w} + \\frac{1}{y_{jw} + \\alpha_w},
        \\qquad z_w = \\delta_w / \\sigma_w .

    The prior is proportional to the whole corpus (every column of *counts*, also the
    ones left out by *against*): :math:`\\alpha_w = \\alpha_0 \\, y_w / n` with
    :math:`y_w` the corpus count of *w* and *n* the corpus total.

    Parameters
    ----------
    counts : pandas.DataFrame
        A term-count table as made by :func:`term_counts` (index terms, columns
        categories).
    target : column label
        The category whose typical terms get positive z.
    against : column label, optional
        Compare with this one category; by default with all other categories pooled.
    prior : float, optional
        The prior size :math:`\\alpha_0` in pseudo-counts. The default is the corpus
        total *n*, so that :math:`\\alpha_w` is the corpus count of *w* itself (the
        "corpus as its own background" prior; the prior then weighs as much as the
        data and shrinks rare terms strongly toward zero). Smaller values (e.g.
        ``0.01 * n``) trust the observed counts more.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`DISTINCTIVE_COLUMNS`, terms used by target or reference only,
        sorted by ``z`` descending (ties by term).
    """
    labels = list(counts.columns)
    for name, value in (("target", target), ("against", against)):
        if value is not None and value not in labels:
            raise WorkbenchError(
                problem(
                    "distinctive_terms",
                    f"no category {value!r} in the term counts",
                    field=name,
                    fix=f"pick one of {', '.join(map(repr, labels))}",
                ),
                field=name,
            )
    if against is not None and against == target:
        raise WorkbenchError(
            problem(
                "distinctive_terms",
                "target and against are the same category",
                field="against",
                fix="compare with another category, or leave against=None for all others",
            ),
            field="against",
        )
    if against is None and len(labels) < 2:
        raise WorkbenchError(
            problem(
                "distinctive_terms",
                f"only one category ({target!r}): nothing to compare with",
                field="target",
                fix="load articles from at least two sources",
            ),
            field="target",
        )
    if not counts.index.is_monotonic_increasing:
        counts = counts.sort_index()
    values = counts.to_numpy(dtype=np.float64)
    i = labels.index(target)
    y_i = values[:, i]
    if against is None:
        y_j = values.sum(axis=1) - y_i
    else:
        y_j = values[:, labels.index(against)]
    return _log_odds_table(counts.index.to_numpy(dtype=object), y_i, y_j, values.sum(axis=1), prior)


def _log_odds_table(
    terms: np.ndarray, y_i: np.ndarray, y_j: np.ndarray, y: np.ndarray, prior: float | None
) -> pd.DataFrame:
    columns = _log_odds_columns(terms, y_i, y_j, y, prior)
    columns["term"] = pd.Series(columns["term"], dtype=object)
    return pd.DataFrame(columns, columns=DISTINCTIVE_COLUMNS)


def _log_odds_columns(
    terms: np.ndarray,
    y_i: np.ndarray,
    y_j: np.ndarray,
    y: np.ndarray,
    prior: float | None,
    *,
    top: int | None = None,
) -> dict[str, np.ndarray]:
    """The columns of :func:`log_odds`, sorted; only the first *top* rows if given."""
    n = float(y.sum())
    alpha0 = n if prior is None else float(prior)
    if not alpha0 > 0 or not math.isfinite(alpha0):
        raise WorkbenchError(
            problem(
                "distinctive_terms",
                f"the prior size must be a positive number, not {prior!r}",
                field="prior",
                fix="pass prior=None (the corpus size) or a positive number of pseudo-counts",
            ),
            field="prior",
        )
    keep = (y_i + y_j) > 0
    terms, y_i, y_j, y = terms[keep], y_i[keep], y_j[keep], y[keep]
    alpha = alpha0 * y / n if n else y
    n_i, n_j = y_i.sum(), y_j.sum()
    delta = (
        np.log(y_i + alpha)
        - np.log(n_i + alpha0 - y_i - alpha)
        - np.log(y_j + alpha)
        + np.log(n_j + alpha0 - y_j - alpha)
    )
    variance = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    z = delta / np.sqrt(variance)
    # Terms arrive sorted (log_odds sees to it), so a stable sort on z breaks ties by term.
    order = _first(-z, len(z) if top is None else top)
    z = z[order]
    return {
        "term": terms[order],
        "z": z,
        "n_target": y_i[order].astype(np.int64),
        "n_reference": y_j[order].astype(np.int64),
        "delta": delta[order],
        "variance": variance[order],
        "p": erfc(np.abs(z) / math.sqrt(2.0)),
    }


def _first(keys: np.ndarray, n: int) -> np.ndarray:
    """Positions of the *n* smallest *keys*: ``np.argsort(keys, kind="stable")[:n]``.

    Partitions first, so that only the keys up to the n-th smallest (ties included) are
    sorted.
    """
    if n >= len(keys):
        return np.argsort(keys, kind="stable")
    cut = np.partition(keys, n - 1)[n - 1]
    if np.isnan(cut):  # fewer than n numbers: the NaNs sort last
        return np.argsort(keys, kind="stable")[:n]
    candidates = np.flatnonzero(keys <= cut)
    return candidates[np.argsort(keys[candidates], kind="stable")[:n]]


def top_terms(counts: pd.DataFrame, *, n: int = 10, prior: float | None = None) -> pd.DataFrame:
    """The *n* most distinctive terms of every category against all the others.

    The same numbers as :func:`log_odds` with ``against=None`` for each column of
    *counts* in turn (the first *n* rows of each), in one pass over the counts: the
    table is converted and summed once, and only each category's first *n* terms are
    sorted.

    Parameters
    ----------
    counts : pandas.DataFrame
        A term-count table as made by :func:`term_counts`, with two or more categories.
    n : int
        Terms per category.
    prior : float, optional
        The prior size, as in :func:`log_odds`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TOP_TERM_COLUMNS`: ``category`` (in the order of the columns of
        *counts*), ``rank`` (1 = most typical) and then :data:`DISTINCTIVE_COLUMNS`.
    """
    labels = list(counts.columns)
    if len(labels) < 2:
        raise WorkbenchError(
            problem(
                "top_terms",
                f"fewer than two categories ({labels!r}): nothing to compare with",
                field="counts",
                fix="count the terms of articles from at least two sources",
            ),
            field="counts",
        )
    if n < 1:
        raise ValueError(f"n must be 1 or more, not {n}")
    if not counts.index.is_monotonic_increasing:
        counts = counts.sort_index()
    values = counts.to_numpy(dtype=np.float64)
    total = values.sum(axis=1)
    terms = counts.index.to_numpy(dtype=object)
    parts = [
        _log_odds_columns(terms, values[:, i], total - values[:, i], total, prior, top=n)
        for i in range(len(labels))
    ]
    sizes = [len(part["z"]) for part in parts]
    return pd.DataFrame(
        {
            "category": pd.Series(
                [label for label, size in zip(labels, sizes, strict=True) for _ in range(size)],
                dtype=object,
            ),
            "rank": np.concatenate([np.arange(1, size + 1) for size in sizes]),
            "term": pd.Series(np.concatenate([part["term"] for part in parts]), dtype=object),
            **{
                name: np.concatenate([part[name] for part in parts])
                for name in DISTINCTIVE_COLUMNS[1:]
            },
        },
        columns=TOP_TERM_COLUMNS,
    )


def distinctive_terms(
    articles: pd.DataFrame,
    target: Any,
    *,
    against: Any | None = None,
    by: str = "source",
    prior: float | None = None,
    ngram_range: tuple[int, int] = (1, 2),
    min_count: int = 1,
    stop_words: StopWords = "english",
) -> pd.DataFrame:
    """The terms that set one source (or lean, ...) apart from the others.

    Counts terms with :func:`term_counts` and scores them with :func:`log_odds`
    (weighted log-odds ratio with an informative Dirichlet prior, Monroe et al. 2008).
    Counting dominates the run time (on the 3,656 full articles of Article-Bias-Prediction,
    374k terms: about 1.2 s of CPU for the counting, 0.1 s for the scores). To score
    several targets, count once with :func:`term_counts` and call :func:`log_odds`, or
    :func:`top_terms` for the first terms of every category.

    Parameters
    ----------
    articles : pandas.DataFrame
        With ``text`` and the *by* column.
    target : str
        The category whose typical terms come first.
    against : str, optional
        One other category to compare with; by default all others pooled.
    by : str
        The category column, ``"source"`` by default.
    prior : float, optional
        Prior size :math:`\\alpha_0`; default: the corpus token count, i.e.
        :math:`\\alpha_w` = corpus count of *w* (see :func:`log_odds`).
    ngram_range, min_count, stop_words
        Passed to :func:`term_counts`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`DISTINCTIVE_COLUMNS`, most typical of *target* first.
    """
    counts = term_counts(
        articles, by=by, ngram_range=ngram_range, min_count=min_count, stop_words=stop_words
    )
    return log_odds(counts, target, against=against, prior=prior)


def _term_regex(term: str, *, possessive: bool) -> str:
    exact = term.startswith(_EXACT)
    if exact:
        term = term[len(_EXACT) :]
    stem = term.endswith(_STEM)
    if stem:
        term = term[: -len(_STEM)]
    parts = [re.escape(part).translate(_APOSTROPHES) for part in term.split()]
    if not parts:
        raise ValueError(f"empty term {term!r}")
    gap = r"(?:['’]s)?\s+" if possessive else r"\s+"
    body = gap.join(parts) + (r"\w*" if stem else "")
    letters = [ch for ch in term if ch.isalpha()]
    if exact or (len(letters) >= 2 and all(ch.isupper() for ch in letters)):
        return f"(?-i:{body})"
    return body


def compile_terms(
    terms: Iterable[str], *, possessive: bool = True
) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One regular expression that finds any of *terms* as whole words.

    Rules, shared by every lexicon and alias list in workbench:

    - matching ignores case, except for a term written in capitals ("US", "NATO":
      so "us" is not the United States) and a term written with a leading ``=``
      (``"=may"`` finds the modal verb, not the month "May");
    - a term matches at word boundaries only ("Russian" is not found in "Russians"
      nor "ban" in "banned"); a trailing ``*`` makes it a stem ("sanction*" finds
      "sanctions", "sanctioned");
    - words of a phrase may be separated by any whitespace, and (if *possessive*) by
      a possessive ``'s`` ("russia attack" finds "Russia's attack"); a straight or
      curly apostrophe matches either ("can't" finds "can’t");
    - where terms overlap, the longest wins (alternatives are tried longest first).

    Parameters
    ----------
    terms : iterable of str
        Words, phrases and stems.
    possessive : bool
        Allow ``'s`` between the words of a phrase.

    Returns
    -------
    pattern : re.Pattern
        Each term is one capturing group; ``m.lastindex`` tells which term matched.
    ordered : tuple of str
        The term of each group: ``ordered[m.lastindex - 1]``.
    """
    unique = list(dict.fromkeys(term.strip() for term in terms if term and term.strip()))
    if not unique:
        raise ValueError("no terms to compile")
    ordered = tuple(sorted(unique, key=lambda term: (-len(term.strip(_EXACT + _STEM)), term)))
    body = "|".join(f"({_term_regex(term, possessive=possessive)})" for term in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE), ordered


def _term_keys(terms: Iterable[str]) -> list[str] | None:
    """What a match of each term starts with, lowercase: its first ASCII letters and digits.

    A match of a compiled term (:func:`compile_terms`) begins with the term's first
    characters, in any case (or as written); None when a term does not begin with an
    ASCII letter or digit.
    """
    keys = []
    for term in terms:
        key = _ASCII_ALNUM.match(term.strip().removeprefix(_EXACT))
        if key is None:
            return None
        keys.append(key.group().lower())
    return sorted(set(keys))


class _TextSearch:
    """Many texts searched for compiled terms at once, with the matches of each text.

    The texts are joined into one string (between them :data:`_SEPARATOR`, which no
    match can hold and which bounds a word as the end of a text does), so a pattern is
    searched once rather than once per text. Where every term begins with ASCII letters
    or digits, the pattern is only tried where the lowercased text holds one of those
    beginnings (found with ``str.find``): in a text without :data:`_CASE_SPECIAL`
    characters, lowercasing keeps the offsets and ignore-case matching of ASCII letters
    is lowercasing. The matches are those of ``pattern.finditer(text)`` for each text.

    Parameters
    ----------
    texts : sequence of str
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        self.joined = _SEPARATOR.join(self.texts)
        lengths = np.fromiter(map(len, self.texts), dtype=np.int64, count=len(self.texts))
        self.starts = (np.cumsum(lengths + 1) - lengths - 1).tolist()
        # (a text holding the separator: the texts are searched one by one)
        self._one_by_one = self.joined.count(_SEPARATOR) > max(len(self.texts) - 1, 0)
        # Rows whose text lowercases to other offsets or folds into ASCII otherwise:
        # searched on their own (blanked in the lowered text).
        self._special = []
        if not self._one_by_one and _CASE_SPECIAL.search(self.joined):
            self._special = [
                row for row, text in enumerate(self.texts) if _CASE_SPECIAL.search(text)
            ]
        if self._special:
            special = set(self._special)
            self._lowered = _SEPARATOR.join(
                _SEPARATOR * len(text) if row in special else text.lower()
                for row, text in enumerate(self.texts)
            )
        else:
            self._lowered = self.joined.lower()

    def finditer(
        self, pattern: re.Pattern[str], terms: Iterable[str]
    ) -> list[tuple[int, int, int, re.Match[str]]]:
        """Every match of *pattern* (compiled from *terms*) in every text.

        Returns
        -------
        list of (row, start, end, match)
            By row, then start: the text's position, the offsets of the match in the
            text and the match (in :attr:`joined`, or in the text itself).
        """
        if self._one_by_one or _SEPARATOR in pattern.pattern:
            return [
                (row, m.start(), m.end(), m)
                for row, text in enumerate(self.texts)
                for m in pattern.finditer(text)
            ]
        keys = _term_keys(terms)
        if keys is None:
            matches: Iterable[re.Match[str]] = pattern.finditer(self.joined)
            special: list[tuple[int, int, int, re.Match[str]]] = []
        else:
            matches = self._at_keys(pattern, keys)
            special = [
                (row, m.start(), m.end(), m)
                for row in self._special
                for m in pattern.finditer(self.texts[row])
            ]
        starts = self.starts
        found = []
        for m in matches:
            row = bisect.bisect_right(starts, m.start()) - 1
            offset = starts[row]
            found.append((row, m.start() - offset, m.end() - offset, m))
        if special:
            found = sorted([*found, *special], key=lambda hit: hit[:2])
        return found

    def _at_keys(self, pattern: re.Pattern[str], keys: list[str]) -> Iterator[re.Match[str]]:
        """``pattern.finditer(joined)``, trying the pattern only where a key starts."""
        lowered = self._lowered
        places = set()
        for key in keys:
            at = lowered.find(key)
            while at >= 0:
                places.add(at)
                at = lowered.find(key, at + 1)
        end = 0
        for at in sorted(places):
            if at < end:
                continue
            m = pattern.match(self.joined, at)
            if m is not None:
                yield m
                end = m.end()


def keyword_in_context(sentences: pd.DataFrame, term: str, *, width: int = 40) -> pd.DataFrame:
    """Every occurrence of *term* in the sentences, with its context and offsets.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The event's sentences (:data:`workbench.event.SENTENCE_COLUMNS`).
    term : str
        A word or phrase (as in :func:`distinctive_terms`), matched as in
        :func:`compile_terms`: ignoring case, at word boundaries, any whitespace or
        a possessive ``'s`` between its words.
    width : int
        Characters of context on each side, taken from the sentence.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`KWIC_COLUMNS`, one row per occurrence in sentence order;
        ``start``/``end`` are offsets into the article ``text`` (the sentence's
        ``start`` plus the offset inside the sentence), so
        ``text[start:end] == match``.
    """
    require_columns(
        sentences,
        ["sentence_id", "article_id", "source", "sentence_index", "start", "text"],
        "keyword_in_context(sentences)",
        "pass the event's sentences table",
    )
    pattern, ordered = compile_terms([term])
    texts = sentences["text"].astype(str).tolist()
    found = _TextSearch(texts).finditer(pattern, ordered)
    hit = [row for row, *_ in found]
    ids = [sentences[name].to_numpy(dtype=object)[hit].tolist() for name in _KWIC_IDS]
    offsets = sentences["start"].to_numpy(dtype=object)[hit].tolist()
    rows = [
        (
            sentence_id,
            article_id,
            source,
            int(sentence_index),
            int(offset) + begin,
            int(offset) + end,
            texts[row][max(0, begin - width) : begin],
            m.group(0),
            texts[row][end : end + width],
        )
        for (row, begin, end, m), sentence_id, article_id, source, sentence_index, offset in zip(
            found, *ids, offsets, strict=True
        )
    ]
    table = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    for column in ("sentence_index", "start", "end"):
        table[column] = table[column].astype(np.int64)
    return table


def read_lexicon(name: str | Path) -> dict[str, Any]:
    """Read a lexicon shipped in :data:`LEXICON_DIR` (or any YAML/JSON file).

    Parameters
    ----------
    name : str or Path
        ``"frames"`` reads ``workbench/lexicons/frames.yaml``; a path reads that file.

    Returns
    -------
    dict
        The parsed mapping, a copy of its own: the file is parsed once per version
        (modification time and size) and changing the result changes nothing else.

    Raises
    ------
    ModelError
        If the file is missing or is not a mapping.
    """
    if isinstance(name, Path) or Path(name).suffix in (".yaml", ".yml", ".json"):
        path = Path(name)
    else:
        path = LEXICON_DIR / f"{name}.yaml"
    if not path.is_file():
        raise ModelError(
            problem(
                path, "lexicon file not found", fix="reinstall workbench, or pass a lexicon file"
            )
        )
    stat = path.stat()
    return copy.deepcopy(_parsed_lexicon(path.resolve(), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=32)
def _parsed_lexicon(path: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    """The parsed lexicon file, once per version of the file (its time and size are keys)."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ModelError(
            problem(
                path, "a lexicon must be a mapping", fix="write the lexicon as key: value pairs"
            )
        )
    return data


#: :func:`lexicon_words` takes the list from the lexicon unless it is given another value.
_FROM_LEXICON: Any = object()


def lexicon_words(
    lexicon: Mapping[str, Any],
    key: str,
    name: str | Path,
    *,
    value: object = _FROM_LEXICON,
    part: str = "",
    non_empty: bool = False,
) -> tuple[str, ...]:
    """One list of a lexicon, checked: every entry must be a non-empty string.

    Parameters
    ----------
    lexicon : mapping
        As read by :func:`read_lexicon`.
    key : str
        The list to take.
    name : str or Path
        The lexicon's name, or its file, for the error message.
    value : object, optional
        The list to check in place of ``lexicon[key]``: a part of it (a group of a list of
        groups, a side of a pair), named by *part*.
    part : str, optional
        Which part of the list *value* is, for the error message (``"group 3"``).
    non_empty : bool, default False
        Whether an empty list is an error too.

    Returns
    -------
    tuple of str

    Raises
    ------
    ModelError
        If the list is missing (or empty, with *non_empty*) or holds something else than
        text (YAML reads an unquoted ``no``, ``on`` or ``off`` as a boolean), naming the
        lexicon, the list and the entries.
    """
    items = lexicon.get(key) if value is _FROM_LEXICON else value
    if value is _FROM_LEXICON and items is None and key in lexicon:
        items = []  # "key:" with nothing after it
    label = part or repr(key)
    if not isinstance(items, list) or (non_empty and not items):
        kind = "a non-empty list" if non_empty else "a list"
        what = f"{label} must be {kind} of words; found {items!r:.80}"
    else:
        bad = [item for item in items if not isinstance(item, str) or not item.strip()]
        if not bad:
            return tuple(items)
        what = f"{label} holds entries that are not words: {bad[:3]!r}"
    where = name if isinstance(name, Path) else f"lexicon {name!r}"
    fix = 'write a list of words, every entry as text, quoting YAML keywords such as "no" and "on"'
    raise ModelError(problem(where, what, field=key, fix=fix), field=key)
