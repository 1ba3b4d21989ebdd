"""Tests of article similarity, source similarity and same-event grouping."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbench.corpus import load_event
from workbench.errors import ColumnError
from workbench.similarity import (
    GROUPING_COLUMNS,
    PAIR_COLUMNS,
    group_events,
    grouping_similarity,
    similarity_matrix,
    similarity_pairs,
    source_similarity,
    tfidf_matrix,
    tfidf_vectorizer,
)

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


def articles(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """An articles table from (article_id, source, text) rows."""
    return pd.DataFrame(rows, columns=["article_id", "source", "text"])


# With two documents and smooth idf, a term in both has idf ln(3/3) + 1 = 1 and a term
# in one has idf ln(3/2) + 1; every term occurs once, so sublinear tf is 1.
RARE = 1.0 + math.log(1.5)


def test_cosine_of_two_two_word_documents_worked_by_hand():
    pair = articles(("d1", "A", "apple banana"), ("d2", "B", "apple cherry"))
    # unigrams: d1 = (apple 1, banana RARE), d2 = (apple 1, cherry RARE)
    unigrams = similarity_matrix(pair, ngram_range=(1, 1))
    assert unigrams.loc["d1", "d2"] == pytest.approx(1.0 / (1.0 + RARE**2))
    # default 1-2-grams add "apple banana" / "apple cherry", each in one document
    bigrams = similarity_matrix(pair)
    assert bigrams.loc["d1", "d2"] == pytest.approx(1.0 / (1.0 + 2.0 * RARE**2))


def test_matrix_is_symmetric_labelled_with_exact_unit_diagonal():
    table = articles(
        ("a", "A", "Rain flooded the valley and the river rose."),
        ("b", "B", "The river rose after rain; the valley flooded overnight."),
        ("c", "C", "Parliament passed the budget after a long debate."),
    )
    matrix = similarity_matrix(table)
    assert list(matrix.index) == ["a", "b", "c"]
    assert list(matrix.columns) == ["a", "b", "c"]
    assert matrix.index.name == "article_id"
    assert matrix.columns.name == "article_id"
    values = matrix.to_numpy()
    assert np.array_equal(values, values.T)
    assert np.diag(values).tolist() == [1.0, 1.0, 1.0]
    assert matrix.loc["a", "b"] > 0.3
    assert matrix.loc["a", "c"] == 0.0


def test_article_without_terms_has_zero_row_and_diagonal():
    table = articles(("a", "A", "river flood"), ("b", "B", "the and of"), ("c", "C", ""))
    matrix = similarity_matrix(table)
    assert np.diag(matrix.to_numpy()).tolist() == [1.0, 0.0, 0.0]
    assert matrix.loc["b"].sum() == 0.0


def test_abbreviations_with_dots_stay_one_token():
    analyze = tfidf_vectorizer(ngram_range=(1, 1)).build_analyzer()
    assert analyze("The U.S. economy and the U.N. vote") == ["u.s.", "economy", "u.n.", "vote"]


def test_char_analyzer_sees_spelling_variants():
    pair = articles(("a", "A", "colour"), ("b", "B", "color"))
    assert similarity_matrix(pair).loc["a", "b"] == 0.0
    assert similarity_matrix(pair, analyzer="char").loc["a", "b"] > 0.2


def test_missing_text_column_names_field_and_fix():
    with pytest.raises(ColumnError, match=r"field 'text'.*Fix: pass the event's articles"):
        similarity_matrix(pd.DataFrame({"article_id": ["a"], "source": ["A"]}))


# ------------------------------------------------------------------ source similarity
@pytest.fixture
def four_articles() -> tuple[pd.DataFrame, pd.DataFrame]:
    table = articles(("a1", "A", ""), ("a2", "A", ""), ("b1", "B", ""), ("c1", "C", ""))
    ids = pd.Index(["a1", "a2", "b1", "c1"], name="article_id")
    values = [
        [1.0, 0.8, 0.2, 0.1],
        [0.8, 1.0, 0.4, 0.3],
        [0.2, 0.4, 1.0, 0.5],
        [0.1, 0.3, 0.5, 1.0],
    ]
    return table, pd.DataFrame(values, index=ids, columns=ids)


def test_source_similarity_averages_article_pairs(four_articles):
    table, matrix = four_articles
    sources = source_similarity(table, matrix)
    assert list(sources.index) == ["A", "B", "C"]
    assert list(sources.columns) == ["A", "B", "C"]
    assert sources.index.name == "source"
    assert sources.loc["A", "A"] == pytest.approx(0.8)  # the one pair a1-a2
    assert sources.loc["A", "B"] == pytest.approx((0.2 + 0.4) / 2)
    assert sources.loc["A", "C"] == pytest.approx((0.1 + 0.3) / 2)
    assert sources.loc["B", "C"] == pytest.approx(0.5)
    assert sources.loc["B", "B"] == 1.0  # a single article
    assert np.allclose(sources.to_numpy(), sources.to_numpy().T)


def test_similarity_pairs_lists_each_pair_once_most_similar_first(four_articles):
    table, matrix = four_articles
    pairs = similarity_pairs(matrix, table)
    assert list(pairs.columns) == PAIR_COLUMNS
    assert len(pairs) == 6
    assert pairs.iloc[0].tolist() == ["a1", "a2", "A", "A", 0.8]
    assert pairs.iloc[1].tolist() == ["b1", "c1", "B", "C", 0.5]
    assert pairs["similarity"].tolist() == [0.8, 0.5, 0.4, 0.3, 0.2, 0.1]


# -------------------------------------------------------------------- grouping
PILE = articles(
    ("f1", "A", "Flood waters rose in the river valley; villagers fled the flood."),
    ("e1", "B", "The election count showed the mayor won a second term in the election."),
    ("f2", "C", "Villagers fled as flood waters from the river covered the valley."),
    ("v1", "A", "The vaccine trial enrolled volunteers; the vaccine showed strong immunity."),
    ("e2", "A", "The mayor won the election and thanked voters after the count."),
    ("v2", "B", "Volunteers in the vaccine trial developed strong immunity."),
    ("f3", "B", "The river flood forced villagers out of the valley."),
    ("v3", "C", "Strong immunity was found in vaccine trial volunteers."),
)


def test_group_events_recovers_obvious_topics():
    grouped = group_events(PILE)
    assert list(grouped.columns) == GROUPING_COLUMNS
    assert grouped["article_id"].tolist() == PILE["article_id"].tolist()
    # numbered by first appearance: floods 0, election 1, vaccine 2
    assert grouped["event_id"].tolist() == [0, 1, 0, 2, 1, 2, 0, 2]
    assert grouped["n_articles_in_event"].tolist() == [3, 2, 3, 3, 2, 3, 3, 3]


def test_group_events_uses_titles():
    pile = PILE.assign(title=["Flood"] * 8)
    # a title word shared by every article adds to every pair alike: topics stay apart
    assert group_events(pile)["event_id"].tolist() == [0, 1, 0, 2, 1, 2, 0, 2]
    untitled = articles(("a", "A", "storm"), ("b", "B", "harbour"))
    titled = untitled.assign(title=["Storm hits harbour", "Storm hits harbour"])
    assert group_events(untitled)["event_id"].tolist() == [0, 1]
    assert group_events(titled)["event_id"].tolist() == [0, 0]


def test_low_threshold_keeps_every_article_apart():
    grouped = group_events(PILE, threshold=1e-6)
    assert grouped["event_id"].tolist() == list(range(8))
    assert set(grouped["n_articles_in_event"]) == {1}


def test_group_events_of_one_article():
    grouped = group_events(articles(("a", "A", "river flood")))
    assert grouped.to_dict("list") == {
        "article_id": ["a"],
        "event_id": [0],
        "n_articles_in_event": [1],
    }


def test_group_events_is_average_linkage_of_grouping_similarity():
    # independent check: scipy's average linkage on 1 - similarity, cut at the threshold
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    threshold = 0.97
    similarity = grouping_similarity(PILE).to_numpy()
    distance = 1.0 - similarity
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    expected = fcluster(tree, t=threshold, criterion="distance")
    grouped = group_events(PILE, threshold=threshold)["event_id"].to_numpy()
    # same partition: equal labels exactly where expected labels are equal
    assert np.array_equal(grouped[:, None] == grouped, expected[:, None] == expected)
    assert len(set(grouped)) == 3


def test_grouping_similarity_without_correction_is_mean_of_word_and_char_cosine():
    raw = grouping_similarity(
        PILE, neighbours=0, title_weight=0.0, name_weight=0.0, weekday_penalty=0.0, min_df=1
    ).to_numpy()
    word = similarity_matrix(PILE).to_numpy()
    char = similarity_matrix(PILE, analyzer="char").to_numpy()
    assert np.allclose(raw, (word + char) / 2.0)


def test_names_and_figures_worked_by_hand():
    from workbench.similarity import _names_and_figures

    text = (
        "Police said the Bank of America paid $3.5 trillion on Monday. "
        "Shares fell 6.1% as 7 U.S. Senate aides quit."
    )
    # "Police" and "Shares" open sentences (one word: left out); "7" is one character
    assert _names_and_figures(text) == [
        "bank_of_america",
        "monday",
        "u.s._senate",
        "#$3.5trillion",
        "#6.1%",
    ]
    assert _names_and_figures("A 17 percent rise.") == ["#17%"]
    # a sentence's first word stays in front of a name right after it
    assert _names_and_figures("The Supreme Court ruled.") == ["the_supreme_court"]


def test_name_block_adds_its_weighted_cosine():
    pair = articles(
        ("d1", "A", "Senator Jane Doe met Acme Corp staff."),
        ("d2", "B", "Staff at Acme Corp saw 1,200 jobs cut."),
    )
    # names: d1 = (senator_jane_doe RARE, acme_corp 1), d2 = (acme_corp 1, #1,200 RARE)
    names_cosine = 1.0 / (RARE**2 + 1.0)
    options = dict(neighbours=0, title_weight=0.0, weekday_penalty=0.0, min_df=1)
    raw = grouping_similarity(pair, name_weight=2.0, **options).to_numpy()
    word = similarity_matrix(pair).to_numpy()[0, 1]
    char = similarity_matrix(pair, analyzer="char").to_numpy()[0, 1]
    # blocks weighted 1, 1 and 2: (word + char + 4 names) / (1 + 1 + 4)
    assert raw[0, 1] == pytest.approx((word + char + 4.0 * names_cosine) / 6.0)
    without = grouping_similarity(pair, name_weight=0.0, **options).to_numpy()
    assert without[0, 1] == pytest.approx((word + char) / 2.0)


def test_articles_naming_different_weekdays_lose_the_penalty():
    pile = articles(
        ("mon", "A", "Flood waters rose in the valley on Monday."),
        ("tue", "B", "Flood waters rose in the valley on Tuesday."),
        ("mon2", "C", "On Mondays and Tuesdays flood waters rose in the valley."),
        ("none", "D", "Flood waters rose in the valley."),
    )
    options = dict(neighbours=0, name_weight=0.0)
    plain = grouping_similarity(pile, weekday_penalty=0.0, **options)
    penalised = grouping_similarity(pile, weekday_penalty=0.25, **options)
    difference = (penalised - plain).to_numpy()
    expected = np.zeros((4, 4))
    expected[0, 1] = expected[1, 0] = -0.25  # Monday and Tuesday, nothing shared
    # mon2 shares a day with both; "none" names no weekday: no penalty
    assert np.allclose(difference, expected)


def test_hub_correction_subtracts_mean_similarity_to_nearest_articles():
    raw = grouping_similarity(PILE, hub_weight=0.0)
    corrected = grouping_similarity(PILE, neighbours=2, hub_weight=0.5)
    assert list(corrected.index) == PILE["article_id"].tolist()
    values = raw.to_numpy().copy()
    np.fill_diagonal(values, -np.inf)
    crowd = np.sort(values, axis=1)[:, -2:].mean(axis=1)  # two most similar others
    expected = raw.to_numpy() - 0.5 * (crowd[:, None] + crowd[None, :]) / 2.0
    assert np.allclose(corrected.to_numpy(), expected)


def test_two_article_piles_group_by_content():
    same = articles(
        ("a", "A", "Flood waters rose in the river valley and villagers fled."),
        ("b", "B", "Villagers fled as flood waters rose in the valley."),
    )
    apart = articles(("a", "A", "Flood waters rose."), ("b", "B", "The mayor won the vote."))
    assert group_events(same)["event_id"].tolist() == [0, 0]
    assert group_events(apart)["event_id"].tolist() == [0, 1]


# f1 and f3 come from one outlet, A: one event without the option, two with it
OUTLET_TWICE = articles(
    ("f1", "A", "Flood waters rose in the river valley; villagers fled the flood."),
    ("e1", "B", "The election count showed the mayor won a second term in the election."),
    ("f2", "C", "Villagers fled as flood waters from the river covered the valley."),
    ("e2", "A", "The mayor won the election and thanked voters after the count."),
    ("f3", "A", "The river flood forced villagers out of the valley."),
)


def test_one_per_source_keeps_an_outlets_articles_apart():
    assert group_events(OUTLET_TWICE)["event_id"].tolist() == [0, 1, 0, 1, 0]
    grouped = group_events(OUTLET_TWICE, one_per_source=True)
    event = dict(zip(grouped["article_id"], grouped["event_id"], strict=True))
    assert event["f1"] != event["f3"]
    assert event["e1"] == event["e2"]
    assert len({event["f1"], event["f2"], event["f3"]}) == 2  # f2 joins one of them
    similarity = grouping_similarity(OUTLET_TWICE, one_per_source=True)
    assert similarity.loc["f1", "f3"] == -np.inf
    assert similarity.loc["f1", "e2"] == -np.inf
    assert np.isfinite(similarity.loc["f1", "f2"])
    assert np.isfinite(similarity.loc["f1", "f1"])


def test_one_per_source_needs_the_source_column():
    table = PILE.drop(columns="source")
    assert group_events(table)["event_id"].tolist() == [0, 1, 0, 2, 1, 2, 0, 2]
    with pytest.raises(ColumnError, match=r"field 'source'"):
        group_events(table, one_per_source=True)


def test_articles_dated_far_apart_are_never_one_event():
    floods = PILE[PILE["article_id"].str.startswith("f")].assign(
        url=[
            "https://example.org/2021/05/03/river-flood",
            "https://example.org/news/river-flood-2021-05-04",
            "https://example.org/news/valley-flood",  # no date: may join either
        ]
    )
    assert group_events(floods)["event_id"].tolist() == [0, 0, 0]
    later = floods.assign(url=floods["url"].str.replace("2021-05-04", "2021-05-24"))
    assert group_events(later)["event_id"].tolist()[:2] == [0, 1]
    assert group_events(later, max_days_apart=None)["event_id"].tolist() == [0, 0, 0]
    assert group_events(later, max_days_apart=30)["event_id"].tolist() == [0, 0, 0]
    # a published date, when given, takes precedence over the URL's
    published = later.assign(published=["2021-05-03", "2021-05-05", None])
    assert group_events(published)["event_id"].tolist() == [0, 0, 0]
    similarity = grouping_similarity(later)
    assert similarity.loc["f1", "f2"] == -np.inf
    assert np.isfinite(similarity.loc["f1", "f3"])


# Texts that stress the tokeniser: abbreviations with dots, a final sigma (lowercased by
# context), a possessive, digits, underscores, tabs and other whitespace, a character
# beyond the Basic Multilingual Plane, stop words only, nothing at all, repeats.
TRICKY = [
    "The U.S. and the U.N. met at 9 a.m.; the U.S. said no.",
    "ΟΔΥΣΣΕΥΣ ΣΟΦΟΣ wrote\tto\nthe\x1cpeople of snake_case and 𝐀𝐁𝐂 land.",
    "",
    "the and of to it",
    "Russia's army, Russia's navy and Russia's air force — 2024's budget.",
    "apple apple apple banana, apple: banana! cherry?",
    "Zürich ZÜRICH zürich straße STRASSE",
    "The U.S. and the U.N. met at 9 a.m.; the U.S. said no.",
]


def same_matrix(ours, theirs) -> bool:
    """The same sparse matrix to the bit: type, shape, index arrays, entry order, values."""
    return (
        type(ours) is type(theirs)
        and ours.shape == theirs.shape
        and ours.indices.dtype == theirs.indices.dtype
        and np.array_equal(ours.indptr, theirs.indptr)
        and np.array_equal(ours.indices, theirs.indices)
        and ours.data.tobytes() == theirs.data.tobytes()
    )


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2)])
@pytest.mark.parametrize("min_df", [1, 2, 0.02])
def test_tfidf_matrix_is_the_vectorizers_to_the_bit(ngram_range, min_df):
    sentences = load_event(CORPORA / "sumy-strike-2025").sentences["text"].tolist()
    for texts in (TRICKY, sentences, sentences[::-1]):
        ours = tfidf_matrix(texts, ngram_range=ngram_range, min_df=min_df)
        theirs = tfidf_vectorizer(ngram_range=ngram_range, min_df=min_df).fit_transform(texts)
        assert ours.nnz >= len(texts)  # the check has entries to check
        assert same_matrix(ours, theirs)


def test_tfidf_matrix_fails_where_the_vectorizer_fails():
    for texts, min_df in ((["the and of", ""], 1), ([], 1), (["one two", "three four"], 2)):
        with pytest.raises(ValueError):
            tfidf_vectorizer(min_df=min_df).fit_transform(texts)
        with pytest.raises(ValueError):
            tfidf_matrix(texts, min_df=min_df)


def test_tfidf_matrix_of_characters_is_the_vectorizers():
    ours = tfidf_matrix(TRICKY, analyzer="char")
    assert same_matrix(ours, tfidf_vectorizer(analyzer="char").fit_transform(TRICKY))


def test_tokens_read_off_the_sentences_give_the_same_matrix():
    event = load_event(CORPORA / "harbor-bridge-closure-2024")
    direct = similarity_matrix(event.articles)
    through = similarity_matrix(event.articles, sentences=event.sentences)
    pd.testing.assert_frame_equal(through, direct, check_exact=True)
    # sentences listed in another order: the same tokens, put back in article order
    shuffled = event.sentences.sample(frac=1.0, random_state=1)
    again = similarity_matrix(event.articles, sentences=shuffled, ngram_range=(1, 1))
    pd.testing.assert_frame_equal(
        again, similarity_matrix(event.articles, ngram_range=(1, 1)), check_exact=True
    )


def test_sentences_that_do_not_tile_the_text_are_not_used():
    from workbench.similarity import _tokens_through_sentences

    event = load_event(CORPORA / "harbor-bridge-closure-2024")
    assert _tokens_through_sentences(event.articles, event.sentences) is not None
    edited = event.sentences.copy()
    edited.loc[edited.index[3], "text"] = "Something the article never said."
    dropped = event.sentences.drop(index=event.sentences.index[5])
    for sentences in (edited, dropped, event.sentences.drop(columns=["start"])):
        assert _tokens_through_sentences(event.articles, sentences) is None
        pd.testing.assert_frame_equal(
            similarity_matrix(event.articles, sentences=sentences),
            similarity_matrix(event.articles),
            check_exact=True,
        )
