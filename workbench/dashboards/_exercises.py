"""Exercise prompts for a class, derived from the event's tables (no widgets here)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from workbench.comparison import Comparison
from workbench.dashboards._html import number
from workbench.dashboards._lenses import voice_of_target
from workbench.dashboards._marks import target_names
from workbench.dashboards._mask import NO_MASK, OutletMask
from workbench.numbers import figure_label, quantity_name

#: Columns of :func:`exercise_prompts`.
EXERCISE_COLUMNS = ["topic", "prompt", "answer"]


def exercise_prompts(comparison: Comparison, mask: OutletMask | None = None) -> pd.DataFrame:
    """Exercise prompts for a class, derived from this event's tables.

    Each prompt is built from what the comparison found (who quotes whom, figures that
    differ, stance spread, omitted content, labels, claims), never written per event.

    Parameters
    ----------
    comparison : Comparison
        Where the tables come from.
    mask : OutletMask, optional
        Names sources by their masked names in prompts and answers.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`EXERCISE_COLUMNS`; the answer names sources (masked).
    """
    mask = mask or NO_MASK
    names = target_names(comparison)
    sources = list(comparison.sources)

    def listing(items: Iterable[str]) -> str:
        return ", ".join(sorted(mask.name(s) for s in items))

    prompts: list[tuple[str, str, str]] = []
    quotes = comparison.quotes
    quoted = quotes.dropna(subset=["target_id"]).groupby("target_id")["source"].unique()
    candidates = [
        (len(set(q)), target_id, set(q))
        for target_id, q in quoted.items()
        if 0 < len(set(q)) < len(sources)
    ]
    for _, target_id, quoting in sorted(candidates, key=lambda c: (-c[0], str(c[1])))[:2]:
        silent = [s for s in sources if s not in quoting]
        prompts.append(
            (
                "sourcing",
                f"Which {'sources never quote' if len(silent) > 1 else 'source never quotes'} "
                f"{voice_of_target(comparison, target_id)}? "
                "What does the reader miss as a result?",
                f"{listing(silent)} (quoted by {listing(quoting)})",
            )
        )
    disagreements = comparison.number_disagreements
    for row in disagreements.head(1).itertuples():
        values = "; ".join(f"{mask.name(s)}: {figure_label(v)}" for s, v in row.values)
        prompts.append(
            (
                "figures",
                f"The sources give different figures for “{quantity_name(row.counts, row.unit)}”, "
                f"from {figure_label(row.min_value)} to {figure_label(row.max_value)}. Find "
                "each figure. Is it the same thing counted? Why might they differ (time of "
                "publication, who is counting, who is counted)?",
                values,
            )
        )
    stance = comparison.stance
    stance = stance[(stance["voice"] == "all") & stance["stance"].notna()]
    spread = stance.groupby("target_id")["stance"].agg(lambda v: v.max() - v.min())
    if len(spread) and spread.max() > 0:
        target_id = spread.idxmax()
        rows = stance[stance["target_id"] == target_id].sort_values("stance")
        prompts.append(
            (
                "stance",
                f"Which source is most favourable toward {names.get(target_id, target_id)}, "
                "and which most hostile? Underline the words that show it.",
                f"most favourable: {mask.name(rows['source'].iloc[-1])} "
                f"({number(rows['stance'].iloc[-1], '+.2f')}); most hostile: "
                f"{mask.name(rows['source'].iloc[0])} ({number(rows['stance'].iloc[0], '+.2f')})",
            )
        )
    omitted = comparison.omitted_content
    if len(omitted):
        source = omitted["source"].value_counts().index[0]
        texts = omitted[omitted["source"] == source]["text"].head(2)
        prompts.append(
            (
                "omission",
                f"{mask.name(source)} leaves out something that every other source reports. "
                "What is it, and does leaving it out change the story?",
                " / ".join(mask.text(t) for t in texts),
            )
        )
    labels = comparison.labels
    labels = labels[labels["n_mentions"] > 0]
    if len(labels):
        variety = labels.groupby("target_id")["label"].nunique().sort_values(ascending=False)
        target_id = variety.index[0]
        if variety.iloc[0] > 1:
            own = labels[labels["target_id"] == target_id]
            top = own.sort_values("n_mentions", ascending=False).drop_duplicates("source")
            shown = [lab for lab in dict.fromkeys(top["label"]) if not mask.identifies(lab)]
            prompts.append(
                (
                    "word choice",
                    f"The sources name {names.get(target_id, target_id)} in different ways "
                    f"({', '.join('“' + lab + '”' for lab in shown[:5])}). Which source uses "
                    "which name, and what does each choice suggest?",
                    "; ".join(
                        f"{mask.name(s)}: “{lab}”"
                        for s, lab in sorted(
                            zip(top["source"], top["label"]), key=lambda p: mask.name(p[0])
                        )
                        if not mask.identifies(lab)
                    ),
                )
            )
    claims = comparison.claim_stance
    claim_texts = dict(zip(comparison.event.claims["claim_id"], comparison.event.claims["text"]))
    for claim_id, group in claims.groupby("claim_id", sort=False):
        agree = group[group["label"] == "agree"]["source"]
        disagree = group[group["label"] == "disagree"]["source"]
        if len(agree) and len(disagree):
            prompts.append(
                (
                    "claims",
                    f"Which sources assert that “{claim_texts.get(claim_id, claim_id)}”, and "
                    "which dispute it? What evidence does each side give?",
                    f"assert: {listing(agree)}; dispute: {listing(disagree)}",
                )
            )
            break
    return pd.DataFrame(prompts, columns=EXERCISE_COLUMNS)
