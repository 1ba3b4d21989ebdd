"""Coverage on the teaching corpora against their annotations.

Every event's ``annotations.yaml`` lists content units (a fact and its description) and,
per article, the units it reports (``shared``). Here each annotated unit is matched to
the computed unit that holds the event sentence closest to its description (TF-IDF
cosine over the event's sentences; annotator notes in parentheses dropped), and the
sources the coverage grid marks present in that unit are compared with the sources of
the annotated articles. Grids are built as ``Comparison.coverage`` builds them, with the
event's figures (presence by tally, ``match == "figure"``). The same measurement without
figures, for more thresholds and both presence rules, is
``python benchmarks/bench_alignment.py --corpora-only``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
import yaml

from workbench.comparison import compare
from workbench.corpus import load_event
from workbench.coverage import content_units, coverage_grid, shared_content, unique_content
from workbench.event import Event
from workbench.numbers import find_figures
from workbench.similarity import tfidf_vectorizer

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
EVENTS = ["sumy-strike-2025", "harbor-bridge-closure-2024", "dairy-tariff-2025"]


def annotations(name: str) -> dict:
    return yaml.safe_load((CORPORA / name / "annotations.yaml").read_text(encoding="utf-8"))


@cache
def coverage(
    name: str, presence: str = "similar", tally: bool = True
) -> tuple[Event, pd.DataFrame, pd.DataFrame]:
    """The event, its content units and its coverage grid (with its figures if *tally*)."""
    event = load_event(CORPORA / name)
    figures = find_figures(event.articles, event.sentences) if tally else None
    units = content_units(event.sentences, figures=figures)
    return event, units, coverage_grid(units, event.sources, presence=presence, figures=figures)


def annotated_sources(event: Event, name: str) -> dict[str, set[str]]:
    """Annotated unit -> the sources of the articles whose ``shared`` list names it."""
    source_of = dict(zip(event.articles["article_id"], event.articles["source"], strict=True))
    found = annotations(name)
    return {
        unit: {
            source_of[article_id]
            for article_id, entry in found["articles"].items()
            if unit in (entry.get("shared") or [])
        }
        for unit in found["content_units"]
    }


def matched_units(units: pd.DataFrame, name: str) -> dict[str, int]:
    """Annotated unit -> the computed unit of the sentence closest to its description."""
    descriptions = annotations(name)["content_units"]
    vectorizer = tfidf_vectorizer(analyzer="word", ngram_range=(1, 1))
    X = vectorizer.fit_transform(units["text"])
    queries = vectorizer.transform(
        [re.sub(r"\([^)]*\)", "", text) for text in descriptions.values()]
    )
    closest = (queries @ X.T).toarray().argmax(axis=1)
    return dict(zip(descriptions, units["unit_id"].to_numpy()[closest].tolist(), strict=True))


def reported_by_all() -> list:
    """(event, annotated unit) for every unit that every article of its event reports."""
    cases = []
    for name in EVENTS:
        found = annotations(name)
        n_articles = len(found["articles"])
        for unit in found["content_units"]:
            n = sum(unit in (entry.get("shared") or []) for entry in found["articles"].values())
            if n < n_articles:
                continue
            cases.append(pytest.param(name, unit, id=f"{name}:{unit}"))
    return cases


@pytest.mark.parametrize(("name", "unit"), reported_by_all())
def test_what_every_article_reports_is_a_shared_unit(name, unit):
    event, units, grid = coverage(name)
    match = matched_units(units, name)[unit]
    shared = shared_content(grid)
    assert match in shared["unit_id"].tolist()
    cells = grid[grid["unit_id"] == match]
    assert set(cells["source"]) == set(event.sources)
    assert cells["present"].all()
    assert all(len(ids) > 0 for ids in cells["sentence_ids"])  # evidence on every row


def presence_agreement(
    presence: str, events: list[str] = EVENTS, tally: bool = True
) -> tuple[float, float]:
    """Micro precision and recall of the sources present against the annotated sources."""
    hits = marked = annotated = 0
    for name in events:
        event, units, grid = coverage(name, presence, tally)
        present = grid[grid["present"]].groupby("unit_id")["source"].agg(set)
        matches = matched_units(units, name)
        for unit, sources in annotated_sources(event, name).items():
            found = present[matches[unit]]
            hits += len(found & sources)
            marked += len(found)
            annotated += len(sources)
    return hits / marked, hits / annotated


def test_sources_present_agree_with_the_annotations():
    """Over the 28 annotated units (124 article reports) of the three teaching corpora.

    Measured: precision 0.944, recall 0.944 with presence by similar sentences and by
    tally (the default); 0.942 / 0.919 without the figures; 0.952 / 0.798 by membership
    alone. The bars, 0.90 and 0.88, were set about four points (five of 124 reports)
    under the values measured without figures, so small changes in sentence splitting
    pass; they fail the rules this one replaced or was chosen over: membership alone
    (recall 0.798), a looser threshold of 0.20 (precision 0.888) and a stricter one of
    0.30 (recall 0.855), all measured with ``benchmarks/bench_alignment.py``.
    """
    precision, recall = presence_agreement("similar")
    assert precision >= 0.90
    assert recall >= 0.88
    _, recall_by_membership = presence_agreement("member")
    assert recall_by_membership < 0.88


@pytest.mark.parametrize("name", EVENTS)
def test_presence_by_tally_adds_no_wrong_source(name):
    """Per event, the figures raise recall or leave it, and never lower precision.

    Measured: sumy-strike-2025 precision 1.000 with and without, recall 0.844 -> 0.938
    (the toll); the other two events have no tally and do not change.
    """
    precision, recall = presence_agreement("similar", [name], tally=False)
    precision_tally, recall_tally = presence_agreement("similar", [name], tally=True)
    assert precision_tally >= precision
    assert recall_tally >= recall


@pytest.mark.parametrize("name", EVENTS)
def test_nothing_another_source_reports_is_unique(name):
    _, units, grid = coverage(name)
    unique = unique_content(grid, units)
    assert not unique.empty
    cells = grid[grid["unit_id"].isin(unique["unit_id"])]
    assert (cells.groupby("unit_id")["present"].sum() == 1).all()
    assert not (cells["match"] == "similar").any()


def test_the_demo_shows_what_every_source_reports():
    comparison = compare(load_event(CORPORA / "sumy-strike-2025"))
    shared = comparison.shared_content
    assert len(shared) >= 1
    assert (shared["n_sources"] == len(comparison.sources)).all()
    assert comparison.coverage["n_sources"].max() == len(comparison.sources)
    matches = comparison.coverage["match"].value_counts()
    assert matches["similar"] > 0
    assert matches["figure"] > 0  # the toll that each outlet words its own way
    assert comparison.coverage["present"].sum() == (
        matches["member"] + matches["similar"] + matches["figure"]
    )
