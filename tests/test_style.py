"""Style features of hand-written sentences, Flesch by hand, the unattributed-claim rule."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import ColumnError, WorkbenchError
from workbench.style import (
    _QUOTE,
    LEXICONS,
    STYLE_EVIDENCE_COLUMNS,
    STYLE_FEATURE_COLUMNS,
    STYLE_PROFILE_COLUMNS,
    _quoted,
    flesch_reading_ease,
    style_evidence,
    style_features,
    style_profile,
    syllables,
)


def sentences_table(articles: dict[str, tuple[str, list[str]]]) -> pd.DataFrame:
    """One row per sentence; an article's text is its sentences joined by one space."""
    rows = []
    for article_id, (source, sentences) in articles.items():
        start = 0
        for index, text in enumerate(sentences):
            rows.append(
                {
                    "sentence_id": f"{article_id}:{index}",
                    "article_id": article_id,
                    "source": source,
                    "sentence_index": index,
                    "start": start,
                    "end": start + len(text),
                    "text": text,
                }
            )
            start += len(text) + 1
    return pd.DataFrame(rows)


def one_article(*sentences: str) -> pd.DataFrame:
    return sentences_table({"x": ("X", list(sentences))})


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("the", 1),
        ("strike", 1),  # silent final e
        ("missiles", 2),  # silent -es after l
        ("places", 2),  # -es after c is a syllable
        ("launched", 1),  # silent -ed
        ("wanted", 2),  # -ed after t is a syllable
        ("people", 2),  # consonant + le
        ("centre", 2),  # consonant + re
        ("are", 1),
        ("away", 2),
        ("34", 1),
        ("", 0),
    ],
)
def test_syllables(word, expected):
    assert syllables(word) == expected


def test_flesch_reading_ease_of_one_sentence_by_hand():
    # russian 2 + missiles 2 + struck 1 + the 1 + centre 2 + of 1 + sumy 2 = 11 syllables
    expected = 206.835 - 1.015 * 7 / 1 - 84.6 * 11 / 7
    assert flesch_reading_ease("Russian missiles struck the centre of Sumy.") == pytest.approx(
        expected
    )
    assert expected == pytest.approx(66.787143, abs=1e-6)


def test_flesch_reading_ease_pools_several_sentences():
    # 3 + 4 words, 3 + 5 syllables ("away" has 2), 2 sentences
    expected = 206.835 - 1.015 * 7 / 2 - 84.6 * 8 / 7
    assert flesch_reading_ease(["The cat sat.", "Dogs ran far away."]) == pytest.approx(expected)
    assert math.isnan(flesch_reading_ease([]))


@pytest.mark.parametrize(
    ("sentence", "unattributed"),
    [
        ("The strike killed 34 civilians in the city centre.", True),
        ("The Kremlin lies about everything it does.", True),
        ("The strike killed 34 civilians, officials said.", False),  # attribution
        ("According to the ministry, 60 soldiers died in the strike.", False),
        ("“This was a deliberate massacre of civilians.”", False),  # a quotation
        ("The so-called 'precise blow' killed dozens of people.", False),  # quoted words
        ("The strike may have killed more people.", False),  # hedged
        ("Was the strike a deliberate attack on civilians?", False),  # a question
        ("Sumy mourns its dead.", False),  # too short to count as a claim
    ],
)
def test_unattributed_claims(sentence, unattributed):
    assert bool(style_features(one_article(sentence))["unattributed"].iloc[0]) is unattributed


def test_style_features_count_each_word_list():
    table = style_features(
        one_article(
            "The brutal regime reportedly launched a very massive attack.",
            "In May the talks may resume, and they will.",
            "It was a shameful, cowardly and barbaric act.",
        )
    )
    assert list(table.columns) == STYLE_FEATURE_COLUMNS
    counts = table[["n_hedges", "n_intensifiers", "n_subjective", "n_loaded", "n_modals"]]
    assert counts.values.tolist() == [
        [1, 3, 0, 1, 0],  # reportedly; brutal, very, massive; regime
        [1, 0, 0, 0, 2],  # "may" (not "May"); may, will
        [0, 0, 2, 1, 0],  # shameful, cowardly; barbaric
    ]
    assert table["n_words"].tolist() == [9, 9, 8]
    assert table[["start", "end"]].values.tolist() == [[0, 60], [61, 104], [105, 150]]


ARTICLES = pd.DataFrame(
    {
        "article_id": ["a", "b", "c"],
        "source": ["A", "B", "C"],
        "text": ["...", "...", "..."],
    }
)
SENTENCES = sentences_table(
    {
        "a": (
            "A",
            [
                "The strike killed 34 civilians in the city centre.",
                "The strike may have killed more people.",
            ],
        ),
        "b": (
            "B",
            [
                "The Kremlin lies about everything it does.",
                "The strike killed 34 civilians, officials said.",
            ],
        ),
    }
)


def test_style_profile_by_hand():
    profile = style_profile(SENTENCES, ARTICLES)
    assert list(profile.columns) == STYLE_PROFILE_COLUMNS
    assert profile["source"].tolist() == ["A", "B", "C"]
    a = profile.iloc[0]
    assert (a["n_articles"], a["n_sentences"], a["n_words"]) == (1, 2, 16)
    assert a["hedges_per_100_words"] == pytest.approx(100 / 16)  # "may"
    assert a["modals_per_100_words"] == pytest.approx(100 / 16)
    assert a["loaded_per_100_words"] == 0
    assert a["unattributed_share"] == pytest.approx(0.5)
    assert a["mean_sentence_length"] == pytest.approx(8.0)
    # Syllables: the 1 strike 1 killed 1 34 1 civilians 3 in 1 the 1 city 2 centre 2 = 13;
    # the 1 strike 1 may 1 have 1 killed 1 more 1 people 2 = 8.
    assert a["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 16 / 2 - 84.6 * 21 / 16)
    b = profile.iloc[1]
    assert b["unattributed_share"] == pytest.approx(0.5)
    c = profile.iloc[2]
    assert c["n_sentences"] == 0 and math.isnan(c["hedges_per_100_words"])


def test_style_evidence_shows_the_sentences_behind_a_rate():
    hedges = style_evidence(SENTENCES, "A", "hedges")
    assert list(hedges.columns) == STYLE_EVIDENCE_COLUMNS
    assert hedges[["sentence_id", "value"]].values.tolist() == [["a:1", 1]]
    assert hedges["cues"].iloc[0] == ("may",)
    flat = style_evidence(SENTENCES, "B", "unattributed")
    assert flat["text"].tolist() == ["The Kremlin lies about everything it does."]
    assert style_evidence(SENTENCES, "B", "n_loaded").empty
    with pytest.raises(WorkbenchError, match="'feature'"):
        style_evidence(SENTENCES, "A", "sarcasm")
    with pytest.raises(WorkbenchError, match="'source'"):
        style_evidence(SENTENCES, "C", "hedges")
    with pytest.raises(ColumnError, match="'text'"):
        style_features(SENTENCES.drop(columns="text"))


def test_profile_and_evidence_from_computed_features_are_the_same():
    features = style_features(SENTENCES)
    pd.testing.assert_frame_equal(
        style_profile(SENTENCES, ARTICLES, features=features),
        style_profile(SENTENCES, ARTICLES),
        check_exact=True,
    )
    for source in ("A", "B"):
        for feature in [*LEXICONS, "unattributed"]:
            pd.testing.assert_frame_equal(
                style_evidence(SENTENCES, source, feature, features=features),
                style_evidence(SENTENCES, source, feature),
                check_exact=True,
            )
    with pytest.raises(WorkbenchError, match="'features'"):
        style_evidence(SENTENCES.head(3), "A", "hedges", features=features)
    with pytest.raises(ColumnError, match="'n_hedges'"):
        style_profile(SENTENCES, ARTICLES, features=features.drop(columns="n_hedges"))


def test_style_evidence_lists_every_cue_of_the_sentences_shown():
    sentences = one_article(
        "The regime's thugs and the regime's puppet media spread propaganda.",
        "A very, very massive and brutal strike.",
        "Nothing loaded here at all.",
    )
    loaded = style_evidence(sentences, "X", "loaded", features=style_features(sentences))
    assert loaded["sentence_id"].tolist() == ["x:0"]
    assert loaded["cues"].tolist() == [("regime", "thugs", "regime", "puppet", "propaganda")]
    assert loaded["value"].tolist() == [5]
    strong = style_evidence(sentences, "X", "n_intensifiers", n=1)
    assert strong["cues"].tolist() == [("very", "very", "massive", "brutal")]


def test_syllables_are_summed_per_sentence_with_each_word_counted_once():
    table = style_features(one_article("People people PEOPLE.", "Table centre", "34 44."))
    assert table["n_syllables"].tolist() == [6, 4, 2]
    assert style_features(one_article("No.").head(0)).empty


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="ab 'x\"‘’“”„«»\n.-", max_size=20))
def test_quoted_is_the_quote_pattern(text: str) -> None:
    assert _quoted(text) == bool(_QUOTE.search(text))
