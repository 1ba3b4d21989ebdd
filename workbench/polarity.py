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
import operator
import re
import sys
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

from workbench.errors import ColumnError, ModelError, problem, require_columns
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
    require_columns(
        X,
        MENTION_COLUMNS,
        where,
        "pass the sentence as 'text' and the target's offsets as 'start', 'end'",
    )
    mentions = []
    # (the token pattern has no anchors nor look-behind: searching a span of a text finds
    # what searching the span's copy finds)
    findall = _TOKEN.findall
    lowered: dict[str, str] = {}
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
        if text.isascii():  # lower-casing keeps the offsets: read the parts in place
            lower = lowered.get(text)
            if lower is None:
                lower = lowered[text] = text.lower()
            mentions.append(
                _Mention(findall(lower, 0, start), findall(lower, start, end), findall(lower, end))
            )
        else:
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
    i, j = _clause_bounds(mention)
    return mention.left[i:], mention.right[:j]


def _clause_bounds(mention: _Mention) -> tuple[int, int]:
    """The clause as ``left[i:]`` and ``right[:j]``: ``(i, j)``."""
    i = len(mention.left)
    while i > 0 and mention.left[i - 1] not in _CLAUSE_BREAKS:
        i -= 1
    j = 0
    while j < len(mention.right) and mention.right[j] not in _CLAUSE_BREAKS:
        j += 1
    return i, j


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


@functools.lru_cache(maxsize=1)
def _vader_tables() -> tuple[Any, frozenset[str], frozenset[str]]:
    """VADER's module, its single-character emoji keys and its negation words."""
    from vaderSentiment import vaderSentiment as module

    emojis = frozenset(key for key in _vader().emojis if len(key) == 1)
    return module, emojis, frozenset(module.NEGATE)


@functools.lru_cache(maxsize=1 << 16)
def _vader_scores(text: str) -> tuple[float, float, float]:
    """VADER's ``compound``, ``pos`` and ``neg`` of *text*, exactly as ``polarity_scores``.

    A port of ``SentimentIntensityAnalyzer.polarity_scores`` (vaderSentiment 3.3) that
    reads each word's lower-cased form once instead of once per rule, scores a lexicon
    word once per context (:func:`_word_valence`), and returns zeros at once when no word
    is in the lexicon (every sentiment is then 0). Text with an emoji or with words in
    capitals (where VADER's emphasis rules apply) goes to VADER itself.
    """
    analyzer = _vader()
    emojis = _vader_tables()[1]
    if not text.isascii() and not emojis.isdisjoint(text):
        return _vader_itself(text)
    text = text.strip()
    read = [_vader_word(word) for word in text.split()]
    words = [word for word, _ in read]
    lower = [word for _, word in read]
    lexicon = analyzer.lexicon
    if not any(word in lexicon for word in lower):
        return 0.0, 0.0, 0.0
    if _vader_tables()[0].allcap_differential(words):
        return _vader_itself(text)
    in_lexicon = tuple([word in lexicon for word in lower])
    return _score_words(tuple(lower), in_lexicon, text.count("!"), text.count("?"))


def _vader_itself(text: str) -> tuple[float, float, float]:
    scores = _vader().polarity_scores(text)
    return scores["compound"], scores["pos"], scores["neg"]


def _score_words(
    lower: tuple[str, ...], in_lexicon: tuple[int, ...], exclamations: int, questions: int
) -> tuple[float, float, float]:
    """VADER's scores of words read as VADER reads them (no capitals, no emoji), given
    which of them are in its lexicon (at least one) and the text's counts of ``!`` and
    ``?``."""
    n = len(lower)
    # a word outside the lexicon is 0, as in VADER (as are boosters and "kind of")
    sentiments: list[float] = [0] * n
    known = list(itertools.compress(range(n), in_lexicon))
    for i in known:
        before = i if i < 3 else 3
        sentiments[i] = _word_valence(lower[i - before : i + 3], before)
    if "but" in lower:
        sentiments = _vader_tables()[0].SentimentIntensityAnalyzer._but_check(lower, sentiments)
    return _score_valence(sentiments, known, exclamations, questions)


def _score_valence(
    sentiments: list[float], known: list[int], exclamations: int, questions: int
) -> tuple[float, float, float]:
    """VADER's ``score_valence`` (rounded as ``polarity_scores`` rounds), given the counts
    of ``!`` and ``?`` in the text instead of the text.

    Only the *known* positions (the lexicon words) can hold a sentiment other than 0:
    VADER's ``_but_check`` only scales values or moves them between equal values.
    """
    if not sentiments:
        return 0.0, 0.0, 0.0
    sum_s = float(sum(sentiments))
    if exclamations > 4:
        exclamations = 4
    ep_amplifier = exclamations * 0.292
    qm_amplifier: float = 0
    if questions > 1:
        qm_amplifier = questions * 0.18 if questions <= 3 else 0.96
    amplifier = ep_amplifier + qm_amplifier
    if sum_s > 0:
        sum_s += amplifier
    elif sum_s < 0:
        sum_s -= amplifier
    compound = _vader_tables()[0].normalize(sum_s)
    pos_sum = 0.0
    neg_sum = 0.0
    neu_count = len(sentiments)
    for i in known:
        score = sentiments[i]
        if score > 0:
            pos_sum += float(score) + 1
            neu_count -= 1
        elif score < 0:
            neg_sum += float(score) - 1
            neu_count -= 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += amplifier
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= amplifier
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return (
        round(compound, 4),
        round(math.fabs(pos_sum / total), 3),
        round(math.fabs(neg_sum / total), 3),
    )


@functools.lru_cache(maxsize=1 << 18)
def _word_valence(context: tuple[str, ...], i: int) -> float:
    """VADER's sentiment of the lower-cased word ``context[i]`` (no capitals around).

    *context* holds the word, the (at most) three words before it and the two after it:
    all that VADER's rules read (``sentiment_valence`` with its negation, idiom and
    "least" checks; boosters and "kind of" are 0), so equal contexts score equally. A
    lexicon word with none of the words those rules look for around it
    (:func:`_modifiers`) keeps its lexicon valence, as the rules would leave it.
    """
    lexicon = _vader().lexicon
    item = context[i]
    # (words hold no space, so "n't" is in the joined words only if in one of them)
    if item in lexicon and _modifiers().isdisjoint(context) and "n't" not in " ".join(context):
        return lexicon[item]
    return _word_valence_rules(context, i)


@functools.lru_cache(maxsize=1)
def _modifiers() -> frozenset[str]:
    """Words that VADER's rules for a neighbouring lexicon word react to: boosters,
    negations, "no", "least", "so", "this", "kind" (of), and a word of every idiom.

    A word not here (nor holding "n't") changes nothing: it is no booster, so its scalar
    is 0; no negation, no part of "never so", "without doubt", "at least" or "kind of";
    and no idiom of ``SPECIAL_CASES`` or multi-word booster is complete without one of
    the words listed for it.
    """
    module = _vader_tables()[0]
    words = {word for key in module.BOOSTER_DICT for word in key.split()}
    words |= set(_vader_tables()[2])
    words |= {"no", "never", "without", "least", "so", "this", "kind"}
    # one word of each idiom VADER checks (every idiom needs all its words)
    idioms = {"shit", "bomb", "ass", "badass", "bus", "yeah", "kiss", "die", "beating"}
    if not all(idioms & set(key.split()) for key in module.SPECIAL_CASES):
        raise ModelError(problem("vaderSentiment", "unknown idioms", fix="pin vaderSentiment"))
    return frozenset(words | idioms)


def _word_valence_rules(context: tuple[str, ...], i: int) -> float:
    """:func:`_word_valence` by VADER's rules, one by one."""
    module, _, negations = _vader_tables()
    lower = context
    n = len(lower)
    item = lower[i]
    boosters, special = module.BOOSTER_DICT, module.SPECIAL_CASES
    lexicon = _vader().lexicon
    if item in boosters or (i < n - 1 and item == "kind" and lower[i + 1] == "of"):
        return 0
    if item not in lexicon:
        return 0
    n_scalar = module.N_SCALAR
    valence: float = lexicon[item]
    if item == "no" and i != n - 1 and lower[i + 1] in lexicon:
        valence = 0.0
    if (
        (i > 0 and lower[i - 1] == "no")
        or (i > 1 and lower[i - 2] == "no")
        or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
    ):
        valence = lexicon[item] * n_scalar
    for start_i in range(3):
        before = lower[i - (start_i + 1)] if i > start_i else None
        if before is None or before in lexicon:
            continue
        s = module.scalar_inc_dec(before, valence, False)
        if start_i == 1 and s != 0:
            s = s * 0.95
        if start_i == 2 and s != 0:
            s = s * 0.9
        valence = valence + s
        # VADER's _negation_check
        if start_i == 0:
            if before in negations or "n't" in before:
                valence = valence * n_scalar
        elif start_i == 1:
            if lower[i - 2] == "never" and lower[i - 1] in ("so", "this"):
                valence = valence * 1.25
            elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
                pass
            elif before in negations or "n't" in before:
                valence = valence * n_scalar
        else:
            if (lower[i - 3] == "never" and lower[i - 2] in ("so", "this")) or lower[i - 1] in (
                "so",
                "this",
            ):
                valence = valence * 1.25
            elif lower[i - 3] == "without" and "doubt" in (lower[i - 2], lower[i - 1]):
                pass
            elif before in negations or "n't" in before:
                valence = valence * n_scalar
            valence = _special_idioms(valence, lower, i, special, boosters)
    # VADER's _least_check
    if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * n_scalar
    elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        valence = valence * n_scalar
    return valence


@functools.lru_cache(maxsize=1 << 16)
def _vader_word(word: str) -> tuple[str, str]:
    """A whitespace-separated word as VADER reads it (punctuation stripped), and lower-cased."""
    item = _vader_tables()[0].SentiText._strip_punc_if_word(word)
    return item, item.lower()


# flags of _token_facts: of the token, and of the word VADER reads
_NEGATION, _QUOTE, _BREAK, _BUT, _EXCLAMATION, _QUESTION, _MODIFIER = 1, 2, 4, 8, 16, 32, 64
_TOKEN_FLAGS = {
    token: _NEGATION * (token in _NEGATIONS)
    | _QUOTE * (token in _QUOTES)
    | _BREAK * (token in _CLAUSE_BREAKS)
    for token in _NEGATIONS | _QUOTES | _CLAUSE_BREAKS
}
_WORD_FLAGS = {"but": _BUT, "!": _EXCLAMATION, "?": _QUESTION}


#: Facts of the tokens read so far (:func:`_facts_of`); emptied when it grows past
#: :data:`_FACTS_SIZE` entries.
_FACTS: dict[str, tuple[str, int, float, int, float]] = {}
_FACTS_SIZE = 1 << 18


def _facts_of(tokens: list[str]) -> list[tuple[str, int, float, int, float]]:
    """:func:`_token_facts` of each of *tokens*, each distinct token worked out once."""
    if len(_FACTS) > _FACTS_SIZE:
        _FACTS.clear()
    unknown = list(set(tokens).difference(_FACTS))
    if unknown:
        _FACTS.update(zip(unknown, _facts_of_new(unknown)))
    return list(map(_FACTS.__getitem__, tokens))


def _token_facts(token: str) -> tuple[str, int, float, int, float]:
    """What the numeric features need of one token: its form as VADER reads it; a code,
    0 outside VADER's lexicon, 1 in it, 2 when VADER must read the text itself (an
    emoji, or capitals); the token's own lexicon valence (0 if none); flags (a
    negation, a quote mark, a clause break, "but", "!", "?", a word of
    :func:`_modifiers`); and the lexicon valence of the word VADER reads."""
    return _facts_of_new([token])[0]


def _facts_of_new(tokens: list[str]) -> list[tuple[str, int, float, int, float]]:
    """:func:`_token_facts` of each of *tokens*, worked out."""
    lexicon = _vader().lexicon
    module, emojis, _ = _vader_tables()
    strip = module.SentiText._strip_punc_if_word  # as VADER reads a word
    modifiers = _modifiers()
    token_flags, word_flags = _TOKEN_FLAGS.get, _WORD_FLAGS.get
    found = []
    for token in tokens:
        item = strip(token)
        lower = item.lower()
        if item.isupper() or (not token.isascii() and not emojis.isdisjoint(token)):
            code = 2
        else:
            code = 1 if lower in lexicon else 0
        flags = token_flags(token, 0) | word_flags(lower, 0)
        if lower in modifiers or "n't" in lower:
            flags |= _MODIFIER
        found.append((lower, code, lexicon.get(token, 0.0), flags, lexicon.get(lower, 0.0)))
    return found


def _special_idioms(
    valence: float, lower: Sequence[str], i: int, special: dict, boosters: dict
) -> float:
    """VADER's ``_special_idioms_check`` on the lower-cased words (``i >= 3``)."""
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for sequence in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if sequence in special:
            valence = special[sequence]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in special:
            valence = special[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in special:
            valence = special[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in boosters:
            valence = valence + boosters[n_gram]
    return valence


def _numeric_row(mention: _Mention, window: int) -> list[float]:
    """The values of :data:`NUMERIC_FEATURES` for one mention (unscaled)."""
    lexicon = _vader().lexicon
    left, right = mention.left, mention.right
    near_left = left[-window:] if window else []
    near_right = right[:window]
    clause_left, clause_right = _clause(mention)
    row: list[float] = []
    for segment in (
        near_left + near_right,
        near_left,
        near_right,
        left + right,
        clause_left + clause_right,
    ):
        row += _vader_scores(" ".join(segment))
    # sums in the order of _sides: left tokens far to near, then right tokens near to far
    left_pos = left_neg = right_pos = right_neg = 0.0
    n_left = len(left)
    for i, token in enumerate(left):
        valence = lexicon.get(token, 0.0)
        if valence > 0:
            left_pos += abs(valence) / 4 / math.sqrt(1 + (n_left - i))
        elif valence < 0:
            left_neg += abs(valence) / 4 / math.sqrt(1 + (n_left - i))
    for i, token in enumerate(right):
        valence = lexicon.get(token, 0.0)
        if valence > 0:
            right_pos += abs(valence) / 4 / math.sqrt(1 + (i + 1))
        elif valence < 0:
            right_neg += abs(valence) / 4 / math.sqrt(1 + (i + 1))
    row += [left_pos, left_neg, right_pos, right_neg]
    negated = not _NEGATIONS.isdisjoint(left[-4:]) or not _NEGATIONS.isdisjoint(right[:6])
    inside_quotes = sum(token in _QUOTES for token in left) % 2 == 1
    row += [
        float(negated),
        float(inside_quotes),
        float(not left),
        min(len(left), 30) / 30,
        min(len(right), 30) / 30,
    ]
    return row


def _numeric_rows(mentions: Sequence[_Mention], window: int) -> np.ndarray:
    """:func:`_numeric_row` of every mention, as an array: the same numbers, faster.

    Every VADER window of a mention is a run of its context tokens (left then right, the
    target left out), so the tokens of all mentions are read once (:func:`_token_facts`)
    and each lexicon word is scored once in its full context (:func:`_word_valence`);
    only where a window cuts that context short is it scored again. The windows' scores
    follow VADER's ``score_valence`` on arrays: each sum adds the same numbers in the
    same order (Python's ``sum`` for the compound, sequential ``np.bincount`` for the
    positive and negative sums), and Python rounds them. A window with "but" is scored
    word by word (:func:`_score_words`), one with an emoji or capitals by
    :func:`_vader_scores`.
    """
    n = len(mentions)
    out = np.zeros((n, len(NUMERIC_FEATURES)), dtype=np.float64)
    if n == 0:
        return out
    sizes = np.asarray([(len(m.left), len(m.right)) for m in mentions], dtype=np.int64)
    n_left, n_right = sizes[:, 0], sizes[:, 1]
    raw = list(
        itertools.chain.from_iterable(
            itertools.chain.from_iterable((m.left, m.right) for m in mentions)
        )
    )
    n_tokens = len(raw)
    facts = _facts_of(raw)

    def field(number: int, dtype: type) -> np.ndarray:
        return np.fromiter(map(operator.itemgetter(number), facts), dtype, n_tokens)

    lower = tuple(map(operator.itemgetter(0), facts))
    code, flag = field(1, np.int64), field(3, np.int64)
    length = n_left + n_right
    first = np.cumsum(length) - length  # where each mention's context starts
    row = np.repeat(np.arange(n), length)
    pos = np.arange(n_tokens) - first[row]
    is_left = pos < n_left[row]
    # the clause: after the last break on the left, before the first on the right
    clause_start = np.zeros(n, dtype=np.int64)
    breaks = (flag & _BREAK) > 0
    np.maximum.at(clause_start, row[breaks & is_left], pos[breaks & is_left] + 1)
    clause_end = length.copy()
    np.minimum.at(clause_end, row[breaks & ~is_left], pos[breaks & ~is_left])
    # the five windows of NUMERIC_FEATURES as [low, high) in the flat token list
    near = np.maximum(n_left - window, 0) if window else n_left
    near_end = n_left + np.minimum(window, n_right)
    low = first[:, None] + np.column_stack([near, near, n_left, np.zeros_like(near), clause_start])
    high = first[:, None] + np.column_stack([near_end, n_left, near_end, length, clause_end])
    low, high = low.ravel(), high.ravel()

    def in_window(mask: np.ndarray) -> np.ndarray:
        cumulative = np.concatenate([[0], np.cumsum(mask)])
        return cumulative[high] - cumulative[low]

    special = in_window(code == 2)
    with_but = in_window((flag & _BUT) > 0)
    known = np.flatnonzero(code == 1)  # lexicon words, in order
    first_known = np.searchsorted(known, low)
    n_known = np.searchsorted(known, high) - first_known
    scores = np.zeros((len(low), 3), dtype=np.float64)
    # each lexicon word in its mention's context (up to 3 words before, 2 after): its
    # lexicon valence unless a modifier is there (as _word_valence has it)
    start_of = first[row[known]]
    context_low = np.maximum(start_of, known - 3)
    context_high = np.minimum(start_of + length[row[known]], known + 3)
    modifiers = np.concatenate([[0], np.cumsum((flag & _MODIFIER) > 0)])
    lexicon_valence = field(4, np.float64)[known]
    full = lexicon_valence.copy()
    for at in np.flatnonzero(modifiers[context_high] > modifiers[context_low]).tolist():
        a, b = int(context_low[at]), int(context_high[at])
        full[at] = _word_valence(lower[a:b], int(known[at]) - a)
    plain = np.flatnonzero((n_known > 0) & (special == 0) & (with_but == 0))
    if len(plain):
        counts = n_known[plain]
        segment = np.repeat(np.arange(len(plain)), counts)
        offsets = np.cumsum(counts) - counts
        which = np.repeat(first_known[plain], counts) + np.arange(len(segment)) - offsets[segment]
        word = known[which]
        cut_low = np.maximum(low[plain][segment], word - 3)
        cut_high = np.minimum(high[plain][segment], word + 3)
        # where a window cuts a word's context short: again, by the same rule
        cut = (cut_low != context_low[which]) | (cut_high != context_high[which])
        value = np.where(cut, lexicon_valence[which], full[which])
        for at in np.flatnonzero(cut & (modifiers[cut_high] > modifiers[cut_low])).tolist():
            a, b, i = int(cut_low[at]), int(cut_high[at]), int(word[at])
            value[at] = _word_valence(lower[a:b], i - a)
        size = len(plain)
        if sys.version_info < (3, 12):  # Python's sum adds floats one by one, as bincount
            total_s = np.bincount(segment, value, size)
        else:  # a compensated sum since 3.12: Python's own
            values = value.tolist()
            bounds = np.append(offsets, len(values)).tolist()
            total_s = np.asarray(
                [float(sum(values[a:b])) for a, b in itertools.pairwise(bounds)],
                dtype=np.float64,
            )
        pos_sum = np.bincount(segment, np.where(value > 0, value + 1, 0.0), size)
        neg_sum = np.bincount(segment, np.where(value < 0, value - 1, 0.0), size)
        neutral = (high[plain] - low[plain]) - np.bincount(segment, value != 0, size)
        exclamations = np.minimum(in_window((flag & _EXCLAMATION) > 0)[plain], 4)
        questions = in_window((flag & _QUESTION) > 0)[plain]
        amplifier = exclamations * 0.292 + np.where(
            questions > 1, np.where(questions <= 3, questions * 0.18, 0.96), 0
        )
        total_s = np.where(
            total_s > 0, total_s + amplifier, np.where(total_s < 0, total_s - amplifier, total_s)
        )
        compound = np.clip(total_s / np.sqrt(total_s * total_s + 15), -1.0, 1.0)
        magnitude = np.abs(neg_sum)
        more, less = pos_sum > magnitude, pos_sum < magnitude
        pos_sum = np.where(more, pos_sum + amplifier, pos_sum)
        neg_sum = np.where(less, neg_sum - amplifier, neg_sum)
        total = pos_sum + np.abs(neg_sum) + neutral
        scores[plain, 0] = _round(compound, 4)
        scores[plain, 1] = _round(np.abs(pos_sum / total), 3)
        scores[plain, 2] = _round(np.abs(neg_sum / total), 3)
    for at in np.flatnonzero((special > 0) | ((n_known > 0) & (with_but > 0))).tolist():
        a, b = int(low[at]), int(high[at])
        if special[at]:
            scores[at] = _vader_scores(" ".join(raw[a:b]))
        else:
            words = lower[a:b]
            known_words = tuple(code[a:b].tolist())
            scores[at] = _score_words(words, known_words, words.count("!"), words.count("?"))
    out[:, :15] = scores.reshape(n, 15)
    # lexicon sums: left tokens far to near (distance n_left - i), right near to far
    valence = field(2, np.float64)
    distance = np.where(is_left, n_left[row] - pos, pos - n_left[row] + 1)
    weighted = np.abs(valence) / 4 / np.sqrt((1 + distance).astype(np.float64))
    for column, chosen in (
        (15, is_left & (valence > 0)),
        (16, is_left & (valence < 0)),
        (17, ~is_left & (valence > 0)),
        (18, ~is_left & (valence < 0)),
    ):
        out[:, column] = np.bincount(row[chosen], weighted[chosen], n)
    negation = ((flag & _NEGATION) > 0) & np.where(
        is_left, pos >= n_left[row] - 4, pos - n_left[row] < 6
    )
    quotes = np.bincount(row[is_left & ((flag & _QUOTE) > 0)], minlength=n)
    out[:, 19] = np.bincount(row[negation], minlength=n) > 0
    out[:, 20] = quotes % 2 == 1
    out[:, 21] = n_left == 0
    out[:, 22] = np.minimum(n_left, 30) / 30
    out[:, 23] = np.minimum(n_right, 30) / 30
    return out


def _round(values: np.ndarray, digits: int) -> np.ndarray:
    """``round(value, digits)`` of each value (at most 1 in size), as Python rounds it.

    Python rounds the exact binary value to the nearest decimal (ties to even) and reads
    that back: ``k / 10**digits`` for the right integer ``k``, which ``np.rint`` of the
    scaled value finds unless the scaled value is within a rounding error of a tie;
    those few are left to Python.
    """
    scaled = values * 10.0**digits
    out = np.rint(scaled) / 10.0**digits
    near_tie = np.abs(np.abs(scaled - np.floor(scaled)) - 0.5) < 1e-6
    near_tie |= np.abs(values) > 1
    if near_tie.any():
        out[near_tie] = [round(value, digits) for value in values[near_tie].tolist()]
    return out


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
        self._lookup = _Lookup(self.vocabularies_)
        self._idf_all = np.concatenate(
            [np.asarray(self.idf_[block], dtype=np.float64) for block in BLOCKS]
        )

    def _numbers(self, mentions: Sequence[_Mention]) -> np.ndarray:
        return _numeric_rows(mentions, self.window)

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
        if not hasattr(self, "_lookup"):
            self._index_vocabularies()
        return _sparse_features(self, _mentions(X))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """``<block>__<term>`` for every TF-IDF column, then ``numeric__<name>``."""
        check_is_fitted(self, "vocabularies_")
        names = [f"{block}__{term}" for block in BLOCKS for term in self.vocabularies_[block]]
        names += [f"numeric__{name}" for name in NUMERIC_FEATURES]
        return np.asarray(names, dtype=object)


# --- the vectorised transform -----------------------------------------------------------

#: Blocks whose terms are tokens and bigrams of tokens ("a b").
_WORD_BLOCKS = ("left", "right", "sentence", "window")
#: Rows of :attr:`_Lookup.unigrams`: the word blocks, the target, the clause by side, then
#: the position block by side and distance bucket.
_BUCKETS = ("1", "3", "6", "12", "far")
_UNIGRAM_ROWS = (
    *_WORD_BLOCKS,
    "target",
    "clause_l",
    "clause_r",
    *(f"position_{side}{bucket}" for side in "lr" for bucket in _BUCKETS),
)
_CHAR_CACHE_SIZE = 200_000


class _Lookup:
    """The vocabularies of a fitted :class:`TargetContextFeatures` as arrays over token ids.

    Every token that occurs in some vocabulary term gets an id; ``unigrams[r, id]`` is the
    output column of that token in row ``r`` of :data:`_UNIGRAM_ROWS` (``-1`` if none), the
    last column standing for tokens no term uses. Bigrams of all word blocks are integer
    keys (:meth:`bigram_key`) in one hash index; character n-grams are integers too (their
    characters' codes side by side, :meth:`_index_chars`), looked up the same way. Columns
    are global (the blocks side by side, in :data:`BLOCKS` order). Built from the
    vocabularies at load time (the model files hold only the vocabularies).
    """

    def __init__(self, vocabularies: dict[str, list[str]]):
        self.offsets = dict(
            zip(BLOCKS, np.cumsum([0] + [len(vocabularies[b]) for b in BLOCKS[:-1]]).tolist())
        )
        self.n_columns = sum(len(vocabularies[b]) for b in BLOCKS)
        row_of = {name: row for row, name in enumerate(_UNIGRAM_ROWS)}
        # every term's tokens, in the order of the terms: ids go by first appearance
        appearance: list[str] = [_MASK, *sorted(_CLAUSE_BREAKS)]
        unigram_rows: list[np.ndarray] = []
        unigram_tokens: list[str] = []
        unigram_columns: list[np.ndarray] = []
        bigram_tokens: dict[str, tuple[list[str], list[str], np.ndarray]] = {}

        def add_unigrams(rows: np.ndarray | int, tokens: list[str], columns: np.ndarray):
            unigram_rows.append(np.broadcast_to(np.asarray(rows, dtype=np.int64), len(tokens)))
            unigram_tokens.extend(tokens)
            unigram_columns.append(columns)

        for block in BLOCKS:
            terms = vocabularies[block]
            columns = np.arange(self.offsets[block], self.offsets[block] + len(terms))
            if block in _WORD_BLOCKS:
                # a term is a token or two tokens with a space between (tokens hold none)
                single = ~np.fromiter(
                    map(str.__contains__, terms, itertools.repeat(" ")), bool, len(terms)
                )
                words = " ".join(terms).split(" ") if terms else []
                pairs = (
                    " ".join(itertools.compress(terms, ~single)).split(" ")
                    if not single.all()
                    else []
                )
                if len(words) != len(terms) + (~single).sum() or len(pairs) % 2:
                    raise ModelError(
                        problem(block, "a term has more than two tokens", fix="re-train")
                    )
                appearance.extend(words)
                bigram_tokens[block] = (pairs[0::2], pairs[1::2], columns[~single])
                add_unigrams(
                    row_of[block], list(itertools.compress(terms, single)), columns[single]
                )
            elif block == "target":
                appearance.extend(terms)
                add_unigrams(row_of[block], list(terms), columns)
            elif block == "clause":
                tokens = [term[2:] for term in terms]
                appearance.extend(tokens)
                rows = [row_of[f"clause_{term[0]}"] for term in terms]
                add_unigrams(np.asarray(rows, dtype=np.int64), tokens, columns)
            elif block == "position":
                cuts = [term.index("_", 1) for term in terms]
                tokens = [term[cut + 1 :] for term, cut in zip(terms, cuts)]
                appearance.extend(tokens)
                rows = [
                    row_of[f"position_{term[0]}{term[1:cut]}"] for term, cut in zip(terms, cuts)
                ]
                add_unigrams(np.asarray(rows, dtype=np.int64), tokens, columns)
        chars = vocabularies["chars"]
        offset = self.offsets["chars"]
        self.chars: dict[str, dict[str, int]] = {"l": {}, "r": {}}
        for column, term in enumerate(chars, offset):
            self.chars[term[0]][term[1:]] = column
        token_ids = dict(zip(dict.fromkeys(appearance), itertools.count()))
        self.mask = token_ids[_MASK]

        def ids_of(tokens: list[str]) -> np.ndarray:
            return np.fromiter(map(token_ids.__getitem__, tokens), np.int64, len(tokens))

        unigrams = (
            np.concatenate(unigram_rows),
            ids_of(unigram_tokens),
            np.concatenate(unigram_columns),
        )
        bigrams = {
            block: np.column_stack([ids_of(first), ids_of(second), columns])
            for block, (first, second, columns) in bigram_tokens.items()
        }
        self.token_ids = token_ids
        self.n_tokens = n_tokens = len(token_ids)
        # one more column for the tokens that are in no term (id -1)
        self.unigrams = np.full((len(_UNIGRAM_ROWS), n_tokens + 1), -1, dtype=np.int64)
        rows, ids, columns = unigrams
        self.unigrams[rows, ids] = columns
        self.row_of = row_of
        # the bigrams of all blocks in one hash index, keyed by (block, first, second)
        if len(_WORD_BLOCKS) * (n_tokens + 1) ** 2 >= 2**63:
            raise ModelError(problem("vocabularies", "too many tokens to index bigrams"))
        self._bigram_blocks = {block: number for number, block in enumerate(_WORD_BLOCKS)}
        tables = [
            np.asarray(bigrams[block], dtype=np.int64).reshape(-1, 3) for block in _WORD_BLOCKS
        ]
        self._bigram_index = pd.Index(
            np.concatenate(
                [
                    self.bigram_key(block, table[:, 0], table[:, 1])
                    for block, table in zip(_WORD_BLOCKS, tables)
                ]
            )
        )
        self._bigram_columns = np.concatenate([table[:, 2] for table in tables])
        self.breaks = np.zeros(n_tokens + 1, dtype=bool)
        self.breaks[[token_ids[token] for token in _CLAUSE_BREAKS]] = True
        self._char_cache = functools.lru_cache(maxsize=_CHAR_CACHE_SIZE)(self._char_grams)
        self._index_chars()

    def ids(self, tokens: list[str]) -> np.ndarray:
        found = map(self.token_ids.get, tokens, itertools.repeat(-1))
        return np.fromiter(found, np.int64, len(tokens))

    def unigram(self, row: str, ids: np.ndarray) -> np.ndarray:
        return self.unigrams[self.row_of[row], ids]

    def bigram_key(self, block: str, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Keys of the bigrams ``(first, second)`` of token ids (``>= 0``) in *block*."""
        return (self._bigram_blocks[block] * self.n_tokens + first) * self.n_tokens + second

    def bigram_columns(self, keys: np.ndarray) -> np.ndarray:
        """Columns of the bigrams with these :meth:`bigram_key` s (``-1`` if not a term)."""
        at = self._bigram_index.get_indexer(keys)
        return np.where(at >= 0, self._bigram_columns[at], -1)

    def char_columns(self, side: str, word: str) -> list[int]:
        """Columns of the character 2- to 5-grams of `` word `` on *side* (repeats kept)."""
        return list(self._char_cache(word)[side == "r"])

    def char_columns_of(self, words: list[str], right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`char_columns` of all *words* at once, each on the right if *right* says
        so, else on the left: for each column found, the index of its word in *words*,
        and the column."""
        if not words:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        codes, distinct = pd.factorize(np.asarray(words, dtype=object))
        pairs, occurrence = np.unique(codes * 2 + right, return_inverse=True)
        which = distinct[pairs // 2].tolist()
        on_right = pairs % 2 == 1
        if self._char_bits:
            word, columns = self._char_columns_packed(which, on_right)
        else:  # an alphabet too large to pack: word by word
            found = [self._char_cache(text)[side] for text, side in zip(which, on_right.tolist())]
            sizes = np.fromiter(map(len, found), np.int64, len(found))
            word = np.repeat(np.arange(len(found)), sizes)
            columns = np.fromiter(itertools.chain.from_iterable(found), np.int64, sizes.sum())
        # every occurrence of a word on a side gets the columns found for it
        order = np.argsort(occurrence, kind="stable")
        first = np.searchsorted(occurrence[order], np.arange(len(pairs)))
        copies = np.bincount(occurrence, minlength=len(pairs))[word]
        entry = np.repeat(np.arange(len(word)), copies)
        at = np.arange(len(entry)) - np.repeat(np.cumsum(copies) - copies, copies)
        return order[first[word][entry] + at], columns[entry]

    def _index_chars(self) -> None:
        """The character n-gram terms as integers, for :meth:`_char_columns_packed`.

        Each character of the terms gets a code from 1 (0 is any other character); a
        gram of ``n`` characters is its codes side by side, ``bits`` each, after ``n``.
        Equal numbers are then equal strings.
        """
        grams = {side: list(terms) for side, terms in self.chars.items()}
        alphabet = sorted(set().union(*("".join(terms) for terms in grams.values())))
        bits = max(8, len(alphabet).bit_length())
        self._char_bits = bits if 5 * bits + 4 <= 63 else 0
        if not self._char_bits:
            return
        table = np.zeros(max(map(ord, alphabet), default=0) + 2, dtype=np.int64)
        table[[ord(char) for char in alphabet]] = np.arange(1, len(alphabet) + 1)
        self._char_table = table
        all_keys, all_columns = [], []
        for side, terms in grams.items():
            lengths = np.fromiter(map(len, terms), np.int64, len(terms))
            if len(terms) and (lengths.min() < 2 or lengths.max() > 5):
                raise ModelError(problem("chars", "a gram of other than 2 to 5 characters"))
            keys = np.empty(len(terms), dtype=np.int64)
            for n in range(2, 6):
                chosen = np.flatnonzero(lengths == n)
                codes = self._char_codes("".join(terms[i] for i in chosen)).reshape(-1, n)
                keys[chosen] = self._pack(codes.T, n)
            all_keys.append(keys | ((side == "r") << (5 * bits + 3)))
            all_columns.append(
                np.fromiter(map(self.chars[side].__getitem__, terms), np.int64, len(terms))
            )
        self._char_keys = pd.Index(np.concatenate(all_keys))
        self._char_key_columns = np.concatenate(all_columns)

    def _char_codes(self, text: str) -> np.ndarray:
        """The code of each character of *text* (0 for those of no gram)."""
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        table = self._char_table
        return table[np.minimum(points, len(table) - 1)]

    def _pack(self, codes: Sequence[np.ndarray], n: int) -> np.ndarray:
        """The numbers of grams of *n* characters, given their characters' codes."""
        key = np.full(len(codes[0]), n, dtype=np.int64)
        for column in codes[:n]:
            key = (key << self._char_bits) | column
        return key

    def _char_columns_packed(
        self, words: list[str], right: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """For every 2- to 5-gram of `` word `` (each of *words*) that is a term on its
        side: the index of its word, and its column."""
        bits = self._char_bits
        codes = self._char_codes(" " + "  ".join(words) + " ")
        sizes = np.fromiter(map(len, words), np.int64, len(words)) + 2
        end = np.repeat(np.cumsum(sizes), sizes)  # where each character's padded word ends
        word = np.repeat(np.arange(len(words)), sizes)
        side = right.astype(np.int64)[word] << (5 * bits + 3)
        codes = np.concatenate([codes, np.zeros(5, dtype=np.int64)])
        shifted = [codes[j : j + len(end)] for j in range(5)]
        found_word, found_key = [], []
        for n in range(2, 6):
            inside = np.flatnonzero(np.arange(len(end)) + n <= end)
            found_word.append(word[inside])
            found_key.append(self._pack([part[inside] for part in shifted], n) | side[inside])
        at = self._char_keys.get_indexer(np.concatenate(found_key))
        hit = at >= 0
        return np.concatenate(found_word)[hit], self._char_key_columns[at[hit]]

    def _char_grams(self, word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """:meth:`char_columns` of *word* on the left and on the right."""
        padded = f" {word} "
        grams = list(map(padded.__getitem__, _gram_slices(len(padded))))
        sides = []
        for side in "lr":
            columns = list(map(self.chars[side].get, grams, itertools.repeat(-1)))
            sides.append(
                tuple(itertools.compress(columns, map(operator.ne, columns, itertools.repeat(-1))))
            )
        return sides[0], sides[1]


@functools.lru_cache(maxsize=256)
def _gram_slices(length: int) -> tuple[slice, ...]:
    """The slices of the 2- to 5-grams of a string of *length* characters, shortest first."""
    return tuple(slice(i, i + n) for n in range(2, 6) for i in range(length - n + 1))


def _sparse_features(
    features: TargetContextFeatures, mentions: Sequence[_Mention]
) -> sp.csr_matrix:
    """:meth:`TargetContextFeatures.transform` of parsed mentions, all blocks at once.

    The same matrix, entry for entry, as building every block's terms with
    :data:`_BLOCK_TERMS` and weighting them block by block: the counts, logarithms, sums of
    squares (``np.add.reduceat`` over each row's block, as ``scipy.sparse`` sums a row) and
    divisions are the same operations on the same numbers in the same order.
    """
    lookup: _Lookup = features._lookup
    n = len(mentions)
    n_out = lookup.n_columns + len(NUMERIC_FEATURES)
    numbers = (features._numbers(mentions) - features.numeric_mean_) / features.numeric_scale_
    numbers = numbers * features.numeric_weight
    if n == 0:
        return sp.csr_matrix((0, n_out), dtype=np.float64)
    lengths = np.asarray(
        [(len(m.left), len(m.target), len(m.right)) for m in mentions], dtype=np.int64
    )
    tokens = list(itertools.chain.from_iterable(itertools.chain.from_iterable(mentions)))
    ids = lookup.ids(tokens)
    parts = lengths.ravel()
    part_start = np.cumsum(parts) - parts
    part = np.repeat(np.tile(np.arange(3), n), parts)
    row = np.repeat(np.repeat(np.arange(n), 3), parts)
    pos = np.arange(len(tokens)) - np.repeat(part_start, parts)
    n_left, n_right = lengths[:, 0], lengths[:, 2]
    is_left, is_target, is_right = part == 0, part == 1, part == 2
    rows: list[np.ndarray] = []
    columns: list[np.ndarray] = []

    def add(where: np.ndarray, found: np.ndarray) -> None:
        rows.append(where)
        columns.append(found)

    bigram_rows: list[np.ndarray] = []
    bigram_keys: list[np.ndarray] = []

    def add_bigram(block: str, where: np.ndarray, first: np.ndarray, second: np.ndarray) -> None:
        """Count the bigrams ``(first, second)`` of token ids in rows *where* (all are looked
        up at once at the end; a token in no term is in no bigram)."""
        known = (first >= 0) & (second >= 0)
        bigram_rows.append(where[known])
        bigram_keys.append(lookup.bigram_key(block, first[known], second[known]))

    def add_bigrams(block: str, inside: np.ndarray) -> None:
        """Bigrams of consecutive tokens that are both *inside* (and in the same part)."""
        at = np.flatnonzero(inside[:-1] & inside[1:] & (row[:-1] == row[1:]))
        add_bigram(block, row[at], ids[at], ids[at + 1])

    def add_mask_bigrams(block: str, left_ok: np.ndarray, right_ok: np.ndarray) -> None:
        """``(last left token, <target>)`` and ``(<target>, first right token)``."""
        last_left = part_start[0::3] + n_left - 1
        first_right = part_start[2::3]
        with_left, with_right = np.flatnonzero(left_ok), np.flatnonzero(right_ok)
        add_bigram(
            block, with_left, ids[last_left[with_left]], np.full(len(with_left), lookup.mask)
        )
        add_bigram(
            block, with_right, np.full(len(with_right), lookup.mask), ids[first_right[with_right]]
        )

    context = is_left | is_right
    for block in ("left", "right"):
        inside = is_left if block == "left" else is_right
        add(row[inside], lookup.unigram(block, ids[inside]))
        add_bigrams(block, inside)
    add(row[is_target], lookup.unigram("target", ids[is_target]))
    # position: side and distance bucket of every context token
    distance = np.where(is_left, n_left[row] - pos, pos + 1)
    bucket = np.searchsorted(np.asarray([1, 3, 6, 12]), distance, side="left")
    position_rows = np.where(is_left, 0, len(_BUCKETS)) + bucket + lookup.row_of["position_l1"]
    add(row[context], lookup.unigrams[position_rows[context], ids[context]])
    # clause: up to the nearest break on either side
    breaks = lookup.breaks[ids]
    clause_start = np.zeros(n, dtype=np.int64)
    left_breaks = is_left & breaks
    np.maximum.at(clause_start, row[left_breaks], pos[left_breaks] + 1)
    clause_end = n_right.copy()
    right_breaks = is_right & breaks
    np.minimum.at(clause_end, row[right_breaks], pos[right_breaks])
    in_clause = is_left & (pos >= clause_start[row])
    add(row[in_clause], lookup.unigram("clause_l", ids[in_clause]))
    in_clause = is_right & (pos < clause_end[row])
    add(row[in_clause], lookup.unigram("clause_r", ids[in_clause]))
    # sentence: every context token with the target masked; window: k tokens either side
    everyone = np.ones(n, dtype=bool)
    k = features.context_window
    for block, near in (
        ("sentence", context),
        ("window", (is_left & (pos >= n_left[row] - k)) | (is_right & (pos < k))),
    ):
        add(row[near], lookup.unigram(block, ids[near]))
        add(np.arange(n), np.full(n, lookup.unigram(block, np.asarray([lookup.mask]))[0]))
        add_bigrams(block, near & is_left)
        add_bigrams(block, near & is_right)
        reach = everyone if block == "sentence" else everyone & (k > 0)
        add_mask_bigrams(block, reach & (n_left > 0), reach & (n_right > 0))
    add(np.concatenate(bigram_rows), lookup.bigram_columns(np.concatenate(bigram_keys)))
    # chars: character n-grams of the words nearest the target
    k = features.char_window
    near = np.flatnonzero((is_left & (pos >= n_left[row] - k)) | (is_right & (pos < k)))
    which, found = lookup.char_columns_of(
        list(map(tokens.__getitem__, near.tolist())), is_right[near]
    )
    add(row[near][which], found)

    every_row, every_column = np.concatenate(rows), np.concatenate(columns)
    keep = every_column >= 0
    keys, counts = np.unique(
        every_row[keep] * lookup.n_columns + every_column[keep], return_counts=True
    )
    entry_row, entry_column = np.divmod(keys, lookup.n_columns)
    offsets = np.asarray([lookup.offsets[block] for block in BLOCKS])
    idf = features._idf_all
    data = (1.0 + np.log(counts.astype(np.float64))) * idf[entry_column]
    if len(data):
        block_of = np.searchsorted(offsets, entry_column, side="right")
        segment = entry_row * len(BLOCKS) + block_of
        starts = np.flatnonzero(np.diff(segment, prepend=-1))
        norms = np.sqrt(np.add.reduceat(data * data, starts))
        data /= np.repeat(norms, np.diff(np.append(starts, len(data))))
    # the numeric features after the blocks, zeros left out (as a CSR of a dense array)
    number_row, number_column = np.nonzero(numbers)
    n_tfidf = np.bincount(entry_row, minlength=n)
    n_numbers = np.bincount(number_row, minlength=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(n_tfidf + n_numbers, out=indptr[1:])
    first_tfidf = np.cumsum(n_tfidf) - n_tfidf
    first_number = np.cumsum(n_numbers) - n_numbers
    at_tfidf = indptr[entry_row] + np.arange(len(data)) - first_tfidf[entry_row]
    at_number = (
        indptr[number_row]
        + n_tfidf[number_row]
        + np.arange(len(number_row))
        - first_number[number_row]
    )
    index_type = np.int32 if n_out < np.iinfo(np.int32).max else np.int64
    out_data = np.empty(indptr[-1], dtype=np.float64)
    out_indices = np.empty(indptr[-1], dtype=index_type)
    out_data[at_tfidf], out_indices[at_tfidf] = data, entry_column
    out_data[at_number] = numbers[number_row, number_column]
    out_indices[at_number] = number_column + lookup.n_columns
    return sp.csr_matrix(
        (out_data, out_indices, indptr.astype(index_type)), shape=(n, n_out), copy=False
    )


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
        # column-major, so that ``coef_.T`` (what ``decision_function`` multiplies by) is
        # contiguous and scipy need not copy it on every call
        self.coef_ = np.asfortranarray(regression.coef_, dtype=np.float64)
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
    model.coef_ = np.asfortranarray(arrays["coef"])  # as after fit
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
    for column, values in _polarity_columns(frame, model).items():
        out[column] = values
    return out


def _polarity_columns(frame: pd.DataFrame, model: Any) -> dict[str, np.ndarray]:
    """:data:`POLARITY_COLUMNS` of the mentions in *frame* (not empty) by *model*."""
    probabilities = model.predict_proba(frame)
    by_label = dict(zip(np.asarray(model.classes_).tolist(), probabilities.T))
    zero = np.zeros(len(frame))
    columns = [by_label.get(label, zero) for label in POLARITY_LABELS]
    return {
        "polarity": np.asarray(model.classes_, dtype=np.int64)[probabilities.argmax(axis=1)],
        "p_negative": columns[0],
        "p_neutral": columns[1],
        "p_positive": columns[2],
        "score": np.clip(columns[2] - columns[0], -1.0, 1.0),
    }
