"""Tests of text reuse: shared near-verbatim passages with exact offsets."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from workbench.errors import ColumnError
from workbench.reuse import REUSE_COLUMNS, WORD, _tokens, reused_passages

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


def test_token_offsets_are_those_of_the_word_pattern():
    texts = [
        "Hello_world, don't  stop! ünïcödé ẞtraße 𝐀𝐁𝐂 x²³ ٣٤ a\u0301b İstanbul\x1cend",
        "",
        "   ",
        "_a_ __ 9",
        "日本語のテキスト、です。",
        "\ud800 a lone surrogate",
    ]
    codes, starts, ends = _tokens(texts)
    words = [m.group().casefold() for text in texts for m in WORD.finditer(text)]
    assert len(words) > 20
    for text, code, start, end in zip(texts, codes, starts, ends, strict=True):
        spans = [m.span() for m in WORD.finditer(text)]
        assert list(zip(start.tolist(), end.tolist(), strict=True)) == spans
        assert len(code) == len(spans)
    # one code per casefolded word, in order of first appearance
    flat = np.concatenate(codes)
    assert flat.tolist() == pd.factorize(np.array(words, dtype=object))[0].tolist()


def passages_by_dictionary(articles: pd.DataFrame, min_words: int = 8, max_articles: int = 3):
    """Shared runs found the plain way: a dict from each shingle to where it occurs."""
    tokenised = []
    for text in articles["text"]:
        matches = list(WORD.finditer(text))
        tokenised.append(([m.group().casefold() for m in matches], matches))
    where = defaultdict(list)
    for k, (words, _) in enumerate(tokenised):
        for p in range(len(words) - min_words + 1):
            where[tuple(words[p : p + min_words])].append((k, p))
    hits = defaultdict(set)
    for places in where.values():
        if not 2 <= len({k for k, _ in places}) <= max_articles:
            continue
        for i, (a, at_a) in enumerate(places):
            for b, at_b in places[i + 1 :]:
                if a != b:
                    hits[(a, b)].add((at_b - at_a, at_a))
    ids, sources = articles["article_id"].tolist(), articles["source"].tolist()
    records = []
    for (a, b), found in sorted(hits.items()):
        run = None
        for diagonal, at_a in sorted(found):
            if run and run[0] == diagonal and at_a <= run[2] + min_words:
                run[2] = at_a
                continue
            if run:
                records.append((a, b, *run))
            run = [diagonal, at_a, at_a]
        records.append((a, b, *run))
    rows = []
    for a, b, diagonal, first, last in records:
        n_words = last - first + min_words
        match_a, match_b = tokenised[a][1], tokenised[b][1]
        start_a, end_a = match_a[first].start(), match_a[first + n_words - 1].end()
        rows.append(
            (
                ids[a],
                ids[b],
                sources[a],
                sources[b],
                start_a,
                end_a,
                match_b[first + diagonal].start(),
                match_b[first + diagonal + n_words - 1].end(),
                n_words,
                articles["text"].iloc[a][start_a:end_a],
                a,
                b,
            )
        )
    table = pd.DataFrame(rows, columns=[*REUSE_COLUMNS, "_a", "_b"])
    table = table.sort_values(
        ["n_words", "_a", "_b", "start_a"], ascending=[False, True, True, True], kind="stable"
    )
    return table[REUSE_COLUMNS].reset_index(drop=True)


@pytest.mark.parametrize("max_articles", [2, 3])  # 2: the runs in three are boilerplate
def test_passages_are_those_a_plain_dictionary_search_finds(max_articles):
    rng = np.random.default_rng(4)
    vocabulary = ["Alpha", "beta", "GAMMA", "delta", "épsilon", "zeta", "eta"]  # chance runs
    texts = []
    for k in range(12):
        words = rng.choice(vocabulary, size=int(rng.integers(20, 120))).tolist()
        if k >= 2:  # copy a stretch of an earlier article, with other case and punctuation
            source = texts[int(rng.integers(k))].split()
            start = int(rng.integers(max(len(source) - 15, 1)))
            copied = [w.upper() + "," for w in source[start : start + 15]]
            at = int(rng.integers(len(words)))
            words[at:at] = copied + copied[:9]  # twice, the second time shorter
        texts.append(" ".join(words))
    table = pd.DataFrame(
        {"article_id": [f"a{k}" for k in range(12)], "source": ["S"] * 12, "text": texts}
    )
    found = reused_passages(table, max_articles=max_articles)
    expected = passages_by_dictionary(table, max_articles=max_articles)
    assert len(expected) > 15 and expected["n_words"].max() > 12
    pd.testing.assert_frame_equal(found, expected, check_exact=True)
