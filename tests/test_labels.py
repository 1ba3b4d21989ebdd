"""Mentions of targets and the labels sources give them, on hand-written sentences."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tiny_events import sentences_table

from workbench.errors import ColumnError, WorkbenchError
from workbench.labels import (
    LABEL_COLUMNS,
    LABEL_TABLE_COLUMNS,
    MENTION_COLUMNS,
    _tokens_after,
    _tokens_before,
    label_table,
    mentions,
    target_labels,
)
from workbench.terms import TOKEN_PATTERN

ARTICLES = {
    "orbita": ("Orbita", "The Kiev regime shelled Donetsk. Kiev denies it. The Kiev regime lied."),
    "wire": (
        "Wire",
        "The Ukrainian government condemned Russian terrorists. Russians mourned. "
        "Russia's army struck. Ukrainian President Volodymyr Zelensky spoke in Kyiv.",
    ),
    "daily": ("Daily", "The Zelensky government asked the US for help. Tell us more."),
}

TARGETS = pd.DataFrame(
    {
        "target_id": ["ukraine", "russia", "zelensky", "usa"],
        "name": ["Ukraine", "Russia", "Volodymyr Zelensky", "United States"],
        "kind": ["country", "country", "person", "country"],
        "aliases": [
            ("Ukraine", "Kyiv", "Kiev", "Ukrainian"),
            ("Russia", "Russian"),
            ("Zelensky", "Volodymyr Zelensky", "Ukrainian President Volodymyr Zelensky"),
            ("US", "United States"),
        ],
    }
)


SENTENCES = sentences_table(ARTICLES)


def test_mentions_find_every_alias_as_a_whole_word():
    table = mentions(SENTENCES, TARGETS)
    assert list(table.columns) == MENTION_COLUMNS
    found = list(zip(table["sentence_id"], table["target_id"], table["alias"], strict=True))
    assert found == [
        ("orbita:0", "ukraine", "Kiev"),
        ("orbita:1", "ukraine", "Kiev"),
        ("orbita:2", "ukraine", "Kiev"),
        ("wire:0", "ukraine", "Ukrainian"),
        ("wire:0", "russia", "Russian"),
        # "Russians mourned." has no mention: "Russian" is matched as a whole word.
        ("wire:2", "russia", "Russia"),  # possessive left outside the mention
        # The longest alias wins, also over "Ukrainian" of another target:
        ("wire:3", "zelensky", "Ukrainian President Volodymyr Zelensky"),
        ("wire:3", "ukraine", "Kyiv"),
        ("daily:0", "zelensky", "Zelensky"),
        ("daily:0", "usa", "US"),  # "Tell us more." is not the United States
    ]


def test_mention_offsets_point_into_the_article_text():
    table = mentions(SENTENCES, TARGETS)
    for row in table.itertuples(index=False):
        text = ARTICLES[row.article_id][1]
        assert text[row.start : row.end].lower() == row.alias.lower()
    russia = table[table["sentence_id"] == "wire:2"].iloc[0]
    assert ARTICLES["wire"][1][russia["start"] : russia["end"] + 2] == "Russia's"


def test_target_labels_tell_kiev_regime_from_ukrainian_government():
    table = target_labels(SENTENCES, TARGETS)
    assert list(table.columns) == LABEL_COLUMNS
    labels = dict(zip(table["sentence_id"] + "/" + table["target_id"], table["label"], strict=True))
    assert labels == {
        "orbita:0/ukraine": "kiev regime",
        "orbita:1/ukraine": "kiev",  # "denies" is the verb, not a label
        "orbita:2/ukraine": "kiev regime",
        "wire:0/ukraine": "ukrainian government",
        "wire:0/russia": "russian terrorists",  # "condemned" is a verb
        "wire:2/russia": "russia's army",
        "wire:3/zelensky": "ukrainian president volodymyr zelensky",
        "wire:3/ukraine": "kyiv",
        "daily:0/zelensky": "zelensky government",
        "daily:0/usa": "us",
    }
    row = table[table["sentence_id"] == "wire:0"].iloc[1]
    assert row["context_words"] == ("terrorists",)
    assert ARTICLES["wire"][1][row["start"] : row["end"]] == "Russian"


def test_the_window_limits_the_words_taken():
    text = "The brutal criminal Kiev regime forces attacked."
    sentences = sentences_table({"x": ("X", text)})
    one = target_labels(sentences, TARGETS, window=1)
    two = target_labels(sentences, TARGETS, window=2)
    none = target_labels(sentences, TARGETS, window=0)
    assert list(one["label"]) == ["criminal kiev regime"]
    assert list(two["label"]) == ["brutal criminal kiev regime forces"]
    assert two["context_words"].iloc[0] == ("brutal", "criminal", "regime", "forces")
    assert list(none["label"]) == ["kiev"]


def test_labels_of_mentions_found_before_are_the_labels_found_anew():
    found = mentions(SENTENCES, TARGETS)
    pd.testing.assert_frame_equal(
        target_labels(SENTENCES, TARGETS, mentions=found), target_labels(SENTENCES, TARGETS)
    )
    other = sentences_table({"x": ("X", "The Kiev regime spoke.")})
    with pytest.raises(WorkbenchError, match="sentence"):
        target_labels(other, TARGETS, mentions=found)


def test_label_table_counts_labels_per_target_and_source():
    table = label_table(target_labels(SENTENCES, TARGETS))
    assert list(table.columns) == LABEL_TABLE_COLUMNS
    orbita = table[(table["target_id"] == "ukraine") & (table["source"] == "Orbita")]
    assert orbita[["label", "n_mentions"]].values.tolist() == [["kiev regime", 2], ["kiev", 1]]
    assert list(orbita["share"]) == pytest.approx([2 / 3, 1 / 3])
    assert table.groupby(["target_id", "source"])["share"].sum().tolist() == pytest.approx(
        [1.0] * 6
    )


def test_no_mentions_gives_empty_tables_with_the_columns():
    sentences = sentences_table({"x": ("X", "Nothing to see here.")})
    assert mentions(sentences, TARGETS).empty
    labels = target_labels(sentences, TARGETS)
    assert list(labels.columns) == LABEL_COLUMNS and labels.empty
    assert list(label_table(labels).columns) == LABEL_TABLE_COLUMNS


def test_missing_columns_are_named():
    with pytest.raises(ColumnError, match="'aliases'"):
        mentions(SENTENCES, TARGETS.drop(columns="aliases"))


# ------------------------------------- tokens around a mention, tokenised in part
@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.text(alphabet="ab U.S-'’,4 \n\t", max_size=40),
    st.integers(0, 45),
    st.integers(0, 4),
)
def test_tokens_around_a_position_are_those_of_the_whole_text(
    text: str, position: int, n: int
) -> None:
    position = min(position, len(text))
    every = [(t.group(0), t.start(), t.end()) for t in TOKEN_PATTERN.finditer(text)]
    before = [token for token in every if token[2] <= position]
    found = _tokens_before(text, position, n)
    # the last n + 1 tokens at least (all when there are fewer), as in the whole text
    assert found == before[len(before) - len(found) :]
    assert len(found) >= min(n + 1, len(before))
    assert list(_tokens_after(text, position)) == [t for t in every if t[1] >= position]
