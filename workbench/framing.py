"""How each source frames the event: framing dimensions and emphasis topics.

Two views of framing, both sentence by sentence so that every share leads back to its
sentences:

- **Frames**: the 15 dimensions of the Media Frames Corpus (Boydstun et al. 2014),
  found with a cue lexicon (``workbench/lexicons/frames.yaml``: for each frame a
  definition and 50–80 cue words, phrases and stems). :class:`FrameScorer` is the
  scikit-learn transformer; :func:`frame_sentences`, :func:`frame_profile` and
  :func:`frame_evidence` are the tables built on it.
- **Emphasis topics**: :func:`emphasis_topics` factorises TF-IDF sentence vectors with
  NMF, so what each source dwells on shows up without any lexicon;
  :func:`topic_evidence` gives the sentences behind a topic.

Scoring
-------
A cue "hit" is one non-overlapping match of any of a frame's cues in the sentence
(rules of :func:`workbench.terms.compile_terms`). A sentence's score for a frame is its
hits divided by its length in words (:func:`workbench.terms.words`), i.e. cue hits per
word, so that long sentences do not dominate. A sentence without any cue counts as one
hit of ``other`` (score ``1 / n_words``), on the same scale as the real frames.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache, partial
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from workbench.errors import WorkbenchError, problem, require_columns
from workbench.terms import compile_terms, lexicon_words, ngrams, read_lexicon, words

__all__ = [
    "FRAMES",
    "FRAME_EVIDENCE_COLUMNS",
    "FRAME_SENTENCE_COLUMNS",
    "TOPIC_COLUMNS",
    "TOPIC_EVIDENCE_COLUMNS",
    "TOPIC_SHARE_COLUMNS",
    "FrameScorer",
    "emphasis_topics",
    "frame_definitions",
    "frame_evidence",
    "frame_lexicon",
    "frame_profile",
    "frame_sentences",
    "topic_evidence",
]

#: The 15 Media Frames Corpus dimensions, in codebook order; ``other`` is last.
FRAMES = (
    "economic",
    "capacity_resources",
    "morality",
    "fairness_equality",
    "legality",
    "policy",
    "crime_punishment",
    "security_defense",
    "health_safety",
    "quality_of_life",
    "cultural_identity",
    "public_opinion",
    "political",
    "external_regulation",
    "other",
)

OTHER = "other"

_IDS = ["sentence_id", "article_id", "source", "sentence_index", "start", "end"]

#: Columns of :func:`frame_sentences`: one row per sentence and frame with a positive
#: ``score``; ``n_cues`` hits, ``cues`` the matched text of each hit (lowercase tuple).
FRAME_SENTENCE_COLUMNS = [*_IDS, "frame", "score", "n_cues", "cues"]

#: Columns of :func:`frame_evidence`: as :data:`FRAME_SENTENCE_COLUMNS` plus the text.
FRAME_EVIDENCE_COLUMNS = [*FRAME_SENTENCE_COLUMNS, "text"]

#: Columns of the first table of :func:`emphasis_topics`: ``top_terms`` is a tuple of up
#: to 10 terms, heaviest first; ``label`` the first three joined by ", ".
TOPIC_COLUMNS = ["topic_id", "top_terms", "label"]

#: Columns of the second table of :func:`emphasis_topics`: each source's share of its
#: sentences' topic weight (sums to 1 per source).
TOPIC_SHARE_COLUMNS = ["source", "topic_id", "share"]

#: Columns of :func:`topic_evidence`.
TOPIC_EVIDENCE_COLUMNS = [*_IDS, "topic_id", "weight", "text"]

_N_TOP_TERMS = 10


def _require(table: pd.DataFrame, columns: list[str] | Sequence[str], where: str) -> None:
    require_columns(table, columns, where, "pass the event's sentences table (Event.sentences)")


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    return read_lexicon("frames")["frames"]


def frame_lexicon() -> dict[str, tuple[str, ...]]:
    """The shipped cue lexicon: frame id -> cues (``other`` has none).

    Returns
    -------
    dict of str to tuple of str
        In the order of :data:`FRAMES`.
    """
    shipped = _shipped()
    return {frame: lexicon_words(shipped[frame], "cues", f"frames: {frame}") for frame in FRAMES}


def frame_definitions() -> dict[str, str]:
    """One-line definition of each frame, as written in the shipped lexicon."""
    shipped = _shipped()
    return {frame: str(shipped[frame]["definition"]) for frame in FRAMES}


def _texts(X: Any) -> list[str]:
    if isinstance(X, pd.DataFrame):
        _require(X, ["text"], "FrameScorer.transform(X)")
        return X["text"].astype(str).tolist()
    if isinstance(X, str):
        raise TypeError("X must be a list of texts or a sentences table, not one string")
    return [str(text) for text in X]


class FrameScorer(TransformerMixin, BaseEstimator):
    """Score sentences on framing dimensions by counting lexicon cues.

    Parameters
    ----------
    lexicon : mapping of str to sequence of str, optional
        Frame id -> cues (words, phrases, stems ending in ``*``; see
        :func:`workbench.terms.compile_terms`). Default: :func:`frame_lexicon`.
        ``other`` is always the last feature: a text without any cue.
    normalize : bool
        Divide hits by the number of words of the text (default); ``False`` gives raw
        hit counts (``other`` is then 1 for a text without cues).

    Attributes
    ----------
    frames_ : tuple of str
        Frame ids, in feature order.
    patterns_ : dict
        Frame id -> compiled pattern (frames without cues have none).

    Examples
    --------
    >>> scorer = FrameScorer(lexicon={"security_defense": ["missile*", "troops"]}).fit()
    >>> scorer.transform(["Two missiles hit the city.", "Rain fell."]).round(2).tolist()
    [[0.2, 0.0], [0.0, 0.5]]
    """

    def __init__(
        self, *, lexicon: Mapping[str, Sequence[str]] | None = None, normalize: bool = True
    ):
        self.lexicon = lexicon
        self.normalize = normalize

    def fit(self, X: Any = None, y: Any = None) -> FrameScorer:
        """Compile the lexicon (nothing is learnt from *X*).

        Parameters
        ----------
        X, y : ignored
            Accepted for the scikit-learn contract.

        Returns
        -------
        FrameScorer
            ``self``.
        """
        lexicon = dict(self.lexicon) if self.lexicon is not None else frame_lexicon()
        lexicon.pop(OTHER, None)
        self.frames_ = (*lexicon, OTHER)
        self.patterns_ = {
            frame: compile_terms(cues)[0] for frame, cues in lexicon.items() if list(cues)
        }
        return self

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """``frame_<id>`` for every frame, ``other`` last."""
        check_is_fitted(self, "frames_")
        return np.asarray([f"frame_{frame}" for frame in self.frames_], dtype=object)

    def match(self, X: Any) -> tuple[np.ndarray, list[list[tuple[str, ...]]], np.ndarray]:
        """Cue hits per text and frame, with the matched cue text.

        Parameters
        ----------
        X : sentences table (with ``text``) or sequence of str

        Returns
        -------
        hits : ndarray of int, shape (n_texts, n_frames)
            Hits per frame; ``other`` is 1 where no cue is found.
        cues : list of list of tuple of str
            ``cues[i][k]``: the matched text (lowercase) of each hit of frame *k* in
            text *i*.
        n_words : ndarray of int
            Words per text.
        """
        check_is_fitted(self, "frames_")
        texts = _texts(X)
        hits = np.zeros((len(texts), len(self.frames_)), dtype=np.int64)
        cues: list[list[tuple[str, ...]]] = []
        for i, text in enumerate(texts):
            row: list[tuple[str, ...]] = []
            for k, frame in enumerate(self.frames_):
                pattern = self.patterns_.get(frame)
                found = tuple(m.group(0).lower() for m in pattern.finditer(text)) if pattern else ()
                hits[i, k] = len(found)
                row.append(found)
            if not hits[i].any():
                hits[i, -1] = 1
            cues.append(row)
        n_words = np.fromiter(
            (len(words(text)) for text in texts), dtype=np.int64, count=len(texts)
        )
        return hits, cues, n_words

    def transform(self, X: Any) -> np.ndarray:
        """Frame scores of each text.

        Parameters
        ----------
        X : sentences table (with ``text``) or sequence of str

        Returns
        -------
        ndarray of float, shape (n_texts, n_frames)
            Hits per word (or raw hits if ``normalize=False``); columns as
            :meth:`get_feature_names_out`.
        """
        hits, _, n_words = self.match(X)
        return self._scores(hits, n_words)

    def _scores(self, hits: np.ndarray, n_words: np.ndarray) -> np.ndarray:
        if not self.normalize:
            return hits.astype(np.float64)
        return hits / np.maximum(n_words, 1)[:, None]


def _scorer(scorer: FrameScorer | None) -> FrameScorer:
    if scorer is None:
        return FrameScorer().fit()
    if not hasattr(scorer, "frames_"):
        scorer.fit()
    return scorer


def frame_sentences(sentences: pd.DataFrame, *, scorer: FrameScorer | None = None) -> pd.DataFrame:
    """Each sentence's frames, in long form.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The event's sentences (:data:`workbench.event.SENTENCE_COLUMNS`).
    scorer : FrameScorer, optional
        Default: the shipped lexicon.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FRAME_SENTENCE_COLUMNS`: one row per sentence and frame with a
        positive score (every sentence has at least one row: ``other`` when no cue
        matched), in sentence order and frame order.
    """
    _require(sentences, [*_IDS, "text"], "frame_sentences(sentences)")
    return _long(sentences, _scorer(scorer))[0]


def _long(sentences: pd.DataFrame, scorer: FrameScorer) -> tuple[pd.DataFrame, np.ndarray]:
    """The long table of :func:`frame_sentences`, and the sentence position of each row."""
    hits, cues, n_words = scorer.match(sentences)
    scores = scorer._scores(hits, n_words)
    rows, cols = np.nonzero(hits)
    table = sentences.iloc[rows][_IDS].reset_index(drop=True)
    frames = np.asarray(scorer.frames_, dtype=object)
    table["frame"] = pd.Series(frames[cols], dtype=object)
    table["score"] = scores[rows, cols]
    pairs = list(zip(rows, cols, strict=True))
    table["n_cues"] = np.array([len(cues[i][k]) for i, k in pairs], dtype=np.int64)
    table["cues"] = pd.Series([cues[i][k] for i, k in pairs], dtype=object)
    return table[FRAME_SENTENCE_COLUMNS], rows


def frame_profile(sentences: pd.DataFrame, *, scorer: FrameScorer | None = None) -> pd.DataFrame:
    """Each source's share of each frame.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The event's sentences.
    scorer : FrameScorer, optional
        Default: the shipped lexicon.

    Returns
    -------
    pandas.DataFrame
        Index ``source`` (order of first appearance), one column per frame (columns
        index named ``frame``): the source's sentence scores summed per frame and
        divided by their total, so each row sums to 1.
    """
    _require(sentences, ["source", "text"], "frame_profile(sentences)")
    scorer = _scorer(scorer)
    scores = pd.DataFrame(
        scorer.transform(sentences),
        columns=pd.Index(scorer.frames_, name="frame", dtype=object),
    )
    scores["source"] = sentences["source"].to_numpy(dtype=object)
    sums = scores.groupby("source", sort=False).sum()
    sums.index = pd.Index(sums.index, name="source", dtype=object)
    totals = sums.sum(axis=1).to_numpy()
    return sums.div(np.where(totals > 0, totals, 1.0), axis=0)


def _check_choice(value: Any, choices: Sequence[Any], field: str, where: str) -> None:
    if value not in choices:
        raise WorkbenchError(
            problem(
                where,
                f"unknown {field} {value!r}",
                field=field,
                fix=f"pick one of {', '.join(map(repr, choices))}",
            ),
            field=field,
        )


def frame_evidence(
    sentences: pd.DataFrame,
    source: str,
    frame: str,
    *,
    n: int = 5,
    scorer: FrameScorer | None = None,
) -> pd.DataFrame:
    """The sentences of one source that carry one frame most strongly.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The event's sentences.
    source : str
        The outlet.
    frame : str
        A frame id (see :data:`FRAMES`).
    n : int
        At most this many sentences.
    scorer : FrameScorer, optional
        Default: the shipped lexicon.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FRAME_EVIDENCE_COLUMNS`, highest score first (ties: more cues,
        then sentence order).
    """
    _require(sentences, [*_IDS, "text"], "frame_evidence(sentences)")
    scorer = _scorer(scorer)
    _check_choice(frame, scorer.frames_, "frame", "frame_evidence")
    _check_choice(source, list(dict.fromkeys(sentences["source"])), "source", "frame_evidence")
    own = sentences[(sentences["source"] == source).to_numpy()]
    table, rows = _long(own, scorer)
    table["text"] = own["text"].to_numpy(dtype=object)[rows]
    table = table[table["frame"] == frame]
    table = table.sort_values(["score", "n_cues"], ascending=[False, False], kind="stable")
    return table.head(n).reset_index(drop=True)[FRAME_EVIDENCE_COLUMNS]


def _fit_topics(
    sentences: pd.DataFrame, n_topics: int, random_state: int, min_df: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Sentence-topic weights W, topic-term weights H and the terms; None if no terms."""
    if n_topics < 1:
        raise ValueError(f"n_topics must be 1 or more, not {n_topics}")
    texts = sentences["text"].astype(str).tolist()
    vectorizer = TfidfVectorizer(
        analyzer=partial(ngrams, ngram_range=(1, 1)), sublinear_tf=True, min_df=min_df
    )
    try:
        X = vectorizer.fit_transform(texts)
    except ValueError:  # no term left (empty input, or min_df too high for it)
        return None
    k = min(n_topics, X.shape[0], X.shape[1])
    model = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=1000)
    W = model.fit_transform(X)
    return W, model.components_, vectorizer.get_feature_names_out()


def emphasis_topics(
    sentences: pd.DataFrame, *, n_topics: int = 6, random_state: int = 0, min_df: int = 2
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What each source dwells on: NMF topics over TF-IDF sentence vectors.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The event's sentences (needs ``source`` and ``text``).
    n_topics : int
        Number of topics; fewer if there are fewer sentences or terms than that.
    random_state : int
        Passed to :class:`sklearn.decomposition.NMF`. The initialisation ("nndsvda")
        is deterministic, so the result is too.
    min_df : int
        Only terms found in at least this many sentences (1 for tiny inputs).

    Returns
    -------
    topics : pandas.DataFrame
        Columns :data:`TOPIC_COLUMNS`, one row per topic.
    shares : pandas.DataFrame
        Columns :data:`TOPIC_SHARE_COLUMNS`: every source × topic; a sentence's topic
        weights are normalised to sum 1 (sentences without any term are left out),
        summed per source, and normalised again per source.

    Notes
    -----
    Terms are single words as in :func:`workbench.terms.ngrams` (stop words removed),
    weighted by sublinear TF-IDF. Both tables are empty when no term is left.
    """
    _require(sentences, ["source", "text"], "emphasis_topics(sentences)")
    empty = (
        pd.DataFrame({name: pd.Series(dtype=object) for name in TOPIC_COLUMNS}),
        pd.DataFrame({name: pd.Series(dtype=object) for name in TOPIC_SHARE_COLUMNS}),
    )
    fitted = _fit_topics(sentences, n_topics, random_state, min_df)
    if fitted is None:
        return empty
    W, H, terms = fitted
    topics = []
    for topic_id, weights in enumerate(H):
        order = np.argsort(-weights, kind="stable")[:_N_TOP_TERMS]
        top = tuple(str(terms[j]) for j in order if weights[j] > 0)
        topics.append((topic_id, top, ", ".join(top[:3])))
    totals = W.sum(axis=1)
    keep = totals > 0
    weights = pd.DataFrame(W[keep] / totals[keep, None])
    weights["source"] = sentences["source"].to_numpy(dtype=object)[keep]
    per_source = weights.groupby("source", sort=False).sum()
    per_source = per_source.div(per_source.sum(axis=1), axis=0)
    shares = per_source.reset_index().melt(
        id_vars="source", var_name="topic_id", value_name="share"
    )
    shares["topic_id"] = shares["topic_id"].astype(np.int64)
    order = {source: i for i, source in enumerate(per_source.index)}
    shares = shares.sort_values(
        ["source", "topic_id"], key=lambda col: col.map(order) if col.name == "source" else col
    )
    return (
        pd.DataFrame(topics, columns=TOPIC_COLUMNS),
        shares.reset_index(drop=True)[TOPIC_SHARE_COLUMNS],
    )


def topic_evidence(
    sentences: pd.DataFrame,
    source: str,
    topic_id: int,
    *,
    n: int = 5,
    n_topics: int = 6,
    random_state: int = 0,
    min_df: int = 2,
) -> pd.DataFrame:
    """The sentences of one source that weigh most on one emphasis topic.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The event's sentences.
    source : str
        The outlet.
    topic_id : int
        A topic of :func:`emphasis_topics` called with the same options.
    n : int
        At most this many sentences.
    n_topics, random_state, min_df
        As in :func:`emphasis_topics` (the fit is deterministic, so the topics match).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TOPIC_EVIDENCE_COLUMNS`, heaviest first; ``weight`` is the
        sentence's normalised weight on the topic.
    """
    _require(sentences, [*_IDS, "text"], "topic_evidence(sentences)")
    _check_choice(source, list(dict.fromkeys(sentences["source"])), "source", "topic_evidence")
    fitted = _fit_topics(sentences, n_topics, random_state, min_df)
    n_fitted = 0 if fitted is None else fitted[0].shape[1]
    _check_choice(topic_id, list(range(n_fitted)), "topic_id", "topic_evidence")
    W = fitted[0]
    totals = W.sum(axis=1)
    weight = np.divide(W[:, topic_id], totals, out=np.zeros(len(W)), where=totals > 0)
    table = sentences[[*_IDS, "text"]].reset_index(drop=True)
    table["topic_id"] = np.int64(topic_id)
    table["weight"] = weight
    table = table[(table["source"] == source).to_numpy() & (weight > 0)]
    table = table.sort_values("weight", ascending=False, kind="stable")
    return table.head(n).reset_index(drop=True)[TOPIC_EVIDENCE_COLUMNS]
