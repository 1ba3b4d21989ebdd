"""Frame scores of hand-written sentences, profiles, evidence and emphasis topics."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from tiny_events import sentences_table

from workbench.errors import WorkbenchError
from workbench.framing import (
    FRAME_EVIDENCE_COLUMNS,
    FRAME_SENTENCE_COLUMNS,
    FRAMES,
    TOPIC_COLUMNS,
    TOPIC_EVIDENCE_COLUMNS,
    TOPIC_SHARE_COLUMNS,
    FrameScorer,
    emphasis_topics,
    frame_definitions,
    frame_evidence,
    frame_lexicon,
    frame_profile,
    frame_sentences,
    topic_evidence,
)
from workbench.terms import compile_terms

LEXICON = {"economic": ["price*", "tariff"], "security_defense": ["missile*", "air strike"]}
ARTICLES = {
    "a": ("A", "Tariff and price rises. An air strike and two missiles."),
    "b": ("B", "Nothing here. Missiles hit."),
}
SENTENCES = sentences_table(ARTICLES)


def test_scores_are_cue_hits_per_word_and_other_takes_sentences_without_cues():
    scorer = FrameScorer(lexicon=LEXICON).fit()
    scores = scorer.transform(SENTENCES)
    assert list(scorer.get_feature_names_out()) == [
        "frame_economic",
        "frame_security_defense",
        "frame_other",
    ]
    expected = [
        [2 / 4, 0, 0],  # "tariff", "price" in 4 words
        [0, 2 / 6, 0],  # "air strike", "missiles" in 6 words
        [0, 0, 1 / 2],  # no cue: one hit of other in 2 words
        [0, 1 / 2, 0],
    ]
    np.testing.assert_allclose(scores, expected)
    raw = FrameScorer(lexicon=LEXICON, normalize=False).fit().transform(SENTENCES)
    np.testing.assert_array_equal(raw, [[2, 0, 0], [0, 2, 0], [0, 0, 1], [0, 1, 0]])


def test_the_shipped_lexicon_scores_hand_sentences():
    texts = [
        "Russian missiles struck the city.",  # missiles, struck: 2 hits in 5 words
        "Prices of milk rose again.",  # prices: 1 hit in 5 words
        "The weather was mild.",  # no cue
    ]
    scores = pd.DataFrame(
        FrameScorer().fit().transform(texts), columns=[f"frame_{f}" for f in FRAMES]
    )
    nonzero = [scores.columns[row > 0].tolist() for row in scores.to_numpy()]
    assert nonzero == [["frame_security_defense"], ["frame_economic"], ["frame_other"]]
    assert scores.loc[0, "frame_security_defense"] == pytest.approx(2 / 5)
    assert scores.loc[1, "frame_economic"] == pytest.approx(1 / 5)
    assert scores.loc[2, "frame_other"] == pytest.approx(1 / 4)


def test_scorer_follows_the_scikit_learn_contract():
    scorer = FrameScorer(lexicon=LEXICON).set_output(transform="pandas")
    table = scorer.fit_transform(SENTENCES.set_index("sentence_id"))
    assert list(table.columns) == ["frame_economic", "frame_security_defense", "frame_other"]
    assert list(table.index) == ["a:0", "a:1", "b:0", "b:1"]
    assert scorer.get_params() == {"lexicon": LEXICON, "normalize": True}


def test_frame_sentences_are_long_with_ids_and_matched_cues():
    table = frame_sentences(SENTENCES, scorer=FrameScorer(lexicon=LEXICON))
    assert list(table.columns) == FRAME_SENTENCE_COLUMNS
    assert table[["sentence_id", "frame", "n_cues"]].values.tolist() == [
        ["a:0", "economic", 2],
        ["a:1", "security_defense", 2],
        ["b:0", "other", 0],
        ["b:1", "security_defense", 1],
    ]
    assert table["cues"].tolist() == [
        ("tariff", "price"),
        ("air strike", "missiles"),
        (),
        ("missiles",),
    ]


def test_frame_profile_shares_sum_to_one_per_source():
    profile = frame_profile(SENTENCES, scorer=FrameScorer(lexicon=LEXICON))
    assert list(profile.index) == ["A", "B"]
    assert list(profile.columns) == ["economic", "security_defense", "other"]
    # A: economic 1/2, security 1/3 -> shares 0.6 and 0.4; B: other 1/2, security 1/2.
    np.testing.assert_allclose(profile.to_numpy(), [[0.6, 0.4, 0.0], [0.0, 0.5, 0.5]])


def test_frame_evidence_names_the_sentences_and_their_offsets():
    scorer = FrameScorer(lexicon=LEXICON)
    table = frame_evidence(SENTENCES, "A", "security_defense", scorer=scorer)
    assert list(table.columns) == FRAME_EVIDENCE_COLUMNS
    assert table["sentence_id"].tolist() == ["a:1"]
    row = table.iloc[0]
    assert ARTICLES["a"][1][row["start"] : row["end"]] == row["text"]
    assert row["cues"] == ("air strike", "missiles")
    with pytest.raises(WorkbenchError, match="'frame'"):
        frame_evidence(SENTENCES, "A", "economy", scorer=scorer)
    with pytest.raises(WorkbenchError, match="'source'"):
        frame_evidence(SENTENCES, "C", "economic", scorer=scorer)


def test_the_shipped_lexicon_covers_every_frame():
    lexicon, definitions = frame_lexicon(), frame_definitions()
    assert tuple(lexicon) == FRAMES == tuple(definitions)
    assert all(definitions[frame] for frame in FRAMES)
    assert lexicon["other"] == ()
    for frame in FRAMES[:-1]:
        assert 30 <= len(lexicon[frame]) <= 80, frame
        compile_terms(lexicon[frame])


TOPIC_ARTICLES = {
    "farm": (
        "Farm",
        "Dairy tariffs raise milk prices. Milk prices hurt dairy farmers. "
        "Dairy tariffs anger farmers.",
    ),
    "city": (
        "City",
        "Bridge repairs close traffic lanes. Traffic jams follow bridge repairs. "
        "Bridge closure slows traffic.",
    ),
}


def test_emphasis_topics_separate_what_sources_dwell_on():
    sentences = sentences_table(TOPIC_ARTICLES)
    topics, shares = emphasis_topics(sentences, n_topics=2, min_df=1)
    assert list(topics.columns) == TOPIC_COLUMNS
    assert list(shares.columns) == TOPIC_SHARE_COLUMNS
    dairy = next(t for t in topics.itertuples() if "dairy" in t.top_terms)
    bridge = next(t for t in topics.itertuples() if "bridge" in t.top_terms)
    assert dairy.topic_id != bridge.topic_id
    assert "bridge" not in dairy.top_terms[:3] and "dairy" not in bridge.top_terms[:3]
    assert dairy.label == ", ".join(dairy.top_terms[:3])
    share = shares.set_index(["source", "topic_id"])["share"]
    assert share["Farm", dairy.topic_id] > 0.9
    assert share["City", bridge.topic_id] > 0.9
    assert shares.groupby("source")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
    again = emphasis_topics(sentences, n_topics=2, min_df=1)
    pd.testing.assert_frame_equal(again[0], topics)
    pd.testing.assert_frame_equal(again[1], shares)


def test_topic_evidence_points_to_the_heaviest_sentences():
    sentences = sentences_table(TOPIC_ARTICLES)
    topics, _ = emphasis_topics(sentences, n_topics=2, min_df=1)
    bridge = next(t.topic_id for t in topics.itertuples() if "bridge" in t.top_terms)
    table = topic_evidence(sentences, "City", bridge, n=2, n_topics=2, min_df=1)
    assert list(table.columns) == TOPIC_EVIDENCE_COLUMNS
    assert len(table) == 2 and set(table["article_id"]) == {"city"}
    assert table["weight"].is_monotonic_decreasing


def test_emphasis_topics_use_fewer_topics_when_the_input_is_small():
    sentences = sentences_table(TOPIC_ARTICLES)
    topics, shares = emphasis_topics(sentences, n_topics=50, min_df=1)
    assert len(topics) == len(sentences)  # 6 sentences, more terms than that
    assert len(shares) == 2 * len(sentences)
    empty_topics, empty_shares = emphasis_topics(sentences.head(1), min_df=2)
    assert empty_topics.empty and list(empty_topics.columns) == TOPIC_COLUMNS
    assert empty_shares.empty
