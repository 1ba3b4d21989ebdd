"""Views show what their controls select, escape article text, and hide outlets when blind.

No browser: a test sets ``.value`` on a control (or clicks a button) and reads the table
the view now holds and the HTML it now shows.
"""

from __future__ import annotations

import ast
import html
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import pytest

from workbench import dashboards
from workbench.comparison import Comparison, compare
from workbench.corpus import load_event

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "sumy-strike-2025"


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    """The demo event, compared once for the whole module."""
    return compare(load_event(DEMO))


@pytest.fixture(scope="module")
def hostile() -> Comparison:
    """A tiny event whose every text field tries to inject markup."""
    articles = pd.DataFrame(
        {
            "source": ["<b>Evil</b> News", 'Good "Paper"'],
            "title": [
                "<script>alert(1)</script> Bridge to close",
                "Bridge <img src=x onerror=alert(1)> closes on Monday",
            ],
            "author": ["<script>alert(2)</script>", "Staff reporter"],
            "url": ["javascript:alert(1)", "https://good.example.com/bridge"],
            "kind": ["<i>news</i>", "news"],
            "text": [
                "The mayor said <script>alert(1)</script> the old bridge will close on Monday. "
                'Residents were angry about the closure, "a disgrace <img src=x '
                'onerror=alert(1)>" one said.\n\nThe mayor said repairs cost 4 million.',
                "Officials <img src=x onerror=alert(1)> confirmed the old bridge will close on "
                'Monday. "It is unsafe," the mayor said. Click <a href="javascript:alert(1)">'
                "here</a> now.\n\nThe mayor said repairs cost 5 million.",
            ],
        }
    )
    event = load_event(
        articles,
        title="<script>alert('title')</script>",
        targets=[
            {
                "id": "mayor",
                "name": "The <i>mayor</i>",
                "kind": "person",
                "aliases": ["mayor", "<b>mayor</b>"],
            }
        ],
        claims=[{"id": "closes", "text": "The bridge <script>x</script> will close."}],
    )
    return compare(event)


@pytest.fixture(scope="module")
def outlets() -> Comparison:
    """Two outlets whose names mix coined words with ordinary ones."""
    articles = pd.DataFrame(
        {
            "source": ["Frontline Care Alliance", "Orbita News"],
            "title": ["Alliance appalled by the strike", "Strike hit a meeting of commanders"],
            "author": ["Frontline Care Alliance press office", "Ivan Petrov"],
            "url": ["https://frontlinecare.example.org/sumy", "https://orbita.example.ru/strike"],
            "text": [
                "Frontline Care Alliance is appalled by the strike. The Alliance's teams give "
                "trauma care in frontline towns, where shelling is part of daily life.",
                "Orbita News reports that the strike hit commanders. The news cycle moved on. "
                "Moscow is building an alliance of friendly states.",
            ],
        }
    )
    return compare(load_event(articles, title="Strike"))


def walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """The widget and every widget inside it."""
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def html_values(widget: widgets.Widget) -> list[str]:
    return [w.value for w in walk(widget) if isinstance(w, widgets.HTML | widgets.HTMLMath)]


def shown_text(widget: widgets.Widget) -> list[str]:
    """Every string a reader can see: the text and tooltips of HTML, labels, button
    captions and tooltips, tab and accordion titles."""
    texts = []
    for value in html_values(widget):
        markup = audit([value])
        texts += ["".join(markup.text), *markup.titles]
    for w in walk(widget):
        if isinstance(w, widgets.Label):
            texts += [w.value, w.tooltip or ""]
        if isinstance(w, widgets.Button):
            texts += [w.description, w.tooltip or ""]
        if isinstance(w, widgets.Accordion | widgets.Tab):
            texts += list(w.titles)
    return texts


#: The markup the views write themselves; anything else came from an article.
ALLOWED_TAGS = {
    "style",
    "div",
    "p",
    "span",
    "a",
    "b",
    "i",
    "br",
    "mark",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "table",
    "tr",
    "th",
    "td",
    "details",
    "summary",
}
ALLOWED_ATTRIBUTES = {"id", "class", "title", "href", "style"}


class MarkupAudit(HTMLParser):
    """Collect the tags, attributes and text of an HTML string as a browser parses it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self.titles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            self.attributes.add(name)
            if name == "href":
                self.hrefs.append(value or "")
            if name == "title":
                self.titles.append(value or "")

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if not self._in_style:
            self.text.append(data)


def audit(values: list[str]) -> MarkupAudit:
    parser = MarkupAudit()
    for value in values:
        parser.feed(value)
        parser.close()
    return parser


def sources_of(comparison: Comparison, article_ids) -> set[str]:
    articles = comparison.articles.set_index("article_id")
    return set(articles.loc[list(article_ids), "source"])


# ---------------------------------------------------------------------------- reader
def test_reader_shows_the_chosen_sources(comparison):
    view = dashboards.ReaderView(comparison)
    first = set(view.table["article_id"])
    chosen = tuple(comparison.sources[-2:])
    view.sources.value = chosen
    assert view.error is None
    assert sources_of(comparison, view.table["article_id"]) == set(chosen)
    assert set(view.table["article_id"]) != first
    assert len(view.columns.children) == 2
    shown = comparison.sentences[comparison.sentences["source"].isin(chosen)]
    assert len(view.table) == len(shown)


def test_reader_marks_sentences_and_links_aligned_ones(comparison):
    view = dashboards.ReaderView(comparison, sources=comparison.sources[:4])
    table = view.table
    assert (
        table["anchor"]
        == [f"s-{a}-{i}" for a, i in zip(table["article_id"], table["sentence_index"])]
    ).all()
    shared = table[table["classes"].map(lambda c: "wb-shared" in c)]
    unique = table[table["classes"].map(lambda c: "wb-unique" in c)]
    assert len(shared) and len(unique)
    assert (shared["n_sources"] >= 2).all() and (unique["n_sources"] == 1).all()
    assert shared["tooltip"].str.contains(r"shared with \d+ other source").all()
    quoted = table[table["classes"].map(lambda c: "wb-quote" in c)]
    assert quoted["tooltip"].str.contains("quote: |reported speech: ").all()
    quotes = comparison.quotes
    for row in quoted.itertuples():
        own = quotes[quotes["article_id"] == row.article_id]
        assert ((own["start"] < row.end) & (own["end"] > row.start)).any()
    stance = table[table["classes"].map(lambda c: "wb-stance" in c)]
    assert len(stance)
    assert stance["tooltip"].str.contains(r"stance toward .+ [+−]\d\.\d").all()
    framed = table[table["classes"].map(lambda c: "wb-frame" in c)]
    assert len(framed) and framed["tooltip"].str.contains("frame: ").all()
    # every link goes to a sentence of another shown column that reports the same unit
    present = comparison.coverage[comparison.coverage["present"]]
    reports = {
        (sid, unit) for unit, ids in zip(present["unit_id"], present["sentence_ids"]) for sid in ids
    }
    anchors = table.set_index("anchor")
    linked = table[table["links"].map(len) > 0]
    assert len(linked)
    for row in linked.itertuples():
        units = {unit for sid, unit in reports if sid == row.sentence_id} or {row.unit_id}
        for target in row.links:
            assert anchors.loc[target, "article_id"] != row.article_id
            assert any((anchors.loc[target, "sentence_id"], unit) in reports for unit in units)
    page = "".join(html_values(view))
    assert all(f'id="{anchor}"' in page for anchor in table["anchor"])
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(href.startswith("#s-") for href in hrefs)


def test_blind_reader_uses_anchors_that_do_not_spell_the_outlet(comparison):
    view = dashboards.ReaderView(comparison, mask=dashboards.OutletMask(comparison))
    assert view.table["anchor"].str.fullmatch(r"s-article\d+-\d+").all()
    headings = re.findall(r"<h4>(.*?)</h4>", "".join(html_values(view.columns)))
    assert headings and all(re.fullmatch(r"Source [A-Z]", h) for h in headings)


def test_reader_shows_at_most_four_columns_and_says_so(comparison):
    view = dashboards.ReaderView(comparison)
    view.sources.value = tuple(comparison.sources[:6])
    assert len(view.columns.children) == 4
    assert "first four" in view.note.value


def test_reader_highlight_choice_limits_the_classes(comparison):
    view = dashboards.ReaderView(comparison)
    view.highlight.value = ("quote",)
    classes = {c for cs in view.table["classes"] for c in cs}
    assert classes == {"wb-quote"}


# ----------------------------------------------------------------------- word choice
def test_word_choice_follows_the_source(comparison):
    view = dashboards.WordChoiceView(comparison)
    before = view.table["term"].head(5).tolist()
    view.source.value = comparison.sources[-1]
    assert view.error is None
    assert view.table["term"].head(5).tolist() != before
    expected = comparison.distinctive_terms(comparison.sources[-1])
    assert view.table["term"].tolist() == expected["term"].tolist()
    assert list(view.term.options) == expected[expected["z"] > 0]["term"].head(15).tolist()


def test_word_choice_chart_has_a_bar_per_top_term(comparison):
    view = dashboards.WordChoiceView(comparison)
    view.against.value = comparison.sources[-1]
    assert view.error is None
    expected = comparison.distinctive_terms(view.source.value, comparison.sources[-1])
    top = expected[expected["z"] > 0].head(view.n_terms)
    bars = audit([view.chart.value])
    assert view.chart.value.count('class="wb-bar"') == len(top) > 0
    assert [t for t in bars.text if t in set(top["term"])] == list(top["term"])
    widths = [int(w) for w in re.findall(r"width: (\d+)px", view.chart.value)]
    assert widths == sorted(widths, reverse=True) and widths[0] == 320
    assert f"against {comparison.sources[-1]}" in view.chart.value


def test_word_choice_term_shows_its_contexts(comparison):
    view = dashboards.WordChoiceView(comparison)
    term = view.term.options[1]
    view.term.value = term
    expected = comparison.keyword_in_context(term)
    assert len(view.kwic) == len(expected) > 0
    assert set(view.kwic["match"].str.lower()) == {term}
    assert view.kwic_html.value.count("<tr>") == len(view.kwic) + 1


def test_word_choice_against_itself_shows_an_error(comparison):
    view = dashboards.WordChoiceView(comparison)
    view.against.value = view.source.value
    assert isinstance(view.error, ValueError)
    assert "another source" in view.errors.outputs[0]["text"]
    view.against.value = None
    assert view.error is None and view.errors.outputs == ()


def test_word_choice_labels_follow_the_target(comparison):
    view = dashboards.WordChoiceView(comparison)
    view.target.value = "ukraine"
    assert set(view.labels["target_id"]) == {"ukraine"}
    assert "kiev regime" in view.labels_html.value.lower()


# ---------------------------------------------------------------------------- stance
def test_stance_cell_shows_its_own_evidence(comparison):
    view = dashboards.StanceView(comparison)
    source = "Orbita News"
    view.select_cell(source, "ukraine")
    assert view.error is None and len(view.evidence) > 0
    sentences = comparison.sentences.set_index("sentence_id")
    assert set(sentences.loc[view.evidence["sentence_id"], "source"]) == {source}
    polarity = comparison.mention_polarity
    about = polarity[(polarity["source"] == source) & (polarity["target_id"] == "ukraine")]
    mentions = view.evidence[view.evidence["voice"] != "claim"]
    assert set(mentions["sentence_id"]) <= set(about["sentence_id"])
    positions = comparison.claim_positions
    mine = positions[(positions["source"] == source) & (positions["target_id"] == "ukraine")]
    claimed = view.evidence[view.evidence["voice"] == "claim"]
    assert len(claimed) > 0
    assert set(claimed["sentence_id"]) <= set(mine["sentence_id"])
    assert view.detail.value.count("<tr>") == len(view.evidence) + 1
    # Orbita News asserts that the strike hit a meeting of Ukrainian commanders: the badge
    # says what it does with the claim, the reading what the claim says about Ukraine
    assert "claim: asserts “The strike hit a meeting of Ukrainian" in view.detail.value
    meeting = claimed[claimed["claim_id"] == "military_meeting"]
    assert meeting["reading"].tolist() == ["the claim goes against the target (bearing -1)"]
    assert "the claim goes against the target (bearing -1)</td>" in view.detail.value
    assert "military_meeting" not in view.detail.value


def test_stance_headers_show_whole_target_names(comparison):
    """Long names wrap instead of being cut ("Volodymyr Zelensk..."), and are escaped."""
    view = dashboards.StanceView(comparison)
    n = len(comparison.event.targets)
    headers = view.stance_cells.children[1 : n + 1]
    names = list(comparison.event.targets["name"])
    assert all(name in header.value for name, header in zip(names, headers))
    assert all("white-space: normal" in header.value for header in headers)


def test_clicking_a_stance_button_selects_its_cell(comparison):
    view = dashboards.StanceView(comparison)
    source = comparison.sources[0]
    view.buttons[(source, "russia")].click()
    assert view.selected == ("stance", source, "russia")
    assert set(view.evidence["source"]) == {source}
    assert set(view.evidence["target_id"]) == {"russia"}


def test_stance_voice_recolours_the_grid_and_filters_evidence(comparison):
    view = dashboards.StanceView(comparison)
    source = "Khreshchatyk Daily"
    view.select_cell(source, "russia")
    view.voice.value = "quoted"
    assert set(view.table["voice"]) == {"quoted"}
    assert set(view.evidence["voice"]) <= {"quoted"}
    row = view.table[(view.table["source"] == source) & (view.table["target_id"] == "russia")]
    expected = "–" if pd.isna(row["stance"].iloc[0]) else f"{row['stance'].iloc[0]:+.2f}"
    assert view.buttons[(source, "russia")].description.replace("−", "-").rstrip("*") == expected


def test_stance_evidence_says_why_a_groups_hardship_counts_as_sympathy():
    """On the bridge event, Coastline TV News writes that drivers "face longer journeys":
    the model reads the commuters negatively, the sufferer rule turns that round, and the
    evidence row of that sentence says so next to its positive score."""
    bridge = compare(load_event(ROOT / "corpora" / "harbor-bridge-closure-2024"))
    source, target = "Coastline TV News", "commuters"
    mentions = bridge.mention_polarity
    suffering = mentions[
        (mentions["source"] == source)
        & (mentions["target_id"] == target)
        & mentions["suffers"]
        & (mentions["p_negative"] > mentions["p_positive"])
    ]
    assert len(suffering) > 0
    view = dashboards.StanceView(bridge)
    view.buttons[(source, target)].click()
    assert view.error is None
    rows = view.evidence.set_index("sentence_id").loc[suffering["sentence_id"]]
    assert (rows["score"] > 0).all()
    phrase = "hardship of a group: read as sympathy"
    assert rows["reading"].str.startswith(phrase).all()
    # shown, escaped, in the row of its sentence
    shown = [row for row in view.detail.value.split("<tr>") if html.escape(phrase) in row]
    assert len(shown) == len(rows)
    for reading, sentence, row in zip(rows["reading"], rows["sentence"], shown):
        assert html.escape(reading, quote=True) in row
        assert html.escape(sentence[-30:], quote=True) in row  # its start holds the mark
    assert "why this score" in view.detail.value


def test_claim_cell_shows_the_claim_evidence(comparison):
    view = dashboards.StanceView(comparison)
    source = "Orbita News"
    view.claim_buttons[(source, "human_shields")].click()
    assert view.error is None
    assert view.selected == ("claim", source, "human_shields")
    sentences = comparison.sentences.set_index("sentence_id")
    assert set(sentences.loc[view.evidence["sentence_id"], "source"]) == {source}
    assert set(view.evidence["voice"]) <= {"authorial", "quoted", "reported"}


# --------------------------------------------------------------------------- framing
def test_framing_evidence_follows_frame_and_source(comparison):
    view = dashboards.FramingView(comparison)
    view.source.value = "Frontline Care Alliance"
    view.frame.value = "health_safety"
    assert view.error is None and len(view.evidence)
    assert set(view.evidence["source"]) == {"Frontline Care Alliance"}
    assert set(view.evidence["frame"]) == {"health_safety"}
    assert "<mark" in view.detail.value
    assert set(view.topics.columns) == set(comparison.sources)


# -------------------------------------------------------------------------- sourcing
def test_sourcing_lists_the_quotes_of_the_chosen_source(comparison):
    view = dashboards.SourcingView(comparison)
    view.source.value = "Northline Wire"
    assert view.error is None
    assert set(view.table["source"]) == {"Northline Wire"}
    assert len(view.table) == int((comparison.quotes["source"] == "Northline Wire").sum())
    assert view.speakers.to_numpy().sum() == len(comparison.quotes)


def test_sourcing_figure_evidence_matches_the_disagreement(comparison):
    view = dashboards.SourcingView(comparison)
    disagreements = comparison.number_disagreements
    assert len(view.quantity.options) == len(disagreements)
    view.quantity.value = len(disagreements) - 1
    row = disagreements.iloc[-1]
    assert set(view.evidence["figure_id"]) == set(row["figure_ids"])
    assert set(zip(view.evidence["source"], view.evidence["value"])) == set(row["values"])


# ------------------------------------------------------------------------- bias lens
@pytest.mark.parametrize("lens", list(dashboards.LENSES))
def test_every_bias_lens_has_a_definition_and_evidence(comparison, lens):
    view = dashboards.BiasLensView(comparison)
    view.lens.value = lens
    assert view.error is None
    assert html.escape(dashboards.LENSES[lens][1]) in view.definition.value
    assert len(view.table) > 0
    assert set(view.table["lens"]) == {lens}
    view.source.value = comparison.sources[0]
    assert set(view.table["source"]) <= {comparison.sources[0]}
    expected = dashboards.bias_lens(comparison, lens, source=comparison.sources[0])
    pd.testing.assert_frame_equal(view.table, expected, check_dtype=False)  # empty: object


@pytest.mark.parametrize("lens", list(dashboards.LENSES))
def test_every_bias_lens_works_on_an_event_without_targets(outlets, lens):
    """Articles brought without event.yaml have no targets, so no labels: the word-choice
    lens once failed there (an empty list of flags selected no columns)."""
    assert len(outlets.event.targets) == 0
    view = dashboards.BiasLensView(outlets)
    view.lens.value = lens
    assert view.error is None
    assert set(view.table["lens"]) <= {lens}


def test_omission_lens_lists_what_a_source_leaves_out(comparison):
    table = dashboards.bias_lens(comparison, "omission")
    omitted = comparison.omitted_content
    assert len(table) == len(omitted.groupby("source").head(5)) > 0
    for source in comparison.sources:
        expected = omitted[omitted["source"] == source]["text"].head(5)
        assert list(table[table["source"] == source]["text"]) == list(expected)


def test_placement_lens_quotes_the_sources_own_sentence(comparison):
    table = dashboards.bias_lens(comparison, "placement")
    assert len(table) > 0
    sentences = comparison.sentences.set_index(["article_id", "sentence_index"])
    for row in table.itertuples():
        sentence = sentences.loc[(row.article_id, row.sentence_index)]
        assert sentence["source"] == row.source
        assert sentence["text"] == row.text
        assert re.search(r"\d+% into the article", row.why)


def test_spin_lens_shows_the_style_evidence_of_loaded_words(comparison):
    source = "Khreshchatyk Daily"
    table = dashboards.bias_lens(comparison, "spin", source=source)
    loaded = table[table["why"].str.startswith("loaded")]
    expected = comparison.style_evidence(source, "loaded", n=5)
    assert list(loaded["text"][: len(expected)]) == list(expected["text"])
    for why, cues in zip(loaded["why"], expected["cues"]):
        assert all(cue in why for cue in cues)


# ------------------------------------------------------------------------- classroom
def telltales(comparison: Comparison) -> list[re.Pattern[str]]:
    """What blind mode must never show.

    Outlet and author names in any case; each word of four letters or more of an
    outlet's name where it is used as a name — capitalised or in capitals, and in any
    case when the event's texts never write it in lower case ("Orbita", but not the
    "care" of "trauma care" in "Frontline Care Alliance").
    """
    texts = "\n".join([*comparison.sentences["text"], *comparison.articles["title"]])
    authors = [a for a in comparison.articles["author"].dropna() if "staff" not in a.lower()]
    patterns = [
        re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        for name in [*comparison.sources, *authors]
    ]
    words = {w for s in comparison.sources for w in re.findall(r"[^\W\d_]+", s) if len(w) >= 4}
    for word in words:
        ordinary = re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", texts)
        patterns.append(
            re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", 0 if ordinary else re.IGNORECASE)
        )
        patterns.append(re.compile(rf"(?<!\w){re.escape(word.upper())}(?!\w)"))
    return patterns


def assert_nothing_tells(comparison: Comparison, widget: widgets.Widget) -> None:
    patterns = telltales(comparison)
    for text in shown_text(widget):
        for pattern in patterns:
            assert not pattern.search(text), (pattern.pattern, text[:200])


def test_classroom_hides_every_outlet_until_reveal(comparison):
    view = dashboards.ClassroomView(comparison)
    assert_nothing_tells(comparison, view)
    assert "trauma care" in " ".join(shown_text(view))  # an ordinary word of a name stays
    assert view.answers.value == ""
    view.reveal_button.click()
    assert view.revealed and view.error is None
    page = "".join(html_values(view))
    assert all(source in page for source in comparison.sources)
    assert "state" in page  # Orbita News's lean
    assert "stance (−2…+2)" in page  # the annotations, next to
    assert "stance (−1…+1)" in page  # what the features found
    view.reveal_button.click()
    assert not view.revealed and view.answers.value == ""


def test_classroom_scores_the_guesses(comparison):
    view = dashboards.ClassroomView(comparison)
    view.outlet_guess["Orbita News"].value = "Orbita News"
    view.lean_guess["Orbita News"].value = "state"
    view.outlet_guess["Northline Wire"].value = "Orbita News"
    view.reveal()
    table = view.table.set_index("source")
    assert table.loc["Orbita News", "outlet_correct"]
    assert table.loc["Orbita News", "lean_correct"]
    assert not table.loc["Northline Wire", "outlet_correct"]
    assert "1 of 7 outlets guessed right" in view.answers.value


def test_exercises_come_from_the_tables(comparison):
    mask = dashboards.OutletMask(comparison)
    exercises = dashboards.exercise_prompts(comparison, mask)
    assert {"figures", "stance", "sourcing"} <= set(exercises["topic"])
    figures_row = exercises[exercises["topic"] == "figures"].iloc[0]
    top = comparison.number_disagreements.iloc[0]
    assert f"{top['min_value']:g}" in figures_row["prompt"]
    for source, value in top["values"]:
        assert f"{mask.name(source)}: {value:g}" in figures_row["answer"]
    assert not any(source in " ".join(exercises["answer"]) for source in comparison.sources)


def test_blind_dashboard_masks_every_view(comparison):
    tab = dashboards.dashboard(comparison, blind=True)
    assert tab.titles[0] == "Classroom"
    assert not any("could not be built" in text for text in html_values(tab))
    assert_nothing_tells(comparison, tab)


def test_outlet_mask_replaces_names_authors_and_hosts(hostile):
    mask = dashboards.OutletMask(hostile)
    assert sorted(mask.names.values()) == ["Source A", "Source B"]
    # "Evil", "Good" and "Paper" are never written in lower case here: coined names
    assert mask.text("EVIL news and good paper, evil, Paper's") == (
        "[outlet] and [outlet], [outlet], [outlet]'s"
    )
    assert mask.text("see good.example.com today") == "see [outlet] today"
    assert mask.text("The staff reporter met the mayor") == "The staff reporter met the mayor"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("frontline care alliance says", "[outlet] says"),  # the full name, any case
        ("FRONTLINE CARE ALLIANCE", "[outlet]"),
        ("Care and Frontline doctors", "[outlet] and [outlet] doctors"),  # capitalised
        ("The Alliance's teams", "The [outlet]'s teams"),  # possessive
        ("the care's cost", "the [outlet]'s cost"),
        ("FCA staff arrived", "[outlet] staff arrived"),  # the acronym
        ("orbita and Orbita's report", "[outlet] and [outlet]'s report"),  # coined: any case
        ("as ivan petrov wrote", "as [outlet] wrote"),  # an author
        ("Petrov wrote", "[outlet] wrote"),
        ("see frontlinecare.example.org", "see [outlet]"),  # a web host
        ("News of the strike", "[outlet] of the strike"),  # capitalised, even first
    ],
)
def test_outlet_mask_hides_the_outlet_where_it_is_named(outlets, text, masked):
    assert dashboards.OutletMask(outlets).text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "trauma care in frontline towns, part of daily life",
        "the news cycle moved on",
        "an alliance of friendly states",  # "alliance" is an ordinary word in this event
        "caregivers and careful frontliners",
        "Staff reporter",
    ],
)
def test_outlet_mask_keeps_ordinary_words(outlets, text):
    assert dashboards.OutletMask(outlets).text(text) == text


@pytest.mark.parametrize(
    ("term", "telling"),
    [
        ("orbita", True),
        ("orbita news", True),
        ("care alliance", True),  # two successive words of a name
        ("frontline care", True),
        ("fca", True),
        ("petrov", True),
        ("care", False),
        ("trauma care", False),
        ("alliance", False),
        ("news cycle", False),
    ],
)
def test_outlet_mask_tells_which_terms_give_an_outlet_away(outlets, term, telling):
    assert dashboards.OutletMask(outlets).identifies(term) is telling


def test_outlet_mask_letters_depend_on_the_seed_only(outlets):
    first, again = dashboards.OutletMask(outlets, seed=3), dashboards.OutletMask(outlets, seed=3)
    assert first.names == again.names
    assert sorted(first.names.values()) == ["Source A", "Source B"]
    assert first.article(outlets.articles["article_id"].iloc[0]) == "article1"


#: The parts of the package that compute without widgets.
WIDGET_FREE = ("_mask", "_marks", "_lenses", "_exercises", "_html")


@pytest.mark.parametrize("name", WIDGET_FREE)
def test_masking_marks_and_lenses_import_no_widgets(name):
    tree = ast.parse((Path(dashboards.__file__).parent / f"{name}.py").read_text())
    imported = {
        a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names
    }
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not {m.split(".")[0] for m in imported} & {"ipywidgets", "IPython", "traitlets"}
    inside = {m.rsplit(".", 1)[1] for m in imported if m.startswith("workbench.dashboards.")}
    assert inside <= set(WIDGET_FREE)


@pytest.mark.parametrize("name", WIDGET_FREE)
def test_importing_a_widget_free_part_loads_no_widget_library(name):
    # A fresh interpreter: this test process has ipywidgets loaded already.
    code = (
        "import sys, workbench.dashboards\n"
        f"from workbench.dashboards import {name}\n"
        "loaded = sorted(m for m in ('ipywidgets', 'traitlets', 'IPython') if m in sys.modules)\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_every_public_name_resolves_to_its_own_module():
    for name in dashboards.__all__:
        value = getattr(dashboards, name)
        if hasattr(value, "__module__") and callable(value):
            assert value.__module__.startswith("workbench.dashboards._"), name
    with pytest.raises(AttributeError, match="no attribute 'NoSuchView'"):
        dashboards.NoSuchView  # noqa: B018


def test_public_names_are_pinned():
    assert sorted(dashboards.__all__) == sorted(
        [
            "READER_COLUMNS",
            "LENS_COLUMNS",
            "EXERCISE_COLUMNS",
            "LENSES",
            "LEAN_CHOICES",
            "OutletMask",
            "OverviewView",
            "ReaderView",
            "WordChoiceView",
            "StanceView",
            "FramingView",
            "SourcingView",
            "ClassroomView",
            "BiasLensView",
            "sentence_marks",
            "bias_lens",
            "exercise_prompts",
            "dashboard",
        ]
    )
    assert all(hasattr(dashboards, name) for name in dashboards.__all__)


# -------------------------------------------------------------------------- escaping
def test_no_view_lets_markup_from_articles_through(hostile):
    tab = dashboards.dashboard(hostile)
    assert not any("could not be built" in text for text in html_values(tab))
    page = "\n".join(html_values(tab))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the text is shown, escaped
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    markup = audit(html_values(tab))
    assert markup.tags <= ALLOWED_TAGS, markup.tags - ALLOWED_TAGS
    assert markup.attributes <= ALLOWED_ATTRIBUTES, markup.attributes - ALLOWED_ATTRIBUTES
    assert markup.hrefs and all(re.fullmatch(r"#s-[\w-]+-\d+", h) for h in markup.hrefs)
    text = "".join(markup.text)
    assert "<script>alert(1)</script>" in text  # a browser shows it as text
    assert 'Good "Paper"' in text


def test_classroom_view_escapes_article_text(hostile):
    view = dashboards.ClassroomView(hostile)
    view.reveal()
    markup = audit(html_values(view))
    assert markup.tags <= ALLOWED_TAGS and markup.attributes <= ALLOWED_ATTRIBUTES
    assert "<b>Evil</b> News" in "".join(markup.text)


# ------------------------------------------------------------------------- dashboard
def test_dashboard_loads_a_folder_and_titles_every_view():
    tab = dashboards.dashboard(DEMO)
    assert tab.titles == (
        "Overview",
        "Reader",
        "Word choice",
        "Stance",
        "Framing",
        "Sourcing",
        "Bias lens",
        "Classroom",
    )
    assert not any("could not be built" in text for text in html_values(tab))
    assert all(getattr(view, "error", None) is None for view in tab.children)


def test_overview_cards_follow_the_order(comparison):
    view = dashboards.OverviewView(comparison)
    assert len(view.cards.children) == len(comparison.sources)
    view.order.value = "n_words"
    assert list(view.table["n_words"]) == sorted(view.table["n_words"], reverse=True)
    first = view.table["source"].iloc[0]
    assert first in view.cards.children[0].value
    assert bytes(view.heatmap.value).startswith(b"\x89PNG")
    assert bytes(view.map.value).startswith(b"\x89PNG")
