"""The HTML report: escaping, sentence highlighting, a hostile corpus, figure files."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from workbench.comparison import compare
from workbench.corpus import load_event
from workbench.report import (
    CONTENT_SECURITY_POLICY,
    Markup,
    element,
    escape,
    highlighted_text,
    report_html,
    write_report,
)

HOSTILE = Path(__file__).parent / "fixtures" / "hostile-event"

#: Strings of the hostile corpus that must reach the page as visible, literal text.
HOSTILE_STRINGS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '<a href="javascript:window.__pwned=1">click</a>',
    '"<b>quoted</b>" he said',
    '</div><div onclick="window.__pwned=1">',
    "{{ template }}",
    "${window.__pwned=1}",
    "$5 million to $6 million",
    'The "Quoted" & <b>Bold</b> Post',
]


class _Page(HTMLParser):
    """Everything a browser would act on: tags, attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


def _parse(document: str) -> _Page:
    page = _Page()
    page.feed(document)
    page.close()
    return page


@pytest.fixture(scope="module")
def hostile_comparison():
    return compare(load_event(HOSTILE))


@pytest.fixture(scope="module")
def hostile_page(hostile_comparison) -> _Page:
    return _parse(report_html(hostile_comparison))


def test_escape_turns_markup_into_text_and_keeps_markup_objects():
    assert escape('<b class="x">it\'s & more</b>') == (
        "&lt;b class=&quot;x&quot;&gt;it&#x27;s &amp; more&lt;/b&gt;"
    )
    assert escape(Markup("<br>")) == "<br>"
    assert escape(None) == ""
    assert escape(3) == "3"


def test_element_escapes_children_and_attribute_values():
    made = element(
        "p",
        "<i>a</i>",
        element("span", "b"),
        None,
        ["c", ["&"]],
        class_='x" onclick="y',
        aria_label="l",
        hidden=True,
        title=None,
    )
    assert made == (
        '<p class="x&quot; onclick=&quot;y" aria-label="l" hidden>'
        "&lt;i&gt;a&lt;/i&gt;<span>b</span>c&amp;</p>"
    )
    assert isinstance(made, Markup)


def test_highlighted_text_wraps_sentences_and_quoted_words():
    text = 'He said "no way" today. Others <agree>.'
    sentences = pd.DataFrame({"sentence_id": ["a:1", "a:0"], "start": [24, 0], "end": [39, 23]})
    made = highlighted_text(text, sentences, kinds={"a:0": ("shared", "unit u1")}, quotes=[(9, 15)])
    assert made == (
        '<span class="sentence shared" id="s-a:0" title="unit u1">He said &quot;'
        '<span class="quote">no way</span>&quot; today.</span> '
        '<span class="sentence unique" id="s-a:1">Others &lt;agree&gt;.</span>'
    )


def test_highlighted_text_splits_a_quote_across_two_sentences():
    text = '"One. Two" end'
    sentences = pd.DataFrame({"sentence_id": ["x:0", "x:1"], "start": [0, 6], "end": [5, 14]})
    made = highlighted_text(text, sentences, quotes=[(1, 9)])
    assert made == (
        '<span class="sentence unique" id="s-x:0">&quot;<span class="quote">One.</span></span> '
        '<span class="sentence unique" id="s-x:1"><span class="quote">Two</span>'
        "&quot; end</span>"
    )


def test_report_of_hostile_corpus_has_no_active_content(hostile_page):
    assert "script" not in hostile_page.tags
    for tag in ("b", "i", "iframe", "object", "embed", "form", "base", "link"):
        assert tag not in hostile_page.tags
    handlers = [(tag, name) for tag, name, _ in hostile_page.attributes if name.startswith("on")]
    assert handlers == []
    links = [value for tag, name, value in hostile_page.attributes if name == "href"]
    assert links and all(link.startswith("#") for link in links)
    images = [
        value for tag, name, value in hostile_page.attributes if tag == "img" and name == "src"
    ]
    assert images and all(src.startswith("data:image/png;base64,") for src in images)


def test_report_of_hostile_corpus_shows_every_hostile_string_as_text(hostile_page):
    for hostile in HOSTILE_STRINGS:
        assert hostile in hostile_page.text, hostile


def test_report_names_every_source_and_section(hostile_comparison, hostile_page):
    for source in hostile_comparison.sources:
        assert source in hostile_page.text
    for title in ("Overview", "Side by side", "Word choice", "Stance", "Framing", "Methods"):
        assert title in hostile_page.text


def test_report_forbids_scripts_and_remote_content(hostile_page):
    policies = [
        value
        for tag, name, value in hostile_page.attributes
        if tag == "meta" and name == "content" and "default-src" in value
    ]
    assert policies == [CONTENT_SECURITY_POLICY]
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY
    assert "script-src" not in CONTENT_SECURITY_POLICY


def test_every_sentence_can_be_reached_from_its_evidence(hostile_comparison, hostile_page):
    ids = {value for _, name, value in hostile_page.attributes if name == "id"}
    assert {f"s-{sid}" for sid in hostile_comparison.sentences["sentence_id"]} <= ids
    targets = {value[1:] for _, name, value in hostile_page.attributes if name == "href"}
    assert targets <= ids


def test_write_report_writes_the_page_and_the_figures(hostile_comparison, tmp_path):
    path = write_report(
        hostile_comparison,
        tmp_path / "out" / "report.html",
        figures_dir=tmp_path / "figs",
        formats=("svg",),
    )
    assert path == tmp_path / "out" / "report.html"
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    written = sorted((tmp_path / "figs").iterdir())
    assert written and all(file.suffix == ".svg" for file in written)
    assert (tmp_path / "figs" / "similarity_heatmap.svg") in written


def test_write_report_rejects_what_it_cannot_read(tmp_path):
    with pytest.raises(TypeError, match="Event, a Comparison or the path"):
        write_report(42, tmp_path / "r.html")


def test_stance_cells_list_the_claim_positions_behind_them():
    """Orbita News asserts the military-meeting claim, which bears on Russia: the Russia
    cell says so under its evidence, with the claim's text."""
    demo = compare(load_event(Path(__file__).parents[1] / "corpora" / "sumy-strike-2025"))
    page = report_html(demo)
    claim = demo.event.claims.set_index("claim_id").loc["military_meeting", "text"]
    assert f"asserts the claim “{escape(claim)}”" in page
    assert "positions on claims (" in page
    # then its score and what the claim says about Russia, without the claim's id
    bears = escape("the claim takes the target's side (bearing +1)")
    assert f"asserts the claim “{escape(claim)}” · score +1.00 · {bears}" in page
    assert "military_meeting" not in page


def test_stance_evidence_says_why_a_groups_hardship_counts_as_sympathy():
    """On the bridge event, Coastline TV News writes that drivers "face longer journeys":
    the commuters' cell lists that sentence with its positive score and why it is positive."""
    bridge = compare(
        load_event(Path(__file__).parents[1] / "corpora" / "harbor-bridge-closure-2024")
    )
    evidence = bridge.stance_evidence("Coastline TV News", "commuters")
    suffering = evidence[evidence["reading"].str.startswith("hardship of a group")]
    assert len(suffering) > 0 and (suffering["score"] > 0).all()
    page = report_html(bridge)
    stance = page[page.index('id="stance"') :]
    items = stance.split("<li>")
    for row in suffering.itertuples():
        # an evidence item of the sentence (its link) carries its score and reading, escaped
        mine = [item for item in items if f'href="#s-{row.sentence_id}"' in item]
        assert any(
            escape(row.reading) in item and f"score +{row.score:.2f}" in item for item in mine
        )
