"""Figures, what they count, and disagreements across sources."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.numbers import (
    _APPROXIMATE,
    _DATE_BEFORE,
    _LONGEST_APPROXIMATE,
    _LONGEST_MONTH,
    _NUMBER,
    DISAGREEMENT_COLUMNS,
    FIGURE_COLUMNS,
    _numbers_in,
    _tail,
    figure_disagreements,
    figure_label,
    find_figures,
    quantity_name,
)
from workbench.prepare import sentence_table


def figures_of(*texts: str) -> pd.DataFrame:
    articles = pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(texts))],
            "source": [f"S{i}" for i in range(len(texts))],
            "text": list(texts),
        }
    )
    return find_figures(articles, sentence_table(articles))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The strike killed at least 32 people and injured 84.",
            [("killed", 32.0), ("injured", 84.0)],
        ),
        (
            "It killed 34 people, including 2 children, and injured 117.",
            [("killed", 34.0), ("children_killed", 2.0), ("injured", 117.0)],
        ),
        ("Two missiles hit the centre.", [("missiles", 2.0)]),
        ("The death toll rose to 35 on Monday.", [("killed", 35.0)]),
        ("More than 60 servicemen were eliminated.", [("servicemen_killed", 60.0)]),
        ("Repairs will cost $4.5 million.", [("money", 4_500_000.0)]),
        ("Prices may rise by 12%.", [("rise", 12.0)]),
        ("It has fallen by as much as 18% in 3 years.", [("fall", 18.0), ("years", 3.0)]),
        ("A 25% levy on cheese; 30% of butter is imported.", [("levy", 25.0), ("butter", 30.0)]),
        ("About 60% came from abroad.", [("percent", 60.0)]),
        ("Some 38,000 vehicles a day use it.", [("vehicles", 38000.0)]),
        ("It has 12,400 dairy farms and 40,000 jobs.", [("farms", 12400.0), ("jobs", 40000.0)]),
        ("4 of the structure's 24 bearings cracked.", [("bearings", 4.0), ("bearings", 24.0)]),
        ("It will raise 350 million crowns a year.", [("money", 3.5e8)]),
        ("On 13 April 2025 at 10:15 a.m. the 2nd siren sounded.", []),
        ("Inspectors found 4 of 24 bearings cracked.", [("bearings", 4.0), ("bearings", 24.0)]),
        ("Two dozen people were killed.", [("killed", 24.0)]),
        # "a dozen" has no number word before it: not read
        ("Two hundred people died and a dozen were hurt.", [("killed", 200.0)]),
        ("Two hundred thousand people were evacuated.", [("people", 200_000.0)]),
        ("Three hundred million dollars was lost.", [("money", 300_000_000.0)]),
        ("It cost $5 m and 3 m of cable.", [("money", 5_000_000.0)]),
        # trillions were read as the bare number ("$2.9 trillion" as 2.9) until real
        # budget stories showed it
        ("The plan adds $2.9 trillion in tax hikes.", [("money", 2.9e12)]),
        ("Debt passed $28tn.", [("money", 28e12)]),
        ("Victims aged from 2 to 86 died in the fire.", []),
        ("Pupils between the ages of 5 and 9 were hurt.", []),
        ("A man aged 40 and 3 children were killed.", [("children_killed", 3.0)]),
    ],
)
def test_figures_and_what_they_count(text: str, expected: list[tuple[str, float]]) -> None:
    table = figures_of(text)
    assert list(zip(table["counts"], table["value"])) == expected


def test_figure_offsets_point_at_the_number() -> None:
    text = "Officials said 1,200 people were injured."
    table = figures_of(text)
    row = table.iloc[0]
    assert list(table.columns) == FIGURE_COLUMNS
    assert text[row["start"] : row["end"]] == "1,200"
    assert row["value"] == 1200.0


def test_approximate_figures_are_flagged() -> None:
    table = figures_of("At least 20 people were killed.")
    assert bool(table.iloc[0]["approximate"]) is True


def test_disagreement_takes_each_sources_latest_toll() -> None:
    figures = figures_of(
        "The toll rose from 21 killed to 32 killed.",
        "The strike killed 34 people.",
        "The strike killed 34 people.",
    )
    table = figure_disagreements(figures)
    assert list(table.columns) == DISAGREEMENT_COLUMNS
    row = table.set_index("counts").loc["killed"]
    assert row["values"] == (("S0", 32.0), ("S1", 34.0), ("S2", 34.0))
    assert (row["min_value"], row["max_value"], row["n_sources"]) == (32.0, 34.0, 3)


def test_sums_far_apart_and_unread_percentages_are_no_disagreement() -> None:
    figures = figures_of(
        "Families will pay 900 crowns a year. About 60% came from abroad.",
        "It will raise 350 million crowns a year. About 30% came from abroad.",
        "It will raise 400 million crowns a year.",
    )
    table = figure_disagreements(figures)
    assert table["counts"].tolist() == ["money"]  # the 900 crowns are another sum
    assert table.iloc[0]["values"] == (("S1", 3.5e8), ("S2", 4e8))


def test_agreeing_sources_give_no_disagreement() -> None:
    figures = figures_of("Two missiles hit.", "Two missiles struck.")
    assert figure_disagreements(figures).empty


def test_number_words_are_found_in_any_case_next_to_any_characters() -> None:
    table = figures_of(
        "TWELVE workers were injured.",
        "In Zürich, “Fifteen jobs” were cut — and SIX missiles hit.",
        "No figure here, just words.",
    )
    assert list(zip(table["article_id"], table["expression"], table["counts"])) == [
        ("a0", "TWELVE", "injured"),
        ("a1", "Fifteen", "jobs"),  # jobs are not people
        ("a1", "SIX", "missiles"),
    ]
    assert table["value"].tolist() == [12.0, 15.0, 6.0]


def test_quantities_of_one_source_or_one_figure_are_no_disagreement() -> None:
    figures = figures_of(
        "The strike killed 34 people. Inspectors found 12 bearings cracked.",
        "The strike killed 30 people. Two missiles hit.",
        "Two missiles hit. The strike killed 34 people.",
    )
    table = figure_disagreements(figures)
    assert table["counts"].tolist() == ["killed"]
    assert table.iloc[0]["values"] == (("S1", 30.0), ("S0", 34.0), ("S2", 34.0))
    assert table.iloc[0]["figure_ids"] == ("a1:f0", "a0:f0", "a2:f1")
    assert figure_disagreements(figures, min_sources=4).empty


# ------------------------------------------------ the faster searches give the same
NUMBER_PIECES = [
    "two",
    "Twenty",
    "FIFTY",
    "hundred",
    "fifteen",
    "seventeen",
    "often",
    "tenth",
    "ſix",
    "\u212a",
    "34",
    "1,200",
    "3.5",
    "$",
    "US$",
    "USD",
    "eur",
    "€",
    "£",
    "million",
    "bn",
    "trillion",
    "tn",
    "per cent",
    "%",
    "killed",
    "people",
    "at least",
    "around",
    "more than",
    "January",
    "Sept.",
    "March",
    "2025",
    "a.m.",
    "-year",
    "-M",
    ":",
    ".",
    ",",
    "\n",
    "  ",
]
words_and_numbers = st.lists(
    st.one_of(st.sampled_from(NUMBER_PIECES), st.text(alphabet="atuse 1.,-$", max_size=4)),
    max_size=14,
).map(" ".join)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(words_and_numbers)
def test_numbers_in_finds_what_the_full_expression_finds(text: str) -> None:
    expected = [(m.span(), m.groupdict()) for m in _NUMBER.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in _numbers_in(text)] == expected


@settings(max_examples=200, deadline=None, derandomize=True)
@given(words_and_numbers, st.text(alphabet=" \n\t", max_size=3))
def test_the_tail_holds_every_match_at_the_end(text: str, trailing: str) -> None:
    before = text + trailing
    for pattern, longest in ((_DATE_BEFORE, _LONGEST_MONTH), (_APPROXIMATE, _LONGEST_APPROXIMATE)):
        full = pattern.search(before)
        tail = pattern.search(_tail(before, longest))
        assert (full is None) == (tail is None)
        if full is not None:
            assert full.group(0) == tail.group(0)


def _disagreements_reference(figures: pd.DataFrame, min_sources: int = 2) -> pd.DataFrame:
    """The quantities of figure_disagreements, found with pandas group by group."""
    rows = []
    counted = figures[
        ~figures["counts"].isin(["hours", "days", "weeks", "months", "years", "percent"])
    ].copy()
    # sums of money: runs of sorted distinct values, each within 10x of the one before
    counted["run"] = 0
    for _, group in counted[counted["counts"] == "money"].groupby("unit"):
        distinct = np.sort(group["value"].unique())
        starts = np.r_[True, distinct[1:] > 10.0 * distinct[:-1]]
        run = dict(zip(distinct, np.cumsum(starts)))
        counted.loc[group.index, "run"] = group["value"].map(run)
    for (counts, unit, _), group in counted.groupby(["counts", "unit", "run"], sort=True):
        best = group.loc[group.groupby("source", sort=False)["value"].idxmax()]
        if best["source"].nunique() < min_sources or best["value"].nunique() < 2:
            continue
        best = best.sort_values("value")
        rows.append(
            {
                "counts": counts,
                "unit": unit,
                "n_sources": int(best["source"].nunique()),
                "n_values": int(best["value"].nunique()),
                "min_value": float(best["value"].min()),
                "max_value": float(best["value"].max()),
                "values": tuple(zip(best["source"], best["value"].astype(float))),
                "figure_ids": tuple(best["figure_id"]),
            }
        )
    frame = pd.DataFrame(rows, columns=DISAGREEMENT_COLUMNS)
    if not frame.empty:
        spread = (frame["max_value"] - frame["min_value"]) / frame["max_value"].where(
            frame["max_value"] != 0, 1
        )
        frame = frame.iloc[spread.sort_values(ascending=False, kind="stable").index]
    return frame.reset_index(drop=True)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["killed", "injured", "days", "money", "people"]),
            st.sampled_from(["people", "USD"]),
            st.sampled_from(["S0", "S1", "S2", "S3"]),
            st.sampled_from([0.0, 1.0, 2.0, 3.0, 35.0, 1e6]),
        ),
        max_size=40,
    ),
    st.integers(1, 3),
)
def test_disagreements_match_a_group_by_group_reference(rows: list, min_sources: int) -> None:
    figures = pd.DataFrame(rows, columns=["counts", "unit", "source", "value"])
    figures["figure_id"] = [f"a{i}:f0" for i in range(len(figures))]
    got = figure_disagreements(figures, min_sources=min_sources)
    pd.testing.assert_frame_equal(got, _disagreements_reference(figures, min_sources))


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (12400.0, "12,400"),
        (3.5, "3.5"),
        (0.25, "0.25"),
        (1234.5, "1,234.5"),
        (3.5e8, "350 million"),
        (1.4e9, "1.4 billion"),
        (2.9e12, "2.9 trillion"),
        (-2e6, "-2 million"),
    ],
)
def test_figures_are_labelled_as_the_news_writes_them(value: float, label: str) -> None:
    assert figure_label(value) == label


def test_a_quantity_is_named_by_what_it_counts_and_a_unit_that_adds_something() -> None:
    assert quantity_name("killed", "people") == "killed (people)"
    assert quantity_name("rise", "percent") == "rise (%)"
    assert quantity_name("farms", "farms") == "farms"
