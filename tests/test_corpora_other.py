"""The control and dairy-tariff teaching corpora agree with their own annotations.

These tests read the files directly with PyYAML (not through ``workbench``), so they check
the corpora themselves: schemas from ``corpora/README.md``, quotes and figures that can be
found in the text, complete annotations, word counts, and the properties each event is
meant to teach (agreement for the control event, disagreement for the dairy tariff).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from workbench.framing import FRAMES as MFC_FRAMES

CORPORA = Path(__file__).resolve().parents[1] / "corpora"

#: Event folder -> allowed body length in words (inclusive).
WORD_RANGES = {
    "harbor-bridge-closure-2024": (300, 600),
    "dairy-tariff-2025": (400, 800),
}
EVENTS = list(WORD_RANGES)

FRAMES = set(MFC_FRAMES)
CLAIM_LABELS = {"agree", "disagree", "discuss", "absent"}
TARGET_KINDS = {"country", "person", "organisation", "process", "place", "group"}
ARTICLE_KINDS = {"news", "opinion", "statement", "analysis"}
FRONT_MATTER_KEYS = ("source", "title", "published", "author", "kind", "lean", "country")
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
#: A number as written in the text: digits, optional thousands separators, optional decimals.
NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d)")
QUOTED = re.compile(r'"([^"\n]+)"')


def read_article(path: Path) -> tuple[dict, str]:
    """Split an article file into its front matter (a dict) and its body."""
    raw = path.read_text(encoding="utf-8")
    assert raw.startswith("---\n"), f"{path}: no front matter"
    _, front, body = raw.split("---\n", 2)
    return yaml.safe_load(front), body.strip()


def load(event: str) -> dict:
    """Everything in one event folder, read with PyYAML."""
    folder = CORPORA / event
    articles = {
        path.stem: read_article(path) for path in sorted((folder / "articles").glob("*.md"))
    }
    return {
        "folder": folder,
        "event": yaml.safe_load((folder / "event.yaml").read_text(encoding="utf-8")),
        "annotations": yaml.safe_load((folder / "annotations.yaml").read_text(encoding="utf-8")),
        "articles": articles,
    }


@pytest.fixture(scope="module", params=EVENTS)
def corpus(request) -> dict:
    data = load(request.param)
    data["name"] = request.param
    return data


def article_cases() -> list[tuple[str, str]]:
    return [
        (event, path.stem)
        for event in EVENTS
        for path in sorted((CORPORA / event / "articles").glob("*.md"))
    ]


def number_forms(value: float) -> list[str]:
    """The ways *value* may be written: 12400 as 12400 or 12,400; 4.8 as 4.8."""
    if isinstance(value, int):
        return [str(value), f"{value:,}"]
    return [repr(value)]


def contains_number(body: str, value: float) -> bool:
    """Whether *value* is written in *body* as a whole number (4 does not match 24 or 4.8)."""
    forms = "|".join(re.escape(form) for form in number_forms(value))
    return re.search(rf"(?<![\w.,])(?:{forms})(?!\d|[.,]\d)", body) is not None


def numbers_in(body: str) -> list[float]:
    """Every number in *body* except calendar dates (12 March, July 1) and years."""
    found = []
    for match in NUMBER.finditer(body):
        token = match.group()
        is_day = re.match(rf" (?:{MONTHS})\b", body[match.end() :]) or re.search(
            rf"\b(?:{MONTHS}) $", body[: match.start()]
        )
        if is_day or re.fullmatch(r"(?:19|20)\d\d", token):
            continue
        found.append(float(token.replace(",", "")))
    return found


def test_number_helpers_on_a_tiny_text():
    body = 'Cracks in 4 of 24 bearings on 12 March 2024; "€4.8 million", 38,000 cars, 1 July.'
    assert numbers_in(body) == [4.0, 24.0, 4.8, 38000.0]
    assert contains_number(body, 38000)
    assert contains_number(body, 4.8)
    assert not contains_number(body, 2)
    assert not contains_number(body, 8)


# --- files and schemas ------------------------------------------------------------------


def test_every_file_parses_and_articles_match_annotations(corpus):
    folder = corpus["folder"]
    assert (folder / "README.md").is_file()
    assert set(corpus["annotations"]) >= {"articles", "content_units"}
    assert len(corpus["articles"]) == 5
    assert set(corpus["articles"]) == set(corpus["annotations"]["articles"])


def test_event_yaml_has_title_date_targets_and_claims(corpus):
    event = corpus["event"]
    assert event["title"] and event["description"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(event["date"]))
    assert 3 <= len(event["targets"]) <= 5
    assert 3 <= len(event["claims"]) <= 5
    for target in event["targets"]:
        assert SNAKE_CASE.match(target["id"]), target["id"]
        assert target["kind"] in TARGET_KINDS
        assert target["name"] and target["aliases"]
    for claim in event["claims"]:
        assert SNAKE_CASE.match(claim["id"]), claim["id"]
        assert claim["text"].endswith(".")


def test_front_matter_names_a_distinct_outlet_in_english(corpus):
    sources = []
    for article_id, (front, _) in corpus["articles"].items():
        missing = [key for key in FRONT_MATTER_KEYS if not front.get(key)]
        assert not missing, f"{article_id}: missing {missing}"
        assert front["language"] == "en"
        assert front["kind"] in ARTICLE_KINDS
        sources.append(front["source"])
    assert len(set(sources)) == len(sources)


@pytest.mark.parametrize(("event", "article_id"), article_cases())
def test_word_count_in_range(event, article_id):
    _, body = read_article(CORPORA / event / "articles" / f"{article_id}.md")
    low, high = WORD_RANGES[event]
    assert low <= len(body.split()) <= high


# --- annotations ------------------------------------------------------------------------


def test_every_article_has_stance_for_every_target_and_a_label_for_every_claim(corpus):
    target_ids = {target["id"] for target in corpus["event"]["targets"]}
    claim_ids = {claim["id"] for claim in corpus["event"]["claims"]}
    for article_id, note in corpus["annotations"]["articles"].items():
        assert set(note["stance"]) == target_ids, article_id
        assert all(isinstance(v, int) and -2 <= v <= 2 for v in note["stance"].values())
        assert set(note["claims"]) == claim_ids, article_id
        assert set(note["claims"].values()) <= CLAIM_LABELS, article_id
        assert 1 <= len(note["frames"]) <= 3 and set(note["frames"]) <= FRAMES, article_id


def test_shared_units_are_defined(corpus):
    units = corpus["annotations"]["content_units"]
    for article_id, note in corpus["annotations"]["articles"].items():
        assert set(note.get("shared", [])) <= set(units), article_id


def test_quotes_are_exact_and_complete(corpus):
    target_ids = {target["id"] for target in corpus["event"]["targets"]}
    for article_id, note in corpus["annotations"]["articles"].items():
        _, body = corpus["articles"][article_id]
        spans = QUOTED.findall(body)
        texts = [quote["text"] for quote in note["quotes"]]
        for quote in note["quotes"]:
            assert quote["text"] in body, f"{article_id}: {quote['text']!r}"
            assert any(quote["text"] in span for span in spans), f"{article_id}: not quoted"
            assert quote["speaker"] in target_ids or quote["speaker"] in body, quote["speaker"]
        for span in spans:
            assert any(text in span for text in texts), f"{article_id}: unannotated {span!r}"


def test_figures_appear_in_the_text_and_cover_every_number(corpus):
    for article_id, note in corpus["annotations"]["articles"].items():
        _, body = corpus["articles"][article_id]
        values = {float(figure["value"]) for figure in note["figures"]}
        for figure in note["figures"]:
            assert set(figure) == {"counts", "value", "unit"}
            assert contains_number(body, figure["value"]), f"{article_id}: {figure}"
        unannotated = set(numbers_in(body)) - values
        assert not unannotated, f"{article_id}: numbers without a figure {unannotated}"


# --- what each event teaches --------------------------------------------------------------


def test_control_event_sources_agree():
    data = load("harbor-bridge-closure-2024")
    notes = data["annotations"]["articles"]
    for target in data["event"]["targets"]:
        stances = [note["stance"][target["id"]] for note in notes.values()]
        assert max(stances) - min(stances) <= 1, target["id"]
        assert max(abs(s) for s in stances) <= 1, target["id"]
    labels = [label for note in notes.values() for label in note["claims"].values()]
    assert labels.count("agree") / len(labels) >= 0.9
    by_counts = defaultdict(set)
    for note in notes.values():
        for figure in note["figures"]:
            by_counts[figure["counts"]].add(figure["value"])
    assert all(len(values) == 1 for values in by_counts.values()), by_counts
    assert all(
        {"counts": "repair_cost", "value": 4.8, "unit": "EUR million"} in note["figures"]
        for note in notes.values()
    )


def test_dairy_event_figures_disagree_across_outlets():
    notes = load("dairy-tariff-2025")["annotations"]["articles"]
    by_counts = defaultdict(set)
    for note in notes.values():
        for figure in note["figures"]:
            by_counts[figure["counts"]].add(figure["value"])
    assert {3, 12} <= by_counts["price_rise"]
    assert by_counts["dairy_farms"] == {9000, 12400}
    assert by_counts["jobs_at_risk"] | by_counts["jobs_protected"] == {6000, 40000}


def test_dairy_event_orders_stance_toward_the_minister_and_valdria():
    notes = load("dairy-tariff-2025")["annotations"]["articles"]
    holm = {article_id: note["stance"]["holm"] for article_id, note in notes.items()}
    assert holm["norland-farmer"] > holm["financial-review"] > holm["northern-standard"]
    assert holm["northern-standard"] == min(holm.values())
    valdria = {article_id: note["stance"]["valdria"] for article_id, note in notes.items()}
    assert valdria["vri-world"] == 2 and valdria["norland-farmer"] == -2


@pytest.mark.parametrize(
    ("article_id", "label", "says_tariff"),
    [
        ("norland-farmer", "protection measure", False),
        ("shoppers-watch", "tax on breakfast", False),
        ("financial-review", "tariff", True),
        ("northern-standard", "levy", False),
        ("vri-world", "protectionism", True),
    ],
)
def test_dairy_outlets_use_their_own_label_for_the_policy(article_id, label, says_tariff):
    _, body = read_article(CORPORA / "dairy-tariff-2025" / "articles" / f"{article_id}.md")
    assert label in body.lower()
    assert ("tariff" in body.lower()) == says_tariff
