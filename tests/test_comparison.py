"""The comparison engine against the teaching events' own annotations.

The annotations were written with the articles (corpora/*/annotations.yaml); these tests
check that the features find what the authors put in.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kendalltau

import workbench
from workbench.comparison import HEADLINE_COLUMNS, SUMMARY_COLUMNS

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
EVENTS = sorted(path.name for path in CORPORA.iterdir() if (path / "annotations.yaml").is_file())
DEMO = "sumy-strike-2025"
CONTROL = "harbor-bridge-closure-2024"


@pytest.fixture(scope="module")
def comparisons() -> dict[str, workbench.Comparison]:
    return {name: workbench.compare(workbench.load_event(CORPORA / name)) for name in EVENTS}


def annotated(comparison: workbench.Comparison) -> dict[str, dict]:
    return comparison.event.annotations["articles"]


def source_of(comparison: workbench.Comparison) -> dict[str, str]:
    articles = comparison.articles
    return dict(zip(articles["article_id"], articles["source"]))


def test_compare_is_deterministic() -> None:
    event = workbench.load_event(CORPORA / DEMO)
    first, second = workbench.compare(event), workbench.compare(event)
    for name in (
        "similarity",
        "coverage",
        "quotes",
        "numbers",
        "framing",
        "stance",
        "claim_stance",
    ):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))


@pytest.mark.parametrize("event", EVENTS)
def test_annotated_quotes_get_the_right_speaker(comparisons, event: str) -> None:
    comparison = comparisons[event]
    quotes = comparison.quotes[comparison.quotes["kind"] == "direct"]
    total = right = 0
    for article_id, annotation in annotated(comparison).items():
        for item in annotation.get("quotes", []):
            total += 1
            found = quotes[
                (quotes["article_id"] == article_id)
                & quotes["text"].str.contains(item["text"], regex=False)
            ]
            right += bool(len(found)) and found.iloc[0]["speaker"] == item["speaker"]
    assert total > 0
    assert right / total >= 0.9


def test_death_toll_disagreement_of_the_demo_event(comparisons) -> None:
    comparison = comparisons[DEMO]
    table = comparison.number_disagreements.set_index("counts")
    killed = dict(table.loc["killed", "values"])
    assert killed["Northline Wire"] == 32.0
    assert killed["Khreshchatyk Daily"] == 34.0
    assert killed["Equilibrium Review"] == 35.0
    for figure_id in table.loc["killed", "figure_ids"]:
        figure = comparison.numbers.set_index("figure_id").loc[figure_id]
        text = comparison.event.article(figure["article_id"])["text"]
        assert text[figure["start"] : figure["end"]] == figure["expression"]


@pytest.mark.parametrize("event", EVENTS)
def test_annotated_figures_are_found(comparisons, event: str) -> None:
    comparison = comparisons[event]
    numbers = comparison.numbers
    total = found = 0
    for article_id, annotation in annotated(comparison).items():
        values = numbers.loc[numbers["article_id"] == article_id, "value"].to_numpy()
        for figure in annotation.get("figures", []):
            total += 1
            value = float(figure["value"])
            found += any(np.isclose(value * scale, values).any() for scale in (1, 1e3, 1e6, 1e9))
    assert found / total >= 0.8


def test_figures_of_one_annotated_quantity_are_read_as_one_quantity(comparisons) -> None:
    """Over pairs of figures from two sources (each found figure matched to the one
    annotated figure of its article with its value), "the same quantity" as annotated
    (``counts`` keys such as ``price_rise``, ``dairy_farms``) against as read (``counts``
    and ``unit``). Measured 0.67 precision, 0.98 recall (dairy 0.49 / 0.88, bridge
    0.65 / 1.00, sumy 1.00 / 1.00); before percentages were read by what they measure,
    farms and jobs stopped counting as people and crowns became money, 0.51 / 0.84
    (dairy 0.22 / 0.86)."""
    pairs = {"tp": 0, "fp": 0, "fn": 0}
    scales = {"billion": 1e9, "million": 1e6}
    for event in EVENTS:
        comparison = comparisons[event]
        numbers = comparison.numbers
        read = []
        for article_id, annotation in annotated(comparison).items():
            own = numbers[numbers["article_id"] == article_id]
            for figure in annotation.get("figures", []):
                scale = scales.get(str(figure.get("unit", "")).split(" ")[0], 1.0)
                hits = own[np.isclose(own["value"], float(figure["value"]) * scale)]
                if len(hits) == 1:
                    row = hits.iloc[0]
                    read.append((row["source"], figure["counts"], (row["counts"], row["unit"])))
        for a, b in itertools.combinations(read, 2):
            if a[0] != b[0]:
                same_truth, same_read = a[1] == b[1], a[2] == b[2]
                pairs["tp"] += same_truth and same_read
                pairs["fp"] += same_read and not same_truth
                pairs["fn"] += same_truth and not same_read
    precision = pairs["tp"] / (pairs["tp"] + pairs["fp"])
    recall = pairs["tp"] / (pairs["tp"] + pairs["fn"])
    assert precision >= 0.6 and recall >= 0.9, pairs


def test_control_event_is_more_alike_and_less_spread_than_the_demo(comparisons) -> None:
    def mean_off_diagonal(matrix: pd.DataFrame) -> float:
        values = matrix.to_numpy()
        return float(values[~np.eye(len(values), dtype=bool)].mean())

    demo, control = comparisons[DEMO], comparisons[CONTROL]
    assert mean_off_diagonal(control.similarity) > mean_off_diagonal(demo.similarity)

    def stance_spread(comparison: workbench.Comparison) -> float:
        cells = comparison.stance[comparison.stance["voice"] == "all"]
        return float(cells.groupby("target_id")["stance"].agg(lambda s: s.max() - s.min()).mean())

    assert stance_spread(control) < stance_spread(demo)


def stance_taus(comparison: workbench.Comparison) -> dict[str, float]:
    """Kendall tau between annotated and measured stance, per target with an ordering.

    Targets mentioned by fewer than 4 sources, or annotated alike for every source
    (nothing to order), are left out.
    """
    sources = source_of(comparison)
    cells = comparison.stance[comparison.stance["voice"] == "all"]
    cells = cells.set_index(["source", "target_id"])["stance"]
    taus = {}
    for target_id in comparison.event.targets["target_id"]:
        pairs = [
            (annotation["stance"][target_id], cells[(sources[article_id], target_id)])
            for article_id, annotation in annotated(comparison).items()
        ]
        pairs = [(truth, found) for truth, found in pairs if not np.isnan(found)]
        truths = [truth for truth, _ in pairs]
        if len(pairs) >= 4 and len(set(truths)) >= 2:
            taus[target_id] = float(kendalltau(truths, [found for _, found in pairs]).statistic)
    return taus


@pytest.mark.xfail(
    strict=True,
    reason=(
        "issue 3 asks for Kendall tau >= 0.6 per target; measured 14 of 16 targets reach it "
        "(mean tau 0.75): dairy holm 0.53 and farmers 0.53 stay below (the Northern Standard "
        "criticises Holm through motives and process the sentence model reads as neutral; "
        "its doubt that the levy protects farms counts against the farmers it sides with)"
    ),
)
def test_stance_orders_sources_like_the_annotations_per_target(comparisons) -> None:
    taus = {
        (event, target): tau
        for event in EVENTS
        for target, tau in stance_taus(comparisons[event]).items()
    }
    assert min(taus.values()) >= 0.6, taus


def test_stance_agrees_with_the_annotations_better_than_chance(comparisons) -> None:
    """Mean tau over the 16 orderable targets of the three events: measured 0.75
    (0.69 before upper bounds were read as degrees, which put consumers at 0.67; 0.73
    before a general statement, "civilians are not targets", stopped denying that
    civilians were targeted)."""
    taus = [tau for event in EVENTS for tau in stance_taus(comparisons[event]).values()]
    assert len(taus) >= 12
    assert np.mean(taus) >= 0.5
    assert sum(tau >= 0.6 for tau in taus) >= 13
    demo = stance_taus(comparisons[DEMO])
    assert demo["russia"] > 0 and demo["putin"] > 0


def claim_cells(comparison: workbench.Comparison) -> list[tuple[str, str]]:
    """(annotated label, found label) for every annotated article x claim."""
    sources = source_of(comparison)
    grid = comparison.claim_stance.set_index(["source", "claim_id"])["label"]
    return [
        (label, grid[(sources[article_id], claim_id)])
        for article_id, annotation in annotated(comparison).items()
        for claim_id, label in annotation["claims"].items()
    ]


def test_claim_grid_matches_the_annotated_cells(comparisons) -> None:
    """Issue 3: >= 80% of the annotated cells on every teaching event.

    Measured: 83 of 92 annotated cells (0.90); per event dairy 0.84, bridge 1.00,
    sumy 0.88 (was 0.80 / 1.00 / 0.76 before the near-synonym lexicon; dairy 0.80 before
    upper bounds, "at most 3%", were read as degrees).
    """
    per_event = {}
    total = right = 0
    for event in EVENTS:
        cells = claim_cells(comparisons[event])
        hits = sum(truth == found for truth, found in cells)
        per_event[event] = hits / len(cells)
        total, right = total + len(cells), right + hits
    assert right / total >= 0.8, per_event
    assert min(per_event.values()) >= 0.8, per_event


def test_summary_and_headlines_have_one_row_per_source_and_article(comparisons) -> None:
    comparison = comparisons[DEMO]
    assert list(comparison.summary.columns) == SUMMARY_COLUMNS
    assert list(comparison.summary["source"]) == comparison.sources
    assert list(comparison.headlines.columns) == HEADLINE_COLUMNS
    assert set(comparison.headlines["article_id"]) == set(comparison.articles["article_id"])


@pytest.mark.parametrize("event", EVENTS)
def test_summary_joins_the_tables_it_summarises(comparisons, event: str) -> None:
    comparison = comparisons[event]
    summary = comparison.summary.set_index("source")
    sourcing = comparison.sourcing.set_index("source")
    style = comparison.style.set_index("source")
    top = workbench.terms.top_terms(comparison.term_counts, n=5)
    for source in comparison.sources:
        row = summary.loc[source]
        own = comparison.articles[comparison.articles["source"] == source]
        assert row["n_articles"] == len(own) and row["n_words"] == own["n_words"].sum()
        others = [other for other in comparison.sources if other != source]
        similarity = comparison.source_similarity.loc[source, others].mean()
        assert row["mean_similarity"] == similarity
        unique = comparison.unique_content["source"] == source
        assert row["n_unique_units"] == unique.sum()
        assert row["n_omitted_units"] == (comparison.omitted_content["source"] == source).sum()
        for column in ("n_quotes", "n_speakers", "share_quoted"):
            assert row[column] == sourcing.loc[source, column]
        frames = comparison.framing.loc[source].drop("other", errors="ignore")
        assert row["top_frame"] == (frames.idxmax() if frames.sum() > 0 else "other")
        assert row["top_terms"] == tuple(top["term"][top["category"] == source])
        assert row["loaded_share"] == style.loc[source, "loaded_per_100_words"]
        assert row["unattributed_share"] == style.loc[source, "unattributed_share"]


def test_stance_evidence_points_into_the_article_text(comparisons) -> None:
    """A mention row spans an alias of the target; a claim row spans its evidence sentence."""
    comparison = comparisons[DEMO]
    evidence = comparison.stance_evidence("Khreshchatyk Daily", "russia", n=100)
    aliases = comparison.event.targets.set_index("target_id").loc["russia", "aliases"]
    assert set(evidence["voice"]) >= {"authorial", "claim"}
    for row in evidence.itertuples():
        text = comparison.event.article(row.article_id)["text"]
        if row.voice == "claim":
            assert text[row.start : row.end] == row.sentence
            assert row.claim_id in set(comparison.event.claims["claim_id"])
        else:
            assert text[row.start : row.end].lower() in {alias.lower() for alias in aliases}
            assert row.claim_id == ""


def test_stance_contributions_add_up_to_the_cell_with_its_claim_positions(comparisons) -> None:
    comparison = comparisons[DEMO]
    cells = comparison.stance[comparison.stance["voice"] == "all"].set_index(
        ["source", "target_id"]
    )
    positions = comparison.claim_positions
    assert len(positions) > 0
    for source, target_id in [("Orbita News", "russia"), ("Khreshchatyk Daily", "zelensky")]:
        evidence = comparison.stance_evidence(source, target_id, n=1000)
        cell = cells.loc[(source, target_id)]
        assert evidence["contribution"].sum() == pytest.approx(cell["stance"])
        mine = positions[(positions["source"] == source) & (positions["target_id"] == target_id)]
        assert cell["n_claims"] == len(mine) == (evidence["voice"] == "claim").sum()
