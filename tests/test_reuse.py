"""Tests of text reuse: shared near-verbatim passages with exact offsets."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.errors import ColumnError
from workbench.reuse import REUSE_COLUMNS, reused_passages

# twelve words, as a wire service would send them
PASSAGE = "Rescue teams pulled four survivors from the collapsed hotel late on Sunday"
WIRE_B = "rescue teams pulled four survivors from the collapsed hotel late on Sunday"


def articles(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """An articles table from (article_id, source, text) rows."""
    return pd.DataFrame(rows, columns=["article_id", "source", "text"])


def test_copied_passage_found_with_exact_offsets():
    text_a = f"The storm hit the coast at dawn. {PASSAGE}, officials said."
    text_b = f"Officials gave an update. As the wind eased, {WIRE_B}. Roads remain closed."
    found = reused_passages(articles(("a", "Wire", text_a), ("b", "Daily", text_b)))
    assert list(found.columns) == REUSE_COLUMNS
    assert len(found) == 1
    row = found.iloc[0]
    start_a, start_b = text_a.index(PASSAGE), text_b.index(WIRE_B)
    assert row.to_dict() == {
        "article_a": "a",
        "article_b": "b",
        "source_a": "Wire",
        "source_b": "Daily",
        "start_a": start_a,
        "end_a": start_a + len(PASSAGE),
        "start_b": start_b,
        "end_b": start_b + len(WIRE_B),
        "n_words": 12,
        "text_a": PASSAGE,
    }
    assert text_a[row["start_a"] : row["end_a"]] == PASSAGE
    assert text_b[row["start_b"] : row["end_b"]] == WIRE_B


def test_case_punctuation_and_line_breaks_do_not_hide_a_copy():
    text_a = "Officials said the bridge, which opened in 1932, won't reopen before spring."
    text_b = (
        "OFFICIALS SAID THE BRIDGE \u2014 WHICH OPENED IN 1932 \u2014 WON\u2019T\n"
        "REOPEN BEFORE SPRING"
    )
    row = reused_passages(articles(("a", "A", text_a), ("b", "B", text_b))).iloc[0]
    # officials said the bridge which opened in 1932 won t reopen before spring
    assert row["n_words"] == 13
    assert row["text_a"] == text_a[:-1]
    assert text_b[row["start_b"] : row["end_b"]] == text_b


def test_unrelated_texts_share_nothing():
    found = reused_passages(
        articles(
            ("a", "A", "The council approved the new budget after a long debate on Monday."),
            ("b", "B", "Heavy rain flooded the valley and the river burst its banks overnight."),
        )
    )
    assert list(found.columns) == REUSE_COLUMNS
    assert found.empty


def test_runs_shorter_than_min_words_are_not_reuse():
    seven = "the minister said the talks had failed"
    table = articles(("a", "A", f"Yesterday {seven} again."), ("b", "B", f"Then {seven} too."))
    assert reused_passages(table).empty
    short = reused_passages(table, min_words=5)
    assert short["n_words"].tolist() == [7]
    assert short["text_a"].tolist() == [seven]


def test_two_separate_copies_give_two_passages_longest_first():
    first = "the court ruled that the law violated the right to free speech"  # 12 words
    second = "lawyers for the state said they would appeal the decision"  # 10 words
    text_a = f"{first}. Critics disagreed strongly. {second}."
    text_b = f"In a landmark case {second}, and {first}."
    found = reused_passages(articles(("a", "A", text_a), ("b", "B", text_b)))
    assert found["n_words"].tolist() == [12, 10]
    assert found["text_a"].tolist() == [first, second]
    for row in found.itertuples():
        assert text_b[row.start_b : row.end_b] == row.text_a


def test_every_pair_of_copies_is_reported_once_in_article_order():
    table = articles(
        ("a", "A", f"First. {PASSAGE}."),
        ("b", "B", f"{PASSAGE}, they said."),
        ("c", "C", f"Update: {PASSAGE}!"),
    )
    found = reused_passages(table)
    pairs = list(zip(found["article_a"], found["article_b"], strict=True))
    assert pairs == [("a", "b"), ("a", "c"), ("b", "c")]
    assert set(found["n_words"]) == {12}


def test_passages_in_too_many_articles_are_boilerplate():
    table = articles(*[(f"x{k}", "S", f"Story {k}. {PASSAGE}.") for k in range(3)])
    assert len(reused_passages(table)) == 3
    assert reused_passages(table, max_articles=2).empty


def test_a_skipped_boilerplate_shingle_does_not_split_a_passage():
    words = [f"w{k}" for k in range(16)]
    passage = " ".join(words)
    middle = " ".join(words[4:12])  # one 8-word shingle, also in three more articles
    table = articles(
        ("a", "A", f"Start. {passage}. End."),
        ("b", "B", f"Begin: {passage}!"),
        *[(f"x{k}", "X", f"Other {k}: {middle}.") for k in range(3)],
    )
    found = reused_passages(table, max_articles=4)
    pair = found[(found["article_a"] == "a") & (found["article_b"] == "b")]
    assert pair["n_words"].tolist() == [16]
    assert pair["text_a"].tolist() == [passage]
    assert len(found) == 1  # the middle alone, in 5 articles, is boilerplate


def test_missing_column_is_named():
    with pytest.raises(ColumnError, match="field 'source'"):
        reused_passages(pd.DataFrame({"article_id": ["a"], "text": ["x"]}))


def test_a_passage_repeated_in_one_article_pairs_every_repetition():
    text_a = f"{PASSAGE}. Meanwhile the river rose. {PASSAGE}. Later: {PASSAGE}."
    table = articles(("a", "A", text_a), ("b", "B", f"{WIRE_B}."), ("c", "C", f"Also {PASSAGE}"))
    found = reused_passages(table)
    pairs = list(zip(found["article_a"], found["article_b"], strict=True))
    assert pairs == [("a", "b")] * 3 + [("a", "c")] * 3 + [("b", "c")]
    starts = [k for k in range(len(text_a)) if text_a.startswith(PASSAGE, k)]
    assert found["start_a"].tolist()[:3] == starts
    assert found["start_a"].tolist()[3:6] == starts
    assert set(found["n_words"]) == {12}
