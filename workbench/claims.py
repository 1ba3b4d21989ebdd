"""Stance of a text toward a claim: agree, disagree, discuss or unrelated.

The task and its labels are those of the Fake News Challenge (FNC-1): a *claim* (a
headline) and a *body* (an article, a paragraph or one sentence) are scored together.

- :class:`ClaimPairFeatures` turns a table of ``claim``/``body`` pairs into features in the
  FNC-1 tradition: TF-IDF cosines (whole body, best sentences, lead), lemma, n-gram and
  character-gram overlap, refuting / hedging / confirming cue words, negation near the
  claim's words, polarity, number agreement, and the UCL recipe's term-frequency vectors of
  claim and body over a top-N vocabulary.
- :class:`ClaimStanceClassifier` is a two-stage network on those features: related or
  unrelated first, then agree / disagree / discuss with balanced class weights (which is
  what lifts ``disagree``, the class every FNC-1 system gets wrong most).
- :func:`claim_stance_of_sentences` scores every claim of an event against every sentence
  (or every article body) and keeps the ids of the evidence.
- :func:`save_model` / :func:`load_claim_model` ship a fitted classifier as JSON + ``.npz``
  (no pickle anywhere), :func:`fnc_score` is the challenge's metric, :func:`body_id_split`
  the one train/test split that training and benchmarks share, and
  :func:`baseline_features` re-implements the official FNC-1 baseline's features.

The shipped model (``workbench/models/claims.json`` + ``claims.npz``) is trained by
``scripts/train_claims.py``; its JSON says on which data and how well it scored.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import math
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.model_selection import GroupShuffleSplit
from sklearn.neural_network import MLPClassifier
from sklearn.utils.class_weight import compute_sample_weight

from workbench.errors import ColumnError, CorpusError, ModelError, problem, require_columns
from workbench.modelfiles import read_model_files, write_npz

__all__ = [
    "PAIR_COLUMNS",
    "STANCE_LABELS",
    "RELATED_LABELS",
    "PROBA_COLUMNS",
    "CLAIM_STANCE_COLUMNS",
    "FNC_PAIR_COLUMNS",
    "REFUTING_CUES",
    "HEDGING_CUES",
    "HEDGING_PHRASES",
    "CONFIRMING_CUES",
    "NEGATION_CUES",
    "HAND_FEATURES",
    "BASELINE_REFUTING_WORDS",
    "ClaimPairFeatures",
    "ClaimStanceClassifier",
    "fnc_score",
    "body_id_split",
    "read_fnc_pairs",
    "baseline_features",
    "claim_stance_of_sentences",
    "save_model",
    "load_claim_model",
]

#: Columns a table of pairs must have: the claim (headline) and the text scored against it.
PAIR_COLUMNS = ["claim", "body"]

#: The four FNC-1 stances, in the order of the probability columns.
STANCE_LABELS = ("agree", "disagree", "discuss", "unrelated")

#: The stances of a body that is about the claim.
RELATED_LABELS = ("agree", "disagree", "discuss")

#: Probability columns, one per stance, in the order of :data:`STANCE_LABELS`.
PROBA_COLUMNS = ["p_agree", "p_disagree", "p_discuss", "p_unrelated"]

#: Columns that :func:`claim_stance_of_sentences` adds after the ids of claim and text.
CLAIM_STANCE_COLUMNS = ["claim_id", "label", *PROBA_COLUMNS]

#: Columns of :func:`read_fnc_pairs`.
FNC_PAIR_COLUMNS = ["claim", "body", "body_id", "stance"]

#: Words that deny, debunk or doubt (the FNC-1 baseline's list and more).
REFUTING_CUES = frozenset(
    {
        "fake", "fraud", "hoax", "false", "deny", "denies", "denied", "denial", "not",
        "no", "despite", "nope", "doubt", "doubts", "debunk", "debunked", "debunks",
        "refute", "refutes", "refuted", "retract", "retracted", "retraction", "prank",
        "pranks", "bogus", "untrue", "fabricated", "fabrication", "satire", "satirical",
        "myth", "misleading", "unfounded", "baseless", "incorrect", "wrong", "dismissed",
        "dismisses", "rejected", "rejects",
    }
)  # fmt: skip

#: Words that report without asserting.
HEDGING_CUES = frozenset(
    {
        "reportedly", "allegedly", "alleged", "claims", "claimed", "claim", "may", "might",
        "could", "unconfirmed", "unverified", "rumour", "rumor", "rumours", "rumors",
        "rumoured", "rumored", "purportedly", "purported", "apparently", "supposedly",
        "possibly", "perhaps", "unclear", "speculation", "speculate", "suggests",
        "suggested", "seems", "appears", "believed", "likely", "unknown",
    }
)  # fmt: skip

#: Multi-word hedges, matched on the lower-cased token sequence.
HEDGING_PHRASES = (
    "according to",
    "it is unclear",
    "not clear",
    "not confirmed",
    "not yet confirmed",
    "said to",
    "is said",
    "are said",
    "has not been",
    "have not been",
)

#: Words that assert or confirm.
CONFIRMING_CUES = frozenset(
    {
        "confirmed", "confirms", "confirm", "official", "officially", "announced",
        "verified", "indeed", "revealed", "reveals", "true", "proof", "evidence",
        "footage", "shows",
    }
)  # fmt: skip

#: Plain negations (``n't`` is read as ``not``).
NEGATION_CUES = frozenset(
    {"not", "no", "never", "none", "nothing", "nobody", "neither", "nor", "without", "cannot"}
)

#: The refuting words of the official FNC-1 baseline (``feature_engineering.py``).
BASELINE_REFUTING_WORDS = (
    "fake", "fraud", "hoax", "false", "deny", "denies", "not", "despite", "nope", "doubt",
    "doubts", "bogus", "debunk", "pranks", "retract",
)  # fmt: skip

#: Refuting cues that are not plain negation or concession.
_STRONG_REFUTING = REFUTING_CUES - {"not", "no", "despite"}

#: The hand-made features of :class:`ClaimPairFeatures`, in output order.
HAND_FEATURES = [
    "tfidf_cosine",
    "term_cosine",
    "max_sentence_cosine",
    "top_sentences_cosine",
    "lead_cosine",
    "best_sentence_position",
    "lemma_jaccard",
    "claim_coverage",
    "claim_coverage_lead",
    "bigram_overlap",
    "trigram_overlap",
    "chargram4_overlap",
    "chargram4_overlap_lead",
    "chargram8_overlap",
    "chargram8_overlap_lead",
    "claim_refuting",
    "claim_strong_refuting",
    "claim_hedging",
    "body_refuting_rate",
    "body_strong_refuting_rate",
    "body_has_strong_refuting",
    "body_hedging_rate",
    "body_confirming_rate",
    "top_refuting_rate",
    "top_strong_refuting_rate",
    "top_hedging_rate",
    "top_negation_rate",
    "negation_near_claim_words",
    "refuting_near_claim_words",
    "claim_polarity",
    "body_polarity",
    "same_polarity",
    "claim_is_question",
    "n_claim_numbers",
    "claim_numbers_found",
    "numbers_mismatch",
    "log_claim_tokens",
    "log_body_tokens",
]

_MODEL_FORMAT = "workbench-claim-stance"
_MODEL_VERSION = 1
_DEFAULT_MODEL = "claims.json"
_STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) - NEGATION_CUES
_TOKEN = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+")
#: Found wherever :data:`_SENTENCE_END` would split (a quicker test that it would not).
_SPLIT_HINT = re.compile(r"[.!?][\"'”’)\]]*\s|\n")
_NOT = re.compile(r"n't\b")


# --- text -----------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    """Lower-cased alphanumeric tokens; ``n't`` becomes the token ``not``."""
    text = str(text).lower().replace("’", "'").replace("‘", "'")
    return _TOKEN.findall(_NOT.sub(" not", text))


def _lemma(word: str) -> str:
    """A light lemma: plural and -ing/-ed endings taken off (no dictionary needed)."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        return word[:-3]
    if word.endswith("ed") and len(word) > 4:
        return word[:-2]
    return word


def _content_lemmas(tokens: Sequence[str]) -> list[str]:
    """Lemmas of the tokens that are neither stop words nor negations."""
    return list(map(_lemma_of, itertools.filterfalse(_NOT_CONTENT.__contains__, tokens)))


def _sentences(text: str) -> list[str]:
    parts = [part.strip() for part in _SENTENCE_END.split(str(text)) if part and part.strip()]
    return parts or [str(text)]


def _numbers(text: str) -> set[float]:
    found = set()
    for match in _NUMBER.findall(str(text)):
        try:
            found.add(float(match.replace(",", "")))
        except ValueError:  # "1.2.3": not one number
            continue
    return found


def _hits(words: frozenset[str], tokens: Sequence[str]) -> int:
    return sum(1 for token in tokens if token in words)


def _hedges(tokens: Sequence[str]) -> int:
    joined = " " + " ".join(tokens) + " "
    return _hits(HEDGING_CUES, tokens) + sum(joined.count(f" {p} ") for p in HEDGING_PHRASES)


def _ngrams(items: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(items[i : i + n]) for i in range(len(items) - n + 1)}


def _chargrams(text: str, n: int) -> set[str]:
    return {text[i : i + n] for i in range(len(text) - n + 1)}


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _n_near(positions: Sequence[int], anchors: Sequence[int], window: int) -> int:
    """How many *positions* lie within *window* tokens of an anchor (*anchors* sorted)."""
    if not positions or not anchors:
        return 0
    n = 0
    for p in positions:
        # the first anchor not before p - window, if any, is the nearest one that can be near
        at = bisect.bisect_left(anchors, p - window)
        n += at < len(anchors) and anchors[at] <= p + window
    return n


@functools.lru_cache(maxsize=1 << 17)
def _lemma_of(token: str) -> str:
    return _lemma(token)


#: Tokens that are not content words: stop words and negations.
_NOT_CONTENT = _STOP_WORDS | NEGATION_CUES


class _Cues(NamedTuple):
    """Cue counts of a run of tokens: refuting, strong refuting, hedging, negation."""

    refuting: int
    strong: int
    hedging: int
    negation: int
    n_tokens: int


#: The hedging phrases as :func:`_hedges` looks for them.
_PADDED_PHRASES = tuple(f" {p} " for p in HEDGING_PHRASES)


#: Every cue word (of :func:`_cues` and the confirming ones).
_ANY_CUE = REFUTING_CUES | HEDGING_CUES | NEGATION_CUES | CONFIRMING_CUES


def _cue_words(tokens: Sequence[str]) -> Counter[str]:
    """How often each cue word occurs in *tokens* (one pass)."""
    return Counter(filter(_ANY_CUE.__contains__, tokens))


def _cues(
    tokens: Sequence[str], joined: str | None = None, words: Counter[str] | None = None
) -> _Cues:
    """Cue counts of *tokens* (*joined*: the tokens joined by spaces, and *words*: their
    :func:`_cue_words`, if at hand)."""
    padded = " " + (" ".join(tokens) if joined is None else joined) + " "
    words = _cue_words(tokens) if words is None else words

    def count(cues: frozenset[str]) -> int:
        return sum(n for word, n in words.items() if word in cues)

    return _Cues(
        count(REFUTING_CUES),
        count(_STRONG_REFUTING),
        count(HEDGING_CUES) + sum(map(padded.count, _PADDED_PHRASES)),
        count(NEGATION_CUES),
        len(tokens),
    )


class _Part:
    """One sentence as the features read it: tokens, content lemmas, and (when first
    asked for) their TF-IDF weights. Shared by every text holding the sentence."""

    __slots__ = ("_weights", "lemmas", "tokens")

    def __init__(self, tokens: list[str], lemmas: list[str] | None = None):
        self.tokens = tokens
        self.lemmas = _content_lemmas(tokens) if lemmas is None else lemmas
        self._weights: dict[str, float] | None = None

    def weights(self, features: ClaimPairFeatures) -> dict[str, float]:
        if self._weights is None:
            self._weights = _tfidf(self.lemmas, features.idf_, features.unseen_idf_)
        return self._weights


#: Written between the sentences of a text to tokenise them in one pass (when the text
#: does not hold it): a token that is its own lemma.
_SEPARATOR = "qzxqj"


def _read_parts(parts: list[str], sentences: dict[str, _Part]) -> list[_Part]:
    """The sentences *parts* of one text, read once per distinct sentence (*sentences*).

    The sentences not read yet are tokenised and lemmatised together, joined by
    :data:`_SEPARATOR` (no token crosses the spaces around it), then cut apart again.
    """
    new = [part for part in dict.fromkeys(parts) if part not in sentences]
    if len(new) == 1:
        sentences[new[0]] = _Part(_tokens(new[0]))
    elif new:
        if _SEPARATOR in " ".join(new).lower():
            for part in new:  # the text holds the separator: one sentence at a time
                sentences[part] = _Part(_tokens(part))
        else:
            tokens = _tokens(f" {_SEPARATOR} ".join(new))
            lemmas = _content_lemmas(tokens)
            token_at = lemma_at = 0
            for number, part in enumerate(new):
                if number < len(new) - 1:
                    token_end = tokens.index(_SEPARATOR, token_at)
                    lemma_end = lemmas.index(_SEPARATOR, lemma_at)
                else:
                    token_end, lemma_end = len(tokens), len(lemmas)
                sentences[part] = _Part(tokens[token_at:token_end], lemmas[lemma_at:lemma_end])
                token_at, lemma_at = token_end + 1, lemma_end + 1
    return [sentences[part] for part in parts]


class _Text:
    """What the features need of one text, read once per distinct text.

    What every pair needs is read at once; the weights and n-grams that only a
    pair sharing content words needs are read when first asked for. A text is read as
    its sentences (:class:`_Part`, once per distinct sentence: *sentences* caches them);
    its tokens are theirs end to end (splitting drops only characters no token holds).
    """

    def __init__(self, text: str, features: ClaimPairFeatures, sentences: dict[str, _Part]):
        self.raw = text
        self._features = features
        parts = [text] if _SPLIT_HINT.search(text) is None else _sentences(text)
        self.sentence_parts: list[_Part] | None = _read_parts(parts, sentences)
        if len(parts) == 1:
            self.tokens = tokens = self.sentence_parts[0].tokens
            self.content = content = self.sentence_parts[0].lemmas
        else:
            chain = itertools.chain.from_iterable
            self.tokens = tokens = list(chain(part.tokens for part in self.sentence_parts))
            self.content = content = list(chain(part.lemmas for part in self.sentence_parts))
        if len(parts) == 1 and parts[0] == text:
            self._own = self.sentence_parts[0]
            self.sentence_parts = None
        else:
            self._own = None
        self.content_set = set(content)
        # every lemma a sentence weighs: with no claim lemma among them, every cosine is 0
        self.sentence_terms = self.content_set
        self.numbers = _numbers(text) if _NUMBER.search(text) else set()
        self.joined = joined = " ".join(tokens)
        words = _cue_words(tokens)
        self.cues = _cues(tokens, joined, words)
        self.confirming = sum(n for word, n in words.items() if word in CONFIRMING_CUES)
        self.has_negation = self.cues.negation > 0
        self.has_refutation = self.cues.strong > 0
        self._weights: dict[str, float] | None = None
        self._restricted: tuple[dict[str, float], float] | None = None
        self._grams: dict[int, set[tuple[str, ...]]] = {}
        self._negations: list[int] | None = None
        self._refutations: list[int] | None = None
        self._token_lemmas: list[str] | None = None  # of each distinct token
        self._token_numbers = np.zeros(0, dtype=np.int64)  # each token's distinct number
        self._top: dict[tuple[int, ...], _Cues] = {}

    @property
    def n_sentences(self) -> int:
        return 1 if self.sentence_parts is None else len(self.sentence_parts)

    @property
    def weights(self) -> dict[str, float]:
        if self._weights is None:
            if self._own is not None:
                self._weights = self._own.weights(self._features)
            else:
                features = self._features
                self._weights = _tfidf(self.content, features.idf_, features.unseen_idf_)
        return self._weights

    def sentence_scores(self, claim: _Text) -> np.ndarray:
        """The cosine of the claim with each sentence (0 where they share no lemma)."""
        if self.sentence_parts is None:
            return np.asarray([_cosine(claim.weights, self.weights)])
        words, features = claim.content_set, self._features
        scores = np.zeros(len(self.sentence_parts))
        for number, part in enumerate(self.sentence_parts):
            if not words.isdisjoint(part.lemmas):
                scores[number] = _cosine(claim.weights, part.weights(features))
        return scores

    @property
    def restricted(self) -> tuple[dict[str, float], float]:
        """The weights of the vocabulary's terms, and their norm."""
        if self._restricted is None:
            vocabulary = self._features.vocabulary_
            weights = {t: w for t, w in self.weights.items() if t in vocabulary}
            self._restricted = weights, math.sqrt(sum(w * w for w in weights.values()))
        return self._restricted

    @property
    def lead(self) -> set[str]:
        return set(self.content[: self._features.lead_tokens])

    @property
    def negations(self) -> list[int]:
        if self._negations is None:
            self._negations = [i for i, t in enumerate(self.tokens) if t in NEGATION_CUES]
        return self._negations

    @property
    def refutations(self) -> list[int]:
        if self._refutations is None:
            self._refutations = [i for i, t in enumerate(self.tokens) if t in _STRONG_REFUTING]
        return self._refutations

    def gram_shares(self, claim: _Text, sizes: Sequence[int]) -> list[float]:
        """Shares of the claim's content *n*-grams that are n-grams of this text's content,
        one per *n* in *sizes*."""
        content, words = self.content, claim.content_set
        starts = [i for i, lemma in enumerate(content) if lemma in words]
        shares = []
        for n in sizes:
            grams = claim.grams(n)
            found = {gram for i in starts if (gram := tuple(content[i : i + n])) in grams}
            shares.append(len(found) / len(grams) if grams else 0.0)
        return shares

    def grams(self, n: int) -> set[tuple[str, ...]]:
        found = self._grams.get(n)
        if found is None:
            found = self._grams[n] = _ngrams(self.content, n)
        return found

    def top(self, best: Sequence[int]) -> _Cues:
        """Cue counts of the tokens of the sentences *best*, in text order."""
        if self.sentence_parts is None:
            return self.cues
        key = tuple(sorted(best))
        found = self._top.get(key)
        if found is None:
            found = self._top[key] = _cues([t for i in key for t in self.sentence_parts[i].tokens])
        return found

    def positions(self, lemmas: set[str]) -> list[int]:
        """Positions of the tokens whose lemma is in *lemmas*, in order."""
        if self._token_lemmas is None:
            distinct = list(dict.fromkeys(self.tokens))
            number = dict(zip(distinct, range(len(distinct))))
            self._token_numbers = np.fromiter(
                map(number.__getitem__, self.tokens), np.int64, len(self.tokens)
            )
            self._token_lemmas = list(map(_lemma_of, distinct))
        wanted = [n for n, lemma in enumerate(self._token_lemmas) if lemma in lemmas]
        if not wanted:
            return []
        return np.flatnonzero(np.isin(self._token_numbers, wanted)).tolist()


#: ``1 + log(count)`` of small counts, as :func:`math.log` gives them.
_SUBLINEAR = tuple(1.0 + math.log(count) if count else 0.0 for count in range(64))


def _tfidf(terms: Sequence[str], idf: dict[str, float], unseen_idf: float) -> dict[str, float]:
    """Sublinear TF-IDF weights of *terms*, l2-normalised (unseen terms get *unseen_idf*)."""
    counts = Counter(terms)  # in order of first occurrence, as a dict
    weights = {
        term: (_SUBLINEAR[count] if count < 64 else 1.0 + math.log(count))
        * idf.get(term, unseen_idf)
        for term, count in counts.items()
    }
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {term: w / norm for term, w in weights.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return float(sum(w * b.get(term, 0.0) for term, w in a.items()))


def _restricted_cosine(
    a: dict[str, float], b: dict[str, float], vocabulary: dict[str, int]
) -> float:
    a = {t: w for t, w in a.items() if t in vocabulary}
    b = {t: w for t, w in b.items() if t in vocabulary}
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return _cosine(a, b) / norm if norm else 0.0


#: Code of each character a joined token string can hold (``[a-z0-9]`` and the space),
#: six bits each, so that an 8-gram is one 48-bit integer.
_CHAR_CODES = np.zeros(128, dtype=np.int64)
_CHAR_CODES[ord(" ")] = 1
_CHAR_CODES[[ord(c) for c in "abcdefghijklmnopqrstuvwxyz0123456789"]] = np.arange(2, 38)
#: How many characters of a body count as its lead for the character grams.
_LEAD_CHARS = 255


def _gram_codes(codes: np.ndarray, n: int) -> np.ndarray:
    """The code of every character *n*-gram of *codes* (one per start position)."""
    if len(codes) < n:
        return np.zeros(0, dtype=np.int64)
    out = np.zeros(len(codes) - n + 1, dtype=np.int64)
    for i in range(n):
        out = (out << 6) | codes[i : len(codes) - n + 1 + i]
    return out


def _codes(text: str) -> np.ndarray:
    return _CHAR_CODES[np.frombuffer(text.encode("ascii"), dtype=np.uint8)]


@functools.lru_cache(maxsize=1)
def _seen_buffer() -> np.ndarray:
    """One flag per 4-gram code (24 bits), allocated once per process."""
    return np.zeros(1 << 24, dtype=bool)


def _chargram_overlaps(
    claims: list[str], bodies: list[str], parsed: dict[str, _Text]
) -> np.ndarray:
    """Shares of each claim's character 4- and 8-grams found in its body and its lead.

    One row per pair: ``chargram4_overlap``, ``chargram4_overlap_lead``,
    ``chargram8_overlap``, ``chargram8_overlap_lead``. A claim's grams are the distinct
    substrings of its joined tokens; one is found when some window of the body's joined
    tokens (of its first :data:`_LEAD_CHARS` characters) is that substring. The bodies are
    read as one array of codes, a zero between two bodies (no gram holds a zero).
    """
    out = np.zeros((len(claims), 4))
    if not claims:
        return out
    distinct = list(dict.fromkeys(bodies))
    index = {body: i for i, body in enumerate(distinct)}
    pair_body = np.fromiter((index[body] for body in bodies), np.int64, len(bodies))
    lengths = np.asarray([len(parsed[body].joined) + 1 for body in distinct], dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    codes = _codes("\x00".join(parsed[body].joined for body in distinct) + "\x00")
    windows4 = _gram_codes(codes, 4)
    windows = {4: windows4, 8: (windows4[:-4] << 24) | windows4[4:]}  # an 8-gram: two 4-grams
    owner = np.repeat(np.arange(len(distinct)), lengths)
    offset = np.arange(len(codes)) - np.repeat(starts, lengths)
    seen = _seen_buffer()  # all False; every flag set below is cleared again
    by_claim: dict[str, list[int]] = {}
    for row, claim in enumerate(claims):
        by_claim.setdefault(claim, []).append(row)
    for claim, rows in by_claim.items():
        rows_array = np.asarray(rows, dtype=np.int64)
        needed = np.unique(pair_body[rows_array])
        claim_codes = _codes(parsed[claim].joined)
        # where a window of the bodies paired with this claim is one of its 4-grams: the
        # 8-grams can only start there too (their first four characters are a 4-gram)
        grams4 = np.unique(_gram_codes(claim_codes, 4))
        if not len(grams4):
            continue  # no 4-gram, no 8-gram
        seen[grams4] = True
        try:
            if len(needed) == len(distinct):
                found4 = np.flatnonzero(seen[windows4])
            else:  # every position of the bodies paired with this claim
                where = np.repeat(starts[needed], lengths[needed]) + (
                    np.arange(lengths[needed].sum())
                    - np.repeat(np.cumsum(lengths[needed]) - lengths[needed], lengths[needed])
                )
                where = where[where < len(windows4)]
                found4 = where[seen[windows4[where]]]
        finally:
            seen[grams4] = False
        for column, n in ((0, 4), (2, 8)):
            grams = grams4 if n == 4 else np.unique(_gram_codes(claim_codes, n))
            if not len(grams):
                continue
            if n == 4:
                hit = found4
            else:  # a window can only be a gram if its first four characters begin one
                candidates = found4[found4 < len(windows[n])]
                prefixes = grams >> (6 * (n - 4))
                seen[prefixes] = True
                try:
                    candidates = candidates[seen[windows4[candidates]]]
                finally:
                    seen[prefixes] = False
                hit = candidates[np.isin(windows[n][candidates], grams)]
            for lead_column, found in (
                (column, hit),
                (column + 1, hit[offset[hit] + n <= _LEAD_CHARS]),
            ):
                gram = np.searchsorted(grams, windows[n][found])
                keys = np.unique(owner[found] * len(grams) + gram)
                counts = np.bincount(keys // len(grams), minlength=len(distinct))
                out[rows_array, lead_column] = counts[pair_body[rows_array]] / len(grams)
    return out


# --- features -------------------------------------------------------------------------


def _check_pairs(X: Any, where: str = "pairs") -> pd.DataFrame:
    require_columns(
        X,
        PAIR_COLUMNS,
        where,
        "pass a table with the columns 'claim' (the claim or headline) and 'body' (the text "
        "scored against it)",
    )
    return X


def _texts(values: Iterable[Any]) -> list[str]:
    return [
        "" if value is None or value is pd.NA or value != value else str(value) for value in values
    ]


class ClaimPairFeatures(TransformerMixin, BaseEstimator):
    """Features of claim/body pairs in the FNC-1 tradition.

    Parameters
    ----------
    max_terms : int, default=5000
        Size of the vocabulary of the term-frequency vectors (the most frequent content
        lemmas of the texts seen in ``fit``), as in the UCL Machine Reading recipe.
    term_vectors : bool, default=True
        Whether to append the l2-normalised term-frequency vectors of claim and body to
        the hand features (then :meth:`transform` returns a sparse matrix).
    n_top_sentences : int, default=3
        How many body sentences most similar to the claim the ``top_*`` features read.
    lead_tokens : int, default=60
        How many tokens from the start of the body count as its lead.
    window : int, default=6
        Distance in tokens within which a cue counts as *near* a word of the claim.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Column of each lemma in the term-frequency vectors.
    idf_ : dict of str to float
        Inverse document frequency of every lemma seen in at least two texts in ``fit``.
    unseen_idf_ : float
        Inverse document frequency given to a lemma not in ``idf_`` (a new name is rare).
    n_documents_ : int
        How many distinct texts ``fit`` read.
    n_features_in_ : int
        Always 2 (``claim`` and ``body``).
    feature_names_in_ : ndarray of str
        ``["claim", "body"]``.

    Notes
    -----
    The hand features are, in order, :data:`HAND_FEATURES`: cosines (``tfidf_*`` over every
    lemma, ``term_cosine`` over the vocabulary only), overlaps (shares of the claim's lemmas,
    n-grams and character grams found in the body or its lead), cue counts in the claim
    and rates per 100 tokens in the body and in its ``n_top_sentences`` best sentences,
    cues within ``window`` tokens of a claim word, the FNC-1 polarity (parity of refuting
    cues), whether the claim's numbers appear in the body, and lengths.
    """

    def __init__(
        self,
        *,
        max_terms: int = 5000,
        term_vectors: bool = True,
        n_top_sentences: int = 3,
        lead_tokens: int = 60,
        window: int = 6,
    ):
        self.max_terms = max_terms
        self.term_vectors = term_vectors
        self.n_top_sentences = n_top_sentences
        self.lead_tokens = lead_tokens
        self.window = window

    def fit(self, X: pd.DataFrame, y: Any = None, *, extra_texts: Iterable[str] | None = None):
        """Learn the vocabulary and the inverse document frequencies.

        Parameters
        ----------
        X : pandas.DataFrame
            Pairs with the columns ``claim`` and ``body``.
        y : ignored
        extra_texts : iterable of str, optional
            More texts (e.g. unlabelled bodies) for the vocabulary and the frequencies.

        Returns
        -------
        self
        """
        X = _check_pairs(X)
        texts = list(
            dict.fromkeys(_texts(X["claim"]) + _texts(X["body"]) + _texts(extra_texts or []))
        )
        term_counts: Counter[str] = Counter()
        document_counts: Counter[str] = Counter()
        for text in texts:
            lemmas = _content_lemmas(_tokens(text))
            term_counts.update(lemmas)
            document_counts.update(set(lemmas))
        top = sorted(term_counts, key=lambda term: (-term_counts[term], term))[: self.max_terms]
        n = len(texts)
        self.vocabulary_ = {term: index for index, term in enumerate(sorted(top))}
        self.idf_ = {
            term: math.log((1 + n) / (1 + count)) + 1.0
            for term, count in sorted(document_counts.items())
            if count >= 2 or term in self.vocabulary_
        }
        self.unseen_idf_ = math.log(1 + n) + 1.0
        self.n_documents_ = n
        self.n_features_in_ = 2
        self.feature_names_in_ = np.asarray(PAIR_COLUMNS, dtype=object)
        return self

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the output columns: :data:`HAND_FEATURES`, then the term vectors."""
        names = list(HAND_FEATURES)
        if self.term_vectors:
            terms = sorted(self.vocabulary_, key=self.vocabulary_.__getitem__)
            names += [f"claim_tf_{term}" for term in terms]
            names += [f"body_tf_{term}" for term in terms]
        return np.asarray(names, dtype=object)

    def transform(self, X: pd.DataFrame) -> np.ndarray | sp.csr_matrix:
        """Features of every pair.

        Returns
        -------
        ndarray of shape (n_pairs, 38) or scipy.sparse.csr_matrix
            The hand features; with ``term_vectors`` a CSR matrix whose first columns are
            the hand features and whose next ``2 * len(vocabulary_)`` columns are the
            term-frequency vectors of claim and body.
        """
        if not hasattr(self, "vocabulary_"):
            raise ModelError(
                problem(
                    type(self).__name__,
                    "not fitted yet",
                    fix="call fit on a table of pairs first",
                )
            )
        X = _check_pairs(X)
        claims, bodies = _texts(X["claim"]), _texts(X["body"])
        parsed = self._parse(claims + bodies)
        hand = self._hand(claims, bodies, parsed)
        if not self.term_vectors:
            return hand
        return sp.hstack(
            [
                sp.csr_matrix(hand),
                self._term_frequencies(claims, parsed),
                self._term_frequencies(bodies, parsed),
            ],
            format="csr",
        )

    def _term_frequencies(self, texts: list[str], parsed: dict[str, _Text]) -> sp.csr_matrix:
        """The l2-normalised counts of the vocabulary's terms in each text (one row each)."""
        distinct = list(dict.fromkeys(texts))
        n_terms = len(self.vocabulary_)
        contents = [parsed[text].content for text in distinct]
        lengths = np.fromiter(map(len, contents), np.int64, len(contents))
        columns = np.fromiter(
            map(
                self.vocabulary_.get, itertools.chain.from_iterable(contents), itertools.repeat(-1)
            ),
            np.int64,
            int(lengths.sum()),
        )
        rows = np.repeat(np.arange(len(distinct), dtype=np.int64), lengths)
        kept = columns >= 0
        keys, counts = np.unique(rows[kept] * n_terms + columns[kept], return_counts=True)
        key_rows = keys // n_terms
        # sums of squared counts are exact in float64
        norms = np.sqrt(np.bincount(key_rows, weights=counts * counts, minlength=len(distinct)))
        indptr = np.zeros(len(distinct) + 1, dtype=np.int64)
        np.cumsum(np.bincount(key_rows, minlength=len(distinct)), out=indptr[1:])
        matrix = sp.csr_matrix(
            (counts / norms[key_rows], keys % n_terms, indptr), shape=(len(distinct), n_terms)
        )
        position = {text: row for row, text in enumerate(distinct)}
        return matrix[[position[text] for text in texts]]

    def _parse(self, texts: Iterable[str]) -> dict[str, _Text]:
        sentences: dict[str, _Part] = {}
        return {text: _Text(text, self, sentences) for text in dict.fromkeys(texts)}

    def _hand(
        self, claims: list[str], bodies: list[str], parsed: dict[str, _Text] | None = None
    ) -> np.ndarray:
        """The hand features of every pair.

        What depends on one text only is computed once per text and spread over the pairs;
        a pair whose claim shares no content word with the body has all cosines and
        overlaps 0 (only its character grams and numbers are read); the other pairs are
        read one by one (:meth:`_pair`).
        """
        if parsed is None:
            parsed = self._parse(claims + bodies)
        n = len(claims)
        out = np.zeros((n, len(HAND_FEATURES)))
        if not n:
            return out
        texts = list(parsed.values())
        index = {text: i for i, text in enumerate(parsed)}
        claim_at = np.fromiter((index[c] for c in claims), np.int64, n)
        body_at = np.fromiter((index[b] for b in bodies), np.int64, n)

        def per_text(values: Iterable[float]) -> np.ndarray:
            return np.fromiter(values, np.float64, len(texts))

        def rate(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
            return 100.0 * np.divide(part, whole, out=np.zeros(n), where=whole > 0)

        cues = np.asarray([text.cues for text in texts], dtype=np.int64).reshape(-1, 5)
        # cue counts of the first n_top_sentences sentences: the top ones when no sentence
        # shares a word with the claim
        first = np.asarray(
            [text.top(range(min(self.n_top_sentences, text.n_sentences))) for text in texts],
            dtype=np.int64,
        ).reshape(-1, 5)
        polarity = cues[:, 0] % 2
        claim_cues, body_cues, top = cues[claim_at], cues[body_at], first[body_at]
        column = {name: i for i, name in enumerate(HAND_FEATURES)}
        out[:, column["chargram4_overlap"] : column["chargram8_overlap_lead"] + 1] = (
            _chargram_overlaps(claims, bodies, parsed)
        )
        out[:, column["claim_refuting"]] = claim_cues[:, 0]
        out[:, column["claim_strong_refuting"]] = claim_cues[:, 1]
        out[:, column["claim_hedging"]] = claim_cues[:, 2]
        out[:, column["body_refuting_rate"]] = rate(body_cues[:, 0], body_cues[:, 4])
        out[:, column["body_strong_refuting_rate"]] = rate(body_cues[:, 1], body_cues[:, 4])
        out[:, column["body_has_strong_refuting"]] = body_cues[:, 1] > 0
        out[:, column["body_hedging_rate"]] = rate(body_cues[:, 2], body_cues[:, 4])
        confirming = np.asarray([text.confirming for text in texts], dtype=np.int64)
        out[:, column["body_confirming_rate"]] = rate(confirming[body_at], body_cues[:, 4])
        for name, at in (("refuting", 0), ("strong_refuting", 1), ("hedging", 2), ("negation", 3)):
            out[:, column[f"top_{name}_rate"]] = rate(top[:, at], top[:, 4])
        out[:, column["claim_polarity"]] = polarity[claim_at]
        out[:, column["body_polarity"]] = polarity[body_at]
        out[:, column["same_polarity"]] = polarity[claim_at] == polarity[body_at]
        out[:, column["claim_is_question"]] = per_text("?" in text.raw for text in texts)[claim_at]
        n_numbers = per_text(len(text.numbers) for text in texts)
        out[:, column["n_claim_numbers"]] = n_numbers[claim_at]
        out[:, column["claim_numbers_found"]] = 1.0
        log_tokens = per_text(math.log1p(len(text.tokens)) for text in texts)
        out[:, column["log_claim_tokens"]] = log_tokens[claim_at]
        out[:, column["log_body_tokens"]] = log_tokens[body_at]
        for row in np.flatnonzero(n_numbers[claim_at] > 0).tolist():
            claim, body = texts[claim_at[row]], texts[body_at[row]]
            found = claim.numbers & body.numbers
            out[row, column["claim_numbers_found"]] = _share(len(found), len(claim.numbers))
            out[row, column["numbers_mismatch"]] = float(not found)
        similar = slice(column["tfidf_cosine"], column["trigram_overlap"] + 1)
        top_rates = slice(column["top_refuting_rate"], column["refuting_near_claim_words"] + 1)
        for row, (claim_index, body_index) in enumerate(zip(claim_at.tolist(), body_at.tolist())):
            claim, body = texts[claim_index], texts[body_index]
            if (
                claim.content_set.isdisjoint(body.sentence_terms)
                and claim.content_set.isdisjoint(body.content_set)
                and not (body.has_negation or body.has_refutation)
            ):
                continue
            out[row, similar], out[row, top_rates] = self._pair(claim, body)
        return out

    def _pair(self, claim: _Text, body: _Text) -> tuple[list[float], list[float]]:
        """The features of one pair from ``tfidf_cosine`` to ``trigram_overlap``, and from
        ``top_refuting_rate`` to ``refuting_near_claim_words``."""
        n_top = self.n_top_sentences
        n_sentences = body.n_sentences
        if claim.content_set.isdisjoint(body.sentence_terms):
            # every cosine is 0: the stable order is the text order
            best: Sequence[int] = range(min(n_top, n_sentences))
            max_score = top_score = lead_score = position = 0.0
        else:
            scores = body.sentence_scores(claim)
            order = np.argsort(-scores, kind="stable")
            best = order[:n_top].tolist()
            max_score = float(scores.max())
            top_score = float(scores[order[:n_top]].mean())
            lead_score = float(scores[:2].max())
            position = _share(int(order[0]), n_sentences - 1)
        top = body.top(best)
        shared = claim.content_set & body.content_set
        if body.has_negation or body.has_refutation:
            anchors = body.positions(claim.content_set)
            near_negation = _share(_n_near(body.negations, anchors, self.window), len(anchors))
            near_refuting = _share(_n_near(body.refutations, anchors, self.window), len(anchors))
        else:
            near_negation = near_refuting = 0.0
        if shared:
            cosine = _cosine(claim.weights, body.weights)
            (claim_terms, claim_norm), (body_terms, body_norm) = claim.restricted, body.restricted
            norm = claim_norm * body_norm
            term_cosine = _cosine(claim_terms, body_terms) / norm if norm else 0.0
            grams = body.gram_shares(claim, (2, 3))
            lead = _share(len(claim.content_set & body.lead), len(claim.content_set))
        else:
            cosine = term_cosine = lead = 0.0
            grams = [0.0, 0.0]
        per_100 = 100.0
        return [
            cosine,
            term_cosine,
            max_score,
            top_score,
            lead_score,
            position,
            _share(len(shared), len(claim.content_set | body.content_set)),
            _share(len(shared), len(claim.content_set)),
            lead,
            *grams,
        ], [
            per_100 * _share(top.refuting, top.n_tokens),
            per_100 * _share(top.strong, top.n_tokens),
            per_100 * _share(top.hedging, top.n_tokens),
            per_100 * _share(top.negation, top.n_tokens),
            near_negation,
            near_refuting,
        ]


# --- classifier -----------------------------------------------------------------------


def _forward(X: Any, coefs: Sequence[np.ndarray], intercepts: Sequence[np.ndarray]) -> np.ndarray:
    """A ReLU network's output scores (before the output activation)."""
    activation = X
    for layer, (coef, intercept) in enumerate(zip(coefs, intercepts)):
        activation = activation @ np.asarray(coef, dtype=np.float64) + np.asarray(
            intercept, dtype=np.float64
        )
        if sp.issparse(activation):
            activation = activation.toarray()
        activation = np.asarray(activation)
        if layer < len(coefs) - 1:
            activation = np.maximum(activation, 0.0)
    return activation


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def _sigmoid(scores: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(scores, -500, 500)))


class ClaimStanceClassifier(ClassifierMixin, BaseEstimator):
    """Stance of a body toward a claim: agree, disagree, discuss or unrelated.

    A network with one hidden ReLU layer (the UCL Machine Reading recipe) on
    :class:`ClaimPairFeatures`, in two stages: the first tells related from unrelated on
    every pair; the second, trained on related pairs only with balanced class weights,
    tells agree, disagree and discuss apart. With ``two_stage=False`` one network learns
    all four classes at once.

    Parameters
    ----------
    features : ClaimPairFeatures, optional
        The feature transformer (cloned in ``fit``); default ``ClaimPairFeatures()``.
    hidden_layer_sizes : tuple of int, default=(100,)
        Hidden layers of both networks.
    alpha : float, default=1e-4
        L2 penalty of both networks.
    batch_size : int, default=64
        Minibatch size of the stance network (and of the single network).
    relatedness_batch_size : int, default=200
        Minibatch size of the related/unrelated network.
    max_iter : int, default=30
        Epochs of each network (a fixed budget, not a convergence criterion).
    class_weight : {"balanced", None}, default="balanced"
        Weights of the stance classes in the second stage.
    two_stage : bool, default=True
        Related/unrelated first, then the stance among related pairs.
    random_state : int, default=0
        Seed of the networks' initialisation and shuffling.

    Attributes
    ----------
    features_ : ClaimPairFeatures
        The fitted feature transformer.
    classes_ : ndarray of str
        :data:`STANCE_LABELS`.
    networks_ : dict of str to dict
        ``"relatedness"`` and ``"stance"`` (or ``"single"``): each with ``coefs``,
        ``intercepts`` (float32 arrays), ``classes``, and ``mean`` / ``scale``, the
        standardisation of the hand features on the rows that network was fitted on (the
        term vectors are used as they are).
    n_features_in_ : int
        Always 2 (``claim`` and ``body``).

    Notes
    -----
    The weights are kept in float32 once fitted, so a saved and loaded model predicts
    exactly what it predicted before saving. :meth:`predict` follows the stages: a pair is
    ``unrelated`` when ``p_unrelated >= 0.5``, otherwise it takes the most probable of
    agree / disagree / discuss. ``predict_proba`` multiplies the stages:
    ``p_agree = (1 - p_unrelated) * p(agree | related)``.
    """

    def __init__(
        self,
        *,
        features: ClaimPairFeatures | None = None,
        hidden_layer_sizes: tuple[int, ...] = (100,),
        alpha: float = 1e-4,
        batch_size: int = 64,
        relatedness_batch_size: int = 200,
        max_iter: int = 30,
        class_weight: str | None = "balanced",
        two_stage: bool = True,
        random_state: int = 0,
    ):
        self.features = features
        self.hidden_layer_sizes = hidden_layer_sizes
        self.alpha = alpha
        self.batch_size = batch_size
        self.relatedness_batch_size = relatedness_batch_size
        self.max_iter = max_iter
        self.class_weight = class_weight
        self.two_stage = two_stage
        self.random_state = random_state

    def fit(self, X: pd.DataFrame, y: Any, *, extra_texts: Iterable[str] | None = None):
        """Fit features and networks on labelled pairs.

        Parameters
        ----------
        X : pandas.DataFrame
            Pairs with the columns ``claim`` and ``body``.
        y : array-like of str
            Stances, each one of :data:`STANCE_LABELS`.
        extra_texts : iterable of str, optional
            Unlabelled texts for the features' vocabulary (see :class:`ClaimPairFeatures`).

        Returns
        -------
        self
        """
        X = _check_pairs(X)
        y = np.asarray(_texts(y), dtype=object)
        unknown = sorted(set(y) - set(STANCE_LABELS))
        if unknown:
            raise ColumnError(
                problem(
                    "y",
                    f"unknown stance {unknown[0]!r}",
                    fix=f"use only {', '.join(STANCE_LABELS)}",
                )
            )
        if len(y) != len(X):
            raise ColumnError(
                problem("y", f"{len(y)} labels for {len(X)} pairs", fix="give one label a pair")
            )
        features = ClaimPairFeatures() if self.features is None else self.features
        self.features_ = clone(features).fit(X, extra_texts=extra_texts)
        Z = self.features_.transform(X)
        self.classes_ = np.asarray(STANCE_LABELS, dtype=object)
        self.n_features_in_ = 2
        self.feature_names_in_ = np.asarray(PAIR_COLUMNS, dtype=object)
        if not self.two_stage:
            self.networks_ = {"single": self._network(Z, y, self.batch_size, weighted=False)}
            return self
        related = y != "unrelated"
        if not related.any() or related.all():
            raise ColumnError(
                problem(
                    "y",
                    "a two-stage model needs both related and unrelated pairs",
                    fix="add pairs of the missing kind or set two_stage=False",
                )
            )
        relatedness = np.where(related, "related", "unrelated").astype(object)
        self.networks_ = {
            "relatedness": self._network(Z, relatedness, self.relatedness_batch_size, False),
            "stance": self._network(Z[related], y[related], self.batch_size, True),
        }
        return self

    def _network(self, Z: Any, y: np.ndarray, batch_size: int, weighted: bool) -> dict[str, Any]:
        hand = _hand_block(Z)
        mean = hand.mean(axis=0)
        scale = hand.std(axis=0)
        scale = np.where(scale > 0, scale, 1.0)
        Z = _scaled(Z, mean, scale)
        network = MLPClassifier(
            hidden_layer_sizes=tuple(self.hidden_layer_sizes),
            alpha=self.alpha,
            batch_size=min(batch_size, Z.shape[0]),
            max_iter=self.max_iter,
            random_state=self.random_state,
        )
        sample_weight = None
        if weighted and self.class_weight is not None:
            sample_weight = compute_sample_weight(self.class_weight, y)
        with warnings.catch_warnings():
            # A fixed budget of epochs is the recipe; not converging by then is expected.
            warnings.simplefilter("ignore", ConvergenceWarning)
            network.fit(Z, y, sample_weight=sample_weight)
        return {
            "coefs": [np.asarray(c, dtype=np.float32) for c in network.coefs_],
            "intercepts": [np.asarray(b, dtype=np.float32) for b in network.intercepts_],
            "classes": [str(c) for c in network.classes_],
            "mean": mean,
            "scale": scale,
        }

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Probability of each stance, columns in the order of :attr:`classes_`."""
        if not hasattr(self, "networks_"):
            raise ModelError(
                problem(type(self).__name__, "not fitted yet", fix="call fit or load a model")
            )
        Z = self.features_.transform(_check_pairs(X))
        if "single" in self.networks_:
            return self._class_probabilities("single", Z, list(STANCE_LABELS))
        related = self._class_probabilities("relatedness", Z, ["related", "unrelated"])
        stance = self._class_probabilities("stance", Z, list(RELATED_LABELS))
        return np.column_stack([stance * related[:, :1], related[:, 1]])

    def _class_probabilities(self, name: str, Z: Any, order: list[str]) -> np.ndarray:
        network = self.networks_[name]
        Z = _scaled(Z, network["mean"], network["scale"])
        scores = _forward(Z, *self._float64_weights(name))
        classes = network["classes"]
        if scores.shape[1] == 1:
            positive = _sigmoid(scores[:, 0])
            probabilities = np.column_stack([1.0 - positive, positive])
        else:
            probabilities = _softmax(scores)
        full = np.zeros((Z.shape[0], len(order)))
        for column, label in enumerate(classes):
            full[:, order.index(label)] = probabilities[:, column]
        return full

    def _float64_weights(self, name: str) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The weights of network *name* in float64, converted once (they are kept as float32)."""
        network = self.networks_[name]
        cache = self.__dict__.setdefault("_weights64", {})
        found = cache.get(name)
        if (
            found is None
            or found[0] is not network["coefs"]
            or found[1] is not network["intercepts"]
        ):
            found = cache[name] = (
                network["coefs"],
                network["intercepts"],
                [np.asarray(c, dtype=np.float64) for c in network["coefs"]],
                [np.asarray(b, dtype=np.float64) for b in network["intercepts"]],
            )
        return found[2], found[3]

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """The stance of every pair (see Notes of the class for the decision rule)."""
        return _decide(self.predict_proba(X))


def _decide(probabilities: np.ndarray) -> np.ndarray:
    related = probabilities[:, :3].argmax(axis=1)
    labels = np.asarray(STANCE_LABELS, dtype=object)
    return np.where(probabilities[:, 3] >= 0.5, "unrelated", labels[related]).astype(object)


def _scaled(Z: Any, mean: np.ndarray, scale: np.ndarray) -> Any:
    """Standardise the hand features; the term vectors are used as they are."""
    hand = (_hand_block(Z) - mean) / scale
    if sp.issparse(Z):
        return sp.hstack([sp.csr_matrix(hand), Z[:, len(HAND_FEATURES) :]], format="csr")
    return hand


def _hand_block(Z: Any) -> np.ndarray:
    n_hand = len(HAND_FEATURES)
    if sp.issparse(Z):
        return Z[:, :n_hand].toarray()
    return np.asarray(Z[:, :n_hand], dtype=float)


# --- metric, data and split -----------------------------------------------------------


def fnc_score(y_true: Sequence[str], y_pred: Sequence[str]) -> float:
    """The FNC-1 score as a share of the best possible score.

    Each pair earns 0.25 when related/unrelated is right and, when the gold stance is
    related (agree, disagree or discuss), another 0.75 when the stance is exactly right.

    Parameters
    ----------
    y_true, y_pred : sequence of str
        Gold and predicted stances, each one of :data:`STANCE_LABELS`.

    Returns
    -------
    float
        Score / maximum score, in [0, 1] (1.0 for an empty input).
    """
    truth = np.asarray(_texts(y_true), dtype=object)
    guess = np.asarray(_texts(y_pred), dtype=object)
    if truth.shape != guess.shape:
        raise ColumnError(
            problem(
                "y_pred",
                f"{guess.size} predictions for {truth.size} gold labels",
                fix="predict one stance per gold label",
            )
        )
    related_true = truth != "unrelated"
    related_pred = guess != "unrelated"
    score = 0.25 * np.sum(related_true == related_pred) + 0.75 * np.sum(
        related_true & (truth == guess)
    )
    best = 0.25 * truth.size + 0.75 * np.sum(related_true)
    return float(score / best) if best else 1.0


def body_id_split(
    stances: pd.DataFrame, *, test_size: float = 0.2, random_state: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split pairs into train and test so that no body is on both sides.

    ``GroupShuffleSplit`` grouped by body id: the split that ``scripts/train_claims.py``
    trains on and the benchmark reports on. It depends only on the order of the body ids,
    so ``dev_stances.csv`` as read and :func:`read_fnc_pairs` of the same folder split alike.

    Parameters
    ----------
    stances : pandas.DataFrame
        One row per pair with a ``Body ID`` (as in FNC-1 files) or ``body_id`` column.
    test_size : float, default=0.2
        Share of the bodies (not the rows) that go to the test part.
    random_state : int, default=0

    Returns
    -------
    (train, test) : tuple of pandas.DataFrame
        The rows of *stances*, original index kept.
    """
    column = next((c for c in ("Body ID", "body_id") if c in stances.columns), None)
    if column is None:
        raise ColumnError(
            problem(
                "stances",
                "column is missing",
                field="Body ID",
                fix="pass the FNC-1 stances table (column 'Body ID') or a table with 'body_id'",
            ),
            field="Body ID",
        )
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=random_state)
    train, test = next(splitter.split(stances, groups=stances[column].to_numpy()))
    return stances.iloc[train], stances.iloc[test]


def read_fnc_pairs(folder: str | Path, *, part: str = "dev") -> pd.DataFrame:
    """Read FNC-1 stances and bodies into one table of pairs.

    Parameters
    ----------
    folder : str or pathlib.Path
        Folder holding ``<part>_stances.csv`` and ``<part>_bodies.csv``.
    part : str, default="dev"
        File prefix.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FNC_PAIR_COLUMNS`, one row per stance in file order.
    """
    folder = Path(folder)
    paths = {kind: folder / f"{part}_{kind}.csv" for kind in ("stances", "bodies")}
    for path in paths.values():
        if not path.is_file():
            raise CorpusError(
                problem(path, "file not found", fix="pass the folder of the FNC-1 csv files")
            )
    stances = pd.read_csv(paths["stances"])
    bodies = pd.read_csv(paths["bodies"])
    for path, table, columns in (
        (paths["stances"], stances, ("Headline", "Body ID", "Stance")),
        (paths["bodies"], bodies, ("Body ID", "articleBody")),
    ):
        require_columns(table, columns, path, "use the FNC-1 files")
    text = dict(zip(bodies["Body ID"], bodies["articleBody"]))
    missing = sorted(set(stances["Body ID"]) - set(text))
    if missing:
        raise ColumnError(
            problem(
                paths["bodies"],
                f"no body for Body ID {missing[0]}",
                field="Body ID",
                fix="use the stances and bodies files of the same part",
            ),
            field="Body ID",
        )
    return pd.DataFrame(
        {
            "claim": stances["Headline"].astype(str).to_numpy(),
            "body": [str(text[i]) for i in stances["Body ID"]],
            "body_id": stances["Body ID"].to_numpy(),
            "stance": stances["Stance"].astype(str).to_numpy(),
        },
        index=stances.index,
    )


def baseline_features(pairs: pd.DataFrame) -> pd.DataFrame:
    """The official FNC-1 baseline's features, re-implemented.

    As in ``feature_engineering.py`` of FakeNewsChallenge/fnc-1-baseline: Jaccard overlap
    of lemmas, one indicator per refuting word in the headline, the polarity (parity of
    refuting words) of headline and body, and the "hand" features: headline tokens found
    in the body and in its first 255 characters (all tokens, then without stop words),
    character grams (2, 4, 8, 16; of the headline without stop words) found in the body,
    its first 255 and first 100 characters, and word n-grams (2 to 6) found in the body and
    its first 255 characters. Lemmas are the light ones of this module (no WordNet).

    Parameters
    ----------
    pairs : pandas.DataFrame
        Columns ``claim`` and ``body``.

    Returns
    -------
    pandas.DataFrame
        One row per pair (index kept), 44 columns.
    """
    pairs = _check_pairs(pairs, "baseline_features")
    rows = [
        _baseline_row(claim, body)
        for claim, body in zip(_texts(pairs["claim"]), _texts(pairs["body"]))
    ]
    names = ["word_overlap"] + [f"refuting_{w}" for w in BASELINE_REFUTING_WORDS]
    names += ["polarity_claim", "polarity_body", "co_occurrence", "co_occurrence_early"]
    names += ["co_occurrence_content", "co_occurrence_content_early"]
    for n in (2, 8, 4, 16):
        names += [f"chargram{n}_hits", f"chargram{n}_early_hits", f"chargram{n}_first_hits"]
    for n in (2, 3, 4, 5, 6):
        names += [f"ngram{n}_hits", f"ngram{n}_early_hits"]
    return pd.DataFrame(rows, columns=names, index=pairs.index)


def _baseline_row(claim: str, body: str) -> list[float]:
    clean_claim = " ".join(_WORD.findall(claim)).lower()
    clean_body = " ".join(_WORD.findall(body)).lower()
    claim_lemmas = {_lemma(t) for t in clean_claim.split()}
    body_lemmas = {_lemma(t) for t in clean_body.split()}
    row = [_share(len(claim_lemmas & body_lemmas), len(claim_lemmas | body_lemmas))]
    claim_tokens = clean_claim.split()
    row += [float(word in claim_tokens) for word in BASELINE_REFUTING_WORDS]
    refuting = set(BASELINE_REFUTING_WORDS)
    row += [
        float(sum(1 for t in claim_tokens if t in refuting) % 2),
        float(sum(1 for t in clean_body.split() if t in refuting) % 2),
    ]
    early = clean_body[:255]
    content_tokens = [t for t in claim_tokens if t not in ENGLISH_STOP_WORDS]
    for tokens in (claim_tokens, content_tokens):
        row += [
            float(sum(1 for t in tokens if t in clean_body)),
            float(sum(1 for t in tokens if t in early)),
        ]
    content_text = " ".join(content_tokens)
    for n in (2, 8, 4, 16):
        grams = [content_text[i : i + n] for i in range(len(content_text) - n + 1)]
        row += [
            float(sum(1 for g in grams if g in clean_body)),
            float(sum(1 for g in grams if g in early)),
            float(sum(1 for g in grams if g in clean_body[:100])),
        ]
    for n in (2, 3, 4, 5, 6):
        grams = [" ".join(claim_tokens[i : i + n]) for i in range(len(claim_tokens) - n + 1)]
        row += [
            float(sum(1 for g in grams if g in clean_body)),
            float(sum(1 for g in grams if g in early)),
        ]
    return row


# --- scoring an event -----------------------------------------------------------------


def claim_stance_of_sentences(
    claims: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    model: ClaimStanceClassifier | None = None,
) -> pd.DataFrame:
    """Stance of every sentence (or article body) toward every claim.

    Parameters
    ----------
    claims : pandas.DataFrame
        Columns ``claim_id`` and ``text`` (an event's ``claims``).
    sentences : pandas.DataFrame
        A ``text`` column and the ids that lead back to it: an event's ``sentences``
        (sentence_id, article_id, source, sentence_index, start, end, ...) or, for the
        stance of whole articles, its ``articles[["article_id", "text"]]``.
    model : ClaimStanceClassifier, optional
        Default: the shipped model (:func:`load_claim_model`).

    Returns
    -------
    pandas.DataFrame
        One row per claim and sentence, claims in their order and within a claim the
        sentences in theirs: ``claim_id``, every column of *sentences* but ``text``,
        then ``label`` and :data:`PROBA_COLUMNS`.

    Notes
    -----
    The shipped model learnt from headlines against whole article bodies. One sentence
    is shorter than anything it saw: a very short sentence with a negation (``"Russia did
    not."``) can come out related, even ``disagree``, for every claim. Read sentence
    labels as leads to check, and prefer article bodies or an aggregate weighted by
    ``1 - p_unrelated`` for verdicts.
    """
    for name, table, needed in (
        ("claims", claims, ("claim_id", "text")),
        ("sentences", sentences, ("text",)),
    ):
        require_columns(
            table,
            needed,
            name,
            "pass an event's claims table and its sentences (or articles) table",
        )
    id_columns = [c for c in sentences.columns if c not in ("text", "claim_id")]
    columns = ["claim_id", *id_columns, "label", *PROBA_COLUMNS]
    if claims.empty or sentences.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    model = _shipped_model() if model is None else model
    n_claims, n_sentences = len(claims), len(sentences)
    claim_rows = np.repeat(np.arange(n_claims), n_sentences)
    sentence_rows = np.tile(np.arange(n_sentences), n_claims)
    pairs = pd.DataFrame(
        {
            "claim": claims["text"].to_numpy()[claim_rows],
            "body": sentences["text"].to_numpy()[sentence_rows],
        }
    )
    probabilities = model.predict_proba(pairs)
    out = sentences[id_columns].iloc[sentence_rows].reset_index(drop=True)
    out.insert(0, "claim_id", claims["claim_id"].to_numpy()[claim_rows])
    out["label"] = _decide(probabilities)
    for column, values in zip(PROBA_COLUMNS, probabilities.T):
        out[column] = values
    return out[columns]


# --- shipping -------------------------------------------------------------------------


def save_model(
    model: ClaimStanceClassifier, path: str | Path, *, metadata: dict[str, Any] | None = None
) -> tuple[Path, Path]:
    """Write a fitted model as ``<path>.json`` + ``<path>.npz`` (no pickle).

    The JSON holds the configuration, the vocabulary and inverse document frequencies,
    the class order of each network and *metadata* (data description, seed, scores);
    the ``.npz`` holds the weights and the standardisation. Both files are byte-identical
    for the same model and metadata (fixed zip timestamps, sorted keys).

    Parameters
    ----------
    model : ClaimStanceClassifier
        A fitted model.
    path : str or pathlib.Path
        Where to write; the suffix is replaced by ``.json`` and ``.npz``.
    metadata : dict, optional
        JSON-serialisable facts about the training run.

    Returns
    -------
    (json_path, npz_path) : tuple of pathlib.Path
    """
    if not hasattr(model, "networks_"):
        raise ModelError(problem(path, "the model is not fitted", fix="fit it before saving"))
    path = Path(path)
    json_path, npz_path = path.with_suffix(".json"), path.with_suffix(".npz")
    features = model.features_
    arrays: dict[str, np.ndarray] = {
        "idf": np.asarray(list(features.idf_.values()), dtype=np.float64),
    }
    networks = {}
    for name, network in model.networks_.items():
        networks[name] = {"classes": list(network["classes"]), "n_layers": len(network["coefs"])}
        arrays[f"{name}_mean"] = np.asarray(network["mean"], dtype=np.float64)
        arrays[f"{name}_scale"] = np.asarray(network["scale"], dtype=np.float64)
        for layer, (coef, intercept) in enumerate(zip(network["coefs"], network["intercepts"])):
            arrays[f"{name}_coef_{layer}"] = np.asarray(coef, dtype=np.float32)
            arrays[f"{name}_intercept_{layer}"] = np.asarray(intercept, dtype=np.float32)
    params = model.get_params(deep=False)
    params.pop("features")
    params["hidden_layer_sizes"] = list(params["hidden_layer_sizes"])
    document = {
        "format": _MODEL_FORMAT,
        "version": _MODEL_VERSION,
        "sklearn_version": sklearn.__version__,
        "classes": list(STANCE_LABELS),
        "hand_features": list(HAND_FEATURES),
        "classifier_params": params,
        "feature_params": features.get_params(),
        "vocabulary": sorted(features.vocabulary_, key=features.vocabulary_.__getitem__),
        "idf_terms": list(features.idf_),
        "unseen_idf": features.unseen_idf_,
        "n_documents": features.n_documents_,
        "networks": networks,
        "arrays": sorted(arrays),
        "metadata": metadata or {},
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(
        json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    write_npz(npz_path, arrays)
    return json_path, npz_path


def load_claim_model(path: str | Path | None = None) -> ClaimStanceClassifier:
    """Load a model written by :func:`save_model` (never unpickles anything).

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The ``.json`` file (its ``.npz`` sits beside it). Default: the shipped model,
        ``workbench/models/claims.json``.

    Returns
    -------
    ClaimStanceClassifier
        Fitted; its ``metadata_`` attribute holds the metadata saved with it.
    """
    if path is None:
        shipped = resources.files("workbench") / "models" / _DEFAULT_MODEL
        with resources.as_file(shipped) as json_path:
            return _load(Path(json_path))
    return _load(Path(path))


@functools.lru_cache(maxsize=1)
def _shipped_model() -> ClaimStanceClassifier:
    """The shipped model, loaded once per process."""
    return load_claim_model()


def _load(json_path: Path) -> ClaimStanceClassifier:
    json_path = json_path.with_suffix(".json")
    document, arrays, _ = read_model_files(json_path, train_script="scripts/train_claims.py")
    if document.get("format") != _MODEL_FORMAT or document.get("version") != _MODEL_VERSION:
        raise ModelError(
            problem(
                json_path,
                "not a claim-stance model of this version",
                field="format",
                fix="re-train with scripts/train_claims.py",
            ),
            field="format",
        )
    if document.get("hand_features") != HAND_FEATURES:
        raise ModelError(
            problem(
                json_path,
                "the model's features differ from this code's",
                field="hand_features",
                fix="re-train with scripts/train_claims.py",
            ),
            field="hand_features",
        )
    params = dict(document["classifier_params"])
    params["hidden_layer_sizes"] = tuple(params["hidden_layer_sizes"])
    features = ClaimPairFeatures(**document["feature_params"])
    features.vocabulary_ = {term: index for index, term in enumerate(document["vocabulary"])}
    features.idf_ = dict(zip(document["idf_terms"], arrays["idf"].tolist()))
    features.unseen_idf_ = float(document["unseen_idf"])
    features.n_documents_ = int(document["n_documents"])
    features.n_features_in_ = 2
    features.feature_names_in_ = np.asarray(PAIR_COLUMNS, dtype=object)
    model = ClaimStanceClassifier(
        features=ClaimPairFeatures(**document["feature_params"]), **params
    )
    model.features_ = features
    model.classes_ = np.asarray(document["classes"], dtype=object)
    model.n_features_in_ = 2
    model.feature_names_in_ = np.asarray(PAIR_COLUMNS, dtype=object)
    model.networks_ = {
        name: {
            "coefs": [arrays[f"{name}_coef_{i}"] for i in range(spec["n_layers"])],
            "intercepts": [arrays[f"{name}_intercept_{i}"] for i in range(spec["n_layers"])],
            "classes": list(spec["classes"]),
            "mean": arrays[f"{name}_mean"],
            "scale": arrays[f"{name}_scale"],
        }
        for name, spec in document["networks"].items()
    }
    model.metadata_ = document.get("metadata", {})
    return model
