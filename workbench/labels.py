"""What each source calls each target: mentions, and the words around them.

"The Kiev regime", "the Ukrainian government", "Russian terrorists", "the Zelensky
government": word choice around the name of an actor is where coverage differs most
visibly. This module finds every mention of every target (:func:`mentions`, the shared
finder that stance and quote attribution can call too), turns each into a short label
phrase (:func:`target_labels`) and counts the labels per target and source
(:func:`label_table`).

No part-of-speech tagger is used. A label is the alias plus up to ``window`` content
words right before and right after it in the same sentence. On either side it stops at
punctuation, function words, numbers, other mentions, frequent news verbs and words
ending in "-ed" (before the alias, hyphenated ones such as "so-called" or
"Western-backed" are kept); after the alias it also stops at a capitalised word (the
start of another name). The word lists are in ``workbench/lexicons/labels.yaml``.
Counting the labels over many mentions lets the frequent, meaningful ones rise to the
top; single labels can be wrong, so every one keeps its sentence id and offsets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from workbench.errors import WorkbenchError, problem, require_columns
from workbench.terms import (
    TOKEN_PATTERN,
    _TextSearch,
    compile_terms,
    lexicon_words,
    read_lexicon,
)

__all__ = [
    "LABEL_COLUMNS",
    "LABEL_TABLE_COLUMNS",
    "MENTION_COLUMNS",
    "label_table",
    "mentions",
    "target_labels",
]

#: Columns of :func:`mentions`: one row per mention; ``alias`` is the alias as listed
#: in the targets table; ``start``/``end`` are offsets of the mention in the article's
#: ``text``.
MENTION_COLUMNS = [
    "target_id",
    "alias",
    "sentence_id",
    "article_id",
    "source",
    "sentence_index",
    "start",
    "end",
]

#: Columns of :func:`target_labels`: one row per mention with its ``label`` (the alias
#: as written, with the content words around it, lowercase) and those ``context_words``
#: (a tuple, words before the alias first).
LABEL_COLUMNS = [
    "target_id",
    "source",
    "article_id",
    "sentence_id",
    "sentence_index",
    "start",
    "end",
    "alias",
    "label",
    "context_words",
]

#: Columns of :func:`label_table`: how many mentions of the target in the source carry
#: the label, and their ``share`` of all the target's mentions in that source.
LABEL_TABLE_COLUMNS = ["target_id", "source", "label", "n_mentions", "share"]

_SENTENCE_FIELDS = ["sentence_id", "article_id", "source", "sentence_index", "start", "text"]
_INTEGER_FIELDS = ("sentence_index", "start", "end")
_LISTS = ("function_words", "verbs", "object_verbs")
_ARTICLES = ("the ", "a ", "an ")
_POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True)
class _WordLists:
    function_words: frozenset[str]
    verbs: frozenset[str]
    object_verbs: frozenset[str]


@lru_cache(maxsize=1)
def _word_lists() -> _WordLists:
    lexicon = read_lexicon("labels")
    return _WordLists(*(frozenset(lexicon_words(lexicon, key, "labels")) for key in _LISTS))


def _aliases(row: pd.Series) -> list[str]:
    value = row["aliases"]
    if isinstance(value, str):
        items: Iterable[object] = [value]
    elif value is None or (np.ndim(value) == 0 and pd.isna(value)):
        items = []
    else:
        items = list(value)
    names = [str(item) for item in items if isinstance(item, str) and item.strip()]
    if "name" in row.index and isinstance(row["name"], str) and row["name"].strip():
        names.append(row["name"])
    return names


@dataclass(frozen=True)
class _Mention:
    row: int  # position of the sentence in the sentences table
    begin: int  # offsets inside the sentence
    finish: int
    target: int  # position of the target in the targets table (-1: not needed)
    alias: str


def _find(sentences: pd.DataFrame, targets: pd.DataFrame) -> list[_Mention]:
    """All mentions, overlaps resolved: in sentence order, then by offset."""
    require_columns(
        sentences, _SENTENCE_FIELDS, "mentions(sentences)", "pass the event's sentences"
    )
    require_columns(
        targets,
        ["target_id", "aliases"],
        "mentions(targets)",
        "pass the event's targets table (Event.targets)",
    )
    search = _TextSearch(sentences["text"].astype(str).tolist())
    found: list[_Mention] = []
    for position, (_, target) in enumerate(targets.iterrows()):
        names = _aliases(target)
        if not names:
            continue
        pattern, ordered = compile_terms(names, possessive=False)
        for row, begin, finish, m in search.finditer(pattern, ordered):
            found.append(_Mention(row, begin, finish, position, ordered[m.lastindex - 1]))
    # Longest mention wins where two overlap (also across targets); then the earlier target.
    found.sort(key=lambda m: (m.row, m.begin, m.begin - m.finish, m.target))
    kept: list[_Mention] = []
    for mention in found:
        if kept and kept[-1].row == mention.row and mention.begin < kept[-1].finish:
            continue
        kept.append(mention)
    return kept


def mentions(sentences: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Every mention of every target in the sentences.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The event's sentences (:data:`workbench.event.SENTENCE_COLUMNS`).
    targets : pandas.DataFrame
        The event's targets: ``target_id`` and ``aliases`` (tuple of names; ``name`` is
        added to them when present).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MENTION_COLUMNS`, in sentence order and then by offset.

    Notes
    -----
    One regular expression per target (see :func:`workbench.terms.compile_terms`):
    aliases match ignoring case (except aliases in capitals such as "US"), as whole
    words, so "Russian" is not found in "Russians": plural or adjective forms count
    only if they are listed as aliases. A possessive is left outside the mention
    ("Russia's" is a mention of "Russia"). Where mentions overlap, the longest wins,
    also across targets ("Ukrainian President Volodymyr Zelensky" is one mention, not
    also one of "Ukrainian").
    """
    return _mention_table(sentences, targets, _find(sentences, targets))


def _mention_table(
    sentences: pd.DataFrame, targets: pd.DataFrame, found: list[_Mention]
) -> pd.DataFrame:
    if not found:
        return pd.DataFrame(
            {
                name: pd.Series(dtype=np.int64 if name in _INTEGER_FIELDS else object)
                for name in MENTION_COLUMNS
            }
        )
    rows = np.fromiter((m.row for m in found), dtype=np.int64, count=len(found))
    picked = sentences.iloc[rows]
    offset = picked["start"].to_numpy(dtype=np.int64)
    target_ids = targets["target_id"].tolist()
    table = pd.DataFrame(
        {
            "target_id": pd.Series([target_ids[m.target] for m in found], dtype=object),
            "alias": pd.Series([m.alias for m in found], dtype=object),
            "sentence_id": picked["sentence_id"].to_numpy(dtype=object),
            "article_id": picked["article_id"].to_numpy(dtype=object),
            "source": picked["source"].to_numpy(dtype=object),
            "sentence_index": picked["sentence_index"].to_numpy(dtype=np.int64),
            "start": offset + np.array([m.begin for m in found], dtype=np.int64),
            "end": offset + np.array([m.finish for m in found], dtype=np.int64),
        },
        columns=MENTION_COLUMNS,
    )
    return table


_Token = tuple[str, int, int]


def _tokens_before(text: str, position: int, n: int) -> list[_Token]:
    """The tokens of *text* (``TOKEN_PATTERN.finditer(text)``) that end at or before
    *position*: at least the last *n* of them (all if there are fewer).

    A token never holds whitespace and the pattern looks at nothing before a match, so
    tokenising from a whitespace character gives the same tokens after it: only the
    last *n* + 1 whitespace-separated chunks before *position* are tokenised.
    """
    head = text[:position].rsplit(None, n + 1)
    found = []
    for token in TOKEN_PATTERN.finditer(text, len(head[0]) if len(head) > n + 1 else 0):
        if token.end() > position:
            break
        found.append((token.group(0), token.start(), token.end()))
    return found


def _tokens_after(text: str, position: int) -> Iterator[_Token]:
    """The tokens of *text* (``TOKEN_PATTERN.finditer(text)``) that start at or after
    *position*, tokenised from the whitespace before the chunk holding *position*."""
    head = text[:position].rsplit(None, 1)
    for token in TOKEN_PATTERN.finditer(text, len(head[0]) if len(head) > 1 else 0):
        if token.start() >= position:
            yield token.group(0), token.start(), token.end()


def _label(
    text: str,
    mention: _Mention,
    others: list[tuple[int, int]],
    window: int,
) -> tuple[str, tuple[str, ...]]:
    lists = _word_lists()
    alias_text = " ".join(text[mention.begin : mention.finish].split()).lower()
    for article in _ARTICLES:
        if alias_text.startswith(article) and len(alias_text) > len(article):
            alias_text = alias_text[len(article) :]
            break
    tail = text[mention.finish : mention.finish + 2]
    if tail in _POSSESSIVE and not text[mention.finish + 2 : mention.finish + 3].isalnum():
        alias_text += "'s"

    def usable(word: str, start: int, end: int) -> bool:
        if len(word) == 1 and not word.isalnum():
            return False  # punctuation
        if any(ch.isdigit() for ch in word):
            return False
        if any(start < o_end and o_start < end for o_start, o_end in others):
            return False  # another mention
        low = word.lower().replace("’", "'")
        base = low[:-2] if low.endswith("'s") else low
        if base in lists.function_words or low in lists.function_words or low in lists.verbs:
            return False
        return not (low.endswith("ed") and "-" not in low)  # a verb, but "so-called" stays

    # At most window + 1 tokens are looked at on either side.
    left: list[str] = []
    for word, start, end in reversed(_tokens_before(text, mention.begin, window + 1)):
        if len(left) == window or not usable(word, start, end):
            break
        low = word.lower().replace("’", "'")
        if low in lists.object_verbs or low.endswith("ing"):
            break  # the verb of which the mention is the object
        left.insert(0, low)
    right: list[str] = []
    for word, start, end in _tokens_after(text, mention.finish):
        if len(right) == window or not usable(word, start, end) or word[0].isupper():
            break  # ... or the start of another name
        low = word.lower().replace("’", "'")
        if right and low.endswith("ing"):
            break  # "capitals describing": only a noun right after the alias ("bombing")
        right.append(low)
    return " ".join([*left, alias_text, *right]), (*left, *right)


def target_labels(
    sentences: pd.DataFrame,
    targets: pd.DataFrame,
    *,
    window: int = 2,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The label each mention of a target carries: the alias and the words around it.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The event's sentences (:data:`workbench.event.SENTENCE_COLUMNS`).
    targets : pandas.DataFrame
        The event's targets (``target_id``, ``aliases``).
    window : int
        At most this many content words are taken on each side of the alias;
        ``window=0`` gives the alias alone (which name a source uses: "Kiev" or "Kyiv").
    mentions : pandas.DataFrame, optional
        What :func:`mentions` returned for these sentences and targets, if it has run
        already: the mentions are then labelled without being searched for again.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LABEL_COLUMNS`, one row per mention (as :func:`mentions`).
        ``label`` is lowercase, without a leading article ("the Kiev regime" ->
        ``"kiev regime"``), with a possessive kept ("russia's war").
    """
    if window < 0:
        raise ValueError(f"window must be 0 or more, not {window}")
    require_columns(
        sentences, _SENTENCE_FIELDS, "target_labels(sentences)", "pass the event's sentences"
    )
    if mentions is not None and sentences["sentence_id"].is_unique:
        found = _found_in(sentences, mentions)
        table = mentions[MENTION_COLUMNS].reset_index(drop=True)
    else:  # (without unique sentence ids, a mention cannot be placed again: search)
        found = _find(sentences, targets)
        table = _mention_table(sentences, targets, found)
    spans: dict[int, list[tuple[int, int]]] = {}
    for m in found:
        spans.setdefault(m.row, []).append((m.begin, m.finish))
    texts = sentences["text"].astype(str).tolist()
    labels, contexts = [], []
    for m in found:
        others = [span for span in spans[m.row] if span != (m.begin, m.finish)]
        label, context = _label(texts[m.row], m, others, window)
        labels.append(label)
        contexts.append(context)
    table["label"] = pd.Series(labels, dtype=object)
    table["context_words"] = pd.Series(contexts, dtype=object)
    return table[LABEL_COLUMNS]


def _found_in(sentences: pd.DataFrame, mentions: pd.DataFrame) -> list[_Mention]:
    """The mentions of a :func:`mentions` table, placed in *sentences* again."""
    require_columns(
        mentions,
        MENTION_COLUMNS,
        "target_labels(mentions)",
        "pass the table returned by mentions(sentences, targets)",
    )
    rows = pd.Index(sentences["sentence_id"]).get_indexer(mentions["sentence_id"])
    if (rows < 0).any():
        raise WorkbenchError(
            problem(
                "target_labels(mentions)",
                "the mentions do not all point to one sentence of the sentences table",
                field="sentence_id",
                fix="pass the mentions found in these sentences, or leave mentions=None",
            ),
            field="sentence_id",
        )
    offset = sentences["start"].to_numpy(dtype=np.int64)[rows]
    begin = mentions["start"].to_numpy(dtype=np.int64) - offset
    finish = mentions["end"].to_numpy(dtype=np.int64) - offset
    aliases = mentions["alias"].tolist()
    return [
        _Mention(int(row), int(b), int(f), -1, alias)
        for row, b, f, alias in zip(rows, begin, finish, aliases, strict=True)
    ]


def label_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """How often each source gives each target each label.

    Parameters
    ----------
    mentions : pandas.DataFrame
        The result of :func:`target_labels` (needs ``target_id``, ``source``, ``label``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LABEL_TABLE_COLUMNS`; sorted by target, source, then most
        frequent label first (ties alphabetical). ``share`` sums to 1 within each
        target and source.
    """
    require_columns(
        mentions,
        ["target_id", "source", "label"],
        "label_table(mentions)",
        "pass the table returned by target_labels",
    )
    counts = (
        mentions.groupby(["target_id", "source", "label"], sort=False, dropna=False)
        .size()
        .rename("n_mentions")
        .reset_index()
    )
    totals = counts.groupby(["target_id", "source"], sort=False)["n_mentions"].transform("sum")
    counts["n_mentions"] = counts["n_mentions"].astype(np.int64)
    counts["share"] = counts["n_mentions"] / totals
    counts = counts.sort_values(
        ["target_id", "source", "n_mentions", "label"], ascending=[True, True, False, True]
    )
    return counts[LABEL_TABLE_COLUMNS].reset_index(drop=True)
