"""Stance aggregation: bootstrap intervals, source × target cells (claims: test_claim_stance)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.event import TARGET_COLUMNS
from workbench.stance import (
    STANCE_COLUMNS,
    bootstrap_interval,
    stance_evidence,
    stance_table,
)


def test_bootstrap_interval_matches_an_independent_resampling() -> None:
    values = np.array([-1.0, 0.0, 0.5, 1.0])
    low, high = bootstrap_interval(values, n_boot=200, level=0.8, random_state=7)
    rng = np.random.default_rng(7)
    draws = rng.integers(0, 4, size=(200, 4))
    expected = np.percentile(values[draws].mean(axis=1), [10, 90])
    assert (low, high) == (pytest.approx(expected[0]), pytest.approx(expected[1]))
    assert low <= values.mean() <= high


def test_bootstrap_interval_of_constant_values_is_a_point() -> None:
    assert bootstrap_interval(np.array([0.5, 0.5, 0.5])) == (0.5, 0.5)
    assert all(np.isnan(bootstrap_interval(np.array([]))))


def mention_rows() -> pd.DataFrame:
    rows = [
        # source, target, sentence, voice, score
        ("A", "russia", "a:0", "authorial", -0.8),
        ("A", "russia", "a:0", "authorial", -0.4),
        ("A", "russia", "a:1", "quoted", 0.6),
        ("B", "russia", "b:0", "authorial", 0.2),
    ]
    return pd.DataFrame(
        [
            {
                "target_id": target,
                "alias": "Russia",
                "sentence_id": sentence,
                "article_id": sentence[0],
                "source": source,
                "sentence_index": int(sentence[-1]),
                "start": 0,
                "end": 6,
                "voice": voice,
                "speaker": "x" if voice == "quoted" else None,
                "polarity": 0,
                "p_negative": 0.0,
                "p_neutral": 0.0,
                "p_positive": 0.0,
                "score": score,
                "sentence": "Russia ...",
            }
            for source, target, sentence, voice, score in rows
        ]
    )


TARGETS = pd.DataFrame(
    [
        {"target_id": "russia", "name": "Russia", "kind": "country", "aliases": ("Russia",)},
        {"target_id": "eu", "name": "EU", "kind": "organisation", "aliases": ("EU",)},
    ],
    columns=TARGET_COLUMNS,
)
SENTENCES = pd.DataFrame({"source": ["A", "A", "A", "A", "B", "B"]})


def test_stance_cell_is_the_mean_of_sentence_means_per_voice() -> None:
    # without shrinkage and with no weight column, a cell is the plain mean of sentence means
    table = stance_table(
        mention_rows(), SENTENCES, targets=TARGETS, sources=["A", "B"], shrinkage=0.0
    )
    assert list(table.columns) == STANCE_COLUMNS
    cells = table.set_index(["source", "target_id", "voice"])
    # sentence a:0 = mean(-0.8, -0.4) = -0.6; a:1 = 0.6; all = mean(-0.6, 0.6) = 0
    assert cells.loc[("A", "russia", "all"), "stance"] == pytest.approx(0.0)
    assert cells.loc[("A", "russia", "authorial"), "stance"] == pytest.approx(-0.6)
    assert cells.loc[("A", "russia", "quoted"), "stance"] == pytest.approx(0.6)
    assert cells.loc[("A", "russia", "all"), "n_mentions"] == 3
    assert cells.loc[("A", "russia", "all"), "share_sentences"] == pytest.approx(2 / 4)
    assert bool(cells.loc[("A", "russia", "all"), "small_sample"]) is True
    assert np.isnan(cells.loc[("A", "eu", "all"), "stance"])
    assert cells.loc[("B", "russia", "all"), "stance"] == pytest.approx(0.2)


def test_stance_evidence_contributions_sum_to_the_stance() -> None:
    evidence = stance_evidence(mention_rows(), "A", "russia")
    assert evidence["contribution"].sum() == pytest.approx(0.0)
    assert set(evidence["sentence_id"]) == {"a:0", "a:1"}
    quoted = stance_evidence(mention_rows(), "A", "russia", voice="quoted")
    assert list(quoted["speaker"]) == ["x"]
