"""The demo corpus ``corpora/sumy-strike-2025``: its files parse and its annotations match
the articles.

These tests read the files directly with ``yaml`` (not through workbench code), so they
check the corpus itself: every annotated quote is in its article, every figure is written
there in digits, every id points to a target or claim of the event.
"""

from __future__ import annotations

import datetime
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from workbench.framing import FRAMES as MFC_FRAMES

EVENT_DIR = Path(__file__).resolve().parents[1] / "corpora" / "sumy-strike-2025"
ARTICLE_DIR = EVENT_DIR / "articles"

ARTICLE_IDS = [
    "northline-wire",
    "khreshchatyk-daily",
    "orbita-news",
    "american-standard",
    "hanseatic-tribune",
    "equilibrium-review",
    "frontline-care-alliance",
]
REQUIRED_TARGETS = {
    "russia",
    "ukraine",
    "putin",
    "zelensky",
    "trump",
    "witkoff",
    "us_russia_talks",
    "eu",
}
TARGET_KINDS = {"country", "person", "organisation", "process", "place", "group"}
CLAIM_LABELS = {"agree", "disagree", "discuss", "absent"}
FRAMES = set(MFC_FRAMES)
ARTICLE_KINDS = {"news", "opinion", "statement", "analysis"}
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n(.*)\Z", re.DOTALL)
QUOTED = re.compile(r'"([^"\n]*)"')
PAYWALL_MARKER = "subscri"


@cache
def event_file() -> dict[str, Any]:
    return yaml.safe_load((EVENT_DIR / "event.yaml").read_text(encoding="utf-8"))


@cache
def annotations_file() -> dict[str, Any]:
    return yaml.safe_load((EVENT_DIR / "annotations.yaml").read_text(encoding="utf-8"))


@cache
def article(article_id: str) -> tuple[dict[str, Any], str]:
    """Front matter (parsed) and Markdown body of one article file."""
    text = (ARTICLE_DIR / f"{article_id}.md").read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    assert match, f"{article_id}.md does not start with a '---' front matter block"
    return yaml.safe_load(match.group(1)), match.group(2)


def body(article_id: str) -> str:
    return article(article_id)[1]


def annotation(article_id: str) -> dict[str, Any]:
    return annotations_file()["articles"][article_id]


def target_ids() -> set[str]:
    return {target["id"] for target in event_file()["targets"]}


def claim_ids() -> set[str]:
    return {claim["id"] for claim in event_file()["claims"]}


def mentions(text: str, alias: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text) is not None


def word_count(article_id: str) -> int:
    return len(body(article_id).split())


# ------------------------------------------------------------------------------ the files


def test_folder_holds_exactly_the_seven_articles() -> None:
    assert sorted(path.stem for path in ARTICLE_DIR.glob("*.md")) == sorted(ARTICLE_IDS)
    assert sorted(annotations_file()["articles"]) == sorted(ARTICLE_IDS)


def test_event_yaml_names_the_event_its_targets_and_claims() -> None:
    event = event_file()
    assert event["title"].strip()
    assert event["date"] == datetime.date(2025, 4, 13)
    assert event["description"].strip()
    assert REQUIRED_TARGETS <= target_ids()
    assert len(target_ids()) == len(event["targets"]), "target ids must be unique"
    for target in event["targets"]:
        assert SNAKE_CASE.match(target["id"]), target["id"]
        assert target["kind"] in TARGET_KINDS, target
        assert target["name"].strip()
        assert target["aliases"] and all(isinstance(alias, str) for alias in target["aliases"])
    assert 5 <= len(event["claims"]) <= 7
    assert len(claim_ids()) == len(event["claims"]), "claim ids must be unique"
    for claim in event["claims"]:
        assert SNAKE_CASE.match(claim["id"]), claim["id"]
        assert claim["text"].strip().endswith(".")


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_front_matter_has_the_teaching_corpus_fields(article_id: str) -> None:
    front, text = article(article_id)
    for key in ("source", "title", "published", "kind", "lean", "country", "language"):
        assert str(front.get(key) or "").strip(), f"{article_id}: front matter lacks {key!r}"
    assert front["kind"] in ARTICLE_KINDS
    assert front["language"] == "en"
    assert isinstance(front["published"], datetime.datetime)
    assert front["published"].tzinfo is not None
    assert front["published"].date() >= datetime.date(2025, 4, 13)
    assert text.strip()


def test_every_outlet_is_a_different_source_and_the_kinds_are_mixed() -> None:
    fronts = [article(article_id)[0] for article_id in ARTICLE_IDS]
    assert len({front["source"] for front in fronts}) == len(ARTICLE_IDS)
    kinds = [front["kind"] for front in fronts]
    assert kinds.count("opinion") == 1 and kinds.count("statement") == 1


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_word_count_is_between_400_and_900(article_id: str) -> None:
    assert 400 <= word_count(article_id) <= 900


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_article_reports_the_shared_core(article_id: str) -> None:
    text = body(article_id)
    assert "Sumy" in text
    assert "Palm Sunday" in text
    assert "missile" in text
    assert "civilian" in text or "people" in text


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_article_mentions_at_least_two_targets(article_id: str) -> None:
    text = body(article_id)
    mentioned = {
        target["id"]
        for target in event_file()["targets"]
        if any(mentions(text, alias) for alias in target["aliases"])
    }
    assert len(mentioned) >= 2, mentioned


def test_only_the_opinion_article_ends_in_a_paywall_tail() -> None:
    for article_id in ARTICLE_IDS:
        front, text = article(article_id)
        paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
        with_marker = [i for i, part in enumerate(paragraphs) if PAYWALL_MARKER in part.lower()]
        if front["kind"] != "opinion":
            assert with_marker == [], article_id
            continue
        assert paragraphs[-1] == "Subscribe"
        assert with_marker and min(with_marker) >= len(paragraphs) - 5
        tail = "\n".join(paragraphs[min(with_marker) - 1 :])
        assert "Join the discussion" in tail
        assert not QUOTED.search(tail)


# ------------------------------------------------------------------------ the annotations


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_stance_covers_every_target_on_the_five_point_scale(article_id: str) -> None:
    stance = annotation(article_id)["stance"]
    assert set(stance) == target_ids()
    assert all(isinstance(value, int) and -2 <= value <= 2 for value in stance.values())


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_claims_cover_every_claim_with_a_known_label(article_id: str) -> None:
    claims = annotation(article_id)["claims"]
    assert set(claims) == claim_ids()
    assert set(claims.values()) <= CLAIM_LABELS


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_frames_are_one_to_three_media_frames_ids(article_id: str) -> None:
    frames = annotation(article_id)["frames"]
    assert 1 <= len(frames) <= 3
    assert set(frames) <= FRAMES
    assert len(set(frames)) == len(frames)


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_annotated_quotes_are_exact_substrings_of_quoted_passages(article_id: str) -> None:
    text = body(article_id)
    passages = QUOTED.findall(text)
    quotes = annotation(article_id)["quotes"]
    assert quotes, f"{article_id} has no annotated quotes"
    for quote in quotes:
        assert quote["text"] in text, quote
        assert any(quote["text"] in passage for passage in passages), quote
        speaker = quote["speaker"]
        assert speaker in target_ids() or speaker in text, quote


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_quoted_passage_is_annotated(article_id: str) -> None:
    texts = [quote["text"] for quote in annotation(article_id)["quotes"]]
    for passage in QUOTED.findall(body(article_id)):
        assert any(quoted in passage for quoted in texts), passage


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_annotated_figures_are_written_in_digits(article_id: str) -> None:
    text = body(article_id)
    figures = annotation(article_id)["figures"]
    assert any(figure["counts"] == "killed" for figure in figures)
    for figure in figures:
        assert SNAKE_CASE.match(figure["counts"]), figure
        assert isinstance(figure["value"], (int, float)) and figure["unit"], figure
        digits = re.escape(f"{figure['value']:g}")
        assert re.search(rf"(?<![\d.,]){digits}(?![\d.,]\d|\d)", text), figure


def test_death_tolls_follow_the_hour_of_publication() -> None:
    killed = {
        article_id: [
            f["value"] for f in annotation(article_id)["figures"] if f["counts"] == "killed"
        ]
        for article_id in ARTICLE_IDS
    }
    assert killed["northline-wire"] == [32]
    assert killed["equilibrium-review"] == [35]
    for article_id in set(ARTICLE_IDS) - {"northline-wire", "equilibrium-review"}:
        assert killed[article_id] == [34], article_id


def test_content_units_are_reported_by_the_articles_that_list_them() -> None:
    units = annotations_file()["content_units"]
    assert 3 <= len(units) <= 6
    reporters: dict[str, list[str]] = {unit: [] for unit in units}
    for article_id in ARTICLE_IDS:
        for unit in annotation(article_id)["shared"]:
            assert unit in units, (article_id, unit)
            reporters[unit].append(article_id)
    assert sorted(reporters["strike_on_sumy"]) == sorted(ARTICLE_IDS)
    assert sorted(reporters["civilian_casualties"]) == sorted(ARTICLE_IDS)
    assert all(len(ids) >= 2 for ids in reporters.values()), reporters


@pytest.mark.parametrize(
    ("target_id", "ordering"),
    [
        (
            "russia",
            [
                "orbita-news",
                "american-standard",
                "northline-wire",
                "hanseatic-tribune",
            ],
        ),
        ("us_russia_talks", ["american-standard", "northline-wire", "equilibrium-review"]),
        (
            "trump",
            ["american-standard", "northline-wire", "equilibrium-review", "hanseatic-tribune"],
        ),
        ("zelensky", ["khreshchatyk-daily", "northline-wire", "american-standard", "orbita-news"]),
    ],
)
def test_stance_orderings_run_from_friendliest_to_most_hostile(
    target_id: str, ordering: list[str]
) -> None:
    values = [annotation(article_id)["stance"][target_id] for article_id in ordering]
    assert values == sorted(values, reverse=True)
    assert len(set(values)) == len(values), values


@pytest.mark.parametrize(
    ("claim_id", "label", "article_ids"),
    [
        ("military_meeting", "agree", ["orbita-news"]),
        ("human_shields", "agree", ["orbita-news"]),
        ("mistake", "agree", ["american-standard"]),
        ("war_crime", "agree", ["hanseatic-tribune", "khreshchatyk-daily"]),
    ],
)
def test_only_the_intended_outlets_assert_the_contested_claims(
    claim_id: str, label: str, article_ids: list[str]
) -> None:
    asserting = [a for a in ARTICLE_IDS if annotation(a)["claims"][claim_id] == label]
    assert sorted(asserting) == sorted(article_ids)
