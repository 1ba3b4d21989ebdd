"""Term counts, weighted log-odds (checked against hand arithmetic), keywords in context."""

from __future__ import annotations

import math
import re
from collections import Counter
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import ColumnError, ModelError, WorkbenchError
from workbench.terms import (
    DISTINCTIVE_COLUMNS,
    KWIC_COLUMNS,
    TOP_TERM_COLUMNS,
    _TextSearch,
    _word_counts,
    _word_sums,
    compile_terms,
    distinctive_terms,
    keyword_in_context,
    lexicon_words,
    log_odds,
    ngrams,
    read_lexicon,
    term_counts,
    tokenize,
    top_terms,
    words,
)


def articles_table(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["article_id", "source", "text"])


def sentences_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Split each text at sentence-final punctuation, keeping offsets into the text."""
    rows = []
    for article in articles.itertuples(index=False):
        for index, m in enumerate(re.finditer(r"\S[^.!?]*[.!?]+", article.text)):
            rows.append(
                {
                    "sentence_id": f"{article.article_id}:{index}",
                    "article_id": article.article_id,
                    "source": article.source,
                    "sentence_index": index,
                    "start": m.start(),
                    "end": m.end(),
                    "text": m.group(0),
                }
            )
    return pd.DataFrame(rows)


# Three documents, two sources; unigrams without stop words, so that every count below
# can be read off the texts:
#   left:  tariff 2, cut 2, farmers 1 (n_i = 5)
#   right: tariff 1, hike 2           (n_j = 3)
#   all:   tariff 3, cut 2, farmers 1, hike 2 (n = 8)
THREE_DOCS = articles_table(
    [
        ("a1", "left", "Tariff cut, tariff!"),
        ("a2", "left", "Cut farmers."),
        ("a3", "right", "Tariff hike; hike."),
    ]
)
UNIGRAMS = {"ngram_range": (1, 1), "stop_words": None}


def test_tokenize_keeps_abbreviations_and_hyphenated_words_and_drops_possessives():
    assert tokenize("The U.S.-backed pro-Kyiv group's 4.8m plan") == [
        "the",
        "u.s.",
        "-",
        "backed",
        "pro-kyiv",
        "group",
        "4.8m",
        "plan",
    ]
    assert words("Russia's war, in 2025!") == ["russia", "war", "in", "2025"]


def test_ngrams_do_not_cross_punctuation_or_stop_words():
    assert ngrams("Kiev regime, the Kremlin said.") == [
        "kiev",
        "regime",
        "kremlin",
        "said",
        "kiev regime",
        "kremlin said",
    ]
    assert ngrams("state of the union", ngram_range=(2, 2)) == []
    assert ngrams("state of the union", ngram_range=(2, 2), stop_words=None) == [
        "state of",
        "of the",
        "the union",
    ]


def test_term_counts_is_a_term_by_category_table():
    counts = term_counts(THREE_DOCS, **UNIGRAMS)
    assert list(counts.columns) == ["left", "right"]
    assert counts.columns.name == "source"
    assert counts.index.name == "term"
    assert counts.to_dict("index") == {
        "cut": {"left": 2, "right": 0},
        "farmers": {"left": 1, "right": 0},
        "hike": {"left": 0, "right": 2},
        "tariff": {"left": 2, "right": 1},
    }
    assert list(term_counts(THREE_DOCS, min_count=3, **UNIGRAMS).index) == ["tariff"]


# Texts that try the counting path: possessives and punctuation at the edges of
# whitespace-separated chunks, a chunk that is only "'s", repeated chunks in other case,
# a final sigma, non-breaking and other Unicode spaces, "_" (a word, not punctuation),
# abbreviations, numbers and hyphens, a text without any word and an empty one.
TRICKY = articles_table(
    [
        ("t1", "a", "The U.S.-backed, pro-Kyiv group's 4.8m plan; Russia's 'war' - 's war."),
        ("t2", "b", "ΟΔΟΣ ΟΔΟΣ.\u00a0War\u2003crimes, war crimes; WAR Crimes! the war_room"),
        ("t3", "a", "Kiev's regime\nkiev regime\tKIEV REGIME’s end... 3,656 a.m. don't"),
        ("t4", "c", "?!"),
        ("t5", "b", ""),
        ("t6", "c", "the state of the union, state of the union"),
    ]
)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"ngram_range": (1, 1), "stop_words": None},
        {"ngram_range": (1, 3)},
        {"ngram_range": (2, 3), "stop_words": None},
        {"stop_words": ["the", "Of"]},
    ],
)
def test_term_counts_are_the_ngrams_of_each_text_counted_per_category(options):
    counts = term_counts(TRICKY, **options)
    expected: dict[str, Counter[str]] = {}
    for article in TRICKY.itertuples(index=False):
        expected.setdefault(article.source, Counter()).update(ngrams(article.text, **options))
    terms = sorted(set().union(*expected.values()))
    assert list(counts.index) == terms
    assert list(counts.columns) == ["a", "b", "c"]
    for source, counter in expected.items():
        assert counts[source].to_dict() == {term: counter[term] for term in terms}
    assert (counts.dtypes == "int64").all()


def test_term_counts_without_a_word_is_an_empty_table_with_the_categories():
    counts = term_counts(articles_table([("a1", "x", "?!"), ("a2", "y", "")]))
    assert counts.empty and list(counts.columns) == ["x", "y"]


def test_top_terms_are_the_first_rows_of_log_odds_for_every_category():
    counts = term_counts(TRICKY)
    table = top_terms(counts, n=3)
    assert list(table.columns) == TOP_TERM_COLUMNS
    for source in counts.columns:
        own = table[table["category"] == source]
        assert list(own["rank"]) == [1, 2, 3]
        expected = log_odds(counts, source).head(3)
        pd.testing.assert_frame_equal(
            own[DISTINCTIVE_COLUMNS].reset_index(drop=True), expected, check_exact=True
        )
    with pytest.raises(WorkbenchError, match="fewer than two categories"):
        top_terms(counts[["a"]])


def test_log_odds_matches_hand_arithmetic_with_the_default_prior():
    table = distinctive_terms(THREE_DOCS, "left", **UNIGRAMS)
    assert list(table.columns) == DISTINCTIVE_COLUMNS
    # Default prior: alpha_0 = n = 8, so alpha_w = corpus count of w.
    # cut: y_i = 2, y_j = 0, alpha = 2
    delta_cut = math.log((2 + 2) / (5 + 8 - 2 - 2)) - math.log((0 + 2) / (3 + 8 - 0 - 2))
    var_cut = 1 / (2 + 2) + 1 / (0 + 2)
    # farmers: y_i = 1, y_j = 0, alpha = 1
    delta_farmers = math.log(2 / (5 + 8 - 1 - 1)) - math.log(1 / (3 + 8 - 0 - 1))
    var_farmers = 1 / 2 + 1 / 1
    # tariff: y_i = 2, y_j = 1, alpha = 3
    delta_tariff = math.log(5 / (5 + 8 - 2 - 3)) - math.log(4 / (3 + 8 - 1 - 3))
    var_tariff = 1 / 5 + 1 / 4
    # hike: y_i = 0, y_j = 2, alpha = 2
    delta_hike = math.log(2 / (5 + 8 - 0 - 2)) - math.log(4 / (3 + 8 - 2 - 2))
    var_hike = 1 / 2 + 1 / 4
    expected = {
        "cut": (delta_cut, var_cut, 2, 0),
        "farmers": (delta_farmers, var_farmers, 1, 0),
        "tariff": (delta_tariff, var_tariff, 2, 1),
        "hike": (delta_hike, var_hike, 0, 2),
    }
    # Worked out: ln 2 / sqrt(0.75) = 0.8004 for "cut".
    assert delta_cut / math.sqrt(var_cut) == pytest.approx(0.800377, abs=1e-6)
    assert list(table["term"]) == ["cut", "farmers", "tariff", "hike"]
    for row in table.itertuples(index=False):
        delta, variance, n_target, n_reference = expected[row.term]
        z = delta / math.sqrt(variance)
        assert row.delta == pytest.approx(delta)
        assert row.variance == pytest.approx(variance)
        assert row.z == pytest.approx(z)
        assert row.p == pytest.approx(2 * (1 - NormalDist().cdf(abs(z))))
        assert (row.n_target, row.n_reference) == (n_target, n_reference)


def test_log_odds_with_a_smaller_prior_trusts_the_counts_more():
    table = distinctive_terms(THREE_DOCS, "left", prior=4.0, **UNIGRAMS).set_index("term")
    # alpha_0 = 4, alpha_w = 4 * y_w / 8: for "cut" alpha = 1.
    delta = math.log(3 / (5 + 4 - 2 - 1)) - math.log(1 / (3 + 4 - 0 - 1))  # = ln 3
    z = delta / math.sqrt(1 / 3 + 1 / 1)
    assert table.loc["cut", "z"] == pytest.approx(z)
    assert table.loc["cut", "z"] == pytest.approx(0.951426, abs=1e-6)


def test_swapping_target_and_reference_flips_the_sign_of_z():
    corpus = articles_table(
        [
            *THREE_DOCS.itertuples(index=False),
            ("a4", "center", "Farmers market tariff."),
        ]
    )
    left = distinctive_terms(corpus, "left", against="right", **UNIGRAMS).set_index("term")
    right = distinctive_terms(corpus, "right", against="left", **UNIGRAMS).set_index("term")
    assert sorted(left.index) == sorted(right.index) == ["cut", "farmers", "hike", "tariff"]
    assert "market" not in left.index  # used by neither side
    right = right.loc[left.index]
    assert (left["z"] + right["z"]).abs().max() == pytest.approx(0.0, abs=1e-12)
    assert list(left["n_target"]) == list(right["n_reference"])


@pytest.mark.parametrize(("source", "top_term"), [("farm", "farmers"), ("union", "jobs")])
def test_distinctive_terms_rank_own_vocabulary_first(source, top_term):
    corpus = articles_table(
        [
            ("f1", "farm", "Tariffs hurt farmers. Farmers fear tariffs."),
            ("f2", "farm", "Farmers lose markets."),
            ("u1", "union", "Tariffs protect jobs. Jobs return."),
            ("u2", "union", "Factory jobs grow with tariffs."),
        ]
    )
    table = distinctive_terms(corpus, source)
    assert list(table.columns)[:4] == ["term", "z", "n_target", "n_reference"]
    assert table.iloc[0]["term"] == top_term
    assert table["z"].is_monotonic_decreasing


def test_distinctive_terms_name_the_field_that_is_wrong():
    with pytest.raises(WorkbenchError, match=r"'target'.*pick one of 'left', 'right'"):
        distinctive_terms(THREE_DOCS, "centre")
    with pytest.raises(WorkbenchError, match="'prior'"):
        distinctive_terms(THREE_DOCS, "left", prior=0)
    with pytest.raises(WorkbenchError, match="'against'"):
        distinctive_terms(THREE_DOCS, "left", against="left")
    with pytest.raises(ColumnError, match="'text'"):
        term_counts(THREE_DOCS.drop(columns="text"))


def test_log_odds_accepts_an_unsorted_count_table():
    counts = term_counts(THREE_DOCS, **UNIGRAMS)
    shuffled = counts.loc[["tariff", "hike", "cut", "farmers"]]
    pd.testing.assert_frame_equal(log_odds(shuffled, "left"), log_odds(counts, "left"))


KWIC_ARTICLES = articles_table(
    [
        ("orbita", "Orbita", "The Kiev regime lied. Kievan Rus is old. The KIEV  regime again!"),
        ("wire", "Wire", "Russia's attack hit Sumy. No attack on Kyiv."),
    ]
)


def test_keyword_in_context_offsets_point_into_the_article_text():
    sentences = sentences_table(KWIC_ARTICLES)
    table = keyword_in_context(sentences, "kiev regime", width=4)
    assert list(table.columns) == KWIC_COLUMNS
    assert list(table["match"]) == ["Kiev regime", "KIEV  regime"]  # not "Kievan"
    assert list(table["sentence_index"]) == [0, 2]
    texts = KWIC_ARTICLES.set_index("article_id")["text"]
    for row in table.itertuples(index=False):
        assert texts[row.article_id][row.start : row.end] == row.match
    assert list(table["left"]) == ["The ", "The "]
    assert list(table["right"]) == [" lie", " aga"]


def test_keyword_in_context_finds_a_phrase_across_a_possessive():
    table = keyword_in_context(sentences_table(KWIC_ARTICLES), "russia attack")
    assert list(table["match"]) == ["Russia's attack"]
    assert (table["start"].iloc[0], table["end"].iloc[0]) == (0, 15)


def test_compile_terms_rules():
    pattern, ordered = compile_terms(["US", "=may", "sanction*", "peace", "peace talks", "can't"])
    found = [
        ordered[m.lastindex - 1]
        for m in pattern.finditer("Tell us, US: in May peace talks may bring sanctions; can’t.")
    ]
    assert found == ["US", "peace talks", "=may", "sanction*", "can't"]
    assert not pattern.search("Tell us, mayor: the peaceful user")  # case, whole words


def test_lexicons_are_checked_for_entries_that_are_not_words(tmp_path):
    assert "function_words" in read_lexicon("labels")
    with pytest.raises(ModelError, match="not found"):
        read_lexicon(tmp_path / "missing.yaml")
    path = tmp_path / "bad.yaml"
    path.write_text("words: [yes, on, ok]\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"'words'.*quoting YAML keywords"):
        lexicon_words(read_lexicon(path), "words", "bad")


def test_a_lexicon_read_twice_is_a_copy_and_follows_the_file(tmp_path):
    path = tmp_path / "words.yaml"
    path.write_text("words: [alpha, beta]\n", encoding="utf-8")
    first = read_lexicon(path)
    first["words"].append("changed by a caller")
    assert read_lexicon(path) == {"words": ["alpha", "beta"]}
    path.write_text("words: [alpha, beta, gamma]\n", encoding="utf-8")
    assert read_lexicon(path) == {"words": ["alpha", "beta", "gamma"]}
    path.write_text("- not\n- a mapping\n", encoding="utf-8")
    with pytest.raises(ModelError, match="must be a mapping"):
        read_lexicon(path)


# ------------------------------------------------------- many texts searched at once
def _one_by_one(pattern: re.Pattern[str], texts: list[str]) -> list[tuple]:
    """What _TextSearch must find: the pattern's matches in each text on its own."""
    return [
        (row, m.start(), m.end(), m.group(0), m.lastindex)
        for row, text in enumerate(texts)
        for m in pattern.finditer(text)
    ]


def _at_once(pattern: re.Pattern[str], terms: tuple[str, ...], texts: list[str]) -> list[tuple]:
    found = _TextSearch(texts).finditer(pattern, terms)
    return [(row, start, end, m.group(0), m.lastindex) for row, start, end, m in found]


SEARCH_TERMS = [
    ["Donald Trump", "Trump"],
    ["US", "=May", "sanction*", "air strike", "Russia attack"],
    ["'tis", "état", "naïve"],  # no ASCII start: the pattern is searched in the joined text
    ["Kyiv", "Kiev regime", "G7", "co-op*"],
]
SEARCH_TEXTS = [
    "Trump met Donald  Trump; TRUMP's plan and trumpet.",
    "The US and us; in May they may impose sanctions after an air strike on Russia's attack.",
    "'Tis the état of a naïve NAÏVE naive man.",
    "ſanctions, \u212aYIV, \u0130ran, Stra\u00dfe and the \ufb01rst G7 co-operation in Kyiv.",
    "",
    "A text\x00with the separator: Trump, US, Kyiv.",
    "Kiev\nregime and the Kiev   regime.",
]


@pytest.mark.parametrize("terms", SEARCH_TERMS)
def test_text_search_finds_each_texts_own_matches(terms: list[str]) -> None:
    for possessive in (True, False):
        pattern, ordered = compile_terms(terms, possessive=possessive)
        for texts in (SEARCH_TEXTS, SEARCH_TEXTS[:5], SEARCH_TEXTS[3:4], []):
            assert _at_once(pattern, ordered, texts) == _one_by_one(pattern, texts)


def test_text_search_offsets_are_into_each_text() -> None:
    pattern, ordered = compile_terms(["Trump", "Kyiv"])
    found = _TextSearch(SEARCH_TEXTS).finditer(pattern, ordered)
    assert len(found) >= 5
    for row, start, end, match in found:
        assert SEARCH_TEXTS[row][start:end] == match.group(0)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.sampled_from(
                    [
                        "Trump",
                        "trump",
                        "Donald",
                        "US",
                        "us",
                        "May",
                        "may",
                        "sanction",
                        "air",
                        "strike",
                        "Russia's",
                        "attack",
                        "Kyiv",
                        "état",
                        "ſ",
                        "\u212a",
                        "\u0130",
                        "\u00df",
                        "'tis",
                        "G7",
                        "co-op",
                    ]
                ),
                st.text(alphabet="abcsTruKy'’-_ .,\n\x00é", max_size=5),
            ),
            max_size=10,
        ).map(" ".join),
        max_size=6,
    )
)
def test_text_search_agrees_with_one_by_one_on_any_texts(texts: list[str]) -> None:
    for terms in SEARCH_TERMS:
        pattern, ordered = compile_terms(terms)
        assert _at_once(pattern, ordered, texts) == _one_by_one(pattern, texts)


# ----------------------------------------------------- words counted chunk by chunk
WORD_TEXTS = [
    "The U.S.-backed, pro-Kyiv group's 4.8m plan: 3,656 don't.",
    "  Tabs\tand\nnew lines;  ΑΣ ΣΑΣ. İstanbul's Straße ﬁne ſ \u212a  ",
    "",
    "   ",
    "!!! ... --- ''",
    "Russia's Russia’s u.s. a.m. _ __ a_b 1.5-metre three-year-old",
]


def test_word_sums_count_the_words_of_each_text() -> None:
    texts = [*WORD_TEXTS, *WORD_TEXTS[::-1]]
    n_words, n_letters = _word_sums(texts, len)
    assert n_words.dtype == np.int64 and n_letters.dtype == np.int64
    assert n_words.tolist() == [len(words(text)) for text in texts]
    assert n_letters.tolist() == [sum(map(len, words(text))) for text in texts]
    assert _word_counts(texts).tolist() == n_words.tolist()
    assert _word_counts([]).tolist() == []


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.text(alphabet="aB1.,'’-_ \n\tΣσİſ\u00a0", max_size=30), max_size=8))
def test_word_sums_agree_with_words_on_any_texts(texts: list[str]) -> None:
    n_words, n_letters = _word_sums(texts, len)
    assert n_words.tolist() == [len(words(text)) for text in texts]
    assert n_letters.tolist() == [sum(map(len, words(text))) for text in texts]


def test_lexicon_words_checks_a_part_of_a_list_and_can_require_words(tmp_path):
    path = tmp_path / "groups.yaml"
    path.write_text("groups:\n  - [talks, negotiations]\n  - [yes, ok]\n  - []\n", encoding="utf-8")
    lexicon = read_lexicon(path)
    groups = lexicon["groups"]
    assert lexicon_words(lexicon, "groups", path, value=groups[0], part="group 1") == (
        "talks",
        "negotiations",
    )
    with pytest.raises(ModelError, match=r"groups\.yaml: field 'groups': group 2 holds .*True"):
        lexicon_words(lexicon, "groups", path, value=groups[1], part="group 2")
    assert lexicon_words(lexicon, "groups", path, value=groups[2]) == ()
    with pytest.raises(ModelError, match=r"'groups': group 3 must be a non-empty list.*\[\]"):
        lexicon_words(lexicon, "groups", "groups", value=groups[2], part="group 3", non_empty=True)
    with pytest.raises(ModelError, match=r"'missing' must be a list of words; found None"):
        lexicon_words(lexicon, "missing", "groups")
