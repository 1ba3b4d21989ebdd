"""Polarity of a sentence toward one target mention: negative, neutral or positive.

A mention is a row of a table with the sentence ``text`` and the ``start``/``end``
character offsets of the target in it (``text[start:end]`` is the mention). The
labels are ``-1`` (negative), ``0`` (neutral) and ``1`` (positive), as in NewsMTSC, the
data set the shipped model is trained on (see ``scripts/train_polarity.py``).

- :class:`TargetContextFeatures` turns mentions into one sparse row each: TF-IDF blocks of
  the left context, the target, the right context, the target's clause, the sentence
  with the target masked and a window around it; context tokens tagged with their side
  and distance bucket (1, ≤3, ≤6, ≤12, >12 tokens away); character n-grams of the nearest
  words; and a few standardised numbers (VADER scores of windows, distance-weighted
  lexicon sums, a negation cue near the target, quoting, position).
- :class:`TargetPolarityClassifier` is a multinomial logistic regression on those rows.
- :func:`save_model` / :func:`load_polarity_model` ship a fitted model as plain JSON plus
  a ``.npz`` of arrays, read back with ``allow_pickle=False``; the reloaded model predicts
  exactly what the saved one did.
- :func:`polarity_of_mentions` scores a table of mentions and keeps its id columns.

The ``text`` should be the sentence (or a short passage) around the mention: tokens
further than 12 from the target only count as "far", but the sentence-wide blocks read
all of it.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from workbench.errors import ColumnError, ModelError, problem
from workbench.modelfiles import read_model_files, write_npz

__all__ = [
    "MENTION_COLUMNS",
    "POLARITY_COLUMNS",
    "POLARITY_LABELS",
    "BLOCKS",
    "NUMERIC_FEATURES",
    "TargetContextFeatures",
    "TargetPolarityClassifier",
    "save_model",
    "load_polarity_model",
    "polarity_of_mentions",
]

#: Columns a table of mentions must have: the text and the target's character span in it.
MENTION_COLUMNS = ["text", "start", "end"]

#: Columns :func:`polarity_of_mentions` adds.
POLARITY_COLUMNS = ["polarity", "p_negative", "p_neutral", "p_positive", "score"]

#: The labels, in the order of the probability columns: negative, neutral, positive.
POLARITY_LABELS = (-1, 0, 1)

#: The TF-IDF blocks of :class:`TargetContextFeatures`, in column order.
BLOCKS = ("left", "target", "right", "position", "clause", "sentence", "window", "chars")

#: The numeric features, after the TF-IDF blocks (VADER scores are computed on the
#: lower-cased tokens; ``lexicon_*`` sum VADER valences / 4 weighted by 1/sqrt(1+distance)).
NUMERIC_FEATURES = tuple(
    [
        f"vader_{segment}_{score}"
        for segment in ("window", "left", "right", "sentence", "clause")
        for score in ("compound", "pos", "neg")
    ]
    + [
        "lexicon_left_pos",
        "lexicon_left_neg",
        "lexicon_right_pos",
        "lexicon_right_neg",
        "negation_near",
        "inside_quotes",
        "sentence_initial",
        "left_length",
        "right_length",
    ]
)

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_NEGATIONS = frozenset(
    "not no never n't nor neither without nobody nothing none hardly cannot can't won't "
    "don't doesn't didn't isn't wasn't aren't weren't hasn't haven't hadn't couldn't "
    "wouldn't shouldn't ain't".split()
)
#: Tokens that end the target's clause (punctuation, conjunctions, relative pronouns).
_CLAUSE_BREAKS = frozenset(
    ', ; : ( ) — – - " “ ” but while although though whereas because and who which that'.split()
)
_QUOTES = frozenset({'"', "“", "”"})
_MASK = "<target>"
_FORMAT = "workbench.polarity"
_VERSION = 1
_DEFAULT_MODEL = "polarity.json"


# --- mentions -------------------------------------------------------------------------


class _Mention(NamedTuple):
    """A mention as lower-cased tokens left of, inside and right of the target."""

    left: list[str]
    target: list[str]
    right: list[str]


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _mentions(X: pd.DataFrame, where: str = "X") -> list[_Mention]:
    """Check the mention table and split every row into left / target / right tokens."""
    if not isinstance(X, pd.DataFrame):
        raise ColumnError(
            problem(
                where,
                f"expected a pandas DataFrame, got {type(X).__name__}",
                fix="pass a table with columns text, start, end",
            )
        )
    missing = [column for column in MENTION_COLUMNS if column not in X.columns]
    if missing:
        raise ColumnError(
            problem(
                where,
                "column is missing",
                field=missing[0],
                fix="pass the sentence as 'text' and the target's offsets as 'start', 'end'",
            ),
            source=where,
            field=missing[0],
        )
    mentions = []
    for row, (text, start, end) in enumerate(
        zip(X["text"].tolist(), X["start"].tolist(), X["end"].tolist())
    ):
        if not isinstance(text, str):
            raise ColumnError(
                problem(where, f"row {row} is not a string", field="text", fix="drop the row"),
                source=where,
                field="text",
            )
        if not (_is_integer(start) and _is_integer(end) and 0 <= start <= end <= len(text)):
            raise ColumnError(
                problem(
                    where,
                    f"row {row} has span ({start}, {end}) outside its text of {len(text)} "
                    "characters",
                    field="start",
                    fix="give 0 <= start <= end <= len(text), offsets into that row's text",
                ),
                source=where,
                field="start",
            )
        start, end = int(start), int(end)
        mentions.append(
            _Mention(_tokens(text[:start]), _tokens(text[start:end]), _tokens(text[end:]))
        )
    return mentions


def _is_integer(value: object) -> bool:
    """An int, or a float with no fraction (offsets turn float after a merge with gaps)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, np.integer)):
        return True
    return isinstance(value, (float, np.floating)) and math.isfinite(value) and value == int(value)


def _bucket(distance: int) -> str:
    """Distance bucket of a context token: 1, ≤3, ≤6, ≤12 or beyond."""
    if distance == 1:
        return "1"
    if distance <= 3:
        return "3"
    if distance <= 6:
        return "6"
    if distance <= 12:
        return "12"
    return "far"


def _with_bigrams(tokens: list[str]) -> list[str]:
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def _sides(mention: _Mention) -> list[tuple[str, int, str]]:
    """(side, distance, token) of every context token; distance 1 is next to the target."""
    n_left = len(mention.left)
    return [("l", n_left - i, token) for i, token in enumerate(mention.left)] + [
        ("r", i + 1, token) for i, token in enumerate(mention.right)
    ]


def _clause(mention: _Mention) -> tuple[list[str], list[str]]:
    """Tokens of the target's clause: up to the nearest break on either side."""
    i = len(mention.left)
    while i > 0 and mention.left[i - 1] not in _CLAUSE_BREAKS:
        i -= 1
    j = 0
    while j < len(mention.right) and mention.right[j] not in _CLAUSE_BREAKS:
        j += 1
    return mention.left[i:], mention.right[:j]


# --- the terms of each block ------------------------------------------------------------


def _left_terms(mention: _Mention, options: dict[str, int]) -> list[str]:
    return _with_bigrams(mention.left)


def _target_terms(mention: _Mention, options: dict[str, int]) -> list[str]:
    return mention.target


def _right_terms(mention: _Mention, options: dict[str, int]) -> list[str]:
    return _with_bigrams(mention.right)


def _position_terms(mention: _Mention, options: dict[str, int]) -> list[str]:
    return [f"{side}{_bucket(distance)}_{token}" for side, distance, token in _sides(mention)]


def _clause_terms(mention: _Mention, options: dict[str, int]) -> list[str]:
    left, right = _clause(mention)
    return [f"l_{token}" for token in left] + [f"r_{token}" for token in right]


def _sentence_terms(mention: _Mention, options: dict[str, int]) -> list[str]:
    return _with_bigrams([*mention.left, _MASK, *mention.right])


def _window_terms(mention: _Mention, options: dict[str, int]) -> list[str]:
    k = options["context_window"]
    left = mention.left[-k:] if k else []
    return _with_bigrams([*left, _MASK, *mention.right[:k]])


def _char_terms(mention: _Mention, options: dict[str, int]) -> list[str]:
    k = options["char_window"]
    terms = []
    left = mention.left[-k:] if k else []
    for side, words in (("l", left), ("r", mention.right[:k])):
        for word in words:
            padded = f" {word} "
            for n in range(2, 6):
                terms.extend(side + padded[i : i + n] for i in range(len(padded) - n + 1))
    return terms


_BLOCK_TERMS: dict[str, Callable[[_Mention, dict[str, int]], list[str]]] = {
    "left": _left_terms,
    "target": _target_terms,
    "right": _right_terms,
    "position": _position_terms,
    "clause": _clause_terms,
    "sentence": _sentence_terms,
    "window": _window_terms,
    "chars": _char_terms,
}


@functools.lru_cache(maxsize=1)
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _numeric_row(mention: _Mention, window: int) -> list[float]:
    """The values of :data:`NUMERIC_FEATURES` for one mention (unscaled)."""
    analyzer = _vader()
    left, right = mention.left, mention.right
    near_left = left[-window:] if window else []
    clause_left, clause_right = _clause(mention)
    row: list[float] = []
    for segment in (
        near_left + right[:window],
        near_left,
        right[:window],
        left + right,
        clause_left + clause_right,
    ):
        scores = analyzer.polarity_scores(" ".join(segment))
        row += [scores["compound"], scores["pos"], scores["neg"]]
    lexicon = analyzer.lexicon
    sums = {("l", 1): 0.0, ("l", -1): 0.0, ("r", 1): 0.0, ("r", -1): 0.0}
    for side, distance, token in _sides(mention):
        valence = lexicon.get(token, 0.0)
        if valence:
            sums[side, 1 if valence > 0 else -1] += abs(valence) / 4 / math.sqrt(1 + distance)
    row += [sums["l", 1], sums["l", -1], sums["r", 1], sums["r", -1]]
    negated = any(token in _NEGATIONS for token in left[-4:] + right[:6])
    inside_quotes = sum(token in _QUOTES for token in left) % 2 == 1
    row += [
        float(negated),
        float(inside_quotes),
        float(not left),
        min(len(left), 30) / 30,
        min(len(right), 30) / 30,
    ]
    return row


# --- features ---------------------------------------------------------------------------


class TargetContextFeatures(TransformerMixin, BaseEstimator):
    """Sparse features of a target mention in its sentence.

    Parameters
    ----------
    min_df : int, default=2
        A term enters a block's vocabulary if at least this many training mentions
        have it (per block).
    window : int, default=8
        Tokens either side of the target that the ``vader_window_*``, ``vader_left_*``
        and ``vader_right_*`` features read.
    context_window : int, default=6
        Tokens either side of the target in the ``window`` block.
    char_window : int, default=4
        Words either side of the target whose character 2- to 5-grams form the
        ``chars`` block.
    numeric_weight : float, default=0.3
        Factor applied to the standardised numeric features (the TF-IDF blocks have
        unit length, so this sets how loud the numbers are next to them).

    Attributes
    ----------
    vocabularies_ : dict of str to list of str
        The terms of each block in :data:`BLOCKS`, in column order.
    idf_ : dict of str to ndarray
        Inverse document frequency of each block's terms (smoothed, as scikit-learn's
        ``TfidfVectorizer``).
    numeric_mean_, numeric_scale_ : ndarray
        Standardisation of :data:`NUMERIC_FEATURES`.
    n_features_out_ : int
        Number of output columns.

    Notes
    -----
    Every TF-IDF block uses sublinear term frequency (``1 + log tf``) times idf, scaled
    to unit length per row; the output is the blocks side by side followed by the
    numeric features, as a CSR matrix.
    """

    def __init__(
        self,
        *,
        min_df: int = 2,
        window: int = 8,
        context_window: int = 6,
        char_window: int = 4,
        numeric_weight: float = 0.3,
    ):
        self.min_df = min_df
        self.window = window
        self.context_window = context_window
        self.char_window = char_window
        self.numeric_weight = numeric_weight

    def _options(self) -> dict[str, int]:
        return {"context_window": self.context_window, "char_window": self.char_window}

    def fit(self, X: pd.DataFrame, y: object = None) -> TargetContextFeatures:
        """Learn each block's vocabulary and idf, and the numeric standardisation.

        Parameters
        ----------
        X : DataFrame
            Columns ``text``, ``start``, ``end`` (other columns are ignored).
        y : ignored

        Returns
        -------
        self
        """
        mentions = _mentions(X)
        if not mentions:
            raise ColumnError(problem("X", "the table has no rows", fix="pass mentions to fit"))
        options = self._options()
        n = len(mentions)
        self.vocabularies_: dict[str, list[str]] = {}
        self.idf_: dict[str, np.ndarray] = {}
        for block in BLOCKS:
            document_frequency: dict[str, int] = {}
            for mention in mentions:
                for term in set(_BLOCK_TERMS[block](mention, options)):
                    document_frequency[term] = document_frequency.get(term, 0) + 1
            terms = sorted(t for t, df in document_frequency.items() if df >= self.min_df)
            frequencies = np.asarray([document_frequency[t] for t in terms], dtype=np.float64)
            self.vocabularies_[block] = terms
            self.idf_[block] = np.log((1.0 + n) / (1.0 + frequencies)) + 1.0
        numbers = self._numbers(mentions)
        self.numeric_mean_ = numbers.mean(axis=0)
        scale = numbers.std(axis=0)
        self.numeric_scale_ = np.where(scale > 0, scale, 1.0)
        self._index_vocabularies()
        self.n_features_out_ = sum(len(v) for v in self.vocabularies_.values()) + len(
            NUMERIC_FEATURES
        )
        return self

    def _index_vocabularies(self) -> None:
        self._columns = {
            block: {term: i for i, term in enumerate(terms)}
            for block, terms in self.vocabularies_.items()
        }

    def _numbers(self, mentions: Sequence[_Mention]) -> np.ndarray:
        rows = [_numeric_row(mention, self.window) for mention in mentions]
        return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(NUMERIC_FEATURES))

    def transform(self, X: pd.DataFrame) -> sp.csr_matrix:
        """One sparse row per mention.

        Parameters
        ----------
        X : DataFrame
            Columns ``text``, ``start``, ``end``.

        Returns
        -------
        scipy.sparse.csr_matrix of shape (n_rows, n_features_out_)
        """
        check_is_fitted(self, "vocabularies_")
        if not hasattr(self, "_columns"):
            self._index_vocabularies()
        mentions = _mentions(X)
        options = self._options()
        parts = []
        for block in BLOCKS:
            parts.append(self._tfidf(block, mentions, options))
        numbers = (self._numbers(mentions) - self.numeric_mean_) / self.numeric_scale_
        parts.append(sp.csr_matrix(numbers * self.numeric_weight))
        return sp.hstack(parts, format="csr", dtype=np.float64)

    def _tfidf(
        self, block: str, mentions: Sequence[_Mention], options: dict[str, int]
    ) -> sp.csr_matrix:
        columns = self._columns[block]
        indptr, indices, data = [0], [], []
        for mention in mentions:
            counts: dict[int, int] = {}
            for term in _BLOCK_TERMS[block](mention, options):
                column = columns.get(term)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            for column in sorted(counts):
                indices.append(column)
                data.append(counts[column])
            indptr.append(len(indices))
        matrix = sp.csr_matrix(
            (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
            shape=(len(mentions), len(columns)),
        )
        matrix.data = (1.0 + np.log(matrix.data)) * self.idf_[block][matrix.indices]
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        matrix.data /= np.repeat(norms, np.diff(matrix.indptr))
        return matrix

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """``<block>__<term>`` for every TF-IDF column, then ``numeric__<name>``."""
        check_is_fitted(self, "vocabularies_")
        names = [f"{block}__{term}" for block in BLOCKS for term in self.vocabularies_[block]]
        names += [f"numeric__{name}" for name in NUMERIC_FEATURES]
        return np.asarray(names, dtype=object)


# --- classifier -------------------------------------------------------------------------


class TargetPolarityClassifier(ClassifierMixin, BaseEstimator):
    """Polarity toward a target mention: multinomial logistic regression on its context.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation strength of the logistic regression.
    class_weight : dict, "balanced" or None, default=None
        As in :class:`~sklearn.linear_model.LogisticRegression`.
    min_df, window, context_window, char_window, numeric_weight
        Passed to :class:`TargetContextFeatures`.
    max_iter : int, default=1000
        Iterations of the ``newton-cg`` solver.
    tol : float, default=1e-4
        Stopping tolerance of the solver.

    Attributes
    ----------
    features_ : TargetContextFeatures
        The fitted feature transformer.
    classes_ : ndarray
        The labels seen in fit, sorted (``[-1, 0, 1]`` for the shipped model).
    coef_ : ndarray of shape (n_classes, n_features) or (1, n_features)
        Weights (one row when only two classes were seen).
    intercept_ : ndarray
        Intercepts.
    metadata_ : dict
        What :func:`save_model` stored with the model (empty after ``fit``).

    Notes
    -----
    Probabilities are computed here from ``coef_`` and ``intercept_`` (softmax, or the
    logistic function for two classes), so a model rebuilt from saved arrays predicts
    exactly what the fitted one did.
    """

    def __init__(
        self,
        *,
        C: float = 1.0,
        class_weight: dict | str | None = None,
        min_df: int = 2,
        window: int = 8,
        context_window: int = 6,
        char_window: int = 4,
        numeric_weight: float = 0.3,
        max_iter: int = 1000,
        tol: float = 1e-4,
    ):
        self.C = C
        self.class_weight = class_weight
        self.min_df = min_df
        self.window = window
        self.context_window = context_window
        self.char_window = char_window
        self.numeric_weight = numeric_weight
        self.max_iter = max_iter
        self.tol = tol

    def _feature_params(self) -> dict[str, Any]:
        return {
            "min_df": self.min_df,
            "window": self.window,
            "context_window": self.context_window,
            "char_window": self.char_window,
            "numeric_weight": self.numeric_weight,
        }

    def fit(
        self, X: pd.DataFrame, y: Sequence[int] | np.ndarray | pd.Series
    ) -> TargetPolarityClassifier:
        """Fit features and the logistic regression.

        Parameters
        ----------
        X : DataFrame
            Columns ``text``, ``start``, ``end``.
        y : array-like of int
            ``-1`` negative, ``0`` neutral, ``1`` positive; at least two of them.

        Returns
        -------
        self
        """
        labels = np.asarray(y)
        if labels.ndim != 1 or len(labels) != len(X):
            raise ColumnError(
                problem("y", f"{labels.shape} labels for {len(X)} rows", fix="one label a row")
            )
        if not set(labels.tolist()) <= set(POLARITY_LABELS):
            raise ColumnError(
                problem(
                    "y",
                    f"labels {sorted(set(labels.tolist()) - set(POLARITY_LABELS))} are not "
                    "polarities",
                    fix="use -1 (negative), 0 (neutral) and 1 (positive)",
                )
            )
        if len(set(labels.tolist())) < 2:
            raise ColumnError(
                problem("y", "only one label", fix="give examples of at least two polarities")
            )
        labels = labels.astype(np.int64)
        self.features_ = TargetContextFeatures(**self._feature_params()).fit(X)
        matrix = self.features_.transform(X)
        regression = LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            solver="newton-cg",
            max_iter=self.max_iter,
            tol=self.tol,
        ).fit(matrix, labels)
        self.classes_ = regression.classes_.astype(np.int64)
        self.coef_ = np.asarray(regression.coef_, dtype=np.float64)
        self.intercept_ = np.asarray(regression.intercept_, dtype=np.float64)
        self.n_iter_ = np.asarray(regression.n_iter_)
        self.metadata_: dict[str, Any] = {}
        return self

    def decision_function(self, X: pd.DataFrame) -> np.ndarray:
        """Linear scores, one column per class (one column for two classes)."""
        check_is_fitted(self, "coef_")
        scores = self.features_.transform(X) @ self.coef_.T + self.intercept_
        return np.asarray(scores)

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Probability of each class in :attr:`classes_`, one row per mention."""
        scores = self.decision_function(X)
        if scores.shape[1] == 1:
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.column_stack([1.0 - positive, positive])
        scores = scores - scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """The most probable label of each mention."""
        best = self.predict_proba(X).argmax(axis=1)
        return self.classes_[best]

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Names of the columns that :attr:`coef_` weighs (those of :attr:`features_`)."""
        check_is_fitted(self, "features_")
        return self.features_.get_feature_names_out()


# --- shipping ---------------------------------------------------------------------------


def save_model(
    model: TargetPolarityClassifier,
    directory: str | Path,
    *,
    name: str = "polarity",
    metadata: dict[str, Any] | None = None,
) -> tuple[Path, Path]:
    """Write a fitted model as ``<directory>/<name>.json`` + ``<name>.npz`` (no pickle).

    The JSON holds the format, parameters, classes, vocabularies and *metadata*; the
    ``.npz`` holds idf arrays, the numeric standardisation and the weights (float64,
    so nothing is rounded). Equal models and metadata give byte-identical files (sorted
    keys, fixed zip timestamps).

    Parameters
    ----------
    model : TargetPolarityClassifier
        A fitted model.
    directory : str or pathlib.Path
        Folder to write into (created if needed).
    name : str, default="polarity"
        File stem.
    metadata : dict, optional
        JSON-serialisable facts about the training run (data, seed, scores, date).

    Returns
    -------
    (json_path, npz_path) : tuple of pathlib.Path
    """
    if not hasattr(model, "coef_"):
        raise ModelError(problem(directory, "the model is not fitted", fix="fit it before saving"))
    directory = Path(directory)
    json_path, npz_path = directory / f"{name}.json", directory / f"{name}.npz"
    features = model.features_
    arrays: dict[str, np.ndarray] = {
        "coef": model.coef_,
        "intercept": model.intercept_,
        "numeric_mean": features.numeric_mean_,
        "numeric_scale": features.numeric_scale_,
        **{f"idf_{block}": features.idf_[block] for block in BLOCKS},
    }
    document = {
        "format": _FORMAT,
        "version": _VERSION,
        "sklearn_version": sklearn.__version__,
        "params": model.get_params(),
        "classes": [int(label) for label in model.classes_],
        "blocks": list(BLOCKS),
        "numeric_features": list(NUMERIC_FEATURES),
        "vocabularies": {block: features.vocabularies_[block] for block in BLOCKS},
        "arrays": sorted(arrays),
        "metadata": metadata or {},
    }
    directory.mkdir(parents=True, exist_ok=True)
    json_path.write_text(
        json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    write_npz(npz_path, {key: np.asarray(value, dtype=np.float64) for key, value in arrays.items()})
    return json_path, npz_path


def load_polarity_model(path: str | Path | None = None) -> TargetPolarityClassifier:
    """Load a model written by :func:`save_model`; never unpickles anything.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The ``.json`` file (its ``.npz`` sits beside it) or the folder holding
        ``polarity.json``. Default: the shipped model, ``workbench/models/polarity.json``.

    Returns
    -------
    TargetPolarityClassifier
        Fitted; ``metadata_`` holds what was saved with it (data, seed, dev scores).
    """
    if path is None:
        shipped = resources.files("workbench") / "models" / _DEFAULT_MODEL
        with resources.as_file(shipped) as json_path:
            return _load(Path(json_path))
    path = Path(path)
    return _load(path / _DEFAULT_MODEL if path.is_dir() else path.with_suffix(".json"))


def _load(json_path: Path) -> TargetPolarityClassifier:
    document, arrays, npz_path = read_model_files(
        json_path, train_script="scripts/train_polarity.py"
    )
    for key, expected in (
        ("format", _FORMAT),
        ("version", _VERSION),
        ("blocks", list(BLOCKS)),
        ("numeric_features", list(NUMERIC_FEATURES)),
    ):
        if document.get(key) != expected:
            raise ModelError(
                problem(
                    json_path,
                    "not a polarity model of this code's version",
                    field=key,
                    fix="re-train with scripts/train_polarity.py",
                ),
                source=json_path,
                field=key,
            )
    model = TargetPolarityClassifier(**document["params"])
    features = TargetContextFeatures(**model._feature_params())
    features.vocabularies_ = {block: list(document["vocabularies"][block]) for block in BLOCKS}
    features.idf_ = {block: arrays[f"idf_{block}"] for block in BLOCKS}
    features.numeric_mean_ = arrays["numeric_mean"]
    features.numeric_scale_ = arrays["numeric_scale"]
    features._index_vocabularies()
    features.n_features_out_ = sum(len(v) for v in features.vocabularies_.values()) + len(
        NUMERIC_FEATURES
    )
    if arrays["coef"].shape[1] != features.n_features_out_:
        raise ModelError(
            problem(
                npz_path,
                f"{arrays['coef'].shape[1]} weights for {features.n_features_out_} features",
                field="coef",
                fix="save the model again",
            ),
            source=npz_path,
            field="coef",
        )
    model.features_ = features
    model.classes_ = np.asarray(document["classes"], dtype=np.int64)
    model.coef_ = arrays["coef"]
    model.intercept_ = arrays["intercept"]
    model.metadata_ = dict(document["metadata"])
    return model


@functools.lru_cache(maxsize=1)
def _shipped_model() -> TargetPolarityClassifier:
    return load_polarity_model()


# --- scoring a table --------------------------------------------------------------------


def polarity_of_mentions(
    frame: pd.DataFrame, *, model: TargetPolarityClassifier | None = None
) -> pd.DataFrame:
    """Polarity toward each mention, with the probabilities and a signed score.

    Parameters
    ----------
    frame : DataFrame
        Columns ``text``, ``start``, ``end`` (offsets of the target in ``text``); any
        other columns (article_id, sentence_id, target_id, ...) are passed through.
    model : TargetPolarityClassifier, optional
        A fitted model; the shipped one (loaded once per process) by default.

    Returns
    -------
    DataFrame
        The rows of *frame* (same index) plus :data:`POLARITY_COLUMNS`: ``polarity``
        (-1, 0, 1), ``p_negative``, ``p_neutral``, ``p_positive`` (a label the model
        never saw gets 0) and ``score = p_positive - p_negative`` in [-1, 1].
    """
    model = _shipped_model() if model is None else model
    out = frame.copy()
    if frame.empty:
        _mentions(frame, "frame")
        for column in POLARITY_COLUMNS:
            out[column] = pd.Series(dtype=np.int64 if column == "polarity" else np.float64)
        return out
    probabilities = model.predict_proba(frame)
    by_label = dict(zip(np.asarray(model.classes_).tolist(), probabilities.T))
    zero = np.zeros(len(frame))
    columns = [by_label.get(label, zero) for label in POLARITY_LABELS]
    out["polarity"] = np.asarray(model.classes_, dtype=np.int64)[probabilities.argmax(axis=1)]
    out["p_negative"], out["p_neutral"], out["p_positive"] = columns
    out["score"] = np.clip(columns[2] - columns[0], -1.0, 1.0)
    return out
