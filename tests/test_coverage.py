"""Tests of sentence alignment, content units and the coverage grid."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbench.corpus import load_event
from workbench.coverage import (
    ALIGNMENT_COLUMNS,
    DEFAULT_THRESHOLD,
    GRID_COLUMNS,
    MATCH_KINDS,
    MIN_SHARED_TERMS,
    OMITTED_COLUMNS,
    SHARED_COLUMNS,
    TALLY_TOLERANCE,
    UNIQUE_COLUMNS,
    UNIT_COLUMNS,
    align_sentences,
    content_units,
    coverage_grid,
    coverage_matrix,
    omitted_content,
    sentence_vectors,
    shared_content,
    unique_content,
)
from workbench.errors import ColumnError
from workbench.event import SENTENCE_COLUMNS
from workbench.numbers import find_figures
from workbench.similarity import tfidf_vectorizer


def sentence_frame(*articles: tuple[str, str, list[str]]) -> tuple[pd.DataFrame, dict[str, str]]:
    """A sentence table built by hand from (article_id, source, sentences) rows.

    Returns the table and each article's text (the sentences joined by one space), which
    the ``start``/``end`` offsets index into.
    """
    rows, texts = [], {}
    for article_id, source, sentences in articles:
        text, last = "", max(len(sentences) - 1, 1)
        for index, sentence in enumerate(sentences):
            start = len(text) + (1 if text else 0)
            text = f"{text} {sentence}" if text else sentence
            rows.append(
                (
                    f"{article_id}:{index}",
                    article_id,
                    source,
                    index,
                    0,
                    start,
                    start + len(sentence),
                    index / last,
                    sentence,
                )
            )
        texts[article_id] = text
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS), texts


# A rate rise that all three sources report in their own words, mortgage warnings that C
# leaves out, a sentence on the same bank that reports another fact (B's next meeting),
# and one sentence that only A and one that only C has.
RATE_A = "The central bank raised interest rates by half a point on Tuesday."
RATE_B = "On Tuesday the bank lifted its benchmark interest rates by half a percentage point."
RATE_C = "Interest rates went up half a point after the central bank met on Tuesday."
LOANS_A = "Mortgage lenders warned that home buyers would face higher monthly payments."
LOANS_B = "Home buyers will see monthly payments climb, lenders warned."
NEXT_B = "The central bank meets again in March."
ONLY_A = "The governor declined to comment on the timing of further moves."
ONLY_C = "Protesters gathered outside parliament demanding pay rises for nurses."


@pytest.fixture
def event_sentences() -> pd.DataFrame:
    table, _ = sentence_frame(
        ("a", "A", [RATE_A, LOANS_A, ONLY_A]),
        ("b", "B", [LOANS_B, RATE_B, NEXT_B]),
        ("c", "C", [RATE_C, ONLY_C]),
    )
    return table


# ----------------------------------------------------------------------- alignment
# Two sentences and smooth idf: "alpha" (in both) has idf 1, "beta"/"gamma" (in one)
# 1 + ln(3/2); so the cosine is 1 / (1 + (1 + ln 1.5)^2) = 0.336.
HAND_COSINE = 1.0 / (1.0 + (1.0 + math.log(1.5)) ** 2)


def test_alignment_similarity_worked_by_hand_and_threshold_inclusive():
    table, _ = sentence_frame(("a", "A", ["alpha beta"]), ("b", "B", ["alpha gamma"]))
    aligned = align_sentences(table)
    assert list(aligned.columns) == ALIGNMENT_COLUMNS
    assert aligned["similarity"].tolist() == pytest.approx([HAND_COSINE, HAND_COSINE])
    assert aligned["match_sentence_id"].tolist() == ["b:0", "a:0"]
    assert aligned["linked"].tolist() == [True, True]  # 0.336 >= 0.30
    assert not align_sentences(table, threshold=0.35)["linked"].any()
    assert align_sentences(table, threshold=HAND_COSINE - 1e-9)["linked"].all()


def test_no_shared_term_means_no_match():
    table, _ = sentence_frame(("a", "A", ["alpha beta"]), ("b", "B", ["gamma delta"]))
    row = align_sentences(table).iloc[0]
    assert row["match_sentence_id"] is None
    assert row["match_sentence_index"] is pd.NA
    assert row["similarity"] == 0.0
    assert not row["linked"]


def test_each_sentence_gets_its_best_match_in_every_other_source(event_sentences):
    aligned = align_sentences(event_sentences)
    assert len(aligned) == 8 * 2
    first = aligned[aligned["sentence_id"] == "a:0"]
    assert first["other_source"].tolist() == ["B", "C"]
    assert first["match_sentence_id"].tolist() == ["b:1", "c:0"]
    assert first["match_article_id"].tolist() == ["b", "c"]
    assert first["match_sentence_index"].tolist() == [1, 0]
    assert first["linked"].tolist() == [True, True]
    # every paraphrase pair clears the default threshold, and nothing else links
    linked = aligned[aligned["linked"]]
    assert set(zip(linked["sentence_id"], linked["match_sentence_id"], strict=True)) == {
        ("a:0", "b:1"),
        ("a:0", "c:0"),
        ("b:1", "a:0"),
        ("b:1", "c:0"),
        ("c:0", "a:0"),
        ("c:0", "b:1"),
        ("a:1", "b:0"),
        ("b:0", "a:1"),
    }
    assert linked["similarity"].min() >= DEFAULT_THRESHOLD


def test_only_mutual_best_matches_link(event_sentences):
    # the same bank, another fact: B's next meeting has the rate rise of A as its best
    # match (0.27), but the rate rise of A matches B's own rate sentence better (0.53)
    aligned = align_sentences(event_sentences)
    next_meeting = aligned[aligned["sentence_id"] == "b:2"]
    assert next_meeting["match_sentence_id"].tolist() == ["a:0", "c:0"]
    assert next_meeting["similarity"].max() >= DEFAULT_THRESHOLD
    assert not next_meeting["linked"].any()
    loose = align_sentences(event_sentences, mutual=False)
    assert loose[loose["sentence_id"] == "b:2"]["linked"].tolist() == [True, False]


def test_a_unit_holds_one_sentence_per_article(event_sentences):
    # even when the loose link b:2 -> a:0 is followed, b:2 cannot join the unit that
    # already holds b:1 from the same article
    units = content_units(event_sentences, mutual=False)
    assert units[units["sentence_id"] == "b:2"]["unit_id"].item() == 3
    assert not units.duplicated(["unit_id", "article_id"]).any()


def test_two_articles_of_one_outlet_both_link():
    table, _ = sentence_frame(
        ("a1", "A", [RATE_A]),
        ("a2", "A", [ONLY_A, RATE_A]),
        ("b1", "B", [RATE_B]),
    )
    aligned = align_sentences(table)
    assert aligned[aligned["linked"]]["sentence_id"].tolist() == ["a1:0", "a2:1", "b1:0"]
    members = content_units(table).groupby("unit_id")["sentence_id"].agg(tuple).to_dict()
    assert members == {0: ("a1:0", "a2:1", "b1:0"), 1: ("a2:0",)}


def test_sentences_of_one_source_never_link_to_each_other():
    table, _ = sentence_frame(
        ("a1", "A", ["alpha beta gamma"]),
        ("a2", "A", ["alpha beta gamma"]),
        ("b1", "B", ["delta epsilon"]),
    )
    aligned = align_sentences(table)
    assert set(aligned["other_source"][aligned["source"] == "A"]) == {"B"}
    assert content_units(table)["unit_id"].tolist() == [0, 1, 2]


def test_a_single_source_has_nothing_to_align():
    table, _ = sentence_frame(("a", "A", ["alpha beta", "alpha gamma"]))
    aligned = align_sentences(table)
    assert list(aligned.columns) == ALIGNMENT_COLUMNS
    assert aligned.empty


def test_missing_column_is_named():
    table, _ = sentence_frame(("a", "A", ["alpha"]))
    with pytest.raises(ColumnError, match="field 'source'"):
        align_sentences(table.drop(columns="source"))


# --------------------------------------------------------------------------- units
def test_units_are_components_numbered_by_first_appearance(event_sentences):
    units = content_units(event_sentences)
    assert list(units.columns) == UNIT_COLUMNS
    members = units.groupby("unit_id")["sentence_id"].agg(tuple).to_dict()
    assert members == {
        0: ("a:0", "b:1", "c:0"),
        1: ("a:1", "b:0"),
        2: ("a:2",),
        3: ("b:2",),
        4: ("c:1",),
    }


def test_units_keep_offsets_into_the_article_text():
    table, texts = sentence_frame(("a", "A", [RATE_A, ONLY_A]), ("c", "C", [RATE_C]))
    units = content_units(table)
    for row in units.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.text


def test_unit_ids_follow_article_order_not_row_order(event_sentences):
    # sentences reversed within each article; the articles still come a, b, c
    shuffled = event_sentences.iloc[[2, 1, 0, 5, 4, 3, 7, 6]]
    pd.testing.assert_frame_equal(content_units(shuffled), content_units(event_sentences))


# ---------------------------------------------------------------------------- grid
# The grid mechanics on the rate-rise event, by membership alone; presence by similar
# sentences has its own section below.
@pytest.fixture
def grid_and_units(event_sentences) -> tuple[pd.DataFrame, pd.DataFrame]:
    units = content_units(event_sentences)
    return coverage_grid(units, ["A", "B", "C"], presence="member"), units


def test_grid_is_tidy_unit_by_source(grid_and_units):
    grid, _ = grid_and_units
    assert list(grid.columns) == GRID_COLUMNS
    assert len(grid) == 5 * 3
    assert set(grid["match"]) == {"member", "absent"}
    assert (grid["present"] == (grid["match"] == "member")).all()
    shared = grid[grid["unit_id"] == 0]
    assert shared["source"].tolist() == ["A", "B", "C"]
    assert shared["present"].tolist() == [True, True, True]
    assert shared["match"].tolist() == ["member", "member", "member"]
    assert shared["sentence_ids"].tolist() == [("a:0",), ("b:1",), ("c:0",)]
    assert shared["first_sentence_index"].tolist() == [0, 1, 0]
    assert shared["relative_position"].tolist() == [0.0, 0.5, 0.0]
    assert set(shared["text"]) == {RATE_A}
    loans_in_c = grid[(grid["unit_id"] == 1) & (grid["source"] == "C")].iloc[0]
    assert not loans_in_c["present"]
    assert loans_in_c["match"] == "absent"
    assert loans_in_c["similarity"] == 0.0  # C's sentences share no term with the loans
    assert loans_in_c["sentence_ids"] == ()
    assert loans_in_c["first_sentence_index"] == -1
    assert math.isnan(loans_in_c["relative_position"])
    assert grid.groupby("unit_id")["n_sources"].first().tolist() == [3, 2, 1, 1, 1]


def test_coverage_matrix_is_the_wide_boolean_view(grid_and_units):
    grid, _ = grid_and_units
    wide = coverage_matrix(grid)
    assert wide.index.name == "unit_id"
    assert list(wide.columns) == ["A", "B", "C"]
    assert wide.to_numpy().tolist() == [
        [True, True, True],
        [True, True, False],
        [True, False, False],
        [False, True, False],
        [False, False, True],
    ]


def test_a_listed_source_without_sentences_is_absent_everywhere(event_sentences):
    grid = coverage_grid(content_units(event_sentences), ["A", "B", "C", "D"])
    without = grid[grid["source"] == "D"]
    assert not without["present"].any()
    assert set(without["match"]) == {"absent"}
    assert (without["similarity"] == 0.0).all()
    assert coverage_matrix(grid).shape == (5, 4)


def test_unique_content_is_what_only_one_source_reports(grid_and_units):
    grid, units = grid_and_units
    unique = unique_content(grid, units)
    assert list(unique.columns) == UNIQUE_COLUMNS
    assert unique.to_dict("records") == [
        {
            "source": "A",
            "unit_id": 2,
            "sentence_ids": ("a:2",),
            "text": ONLY_A,
            "relative_position": 1.0,
        },
        {
            "source": "B",
            "unit_id": 3,
            "sentence_ids": ("b:2",),
            "text": NEXT_B,
            "relative_position": 1.0,
        },
        {
            "source": "C",
            "unit_id": 4,
            "sentence_ids": ("c:1",),
            "text": ONLY_C,
            "relative_position": 1.0,
        },
    ]


def test_omitted_content_is_what_all_others_report(grid_and_units):
    grid, units = grid_and_units
    omitted = omitted_content(grid, units)
    assert list(omitted.columns) == OMITTED_COLUMNS
    assert omitted.to_dict("records") == [
        {
            "source": "C",
            "unit_id": 1,
            "n_sources": 2,
            "sentence_ids": ("a:1", "b:0"),
            "text": LOANS_A,
            "relative_position": pytest.approx((0.5 + 0.0) / 2),
        }
    ]


def test_shared_content_by_all_or_by_a_share(grid_and_units):
    grid, _ = grid_and_units
    shared = shared_content(grid)
    assert list(shared.columns) == SHARED_COLUMNS
    assert shared.to_dict("records") == [
        {
            "unit_id": 0,
            "n_sources": 3,
            "share_of_sources": 1.0,
            "sentence_ids": ("a:0", "b:1", "c:0"),
            "text": RATE_A,
            "relative_position": pytest.approx((0.0 + 0.5 + 0.0) / 3),
        }
    ]
    most = shared_content(grid, min_share=2 / 3)
    assert most["unit_id"].tolist() == [0, 1]
    assert most["share_of_sources"].tolist() == pytest.approx([1.0, 2 / 3])


# ------------------------------------------------------------------------ presence
# A packs two facts in one sentence: B's "alpha beta gamma delta" says what A says in
# "alpha beta" and most of what A says in "gamma delta zeta". C reports something else.
# Four sentences, smooth idf = 1 + ln(5 / (1 + df)): the four words in two sentences weigh
# w = 1 + ln(5/3), zeta (one sentence) z = 1 + ln(5/2). B's sentence is closer to
# "alpha beta" (cosine 2w^2 / (2w * sqrt(2) w) = 1/sqrt(2) = 0.707) than to "gamma delta
# zeta" (2w^2 / (2w * sqrt(2w^2 + z^2)) = w / sqrt(2w^2 + z^2) = 0.526), so it links to the
# first only, and "gamma delta zeta" is a unit of its own: by membership only A reports it.
W_PACKED = 1.0 + math.log(5 / 3)
Z_PACKED = 1.0 + math.log(5 / 2)
PACKED_COSINE = W_PACKED / math.sqrt(2 * W_PACKED**2 + Z_PACKED**2)


@pytest.fixture
def packed() -> tuple[pd.DataFrame, pd.DataFrame]:
    table, _ = sentence_frame(
        ("a", "A", ["alpha beta", "gamma delta zeta"]),
        ("b", "B", ["alpha beta gamma delta"]),
        ("c", "C", ["omega psi"]),
    )
    units = content_units(table)
    return coverage_grid(units, ["A", "B", "C"]), units


def test_a_packed_sentence_makes_its_source_present_in_the_other_unit(packed):
    grid, units = packed
    assert units.groupby("unit_id")["sentence_id"].agg(tuple).to_dict() == {
        0: ("a:0", "b:0"),
        1: ("a:1",),
        2: ("c:0",),
    }
    cell = grid[(grid["unit_id"] == 1) & (grid["source"] == "B")].iloc[0]
    assert cell["present"]
    assert cell["match"] == "similar"
    assert cell["similarity"] == pytest.approx(PACKED_COSINE)  # 0.526
    assert cell["sentence_ids"] == ("b:0",)  # B's sentence, though it sits in unit 0
    assert (cell["first_sentence_index"], cell["relative_position"]) == (0, 0.0)
    one = grid[grid["unit_id"] == 1]
    assert one["match"].tolist() == ["member", "similar", "absent"]
    assert one["similarity"].tolist() == pytest.approx([1.0, PACKED_COSINE, 0.0])
    assert grid.groupby("unit_id")["n_sources"].first().tolist() == [2, 2, 1]
    assert set(grid["match"]) <= set(MATCH_KINDS)


def test_presence_by_membership_only_leaves_the_packed_fact_to_one_source(packed):
    _, units = packed
    grid = coverage_grid(units, ["A", "B", "C"], presence="member")
    cell = grid[(grid["unit_id"] == 1) & (grid["source"] == "B")].iloc[0]
    assert (cell["present"], cell["match"], cell["sentence_ids"]) == (False, "absent", ())
    assert cell["similarity"] == pytest.approx(PACKED_COSINE)  # the near miss stays visible
    assert unique_content(grid, units)["unit_id"].tolist() == [1, 2]


@pytest.mark.parametrize(
    ("options", "present"),
    [
        ({}, True),
        ({"threshold": PACKED_COSINE}, True),  # inclusive
        ({"threshold": PACKED_COSINE + 1e-9}, False),
        ({"min_shared_terms": 2}, True),  # gamma, delta
        ({"min_shared_terms": 3}, False),
    ],
)
def test_similar_presence_needs_the_threshold_and_shared_terms(packed, options, present):
    _, units = packed
    grid = coverage_grid(units, ["A", "B", "C"], **options)
    cell = grid[(grid["unit_id"] == 1) & (grid["source"] == "B")].iloc[0]
    assert cell["present"] == present
    assert cell["match"] == ("similar" if present else "absent")


def test_grid_threshold_defaults_to_the_one_the_units_were_built_with(packed):
    table, _ = sentence_frame(
        ("a", "A", ["alpha beta", "gamma delta zeta"]),
        ("b", "B", ["alpha beta gamma delta"]),
        ("c", "C", ["omega psi"]),
    )
    strict = content_units(table, threshold=0.6)  # the 0.707 link still holds
    assert strict["unit_id"].tolist() == packed[1]["unit_id"].tolist()
    assert strict.attrs["threshold"] == 0.6
    grid = coverage_grid(strict, ["A", "B", "C"])
    assert not grid[(grid["unit_id"] == 1) & (grid["source"] == "B")]["present"].item()
    grid = coverage_grid(strict, ["A", "B", "C"], threshold=0.5)
    assert grid[(grid["unit_id"] == 1) & (grid["source"] == "B")]["present"].item()


def test_one_shared_word_is_not_a_shared_fact():
    # "alpha" is in all three sentences (idf 1), "beta" in two (idf w = 1 + ln(4/3)). A's
    # "alpha beta" matches B's "alpha beta", so B's "alpha" stays a unit of its own; A's
    # sentence has cosine 1 / sqrt(1 + w^2) = 0.613 with it, through one word.
    table, _ = sentence_frame(("a", "A", ["alpha beta"]), ("b", "B", ["alpha beta", "alpha"]))
    units = content_units(table)
    assert units.groupby("unit_id")["sentence_id"].agg(tuple).to_dict() == {
        0: ("a:0", "b:0"),
        1: ("b:1",),
    }
    one_word = 1.0 / math.sqrt(1.0 + (1.0 + math.log(4 / 3)) ** 2)
    assert MIN_SHARED_TERMS == 2
    grid = coverage_grid(units, ["A", "B"])
    cell = grid[(grid["unit_id"] == 1) & (grid["source"] == "A")].iloc[0]
    assert (cell["present"], cell["match"]) == (False, "absent")
    assert cell["similarity"] == pytest.approx(one_word)
    assert unique_content(grid, units)["unit_id"].tolist() == [1]
    loose = coverage_grid(units, ["A", "B"], min_shared_terms=1)
    assert loose[(loose["unit_id"] == 1) & (loose["source"] == "A")]["match"].item() == "similar"
    assert unique_content(loose, units).empty


def test_unique_omitted_and_shared_follow_presence(packed):
    grid, units = packed
    # only C reports "omega psi"; A's "gamma delta zeta" is no longer A's alone
    assert unique_content(grid, units)[["source", "unit_id"]].to_dict("records") == [
        {"source": "C", "unit_id": 2}
    ]
    omitted = omitted_content(grid, units)
    assert omitted[["source", "unit_id", "n_sources", "sentence_ids"]].to_dict("records") == [
        {"source": "C", "unit_id": 0, "n_sources": 2, "sentence_ids": ("a:0", "b:0")},
        {"source": "C", "unit_id": 1, "n_sources": 2, "sentence_ids": ("a:1", "b:0")},
    ]
    assert omitted["relative_position"].tolist() == [0.0, pytest.approx((1.0 + 0.0) / 2)]
    assert shared_content(grid).empty
    most = shared_content(grid, min_share=2 / 3)
    assert most["unit_id"].tolist() == [0, 1]
    assert most["sentence_ids"].tolist() == [("a:0", "b:0"), ("a:1", "b:0")]


def test_similar_presence_reads_words_not_facts(event_sentences):
    # The price of generosity, kept in view: A's rate rise shares "central" and "bank"
    # with B's next meeting, another fact, and the one-sentence unit of the next meeting
    # is close enough (0.27, the best non-mutual match of test_only_mutual_best_matches_link)
    # to count A in; C's "central bank met" stays just under the threshold.
    grid = coverage_grid(content_units(event_sentences), ["A", "B", "C"])
    meeting = grid[grid["unit_id"] == 3]
    assert meeting["match"].tolist() == ["similar", "member", "absent"]
    assert meeting["sentence_ids"].tolist() == [("a:0",), ("b:2",), ()]
    assert DEFAULT_THRESHOLD <= meeting["similarity"].iloc[0] < 0.30
    assert meeting["similarity"].iloc[2] < DEFAULT_THRESHOLD
    # the rate rise and the loans are unchanged: everything else already had its members
    assert (grid[grid["unit_id"] != 3]["match"] != "similar").all()


def test_presence_options_are_checked(packed):
    _, units = packed
    with pytest.raises(ValueError, match="presence"):
        coverage_grid(units, ["A"], presence="loose")
    with pytest.raises(ValueError, match="min_shared_terms"):
        coverage_grid(units, ["A"], min_shared_terms=0)
    with pytest.raises(ValueError, match="threshold"):
        coverage_grid(units, ["A"], threshold=0.0)


def test_empty_sentences_give_empty_tables():
    table, _ = sentence_frame()
    units = content_units(table)
    grid = coverage_grid(units, ["A", "B"])
    assert list(units.columns) == UNIT_COLUMNS
    assert units.empty
    assert grid.empty
    assert unique_content(grid, units).empty
    assert omitted_content(grid, units).empty
    assert shared_content(grid).empty


# ------------------------------------------------------------- large events, in chunks
# Content words for generated events: few enough that sentences of different articles
# share several of them and reach the threshold.
WORDS = (
    "bridge council vote budget strike missile port harbour repair crack tariff dairy "
    "farmer price minister court appeal river flood storm rescue hotel survivor wire "
    "talks ceasefire border school nurse pay rise bank rate loan mortgage"
).split()


def generated_event(
    seed: int, *, n_articles: int, n_sources: int, words: tuple[str, ...] = tuple(WORDS)
) -> pd.DataFrame:
    """A sentence table of random sentences of *words*, with wire copies.

    Articles repeat sentences word for word, from another source, from an earlier
    article of their own source and from themselves, so exact ties (and cosines that
    round above 1) occur in every place where the first match must win; one sentence
    has no term at all.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(n_articles):
        sentences = [
            " ".join(rng.choice(words, size=int(rng.integers(4, 9))).tolist()) + "."
            for _ in range(int(rng.integers(3, 9)))
        ]
        if k % 3 == 2:  # a wire copy from another source
            sentences[int(rng.integers(len(sentences)))] = rows[-1][2][0]
        if k >= n_sources and k % 4 == 0:  # the same outlet repeats itself
            sentences[-1] = rows[k - n_sources][2][0]
        if k % 5 == 1:  # ... even within one article
            sentences.append(sentences[0])
        if k == 1:
            sentences.append("It was and is.")
        rows.append((f"a{k}", f"S{k % n_sources}", sentences))
    table, _ = sentence_frame(*rows)
    return table


def dense_alignment(table: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Best match per (sentence, other source) from the full cosine matrix, loop by loop.

    Within an article the first highest cosine wins; within a source, the first article
    (in order of appearance) with the highest cosine clipped to [0, 1]. A link needs the
    threshold and the match's best match within the sentence's article to be the
    sentence.
    """
    X = tfidf_vectorizer(analyzer="word", ngram_range=(1, 1)).fit_transform(table["text"])
    cosine = (X @ X.T).toarray()
    article = table["article_id"].to_numpy()
    source = table["source"].to_numpy()
    articles = list(dict.fromkeys(article))

    def in_article(i: int, name: str) -> tuple[int, float]:
        rows = np.flatnonzero(article == name)
        best = rows[int(np.argmax(cosine[i, rows]))]
        score = min(max(cosine[i, best], 0.0), 1.0)
        return (best, score) if score > 0 else (-1, score)

    records = []
    for i in range(len(table)):
        for other in dict.fromkeys(source):
            if other == source[i]:
                continue
            options = [
                in_article(i, name) for name in articles if source[article == name][0] == other
            ]
            match, score = options[int(np.argmax([s for _, s in options]))]
            linked = match >= 0 and score >= threshold
            if linked:
                linked = in_article(match, article[i])[0] == i
            records.append((table["sentence_id"][i], other, match, score, linked))
    return pd.DataFrame.from_records(
        records, columns=["sentence_id", "other_source", "match", "similarity", "linked"]
    )


@pytest.fixture
def generated() -> pd.DataFrame:
    return generated_event(7, n_articles=24, n_sources=5)


def test_alignment_is_the_best_match_of_the_full_cosine_matrix(generated):
    aligned = align_sentences(generated, chunk_size=5)
    expected = dense_alignment(generated)
    assert aligned["linked"].sum() > 20  # the check has links to check
    assert aligned[["sentence_id", "other_source"]].values.tolist() == (
        expected[["sentence_id", "other_source"]].values.tolist()
    )
    ids = generated["sentence_id"].to_numpy(dtype=object)
    want = [ids[k] if k >= 0 else "none" for k in expected["match"]]
    assert "none" in want  # some sentences share no term with a whole source
    assert aligned["match_sentence_id"].fillna("none").tolist() == want
    assert aligned["similarity"].to_numpy() == pytest.approx(expected["similarity"], abs=1e-12)
    assert aligned["linked"].tolist() == expected["linked"].tolist()


@pytest.mark.parametrize("chunk_size", [1, 2, 7, 64])
@pytest.mark.parametrize("mutual", [True, False])
def test_alignment_does_not_depend_on_the_chunk_size(generated, chunk_size, mutual):
    whole = align_sentences(generated, mutual=mutual, chunk_size=len(generated))
    chunked = align_sentences(generated, mutual=mutual, chunk_size=chunk_size)
    pd.testing.assert_frame_equal(chunked, whole, check_exact=True)


@pytest.mark.parametrize("chunk_size", [1, 3, 50])
def test_units_do_not_depend_on_the_chunk_size(generated, chunk_size):
    whole = content_units(generated, chunk_size=len(generated))
    chunked = content_units(generated, chunk_size=chunk_size)
    assert whole["unit_id"].nunique() < len(generated)  # some sentences share a unit
    pd.testing.assert_frame_equal(chunked, whole, check_exact=True)


def test_units_grow_along_the_links_of_the_alignment(generated):
    """The links content_units follows are the alignment's, strongest first."""
    links = align_sentences(generated)
    links = links[links["linked"]].sort_values("similarity", ascending=False, kind="stable")
    article_of = dict(zip(generated["sentence_id"], generated["article_id"], strict=True))
    unit_of = {name: {name} for name in generated["sentence_id"]}
    for a, b in zip(links["sentence_id"], links["match_sentence_id"], strict=True):
        if unit_of[a] is unit_of[b]:
            continue
        if {article_of[x] for x in unit_of[a]} & {article_of[x] for x in unit_of[b]}:
            continue
        merged = unit_of[a] | unit_of[b]
        for name in merged:
            unit_of[name] = merged
    expected = {frozenset(unit) for unit in unit_of.values()}
    units = content_units(generated, chunk_size=4)
    found = [frozenset(ids) for _, ids in units.groupby("unit_id")["sentence_id"]]
    assert any(len(unit) > 2 for unit in expected)  # links chain into larger units
    assert set(found) == expected
    assert len(found) == len(expected)


def test_grid_similarity_is_the_best_cosine_with_the_unit_centroid():
    words = (*WORDS, *(f"term{k}" for k in range(1000)))  # most sentences link to none
    table = generated_event(3, n_articles=80, n_sources=6, words=words)
    units = content_units(table)
    assert units["unit_id"].nunique() > 200  # more units than are compared at a time
    grid = coverage_grid(units, ["S0", "S1", "S2", "S3", "S4", "S5", "nobody"])
    X = tfidf_vectorizer(analyzer="word", ngram_range=(1, 1)).fit_transform(units["text"])
    for unit, rows in units.groupby("unit_id").indices.items():
        centroid = np.asarray(X[rows].mean(axis=0)).ravel()
        norm = np.linalg.norm(centroid)  # 0.0 for the sentence without terms
        cosine = X @ (centroid / norm) if norm else np.zeros(len(units))
        cells = grid[grid["unit_id"] == unit].set_index("source")["similarity"]
        for name, score in cells.items():
            of_source = units["source"].to_numpy() == name
            best = min(cosine[of_source].max(), 1.0) if of_source.any() else 0.0
            assert score == pytest.approx(best, abs=1e-12)


def test_chunk_size_is_checked(generated):
    with pytest.raises(ValueError, match="chunk_size"):
        align_sentences(generated, chunk_size=0)
    with pytest.raises(TypeError, match="chunk_size"):
        content_units(generated, chunk_size=2.5)


def same_rows(ours, theirs) -> bool:
    """The same sparse rows to the bit, entries in the same order."""
    return (
        ours.shape == theirs.shape
        and np.array_equal(ours.indptr, theirs.indptr)
        and np.array_equal(ours.indices, theirs.indices)
        and ours.data.tobytes() == theirs.data.tobytes()
    )


def within_articles_reversed(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of each article in reverse order, the articles in the same order."""
    rank = pd.factorize(table["article_id"])[0]
    return table.iloc[np.lexsort((-table["sentence_index"].to_numpy(), rank))]


def test_sentence_vectors_are_fit_in_article_order(generated):
    vectors = sentence_vectors(generated)
    expected = tfidf_vectorizer(analyzer="word", ngram_range=(1, 1)).fit_transform(
        generated["text"]
    )
    assert same_rows(vectors, expected)  # the generated table is in article order
    shuffled = within_articles_reversed(generated)
    assert not shuffled.index.equals(generated.index)
    assert same_rows(sentence_vectors(shuffled), vectors[shuffled.index.to_numpy()])


def test_vectors_fit_once_give_the_same_units_and_grid(generated):
    for table in (generated, within_articles_reversed(generated)):
        units = content_units(table)
        vectors = sentence_vectors(table)
        pd.testing.assert_frame_equal(content_units(table, vectors=vectors), units)
    units = content_units(generated)
    rows = pd.Index(generated["sentence_id"]).get_indexer(units["sentence_id"])
    sources = [f"S{k}" for k in range(5)]
    grid = coverage_grid(units, sources)
    assert (grid["match"] == "similar").any()  # both rules are exercised
    shared = coverage_grid(units, sources, vectors=sentence_vectors(generated)[rows])
    discrete = [name for name in GRID_COLUMNS if name != "similarity"]
    pd.testing.assert_frame_equal(shared[discrete], grid[discrete], check_exact=True)
    assert shared["similarity"].to_numpy() == pytest.approx(grid["similarity"], abs=1e-12)


def test_vectors_must_have_a_row_per_sentence(generated):
    vectors = sentence_vectors(generated)
    with pytest.raises(ValueError, match="one row per sentence"):
        content_units(generated, vectors=vectors[:-1])
    with pytest.raises(ValueError, match="one row per sentence"):
        coverage_grid(content_units(generated), ["S0"], vectors=vectors.toarray())


# ------------------------------------------------------------------ presence by tally
DEV_FERRY = Path(__file__).resolve().parent / "fixtures" / "coverage-dev" / "ferry-fire"


@pytest.fixture(scope="module")
def ferry() -> tuple[pd.DataFrame, list[str], pd.DataFrame]:
    """The dev event's sentences, sources and figures."""
    event = load_event(DEV_FERRY)
    return event.sentences, event.sources, find_figures(event.articles, event.sentences)


def unit_of(units: pd.DataFrame, sentence_id: str) -> int:
    return int(units.loc[units["sentence_id"] == sentence_id, "unit_id"].item())


def test_the_toll_each_outlet_words_its_own_way_is_one_unit_everyone_reports(ferry):
    sentences, sources, figures = ferry
    units = content_units(sentences, figures=figures)
    grid = coverage_grid(units, sources, figures=figures)
    toll = unit_of(units, "lakeside-post:1")  # "The fire killed 12 passengers ..."
    members = set(units.loc[units["unit_id"] == toll, "sentence_id"])
    assert members == {"lakeside-post:1", "orsk-radio:1", "northern-ledger:1"}  # 12, 12, 13
    cells = grid[grid["unit_id"] == toll].set_index("source")
    assert cells["present"].all()
    lead = cells.loc["Vessen Courier"]  # its toll (11) sits in its lead, in the fire's unit
    assert lead["match"] == "figure"
    assert lead["sentence_ids"] == ("vessen-courier:0",)
    assert lead["similarity"] < DEFAULT_THRESHOLD  # the cosine alone would miss it
    assert unit_of(units, "vessen-courier:0") == unit_of(units, "lakeside-post:0")
    assert toll in shared_content(grid)["unit_id"].tolist()


def test_without_figures_the_toll_is_split_and_reported_by_one_outlet(ferry):
    sentences, sources, _ = ferry
    units = content_units(sentences)
    grid = coverage_grid(units, sources)
    tolls = {unit_of(units, name) for name in ("lakeside-post:1", "orsk-radio:1")}
    assert len(tolls) == 2
    assert (grid[grid["unit_id"].isin(tolls)]["n_sources"] == 1).all()
    assert "figure" not in set(grid["match"])


def test_figures_merge_no_other_fact(ferry):
    sentences, sources, figures = ferry
    units = content_units(sentences, figures=figures)
    grid = coverage_grid(units, sources, figures=figures)
    alone = [
        "northern-ledger:3",  # an earlier accident killed 3: far from 12
        "vessen-courier:1",  # two children among the dead: another measure
        "lakeside-post:2",  # 3 hours of firefighting ...
        "orsk-radio:2",  # ... and 3 hours waiting for buses: spans are no tally
        "northern-ledger:2",  # $2 million for a refit ...
        "vessen-courier:3",  # ... and $2 million for the families: money is no tally
    ]
    ids = [unit_of(units, name) for name in alone]
    assert len(set(ids)) == len(ids)
    cells = grid[grid["unit_id"].isin(ids)]
    assert (cells.groupby("unit_id")["n_sources"].first() == 1).all()
    assert set(cells["match"]) == {"member", "absent"}
    plain = content_units(sentences)
    assert len({unit_of(plain, name) for name in alone}) == len(alone)  # as without figures
    assert set(grid["match"]) <= set(MATCH_KINDS)


def tally_table(*rows: tuple[str, str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentences of one-sentence articles and their figures, from (article, source, text)."""
    table, texts = sentence_frame(*[(a, s, [text]) for a, s, text in rows])
    articles = pd.DataFrame({"article_id": list(texts), "text": list(texts.values())})
    return table, find_figures(articles, table)


@pytest.mark.parametrize(
    ("other", "tolerance", "same"),
    [
        ("Officials counted 15 dead.", TALLY_TOLERANCE, True),  # 15 / 12 = 1.25
        ("Officials counted 16 dead.", TALLY_TOLERANCE, False),
        ("Officials counted 16 dead.", 1.5, True),
        ("Officials counted 12 dead.", 1.0, True),
        ("Officials counted 12 injured.", 2.0, False),  # another measure
        ("Officials counted 12 skilled workers.", 2.0, False),  # not a tally
    ],
)
def test_the_same_tally_within_the_tolerance_links(other, tolerance, same):
    table, figures = tally_table(
        ("a", "A", "Twelve died in the blast."),
        ("b", "B", other),
    )
    aligned = align_sentences(table, figures=figures, tally_tolerance=tolerance)
    assert aligned["linked"].tolist() == [same, same]
    units = content_units(table, figures=figures, tally_tolerance=tolerance)
    assert units["unit_id"].nunique() == (1 if same else 2)
    plain = align_sentences(table)
    assert not plain["linked"].any()  # the words alone do not link them


def test_presence_by_tally_needs_a_unit_about_the_tally():
    table, figures = tally_table(
        ("a", "A", "Storm winds tore roofs off homes in the harbour district overnight."),
        ("b", "B", "Storm winds tore roofs off homes in the harbour district, killing 4."),
        ("c", "C", "Officials confirmed that 4 people died."),
    )
    units = content_units(table)  # units by the words alone, presence by tally
    storm = unit_of(units, "a:0")
    assert unit_of(units, "b:0") == storm
    grid = coverage_grid(units, ["A", "B", "C"], figures=figures)
    # one of two storm sentences carries the toll: not more than half, no tally unit
    cell = grid[(grid["unit_id"] == storm) & (grid["source"] == "C")].iloc[0]
    assert (cell["present"], cell["match"]) == (False, "absent")
    # C's toll unit, though, is B's too: B's sentence carries the same toll
    toll = grid[(grid["unit_id"] == unit_of(units, "c:0")) & (grid["source"] == "B")].iloc[0]
    assert (toll["present"], toll["match"], toll["sentence_ids"]) == (True, "figure", ("b:0",))
    member_only = coverage_grid(units, ["A", "B", "C"], figures=figures, presence="member")
    assert "figure" not in set(member_only["match"])


def test_figures_are_checked():
    table, figures = tally_table(("a", "A", "The blast killed 12 people."), ("b", "B", "x y"))
    with pytest.raises(ColumnError):
        content_units(table, figures=figures.drop(columns="counts"))
    with pytest.raises(ColumnError):
        coverage_grid(content_units(table), ["A", "B"], figures=figures.drop(columns="value"))
    with pytest.raises(ValueError, match="tally_tolerance"):
        align_sentences(table, figures=figures, tally_tolerance=0.9)


def test_tally_links_keep_the_chunked_result(ferry):
    sentences, _, figures = ferry
    whole = content_units(sentences, figures=figures)
    for size in (1, 3):
        pd.testing.assert_frame_equal(
            content_units(sentences, figures=figures, chunk_size=size), whole
        )
        pd.testing.assert_frame_equal(
            align_sentences(sentences, figures=figures, chunk_size=size),
            align_sentences(sentences, figures=figures),
        )
