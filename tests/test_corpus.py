"""Loading events from folders, files, tables and lists; errors and the load report."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workbench
from workbench import load_event
from workbench.errors import (
    ArticleError,
    CorpusError,
    DuplicateArticleError,
    EventFileError,
    WorkbenchError,
)
from workbench.event import ARTICLE_COLUMNS, REPORT_COLUMNS, SENTENCE_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "sumy-strike-2025"

EVENT_YAML = """\
title: Bridge closes
date: 2024-03-02
description: The old bridge closes for repairs.
targets:
  - id: council
    name: City Council
    kind: organisation
    aliases: [the council, councillors]
claims:
  - id: six_weeks
    text: The repairs will take six weeks.
"""


def write_article(folder: Path, name: str, body: str, **front: str) -> Path:
    lines = ["---", *(f"{key}: {value}" for key, value in front.items()), "---", body]
    path = folder / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def small_event(tmp_path: Path) -> Path:
    (tmp_path / "event.yaml").write_text(EVENT_YAML, encoding="utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    write_article(
        articles,
        "daily.md",
        "The council closed the bridge on Monday. Repairs take six weeks.\n\n"
        "Drivers must use the ring road.",
        source="The Daily",
        title="Bridge shut",
    )
    write_article(
        articles,
        "wire.txt",
        "The city council said the bridge would close. Work should last six weeks.",
        source="Wire",
        title="Council closes bridge",
        published="2024-03-02",
    )
    return tmp_path


def test_folder_loads_articles_targets_claims_sentences_and_report(small_event: Path) -> None:
    event = load_event(small_event)
    assert event.title == "Bridge closes"
    assert event.date == "2024-03-02"
    assert list(event.articles.columns) == ARTICLE_COLUMNS
    assert list(event.articles["article_id"]) == ["daily", "wire"]
    assert event.sources == ["The Daily", "Wire"]
    assert list(event.sentences.columns) == SENTENCE_COLUMNS
    assert list(event.report.columns) == REPORT_COLUMNS
    assert list(event.report["status"]) == ["loaded", "loaded"]
    assert event.targets.iloc[0]["aliases"] == ("City Council", "the council", "councillors")
    assert list(event.claims["claim_id"]) == ["six_weeks"]


def test_sentence_offsets_point_into_the_cleaned_text(small_event: Path) -> None:
    event = load_event(small_event)
    texts = event.articles.set_index("article_id")["text"]
    for row in event.sentences.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.text
    daily = event.sentences[event.sentences["article_id"] == "daily"]
    assert list(daily["text"]) == [
        "The council closed the bridge on Monday.",
        "Repairs take six weeks.",
        "Drivers must use the ring road.",
    ]
    assert list(daily["paragraph_index"]) == [0, 0, 1]


def test_missing_source_and_title_are_repaired_and_reported(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("A plain text without front matter.", encoding="utf-8")
    event = load_event(tmp_path)
    row = event.report.iloc[0]
    assert row["status"] == "repaired"
    assert "source" in row["reason"] and "title" in row["reason"]
    assert event.articles.iloc[0]["source"] == "note"


def test_default_raises_naming_the_first_broken_file(small_event: Path) -> None:
    articles = small_event / "articles"
    (articles / "b_empty.md").write_text("---\nsource: X\n---\n   \n", encoding="utf-8")
    (articles / "c_latin1.txt").write_bytes("Caf\xe9 closes.".encode("latin-1"))
    with pytest.raises(ArticleError, match=r"b_empty\.md.*no text"):
        load_event(small_event)


def test_skip_accounts_for_every_file_in_a_mixed_folder(small_event: Path) -> None:
    articles = small_event / "articles"
    (articles / "b_empty.md").write_text("---\nsource: X\n---\n   \n", encoding="utf-8")
    (articles / "c_latin1.txt").write_bytes("Caf\xe9 closes.".encode("latin-1"))
    (articles / "d_badyaml.md").write_text("---\nsource: [unclosed\n---\nText.", encoding="utf-8")
    (articles / "e_unclosed.md").write_text("---\nsource: X\nText.", encoding="utf-8")
    (articles / "f_boiler.md").write_text("---\nsource: Y\n---\nSubscribe\n", encoding="utf-8")
    (articles / "g_data.xyz").write_text("ignored: not an article type", encoding="utf-8")
    event = load_event(small_event, errors="skip")
    report = event.report.set_index("input")
    considered = sorted(p for p in articles.iterdir() if p.suffix != ".xyz")
    assert sorted(report.index) == sorted(str(p) for p in considered)
    assert report.loc[str(articles / "daily.md"), "status"] == "loaded"
    reasons = {Path(name).name: reason for name, reason in report["reason"].items()}
    assert "no text" in reasons["b_empty.md"]
    assert "UTF-8" in reasons["c_latin1.txt"]
    assert "YAML" in reasons["d_badyaml.md"]
    assert "never closed" in reasons["e_unclosed.md"]
    assert "boilerplate" in reasons["f_boiler.md"]
    assert (report["status"] == "skipped").sum() == 5
    assert len(event.articles) == 2


def test_folder_without_articles_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "event.yaml").write_text(EVENT_YAML, encoding="utf-8")
    with pytest.raises(CorpusError, match="no articles"):
        load_event(tmp_path)


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_event(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("title: [unclosed", "not valid YAML"),
        ("- just\n- a list", "mapping"),
        ("title: T\nheadline: x", "unknown keys"),
        ("targets:\n  - kind: person", "neither id nor name"),
        ("claims:\n  - id: c1", "no text"),
        ("claims: a string", "must be a list"),
        (
            "targets: [{id: t}]\nclaims: [{id: c, text: C., bears_on: [t]}]",
            "claim 'c': bears_on must be a mapping",
        ),
        (
            "targets: [{id: t}]\nclaims: [{id: c, text: C., bears_on: {u: 1}}]",
            "bears_on names 'u', which is not a target",
        ),
        (
            "targets: [{id: t}]\nclaims: [{id: c, text: C., bears_on: {t: 2}}]",
            "must be a number from -1 to 1",
        ),
        (
            "targets: [{id: t}]\nclaims: [{id: c, text: C., bears_on: {t: yes}}]",
            "must be a number from -1 to 1",
        ),
        (
            "targets: [{id: t, kind: company}]",
            r"target 't' has kind 'company', which the engine does not know.*person, organisation",
        ),
    ],
)
def test_bad_event_file_names_file_and_problem(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "event.yaml").write_text(content, encoding="utf-8")
    write_article(tmp_path, "a.md", "Some text.", source="S")
    with pytest.raises(EventFileError, match=message) as info:
        load_event(tmp_path)
    assert "event.yaml" in str(info.value)


def test_claims_say_whom_they_bear_on(tmp_path: Path) -> None:
    (tmp_path / "event.yaml").write_text(
        "targets: [{id: council}, {id: Drivers}]\n"
        "claims:\n"
        "  - {id: safe, text: The bridge was safe., bears_on: {council: 1, drivers: -0.5}}\n"
        "  - {id: plain, text: The bridge closed.}\n",
        encoding="utf-8",
    )
    write_article(tmp_path, "a.md", "Some text.", source="S")
    claims = load_event(tmp_path).claims.set_index("claim_id")
    assert claims.loc["safe", "bears_on"] == (("council", 1.0), ("drivers", -0.5))
    assert claims.loc["plain", "bears_on"] == ()


def test_target_kinds_are_read_in_any_case_and_either_spelling(tmp_path: Path) -> None:
    (tmp_path / "event.yaml").write_text(
        "targets:\n  - {id: a, kind: Organization}\n  - {id: b, kind: ' group '}\n  - {id: c}\n",
        encoding="utf-8",
    )
    write_article(tmp_path, "a.md", "Some text.", source="S")
    kinds = load_event(tmp_path).targets.set_index("target_id")["kind"]
    assert kinds.to_dict() == {"a": "organisation", "b": "group", "c": ""}


def test_event_toml_is_read(tmp_path: Path) -> None:
    (tmp_path / "event.toml").write_text(
        'title = "T"\ndate = "2024-01-01"\n[[claims]]\nid = "c"\ntext = "A claim."\n',
        encoding="utf-8",
    )
    write_article(tmp_path, "a.md", "Some text.", source="S")
    event = load_event(tmp_path)
    assert event.title == "T"
    assert list(event.claims["text"]) == ["A claim."]


def test_duplicate_article_ids_are_an_error(tmp_path: Path) -> None:
    write_article(tmp_path, "a.md", "One text.", source="S", title="A", article_id="same")
    write_article(tmp_path, "b.md", "Another text.", source="T", title="B", article_id="same")
    with pytest.raises(DuplicateArticleError, match=r"b\.md.*'same'.*a\.md"):
        load_event(tmp_path)
    event = load_event(tmp_path, errors="skip")
    assert list(event.report["status"]) == ["loaded", "skipped"]


def test_list_of_files_and_overrides(small_event: Path) -> None:
    files = sorted((small_event / "articles").iterdir())
    event = load_event(files, title="Given", claims=[{"id": "x", "text": "X is true."}])
    assert event.title == "Given"
    assert len(event.articles) == 2
    assert list(event.claims["claim_id"]) == ["x"]


def test_dataframe_input(small_event: Path) -> None:
    frame = pd.DataFrame(
        {"outlet": ["A", "B"], "body": ["First story text.", "Second story text."]}
    )
    event = load_event(frame, columns={"source": "outlet", "text": "body"})
    assert event.sources == ["A", "B"]
    assert len(event.sentences) == 2


def test_cli_load_prints_report(small_event: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from workbench.cli import main

    assert main(["load", str(small_event)]) == 0
    out = capsys.readouterr().out
    assert "Load report" in out and "daily" in out
    assert main(["load", str(small_event / "missing")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_public_api_is_pinned() -> None:
    assert "load_event" in workbench.__all__
    for name in workbench.__all__:
        assert hasattr(workbench, name), name


def test_demo_event_has_six_sources_and_paywall_tail_only_in_raw_text() -> None:
    event = load_event(DEMO)
    assert len(event.articles) >= 6
    assert len(event.sources) >= 6
    assert len(event.targets) >= 4 and len(event.claims) >= 4
    assert (event.report["status"] != "skipped").all()
    with_tail = event.articles[event.articles["raw_text"].str.contains("subscriber", case=False)]
    assert len(with_tail) >= 1
    for row in with_tail.itertuples():
        assert "subscriber" not in row.text.lower()
        assert "subscri" in row.removed.lower()


# ----------------------------------------------------------------- fuzz: only our errors escape

front_matter_text = st.text(alphabet=string.printable + "éü“”—", max_size=200)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    event_yaml=st.one_of(st.none(), front_matter_text),
    article=st.one_of(st.binary(max_size=300), front_matter_text.map(str.encode)),
    suffix=st.sampled_from([".md", ".txt", ".json", ".csv", ".jsonl", ".html"]),
    truncate=st.integers(min_value=0, max_value=400),
)
def test_fuzz_folder_inputs_raise_only_workbench_errors(
    tmp_path_factory: pytest.TempPathFactory,
    event_yaml: str | None,
    article: bytes,
    suffix: str,
    truncate: int,
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    if event_yaml is not None:
        (folder / "event.yaml").write_text(event_yaml, encoding="utf-8")
    (folder / f"a{suffix}").write_bytes(article)
    good = json.dumps([{"source": "S", "text": "A valid story about a bridge."}]).encode()
    (folder / "b.json").write_bytes(good[: truncate or None])
    for errors in ("raise", "skip"):
        try:
            event = load_event(folder, errors=errors)
        except WorkbenchError:
            continue
        assert len(event.report) >= 1
