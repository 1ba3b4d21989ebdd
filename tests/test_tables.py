"""Reading articles from DataFrames and CSV, TSV, JSON and JSON Lines files."""

from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import ArticleError, ColumnError, CorpusError, WorkbenchError
from workbench.tables import DEFAULT_COLUMNS, read_table, read_table_file

BODY_1 = "The harbour bridge reopened on Thursday.\n\nTraders on Quay Street welcomed it."
BODY_2 = "Engineers said the deck passed its load test."


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def csv_text(rows: list[list[str]], *, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


# --------------------------------------------------------------------------- good paths


def test_csv_with_custom_mapping_reads_every_field(tmp_path):
    path = write(
        tmp_path / "coverage.csv",
        csv_text(
            [
                ["headline", "body", "outlet", "when", "writers", "ref", "bias_text", "bias"],
                [
                    "Bridge reopens",
                    BODY_1,
                    "Harbour Ledger",
                    "2024-03-14",
                    "A. Lee",
                    "a1",
                    "left",
                    "0",
                ],
                [
                    "Load test passed",
                    BODY_2,
                    "Quay Post",
                    "2024-03-15T08:00:00+00:00",
                    "",
                    "a2",
                    "",
                    "2",
                ],
            ]
        ),
    )
    columns = {"title": "headline", "published": "when", "author": "writers", "article_id": "ref"}

    articles, skipped = read_table_file(path, columns=columns)

    assert skipped == []
    first, second = articles
    assert first.input == f"{path}#row=1"
    assert first.raw_text == BODY_1
    assert (first.title, first.source, first.published) == (
        "Bridge reopens",
        "Harbour Ledger",
        "2024-03-14",
    )
    assert (first.author, first.article_id, first.lean, first.path) == (
        "A. Lee",
        "a1",
        "left",
        str(path),
    )
    assert first.status == "loaded"
    assert second.input == f"{path}#row=2"
    assert second.published == "2024-03-15T08:00:00+00:00"
    assert second.author is None  # an empty cell is missing, not ""
    assert second.lean is None  # bias_text is preferred to bias, even when empty


def test_semicolon_csv_and_tsv_are_read(tmp_path):
    rows = [["text", "source"], [BODY_2, "Quay Post"]]
    for name, delimiter in (("semi.csv", ";"), ("tabs.tsv", "\t")):
        path = write(tmp_path / name, csv_text(rows, delimiter=delimiter))
        articles, _ = read_table_file(path)
        assert [(a.raw_text, a.source) for a in articles] == [(BODY_2, "Quay Post")]


def test_csv_keeps_ids_and_values_that_look_like_missing(tmp_path):
    path = write(tmp_path / "ids.csv", "id,text,source\n007,Body one.,NA\n008,Body two.,None\n")
    articles, _ = read_table_file(path)
    assert [(a.article_id, a.source) for a in articles] == [("007", "NA"), ("008", "None")]


def test_json_array_with_author_lists_and_number_ids(tmp_path):
    records = [
        {"id": 7, "content_original": BODY_1, "content": "tokenised text", "source": "Ledger",
         "authors": ["Ana Ruiz", "Ben Cole"]},
        {"id": 8, "content_original": BODY_2, "content": "tokenised", "source": "Post",
         "authors": [{"name": "Cleo Park"}], "date": None},
    ]  # fmt: skip
    path = write(tmp_path / "articles.json", json.dumps(records))

    articles, skipped = read_table_file(path)

    assert skipped == []
    assert [a.raw_text for a in articles] == [BODY_1, BODY_2]  # content_original wins
    assert [a.author for a in articles] == ["Ana Ruiz, Ben Cole", "Cleo Park"]
    assert [a.article_id for a in articles] == ["7", "8"]
    assert articles[1].published is None
    assert [a.input for a in articles] == [f"{path}#row=1", f"{path}#row=2"]


@pytest.mark.parametrize(
    "document",
    [
        {"articles": [{"text": BODY_2, "source": "Post"}]},
        {"text": BODY_2, "source": "Post"},
    ],
    ids=["articles-key", "single-object"],
)
def test_json_object_forms(tmp_path, document):
    path = write(tmp_path / "one.json", json.dumps(document))
    articles, _ = read_table_file(path)
    assert [(a.input, a.raw_text, a.source) for a in articles] == [
        (f"{path}#row=1", BODY_2, "Post")
    ]


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson"])
def test_json_lines_name_inputs_by_line(tmp_path, suffix):
    lines = [json.dumps({"text": BODY_1, "outlet": "Ledger"}), "", json.dumps({"text": BODY_2})]
    path = write(tmp_path / f"feed{suffix}", "\n".join(lines) + "\n")

    articles, _ = read_table_file(path)

    assert [a.input for a in articles] == [f"{path}#line=1", f"{path}#line=3"]
    assert articles[0].source == "Ledger"
    assert articles[1].raw_text == BODY_2
    assert articles[1].source == "feed"  # no source: the file stem, marked as a repair
    assert articles[1].status == "repaired"
    assert "feed" in articles[1].reason


def test_byte_order_marks_are_understood(tmp_path):
    text = "text,source\nCafé reopens.,Gazette\n"
    for name, data in (
        ("bom8.csv", codecs.BOM_UTF8 + text.encode("utf-8")),
        ("bom16.csv", text.encode("utf-16")),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        articles, _ = read_table_file(path)
        assert [(a.raw_text, a.source) for a in articles] == [("Café reopens.", "Gazette")]


def test_dataframe_with_dates_numbers_and_missing_source():
    frame = pd.DataFrame(
        {
            "Text": [BODY_1, BODY_2],
            "Outlet": ["Ledger", None],
            "published": pd.to_datetime(["2024-03-14", "2024-03-15T10:30"], format="ISO8601"),
            "ID": [1.0, 2.5],
        }
    )
    articles, skipped = read_table(frame, name="coverage")

    assert skipped == []
    assert [a.input for a in articles] == ["coverage#row=1", "coverage#row=2"]
    assert [a.source for a in articles] == ["Ledger", "coverage"]  # column names ignore case
    assert [a.status for a in articles] == ["loaded", "repaired"]
    assert "'coverage'" in articles[1].reason
    assert [a.published for a in articles] == ["2024-03-14", "2024-03-15T10:30:00"]
    assert [a.article_id for a in articles] == ["1", "2.5"]
    assert articles[0].path is None


def test_mapping_a_field_to_none_ignores_its_column():
    frame = pd.DataFrame({"text": [BODY_2], "id": ["not-unique"]})
    (article,), _ = read_table(frame, columns={"article_id": None})
    assert article.article_id is None


def test_list_of_paragraphs_becomes_blank_line_separated_text():
    frame = pd.DataFrame({"text": [["First paragraph.", "", "Second paragraph."]]})
    (article,), _ = read_table(frame)
    assert article.raw_text == "First paragraph.\n\nSecond paragraph."


# --------------------------------------------------------------------------- column errors


def test_mapping_to_a_missing_column_lists_the_columns():
    frame = pd.DataFrame({"body": [BODY_2], "outlet": ["Post"]})
    with pytest.raises(ColumnError) as caught:
        read_table(frame, columns={"source": "publisher_name"}, name="mine")
    message = str(caught.value)
    assert message.startswith("mine: field 'source':")
    assert "'publisher_name'" in message and "['body', 'outlet']" in message
    assert "Fix:" in message


def test_mapping_with_an_unknown_field_lists_our_fields():
    frame = pd.DataFrame({"body": [BODY_2]})
    with pytest.raises(ColumnError) as caught:
        read_table(frame, columns={"headline": "body"})
    message = str(caught.value)
    assert "field 'headline'" in message
    assert all(field in message for field in DEFAULT_COLUMNS)


def test_no_text_column_names_the_columns_and_the_fix(tmp_path):
    path = write(tmp_path / "notext.csv", "headline,outlet\nBridge reopens,Ledger\n")
    with pytest.raises(ColumnError) as caught:
        read_table_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: field 'text':")
    assert "['headline', 'outlet']" in message
    assert 'columns={"text":' in message


def test_duplicate_column_is_refused():
    frame = pd.DataFrame([[BODY_2, "again"]], columns=["text", "text"])
    with pytest.raises(ColumnError, match="appears 2 times"):
        read_table(frame)


# --------------------------------------------------------------------------- row errors


@pytest.fixture
def gappy_csv(tmp_path):
    rows = [
        ["text", "source"],
        [BODY_1, "Ledger"],
        ["   ", "Post"],
        [BODY_2, ""],
        ["", "Wire"],
    ]
    return write(tmp_path / "gappy.csv", csv_text(rows))


def test_empty_text_raises_naming_file_row_and_field(gappy_csv):
    with pytest.raises(ArticleError) as caught:
        read_table_file(gappy_csv)
    assert str(caught.value).startswith(f"{gappy_csv}#row=2: field 'text':")
    assert caught.value.field == "text"


def test_skip_mode_accounts_for_every_row(gappy_csv):
    articles, skipped = read_table_file(gappy_csv, errors="skip")

    assert [a.input for a in articles] == [f"{gappy_csv}#row=1", f"{gappy_csv}#row=3"]
    assert [name for name, _ in skipped] == [f"{gappy_csv}#row=2", f"{gappy_csv}#row=4"]
    assert all("is empty" in reason for _, reason in skipped)
    assert len(articles) + len(skipped) == 4
    assert articles[1].source == "gappy" and articles[1].status == "repaired"


def test_text_that_is_not_a_string_is_a_row_error():
    frame = pd.DataFrame({"text": [BODY_2, 42, {"a": 1}]}, dtype=object)
    articles, skipped = read_table(frame, errors="skip", name="t")
    assert len(articles) == 1
    assert [name for name, _ in skipped] == ["t#row=2", "t#row=3"]
    assert "not a string but int 42" in skipped[0][1]
    assert "not a string but an object" in skipped[1][1]


def test_metadata_object_is_a_row_error_naming_the_field():
    frame = pd.DataFrame({"text": [BODY_2], "source": [{"id": 3}]})
    with pytest.raises(ArticleError) as caught:
        read_table(frame, name="t")
    assert str(caught.value).startswith("t#row=1: field 'source':")


def test_json_array_item_that_is_not_an_object_is_a_row_error(tmp_path):
    path = write(tmp_path / "mixed.json", json.dumps([{"text": BODY_2}, "loose string", 3]))
    articles, skipped = read_table_file(path, errors="skip")
    assert len(articles) == 1
    assert [name for name, _ in skipped] == [f"{path}#row=2", f"{path}#row=3"]
    assert "a string ('loose string')" in skipped[0][1]
    with pytest.raises(ArticleError, match=r"#row=2: is a string"):
        read_table_file(path)


def test_json_lines_bad_line_names_its_number(tmp_path):
    lines = [
        json.dumps({"text": BODY_1}),
        '{"text": "cut off',
        "[1, 2]",
        json.dumps({"text": ""}),
        json.dumps({"text": BODY_2}),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines))

    with pytest.raises(ArticleError) as caught:
        read_table_file(path)
    assert str(caught.value).startswith(f"{path}#line=2: is not valid JSON")

    articles, skipped = read_table_file(path, errors="skip")
    assert [a.input for a in articles] == [f"{path}#line=1", f"{path}#line=5"]
    assert [name for name, _ in skipped] == [f"{path}#line={n}" for n in (2, 3, 4)]
    assert "an array, not an object" in skipped[1][1]
    assert len(articles) + len(skipped) == len(lines)


# --------------------------------------------------------------------------- file errors


def test_bytes_that_are_not_utf8_name_the_offset_and_the_fix(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("text,source\nCafé reopens,Gazette\n".encode("cp1252"))
    with pytest.raises(CorpusError) as caught:
        read_table_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: is not valid UTF-8: byte 15 (line 2) is b'\\xe9'")
    assert "re-save the file as UTF-8" in message


def test_invalid_json_names_line_and_column(tmp_path):
    path = write(tmp_path / "broken.json", '[\n  {"text": "a"},\n  {"text": "b",}\n]')
    with pytest.raises(
        CorpusError, match=r"broken\.json: is not valid JSON: .* at line 3, column 16"
    ):
        read_table_file(path)


def test_json_lines_saved_as_json_suggests_renaming(tmp_path):
    path = write(tmp_path / "feed.json", '{"text": "a"}\n{"text": "b"}\n')
    with pytest.raises(CorpusError, match=r"rename it to \.jsonl"):
        read_table_file(path)


def test_csv_parse_error_carries_the_pandas_message(tmp_path):
    path = write(tmp_path / "ragged.csv", "text,source\nOne,Ledger\nTwo,Post,extra\n")
    with pytest.raises(
        CorpusError, match=r"ragged\.csv: cannot be parsed as CSV \(.*line 3, saw 3"
    ):
        read_table_file(path)


def test_csv_rows_longer_than_the_header_are_refused(tmp_path):
    path = write(tmp_path / "shifted.csv", "text,source\nOne,Ledger,extra\n")
    with pytest.raises(CorpusError, match="one field more than the header"):
        read_table_file(path)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", "", "the file is empty"),
        ("blank.jsonl", "\n  \n", "the file is empty"),
        ("header.csv", "text,source\n", "the table has no rows"),
        ("number.json", "42", "holds a number (42), not articles"),
        ("null.json", "null", "holds null, not articles"),
        ("empty.json", "[]", "holds an empty array"),
        ("wrapped.json", '{"articles": {"text": "a"}}', "'articles' holds an object"),
        ("table.xlsx", "x", "unknown table type .xlsx"),
    ],
)
def test_file_level_problems_raise_naming_the_file(tmp_path, name, content, expected):
    path = write(tmp_path / name, content)
    with pytest.raises(CorpusError) as caught:
        read_table_file(path, errors="skip")  # even in skip mode
    assert str(caught.value).startswith(str(path))
    assert expected in str(caught.value)


def test_missing_file_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match=r"missing\.csv: cannot be read"):
        read_table_file(tmp_path / "missing.csv")


def test_read_table_refuses_what_is_not_a_dataframe():
    with pytest.raises(CorpusError, match="is a list, not a pandas DataFrame"):
        read_table([{"text": BODY_2}])


def test_empty_dataframe_is_an_error():
    with pytest.raises(CorpusError, match="no rows"):
        read_table(pd.DataFrame({"text": []}))


# --------------------------------------------------------------------------- fuzzing

FIELD_NAMES = [*DEFAULT_COLUMNS, "body", "headline", "authors", "ID", "bias"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=5), children, max_size=5)
    ),
    max_leaves=20,
)
csv_cells = st.text(alphabet=st.sampled_from(list('ab é,;\t"\n\r\x00')), max_size=12)
csv_tables = st.lists(
    st.lists(st.sampled_from(FIELD_NAMES) | csv_cells, min_size=1, max_size=4),
    min_size=1,
    max_size=5,
)
VALID = {
    ".csv": csv_text([["text", "source", "date"], [BODY_1, "Ledger", "2024-03-14"]]).encode(),
    ".json": json.dumps([{"text": BODY_1, "authors": ["A", "B"]}, {"body": BODY_2}]).encode(),
    ".jsonl": (json.dumps({"text": BODY_1}) + "\n" + json.dumps({"text": BODY_2})).encode(),
}
file_contents = st.one_of(
    st.tuples(st.sampled_from([".csv", ".tsv", ".json", ".jsonl"]), st.binary(max_size=300)),
    st.tuples(st.just(".json"), json_values.map(lambda value: json.dumps(value).encode())),
    st.tuples(
        st.just(".jsonl"),
        st.lists(json_values, max_size=4).map(
            lambda values: "\n".join(json.dumps(v) for v in values).encode()
        ),
    ),
    st.tuples(st.sampled_from([".csv", ".tsv"]), st.text(max_size=200).map(str.encode)),
    st.tuples(st.just(".csv"), csv_tables.map(lambda rows: csv_text(rows).encode())),
    st.sampled_from(sorted(VALID.items())).flatmap(
        lambda item: st.tuples(
            st.just(item[0]), st.integers(0, len(item[1])).map(lambda n, data=item[1]: data[:n])
        )
    ),
)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-tables")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=file_contents, errors=st.sampled_from(["raise", "skip"]))
def test_any_file_gives_articles_or_a_workbench_error(fuzz_dir, content, errors):
    suffix, data = content
    path = fuzz_dir / f"input{suffix}"
    path.write_bytes(data)
    try:
        articles, skipped = read_table_file(path, errors=errors)
    except WorkbenchError:
        return
    assert all(article.raw_text.strip() for article in articles)
    assert all(isinstance(reason, str) and reason for _, reason in skipped)
