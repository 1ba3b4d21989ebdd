"""What the sources share and what only some of them report.

Sentences of different sources that say the same thing are linked, linked sentences form
*content units*, and a unit × source grid says who reports what. Two steps decide it,
one strict and one generous:

1. *Membership* (:func:`content_units`): a sentence belongs to exactly one unit, units
   grow along mutual best matches and hold at most one sentence per article. Strict on
   purpose, so that a sentence packing two facts does not chain them into one unit.
2. *Presence* (:func:`coverage_grid`): a source reports a unit when one of its sentences
   is a member, or, failing that, when one of its sentences, wherever it sits, is as
   close to the unit's centroid as a link (see :data:`DEFAULT_THRESHOLD`) and shares at
   least :data:`MIN_SHARED_TERMS` terms with the unit's sentences, or, given the event's
   figures (:func:`workbench.numbers.find_figures`), when the unit is about a tally (the
   dead, the injured) and one of its sentences reports the same tally
   (:data:`TALLY_TOLERANCE`). The grid's ``match`` column says which rule decided.
   Outlets word a fact differently and pack it with others, so membership alone splits
   "what everyone reports" into partial units.

The functions:

- :func:`sentence_vectors` — the sentences' TF-IDF vectors, fit once and passed to the
  two functions below (``vectors=``) to tokenise the event only once;
- :func:`align_sentences` — each sentence's best match in every other source;
- :func:`content_units` — connected components of linked sentences (one row per
  sentence);
- :func:`coverage_grid` — tidy unit × source table: present or not, how (member or
  similar sentence), where, with which sentences; :func:`coverage_matrix` is its wide
  boolean view for display;
- :func:`unique_content`, :func:`omitted_content`, :func:`shared_content` — the units
  only one source reports, the units one source alone leaves out, the units everyone
  reports, all by presence.

Every row keeps ``sentence_id`` values (``"<article_id>:<sentence_index>"``), so each
unit leads back to its sentences and their character offsets in the event's sentence
table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

from workbench.errors import require_columns
from workbench.similarity import tfidf_matrix

__all__ = [
    "ALIGNMENT_COLUMNS",
    "DEFAULT_THRESHOLD",
    "FIGURE_NEEDS",
    "GRID_COLUMNS",
    "MATCH_KINDS",
    "MIN_SHARED_TERMS",
    "OMITTED_COLUMNS",
    "SENTENCE_CHUNK",
    "SHARED_COLUMNS",
    "TALLY_SUFFIXES",
    "TALLY_TOLERANCE",
    "UNIQUE_COLUMNS",
    "UNIT_COLUMNS",
    "align_sentences",
    "content_units",
    "coverage_grid",
    "coverage_matrix",
    "omitted_content",
    "sentence_vectors",
    "shared_content",
    "unique_content",
]

#: Cosine similarity of two sentences' TF-IDF vectors (word unigrams, English stop words
#: removed, sublinear tf, fit on the event's sentences) from which two mutual best matches
#: count as the same content, and from which a sentence close to a unit's centroid makes
#: its source present in the unit (:func:`coverage_grid`).
#:
#: Links, checked on NeuS-AllSides: the left / center / right opening paragraphs of the
#: 469 stories with all three sides (5,360 sentences), and as a null, trios of articles
#: from three different stories. At 0.25, 26.8 % of sentences get a link within a story
#: and 0.56 % in the null trios (0.20: 35.3 % / 1.25 %; 0.30: 19.2 % / 0.30 %; 0.35:
#: 13.5 % / 0.04 %). Read by hand, about three in four sampled links of 0.20–0.30 report
#: the same fact in other words ("the House delayed a vote on the $1 trillion bipartisan
#: infrastructure bill" / "a vote on the $1.2 trillion bipartisan infrastructure bill was
#: delayed"). Lower thresholds add links that chain units. Unigrams, because paraphrases
#: reorder words (with 1–2-grams far fewer pairs reach any threshold). In
#: ``tests/test_coverage.py`` hand-made paraphrases score 0.47–0.69.
#:
#: Presence, checked against the annotated content units of the three teaching corpora
#: (28 facts, 124 article reports; ``benchmarks/bench_alignment.py``): the sources marked
#: present in the unit that best matches each annotated fact agree with the annotated
#: sources at precision 0.952 / recall 0.798 by membership alone, and 0.942 / 0.919 with
#: presence by centroid at 0.25 (0.20: 0.888 / 0.960; 0.30: 0.955 / 0.855); of the 15
#: facts every article reports, 7 come out present in every source by membership, 14 by
#: presence. The maximum cosine against any one of the unit's sentences instead of the
#: centroid does worse (0.942 / 0.911, 12 of 15) because one odd member pulls in
#: sources. On real news the presence step marks 2.1 % of the (unit, source) cells
#: without a member in the NeuS stories (the share of sentences whose unit another
#: source reports goes from 26.5 % to 28.5 %), none in the NeuS null trios, and 18 of
#: 45,609 (0.04 %) in trios of full-length article-bias-prediction articles on three
#: different topics (0.15 % at 0.20), mostly photo credits and newsletter prompts that
#: name the same newspaper.
DEFAULT_THRESHOLD = 0.25

#: Fewest distinct terms a sentence must share with a unit's sentences to make its
#: source present in the unit by similarity. Short sentences reach the threshold on a
#: single word ("Russia did not." against "... but did not give a number."); one shared
#: word is not a shared fact. On the teaching corpora the rule drops 4 of 64 presences
#: by similarity, 3 of them wrong when read; in the unrelated article-bias-prediction
#: trios it cuts the false presences from 100 cells to 18 (3 terms: 6, but it also drops
#: right ones on the teaching corpora: "the repairs will take 6 weeks").
MIN_SHARED_TERMS = 2

#: Values of the grid's ``match`` column: the source has a sentence in the unit
#: (``"member"``), a sentence of the source is similar enough to the unit
#: (``"similar"``), a sentence of the source reports the unit's tally (``"figure"``, see
#: :data:`TALLY_TOLERANCE`), or none of these (``"absent"``); the first that holds wins.
MATCH_KINDS = ("member", "similar", "figure", "absent")

#: Columns of the figure table :func:`coverage_grid` reads (``figures=``): those of
#: :func:`workbench.numbers.find_figures` that tie a figure to its sentence and say what
#: it counts.
FIGURE_NEEDS = ["article_id", "sentence_index", "counts", "value"]

#: What a figure must count (its ``counts`` in :func:`workbench.numbers.find_figures`)
#: to be a *tally*: the dead or the injured (``killed``, ``injured``) and the groups
#: among them (``children_killed``, ``servicemen_injured``, ...). These name the event's
#: own toll, which every outlet reports and each words its own way ("34 civilians died",
#: "killing 35 people", "put the toll at 34 dead"). Money, percentages, time spans and
#: head nouns ("38,000 vehicles") are left out: one story counts many different things
#: in dollars, percent or weeks, so the same measure does not make the same fact.
TALLY_SUFFIXES = ("killed", "injured")

#: Largest ratio between two figures of the same tally for them to count as the same
#: quantity (``figures=`` of :func:`align_sentences`, :func:`content_units`,
#: :func:`coverage_grid`). Outlets report a toll at different hours ("at least eight",
#: "nine"; "125", "143"), so equal values are too strict; the toll of another attack,
#: place or group in the same story is usually further off.
#:
#: Two uses. *Links*: two sentences of different sources that carry figures of the same
#: tally within this ratio score at least the threshold, so they link when each is the
#: other's best match (a lead that packs the event and its toll keeps its better, lexical
#: match). *Presence*: a source without a sentence in a unit is present in it by
#: ``"figure"`` when more than half of the unit's sentences carry a figure of a tally and
#: one of the source's sentences, wherever it sits, carries a figure of the same measure
#: within this ratio of one of the unit's.
#:
#: Checked on NeuS-AllSides (the left / center / right openings of 469 stories, 5,360
#: sentences; null trios of three stories) and on 200 article-bias-prediction trios of
#: three topics (23,154 sentences), presence alone first, then links and presence:
#: sentences in a unit with another source go from 1,422 to 1,434 with equal values only,
#: 1,436 at 1.25 and at 2.0, 1,437 with no bound; in the null trios 30 and 461 at any
#: ratio up to 2.0 (42 and 463 with no bound). Presence alone, without the links, marks
#: 15 cells of the real stories with equal values, 19 at 1.25, 23 at 2.0, 40 with no
#: bound, and none in the null trios up to 2.0. Read by hand, what 1.25 adds to equal
#: values is the same toll (8 / 9 dead in a shooting and in a flood, 125 / 143 in
#: floods); 2.0 adds a regional toll as the national one (63 / 125). Of the 8 units the
#: links make, 6 are right; one came from "two dozen" read as 2 by
#: :mod:`workbench.numbers` (measured before it read "two dozen" as 24), one from a toll
#: in a side clause of a sentence about something else ("scientists call for a probe into
#: the pandemic that has killed 3.34 million"). On the teaching corpora (checked, not
#: tuned) the rule joins the death toll of ``sumy-strike-2025`` in one unit present in all
#: seven outlets (five members, two leads by figure) and changes no cell of the other two
#: events.
TALLY_TOLERANCE = 1.25

#: Columns of :func:`align_sentences`.
ALIGNMENT_COLUMNS = [
    "sentence_id",
    "article_id",
    "source",
    "sentence_index",
    "other_source",
    "match_sentence_id",
    "match_article_id",
    "match_sentence_index",
    "similarity",
    "linked",
]

#: Columns of :func:`content_units`.
UNIT_COLUMNS = [
    "unit_id",
    "sentence_id",
    "article_id",
    "source",
    "sentence_index",
    "relative_position",
    "start",
    "end",
    "text",
]

#: Columns of :func:`coverage_grid`.
GRID_COLUMNS = [
    "unit_id",
    "source",
    "present",
    "match",
    "similarity",
    "sentence_ids",
    "first_sentence_index",
    "relative_position",
    "n_sources",
    "text",
]

#: Columns of :func:`unique_content`.
UNIQUE_COLUMNS = ["source", "unit_id", "sentence_ids", "text", "relative_position"]

#: Columns of :func:`omitted_content`.
OMITTED_COLUMNS = ["source", "unit_id", "n_sources", "sentence_ids", "text", "relative_position"]

#: Columns of :func:`shared_content`.
SHARED_COLUMNS = [
    "unit_id",
    "n_sources",
    "share_of_sources",
    "sentence_ids",
    "text",
    "relative_position",
]

_ALIGN_NEEDS = ["sentence_id", "article_id", "source", "sentence_index", "text"]


def _check_threshold(threshold: float) -> None:
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")


def _article_order(sentences: pd.DataFrame) -> np.ndarray:
    """Row positions of the sentences by each article's first appearance, then index."""
    rank = pd.factorize(sentences["article_id"], use_na_sentinel=False)[0]
    index = sentences["sentence_index"].to_numpy()
    if len(rank) < 2:
        return np.arange(len(rank))
    step = np.diff(rank)
    if ((step > 0) | ((step == 0) & (np.diff(index) >= 0))).all():  # already in order
        return np.arange(len(rank))
    return np.lexsort((index, rank))


def _in_article_order(sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences by order of each article's first appearance, then sentence index."""
    return sentences.iloc[_article_order(sentences)].reset_index(drop=True)


def sentence_vectors(sentences: pd.DataFrame) -> sparse.csr_matrix:
    """TF-IDF vectors of the sentences, as :func:`content_units` and :func:`coverage_grid`
    compare them.

    Word unigrams (:func:`workbench.similarity.tfidf_matrix`: English stop words removed,
    sublinear term frequency, L2-normalised rows), fit on the sentences given, so a word
    every source repeats weighs little. The fit reads the sentences in article order
    (articles by first appearance, then ``sentence_index``), as :func:`content_units`
    does. Fit once and pass the matrix to :func:`content_units` and, rows reordered to
    the units, to :func:`coverage_grid`, to tokenise the event's sentences only once;
    the grid's ``similarity`` may then differ from a grid fit on the units in the last
    digit (the order of the floating-point sums differs), nothing else.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Columns ``article_id``, ``sentence_index`` and ``text`` (the event's sentences).

    Returns
    -------
    scipy.sparse.csr_matrix
        One row per row of *sentences*, in order; no column when no sentence has a term.
    """
    require_columns(
        sentences,
        ["article_id", "sentence_index", "text"],
        "sentence_vectors(sentences)",
        "pass Event.sentences",
    )
    order = _article_order(sentences)
    shuffled = (order != np.arange(len(order))).any()
    texts = sentences["text"].fillna("").astype(str).to_numpy(dtype=object)
    try:
        X = tfidf_matrix(list(texts[order]), analyzer="word", ngram_range=(1, 1))
    except ValueError:  # empty vocabulary: no sentence has a single term
        return sparse.csr_matrix((len(texts), 0))
    if shuffled:
        back = np.empty_like(order)
        back[order] = np.arange(len(order))
        X = X[back]
    return X


def _check_vectors(vectors: sparse.spmatrix, table: pd.DataFrame, where: str) -> None:
    if not sparse.issparse(vectors) or vectors.shape[0] != len(table):
        raise ValueError(
            f"{where}: vectors must be a sparse matrix with one row per sentence "
            f"({len(table)}), as sentence_vectors gives, not {getattr(vectors, 'shape', vectors)!r}"
        )


def _first_of_article(table: pd.DataFrame) -> np.ndarray:
    """Whether each row of a table in article order is the first of its article."""
    article = table["article_id"].to_numpy()
    first = np.ones(len(article), dtype=bool)
    first[1:] = article[1:] != article[:-1]
    return first


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in columns})


#: Sentences compared with every sentence of the event at a time in
#: :func:`align_sentences` (and :func:`content_units`), and with every unit's centroid in
#: :func:`coverage_grid`: memory grows with this many rows of the sparse sentence ×
#: sentence (or × unit) similarity, never with the full square.
SENTENCE_CHUNK = 256

# Slack below the threshold for keeping a sentence's best match within an article for the
# mutual check: the same cosine computed from the other side may differ in the last bit.
_MUTUAL_SLACK = 1e-9


def _check_figures(figures: pd.DataFrame | None, tolerance: float, where: str) -> None:
    if not tolerance >= 1.0:
        raise ValueError(f"tally_tolerance must be at least 1, not {tolerance!r}")
    if figures is not None:
        require_columns(
            figures,
            FIGURE_NEEDS,
            f"{where}(figures)",
            "pass the result of workbench.numbers.find_figures",
        )


def _check_chunk_size(chunk_size: int) -> None:
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int | np.integer):
        raise TypeError(f"chunk_size must be an integer, not {chunk_size!r}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size!r}")


def _best_matches(
    table: pd.DataFrame,
    sources: list[str],
    *,
    threshold: float,
    mutual: bool,
    chunk_size: int,
    links_only: bool = False,
    vectors: sparse.csr_matrix | None = None,
    tallies: _Tallies | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each sentence's best match in every other source, as arrays.

    *table* is in article order (:func:`_in_article_order`), so every article is a
    contiguous run of rows. Sentences are compared with every sentence *chunk_size* at
    a time; of each chunk's similarities only the best match within every article is
    kept, from which follows the best per source, plus, for the mutual check, the best
    matches within an article that reach the threshold. With *links_only*, similarities
    below the threshold are dropped first and only the entries whose best match is left
    are returned (see :func:`_best_links`): the links come out the same. *vectors* are
    the rows' TF-IDF vectors (:func:`sentence_vectors` of *table* when not given). With
    *tallies* (the rows' tally figures), two sentences of different sources that carry
    the same tally score at least *threshold* (:func:`_tally_links`).

    Returns ``row``, ``other`` (rank in *sources*), ``match`` (row of the match, -1
    when none), ``similarity`` and ``linked``, one entry per (sentence, other source),
    sorted by row, then other source.
    """
    n, n_sources = len(table), len(sources)
    source_rank = table["source"].map({name: k for k, name in enumerate(sources)}).to_numpy()
    new_article = _first_of_article(table)
    article_code = np.cumsum(new_article) - 1
    article_source = source_rank[new_article]
    n_articles = len(article_source)
    # articles grouped by source (in article order within a source)
    by_source = np.argsort(article_source, kind="stable")
    source_begins = np.searchsorted(article_source[by_source], np.arange(n_sources))
    source_lengths = np.diff(np.r_[source_begins, n_articles])
    X = sentence_vectors(table) if vectors is None else vectors
    if links_only:
        return _best_links(
            X,
            source_rank,
            article_code,
            article_source,
            threshold=threshold,
            mutual=mutual,
            chunk_size=chunk_size,
            tallies=tallies,
        )
    floor = None

    best_match = np.full((n, n_sources), -1, dtype=np.int64)
    best_score = np.zeros((n, n_sources))
    kept_keys, kept_matches = [], []  # (sentence, article) -> best match in the article
    if X.shape[1]:  # some sentence has a term
        for low, high, product in _chunk_products(X, chunk_size, tallies, source_rank, threshold):
            in_article, score = _best_in_articles(product, article_code, n_articles, floor=floor)
            # best of a source: its first article with the highest score
            grouped = score[:, by_source]
            highest = np.maximum.reduceat(grouped, source_begins, axis=1)
            at_highest = grouped == np.repeat(highest, source_lengths, axis=1)
            position = np.where(at_highest, np.arange(n_articles), n_articles)
            chosen = by_source[np.minimum.reduceat(position, source_begins, axis=1)]
            best_match[low:high] = np.take_along_axis(in_article, chosen, axis=1)
            best_score[low:high] = highest
            if mutual:
                other = article_source[None, :] != source_rank[low:high, None]
                local, column = np.nonzero(other & (score >= threshold - _MUTUAL_SLACK))
                kept_keys.append((low + local) * n_articles + column)
                kept_matches.append(in_article[local, column])

    row, other = np.nonzero(source_rank[:, None] != np.arange(n_sources)[None, :])
    match, similarity = best_match[row, other], best_score[row, other]
    linked = (match >= 0) & (similarity >= threshold)
    if mutual:
        keys = np.concatenate([np.zeros(0, dtype=np.int64), *kept_keys])
        matches = np.concatenate([np.zeros(0, dtype=np.int64), *kept_matches])
        _keep_mutual(linked, row, match, keys, matches, article_code, n_articles)
    return row, other, match, similarity, linked


def _keep_mutual(
    linked: np.ndarray,
    row: np.ndarray,
    match: np.ndarray,
    keys: np.ndarray,
    matches: np.ndarray,
    article_code: np.ndarray,
    n_articles: int,
) -> None:
    """Unset, in place, each link whose match does not pick the sentence back.

    A link ``row -> match`` holds only if the best match of ``match`` within the article
    of ``row`` is ``row``: ``keys`` (sorted, ``sentence * n_articles + article``) and
    ``matches`` give those best matches.
    """
    candidate = np.flatnonzero(linked)
    wanted = match[candidate] * n_articles + article_code[row[candidate]]
    at = np.searchsorted(keys, wanted)
    held = at < len(keys)
    at, asked = at[held], candidate[held]
    held[held] = (keys[at] == wanted[held]) & (matches[at] == row[asked])
    linked[candidate] = held


def _best_links(
    X: sparse.csr_matrix,
    source_rank: np.ndarray,
    article_code: np.ndarray,
    article_source: np.ndarray,
    *,
    threshold: float,
    mutual: bool,
    chunk_size: int,
    tallies: _Tallies | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_best_matches` with ``links_only``, on the similarities that can link only.

    The same choices, made on the few similarities that reach the threshold (less the
    slack) rather than on sentence × article grids: within an article the highest
    similarity, on ties the first sentence; within a source the highest (clipped to 1),
    on ties the first article. Returns the entries (sentence, other source) that have
    such a best match, sorted by row, then other source.
    """
    n_articles = len(article_source)
    n_sources = int(max(source_rank.max(initial=-1), article_source.max(initial=-1))) + 1
    floor = threshold - _MUTUAL_SLACK
    keys, matches, scores = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)], []
    if X.shape[1]:  # some sentence has a term
        for low, _, product in _chunk_products(X, chunk_size, tallies, source_rank, threshold):
            at = np.flatnonzero(product.data >= floor)
            value = product.data[at]
            column = product.indices[at].astype(np.int64)
            row = low + np.searchsorted(product.indptr, at, side="right") - 1
            key = row * n_articles + article_code[column]
            # best within an article: the highest similarity, then the first sentence
            order = np.lexsort((column, -value, key))
            key, column, value = key[order], column[order], value[order]
            first = np.ones(len(key), dtype=bool)
            first[1:] = key[1:] != key[:-1]
            keys.append(key[first])
            matches.append(column[first])
            scores.append(np.minimum(value[first], 1.0))  # rounding can overshoot 1
    key, match = np.concatenate(keys), np.concatenate(matches)
    score = np.concatenate([np.zeros(0), *scores])
    row, article = np.divmod(key, n_articles)
    other = article_source[article]
    elsewhere = other != source_rank[row]
    key, match, score = key[elsewhere], match[elsewhere], score[elsewhere]
    row, article, other = row[elsewhere], article[elsewhere], other[elsewhere]
    # best within a source: the highest similarity, then the first article
    pair = row * n_sources + other
    order = np.lexsort((article, -score, pair))
    best = order[np.r_[True, pair[order][1:] != pair[order][:-1]]] if len(order) else order
    row, other, best_match, similarity = row[best], other[best], match[best], score[best]
    linked = similarity >= threshold
    if mutual:
        _keep_mutual(linked, row, best_match, key, match, article_code, n_articles)
    return row, other, best_match, similarity, linked


def _best_in_articles(
    product: sparse.csr_matrix,
    article_code: np.ndarray,
    n_articles: int,
    *,
    floor: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Best match of every row of *product* within every article, and its cosine.

    *product* holds the similarities of some sentences (rows) with every sentence
    (columns, in article order; ``article_code`` numbers their articles). Returns the
    column of the first highest similarity per (row, article), -1 when the row shares no
    term with the article, and that similarity clipped to [0, 1] (0.0 when none), both
    rows × articles. Similarities below *floor* count as none.
    """
    n_rows = product.shape[0]
    row = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(product.indptr))
    column, value = product.indices, product.data
    if floor is not None:
        kept = value >= floor
        row, column, value = row[kept], column[kept], value[kept]
    key = row * n_articles + article_code[column]
    highest = np.zeros(n_rows * n_articles)
    np.maximum.at(highest, key, value)
    first = np.full(n_rows * n_articles, np.iinfo(np.int64).max, dtype=np.int64)
    at_highest = value == highest[key]
    np.minimum.at(first, key[at_highest], column[at_highest])
    score = np.clip(highest, 0.0, 1.0).reshape(n_rows, n_articles)
    in_article = np.where(score > 0, first.reshape(n_rows, n_articles), -1)
    return in_article, score


def align_sentences(
    sentences: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    mutual: bool = True,
    chunk_size: int = SENTENCE_CHUNK,
    figures: pd.DataFrame | None = None,
    tally_tolerance: float = TALLY_TOLERANCE,
) -> pd.DataFrame:
    """Each sentence's most similar sentence in every other source.

    Sentences are TF-IDF vectors (word unigrams, see
    :func:`workbench.similarity.tfidf_vectorizer`) fit on all sentences given, so a word
    every source repeats weighs little. A sentence is compared with the sentences of
    every source but its own and the best match of each source is kept. It is a link
    when the cosine similarity is at least *threshold* and, with *mutual*, the match in
    turn has the sentence as its best match within the sentence's article.

    Mutual best matches keep one sentence that packs two facts ("cracks were found, and
    the repair will take six weeks") from linking to both of another source's sentences
    on them, which would chain the two facts into one content unit; comparing within
    the article rather than the source keeps the same fact reported by two articles of
    one outlet linked from both.

    Given the event's *figures*, two sentences of different sources that carry a figure
    of the same tally (the dead, the injured; :data:`TALLY_SUFFIXES`) within
    *tally_tolerance* of each other score at least *threshold*: the same toll worded
    another way ("34 civilians died" / "killing 35 people") is a link when each is the
    other's best match. A sentence whose words match another sentence better (a lead
    that packs the event and its toll) keeps that match.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The event's sentence table (:data:`workbench.event.SENTENCE_COLUMNS`); needs
        ``sentence_id``, ``article_id``, ``source``, ``sentence_index`` and ``text``.
    threshold : float
        Cosine similarity from which a best match is a link; see
        :data:`DEFAULT_THRESHOLD`.
    mutual : bool
        Link only mutual best matches (see above); ``False`` links every best match that
        reaches the threshold.
    chunk_size : int
        Sentences compared with all the others at a time; bounds memory (see
        :data:`SENTENCE_CHUNK`) and does not change the result.
    figures : pandas.DataFrame, optional
        The event's figures (:func:`workbench.numbers.find_figures`; needs
        :data:`FIGURE_NEEDS`); without them, similarity is the cosine alone.
    tally_tolerance : float
        Largest ratio between two figures of a tally that count as the same quantity;
        see :data:`TALLY_TOLERANCE`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ALIGNMENT_COLUMNS`, one row per (sentence, other source), sentences
        in article order, other sources in order of first appearance. When a sentence
        shares no term with any sentence of the other source, the ``match_*`` fields
        are missing (``None`` / ``<NA>``), ``similarity`` is 0.0 and ``linked`` False.
        With *figures*, ``similarity`` is at least *threshold* for a tally match.
    """
    require_columns(sentences, _ALIGN_NEEDS, "align_sentences(sentences)", "pass Event.sentences")
    _check_threshold(threshold)
    _check_chunk_size(chunk_size)
    _check_figures(figures, tally_tolerance, "align_sentences")
    table = _in_article_order(sentences)
    sources = list(dict.fromkeys(table["source"]))
    if len(sources) < 2:
        frame = _empty(ALIGNMENT_COLUMNS)
        frame["match_sentence_index"] = frame["match_sentence_index"].astype("Int64")
        frame["similarity"] = frame["similarity"].astype(float)
        frame["linked"] = frame["linked"].astype(bool)
        return frame

    row, other_rank, match, similarity, linked = _best_matches(
        table,
        sources,
        threshold=threshold,
        mutual=mutual,
        chunk_size=chunk_size,
        tallies=None if figures is None else _Tallies(table, figures, tally_tolerance),
    )
    found = match >= 0
    safe = np.where(found, match, 0)

    def matched(column: str) -> np.ndarray:
        values = table[column].to_numpy(dtype=object)[safe]
        return np.where(found, values, None)

    match_index = pd.array(table["sentence_index"].to_numpy()[safe], dtype="Int64")
    match_index[~found] = pd.NA
    return pd.DataFrame(
        {
            "sentence_id": table["sentence_id"].to_numpy(dtype=object)[row],
            "article_id": table["article_id"].to_numpy(dtype=object)[row],
            "source": table["source"].to_numpy()[row],
            "sentence_index": table["sentence_index"].to_numpy()[row].astype(int),
            "other_source": np.asarray(sources, dtype=object)[other_rank],
            "match_sentence_id": matched("sentence_id"),
            "match_article_id": matched("article_id"),
            "match_sentence_index": match_index,
            "similarity": similarity.astype(float),
            "linked": linked,
        },
        columns=ALIGNMENT_COLUMNS,
    )


def _components(article: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Unit of every sentence, merging along the links ``(first[k], second[k])`` in order.

    Sentences are rows; *article* numbers each row's article. Two units merge only if no
    article has a sentence in both. Units are numbered from 0 in order of their first row.
    """
    n = len(article)
    parent = list(range(n))
    articles: list[set[int] | None] = [None] * n  # a unit's articles, once it has two rows
    codes = article.tolist()
    for a, b in zip(first.tolist(), second.tolist(), strict=True):
        while parent[a] != a:  # find the roots, halving the paths
            parent[a] = a = parent[parent[a]]
        while parent[b] != b:
            parent[b] = b = parent[parent[b]]
        if a == b:
            continue
        held_a, held_b = articles[a], articles[b]
        if held_a is None:
            held_a = {codes[a]}
        if held_b is None:
            held_b = {codes[b]}
        if not held_a.isdisjoint(held_b):
            continue
        if len(held_a) < len(held_b):  # the larger set takes the smaller
            a, b, held_a, held_b = b, a, held_b, held_a
        held_a |= held_b
        articles[a], articles[b] = held_a, None
        parent[b] = a
    roots = np.array(parent, dtype=np.int64)
    while True:  # every row to its root
        up = roots[roots]
        if np.array_equal(up, roots):
            break
        roots = up
    # units numbered in order of their first row
    _, first_row, unit = np.unique(roots, return_index=True, return_inverse=True)
    number = np.empty(len(first_row), dtype=int)
    number[np.argsort(first_row)] = np.arange(len(first_row))
    return number[unit]


def content_units(
    sentences: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    mutual: bool = True,
    chunk_size: int = SENTENCE_CHUNK,
    vectors: sparse.csr_matrix | None = None,
    figures: pd.DataFrame | None = None,
    tally_tolerance: float = TALLY_TOLERANCE,
) -> pd.DataFrame:
    """Group sentences that say the same thing across sources into content units.

    Units grow along the links of :func:`align_sentences`, strongest link first, and two
    units merge only if no article has a sentence in both: a unit holds at most one
    sentence per article. Without that rule, sentences that pack two facts chain the
    sentences on either fact into one unit (in ``corpora/sumy-strike-2025`` a unit of 22
    sentences: the strike, the death toll and Zelensky's reaction); with it, a sentence
    that reports two facts joins the unit of the one it matches best. A sentence without
    a link is a unit of its own.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The event's sentence table (:data:`workbench.event.SENTENCE_COLUMNS`).
    threshold : float
        Cosine similarity from which two sentences are linked; see
        :data:`DEFAULT_THRESHOLD`.
    mutual : bool
        Link mutual best matches only; see :func:`align_sentences`.
    chunk_size : int
        Sentences compared with all the others at a time; see :func:`align_sentences`.
    vectors : scipy.sparse.csr_matrix, optional
        :func:`sentence_vectors` of *sentences* (rows in the table's order), when already
        computed; by default fit on the sentences in article order.
    figures : pandas.DataFrame, optional
        The event's figures, :func:`workbench.numbers.find_figures`: the same tally
        links two sentences (see :func:`align_sentences`).
    tally_tolerance : float
        See :data:`TALLY_TOLERANCE`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`UNIT_COLUMNS`, one row per sentence. ``unit_id`` counts from 0 in
        order of each unit's first sentence (articles in order of first appearance,
        sentences in text order), so the same input always gives the same ids; rows are
        sorted by ``unit_id``, then in that order.
    """
    require_columns(
        sentences,
        [*_ALIGN_NEEDS, "relative_position", "start", "end"],
        "content_units(sentences)",
        "pass Event.sentences",
    )
    _check_threshold(threshold)
    _check_chunk_size(chunk_size)
    _check_figures(figures, tally_tolerance, "content_units")
    order = _article_order(sentences)
    table = sentences.iloc[order].reset_index(drop=True)
    if vectors is not None:
        _check_vectors(vectors, sentences, "content_units")
        vectors = vectors[order] if (order != np.arange(len(order))).any() else vectors
    article_code = np.cumsum(_first_of_article(table)) - 1
    first = second = np.zeros(0, dtype=int)
    sources = list(dict.fromkeys(table["source"]))
    if len(sources) >= 2:
        row, _, match, similarity, linked = _best_matches(
            table,
            sources,
            threshold=threshold,
            mutual=mutual,
            chunk_size=chunk_size,
            links_only=True,
            vectors=vectors,
            tallies=None if figures is None else _Tallies(table, figures, tally_tolerance),
        )
        chosen = np.flatnonzero(linked)
        strongest = pd.Series(similarity[chosen]).sort_values(ascending=False, kind="stable")
        chosen = chosen[strongest.index.to_numpy()]
        first, second = row[chosen], match[chosen]
    units = table.assign(unit_id=_components(article_code, first, second))
    units = units.sort_values("unit_id", kind="stable").reset_index(drop=True)
    units = units[UNIT_COLUMNS].copy()
    units["unit_id"] = units["unit_id"].astype(int)
    units.attrs["threshold"] = threshold  # coverage_grid decides presence with it too
    return units


def _unit_closeness(
    units: pd.DataFrame,
    unit_ids: list[int],
    sources: list[str],
    *,
    threshold: float,
    min_shared_terms: int,
    vectors: sparse.csr_matrix | None = None,
) -> tuple[np.ndarray, sparse.csr_matrix]:
    """How close every source comes to every unit, and which sentences count as close.

    Sentences are the TF-IDF vectors of :func:`align_sentences` (*vectors*, else fit on
    *units*, which hold every sentence of the event, so the weights are the same); a
    unit's centroid is the mean of its sentences' vectors. Returns the highest cosine of a source's
    sentences with each unit's centroid (units × *sources*, 0.0 for a source without
    sentences) and a boolean sparse matrix (units × sentences) of the sentences that
    reach *threshold* and share at least *min_shared_terms* distinct terms with the
    unit's sentences.
    """
    n, n_units = len(units), len(unit_ids)
    best = np.zeros((n_units, len(sources)))
    if vectors is None:
        try:
            X = tfidf_matrix(units["text"].fillna("").astype(str).tolist(), ngram_range=(1, 1))
        except ValueError:  # empty vocabulary: no sentence has a single term
            X = sparse.csr_matrix((n, 0))
    else:
        X = vectors
    if not X.shape[1]:  # no sentence has a term
        return best, sparse.csr_matrix((n_units, n), dtype=bool)
    code = pd.factorize(units["unit_id"])[0]  # unit_ids are in order of first appearance
    size = np.bincount(code, minlength=n_units)
    mean = sparse.csr_matrix((1.0 / size[code], (code, np.arange(n))), shape=(n_units, n))
    centroids = mean @ X
    inplace_csr_row_normalize_l2(centroids)  # as sklearn.preprocessing.normalize does
    vocabulary = (mean @ (X > 0)) > 0  # units × terms: the terms of the unit's sentences
    source_code = pd.Index(sources).get_indexer(units["source"])
    highest = np.zeros(n_units * len(sources))  # unit × source, row-major
    columns_t = centroids.T.tocsr()
    rows, columns = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    # sentences a chunk at a time against every unit: each cosine is summed over the
    # sentence's terms in its order, whatever the chunk
    for low in range(0, n, SENTENCE_CHUNK):
        high = min(low + SENTENCE_CHUNK, n)
        cosine = X[low:high] @ columns_t  # sparse: a sentence shares no term with most units
        value = np.minimum(cosine.data, 1.0)  # rounding can overshoot 1
        unit = cosine.indices.astype(np.int64)
        sentence = low + np.repeat(np.arange(high - low), np.diff(cosine.indptr))
        np.maximum.at(highest, unit * len(sources) + source_code[sentence], value)
        reach = np.flatnonzero(value >= threshold)
        sentence, unit = sentence[reach], unit[reach]
        shared_terms = np.asarray((X[sentence] > 0).multiply(vocabulary[unit]).sum(axis=1)).ravel()
        keep = shared_terms >= min_shared_terms
        rows.append(unit[keep])
        columns.append(sentence[keep])
    best = highest.reshape(n_units, len(sources))
    row, column = np.concatenate(rows), np.concatenate(columns)
    close = sparse.csr_matrix(
        (np.ones(len(row), dtype=bool), (row, column)), shape=(n_units, n), dtype=bool
    )
    close.sort_indices()
    return best, close


def _is_tally(counts: object) -> bool:
    """Whether a figure's ``counts`` is a tally (see :data:`TALLY_SUFFIXES`)."""
    if not isinstance(counts, str):
        return False
    group, _, harm = counts.rpartition("_")
    return harm in TALLY_SUFFIXES and (not group or group.isidentifier())


class _Tallies:
    """The tally figures of a table's sentences, ready to be matched by value.

    Each figure of a tally (:func:`_is_tally`, value above 0) of a sentence of *table*
    gets its sentence (``row``), its measure and a ``position`` on one line: measures
    far apart, within a measure the log of the value, so that two figures of the same
    measure within *tolerance* of each other lie at most ``reach`` apart. ``order`` sorts
    the figures by ``position``.
    """

    def __init__(self, table: pd.DataFrame, figures: pd.DataFrame, tolerance: float) -> None:
        tally = figures["counts"].map(_is_tally).to_numpy(dtype=bool, copy=True)
        value = pd.to_numeric(figures["value"], errors="coerce").to_numpy(dtype=float)
        tally &= np.isfinite(value) & (value > 0)
        keys = pd.MultiIndex.from_arrays([table["article_id"], table["sentence_index"]])
        row = keys.get_indexer(
            pd.MultiIndex.from_arrays(
                [figures["article_id"][tally], figures["sentence_index"][tally]]
            )
        ).astype(np.int64)
        measure, names = pd.factorize(figures["counts"][tally])
        held = row >= 0  # figures of the table's sentences
        self.row, self.measure = row[held], measure[held].astype(np.int64)
        self.n_measures = len(names)
        scale = np.log(value[tally][held])
        self.reach = float(np.log(tolerance)) + 1e-9  # the ratio itself counts
        spread = float(np.ptp(scale)) + 2 * self.reach + 1.0 if len(scale) else 1.0
        self.position = self.measure * spread + scale
        self.order = np.argsort(self.position, kind="stable")

    def close(self, query: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (query figure, target figure), both indices into the figures, of the
        same measure within the tolerance; *target* sorted by ``position``."""
        at = self.position[query]
        line = self.position[target]
        begin = np.searchsorted(line, at - self.reach, side="left")
        count = np.searchsorted(line, at + self.reach, side="right") - begin
        first = np.repeat(query, count)
        offset = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
        return first, target[np.repeat(begin, count) + offset]


def _chunk_products(
    X: sparse.csr_matrix,
    chunk_size: int,
    tallies: _Tallies | None,
    source_rank: np.ndarray,
    threshold: float,
) -> Iterator[tuple[int, int, sparse.csr_matrix]]:
    """``(low, high, rows low..high of X @ X.T)``, chunk by chunk, never the whole n × n.

    With *tallies*, a pair of sentences of different sources that report the same tally
    scores at least *threshold* (:func:`_tally_links`).
    """
    n = X.shape[0]
    columns_t = X.T.tocsr()
    for low in range(0, n, chunk_size):
        high = min(low + chunk_size, n)
        product = X[low:high] @ columns_t
        if tallies is not None:
            product = product.maximum(_tally_links(tallies, source_rank, low, high, n, threshold))
        yield low, high, product


def _tally_links(
    tallies: _Tallies, source_rank: np.ndarray, low: int, high: int, n: int, score: float
) -> sparse.csr_matrix:
    """Rows *low*..*high* × all sentences: *score* where two sentences of different
    sources carry figures of the same tally within the tolerance (see
    :data:`TALLY_TOLERANCE`), else nothing."""
    target = tallies.order
    query = np.flatnonzero((tallies.row >= low) & (tallies.row < high))
    first, second = tallies.close(query, target)
    row, column = tallies.row[first], tallies.row[second]
    keep = source_rank[row] != source_rank[column]
    pair = np.unique((row[keep] - low) * n + column[keep])
    return sparse.csr_matrix(
        (np.full(len(pair), score), (pair // n, pair % n)), shape=(high - low, n)
    )


def _tally_matches(
    table: pd.DataFrame,
    unit_code: np.ndarray,
    source_code: np.ndarray,
    n_sources: int,
    figures: pd.DataFrame,
    *,
    tolerance: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The sentences that report a unit's tally, and the (unit, source) cells they fill.

    *table* holds the units' sentences (one row per sentence; *unit_code* and
    *source_code* number their units and sources). A unit's tallies are the measures
    (``counts``, see :data:`TALLY_SUFFIXES`) that more than half of its sentences carry a
    figure of; a sentence reports one when it carries a figure of that measure within
    *tolerance* (a ratio) of one of the unit's figures of it. Figures are matched one
    :data:`SENTENCE_CHUNK` at a time against the sorted tallies, never all pairs at once.
    Returns ``cell`` (``unit * n_sources + source``) and ``row`` (the sentence), one entry
    per (cell, sentence), sorted by cell, then row.
    """
    empty = np.zeros(0, dtype=np.int64)
    tallies = _Tallies(table, figures, tolerance)
    row, measure, size = tallies.row, tallies.measure, tallies.n_measures
    if not len(row):
        return empty, empty
    # a unit's tally: a measure carried by more than half of its sentences
    n_units = int(unit_code.max(initial=-1)) + 1
    carried = np.unique(row * size + measure)
    unit_measure = unit_code[carried // size] * size + carried % size
    carriers = np.bincount(unit_measure, minlength=n_units * size)
    members = np.bincount(unit_code, minlength=n_units)
    is_tally = 2 * carriers > np.repeat(members, size)
    # the units' figures of their tallies, sorted by position
    target = tallies.order[is_tally[unit_code[row] * size + measure][tallies.order]]
    cells, rows = [empty], [empty]
    for low in range(0, len(row), SENTENCE_CHUNK):
        query = np.arange(low, min(low + SENTENCE_CHUNK, len(row)))
        figure, unit_figure = tallies.close(query, target)
        cells.append(unit_code[row[unit_figure]] * n_sources + source_code[row[figure]])
        rows.append(row[figure])
    cell, found = np.concatenate(cells), np.concatenate(rows)
    pair = np.unique(cell * len(table) + found)
    return pair // len(table), pair % len(table)


def coverage_grid(
    units: pd.DataFrame,
    sources: list[str],
    *,
    threshold: float | None = None,
    presence: Literal["similar", "member"] = "similar",
    min_shared_terms: int = MIN_SHARED_TERMS,
    vectors: sparse.csr_matrix | None = None,
    figures: pd.DataFrame | None = None,
    tally_tolerance: float = TALLY_TOLERANCE,
) -> pd.DataFrame:
    """Which source reports which content unit, how, where, and with which sentences.

    A source is present in a unit when it has a sentence in it (``match`` is
    ``"member"``); with ``presence="similar"`` also when one of its sentences, in
    whatever unit that sentence sits, has a cosine similarity of at least *threshold*
    with the unit's centroid (the mean TF-IDF vector of its sentences) and shares at
    least *min_shared_terms* distinct terms with the unit's sentences (``match`` is
    ``"similar"``). Membership keeps one sentence per article in a unit, so the same
    fact worded differently, or packed into a sentence with another fact, lands in
    several partial units; presence is what says who reports it. See
    :data:`DEFAULT_THRESHOLD` for the measurements behind the rule.

    Given the event's *figures*, with ``presence="similar"`` a source is also present in
    a unit about a tally (the dead, the injured: more than half of the unit's sentences
    carry a figure of that measure) when one of its sentences carries a figure of the
    same measure within *tally_tolerance* of the unit's (``match`` is ``"figure"``): the
    same toll worded another way ("34 civilians died" / "killing 35 people") or packed
    into a lead sentence that sits in another unit. See :data:`TALLY_TOLERANCE`.

    Parameters
    ----------
    units : pandas.DataFrame
        The result of :func:`content_units` (every sentence of the event: the
        similarity is computed over these sentences).
    sources : list of str
        Every source of the event (``Event.sources``), in display order; a source with
        no sentence is absent from every unit. Sources found in *units* but not listed
        are added at the end.
    threshold : float, optional
        Cosine similarity with a unit's centroid from which a sentence makes its source
        present. Defaults to the threshold the units were built with (recorded by
        :func:`content_units` in ``units.attrs["threshold"]``), else
        :data:`DEFAULT_THRESHOLD`.
    presence : {"similar", "member"}
        ``"member"`` marks only the sources with a sentence in the unit present.
    min_shared_terms : int
        Fewest distinct terms a similar sentence shares with the unit's sentences; see
        :data:`MIN_SHARED_TERMS`.
    vectors : scipy.sparse.csr_matrix, optional
        :func:`sentence_vectors` of the sentences, rows in the order of *units*, when
        already computed (as for :func:`content_units`); by default fit on *units* in
        their order.
    figures : pandas.DataFrame, optional
        The event's figures, :func:`workbench.numbers.find_figures` (needs
        :data:`FIGURE_NEEDS`), for presence by tally; without them, no ``"figure"``
        match.
    tally_tolerance : float
        Largest ratio between two figures of a tally that count as the same quantity;
        see :data:`TALLY_TOLERANCE`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`GRID_COLUMNS`, tidy: one row per (unit, source), units in
        ``unit_id`` order, sources in the given order. ``present`` says whether the
        source reports the unit, ``match`` how (one of :data:`MATCH_KINDS`),
        ``similarity`` the highest cosine of one of the source's sentences with the
        unit's centroid (0.0 for a source without sentences; below the threshold when
        absent, which shows near misses; a ``"figure"`` match keeps its cosine too).
        ``sentence_ids`` are the source's sentences in the unit when a member, else its
        sentences that pass the similarity rule, else those that carry the unit's tally,
        in article order (a tuple, empty when absent). ``first_sentence_index`` and
        ``relative_position`` locate the earliest of them (smallest relative position)
        in its article: -1 and NaN when absent. ``n_sources`` counts the sources present
        by either rule; ``text`` is the unit's first sentence (in article order) and is
        the same on every row of the unit.
    """
    require_columns(units, UNIT_COLUMNS, "coverage_grid(units)", "pass the result of content_units")
    if threshold is None:
        threshold = float(units.attrs.get("threshold", DEFAULT_THRESHOLD))
    _check_threshold(threshold)
    if presence not in ("similar", "member"):
        raise ValueError(f"presence must be 'similar' or 'member', not {presence!r}")
    if min_shared_terms < 1:
        raise ValueError(f"min_shared_terms must be at least 1, not {min_shared_terms!r}")
    _check_figures(figures, tally_tolerance, "coverage_grid")
    sources = list(dict.fromkeys([*sources, *units["source"]]))
    unit_ids = list(dict.fromkeys(units["unit_id"].tolist()))
    if not unit_ids:
        grid = _empty(GRID_COLUMNS)
        grid["present"] = grid["present"].astype(bool)
        grid["similarity"] = grid["similarity"].astype(float)
        return grid
    table = units.reset_index(drop=True)
    if vectors is not None:
        _check_vectors(vectors, table, "coverage_grid")
    best, close = _unit_closeness(
        table,
        unit_ids,
        sources,
        threshold=threshold,
        min_shared_terms=min_shared_terms,
        vectors=vectors,
    )
    # rank of every sentence in article order (articles by first appearance)
    article_rank = {name: k for k, name in enumerate(dict.fromkeys(table["article_id"]))}
    in_order = np.lexsort(
        (table["sentence_index"].to_numpy(), table["article_id"].map(article_rank).to_numpy())
    )
    rank = np.empty(len(table), dtype=int)
    rank[in_order] = np.arange(len(table))
    if table["text"].notna().all():  # each unit's first sentence
        texts = table["text"].to_numpy(dtype=object)
        first_row = np.unique(pd.factorize(table["unit_id"])[0], return_index=True)[1]
        text = dict(zip(unit_ids, texts[first_row].tolist(), strict=True))
    else:  # ... with a text
        text = table.groupby("unit_id", sort=False)["text"].first().to_dict()
    sentence_index = table["sentence_index"].to_numpy()
    position = table["relative_position"].to_numpy(dtype=float)
    # cells numbered unit × source, row-major; each present cell's sentences (rows)
    n_units, n_sources = len(unit_ids), len(sources)
    unit_code = pd.factorize(table["unit_id"])[0]  # unit_ids are in order of first appearance
    source_code = pd.Index(sources).get_indexer(table["source"])
    member = unit_code * n_sources + source_code  # every sentence is a member of its unit
    is_member = np.zeros(n_units * n_sources, dtype=bool)
    is_member[member] = True
    cell, row, order_key = member, np.arange(len(table)), np.arange(len(table))
    by_figure = np.zeros(n_units * n_sources, dtype=bool)
    if presence == "similar":
        # cells without a member: the close sentences of the source, in article order
        close_row = close.indices.astype(np.int64)
        close_cell = (
            np.repeat(np.arange(n_units), np.diff(close.indptr)) * n_sources
            + source_code[close_row]
        )
        similar = ~is_member[close_cell]
        cell = np.concatenate([cell, close_cell[similar]])
        row = np.concatenate([row, close_row[similar]])
        order_key = np.concatenate([order_key, rank[close_row[similar]]])
        if figures is not None:  # cells neither rule filled: the sentences with the tally
            taken = is_member.copy()
            taken[close_cell[similar]] = True
            tally_cell, tally_row = _tally_matches(
                table, unit_code, source_code, n_sources, figures, tolerance=tally_tolerance
            )
            fresh = ~taken[tally_cell]
            by_figure[tally_cell[fresh]] = True
            cell = np.concatenate([cell, tally_cell[fresh]])
            row = np.concatenate([row, tally_row[fresh]])
            order_key = np.concatenate([order_key, rank[tally_row[fresh]]])
    order = np.lexsort((order_key, cell))
    cell, row = cell[order], row[order]
    begins = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]]) if len(cell) else cell
    chosen = cell[begins]
    match = np.full(n_units * n_sources, "absent", dtype=object)
    match[chosen] = "similar"
    match[by_figure] = "figure"
    match[is_member] = "member"
    present = match != "absent"
    # the first of a cell's sentences with the smallest relative position (NaN first)
    where = np.where(np.isnan(position[row]), -np.inf, position[row])
    earliest = np.lexsort((np.arange(len(row)), where, cell))
    first = row[earliest[begins]]
    sentence_ids = np.empty(n_units * n_sources, dtype=object)
    sentence_ids.fill(())
    ids = table["sentence_id"].to_numpy(dtype=object)[row].tolist()
    ends = np.r_[begins[1:], len(row)]
    one = ends - begins == 1  # most cells hold one sentence
    sentence_ids[chosen[one]] = np.fromiter(
        zip([ids[k] for k in begins[one].tolist()]), dtype=object, count=int(one.sum())
    )
    sentence_ids[chosen[~one]] = np.fromiter(
        (tuple(ids[a:b]) for a, b in zip(begins[~one].tolist(), ends[~one].tolist())),
        dtype=object,
        count=int((~one).sum()),
    )
    first_sentence_index = np.full(n_units * n_sources, -1, dtype=np.int64)
    first_sentence_index[chosen] = sentence_index[first]
    relative_position = np.full(n_units * n_sources, np.nan)
    relative_position[chosen] = position[first]
    n_present = present.reshape(n_units, n_sources).sum(axis=1)
    return pd.DataFrame(
        {
            "unit_id": np.repeat(np.asarray(unit_ids, dtype=np.int64), n_sources),
            "source": list(sources) * n_units,
            "present": present,
            "match": match.tolist(),
            "similarity": best.ravel().astype(float),
            "sentence_ids": sentence_ids,
            "first_sentence_index": first_sentence_index,
            "relative_position": relative_position,
            "n_sources": np.repeat(n_present.astype(np.int64), n_sources),
            "text": np.repeat(np.array([text[unit] for unit in unit_ids], dtype=object), n_sources),
        },
        columns=GRID_COLUMNS,
    )


def coverage_matrix(grid: pd.DataFrame) -> pd.DataFrame:
    """The coverage grid as a wide unit × source table of booleans, for display.

    Parameters
    ----------
    grid : pandas.DataFrame
        The result of :func:`coverage_grid`.

    Returns
    -------
    pandas.DataFrame
        Index ``unit_id``, one boolean column per source (columns named ``"source"``),
        in the grid's order.
    """
    require_columns(grid, GRID_COLUMNS, "coverage_matrix(grid)", "pass the result of coverage_grid")
    sources = list(dict.fromkeys(grid["source"]))
    units = list(dict.fromkeys(grid["unit_id"]))
    wide = grid.pivot(index="unit_id", columns="source", values="present")
    wide = wide.reindex(index=units, columns=sources).astype(bool)
    wide.index.name = "unit_id"
    wide.columns.name = "source"
    return wide


def _unit_values(units: pd.DataFrame, column: str) -> dict[int, tuple]:
    """Each unit's values of *column*, in table order."""
    unit = units["unit_id"].to_numpy()
    order = np.argsort(unit, kind="stable")
    values = units[column].to_numpy(dtype=object)[order].tolist()
    unit = unit[order]
    begins = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1]]) if len(unit) else np.zeros(0, int)
    ends = np.append(begins[1:], len(unit))[: len(begins)].tolist()
    return {
        key: tuple(values[a:b]) for key, a, b in zip(unit[begins].tolist(), begins.tolist(), ends)
    }


def unique_content(grid: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Per source, the content units no other source reports.

    "Reports" is the grid's presence: a unit is unique to a source only when no other
    source has a sentence in it or, in a grid built with ``presence="similar"`` (the
    default), a sentence similar enough to it or one that reports its tally (see
    :func:`coverage_grid`).

    Parameters
    ----------
    grid : pandas.DataFrame
        The result of :func:`coverage_grid`.
    units : pandas.DataFrame
        The result of :func:`content_units` the grid was built from.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`UNIQUE_COLUMNS`: sources in the grid's order, units in
        ``unit_id`` order. ``sentence_ids`` and ``text`` are the source's sentences of
        the unit (texts joined by a space), ``relative_position`` where the first of
        them stands in its article. With a single source, every unit is unique to it.
    """
    require_columns(grid, GRID_COLUMNS, "unique_content(grid)", "pass the result of coverage_grid")
    require_columns(
        units, UNIT_COLUMNS, "unique_content(units)", "pass the result of content_units"
    )
    rows = grid[grid["present"] & (grid["n_sources"] == 1)]
    units = units[units["unit_id"].isin(rows["unit_id"])]
    texts = {unit: " ".join(parts) for unit, parts in _unit_values(units, "text").items()}
    sentence_ids = _unit_values(units, "sentence_id")
    table = pd.DataFrame(
        {
            "source": rows["source"].to_numpy(dtype=object),
            "unit_id": rows["unit_id"].to_numpy(dtype=int),
            "sentence_ids": [sentence_ids[unit] for unit in rows["unit_id"]],
            "text": [texts[unit] for unit in rows["unit_id"]],
            "relative_position": rows["relative_position"].to_numpy(dtype=float),
        },
        columns=UNIQUE_COLUMNS,
    )
    return _by_source(table, grid)


def omitted_content(grid: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Per source, the content units every other source reports but it does not.

    Presence is the grid's: the source has neither a sentence in the unit nor, with
    ``presence="similar"``, a sentence similar enough to it or one that reports its tally
    (see :func:`coverage_grid`).

    Parameters
    ----------
    grid : pandas.DataFrame
        The result of :func:`coverage_grid`.
    units : pandas.DataFrame
        The result of :func:`content_units` the grid was built from.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`OMITTED_COLUMNS`: ``source`` is the source that leaves the unit
        out; ``n_sources`` the number that report it; ``sentence_ids`` the other
        sources' sentences of the unit, member or similar, as in the grid (the
        evidence; sources in the grid's order); ``text`` the unit's first sentence;
        ``relative_position`` the mean position of the unit in the other sources'
        articles. Empty with fewer than two sources. With exactly two, a unit one omits
        is a unit unique to the other.
    """
    require_columns(grid, GRID_COLUMNS, "omitted_content(grid)", "pass the result of coverage_grid")
    require_columns(
        units, UNIT_COLUMNS, "omitted_content(units)", "pass the result of content_units"
    )
    n_all = grid["source"].nunique()
    rows = grid[~grid["present"] & (grid["n_sources"] == n_all - 1) & (n_all >= 2)]
    present = grid[grid["present"] & grid["unit_id"].isin(rows["unit_id"])]
    cells = _unit_values(present, "sentence_ids")
    sentence_ids = {
        unit: tuple(name for ids in held for name in ids) for unit, held in cells.items()
    }
    where = present.groupby("unit_id")["relative_position"].mean()
    omitted = rows["unit_id"].tolist()
    table = pd.DataFrame(
        {
            "source": rows["source"].to_numpy(dtype=object),
            "unit_id": rows["unit_id"].to_numpy(dtype=int),
            "n_sources": rows["n_sources"].to_numpy(dtype=int),
            "sentence_ids": [sentence_ids[unit] for unit in omitted],
            "text": rows["text"].to_numpy(dtype=object),
            "relative_position": where.reindex(omitted).to_numpy(dtype=float),
        },
        columns=OMITTED_COLUMNS,
    )
    return _by_source(table, grid)


def shared_content(grid: pd.DataFrame, *, min_share: float = 1.0) -> pd.DataFrame:
    """The content units reported by every source (or by at least a share of them).

    Parameters
    ----------
    grid : pandas.DataFrame
        The result of :func:`coverage_grid`.
    min_share : float
        Smallest share of the sources that must report a unit; 1.0 means all of them.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SHARED_COLUMNS`, units in ``unit_id`` order: ``n_sources`` and
        ``share_of_sources`` report it, ``sentence_ids`` are their sentences (sources in
        the grid's order), ``text`` is the unit's first sentence and
        ``relative_position`` the mean position of the unit in those sources' articles.
    """
    require_columns(grid, GRID_COLUMNS, "shared_content(grid)", "pass the result of coverage_grid")
    if not 0.0 < min_share <= 1.0:
        raise ValueError(f"min_share must be in (0, 1], not {min_share!r}")
    n_all = grid["source"].nunique()
    present = grid["present"].to_numpy(dtype=bool)
    unit = grid["unit_id"].to_numpy()[present]
    order = np.argsort(unit, kind="stable")  # units in order, cells in grid order
    unit = unit[order]
    cells = grid["sentence_ids"].to_numpy(dtype=object)[present][order].tolist()
    text = grid["text"].to_numpy(dtype=object)[present][order].tolist()
    where = grid["relative_position"].to_numpy(dtype=float)[present][order]
    begins = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1]]) if len(unit) else np.zeros(0, int)
    ends = np.append(begins[1:], len(unit))[: len(begins)]
    records = []
    for key, a, b in zip(unit[begins].tolist(), begins.tolist(), ends.tolist(), strict=True):
        share = (b - a) / n_all
        if share + 1e-12 < min_share:
            continue
        records.append(
            (
                int(key),
                b - a,
                share,
                tuple(name for ids in cells[a:b] for name in ids),
                text[a],
                _mean(where[a:b]),
            )
        )
    table = pd.DataFrame.from_records(records, columns=SHARED_COLUMNS)
    return table.astype({"unit_id": int, "n_sources": int, "share_of_sources": float})


def _mean(values: np.ndarray) -> float:
    """The mean of the values that are not NaN, as :meth:`pandas.Series.mean` takes it."""
    missing = np.isnan(values)
    if missing.all():
        return float("nan")
    if missing.any():
        values = np.where(missing, 0.0, values)
    return float(values.sum() / np.float64(len(values) - missing.sum()))


def _by_source(table: pd.DataFrame, grid: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted by the grid's source order, then unit id."""
    rank = {name: k for k, name in enumerate(dict.fromkeys(grid["source"].tolist()))}
    keys = table["source"].map(rank)
    order = np.lexsort((table["unit_id"].to_numpy(), keys.to_numpy()))
    return table.iloc[order].reset_index(drop=True)
