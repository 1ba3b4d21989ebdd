"""How each source writes: hedges, intensifiers, loaded words, unattributed claims, readability.

Every feature is counted per sentence (:func:`style_features`), so that a source's rate
(:func:`style_profile`) can be traced back to its sentences (:func:`style_evidence`).
The word lists are in ``workbench/lexicons/style.yaml`` and are matched with
:func:`workbench.terms.compile_terms` (ignoring case, whole words, stems with ``*``), all
lists in one pass over each sentence (:class:`workbench.framing.CueMatcher`).

Heuristics
----------
Unattributed claim
    A sentence that states something flatly without saying who says so: it is
    declarative (does not end in "?"), has at least :data:`MIN_CLAIM_WORDS` words,
    contains no hedge, no attribution cue ("said", "according to", "told",
    "reported", "claimed", "in a statement", ...) and no quotation mark (straight,
    curly or guillemets, or a pair of single quotes around words). It is a reading
    aid: a flat sentence in a news report may be plain fact, in an opinion piece it
    is the writer's own claim.
Syllables (for Flesch reading ease)
    Per word: the number of groups of consecutive vowels (a, e, i, o, u, y), minus one
    for a silent final "e" (not after a consonant in "-le" or "-re": "table",
    "centre"), for a silent "-ed" (not after "t" or "d": "launched" 1, "wanted" 2) and
    for a silent "-es" (not after c, g, h, s, x, z: "strikes" 1, "places" 2); at least 1.
    A token without letters (a number) counts as one syllable.
Flesch reading ease
    ``206.835 - 1.015 * words / sentences - 84.6 * syllables / words`` (Flesch 1948);
    higher is easier, 60–70 is plain English, below 30 is very difficult.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from workbench.errors import WorkbenchError, problem, require_columns
from workbench.framing import CueMatcher
from workbench.terms import _word_sums, lexicon_words, read_lexicon, words

__all__ = [
    "LEXICONS",
    "MIN_CLAIM_WORDS",
    "STYLE_EVIDENCE_COLUMNS",
    "STYLE_FEATURE_COLUMNS",
    "STYLE_PROFILE_COLUMNS",
    "flesch_reading_ease",
    "style_evidence",
    "style_features",
    "style_profile",
    "style_lexicon",
    "syllables",
]

#: The word lists of ``style.yaml`` that are counted, each as column ``n_<name>``.
LEXICONS = ("hedges", "intensifiers", "subjective", "loaded", "modals", "attribution")

#: Shortest sentence (in words) that the unattributed-claim heuristic considers a claim.
MIN_CLAIM_WORDS = 5

_IDS = ["sentence_id", "article_id", "source", "sentence_index", "start", "end"]

#: Columns of :func:`style_features`: one row per sentence. ``n_<list>`` count the
#: matches of each word list; ``quoted`` says the sentence holds a quotation mark;
#: ``unattributed`` is the unattributed-claim heuristic (see the module docstring).
STYLE_FEATURE_COLUMNS = [
    *_IDS,
    "n_words",
    "n_syllables",
    "n_hedges",
    "n_intensifiers",
    "n_subjective",
    "n_loaded",
    "n_modals",
    "n_attribution",
    "quoted",
    "unattributed",
]

#: Columns of :func:`style_profile`: one row per source. Rates are matches per 100
#: words; ``unattributed_share`` is the share of the source's sentences flagged
#: unattributed; ``mean_sentence_length`` is in words.
STYLE_PROFILE_COLUMNS = [
    "source",
    "n_articles",
    "n_sentences",
    "n_words",
    "hedges_per_100_words",
    "intensifiers_per_100_words",
    "subjective_per_100_words",
    "loaded_per_100_words",
    "modals_per_100_words",
    "unattributed_share",
    "mean_sentence_length",
    "flesch_reading_ease",
]

#: Columns of :func:`style_evidence`: ``value`` is the sentence's count for the feature
#: (1 for ``unattributed``), ``cues`` the matched words.
STYLE_EVIDENCE_COLUMNS = [*_IDS, "feature", "value", "cues", "text"]

_QUOTE = re.compile(r"[\"“”„«»]|(?<!\w)['‘][^'‘’\n]*\w[^'‘’\n]*['’](?!\w)")
_DOUBLE_QUOTE = re.compile(r"[\"“”„«»]")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_SILENT_ES_AFTER = set("cgsxzh")
_VOWELS = set("aeiouy")


def style_lexicon() -> dict[str, tuple[str, ...]]:
    """The shipped word lists: name -> entries (see ``workbench/lexicons/style.yaml``)."""
    lexicon = read_lexicon("style")
    return {name: lexicon_words(lexicon, name, "style") for name in LEXICONS}


@lru_cache(maxsize=1)
def _matcher() -> CueMatcher:
    return CueMatcher(style_lexicon())


def syllables(word: str) -> int:
    """Syllables in one word, by the heuristic of the module docstring.

    Parameters
    ----------
    word : str
        One word (any case).

    Returns
    -------
    int
        At least 1 for a word with letters or digits; 0 for an empty string or punctuation.

    Examples
    --------
    >>> [syllables(w) for w in ["the", "strike", "missiles", "launched", "wanted", "people"]]
    [1, 1, 2, 1, 2, 2]
    """
    low = word.lower()
    letters = "".join(ch for ch in low if "a" <= ch <= "z")
    if not letters:
        return 1 if any(ch.isalnum() for ch in low) else 0
    count = len(_VOWEL_GROUPS.findall(letters))
    if count > 1:
        if letters.endswith("e") and not (
            len(letters) > 2 and letters[-2] in "lr" and letters[-3] not in _VOWELS
        ):
            count -= 1
        elif letters.endswith("ed") and len(letters) > 3 and letters[-3] not in "td":
            count -= 1
        elif letters.endswith("es") and len(letters) > 3 and letters[-3] not in _SILENT_ES_AFTER:
            count -= 1
    return max(1, count)


def flesch_reading_ease(sentences: str | Sequence[str]) -> float:
    """Flesch reading ease of one sentence or of several pooled.

    Parameters
    ----------
    sentences : str or sequence of str
        One string is one sentence.

    Returns
    -------
    float
        ``206.835 - 1.015 * words / sentences - 84.6 * syllables / words``; NaN when
        there are no words.
    """
    texts = [sentences] if isinstance(sentences, str) else list(sentences)
    tokens = [word for text in texts for word in words(text)]
    return _flesch(len(tokens), len(texts), sum(syllables(word) for word in tokens))


def _flesch(n_words: float, n_sentences: float, n_syllables: float) -> float:
    if n_words == 0 or n_sentences == 0:
        return float("nan")
    return 206.835 - 1.015 * n_words / n_sentences - 84.6 * n_syllables / n_words


def _quoted(text: str) -> bool:
    """``bool(_QUOTE.search(text))``: a double mark, or single marks around words (the
    costly search only runs on a text holding an opening single mark)."""
    if _DOUBLE_QUOTE.search(text):
        return True
    return ("'" in text or "\u2018" in text) and _QUOTE.search(text) is not None


def _declarative(text: str) -> bool:
    return not text.rstrip().rstrip("\"'”’»)]").endswith("?")


def _counts(texts: list[str]) -> dict[str, np.ndarray]:
    """Matches of each word list in each text."""
    matcher = _matcher()
    text_index, lexicon, _ = matcher._find(texts)
    counts = np.bincount(
        lexicon * len(texts) + text_index, minlength=len(matcher.names) * len(texts)
    ).reshape(len(matcher.names), len(texts))
    return dict(zip(matcher.names, counts, strict=True))


def _cues(texts: list[str], name: str) -> list[tuple[str, ...]]:
    """The matched words (lowercase) of word list *name* in each text."""
    matcher = _matcher()
    text_index, lexicon, matched = matcher._find(texts)
    cues: list[list[str]] = [[] for _ in texts]
    g = matcher.names.index(name)
    for i, k, cue in zip(text_index.tolist(), lexicon.tolist(), matched, strict=True):
        if k == g:
            cues[i].append(cue)
    return [tuple(found) for found in cues]


# Syllables of a word, remembered: news text repeats a small vocabulary.
_cached_syllables = lru_cache(maxsize=200_000)(syllables)


def _features(sentences: pd.DataFrame) -> pd.DataFrame:
    require_columns(
        sentences,
        [*_IDS, "text"],
        "style_features(sentences)",
        "pass the event's sentences table (Event.sentences)",
    )
    texts = sentences["text"].astype(str).tolist()
    n_words, n_syllables = _word_sums(texts, _cached_syllables)
    counts = _counts(texts)
    table = sentences[_IDS].reset_index(drop=True)
    table["n_words"] = n_words
    table["n_syllables"] = n_syllables
    for name in LEXICONS:
        table[f"n_{name}"] = counts[name]
    table["quoted"] = np.array([_quoted(text) for text in texts], dtype=bool)
    declarative = np.array([_declarative(text) for text in texts], dtype=bool)
    table["unattributed"] = (
        declarative
        & (table["n_words"].to_numpy() >= MIN_CLAIM_WORDS)
        & (counts["hedges"] == 0)
        & (counts["attribution"] == 0)
        & ~table["quoted"].to_numpy()
    )
    return table[STYLE_FEATURE_COLUMNS]


def style_features(sentences: pd.DataFrame) -> pd.DataFrame:
    """Style features of every sentence.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The event's sentences (:data:`workbench.event.SENTENCE_COLUMNS`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`STYLE_FEATURE_COLUMNS`, one row per sentence, in order.
    """
    return _features(sentences)


def _given_features(features: pd.DataFrame, sentences: pd.DataFrame, where: str) -> pd.DataFrame:
    """*features*, checked to be one row per sentence of *sentences*."""
    require_columns(
        features,
        STYLE_FEATURE_COLUMNS,
        where,
        "pass style_features(sentences) of the same sentences",
    )
    if len(features) != len(sentences):
        raise WorkbenchError(
            problem(
                where,
                f"{len(features)} rows of features for {len(sentences)} sentences",
                field="features",
                fix="pass style_features(sentences) of the same sentences",
            ),
            field="features",
        )
    return features


def style_profile(
    sentences: pd.DataFrame, articles: pd.DataFrame, *, features: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each source's style: rates per 100 words, unattributed share, readability.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The event's sentences.
    articles : pandas.DataFrame
        The event's articles (``source``): gives the sources, their order and
        ``n_articles``; a source without sentences gets NaN rates.
    features : pandas.DataFrame, optional
        ``style_features(sentences)`` if already computed (same result, without
        counting again).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`STYLE_PROFILE_COLUMNS`, one row per source. Flesch reading ease
        pools the source's words, syllables and sentences.
    """
    require_columns(
        articles, ["source"], "style_profile(articles)", "pass the event's articles table"
    )
    if features is None:
        features = style_features(sentences)
    else:
        features = _given_features(features, sentences, "style_profile(features)")
    sources = list(dict.fromkeys([*articles["source"], *features["source"]]))
    n_articles = articles["source"].value_counts()
    sums = features.groupby("source", sort=False)[
        ["n_words", "n_syllables", *(f"n_{name}" for name in LEXICONS), "unattributed"]
    ].sum()
    n_sentences = features.groupby("source", sort=False).size()
    rows = []
    for source in sources:
        n_sent = int(n_sentences.get(source, 0))
        total = sums.loc[source] if source in sums.index else None
        n_words = int(total["n_words"]) if total is not None else 0
        per_word = 100.0 / n_words if n_words else float("nan")
        rows.append(
            {
                "source": source,
                "n_articles": int(n_articles.get(source, 0)),
                "n_sentences": n_sent,
                "n_words": n_words,
                **{
                    f"{name}_per_100_words": (
                        float(total[f"n_{name}"]) * per_word if total is not None else np.nan
                    )
                    for name in ("hedges", "intensifiers", "subjective", "loaded", "modals")
                },
                "unattributed_share": (
                    float(total["unattributed"]) / n_sent if n_sent else float("nan")
                ),
                "mean_sentence_length": n_words / n_sent if n_sent else float("nan"),
                "flesch_reading_ease": _flesch(
                    n_words, n_sent, float(total["n_syllables"]) if total is not None else 0.0
                ),
            }
        )
    table = pd.DataFrame(rows, columns=STYLE_PROFILE_COLUMNS)
    table["source"] = table["source"].astype(object)
    for column in ("n_articles", "n_sentences", "n_words"):
        table[column] = table[column].astype(np.int64)
    return table


def _feature_name(feature: str) -> str:
    name = feature[2:] if feature.startswith("n_") else feature
    choices = [*LEXICONS, "unattributed"]
    if name not in choices:
        raise WorkbenchError(
            problem(
                "style_evidence",
                f"unknown feature {feature!r}",
                field="feature",
                fix=f"pick one of {', '.join(map(repr, choices))}",
            ),
            field="feature",
        )
    return name


def style_evidence(
    sentences: pd.DataFrame,
    source: str,
    feature: str,
    *,
    n: int = 5,
    features: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The sentences of one source that show one style feature most.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The event's sentences.
    source : str
        The outlet.
    feature : str
        One of :data:`LEXICONS` (``"hedges"``, ``"loaded"``, ...; ``"n_hedges"`` works
        too) or ``"unattributed"``.
    n : int
        At most this many sentences.
    features : pandas.DataFrame, optional
        ``style_features(sentences)`` if already computed (same result; only the
        sentences shown are matched again, for their cues).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`STYLE_EVIDENCE_COLUMNS`: sentences with a positive value, the
        highest first (ties in sentence order).
    """
    name = _feature_name(feature)
    if features is None:
        features = style_features(sentences)
    else:
        features = _given_features(features, sentences, "style_evidence(features)")
    sources = list(dict.fromkeys(features["source"]))
    if source not in sources:
        raise WorkbenchError(
            problem(
                "style_evidence",
                f"no sentences from source {source!r}",
                field="source",
                fix=f"pick one of {', '.join(map(repr, sources))}",
            ),
            field="source",
        )
    if name == "unattributed":
        value = features["unattributed"].to_numpy().astype(np.int64)
    else:
        value = features[f"n_{name}"].to_numpy()
    table = features[_IDS].reset_index(drop=True)
    table["feature"] = name
    table["value"] = value
    table["text"] = sentences["text"].astype(str).to_numpy(dtype=object)
    keep = (table["source"] == source).to_numpy() & (value > 0)
    table = table[keep].sort_values("value", ascending=False, kind="stable")
    table = table.head(n).reset_index(drop=True)
    texts = table["text"].tolist()
    matched = [()] * len(texts) if name == "unattributed" else _cues(texts, name)
    table["cues"] = pd.Series(matched, dtype=object)
    return table[STYLE_EVIDENCE_COLUMNS]
