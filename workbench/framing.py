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
(rules of :func:`workbench.terms.compile_terms`; :class:`CueMatcher` finds the hits of
every frame in one pass over the text). A sentence's score for a frame is its
hits divided by its length in words (:func:`workbench.terms.words`), i.e. cue hits per
word, so that long sentences do not dominate. A sentence without any cue counts as one
hit of ``other`` (score ``1 / n_words``), on the same scale as the real frames.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import ThreadpoolController

from workbench.errors import WorkbenchError, problem, require_columns
from workbench.similarity import _word_tfidf
from workbench.terms import (
    _BREAK,
    _CHUNK_TOKENS,
    _POSSESSIVE,
    _word_counts,
    compile_terms,
    lexicon_words,
    read_lexicon,
)

__all__ = [
    "CUE_MATCH_COLUMNS",
    "FRAMES",
    "FRAME_NAMES",
    "FRAME_EVIDENCE_COLUMNS",
    "FRAME_SENTENCE_COLUMNS",
    "TOPIC_COLUMNS",
    "TOPIC_EVIDENCE_COLUMNS",
    "TOPIC_SHARE_COLUMNS",
    "CueMatcher",
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

#: Plain-language names of the 15 Media Frames Corpus dimensions (and ``other``).
FRAME_NAMES = {
    "economic": "Economic",
    "capacity_resources": "Capacity and resources",
    "morality": "Morality",
    "fairness_equality": "Fairness and equality",
    "legality": "Legality and rights",
    "policy": "Policy",
    "crime_punishment": "Crime and punishment",
    "security_defense": "Security and defence",
    "health_safety": "Health and safety",
    "quality_of_life": "Quality of life",
    "cultural_identity": "Cultural identity",
    "public_opinion": "Public opinion",
    "political": "Political",
    "external_regulation": "External regulation and reputation",
    "other": "Other",
}

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

#: Columns of :meth:`CueMatcher.find`: one row per match; ``text_index`` is the position
#: of the text in the input, ``lexicon`` the lexicon's name, ``start``/``end`` offsets
#: into the text and ``cue`` the matched text, lowercase.
CUE_MATCH_COLUMNS = ["text_index", "lexicon", "start", "end", "cue"]

_WORD_RUN = re.compile(r"\w+")
# The non-ASCII characters that ignore-case matching or str.lower() relate to ASCII
# letters (sharp s, dotted and dotless i, long s, Kelvin sign, ligatures, ...), where
# the two may disagree: a text holding one is matched with the lexicons' own patterns.
_CASE_SPECIAL = re.compile(
    "[\u00df\u0130\u0131\u0149\u017f\u01f0\u1e96-\u1e9a\u1e9e\u212a\ufb00-\ufb06]"
)
_ASCII_WORD = "0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Distinct tokens remembered by a CueMatcher before the memory is cleared.
_MAX_CACHED_TOKENS = 500_000


def _lookup_key(term: str) -> tuple[str, bool] | None:
    """What a token must be for *term* to match from its start: (key, is a prefix).

    A match of a compiled term (:func:`workbench.terms.compile_terms`) begins where a run
    of word characters (a token) begins, and that token is the term's first word (up to
    its first non-word character), or for a one-word stem ("sanction*") starts with it.
    The key is that word in lowercase; if it is not all ASCII, only its ASCII beginning,
    as a prefix ("naïve": tokens starting with "na"), since case-insensitive matching
    and ``str.lower`` agree on ASCII only. None when the term begins with a non-word or
    non-ASCII character: then no token lookup can stand in for the regular expression.
    """
    body = term[1:] if term.startswith("=") else term
    stem = body.endswith("*")
    if stem:
        body = body[:-1]
    parts = body.split()
    first = _WORD_RUN.match(parts[0]) if parts else None
    if first is None:
        return None
    word = first.group()
    ascii_start = len(word) - len(word.lstrip(_ASCII_WORD))
    if ascii_start == 0:
        return None
    if ascii_start < len(word):
        return word[:ascii_start].lower(), True
    return word.lower(), stem and len(parts) == 1 and first.end() == len(parts[0])


def _key_pattern(exact: Collection[str], prefixes: Collection[str]) -> re.Pattern[str] | None:
    """One pattern finding, in a lowercased text, the tokens that have a lookup key.

    A match is a whole run of word characters that equals one of *exact* or starts
    with one of *prefixes* (all lowercase ASCII words, as :func:`_lookup_key` gives
    them): the keys are merged into a trie so that each token start is tried once.
    None when there are no keys.
    """
    root: dict[str, Any] = {}
    for key, kind in [*((key, "exact") for key in exact), *((key, "prefix") for key in prefixes)]:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node.setdefault("", set()).add(kind)
    if not root:
        return None

    def branch(node: dict[str, Any]) -> str:
        ends = node.get("", set())
        if "prefix" in ends:  # any rest of the token
            return r"\w*"
        alternatives = [
            re.escape(char) + branch(child) for char, child in sorted(node.items()) if char
        ]
        if "exact" in ends:
            alternatives.append(r"(?!\w)")
        return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"

    return re.compile(r"(?<!\w)" + branch(root))


class CueMatcher:
    """Several lexicons found in texts in one pass, with exactly the matches of their patterns.

    Each lexicon is matched as ``compile_terms(terms)[0].finditer(text)`` would match it
    (same non-overlapping matches, same offsets, same text), but the text is scanned once
    for all lexicons: every run of word characters is looked up (as a whole word, or by
    its prefixes for stems) among the first words of all terms, and only the terms found
    that way are tried, each with its own pattern, in the order of the lexicon's
    alternation. Lookups are remembered per distinct token.

    Parameters
    ----------
    lexicons : mapping of str to sequence of str
        Lexicon name -> terms (words, phrases, stems; rules of
        :func:`workbench.terms.compile_terms`). Every lexicon needs at least one term.

    Attributes
    ----------
    names : tuple of str
        The lexicon names, in order.
    patterns : dict of str to re.Pattern
        ``compile_terms(terms)[0]`` of each lexicon.

    Examples
    --------
    >>> matcher = CueMatcher({"war": ["missile*", "air strike"], "money": ["price*"]})
    >>> matcher.find(["Missile prices rose after the air strike."])[["lexicon", "cue"]].values
    array([['war', 'missile'],
           ['war', 'air strike'],
           ['money', 'prices']], dtype=object)
    """

    def __init__(self, lexicons: Mapping[str, Sequence[str]]) -> None:
        self.names = tuple(lexicons)
        self.patterns: dict[str, re.Pattern[str]] = {}
        # First word -> (lexicon, rank, pattern) of the terms starting with it; stems by
        # the length of their first word; lexicons without a lookup key for every term
        # are matched with their whole pattern.
        self._exact: dict[str, list[tuple[int, int, re.Pattern[str]]]] = {}
        self._prefix: dict[int, dict[str, list[tuple[int, int, re.Pattern[str]]]]] = {}
        self._whole: list[int] = []
        for g, name in enumerate(self.names):
            pattern, ordered = compile_terms(lexicons[name])
            self.patterns[name] = pattern
            keys = [_lookup_key(term) for term in ordered]
            if any(key is None for key in keys):
                self._whole.append(g)
                continue
            for rank, (term, key) in enumerate(zip(ordered, keys, strict=True)):
                run, prefix = key
                table = self._prefix.setdefault(len(run), {}) if prefix else self._exact
                table.setdefault(run, []).append((g, rank, compile_terms([term])[0]))
        self._compiled = [self.patterns[name] for name in self.names]
        self._tokens: dict[str, tuple[tuple[int, tuple[re.Pattern[str], ...]], ...]] = {}
        self._keyed = _key_pattern(
            self._exact, [key for table in self._prefix.values() for key in table]
        )

    def _candidates(self, token: str) -> tuple[tuple[int, tuple[re.Pattern[str], ...]], ...]:
        """Per lexicon (in order), the patterns of the terms that may match at *token*."""
        low = token.lower()
        entries = list(self._exact.get(low, ()))
        for size, table in self._prefix.items():
            if len(low) >= size:
                entries.extend(table.get(low[:size], ()))
        entries.sort(key=lambda entry: entry[:2])
        return tuple(
            (g, tuple(entry[2] for entry in group))
            for g, group in itertools.groupby(entries, key=lambda entry: entry[0])
        )

    def _find_text(self, text: str) -> list[tuple[int, int, int, str]]:
        """(lexicon, start, end, cue) of every match in *text*, by lexicon then start."""
        whole = range(len(self.names)) if _CASE_SPECIAL.search(text) else self._whole
        found = [
            (g, m.start(), m.end(), m.group(0).lower())
            for g in whole
            for m in self._compiled[g].finditer(text)
        ]
        if whole is self._whole:
            tokens = self._tokens
            if len(tokens) > _MAX_CACHED_TOKENS:
                tokens.clear()
            ends = [0] * len(self.names)
            # Only the tokens with a lookup key are visited: found in the lowercased text
            # (same offsets, as a text without _CASE_SPECIAL characters lowercases one
            # character to one) by one pattern of every key.
            runs = self._keyed.finditer(text.lower()) if self._keyed is not None else ()
            for run in runs:
                start, end = run.span()
                token = text[start:end]
                candidates = tokens.get(token)
                if candidates is None:
                    candidates = tokens[token] = self._candidates(token)
                if not candidates:
                    continue
                for g, patterns in candidates:
                    if start < ends[g]:  # inside the lexicon's previous match
                        continue
                    for pattern in patterns:
                        m = pattern.match(text, start)
                        if m is not None:
                            ends[g] = m.end()
                            found.append((g, start, m.end(), m.group(0).lower()))
                            break
            found.sort()
        return found

    def _find(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """Text index, lexicon index and cue of every match (as :meth:`find`)."""
        found = [(i, *hit) for i, text in enumerate(texts) for hit in self._find_text(text)]
        text_index = np.fromiter((hit[0] for hit in found), dtype=np.int64, count=len(found))
        lexicon = np.fromiter((hit[1] for hit in found), dtype=np.int64, count=len(found))
        return text_index, lexicon, [hit[4] for hit in found]

    def find(self, texts: Sequence[str]) -> pd.DataFrame:
        """Every match of every lexicon in *texts*.

        Parameters
        ----------
        texts : sequence of str

        Returns
        -------
        pandas.DataFrame
            Columns :data:`CUE_MATCH_COLUMNS`, ordered by text, lexicon (in the order of
            :attr:`names`) and start: per text and lexicon, the matches of
            ``patterns[name].finditer(text)``.
        """
        found = [(i, *hit) for i, text in enumerate(texts) for hit in self._find_text(text)]
        table = pd.DataFrame(found, columns=CUE_MATCH_COLUMNS)
        for column in ("text_index", "start", "end"):
            table[column] = table[column].astype(np.int64)
        names = np.asarray(self.names, dtype=object)
        table["lexicon"] = pd.Series(names[table["lexicon"].to_numpy(dtype=np.int64)], dtype=object)
        table["cue"] = table["cue"].astype(object)
        return table


@lru_cache(maxsize=16)
def _cue_matcher(lexicons: tuple[tuple[str, tuple[str, ...]], ...]) -> CueMatcher:
    """One :class:`CueMatcher` per distinct lexicon content (scorers are fitted often)."""
    return CueMatcher(dict(lexicons))


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
    matcher_ : CueMatcher
        The frames with cues, matched in one pass per text (shared by every scorer of
        the same lexicon).

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
        self.matcher_ = _cue_matcher(
            tuple((frame, tuple(cues)) for frame, cues in lexicon.items() if list(cues))
        )
        self.patterns_ = dict(self.matcher_.patterns)
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
        hits, rows, cols, found, n_words = self._match(X)
        cues = [[()] * len(self.frames_) for _ in range(len(hits))]
        for i, k, cue in zip(rows, cols, found, strict=True):
            cues[i][k] = cue
        return hits, cues, n_words

    def _match(
        self, X: Any
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[str, ...]], np.ndarray]:
        """As :meth:`match`, with the cues of the positive cells only.

        Returns the hits, the row and column of each positive cell (row-major, as
        ``np.nonzero(hits)``), the cues of each of those cells and the words per text.
        """
        check_is_fitted(self, "frames_")
        texts = _texts(X)
        n_frames = len(self.frames_)
        column = np.array(
            [self.frames_.index(name) for name in self.matcher_.names], dtype=np.int64
        )
        text_index, lexicon, matched = self.matcher_._find(texts)
        # Matches come by text, then frame, then offset: each cell's cues are one run.
        cell = text_index * n_frames + column[lexicon]
        hits = np.bincount(cell, minlength=len(texts) * n_frames).reshape(len(texts), n_frames)
        hits[~hits.any(axis=1), -1] = 1
        runs = np.flatnonzero(np.diff(cell)) + 1
        bounds = zip(np.r_[0, runs].tolist(), np.r_[runs, len(cell)].tolist(), strict=True)
        groups = iter([tuple(matched[a:b]) for a, b in bounds] if len(cell) else [])
        rows, cols = np.nonzero(hits)
        other = n_frames - 1
        found = [() if k == other else next(groups) for k in cols.tolist()]
        return hits, rows, cols, found, _word_counts(texts)

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
        hits, *_, n_words = self._match(X)
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
    hits, rows, cols, cues, n_words = scorer._match(sentences)
    scores = scorer._scores(hits, n_words)
    table = sentences.iloc[rows][_IDS].reset_index(drop=True)
    frames = np.asarray(scorer.frames_, dtype=object)
    table["frame"] = pd.Series(frames[cols], dtype=object)
    table["score"] = scores[rows, cols]
    table["n_cues"] = np.fromiter(map(len, cues), dtype=np.int64, count=len(cues))
    table["cues"] = pd.Series(cues, dtype=object)
    return table[FRAME_SENTENCE_COLUMNS], rows


def _positions(frames: pd.DataFrame, sentences: pd.DataFrame, where: str) -> np.ndarray | None:
    """The row of *sentences* of each row of a :func:`frame_sentences` table.

    None when the sentence ids are not unique (then the table cannot be placed).
    """
    require_columns(
        frames,
        FRAME_SENTENCE_COLUMNS,
        where,
        "pass frame_sentences(sentences) of the same sentences and scorer",
    )
    ids = pd.Index(sentences["sentence_id"])
    if not ids.is_unique:
        return None
    positions = ids.get_indexer(frames["sentence_id"])
    if (positions < 0).any():
        raise WorkbenchError(
            problem(
                where,
                "the frames table has sentences that are not in the sentences table",
                field="frames",
                fix="pass frame_sentences(sentences) of the same sentences",
            ),
            field="frames",
        )
    return positions


def _frame_columns(frames: pd.DataFrame, scorer: FrameScorer, where: str) -> np.ndarray:
    columns = pd.Index(scorer.frames_).get_indexer(frames["frame"])
    if (columns < 0).any():
        raise WorkbenchError(
            problem(
                where,
                "the frames table has frames the scorer does not know",
                field="frames",
                fix="pass frame_sentences(sentences) made with the same scorer",
            ),
            field="frames",
        )
    return columns


def frame_profile(
    sentences: pd.DataFrame,
    *,
    scorer: FrameScorer | None = None,
    frames: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each source's share of each frame.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The event's sentences.
    scorer : FrameScorer, optional
        Default: the shipped lexicon.
    frames : pandas.DataFrame, optional
        ``frame_sentences(sentences, scorer=scorer)`` if already computed: the scores
        are then taken from it instead of matching the cues again (same result).

    Returns
    -------
    pandas.DataFrame
        Index ``source`` (order of first appearance), one column per frame (columns
        index named ``frame``): the source's sentence scores summed per frame and
        divided by their total, so each row sums to 1.
    """
    _require(sentences, ["source", "text"], "frame_profile(sentences)")
    scorer = _scorer(scorer)
    positions = None
    if frames is not None:
        _require(sentences, ["sentence_id"], "frame_profile(sentences)")
        positions = _positions(frames, sentences, "frame_profile(frames)")
    if positions is None:
        matrix = scorer.transform(sentences)
    else:
        matrix = np.zeros((len(sentences), len(scorer.frames_)))
        columns = _frame_columns(frames, scorer, "frame_profile(frames)")
        matrix[positions, columns] = frames["score"].to_numpy(dtype=np.float64)
    scores = pd.DataFrame(matrix, columns=pd.Index(scorer.frames_, name="frame", dtype=object))
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
    frames: pd.DataFrame | None = None,
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
    frames : pandas.DataFrame, optional
        ``frame_sentences(sentences, scorer=scorer)`` if already computed: the
        sentences are then taken from it instead of matching the cues again (same
        result).

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
    positions = None if frames is None else _positions(frames, sentences, "frame_evidence")
    if positions is None:
        own = sentences[(sentences["source"] == source).to_numpy()]
        table, rows = _long(own, scorer)
        table["text"] = own["text"].to_numpy(dtype=object)[rows]
    else:
        own = (frames["source"] == source).to_numpy()
        text = sentences["text"].to_numpy(dtype=object)[positions[own]]
        table = frames[own].reset_index(drop=True).assign(text=text)
    table = table[table["frame"] == frame]
    table = table.sort_values(["score", "n_cues"], ascending=[False, False], kind="stable")
    return table.head(n).reset_index(drop=True)[FRAME_EVIDENCE_COLUMNS]


@lru_cache(maxsize=1)
def _thread_pools() -> ThreadpoolController:
    return ThreadpoolController()


#: Iterations of the topics' NMF (coordinate descent, scikit-learn's).
_NMF_MAX_ITER = 1000


def _topic_vectors(texts: list[str], min_df: int) -> tuple[Any, np.ndarray]:
    """Sentence × term TF-IDF of the topics and the terms of its columns.

    The matrix of ``TfidfVectorizer(analyzer=partial(ngrams, ngram_range=(1, 1)),
    sublinear_tf=True, min_df=min_df)``, to the bit, built in arrays: the tokens of
    :func:`workbench.terms.ngrams` (lowercase words, possessive ``'s`` off, punctuation
    and stop words dropped). Raises ValueError when no term is left, as the vectorizer
    does.
    """
    return _word_tfidf(
        texts,
        _CHUNK_TOKENS,
        stop_words=ENGLISH_STOP_WORDS,
        bigrams=False,
        min_df=min_df,
        strip=_POSSESSIVE,
        skip=_BREAK,
        names=True,
    )


def _nmf(X: Any, k: int, random_state: int) -> tuple[np.ndarray, np.ndarray]:
    """W and H of ``NMF(k, init="nndsvda", random_state, max_iter=1000).fit_transform(X)``.

    Plain scikit-learn: a step-by-step copy of its coordinate descent through private
    helpers saved about 12 % of the topic time on 1,000 articles, not worth depending on
    scikit-learn internals.
    """
    model = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=_NMF_MAX_ITER)
    return model.fit_transform(X), model.components_


def _fit_topics(
    sentences: pd.DataFrame, n_topics: int, random_state: int, min_df: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Sentence-topic weights W, topic-term weights H and the terms; None if no terms."""
    if n_topics < 1:
        raise ValueError(f"n_topics must be 1 or more, not {n_topics}")
    texts = sentences["text"].astype(str).tolist()
    try:
        X, terms = _topic_vectors(texts, min_df)
    except ValueError:  # no term left (empty input, or min_df too high for it)
        return None
    k = min(n_topics, X.shape[0], X.shape[1])
    # One BLAS thread: for matrices this size threads only cost CPU time (the randomised
    # SVD of the initialisation took ~20x more CPU with two threads than with one). The
    # result is the same up to rounding in the last digits (below 1e-14 relative), as it
    # already was between machines with different numbers of cores.
    with _thread_pools().limit(limits=1, user_api="blas"):
        W, H = _nmf(X, k, random_state)
    return W, H, terms


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
    values = per_source.to_numpy(dtype=float)
    n_sources, n_fitted = values.shape
    shares = pd.DataFrame(
        {
            "source": np.repeat(per_source.index.to_numpy(dtype=object), n_fitted),
            "topic_id": np.tile(per_source.columns.to_numpy(dtype=np.int64), n_sources),
            "share": values.ravel(),
        },
        columns=TOPIC_SHARE_COLUMNS,
    )
    return pd.DataFrame(topics, columns=TOPIC_COLUMNS), shares


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
