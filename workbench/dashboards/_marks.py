"""What each sentence of the reader is: shared, unique, quoted, stance-bearing, framed.

No widgets here: :func:`sentence_marks` selects from the comparison's tables and returns
one row per sentence, which :class:`~workbench.dashboards.ReaderView` lays out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from workbench.comparison import Comparison
from workbench.dashboards._html import missing, number
from workbench.dashboards._mask import NO_MASK, OutletMask
from workbench.framing import FRAME_NAMES

#: Columns of :attr:`ReaderView.table` (and of :func:`sentence_marks`): one row per
#: sentence shown, with its highlight ``classes`` (a tuple of CSS class names), the
#: ``tooltip`` saying why, its ``anchor`` id and the anchors of the aligned sentences
#: in the other shown columns (``links``).
READER_COLUMNS = [
    "sentence_id",
    "article_id",
    "source",
    "sentence_index",
    "paragraph_index",
    "start",
    "end",
    "text",
    "unit_id",
    "n_sources",
    "classes",
    "tooltip",
    "anchor",
    "links",
]

#: Highlight kinds of the reader, with the CSS class and the legend text.
READER_KINDS = {
    "shared": ("wb-shared", "shared with other sources (↔ jumps to them)"),
    "unique": ("wb-unique", "only this source reports it"),
    "quote": ("wb-quote", "quote or reported speech"),
    "stance": ("wb-stance", "carries a stance toward a target (red −, blue +)"),
    "frame": ("wb-frame", "carries a frame cue"),
}


def anchor(article_id: Any, sentence_index: Any) -> str:
    """The in-page id of a sentence: ``s-<article_id>-<sentence_index>``, id characters only."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", str(article_id))
    return f"s-{safe}-{int(sentence_index)}"


def target_names(comparison: Comparison) -> dict[str, str]:
    """Target id -> display name."""
    targets = comparison.event.targets
    return {str(t): str(n) for t, n in zip(targets["target_id"], targets["name"])}


def speaker_name(speaker: Any, names: dict[str, str]) -> str:
    """A quote's speaker by name ("an unnamed speaker" when there is none)."""
    if missing(speaker) or not str(speaker).strip():
        return "an unnamed speaker"
    return names.get(str(speaker), str(speaker))


def sentence_marks(
    comparison: Comparison,
    article_ids: Sequence[str],
    *,
    kinds: Iterable[str] = tuple(READER_KINDS),
    mask: OutletMask | None = None,
) -> pd.DataFrame:
    """The sentences of *article_ids* with what they are, for the reader.

    Selects from the comparison's tables: content units (shared / unique), quotes,
    mention polarity (stance-bearing: a mention the model labels negative or positive)
    and frame sentences (frame cues).

    Parameters
    ----------
    comparison : Comparison
        Where the tables come from.
    article_ids : sequence of str
        The articles shown, in column order.
    kinds : iterable of str
        Which highlights to mark, from ``"shared"``, ``"unique"``, ``"quote"``,
        ``"stance"``, ``"frame"``.
    mask : OutletMask, optional
        In blind mode anchors are built from opaque article numbers, not article ids
        (which often spell the outlet).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`READER_COLUMNS`, articles in the given order, sentences in text
        order. ``links`` holds the anchors of the first sentence of the same content
        unit in each *other* shown article.
    """
    kinds = set(kinds)
    article_key = (mask or NO_MASK).article
    sentences = comparison.sentences
    order = {article_id: k for k, article_id in enumerate(article_ids)}
    shown = sentences[sentences["article_id"].isin(order)].copy()
    shown = shown.assign(_order=shown["article_id"].map(order)).sort_values(
        ["_order", "sentence_index"], kind="stable"
    )
    names = target_names(comparison)
    n_sources_total = len(comparison.sources)

    # Membership gives each sentence its unit; presence (the coverage grid) says which
    # sources report a unit and with which sentences, members or similar ones.
    units = comparison.content_units
    unit_of = dict(zip(units["sentence_id"], units["unit_id"]))
    coverage = comparison.coverage
    n_sources_of = dict(zip(coverage["unit_id"], coverage["n_sources"]))
    article_of = dict(zip(sentences["sentence_id"], sentences["article_id"]))
    index_of = dict(zip(sentences["sentence_id"], sentences["sentence_index"]))
    units_of: dict[str, list[Any]] = {}
    cited: dict[Any, list[str]] = {}
    present = coverage[coverage["present"].astype(bool)]
    for unit, sentence_ids in zip(present["unit_id"], present["sentence_ids"]):
        for sid in sentence_ids:
            units_of.setdefault(sid, []).append(unit)
            cited.setdefault(unit, []).append(sid)

    quotes = comparison.quotes
    quotes = quotes[quotes["article_id"].isin(order)]
    quotes_of: dict[str, list[tuple[int, int, str, str]]] = {}
    for quote in quotes.itertuples():
        quotes_of.setdefault(quote.article_id, []).append(
            (int(quote.start), int(quote.end), quote.kind, speaker_name(quote.speaker, names))
        )

    polarity = comparison.mention_polarity
    polarity = polarity[polarity["article_id"].isin(order)]
    polarity = polarity[polarity["polarity"] != 0]  # -1, 0, 1: keep what takes a side
    stance_of: dict[str, dict[str, float]] = {}
    means = polarity.groupby(["sentence_id", "target_id"], sort=False)["score"].mean()
    for (sid, target_id), score in means.items():
        stance_of.setdefault(sid, {})[target_id] = float(score)

    frames = comparison.frame_sentences
    frames = frames[frames["article_id"].isin(order) & (frames["frame"] != "other")]
    frames_of = {sid: list(group["frame"]) for sid, group in frames.groupby("sentence_id")}

    rows = []
    for row in shown.itertuples():
        classes: list[str] = []
        reasons: list[str] = []
        unit = unit_of.get(row.sentence_id)
        reported = units_of.get(row.sentence_id) or ([unit] if unit is not None else [])
        n_sources = max((int(n_sources_of.get(u, 1)) for u in reported), default=1)
        links: tuple[str, ...] = ()
        if n_sources >= 2:
            if "shared" in kinds:
                others = n_sources - 1
                classes.append("wb-shared")
                reasons.append(f"shared with {others} other source{'s' if others != 1 else ''}")
            first_in: dict[str, str] = {}
            for u in reported:
                for sid in cited.get(u, ()):
                    article_id = article_of.get(sid)
                    if article_id in order and article_id != row.article_id:
                        first_in.setdefault(article_id, sid)
            links = tuple(
                anchor(article_key(article_of[sid]), index_of[sid]) for sid in first_in.values()
            )
        elif "unique" in kinds and n_sources_total > 1:
            classes.append("wb-unique")
            reasons.append("only this source reports this")
        if "quote" in kinds:
            inside = [
                (kind, who)
                for start, end, kind, who in quotes_of.get(row.article_id, ())
                if start < row.end and end > row.start
            ]
            if inside:
                classes.append("wb-quote")
            reasons += [
                f"quote: {who}" if kind == "direct" else f"reported speech: {who}"
                for kind, who in inside
            ]
        if "stance" in kinds and row.sentence_id in stance_of:
            scores = stance_of[row.sentence_id]
            negative = sum(scores.values()) < 0
            classes += ["wb-stance", "wb-stance-neg" if negative else "wb-stance-pos"]
            reasons += [
                f"stance toward {names.get(t, t)} {number(score, '+.1f')}"
                for t, score in scores.items()
            ]
        if "frame" in kinds and row.sentence_id in frames_of:
            classes.append("wb-frame")
            reasons += [
                f"frame: {FRAME_NAMES.get(f, f)}" for f in dict.fromkeys(frames_of[row.sentence_id])
            ]
        rows.append(
            {
                "sentence_id": row.sentence_id,
                "article_id": row.article_id,
                "source": row.source,
                "sentence_index": int(row.sentence_index),
                "paragraph_index": int(row.paragraph_index),
                "start": int(row.start),
                "end": int(row.end),
                "text": row.text,
                "unit_id": unit,
                "n_sources": n_sources,
                "classes": tuple(classes),
                "tooltip": "; ".join(reasons),
                "anchor": anchor(article_key(row.article_id), row.sentence_index),
                "links": links,
            }
        )
    return pd.DataFrame(rows, columns=READER_COLUMNS)


def voice_of_sentences(comparison: Comparison, sentence_ids: Iterable[str]) -> dict[str, tuple]:
    """sentence id -> (voice, speaker): "quoted" when a direct quote overlaps it,
    "reported" for indirect speech, else "authorial"."""
    wanted = set(sentence_ids)
    sentences = comparison.sentences
    sentences = sentences[sentences["sentence_id"].isin(wanted)]
    quotes = comparison.quotes
    names = target_names(comparison)
    voices: dict[str, tuple] = {}
    for row in sentences.itertuples():
        own = quotes[
            (quotes["article_id"] == row.article_id)
            & (quotes["start"] < row.end)
            & (quotes["end"] > row.start)
        ]
        if own.empty:
            voices[row.sentence_id] = ("authorial", None)
            continue
        first = own.iloc[0]
        voice = "quoted" if first["kind"] == "direct" else "reported"
        voices[row.sentence_id] = (voice, speaker_name(first["speaker"], names))
    return voices
