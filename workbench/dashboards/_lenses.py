"""The bias lenses: the comparison's findings regrouped by the kinds of bias taught in class.

No widgets here: :func:`bias_lens` returns one table of evidence sentences per lens,
which :class:`~workbench.dashboards.BiasLensView` shows.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from workbench.comparison import Comparison
from workbench.dashboards._html import missing, number
from workbench.dashboards._marks import speaker_name, target_names
from workbench.dashboards._mask import NO_MASK, Mask, OutletMask
from workbench.terms import compile_terms

#: Columns of :func:`bias_lens` and :attr:`BiasLensView.table`: the evidence of one
#: lens; ``article_id``/``sentence_index`` point at the sentence (``None``/``-1`` for a
#: finding that is an absence), ``why`` says in plain words what the row shows.
LENS_COLUMNS = ["lens", "source", "article_id", "sentence_index", "text", "why"]

#: The bias lenses of :class:`BiasLensView`: id -> (title, one-line definition).
LENSES = {
    "omission": (
        "Omission",
        "Leaving out facts that other sources report, so the reader never learns them.",
    ),
    "placement": (
        "Placement",
        "Where a fact appears: the first sentences are read by everyone, the last by few.",
    ),
    "word_choice": (
        "Word choice and labelling",
        "Different words for the same thing (a “strike” or a “terrorist attack”, "
        "“government” or “regime”) carry different judgements.",
    ),
    "sourcing": (
        "Sourcing",
        "Who is allowed to speak, how often, and who is never asked.",
    ),
    "spin": (
        "Spin and sensational language",
        "Loaded, emotional or exaggerated words that push the reader to a reaction.",
    ),
    "unattributed": (
        "Unattributed claims",
        "Statements presented without saying who says so or how it is known.",
    ),
    "opinion_as_fact": (
        "Opinion presented as fact",
        "Judgements made in the outlet's own voice rather than attributed to someone.",
    ),
    "headline": (
        "Headline framing",
        "What the headline stresses or leaves out, and how it leans; many readers see "
        "only the headline.",
    ),
}


def voice_of_target(comparison: Comparison, target_id: str) -> str:
    """Who speaks for a target: a person by name, anything else "anyone speaking for" it."""
    targets = comparison.event.targets.set_index("target_id")
    if target_id not in targets.index:
        return str(target_id)
    name, kind = str(targets.loc[target_id, "name"]), str(targets.loc[target_id, "kind"])
    return name if kind == "person" else f"anyone speaking for {name}"


#: Style feature read by the "unattributed" lens.
_UNATTRIBUTED_FEATURE = "unattributed"

#: Comparison -> its sentence index (the comparison's tables never change).
_SENTENCE_INDEX: weakref.WeakKeyDictionary[Comparison, dict[str, tuple[str, int, str]]] = (
    weakref.WeakKeyDictionary()
)


def _sentence_index_of(comparison: Comparison) -> dict[str, tuple[str, int, str]]:
    """Sentence id -> (article id, sentence index, text), built once per comparison."""
    if comparison not in _SENTENCE_INDEX:
        sentences = comparison.sentences
        _SENTENCE_INDEX[comparison] = {
            sid: (article_id, int(index), text)
            for sid, article_id, index, text in zip(
                sentences["sentence_id"],
                sentences["article_id"],
                sentences["sentence_index"],
                sentences["text"],
            )
        }
    return _SENTENCE_INDEX[comparison]


def _row(lens: str, source: str, ref: tuple | None, text: str, why: str) -> dict[str, Any]:
    article_id, index = (ref[0], int(ref[1])) if ref else (None, -1)
    return {
        "lens": lens,
        "source": source,
        "article_id": article_id,
        "sentence_index": index,
        "text": text,
        "why": why,
    }


def _lens_omission(comparison: Comparison, sources: list[str], n: int, mask: Mask) -> list[dict]:
    index = _sentence_index_of(comparison)
    omitted = comparison.omitted_content
    rows = []
    for source in sources:
        for item in omitted[omitted["source"] == source].head(n).itertuples():
            ref = index.get(item.sentence_ids[0]) if len(item.sentence_ids) else None
            rows.append(
                _row(
                    "omission",
                    source,
                    ref,
                    item.text,
                    f"every other source ({int(item.n_sources)}) reports this; this one does not",
                )
            )
    return rows


def _mean(values: np.ndarray) -> float:
    """The mean of the values that are not NaN, summed as ``pandas.Series.mean`` sums."""
    valid = ~np.isnan(values)
    count = float(valid.sum())
    return float(np.where(valid, values, 0.0).sum() / count) if count else float("nan")


def _lens_placement(comparison: Comparison, sources: list[str], n: int, mask: Mask) -> list[dict]:
    index = _sentence_index_of(comparison)
    coverage = comparison.coverage
    shared = coverage[(coverage["n_sources"] >= 2) & coverage["present"].astype(bool)]
    # Each unit's rows (units in order of first appearance, rows in table order).
    codes, _ = pd.factorize(shared["unit_id"])
    order = np.argsort(codes, kind="stable")
    order = order[codes[order] >= 0]
    rows_of = np.split(order, np.flatnonzero(np.diff(codes[order])) + 1) if len(order) else []
    source_of = shared["source"].to_numpy()
    position_of = shared["relative_position"].to_numpy(dtype=float)
    sentence_ids = shared["sentence_ids"].to_numpy()
    first_index = shared["first_sentence_index"].to_numpy()
    unit_text = shared["text"].to_numpy()
    rows = []
    for source in sources:
        found = []
        for unit_rows in rows_of:
            mine = source_of[unit_rows] == source
            if not mine.any() or mine.all():
                continue
            own = unit_rows[mine][0]
            position = float(position_of[own])
            elsewhere = _mean(position_of[unit_rows[~mine]])
            found.append((abs(position - elsewhere), own, position, elsewhere))
        found.sort(key=lambda item: -item[0])
        for gap, own, position, elsewhere in found[:n]:
            if gap < 0.2:
                break
            ids = sentence_ids[own]
            ref = index.get(ids[0]) if len(ids) else None
            first = int(first_index[own])
            where = "in the lead" if first <= 1 else f"sentence {first + 1}"
            rows.append(
                _row(
                    "placement",
                    source,
                    ref,
                    ref[2] if ref else unit_text[own],
                    f"here {where} ({position:.0%} into the article); "
                    f"the other sources place it {elsewhere:.0%} in on average",
                )
            )
    return rows


def _first_sentence_with(sentences: pd.DataFrame, term: str) -> str | None:
    """The id of the first of *sentences* that contains *term* (matched as
    :meth:`Comparison.keyword_in_context` matches it), or None."""
    pattern = compile_terms([term])[0]
    for sentence_id, text in zip(sentences["sentence_id"], sentences["text"]):
        if pattern.search(str(text)):
            return sentence_id
    return None


def _lens_word_choice(comparison: Comparison, sources: list[str], n: int, mask: Mask) -> list[dict]:
    index = _sentence_index_of(comparison)
    names = target_names(comparison)
    labels = comparison.labels
    labelled = comparison.target_labels
    sentences = comparison.sentences
    rows = []
    for source in sources:
        own = labels[(labels["source"] == source) & (labels["n_mentions"] > 0)]
        others = labels[(labels["source"] != source) & (labels["n_mentions"] > 0)]
        used_elsewhere = set(zip(others["target_id"], others["label"]))
        # a boolean mask, not a list: an empty list would select no columns
        keep = pd.Series(
            [(t, lab) not in used_elsewhere for t, lab in zip(own["target_id"], own["label"])],
            index=own.index,
            dtype=bool,
        )
        distinct = own[keep]
        distinct = distinct.sort_values("n_mentions", ascending=False, kind="stable").head(n)
        mine = labelled[labelled["source"] == source].drop_duplicates(["target_id", "label"])
        first_use = dict(zip(zip(mine["target_id"], mine["label"]), mine["sentence_id"]))
        for item in distinct.itertuples():
            if mask.identifies(item.label):
                continue
            sentence_id = first_use.get((item.target_id, item.label))
            ref = index.get(sentence_id) if sentence_id is not None else None
            rows.append(
                _row(
                    "word_choice",
                    source,
                    ref,
                    ref[2] if ref else "",
                    f"names {names.get(item.target_id, item.target_id)} “{item.label}” "
                    f"({int(item.n_mentions)}×); no other source uses this label",
                )
            )
        if len(comparison.sources) < 2:
            continue
        terms = comparison.distinctive_terms(source)
        typical = terms[terms["z"] > 0]
        own_sentences = sentences[sentences["source"] == source]
        shown = 0
        for term in typical.itertuples():
            if shown == 3:
                break
            if mask.identifies(term.term):
                continue
            shown += 1
            sentence_id = _first_sentence_with(own_sentences, term.term)
            ref = index.get(sentence_id) if sentence_id is not None else None
            rows.append(
                _row(
                    "word_choice",
                    source,
                    ref,
                    ref[2] if ref else "",
                    f"“{term.term}” is typical of this source "
                    f"(z = {term.z:.1f}, used {int(term.n_target)}×)",
                )
            )
    return rows


def _lens_sourcing(comparison: Comparison, sources: list[str], n: int, mask: Mask) -> list[dict]:
    index = _sentence_index_of(comparison)
    names = target_names(comparison)
    quotes = comparison.quotes
    rows = []
    quoted_targets = quotes.dropna(subset=["target_id"]).groupby("target_id")["source"].unique()
    for source in sources:
        own = quotes[quotes["source"] == source]
        for target_id, quoting in quoted_targets.items():
            if source not in set(quoting):
                rows.append(
                    _row(
                        "sourcing",
                        source,
                        None,
                        "",
                        f"never quotes {voice_of_target(comparison, target_id)}, whom "
                        f"{len(quoting)} other source(s) quote",
                    )
                )
        for item in own.sort_values("n_words", ascending=False, kind="stable").head(n).itertuples():
            ref = index.get(f"{item.article_id}:{item.sentence_index}")
            kind = "quotes" if item.kind == "direct" else "reports the words of"
            verb = f" (“{item.verb}”)" if item.verb else ""
            rows.append(
                _row(
                    "sourcing",
                    source,
                    ref,
                    ref[2] if ref else item.text,
                    f"{kind} {speaker_name(item.speaker, names)}{verb}",
                )
            )
        if own.empty:
            rows.append(_row("sourcing", source, None, "", "quotes no one"))
    return rows


@functools.lru_cache(maxsize=8)
def _style_pattern(feature: str) -> re.Pattern[str]:
    """The shipped word list of a style feature, compiled as the style module does."""
    from workbench.style import style_lexicon
    from workbench.terms import compile_terms

    return compile_terms(style_lexicon()[feature])[0]


def _lens_style(
    comparison: Comparison, sources: list[str], n: int, features: Sequence[str], lens: str, why: str
) -> list[dict]:
    """The sentences of each source with the most matches of *features*.

    Ranked from the cached ``style_sentences`` table (as ``style_evidence`` ranks them:
    most matches first, ties in text order); the matched words are named in ``why``.
    """
    index = _sentence_index_of(comparison)
    table = comparison.style_sentences
    top_of: dict[str, dict[str, list[str]]] = {}  # feature -> source -> sentence ids
    for feature in features:
        column = "unattributed" if feature == "unattributed" else f"n_{feature}"
        value = table[column].astype(int)
        hits = table.assign(_value=value)[value > 0]
        # a stable sort of all sources keeps each source's ties in text order
        ranked = hits.sort_values("_value", ascending=False, kind="stable")
        ranked = ranked.groupby("source", sort=False).head(n)
        top = top_of.setdefault(feature, {})
        for source, sentence_id in zip(ranked["source"], ranked["sentence_id"]):
            top.setdefault(source, []).append(sentence_id)
    rows = []
    for source in sources:
        for feature in features:
            for sentence_id in top_of[feature].get(source, ()):
                ref = index.get(sentence_id)
                text = ref[2] if ref else ""
                cues = ()
                if feature != "unattributed":
                    found = _style_pattern(feature).finditer(text)
                    cues = tuple(dict.fromkeys(m.group(0).lower() for m in found))
                detail = f": {', '.join(cues)}" if cues else ""
                rows.append(_row(lens, source, ref, text, f"{why}{detail}"))
    return rows


def _lens_spin(comparison: Comparison, sources: list[str], n: int, mask: Mask) -> list[dict]:
    return [
        *_lens_style(comparison, sources, n, ("loaded",), "spin", "loaded or emotional words"),
        *_lens_style(comparison, sources, n, ("intensifiers",), "spin", "intensifiers"),
    ]


def _lens_unattributed(
    comparison: Comparison, sources: list[str], n: int, mask: Mask
) -> list[dict]:
    return _lens_style(
        comparison,
        sources,
        n,
        (_UNATTRIBUTED_FEATURE,),
        "unattributed",
        "a claim with no one named as its source",
    )


def _lens_opinion(comparison: Comparison, sources: list[str], n: int, mask: Mask) -> list[dict]:
    index = _sentence_index_of(comparison)
    names = target_names(comparison)
    kinds = dict(zip(comparison.articles["article_id"], comparison.articles["kind"]))
    polarity = comparison.mention_polarity
    authorial = polarity[polarity["voice"] == "authorial"]
    rows = []
    for source in sources:
        own = authorial[authorial["source"] == source]
        per_sentence = own.groupby("sentence_id", sort=False).agg(
            score=("score", "mean"),
            target_id=("target_id", "first"),
            article_id=("article_id", "first"),
        )
        per_sentence = per_sentence[per_sentence["score"].abs() >= 0.3]
        order = per_sentence["score"].abs().sort_values(ascending=False, kind="stable").index
        for sid in order[:n]:
            item = per_sentence.loc[sid]
            kind = kinds.get(item["article_id"]) or "news"
            piece = "a news report" if kind == "news" else f"a piece labelled {kind}"
            rows.append(
                _row(
                    "opinion_as_fact",
                    source,
                    index.get(sid),
                    index[sid][2] if sid in index else "",
                    f"judges {names.get(item['target_id'], item['target_id'])} "
                    f"({number(item['score'], '+.2f')}) in the outlet's own voice, in {piece}",
                )
            )
    return rows


def _lens_headline(comparison: Comparison, sources: list[str], n: int, mask: Mask) -> list[dict]:
    names = target_names(comparison)
    headlines = comparison.headlines
    rows = []
    for source in sources:
        own = headlines[headlines["source"] == source]
        for article_id, group in own.groupby("article_id", sort=False):
            words = [w for w in group["distinctive_words"].iloc[0] if not mask.identifies(w)]
            tones = [
                f"{names.get(t, t)} {number(s, '+.2f')}"
                for t, s in zip(group["target_id"], group["stance"])
                if t is not None and not missing(t)
            ]
            why = "words no other headline uses: " + (", ".join(words) or "none")
            why += "; names " + ("; ".join(tones) if tones else "no target")
            rows.append(_row("headline", source, (article_id, -1), group["title"].iloc[0], why))
    return rows


_LENS_BUILDERS = {
    "omission": _lens_omission,
    "placement": _lens_placement,
    "word_choice": _lens_word_choice,
    "sourcing": _lens_sourcing,
    "spin": _lens_spin,
    "unattributed": _lens_unattributed,
    "opinion_as_fact": _lens_opinion,
    "headline": _lens_headline,
}


def bias_lens(
    comparison: Comparison,
    lens: str,
    *,
    source: str | None = None,
    n: int = 5,
    mask: OutletMask | None = None,
) -> pd.DataFrame:
    """The findings of one bias lens, as evidence sentences of this event.

    Regroups the comparison's tables by the kinds of media bias taught in class
    (:data:`LENSES`): omitted content, placement in the article, labels and
    distinctive terms, sourcing, loaded language, unattributed claims, judgements in
    the outlet's own voice, headlines.

    Parameters
    ----------
    comparison : Comparison
        Where the tables come from.
    lens : str
        A key of :data:`LENSES`.
    source : str, optional
        One source; all sources by default.
    n : int, default 5
        At most this many findings of each kind per source.
    mask : OutletMask, optional
        Leaves out terms that would identify an outlet.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LENS_COLUMNS`.
    """
    if lens not in LENSES:
        raise ValueError(f"no lens {lens!r}; choose one of {list(LENSES)}")
    sources = list(comparison.sources) if source is None else [source]
    rows = _LENS_BUILDERS[lens](comparison, sources, n, mask or NO_MASK)
    return pd.DataFrame(rows, columns=LENS_COLUMNS)
