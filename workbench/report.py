"""One self-contained HTML report of a comparison, for reading without Jupyter.

:func:`write_report` writes a single ``.html`` file with the views of the dashboards:
an overview (a card per source, the similarity heatmap, the source map), the articles side
by side with their sentences highlighted (shared, unique, quoted), word choice, stance
toward targets and claims with the evidence sentences under each cell, framing, coverage,
sourcing and numbers, a bias-types lens and a methods section that says what each number
is.

The file needs nothing but a browser: no network, no JavaScript. Figures are inlined as
PNG ``data:`` URIs (article-derived labels are pixels, never markup), every string from
the articles is escaped with :func:`html.escape`, and a Content-Security-Policy ``<meta>``
forbids scripts, external resources and plugins even if something slipped through.

HTML is built only through :func:`element` and :func:`escape`: text is escaped unless it
is already :class:`Markup` made by them, so no code path interpolates raw article text.
"""

from __future__ import annotations

import base64
import html
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.comparison import Comparison, compare
from workbench.event import Event
from workbench.stance import CLAIM_VERBS

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "Markup",
    "element",
    "escape",
    "highlighted_text",
    "report_html",
    "write_report",
]

#: The policy of every report: nothing loads but inline styles and ``data:`` images.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)

#: Sentences per stance cell and per claim cell shown under the cell.
N_EVIDENCE = 5

#: Distinctive terms listed per source.
N_TERMS = 12


# --------------------------------------------------------------------------- HTML building


class Markup(str):
    """HTML that is safe to insert as is: made by :func:`escape` or :func:`element`."""

    __slots__ = ()


def escape(value: object) -> Markup:
    """*value* as HTML text: :class:`Markup` passes unchanged, anything else is escaped.

    Parameters
    ----------
    value : object
        Text, a number or :class:`Markup`. ``None`` becomes the empty string.

    Returns
    -------
    Markup
        ``html.escape(str(value), quote=True)``, so ``<``, ``>``, ``&``, ``"`` and ``'``
        can neither open markup nor leave an attribute value.
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(html.escape(str(value), quote=True))


def _flatten(children: Iterable[Any]) -> Iterable[Any]:
    for child in children:
        if child is None or child is False:
            continue
        if isinstance(child, (list, tuple)) or (
            isinstance(child, Iterable) and not isinstance(child, (str, bytes))
        ):
            yield from _flatten(child)
        else:
            yield child


def element(tag: str, *children: Any, **attributes: Any) -> Markup:
    """One HTML element with escaped attributes and escaped text children.

    Parameters
    ----------
    tag : str
        The element name (a constant of this module, never article text).
    *children
        Text (escaped), :class:`Markup` (kept), or nested lists of them; ``None`` and
        ``False`` are left out.
    **attributes
        Attribute values, escaped with ``quote=True``. A trailing underscore is dropped
        (``class_``), other underscores become hyphens (``aria_label``); ``True`` writes
        the bare attribute, ``None`` and ``False`` leave it out.

    Returns
    -------
    Markup
    """
    parts = [tag]
    for name, value in attributes.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        parts.append(name if value is True else f'{name}="{escape(value)}"')
    inner = "".join(escape(child) for child in _flatten(children))
    return Markup(f"<{' '.join(parts)}>{inner}</{tag}>")


def _number(value: Any, digits: int = 2, *, signed: bool = False) -> str:
    """A number for display; ``–`` for a missing value."""
    if value is None:
        return "–"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(number):
        return "–"
    number = round(number, digits) + 0.0  # no "-0.00"
    shown = f"{number:+.{digits}f}" if signed else f"{number:.{digits}f}"
    return shown.replace("-", "−")


def _percent(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    return "–" if math.isnan(number) else f"{100 * number:.0f} %"


def _text(value: Any) -> str:
    """A cell value as plain text: tuples joined, pairs as ``name (count)``."""
    if value is None:
        return ""
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, (tuple, list)):
        items = []
        for item in value:
            if isinstance(item, (tuple, list)) and len(item) == 2:
                items.append(f"{item[0]} ({_text(item[1])})")
            else:
                items.append(_text(item))
        return ", ".join(items)
    return str(value)


def _cell(value: Any) -> Markup:
    """A ready ``<th>``/``<td>`` (made by :func:`element`) as is, anything else in a ``<td>``."""
    if isinstance(value, Markup) and value.startswith(("<td", "<th")):
        return value
    return element("td", value)


def _table(
    rows: Sequence[Sequence[Any]], headers: Sequence[Any], *, class_: str | None = None
) -> Markup:
    """A table; cells are text (escaped), :class:`Markup`, or ready ``<th>``/``<td>`` cells."""
    head = element(
        "thead", element("tr", [element("th", header, scope="col") for header in headers])
    )
    body = element("tbody", [element("tr", [_cell(cell) for cell in row]) for row in rows])
    return element("div", element("table", head, body, class_=class_), class_="table-wrap")


def _frame_table(
    frame: pd.DataFrame, columns: Sequence[str], *, formats: dict[str, Any] | None = None
) -> Markup:
    formats = formats or {}
    rows = [
        [formats.get(column, _text)(row[column]) for column in columns]
        for _, row in frame.iterrows()
    ]
    return _table(rows, columns)


def _frame_name(frame: Any) -> str:
    """The plain-language name of a Media Frames Corpus frame id."""
    from workbench.framing import FRAME_NAMES

    return FRAME_NAMES.get(str(frame), str(frame))


def _figure(figure: Any, caption: str) -> Markup:
    """A matplotlib figure as an inline PNG ``<img>`` with a caption.

    PNG, not inline SVG: labels taken from articles become pixels and can never be
    parsed as markup.
    """
    from workbench.figures import figure_png

    data = base64.b64encode(figure_png(figure, dpi=110)).decode("ascii")
    return element(
        "figure",
        Markup(f'<img src="data:image/png;base64,{data}" alt="{escape(caption)}">'),
        element("figcaption", caption),
    )


# --------------------------------------------------------------------------- evidence


class _Evidence:
    """Looks up sentences by id and renders them as evidence with a link to the reader."""

    def __init__(self, comparison: Comparison) -> None:
        sentences = comparison.sentences
        self.rows = {row.sentence_id: row for row in sentences.itertuples(index=False)}

    def item(self, sentence_id: str, *notes: str) -> Markup:
        row = self.rows.get(sentence_id)
        text = row.text if row is not None else sentence_id
        where = f"{row.source}, sentence {int(row.sentence_index) + 1}" if row is not None else ""
        note = " · ".join(part for part in (where, *notes) if part)
        return element(
            "li",
            element("q", text),
            " ",
            element("a", "↗ in text", href=f"#s-{sentence_id}", class_="jump"),
            element("span", note, class_="note") if note else None,
        )

    def items(self, sentence_ids: Iterable[str], *, limit: int = N_EVIDENCE) -> Markup:
        chosen = list(sentence_ids)[:limit]
        if not chosen:
            return element("p", "No sentence.", class_="note")
        return element("ol", [self.item(sentence_id) for sentence_id in chosen], class_="evidence")


# --------------------------------------------------------------------------- sections


def _header(comparison: Comparison) -> Markup:
    event = comparison.event
    n_articles = len(comparison.articles)
    facts = (
        f"{event.date} · " if event.date else ""
    ) + f"{n_articles} articles from {len(comparison.sources)} sources"
    nav = element(
        "nav",
        element(
            "ol",
            [element("li", element("a", title, href=f"#{anchor}")) for anchor, title in _SECTIONS],
        ),
        aria_label="Sections",
    )
    return element(
        "header",
        element("p", "workbench report", class_="kicker"),
        element("h1", event.title or "Untitled event"),
        element("p", facts, class_="facts"),
        element("p", event.description) if event.description else None,
        nav,
    )


_SECTIONS = [
    ("overview", "Overview"),
    ("reader", "Side by side"),
    ("words", "Word choice"),
    ("stance", "Stance"),
    ("framing", "Framing"),
    ("coverage", "Coverage"),
    ("sourcing", "Sourcing and numbers"),
    ("lens", "Bias types"),
    ("methods", "Methods"),
]


def _section(anchor: str, *children: Any) -> Markup:
    title = dict(_SECTIONS)[anchor]
    return element("section", element("h2", title), *children, id=anchor)


def _overview(comparison: Comparison, figures: dict[str, Markup]) -> Markup:
    summary = comparison.summary.set_index("source")
    first = comparison.articles.groupby("source", sort=False).first()
    cards = []
    for source in comparison.sources:
        row = summary.loc[source]
        meta = first.loc[source]
        profile = ", ".join(
            str(value)
            for value in (meta.get("kind"), meta.get("lean"), meta.get("country"))
            if isinstance(value, str) and value
        )
        facts = [
            ("Articles", _number(row["n_articles"], 0)),
            ("Words", _number(row["n_words"], 0)),
            ("Mean similarity to the others", _number(row["mean_similarity"])),
            ("Content only it reports", _number(row["n_unique_units"], 0)),
            ("Content all others have, it lacks", _number(row["n_omitted_units"], 0)),
            (
                "Quotes / speakers",
                f"{_number(row['n_quotes'], 0)} / {_number(row['n_speakers'], 0)}",
            ),
            ("Share of words quoted", _percent(row["share_quoted"])),
            ("Top frame", _frame_name(row["top_frame"])),
            ("Typical terms", _text(row["top_terms"])),
        ]
        cards.append(
            element(
                "article",
                element("h3", source),
                element("p", profile, class_="note") if profile else None,
                element(
                    "dl", [[element("dt", name), element("dd", value)] for name, value in facts]
                ),
                class_="card",
            )
        )
    similarity = comparison.source_similarity
    similarity_rows = [
        [element("th", source, scope="row")]
        + [_number(similarity.loc[source, other]) for other in similarity.columns]
        for source in similarity.index
    ]
    return _section(
        "overview",
        element("div", cards, class_="cards"),
        element(
            "div", figures.get("similarity_heatmap"), figures.get("source_map"), class_="figures"
        ),
        element("h3", "Source × source similarity"),
        _table(similarity_rows, ["", *similarity.columns]),
    )


def _sentence_classes(comparison: Comparison) -> dict[str, tuple[str, str]]:
    """Sentence id → (CSS class, tooltip) from the coverage of its content unit."""
    units = comparison.content_units
    n_sources = comparison.coverage.groupby("unit_id")["n_sources"].max()
    total = len(comparison.sources)
    classes = {}
    for row in units.itertuples(index=False):
        n = int(n_sources.get(row.unit_id, 1))
        kind = "shared" if n > 1 else "unique"
        classes[row.sentence_id] = (kind, f"content unit {row.unit_id}: {n} of {total} sources")
    return classes


def highlighted_text(
    text: str,
    sentences: pd.DataFrame,
    *,
    kinds: Mapping[str, tuple[str, str]] | None = None,
    quotes: Sequence[tuple[int, int]] = (),
) -> Markup:
    """An article's text as HTML: each sentence in a span, quoted words marked inside it.

    Parameters
    ----------
    text : str
        The article's cleaned text (the offsets point into it).
    sentences : pandas.DataFrame
        The article's sentences: ``sentence_id``, ``start``, ``end``.
    kinds : mapping, optional
        Sentence id -> (kind, tooltip). The kind becomes a CSS class next to
        ``sentence`` (``shared`` or ``unique`` in the report); the default is ``unique``
        with no tooltip.
    quotes : sequence of (start, end)
        Character spans of quoted words; each part inside a sentence is wrapped in
        ``<span class="quote">``.

    Returns
    -------
    Markup
        The whole text, escaped, with ``<span class="sentence KIND" id="s-SENTENCE_ID"
        title="TOOLTIP">`` around every sentence; text between sentences is kept as is.
    """
    kinds = kinds or {}
    parts: list[Markup] = []
    position = 0
    for row in sentences.sort_values("start", kind="stable").itertuples(index=False):
        start, end = int(row.start), int(row.end)
        if start < position:
            continue
        parts.append(escape(text[position:start]))
        cuts = sorted(
            {start, end} | {edge for span in quotes for edge in span if start < edge < end}
        )
        pieces = []
        for left, right in itertools.pairwise(cuts):
            piece = text[left:right]
            quoted = any(q_start <= left and right <= q_end for q_start, q_end in quotes)
            pieces.append(element("span", piece, class_="quote") if quoted else escape(piece))
        kind, tooltip = kinds.get(row.sentence_id, ("unique", None))
        parts.append(
            element(
                "span", pieces, class_=f"sentence {kind}", id=f"s-{row.sentence_id}", title=tooltip
            )
        )
        position = end
    parts.append(escape(text[position:]))
    return Markup("".join(parts))


def _reader(comparison: Comparison) -> Markup:
    classes = _sentence_classes(comparison)
    quotes = comparison.quotes
    sentences = comparison.sentences
    columns = []
    for article in comparison.articles.itertuples(index=False):
        spans = [
            (int(quote.start), int(quote.end))
            for quote in quotes[
                (quotes["article_id"] == article.article_id) & (quotes["kind"] == "direct")
            ].itertuples(index=False)
        ]
        meta = " · ".join(
            str(value)
            for value in (article.author, article.published, article.url)
            if isinstance(value, str) and value
        )
        columns.append(
            element(
                "article",
                element("h3", article.source),
                element("h4", article.title),
                element("p", meta, class_="note") if meta else None,
                element(
                    "div",
                    highlighted_text(
                        str(article.text),
                        sentences[sentences["article_id"] == article.article_id],
                        kinds=classes,
                        quotes=spans,
                    ),
                    class_="text",
                ),
                class_="column",
                id=f"article-{article.article_id}",
            )
        )
    legend = element(
        "p",
        "Highlighting: ",
        element("span", "shared with another source", class_="sentence shared"),
        " ",
        element("span", "reported by this source only", class_="sentence unique"),
        " ",
        element("span", "direct quote", class_="quote"),
        ". Hover a sentence for its content unit.",
        class_="legend",
    )
    return _section("reader", legend, element("div", columns, class_="reader"))


def _words(comparison: Comparison, figures: dict[str, Markup]) -> Markup:
    blocks = []
    if len(comparison.sources) < 2:
        blocks.append(element("p", "One source only: no other wording to compare with."))
    for source in comparison.sources if len(comparison.sources) > 1 else ():
        terms = comparison.distinctive_terms(source).head(N_TERMS)
        blocks.append(
            element(
                "div",
                element("h4", source),
                figures.get(f"distinctive_terms:{source}"),
                element(
                    "details",
                    element("summary", "table"),
                    _frame_table(
                        terms,
                        ["term", "z", "n_target", "n_reference"],
                        formats={"z": _number, "n_target": _text, "n_reference": _text},
                    ),
                ),
                class_="block",
            )
        )
    names = dict(zip(comparison.event.targets["target_id"], comparison.event.targets["name"]))
    labels = comparison.labels
    label_rows = []
    for target_id, by_target in labels.groupby("target_id", sort=False):
        for source in comparison.sources:
            own = by_target[by_target["source"] == source].sort_values(
                "n_mentions", ascending=False, kind="stable"
            )
            if own.empty:
                continue
            used = ", ".join(
                f"{label} ({int(n)})" for label, n in zip(own["label"].head(6), own["n_mentions"])
            )
            label_rows.append([names.get(target_id, target_id), source, used])
    headlines = comparison.headlines.drop_duplicates("article_id")
    headline_rows = [
        [row.source, row.title, _text(row.distinctive_words)]
        for row in headlines.itertuples(index=False)
    ]
    return _section(
        "words",
        element(
            "p",
            "Terms each source uses more than the others (weighted log-odds z-score; "
            "|z| > 1.96 is unlikely by chance), and the words each source puts around the "
            "actors it names.",
        ),
        element("div", blocks, class_="blocks"),
        element("h3", "Labels for the actors"),
        _table(label_rows, ["actor", "source", "labels (mentions)"]),
        element("h3", "Headlines"),
        _table(headline_rows, ["source", "headline", "words no other headline uses"]),
    )


def _stance_color(value: float) -> str:
    if value is None or math.isnan(value):
        return "background:#f2f2f2"
    alpha = min(1.0, abs(value)) * 0.75 + 0.08
    rgb = "33,102,172" if value > 0 else "178,24,43"
    return f"background:rgba({rgb},{alpha:.2f})"


def _stance(comparison: Comparison, evidence: _Evidence) -> Markup:
    stance = comparison.stance
    targets = comparison.event.targets
    by_cell = {
        (row.source, row.target_id, row.voice): row for row in stance.itertuples(index=False)
    }
    claim_text = dict(zip(comparison.event.claims["claim_id"], comparison.event.claims["text"]))
    rows = []
    for source in comparison.sources:
        cells: list[Any] = [element("th", source, scope="row")]
        for target_id in targets["target_id"]:
            cell = by_cell.get((source, target_id, "all"))
            if cell is None or int(cell.n_sentences) + int(cell.n_claims) == 0:
                cells.append(element("td", "–", class_="empty", title="not mentioned"))
                continue
            sample = ", few" if bool(cell.small_sample) else ""
            voices = []
            for voice in ("authorial", "quoted"):
                part = by_cell.get((source, target_id, voice))
                if part is not None and int(part.n_sentences) > 0:
                    voices.append(
                        f"{voice} {_number(part.stance, signed=True)} ({int(part.n_sentences)})"
                    )
            if int(cell.n_claims):
                voices.append(f"positions on claims ({int(cell.n_claims)})")
            found = comparison.stance_evidence(source, target_id, n=N_EVIDENCE)
            items = [
                evidence.item(
                    row.sentence_id,
                    f"{CLAIM_VERBS.get(row.cues[0].split(' ')[0], 'takes up')} the claim "
                    f"“{claim_text.get(row.claim_id, '')}”"
                    if row.voice == "claim"
                    else f"{row.voice}"
                    + (f", {row.speaker}" if isinstance(row.speaker, str) and row.speaker else ""),
                    f"score {_number(row.score, signed=True)}",
                    row.reading,
                )
                for row in found.itertuples(index=False)
            ]
            cells.append(
                element(
                    "td",
                    element(
                        "details",
                        element(
                            "summary",
                            element("span", _number(cell.stance, signed=True), class_="value"),
                            element("span", f"n={int(cell.n_sentences)}{sample}", class_="n"),
                        ),
                        element(
                            "p",
                            f"90 % interval {_number(cell.ci_low, signed=True)} to "
                            f"{_number(cell.ci_high, signed=True)}; " + "; ".join(voices),
                            class_="note",
                        ),
                        element("ol", items, class_="evidence"),
                    ),
                    style=_stance_color(float(cell.stance)),
                    class_="cell",
                )
            )
        rows.append(cells)
    head = ["source", *targets["name"]]
    grid = _grid(rows, head)

    claim_rows = []
    claims = comparison.event.claims
    by_claim = {
        (row.source, row.claim_id): row for row in comparison.claim_stance.itertuples(index=False)
    }
    for source in comparison.sources:
        cells = [element("th", source, scope="row")]
        for claim_id in claims["claim_id"]:
            cell = by_claim.get((source, claim_id))
            if cell is None:
                cells.append(element("td", "–", class_="empty"))
                continue
            label = str(cell.label)
            body: Any
            if label == "absent":
                body = element("span", "absent", class_="value")
            else:
                body = element(
                    "details",
                    element(
                        "summary",
                        element("span", label, class_="value"),
                        element("span", f"{_percent(cell.confidence)}", class_="n"),
                    ),
                    evidence.items(cell.evidence),
                )
            cells.append(element("td", body, class_=f"cell claim-{label}"))
        claim_rows.append(cells)
    claim_head = ["source", *claims["text"]]
    return _section(
        "stance",
        element(
            "p",
            "Each cell is the mean polarity of the sentences that name the actor, from −1 "
            "(negative) to +1 (positive), with the number of sentences; the source's "
            "positions on claims that bear on the actor count as one sentence each. Open a "
            "cell for its interval, the split between the outlet's own voice and the people "
            "it quotes, and the sentences and claims behind it, each with its score and, "
            "where a reading rule changed that score (the actor speaks, condemns something, "
            "is a group shown suffering or whose hardship is denied, is blamed for "
            "inaction or for acting without due process; quoted words), why.",
        ),
        element("h3", "Toward the actors"),
        grid,
        element("h3", "Toward the claims"),
        element(
            "p",
            "agree: the source asserts the claim; disagree: it disputes it; discuss: it "
            "reports it without taking a side; absent: no related sentence.",
            class_="note",
        ),
        _grid(claim_rows, claim_head),
    )


def _grid(rows: list[list[Any]], head: Sequence[Any]) -> Markup:
    return _table(rows, head, class_="grid")


def _framing(comparison: Comparison, figures: dict[str, Markup], evidence: _Evidence) -> Markup:
    framing = comparison.framing
    present = [frame for frame in framing.columns if float(framing[frame].max()) > 0]
    rows = [
        [element("th", source, scope="row")]
        + [_percent(framing.loc[source, frame]) for frame in present]
        for source in framing.index
    ]
    details = []
    for source in framing.index:
        top = framing.loc[source, present].sort_values(ascending=False, kind="stable").head(2)
        blocks = []
        for frame, share in top.items():
            if float(share) <= 0:
                continue
            found = comparison.frame_evidence(source, frame, n=3)
            ids = list(found["sentence_id"]) if "sentence_id" in found else []
            blocks.append(
                [element("h5", f"{_frame_name(frame)} ({_percent(share)})"), evidence.items(ids)]
            )
        if blocks:
            details.append(element("details", element("summary", source), blocks))
    topics = comparison.topics
    shares = comparison.topic_shares.pivot(index="source", columns="topic_id", values="share")
    topic_rows = [
        [row.topic_id, _text(row.label), _text(row.top_terms)]
        + [
            _percent(shares.loc[source, row.topic_id]) if source in shares.index else "–"
            for source in comparison.sources
        ]
        for row in topics.itertuples(index=False)
    ]
    return _section(
        "framing",
        element(
            "p",
            "Share of each source's sentences that carry each frame (the 15 dimensions of the "
            "Media Frames Corpus), then the emphasis topics found in the sentences.",
        ),
        figures.get("frame_bars"),
        _grid(rows, ["source", *(_frame_name(frame) for frame in present)]),
        element("h3", "The sentences behind the top frames"),
        details,
        element("h3", "Emphasis topics"),
        _table(topic_rows, ["topic", "label", "top terms", *comparison.sources]),
    )


def _coverage(comparison: Comparison, figures: dict[str, Markup], evidence: _Evidence) -> Markup:
    unique = comparison.unique_content
    omitted = comparison.omitted_content
    blocks = []
    for source in comparison.sources:
        own_unique = unique[unique["source"] == source]
        own_omitted = omitted[omitted["source"] == source]
        blocks.append(
            element(
                "details",
                element(
                    "summary",
                    f"{source}: {len(own_unique)} only here, {len(own_omitted)} left out",
                ),
                element("h5", "Reported only by this source"),
                element(
                    "ul", [element("li", row.text) for row in own_unique.itertuples(index=False)]
                )
                if len(own_unique)
                else element("p", "Nothing.", class_="note"),
                element("h5", "Reported by every other source, not by this one"),
                element(
                    "ul", [element("li", row.text) for row in own_omitted.itertuples(index=False)]
                )
                if len(own_omitted)
                else element("p", "Nothing.", class_="note"),
            )
        )
    shared = comparison.shared_content
    return _section(
        "coverage",
        element(
            "p",
            "Sentences that say the same thing across sources are grouped into content "
            "units. The grid shows which source reports which unit and how early.",
        ),
        figures.get("coverage_grid"),
        element("h3", "What each source alone reports, and what it leaves out"),
        blocks,
        element("h3", f"Reported by every source ({len(shared)})"),
        element("ul", [element("li", row.text) for row in shared.itertuples(index=False)]),
    )


def _sourcing(comparison: Comparison, figures: dict[str, Markup], evidence: _Evidence) -> Markup:
    sourcing = comparison.sourcing
    table = _frame_table(
        sourcing,
        [
            "source",
            "n_quotes",
            "n_direct",
            "n_indirect",
            "n_speakers",
            "share_quoted",
            "speakers",
            "verbs",
        ],
        formats={"share_quoted": _percent},
    )
    quotes = comparison.quotes
    lists = []
    for source in comparison.sources:
        own = quotes[quotes["source"] == source]
        items = [
            element(
                "li",
                element("q", row.text),
                element(
                    "span",
                    " · ".join(
                        part
                        for part in (
                            str(row.kind),
                            f"speaker: {row.speaker_text or row.speaker or 'unknown'}",
                            f"verb: {row.verb}" if isinstance(row.verb, str) else "",
                        )
                        if part
                    ),
                    class_="note",
                ),
            )
            for row in own.itertuples(index=False)
        ]
        lists.append(
            element(
                "details",
                element("summary", f"{source}: {len(own)} quotes"),
                element("ol", items, class_="evidence")
                if items
                else element("p", "No quote.", class_="note"),
            )
        )
    disagreements = comparison.number_disagreements
    numbers = comparison.numbers.set_index("figure_id")
    number_rows = []
    for row in disagreements.itertuples(index=False):
        ids = [figure_id for figure_id in row.figure_ids if figure_id in numbers.index]
        said = [
            element(
                "li",
                f"{numbers.loc[figure_id, 'source']}: ",
                element("q", numbers.loc[figure_id, "sentence"]),
            )
            for figure_id in ids
        ]
        number_rows.append(
            [
                f"{row.counts} ({row.unit})"
                if isinstance(row.unit, str) and row.unit
                else str(row.counts),
                f"{_number(row.min_value, 0)} to {_number(row.max_value, 0)}",
                _text(row.values),
                element(
                    "details",
                    element("summary", f"{len(said)} sentences"),
                    element("ol", said, class_="evidence"),
                ),
            ]
        )
    return _section(
        "sourcing",
        element("p", "Who speaks in each source, how much of it is quoted, and with which verbs."),
        figures.get("sourcing_bars"),
        table,
        lists,
        element("h3", "Figures the sources disagree on"),
        figures.get("number_disagreement_plot"),
        _table(number_rows, ["what is counted", "range", "source (value)", "evidence"])
        if number_rows
        else element("p", "The sources report the same figures.", class_="note"),
    )


def _lens(comparison: Comparison) -> Markup:
    summary = comparison.summary.set_index("source")
    stance = comparison.stance
    authorial = stance[(stance["voice"] == "authorial") & (stance["n_sentences"] > 0)]
    names = dict(zip(comparison.event.targets["target_id"], comparison.event.targets["name"]))
    style = comparison.style.set_index("source")
    style_columns = [
        column for column in style.columns if pd.api.types.is_numeric_dtype(style[column])
    ]

    def tone(source: str) -> str:
        own = authorial[authorial["source"] == source].dropna(subset=["stance"])
        if own.empty:
            return "no actor named in its own voice"
        low = own.loc[own["stance"].idxmin()]
        high = own.loc[own["stance"].idxmax()]
        return (
            f"most negative: {names.get(low.target_id, low.target_id)} "
            f"{_number(low.stance, signed=True)}; most positive: "
            f"{names.get(high.target_id, high.target_id)} {_number(high.stance, signed=True)}"
        )

    lenses = [
        (
            "Selection and omission",
            "What a source reports and leaves out. See Coverage.",
            lambda s: (
                f"{_number(summary.loc[s, 'n_unique_units'], 0)} units only here; "
                f"{_number(summary.loc[s, 'n_omitted_units'], 0)} left out"
            ),
        ),
        (
            "Word choice and labelling",
            "The words a source prefers and the names it gives the actors. See Word choice.",
            lambda s: _text(summary.loc[s, "top_terms"]),
        ),
        (
            "Tone",
            "How the source's own voice speaks of the actors (quotes excluded). See Stance.",
            tone,
        ),
        (
            "Framing",
            "The perspective the story is told from. See Framing.",
            lambda s: _frame_name(summary.loc[s, "top_frame"]),
        ),
        (
            "Sourcing",
            "Who gets to speak, and how much. See Sourcing.",
            lambda s: (
                f"{_number(summary.loc[s, 'n_speakers'], 0)} speakers; "
                f"{_percent(summary.loc[s, 'share_quoted'])} of words quoted"
            ),
        ),
        (
            "Style",
            "Loaded words, hedges, claims without attribution.",
            lambda s: (
                "; ".join(f"{column}: {_number(style.loc[s, column])}" for column in style_columns)
                if s in style.index
                else "–"
            ),
        ),
    ]
    blocks = []
    for title, what, measure in lenses:
        blocks.append(
            element(
                "div",
                element("h3", title),
                element("p", what, class_="note"),
                _table(
                    [[source, measure(source)] for source in comparison.sources],
                    ["source", "measure"],
                ),
                class_="lens",
            )
        )
    return _section(
        "lens",
        element(
            "p",
            "The same numbers ordered by the kind of bias they can reveal. A difference is a "
            "reason to read the evidence, not a verdict.",
        ),
        blocks,
    )


_METHODS = [
    (
        "Similarity",
        "Cosine similarity of TF-IDF vectors of word 1–2-grams (0: no shared terms, 1: the "
        "same text). A source's similarity to another is the mean over their article pairs; "
        "the source map places sources so that similar ones lie close.",
    ),
    (
        "Content units, shared, unique and omitted content",
        "Every sentence is compared with the sentences of the other sources; sentences above "
        "a cosine threshold are linked and linked sentences form a content unit. A unit is "
        "shared when two or more sources report it, unique when one does, omitted by a "
        "source when every other source reports it.",
    ),
    (
        "Distinctive terms",
        "Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and "
        "Quinn 2008) of each source against the others; z is the log-odds divided by its "
        "standard deviation; n_target and n_reference are the term's counts.",
    ),
    (
        "Labels",
        "Every mention of an actor (its aliases in event.yaml) with the content words "
        "around it, counted per source.",
    ),
    (
        "Stance toward actors",
        "Each mention is scored by a polarity model trained on NewsMTSC: p(positive) − "
        "p(negative), from −1 to +1. A sentence's score is the mean of its mentions, a "
        "source's stance the mean of its sentences, with a 90 % percentile bootstrap "
        "interval over the sentences. Mentions inside direct quotes are the quoted voice, "
        "the others the authorial voice. Fewer than 5 sentences is flagged as few.",
    ),
    (
        "Stance toward claims",
        "Each claim is scored against each sentence by a model trained on FNC-1 (agree, "
        "disagree, discuss, unrelated). A source's label is the one with the largest summed "
        "probability over its related sentences; the percentage is that label's share.",
    ),
    (
        "Framing and topics",
        "Frame cues for the 15 Media Frames Corpus dimensions are matched in each sentence; "
        "a source's share is the share of its sentences carrying the frame. Emphasis topics "
        "come from non-negative matrix factorisation of the sentences.",
    ),
    (
        "Quotes and sourcing",
        "Direct quotes are words inside quotation marks attributed to a speaker; indirect "
        "quotes are reported speech with a reporting verb. share_quoted is the share of the "
        "source's words that are inside direct quotes.",
    ),
    (
        "Numbers",
        "Figures about the event (killed, injured, ...) with their value and unit; a "
        "disagreement is a quantity for which the sources report different values.",
    ),
    (
        "Style",
        "Per source: hedges, intensifiers and loaded words per 100 words, the share of "
        "claims without attribution, and readability.",
    ),
]


def _methods(comparison: Comparison) -> Markup:
    report = comparison.event.report
    return _section(
        "methods",
        element(
            "p",
            "Every number here is an automatic estimate from the text; open the evidence "
            "before drawing a conclusion. All scores keep the sentences they come from.",
        ),
        element("dl", [[element("dt", name), element("dd", what)] for name, what in _METHODS]),
        element("h3", "Inputs"),
        _frame_table(report, list(report.columns)),
    )


_STYLE = """
:root { color-scheme: light; --ink:#1d1d1f; --muted:#5f6368; --line:#d9d9de; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
  margin: 0 auto; max-width: 1400px; padding: 1rem 2rem 4rem; }
header nav ol { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; padding: 0; list-style: none; }
h1 { margin: .2rem 0; } h2 { border-bottom: 2px solid var(--ink); margin-top: 2.5rem; }
.kicker, .note, .facts { color: var(--muted); } .note { font-size: .85rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 1rem; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; }
.card h3 { margin: 0; font-size: 1.05rem; }
.card dl { margin: .5rem 0 0; font-size: .85rem; display: grid;
  grid-template-columns: minmax(8rem, 1.4fr) 1fr; gap: .15rem .6rem; }
.card dt { color: var(--muted); font-weight: 400; } .card dd { margin: 0; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .85rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
thead th { background: #f6f6f8; }
.grid td.cell { min-width: 6rem; } .grid .value { font-weight: 600; margin-right: .4rem; }
.grid .n { font-size: .8rem; color: #333; } td.empty { color: var(--muted); text-align: center; }
.grid details[open] { min-width: 22rem; background: #fff; padding: .3rem; }
.claim-agree { background: #dbeed9; } .claim-disagree { background: #f6d5d1; }
.claim-discuss { background: #e6e6f2; } .claim-absent { color: var(--muted); }
.reader { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(22rem, 1fr);
  gap: 1rem; overflow-x: auto; padding-bottom: 1rem; }
.column { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem;
  max-height: 85vh; overflow-y: auto; }
.column h3 { margin: 0; } .column h4 { margin: .3rem 0; }
.text { white-space: pre-wrap; font-family: Georgia, serif; }
.sentence.shared { background: #e2f0df; } .sentence.unique { background: #fff0c2; }
.quote { border-bottom: 2px solid #3b6ea5; font-style: italic; }
.sentence:target { outline: 3px solid #f39c12; }
.legend span { padding: 0 .3rem; }
.blocks { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: 1rem; }
.evidence li { margin-bottom: .4rem; } .evidence .note { display: block; }
a.jump { font-size: .8rem; }
details summary { cursor: pointer; }
dl dt { font-weight: 600; } dl dd { margin: 0 0 .6rem 1rem; }
"""


# --------------------------------------------------------------------------- public API


def _comparison(event_or_comparison: Event | Comparison | str | Path) -> Comparison:
    if isinstance(event_or_comparison, Comparison):
        return event_or_comparison
    if isinstance(event_or_comparison, Event):
        return compare(event_or_comparison)
    if isinstance(event_or_comparison, (str, Path)):
        from workbench.corpus import load_event

        return compare(load_event(event_or_comparison))
    raise TypeError(
        "write_report needs an Event, a Comparison or the path of an event, "
        f"got {type(event_or_comparison).__name__}"
    )


def _figures(comparison: Comparison) -> dict[str, Markup]:
    """Every figure of the report as inline PNG, keyed by its :mod:`workbench.figures` name.

    The distinctive terms of each source are keyed ``distinctive_terms:<source>``.
    """
    from workbench import figures

    plots = [
        (
            "similarity_heatmap",
            lambda: figures.similarity_heatmap(comparison.source_similarity),
            "Mean cosine similarity between the sources' articles.",
        ),
        (
            "source_map",
            lambda: figures.source_map(comparison.source_similarity),
            "Sources placed so that similar ones lie close together.",
        ),
        (
            "frame_bars",
            lambda: figures.frame_bars(comparison.framing),
            "Share of each source's sentences carrying each frame.",
        ),
        (
            "coverage_grid",
            lambda: figures.coverage_grid(comparison.coverage),
            "Content units (rows) reported by each source (columns), and how early.",
        ),
        (
            "sourcing_bars",
            lambda: figures.sourcing_bars(comparison.sourcing),
            "Quotes per source, direct and indirect, and the share of quoted text.",
        ),
        (
            "number_disagreement_plot",
            lambda: figures.number_disagreement_plot(comparison.number_disagreements),
            "The values each source reports for the figures they disagree on.",
        ),
    ]
    out = {name: _figure(plot(), caption) for name, plot, caption in plots}
    if len(comparison.sources) > 1:
        for source in comparison.sources:
            table = comparison.distinctive_terms(source)
            out[f"distinctive_terms:{source}"] = _figure(
                figures.distinctive_terms_bars(table, n=10, title="Typical terms"),
                "Terms this source uses more than the others (z-score).",
            )
    return out


def report_html(event_or_comparison: Event | Comparison | str | Path) -> str:
    """The report of an event as one self-contained HTML document.

    Parameters
    ----------
    event_or_comparison : Event, Comparison, str or Path
        What to report on; an event (or its path) is compared with default options.

    Returns
    -------
    str
        A complete HTML document: inline CSS, figures as PNG ``data:`` URIs, no script,
        every article-derived string escaped, and a Content-Security-Policy that allows
        nothing else.
    """
    comparison = _comparison(event_or_comparison)
    evidence = _Evidence(comparison)
    figures = _figures(comparison)
    title = f"workbench report: {comparison.event.title or 'event'}"
    head = Markup(
        '<meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CONTENT_SECURITY_POLICY)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"{element('title', title)}"
        f"<style>{_STYLE}</style>"
    )
    body = element(
        "body",
        _header(comparison),
        element(
            "main",
            _overview(comparison, figures),
            _reader(comparison),
            _words(comparison, figures),
            _stance(comparison, evidence),
            _framing(comparison, figures, evidence),
            _coverage(comparison, figures, evidence),
            _sourcing(comparison, figures, evidence),
            _lens(comparison),
            _methods(comparison),
        ),
        element("footer", "Made with workbench.", class_="note"),
    )
    return f'<!DOCTYPE html>\n<html lang="en"><head>{head}</head>{body}</html>\n'


def write_report(
    event_or_comparison: Event | Comparison | str | Path,
    path: str | Path,
    *,
    figures_dir: str | Path | None = None,
    formats: Sequence[str] = ("png", "svg"),
) -> Path:
    """Write the report of an event to one self-contained HTML file.

    Parameters
    ----------
    event_or_comparison : Event, Comparison, str or Path
        What to report on; an event (or its path) is compared with default options.
    path : str or Path
        The HTML file to write (parent folders are created).
    figures_dir : str or Path, optional
        Also write every figure there, once per format, with
        :func:`workbench.figures.save_figures`.
    formats : sequence of str, default ("png", "svg")
        File formats of the figures in *figures_dir*.

    Returns
    -------
    Path
        The HTML file written.

    Examples
    --------
    >>> from workbench import load_event
    >>> write_report(load_event("corpora/sumy-strike-2025"), "sumy.html")  # doctest: +SKIP
    """
    comparison = _comparison(event_or_comparison)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report_html(comparison), encoding="utf-8")
    if figures_dir is not None:
        from workbench import figures

        figures.save_figures(comparison, figures_dir, formats=tuple(formats))
    return path
