"""Stance of each source toward the event's targets and claims, with its evidence.

Toward targets
    Every mention of a target is scored by the shipped polarity model
    (:mod:`workbench.polarity`, trained on NewsMTSC): ``score = p_positive −
    p_negative`` in [−1, 1]. A mention inside a direct quote is the quoted speaker's
    stance, reported (``voice="quoted"``); any other mention is the article's own
    (``voice="authorial"``). A sentence's score toward a target is the mean of its
    mentions; a source's stance is the mean over its sentences, with a percentile
    bootstrap interval over those sentences and a small-sample flag.

Toward claims
    Every claim is scored against every sentence by the shipped claim model
    (:mod:`workbench.claims`, trained on FNC-1). A source's label for a claim comes
    from its related sentences: ``absent`` when none is related, else the label with
    the largest summed probability among ``agree``, ``disagree`` and ``discuss``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "STANCE_COLUMNS",
    "MENTION_POLARITY_COLUMNS",
    "CLAIM_STANCE_COLUMNS",
    "SMALL_SAMPLE",
    "bootstrap_interval",
    "mention_polarity",
    "stance_table",
    "stance_evidence",
    "claim_sentence_scores",
    "claim_stance_table",
    "claim_evidence",
]

#: Fewer sentences than this and a stance cell is flagged ``small_sample``.
SMALL_SAMPLE = 5

#: Columns of :func:`mention_polarity`.
MENTION_POLARITY_COLUMNS = [
    "target_id",
    "alias",
    "sentence_id",
    "article_id",
    "source",
    "sentence_index",
    "start",
    "end",
    "voice",
    "speaker",
    "polarity",
    "p_negative",
    "p_neutral",
    "p_positive",
    "score",
    "sentence",
]

#: Columns of :func:`stance_table`: one row per source × target × voice (``all``,
#: ``authorial``, ``quoted``). ``stance`` is in [−1, 1] (NaN with no mention);
#: ``evidence`` holds sentence ids, strongest contribution first.
STANCE_COLUMNS = [
    "source",
    "target_id",
    "voice",
    "n_mentions",
    "n_sentences",
    "share_sentences",
    "stance",
    "ci_low",
    "ci_high",
    "small_sample",
    "evidence",
]

#: Columns of :func:`claim_stance_table`: one row per source × claim.
CLAIM_STANCE_COLUMNS = [
    "source",
    "claim_id",
    "label",
    "confidence",
    "n_related",
    "p_agree",
    "p_disagree",
    "p_discuss",
    "evidence",
]

VOICES = ("all", "authorial", "quoted")


def bootstrap_interval(
    values: np.ndarray, *, n_boot: int = 1000, level: float = 0.9, random_state: int = 0
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of *values*.

    Parameters
    ----------
    values : array
        One value per sentence.
    n_boot : int
        Resamples.
    level : float
        Coverage of the interval (0.9 gives the 5th and 95th percentiles).
    random_state : int
        Seed of the resampling.

    Returns
    -------
    (float, float)
        Lower and upper bound; ``(nan, nan)`` for no values.
    """
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(random_state)
    draws = rng.integers(0, values.size, size=(n_boot, values.size))
    means = values[draws].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)


def mention_polarity(
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    quotes: pd.DataFrame | None,
    *,
    model: object | None = None,
) -> pd.DataFrame:
    """Score every target mention with the polarity model and tell quoted from authorial.

    Parameters
    ----------
    mentions : DataFrame
        From :func:`workbench.labels.mentions` (offsets into the article text).
    sentences : DataFrame
        The event's sentences (for the sentence text and its start offset).
    quotes : DataFrame or None
        From :func:`workbench.quotes.find_quotes`; mentions inside a direct quote
        get ``voice="quoted"`` and the quote's speaker.
    model : optional
        A fitted :class:`workbench.polarity.TargetPolarityClassifier`; the shipped
        model by default.

    Returns
    -------
    DataFrame
        Columns :data:`MENTION_POLARITY_COLUMNS`.
    """
    from workbench import polarity

    if mentions.empty:
        return pd.DataFrame(columns=MENTION_POLARITY_COLUMNS)
    by_id = sentences.set_index("sentence_id")
    sentence_start = by_id.loc[mentions["sentence_id"], "start"].to_numpy()
    frame = pd.DataFrame(
        {
            "text": by_id.loc[mentions["sentence_id"], "text"].to_numpy(),
            "start": mentions["start"].to_numpy() - sentence_start,
            "end": mentions["end"].to_numpy() - sentence_start,
        }
    )
    scored = polarity.polarity_of_mentions(frame, model=model)
    table = mentions.reset_index(drop=True).copy()
    for column in ("polarity", "p_negative", "p_neutral", "p_positive", "score"):
        table[column] = scored[column].to_numpy()
    table["sentence"] = frame["text"]
    table["voice"] = "authorial"
    table["speaker"] = None
    if quotes is not None and not quotes.empty:
        direct = quotes[quotes["kind"] == "direct"]
        for article_id, spans in direct.groupby("article_id", sort=False):
            rows = table.index[table["article_id"] == article_id]
            for quote in spans.itertuples():
                inside = (table.loc[rows, "start"] >= quote.start) & (
                    table.loc[rows, "end"] <= quote.end
                )
                hit = rows[inside.to_numpy()]
                table.loc[hit, "voice"] = "quoted"
                table.loc[hit, "speaker"] = quote.speaker
    return table[MENTION_POLARITY_COLUMNS]


def stance_table(
    mention_scores: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    targets: pd.DataFrame,
    sources: list[str],
    n_boot: int = 1000,
    random_state: int = 0,
) -> pd.DataFrame:
    """Source × target × voice stance with bootstrap intervals.

    Parameters
    ----------
    mention_scores : DataFrame
        From :func:`mention_polarity`.
    sentences : DataFrame
        The event's sentences (for each source's sentence count).
    targets : DataFrame
        The event's targets (every target gets a row, mentioned or not).
    sources : list of str
        The sources, in display order.
    n_boot, random_state : int
        Bootstrap resamples and seed.

    Returns
    -------
    DataFrame
        Columns :data:`STANCE_COLUMNS`.
    """
    n_sentences = sentences.groupby("source").size()
    rows = []
    for source in sources:
        own = mention_scores[mention_scores["source"] == source]
        for target_id in targets["target_id"]:
            about = own[own["target_id"] == target_id]
            for voice in VOICES:
                chosen = about if voice == "all" else about[about["voice"] == voice]
                per_sentence = chosen.groupby("sentence_id", sort=False)["score"].mean()
                values = per_sentence.to_numpy()
                low, high = bootstrap_interval(values, n_boot=n_boot, random_state=random_state)
                order = per_sentence.abs().sort_values(ascending=False, kind="stable").index
                rows.append(
                    {
                        "source": source,
                        "target_id": target_id,
                        "voice": voice,
                        "n_mentions": len(chosen),
                        "n_sentences": len(per_sentence),
                        "share_sentences": len(per_sentence)
                        / max(1, int(n_sentences.get(source, 0))),
                        "stance": float(values.mean()) if len(values) else float("nan"),
                        "ci_low": low,
                        "ci_high": high,
                        "small_sample": len(per_sentence) < SMALL_SAMPLE,
                        "evidence": tuple(order),
                    }
                )
    return pd.DataFrame(rows, columns=STANCE_COLUMNS)


def stance_evidence(
    mention_scores: pd.DataFrame,
    source: str,
    target_id: str,
    *,
    voice: str = "all",
    n: int = 10,
) -> pd.DataFrame:
    """The sentences behind one stance cell, largest contribution first.

    A sentence's contribution is its score divided by the number of sentences in
    the cell: the cell's stance is the sum of the contributions.

    Returns
    -------
    DataFrame
        ``sentence_id, article_id, sentence_index, start, end, voice, speaker,
        score, contribution, sentence`` (``start``/``end`` are the sentence's first
        mention offsets in the article text).
    """
    chosen = mention_scores[
        (mention_scores["source"] == source) & (mention_scores["target_id"] == target_id)
    ]
    if voice != "all":
        chosen = chosen[chosen["voice"] == voice]
    grouped = chosen.groupby("sentence_id", sort=False).agg(
        article_id=("article_id", "first"),
        sentence_index=("sentence_index", "first"),
        start=("start", "first"),
        end=("end", "first"),
        voice=("voice", "first"),
        speaker=("speaker", "first"),
        score=("score", "mean"),
        sentence=("sentence", "first"),
    )
    grouped["contribution"] = grouped["score"] / max(1, len(grouped))
    order = grouped["contribution"].abs().sort_values(ascending=False, kind="stable").index
    columns = [
        "article_id",
        "sentence_index",
        "start",
        "end",
        "voice",
        "speaker",
        "score",
        "contribution",
        "sentence",
    ]
    return grouped.loc[order, columns].head(n).reset_index()


def claim_sentence_scores(
    claims: pd.DataFrame, sentences: pd.DataFrame, *, model: object | None = None
) -> pd.DataFrame:
    """Every claim against every sentence with the shipped claim model.

    Returns
    -------
    DataFrame
        The sentence ids and text, ``claim_id``, ``label`` and ``p_agree``,
        ``p_disagree``, ``p_discuss``, ``p_unrelated``.
    """
    from workbench import claims as claim_model

    return claim_model.claim_stance_of_sentences(claims, sentences, model=model)


def claim_stance_table(
    scores: pd.DataFrame, claims: pd.DataFrame, *, sources: list[str]
) -> pd.DataFrame:
    """Source × claim labels from sentence scores.

    Parameters
    ----------
    scores : DataFrame
        From :func:`claim_sentence_scores`.
    claims : DataFrame
        The event's claims.
    sources : list of str
        The sources, in display order.

    Returns
    -------
    DataFrame
        Columns :data:`CLAIM_STANCE_COLUMNS`. ``confidence`` is the chosen label's
        share of the related sentences' summed probability (for ``absent``: the
        mean ``p_unrelated`` of the source's sentences).
    """
    rows = []
    for source in sources:
        own = scores[scores["source"] == source]
        for claim_id in claims["claim_id"]:
            about = own[own["claim_id"] == claim_id]
            related = about[about["label"] != "unrelated"]
            if related.empty:
                rows.append(
                    {
                        "source": source,
                        "claim_id": claim_id,
                        "label": "absent",
                        "confidence": float(about["p_unrelated"].mean()) if len(about) else 1.0,
                        "n_related": 0,
                        "p_agree": 0.0,
                        "p_disagree": 0.0,
                        "p_discuss": 0.0,
                        "evidence": (),
                    }
                )
                continue
            mass = related[["p_agree", "p_disagree", "p_discuss"]].sum()
            label = str(mass.idxmax()).removeprefix("p_")
            shares = mass / mass.sum()
            evidence = related.sort_values(f"p_{label}", ascending=False, kind="stable")[
                "sentence_id"
            ]
            rows.append(
                {
                    "source": source,
                    "claim_id": claim_id,
                    "label": label,
                    "confidence": float(shares[f"p_{label}"]),
                    "n_related": len(related),
                    "p_agree": float(shares["p_agree"]),
                    "p_disagree": float(shares["p_disagree"]),
                    "p_discuss": float(shares["p_discuss"]),
                    "evidence": tuple(evidence),
                }
            )
    return pd.DataFrame(rows, columns=CLAIM_STANCE_COLUMNS)


def claim_evidence(scores: pd.DataFrame, source: str, claim_id: str, *, n: int = 5) -> pd.DataFrame:
    """The sentences of *source* most related to *claim_id*, with their labels."""
    chosen = scores[(scores["source"] == source) & (scores["claim_id"] == claim_id)]
    chosen = chosen.assign(related=1 - chosen["p_unrelated"])
    return (
        chosen.sort_values("related", ascending=False, kind="stable").head(n).reset_index(drop=True)
    )
