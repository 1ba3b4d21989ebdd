"""Frame scores of hand-written sentences, profiles, evidence and emphasis topics."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tiny_events import sentences_table

from workbench.errors import WorkbenchError
from workbench.framing import (
    CUE_MATCH_COLUMNS,
    FRAME_EVIDENCE_COLUMNS,
    FRAME_SENTENCE_COLUMNS,
    FRAMES,
    TOPIC_COLUMNS,
    TOPIC_EVIDENCE_COLUMNS,
    TOPIC_SHARE_COLUMNS,
    CueMatcher,
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


def topic_corpus() -> list[str]:
    """Sentences of a teaching corpus plus texts that stress the tokeniser."""
    from pathlib import Path

    from workbench.corpus import load_event

    event = load_event(Path(__file__).resolve().parents[1] / "corpora" / "dairy-tariff-2025")
    return [
        *event.sentences["text"].astype(str),
        "Russia's army and Russia’s navy: the U.S.-backed, pro-Kyiv group's 4.8m plan.",
        "ΟΔΥΣΣΕΥΣ ΣΟΦΟΣ\twrote\x1cto ZÜRICH and Zürich, 𝐀𝐁𝐂.",
        "",
        "the and of to",
    ]


@pytest.mark.parametrize("min_df", [1, 2])
def test_topic_vectors_are_the_vectorizers_to_the_bit(min_df):
    from functools import partial

    from sklearn.feature_extraction.text import TfidfVectorizer

    from workbench.framing import _topic_vectors
    from workbench.terms import ngrams

    texts = topic_corpus()
    ours, terms = _topic_vectors(texts, min_df)
    vectorizer = TfidfVectorizer(
        analyzer=partial(ngrams, ngram_range=(1, 1)), sublinear_tf=True, min_df=min_df
    )
    theirs = vectorizer.fit_transform(texts)
    assert ours.shape == theirs.shape and ours.shape[1] > 100
    assert terms.tolist() == vectorizer.get_feature_names_out().tolist()
    assert np.array_equal(ours.indptr, theirs.indptr)
    assert np.array_equal(ours.indices, theirs.indices)  # entries in the same order
    assert ours.data.tobytes() == theirs.data.tobytes()


# ----------------------------------------------------------------- CueMatcher
def entry_by_entry(lexicons: dict[str, list[str]], texts: list[str]) -> list[tuple]:
    """What CueMatcher must find: each lexicon's own compile_terms pattern, text by text."""
    patterns = {name: compile_terms(terms)[0] for name, terms in lexicons.items()}
    return [
        (i, name, m.start(), m.end(), m.group(0).lower())
        for i, text in enumerate(texts)
        for name, pattern in patterns.items()
        for m in pattern.finditer(text)
    ]


def found(matcher: CueMatcher, texts: list[str]) -> list[tuple]:
    table = matcher.find(texts)
    assert list(table.columns) == CUE_MATCH_COLUMNS
    return list(table.itertuples(index=False, name=None))


TRICKY = {
    # Overlapping entries: the longest wins, stems and phrases share first words.
    "places": ["new", "new york", "new york city", "york*", "city hall", "hall*"],
    # Case: "=may" and "US" only as written; an apostrophe matches ' and ’.
    "modal": ["=may", "US", "can't", "need to", "naïve", "co-op*"],
    "war": ["missile*", "air strike*", "strike", "russia attack", "neo-nazi*", "ban"],
}
TRICKY_TEXTS = [
    "New York City Hall said the new yorker may visit New York in May.",
    "NEW YORK'S hallways; york, yorkshire and Hall.",
    "US troops and us; the USA can’t, they need  to, Naïve NAÏVE naïveté naive.",
    "Russia's attack: air strikes, an AIR STRIKE, strike-off, striker, missiles.",
    "Co-operation, co-op, neo-Nazis and neo-nazi; banned missile_x, missile2.",
    "",
    "No cue at all here.",
]


def test_cue_matcher_finds_what_each_lexicon_finds_on_its_own():
    matcher = CueMatcher(TRICKY)
    assert matcher.names == ("places", "modal", "war")
    assert found(matcher, TRICKY_TEXTS) == entry_by_entry(TRICKY, TRICKY_TEXTS)


def test_cue_matcher_on_hand_checked_sentences():
    table = CueMatcher(TRICKY).find(TRICKY_TEXTS)
    cues = {
        key: group["cue"].tolist()
        for key, group in table.groupby(["text_index", "lexicon"], sort=False)
    }
    # "new yorker" is "new" and the stem "york*"; "City Hall" is inside "New York City".
    assert cues[0, "places"] == ["new york city", "hall", "new", "yorker", "new york"]
    assert cues[0, "modal"] == ["may"]  # not "May"
    assert cues[1, "places"] == ["new york", "hallways", "york", "yorkshire", "hall"]
    # "US" but not "us" nor "USA"; not "naïveté" nor "naive".
    assert cues[2, "modal"] == ["us", "can’t", "need  to", "naïve", "naïve"]
    # "strike-off" holds the word "strike", "striker" does not.
    assert cues[3, "war"] == ["russia's attack", "air strikes", "air strike", "strike", "missiles"]
    assert cues[4, "modal"] == ["co-operation", "co-op"]
    # "ban" is not in "banned"; a stem takes digits and underscores too.
    assert cues[4, "war"] == ["neo-nazis", "neo-nazi", "missile_x", "missile2"]
    assert set(table["text_index"]) == {0, 1, 2, 3, 4}
    # Offsets are into the text and give the matched text.
    row = table.iloc[0]
    assert TRICKY_TEXTS[row["text_index"]][row["start"] : row["end"]] == "New York City"


def test_cue_matcher_agrees_where_case_folding_goes_beyond_ascii():
    # Long s and the Kelvin sign match "s" and "k" when case is ignored, a dotted capital
    # I matches "i", and a final sigma "σ" although "ς".lower() is not "σ"; a lexicon with
    # an entry that starts with punctuation or a non-ASCII letter is matched with its
    # whole pattern.
    lexicons = {
        "plain": ["missile*", "kill*", "is", "strike", "logoσ"],
        "odd": ["'tis", "état", "sanction*"],
    }
    texts = [
        "Two miſſiles; ſtrike; \u212aILLED and \u212ailled; \u0130s it?",
        "'Tis the état: 'tis sanctioned; ÉTAT.",
        "Missiles; strike; LOGOΣ, logoς and logos.",
    ]
    matcher = CueMatcher(lexicons)
    assert found(matcher, texts) == entry_by_entry(lexicons, texts)
    cues = {(name, cue) for _, name, _, _, cue in found(matcher, texts)}
    assert {("plain", "miſſiles"), ("plain", "logoς"), ("odd", "état")} <= cues


def test_cue_matcher_agrees_on_every_character_that_folds_to_ascii():
    everything = "".join(chr(cp) for cp in range(0x80, 0x110000) if not 0xD800 <= cp <= 0xDFFF)
    folding = set(re.findall(r"[0-9a-z_]", everything, re.IGNORECASE))
    folding |= {
        ch for ch in everything if not ch.lower().isascii() and re.search(r"[ -~]", ch.lower())
    }
    assert {"\u017f", "\u212a", "\u0130"} <= folding
    letters = "abcdefghijklmnopqrstuvwxyz0123456789_"
    lexicons = {"folds": [term for a in letters for term in (f"q{a}q", f"{a}v*", f"w {a}")]}
    texts = [f"Q{ch}Q, {ch}vs and q{ch}q; W {ch}." for ch in sorted(folding)]
    assert found(CueMatcher(lexicons), texts) == entry_by_entry(lexicons, texts)


def test_the_shipped_lexicons_match_as_before_on_random_text():
    lexicons = {frame: list(cues) for frame, cues in frame_lexicon().items() if cues}
    words = sorted({word for cues in lexicons.values() for cue in cues for word in cue.split()})
    rng = np.random.default_rng(7)
    texts = []
    for _ in range(300):
        picked = rng.choice(words, size=rng.integers(0, 20))
        glue = rng.choice([" ", " ", "'s ", "’s ", "-", ", ", "  "], size=len(picked))
        texts.append(
            "".join(
                f"{w.strip('=*').title() if rng.random() < 0.3 else w.strip('=*')}"
                f"{rng.choice(['', 's', 'ed', 'x'])}{g}"
                for w, g in zip(picked, glue)
            )
        )
    assert found(CueMatcher(lexicons), texts) == entry_by_entry(lexicons, texts)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "new",
                    "York",
                    "city",
                    "HALL",
                    "may",
                    "May",
                    "US",
                    "us",
                    "can't",
                    "can’t",
                    "need",
                    "to",
                    "naïve",
                    "co-op",
                    "air",
                    "strike",
                    "Russia's",
                    "attack",
                    "missile",
                    "neo-nazi",
                    "ſ",
                    "\u212a",
                    "\u0130",
                ]
            ),
            st.text(alphabet="abcsyorkNYé'’-_ .,\n", max_size=6),
        ),
        max_size=15,
    ).map(" ".join)
)
def test_cue_matcher_agrees_with_the_patterns_on_any_text(text):
    assert found(CueMatcher(TRICKY), [text]) == entry_by_entry(TRICKY, [text])


def test_scorer_match_gives_hits_and_cues_per_frame():
    scorer = FrameScorer(lexicon=LEXICON).fit()
    hits, cues, n_words = scorer.match(SENTENCES)
    np.testing.assert_array_equal(hits, [[2, 0, 0], [0, 2, 0], [0, 0, 1], [0, 1, 0]])
    assert cues[0] == [("tariff", "price"), (), ()]
    assert cues[2] == [(), (), ()]
    assert n_words.tolist() == [4, 6, 2, 2]


def test_profile_and_evidence_from_a_computed_frames_table_are_the_same():
    scorer = FrameScorer(lexicon=LEXICON)
    frames = frame_sentences(SENTENCES, scorer=scorer)
    pd.testing.assert_frame_equal(
        frame_profile(SENTENCES, scorer=scorer, frames=frames),
        frame_profile(SENTENCES, scorer=scorer),
        check_exact=True,
    )
    for source in ("A", "B"):
        for frame in scorer.frames_:
            pd.testing.assert_frame_equal(
                frame_evidence(SENTENCES, source, frame, scorer=scorer, frames=frames),
                frame_evidence(SENTENCES, source, frame, scorer=scorer),
                check_exact=True,
            )
    with pytest.raises(WorkbenchError, match="'frames'"):
        frame_profile(SENTENCES.head(2), scorer=scorer, frames=frames)
    shipped = frame_sentences(SENTENCES)  # has frames the small lexicon does not know
    with pytest.raises(WorkbenchError, match="'frames'"):
        frame_profile(SENTENCES, scorer=scorer, frames=shipped)
