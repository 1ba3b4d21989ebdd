"""Interactive views of a :class:`~workbench.comparison.Comparison` (ipywidgets 8).

Each view is a widget that works alone and takes a ``Comparison``: a few controls, one
``refresh()`` that asks the comparison for one table (or draws one figure of
:mod:`workbench.figures`) and shows it. The table a view shows is kept on the view
(``view.table``, ``view.evidence``, ...) so that tests and notebooks can read exactly
what the reader sees. All computation stays in the comparison; views select and display.

Safety: article text is untrusted. Every string taken from an article, an event file or
a table is escaped with :func:`html.escape` before it goes into an ``HTML`` widget;
links are only in-page anchors built from sanitised ids. Errors raised while reacting to
a control are shown in the view's ``errors`` output (and kept in ``view.error``) instead
of disappearing into the kernel log.

Blind mode: pass ``mask=OutletMask(comparison)`` to any view (or ``blind=True`` to
:func:`dashboard`) and outlets appear as "Source A", "Source B", ...; their names, the
words of their names, their authors and web hosts are replaced by ``[outlet]`` in every
text shown. :class:`ClassroomView` always works blind until its Reveal button is pressed.

:func:`dashboard` builds every view of an event in one ``Tab``.
"""

from __future__ import annotations

import functools
import html
import random
import re
import string
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import ipywidgets as widgets
import pandas as pd
import traitlets
from matplotlib import colormaps
from matplotlib.colors import to_hex

from workbench import figures
from workbench.comparison import Comparison, compare
from workbench.event import Event

__all__ = [
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

#: Columns of :attr:`ReaderView.table` (and of :func:`sentence_marks`): one row per
#: sentence shown, with its highlight ``classes`` (a tuple of CSS class names), the
#: ``tooltip`` saying why, its ``anchor`` id and the anchors of the aligned sentences
#: in the other shown columns (``links``).
READER_COLUMNS = [
    "sentence_id",
    "article_id",
    "source",
    "sentence_index",
    "paragraph_index",
    "start",
    "end",
    "text",
    "unit_id",
    "n_sources",
    "classes",
    "tooltip",
    "anchor",
    "links",
]

#: Columns of :func:`bias_lens` and :attr:`BiasLensView.table`: the evidence of one
#: lens; ``article_id``/``sentence_index`` point at the sentence (``None``/``-1`` for a
#: finding that is an absence), ``why`` says in plain words what the row shows.
LENS_COLUMNS = ["lens", "source", "article_id", "sentence_index", "text", "why"]

#: Columns of :func:`exercise_prompts`.
EXERCISE_COLUMNS = ["topic", "prompt", "answer"]

#: The bias lenses of :class:`BiasLensView`: id -> (title, one-line definition).
LENSES = {
    "omission": (
        "Omission",
        "Leaving out facts that other sources report, so the reader never learns them.",
    ),
    "placement": (
        "Placement",
        "Where a fact appears: the first sentences are read by everyone, the last by few.",
    ),
    "word_choice": (
        "Word choice and labelling",
        "Different words for the same thing (a “strike” or a “terrorist attack”, "
        "“government” or “regime”) carry different judgements.",
    ),
    "sourcing": (
        "Sourcing",
        "Who is allowed to speak, how often, and who is never asked.",
    ),
    "spin": (
        "Spin and sensational language",
        "Loaded, emotional or exaggerated words that push the reader to a reaction.",
    ),
    "unattributed": (
        "Unattributed claims",
        "Statements presented without saying who says so or how it is known.",
    ),
    "opinion_as_fact": (
        "Opinion presented as fact",
        "Judgements made in the outlet's own voice rather than attributed to someone.",
    ),
    "headline": (
        "Headline framing",
        "What the headline stresses or leaves out, and how it leans; many readers see "
        "only the headline.",
    ),
}

#: Choices offered to students guessing an outlet's lean: (label, value). The values
#: are the ``lean`` codes of the corpora (``corpora/README.md``).
LEAN_CHOICES = (
    ("left", "left"),
    ("centre-left", "center-left"),
    ("centre", "center"),
    ("centre-right", "center-right"),
    ("right", "right"),
    ("state media", "state"),
    ("advocacy / NGO", "advocacy"),
    ("official / government", "official"),
)

_NOT_CHOSEN = "—"
_MASK = "[outlet]"
_REPEATED_MASK = re.compile(r"\[outlet\](?:\s+\[outlet\])+")

#: Words of author bylines that do not identify anyone ("Staff reporter").
_GENERIC_BYLINE = frozenset(
    {
        "staff",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "editor",
        "editors",
        "editorial",
        "board",
        "desk",
        "team",
        "agency",
        "agencies",
        "writer",
        "writers",
        "contributor",
        "newsroom",
        "press",
        "office",
        "bureau",
        "service",
        "communications",
        "department",
        "with",
        "from",
        "and",
    }
)

#: Parts of web hosts that do not identify an outlet.
_GENERIC_HOST = frozenset({"www", "com", "org", "net", "news", "example", "co", "uk", "html"})

#: Highlight kinds of the reader, with the CSS class, the legend text and its colour.
_READER_KINDS = {
    "shared": ("wb-shared", "shared with other sources (↔ jumps to them)"),
    "unique": ("wb-unique", "only this source reports it"),
    "quote": ("wb-quote", "quote or reported speech"),
    "stance": ("wb-stance", "carries a stance toward a target (red −, blue +)"),
    "frame": ("wb-frame", "carries a frame cue"),
}

_STYLE = """<style>
.wb-view { font-size: 14px; line-height: 1.5; }
.wb-table { border-collapse: collapse; margin: 4px 0 12px 0; }
.wb-table th, .wb-table td { border-bottom: 1px solid #ddd; padding: 3px 8px;
  text-align: left; vertical-align: top; }
.wb-table th { background: #f4f4f4; }
.wb-num { text-align: right !important; font-variant-numeric: tabular-nums; }
.wb-card { border: 1px solid #ccc; border-radius: 6px; padding: 8px 10px; overflow: hidden;
  box-sizing: border-box; }
.wb-card h4 { margin: 0 0 4px 0; }
.wb-muted { color: #555; font-size: 12px; }
.wb-column { max-height: 70vh; overflow-y: auto; padding: 0 8px;
  border-left: 3px solid #eee; }
.wb-s { border-radius: 3px; }
.wb-shared { background: #dceefb; }
.wb-unique { background: #fff1c2; }
.wb-quote { font-style: italic; color: #3a2a6b; }
.wb-stance-neg { border-bottom: 3px solid #d6604d; }
.wb-stance-pos { border-bottom: 3px solid #4393c3; }
.wb-frame { text-decoration: underline dotted #009e73; text-underline-offset: 4px; }
.wb-jump { font-size: 11px; text-decoration: none; margin: 0 2px; color: #0072b2; }
.wb-off .wb-shared, .wb-off .wb-unique { background: none; }
.wb-badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px;
  background: #eee; margin-right: 4px; white-space: nowrap; }
.wb-card .wb-table { width: 100%; table-layout: fixed; }
.wb-card .wb-table td { padding: 1px 6px; font-size: 12px; line-height: 1.35;
  overflow-wrap: anywhere; }
.wb-card .wb-table td:first-child { color: #555; width: 50%; }
.wb-card ul { padding-left: 18px; margin: 4px 0; line-height: 1.35; }
.wb-badge-quoted { background: #e3dcf5; }
.wb-prompt { margin: 6px 0; }
mark.wb-mark { background: #ffe08a; padding: 0 1px; }
</style>"""


# ============================================================================ helpers
def _esc(value: Any) -> str:
    """*value* as text safe to put inside HTML (quotes escaped too)."""
    return html.escape("" if value is None else str(value), quote=True)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _number(value: Any, spec: str = ".2f") -> str:
    """A number for display; "–" for a missing one; a true minus sign."""
    if _missing(value):
        return "–"
    return format(value, spec).replace("-", "−")


def _or(value: Any, default: str = "–") -> str:
    """*value* as text, *default* when it is missing or empty."""
    return default if _missing(value) or not str(value).strip() else str(value)


def _percent(value: Any) -> str:
    return "–" if _missing(value) else f"{100 * float(value):.0f} %"


def _anchor(article_id: Any, sentence_index: Any) -> str:
    """The in-page id of a sentence: ``s-<article_id>-<sentence_index>``, id characters only."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", str(article_id))
    return f"s-{safe}-{int(sentence_index)}"


def _table_html(header: Sequence[str], rows: Iterable[Sequence[str]], *, numeric=()) -> str:
    """An HTML table; *header* is plain text (escaped here), *rows* are HTML cells.

    Callers build cells with :func:`_esc`; nothing here trusts a cell's text.
    """
    head = "".join(f"<th>{_esc(name)}</th>" for name in header)
    head = f"<tr>{head}</tr>" if any(header) else ""
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="wb-num">{cell}</td>' if k in numeric else f"<td>{cell}</td>"
            for k, cell in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    if not body:
        return '<p class="wb-muted">Nothing to show.</p>'
    return f'<table class="wb-table">{head}{"".join(body)}</table>'


def _marked(text: str, start: int, end: int, mask: OutletMask) -> str:
    """*text* escaped and masked, with ``text[start:end]`` in a ``<mark>``."""
    if not (0 <= start < end <= len(text)):
        return _esc(mask.text(text))
    return (
        _esc(mask.text(text[:start]))
        + '<mark class="wb-mark">'
        + _esc(mask.text(text[start:end]))
        + "</mark>"
        + _esc(mask.text(text[end:]))
    )


def _image(figure: Any) -> bytes:
    return figures.figure_png(figure)


def _letters(k: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA" (spreadsheet column names)."""
    name = ""
    k += 1
    while k:
        k, rest = divmod(k - 1, 26)
        name = string.ascii_uppercase[rest] + name
    return name


def _stance_colour(value: Any) -> str:
    """Hex colour of a stance in [-1, 1] on the RdBu map; grey when missing."""
    if _missing(value):
        return figures.MISSING_COLOUR
    return to_hex(colormaps[figures.STANCE_CMAP]((float(value) + 1) / 2))


def _voice_of_target(comparison: Comparison, target_id: str) -> str:
    """Who speaks for a target: a person by name, anything else "anyone speaking for" it."""
    targets = comparison.event.targets.set_index("target_id")
    if target_id not in targets.index:
        return str(target_id)
    name, kind = str(targets.loc[target_id, "name"]), str(targets.loc[target_id, "kind"])
    return name if kind == "person" else f"anyone speaking for {name}"


def _target_names(comparison: Comparison) -> dict[str, str]:
    targets = comparison.event.targets
    return {str(t): str(n) for t, n in zip(targets["target_id"], targets["name"])}


def _shows_errors(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a callback; show an error in the view's ``errors`` output instead of losing it."""

    @functools.wraps(method)
    def run(self: _View, *args: Any, **kwargs: Any) -> Any:
        self.errors.outputs = ()
        self.error = None
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # shown to the user, kept for tests
            self.error = exc
            self.errors.append_stderr(f"{type(exc).__name__}: {exc}\n")
            return None

    return run


# ============================================================================== mask
class OutletMask:
    """Hide which outlet wrote what: "Source A", "Source B", ... and ``[outlet]`` in text.

    Parameters
    ----------
    comparison : Comparison
        The comparison whose sources are masked.
    seed : int, default 0
        Letters are dealt to the sources in a shuffled order (so that "Source A" is not
        simply the first file); the same seed gives the same letters.

    Attributes
    ----------
    names : dict
        Outlet -> "Source X".
    articles : dict
        Article id -> an opaque id ("article3") used in anchors.
    words : tuple of str
        Everything that is replaced by ``[outlet]`` in text: the outlet names, their
        words of four letters or more, author names and web hosts.
    """

    def __init__(self, comparison: Comparison, *, seed: int = 0) -> None:
        sources = list(comparison.sources)
        order = list(range(len(sources)))
        random.Random(seed).shuffle(order)
        self.names = {source: f"Source {_letters(k)}" for source, k in zip(sources, order)}
        articles = comparison.articles
        self.articles = {
            article_id: f"article{k + 1}" for k, article_id in enumerate(articles["article_id"])
        }
        words: set[str] = set()
        for source in sources:
            words.add(source)
            words.update(w for w in re.findall(r"[^\W_]+", source) if len(w) >= 4)
        for author in articles["author"].dropna().astype(str):
            tokens = re.findall(r"[^\W\d_]+", author)
            if not all(token.lower() in _GENERIC_BYLINE for token in tokens):
                words.add(author.strip())
            words.update(t for t in tokens if len(t) >= 4 and t.lower() not in _GENERIC_BYLINE)
        for url in articles["url"].dropna().astype(str):
            host = urlparse(url).hostname or ""
            if not host:
                continue
            words.add(host)
            words.update(
                part for part in host.split(".") if len(part) >= 4 and part not in _GENERIC_HOST
            )
        words.discard("")
        self.words = tuple(sorted(words, key=lambda w: (-len(w), w.lower())))
        alternatives = "|".join(re.escape(word) for word in self.words)
        self._pattern = (
            re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE) if alternatives else None
        )

    def name(self, source: Any) -> str:
        """The masked name of *source* ("Source C"); unknown names are masked as text."""
        return self.names.get(source, self.text(source))

    def text(self, value: Any) -> str:
        """*value* as text with every identifying word replaced by ``[outlet]``."""
        text = "" if value is None else str(value)
        if self._pattern is None:
            return text
        return _REPEATED_MASK.sub(_MASK, self._pattern.sub(_MASK, text))

    def article(self, article_id: Any) -> str:
        """An opaque stand-in for *article_id* (ids are often the outlet's name)."""
        return self.articles.get(article_id, "article")

    def identifies(self, term: Any) -> bool:
        """Whether *term* contains an identifying word (such terms are not shown)."""
        return bool(self._pattern and self._pattern.search(str(term)))

    def sort_key(self, source: str) -> str:
        """Sources are listed by masked name, so their order says nothing."""
        return self.name(source)

    def __repr__(self) -> str:
        return f"OutletMask({len(self.names)} sources)"


class _NoMask:
    """The identity mask: names and text as they are."""

    def name(self, source: Any) -> str:
        return str(source)

    def text(self, value: Any) -> str:
        return "" if value is None else str(value)

    def article(self, article_id: Any) -> str:
        return str(article_id)

    def identifies(self, term: Any) -> bool:
        return False

    def sort_key(self, source: str) -> int:
        return 0


_NO_MASK = _NoMask()


# ========================================================================= base view
class _View(widgets.VBox):
    """Common parts: the comparison, the mask, the errors output.

    A view first calls :meth:`_start`, builds its controls, then :meth:`_finish` with
    its children (the ``VBox`` is initialised there).
    """

    def _start(self, comparison: Comparison, mask: OutletMask | None) -> None:
        self.comparison = comparison
        self.mask = mask or _NO_MASK
        self.errors = widgets.Output()
        self.error: Exception | None = None

    def _finish(self, children: Sequence[widgets.Widget]) -> None:
        super().__init__([*children, self.errors])
        self.add_class("wb-view")

    @property
    def _sources(self) -> list[str]:
        """The sources in display order (masked: by masked name)."""
        return sorted(self.comparison.sources, key=self.mask.sort_key)

    def _source_options(self, sources: Sequence[str] | None = None) -> list[tuple[str, str]]:
        return [(self.mask.name(s), s) for s in (self._sources if sources is None else sources)]

    def _t(self, value: Any) -> str:
        """Masked, escaped text."""
        return _esc(self.mask.text(value))

    def _s(self, source: Any) -> str:
        """Masked, escaped source name."""
        return _esc(self.mask.name(source))

    def _when(self, published: Any) -> str:
        """Escaped publication time; blind, without the UTC offset (it gives the country)."""
        text = _or(published)
        if not isinstance(self.mask, _NoMask):
            text = re.sub(r"(?:[+-]\d{2}:?\d{2}|Z)$", "", text).replace("T", " ")[:16]
        return _esc(text)

    def _mask_sources(self, table: pd.DataFrame, *columns: str) -> pd.DataFrame:
        """*table* with the source names in *columns* masked (for figures)."""
        if isinstance(self.mask, _NoMask):
            return table
        return table.assign(**{c: table[c].map(self.mask.name) for c in columns})


# ========================================================================== overview
class OverviewView(_View):
    """A card per source, the similarity heat map and the map of the sources.

    Controls: ``order`` (how the cards are sorted). ``table`` is the summary in the
    order shown.
    """

    _ORDERS = (
        ("as loaded", "source"),
        ("most typical wording first", "mean_similarity"),
        ("longest first", "n_words"),
        ("most quotes first", "n_quotes"),
        ("most unique content first", "n_unique_units"),
    )

    def __init__(self, comparison: Comparison, *, mask: OutletMask | None = None) -> None:
        self._start(comparison, mask)
        self.order = widgets.Dropdown(options=self._ORDERS, description="Order cards")
        self.cards = widgets.GridBox(
            layout=widgets.Layout(
                grid_template_columns="repeat(auto-fill, minmax(260px, 1fr))", grid_gap="8px"
            )
        )
        source_similarity = comparison.source_similarity
        masked = source_similarity.rename(index=self.mask.name, columns=self.mask.name)
        if not isinstance(self.mask, _NoMask):
            order = sorted(masked.index)
            masked = masked.loc[order, order]
        self.heatmap = widgets.Image(
            value=_image(figures.similarity_heatmap(masked)),
            format="png",
            layout=widgets.Layout(max_width="48%", height="auto", object_fit="contain"),
        )
        self.map = widgets.Image(
            value=_image(figures.source_map(masked)),
            format="png",
            layout=widgets.Layout(max_width="48%", height="auto", object_fit="contain"),
        )
        intro = widgets.HTML(
            _STYLE
            + f"<h3>{self._t(comparison.event.title)}</h3>"
            + f'<p class="wb-muted">{_esc(comparison.event.date)} · '
            + f"{len(comparison.articles)} articles from {len(comparison.sources)} sources. "
            + "Similarity is the cosine of word-frequency (TF-IDF) vectors: 1 = same words, "
            + "0 = no word in common. On the map, sources close together word the story alike."
            + "</p>"
        )
        self._finish([intro, self.order, self.cards, widgets.HBox([self.heatmap, self.map])])
        self.order.observe(self.refresh, names="value")
        self.refresh()

    @_shows_errors
    def refresh(self, change: Any = None) -> None:
        """Sort the summary and draw one card per source."""
        summary = self.comparison.summary
        key = self.order.value
        if key == "source":
            table = summary.set_index("source").loc[self._sources].reset_index()
        else:
            table = summary.sort_values(key, ascending=False, kind="stable")
        self.table = table.reset_index(drop=True)
        articles = self.comparison.articles
        cards = []
        for row in self.table.itertuples():
            own = articles[articles["source"] == row.source]
            headlines = "".join(
                f"<li>{self._t(title)} <span class='wb-muted'>({_esc(_or(kind, 'news'))}, "
                f"{int(n)} words)</span></li>"
                for title, kind, n in zip(own["title"], own["kind"], own["n_words"])
            )
            about = ""
            if isinstance(self.mask, _NoMask):
                first = own.iloc[0]
                about = (
                    f'<p class="wb-muted">lean: {_esc(_or(first["lean"]))} · '
                    f"country: {_esc(_or(first['country']))}</p>"
                )
            terms = ", ".join(
                self._t(term) for term in row.top_terms if not self.mask.identifies(term)
            )
            card = (
                _STYLE
                + f'<div class="wb-card"><h4>{self._s(row.source)}</h4>{about}<ul>{headlines}</ul>'
                + _table_html(
                    ["", ""],
                    [
                        ["words", _esc(row.n_words)],
                        ["mean similarity to others", _number(row.mean_similarity)],
                        ["content only here", _esc(row.n_unique_units)],
                        ["content left out", _esc(row.n_omitted_units)],
                        ["quotes / speakers", f"{int(row.n_quotes)} / {int(row.n_speakers)}"],
                        ["text in quotes", _percent(row.share_quoted)],
                        ["main frame", _esc(figures.FRAME_NAMES.get(row.top_frame, row.top_frame))],
                        ["typical terms", terms or "–"],
                    ],
                )
                + "</div>"
            )
            cards.append(widgets.HTML(card))
        self.cards.children = cards


# ============================================================================ reader
def _speaker_name(speaker: Any, names: dict[str, str]) -> str:
    if _missing(speaker) or not str(speaker).strip():
        return "an unnamed speaker"
    return names.get(str(speaker), str(speaker))


def sentence_marks(
    comparison: Comparison,
    article_ids: Sequence[str],
    *,
    kinds: Iterable[str] = tuple(_READER_KINDS),
    mask: OutletMask | None = None,
) -> pd.DataFrame:
    """The sentences of *article_ids* with what they are, for the reader.

    Selects from the comparison's tables: content units (shared / unique), quotes,
    mention polarity (stance-bearing: a mention the model labels negative or positive)
    and frame sentences (frame cues).

    Parameters
    ----------
    comparison : Comparison
        Where the tables come from.
    article_ids : sequence of str
        The articles shown, in column order.
    kinds : iterable of str
        Which highlights to mark, from ``"shared"``, ``"unique"``, ``"quote"``,
        ``"stance"``, ``"frame"``.
    mask : OutletMask, optional
        In blind mode anchors are built from opaque article numbers, not article ids
        (which often spell the outlet).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`READER_COLUMNS`, articles in the given order, sentences in text
        order. ``links`` holds the anchors of the first sentence of the same content
        unit in each *other* shown article.
    """
    kinds = set(kinds)
    article_key = (mask or _NO_MASK).article
    sentences = comparison.sentences
    order = {article_id: k for k, article_id in enumerate(article_ids)}
    shown = sentences[sentences["article_id"].isin(order)].copy()
    shown = shown.assign(_order=shown["article_id"].map(order)).sort_values(
        ["_order", "sentence_index"], kind="stable"
    )
    names = _target_names(comparison)
    n_sources_total = len(comparison.sources)

    # Membership gives each sentence its unit; presence (the coverage grid) says which
    # sources report a unit and with which sentences, members or similar ones.
    units = comparison.content_units
    unit_of = dict(zip(units["sentence_id"], units["unit_id"]))
    coverage = comparison.coverage
    n_sources_of = dict(zip(coverage["unit_id"], coverage["n_sources"]))
    article_of = dict(zip(sentences["sentence_id"], sentences["article_id"]))
    index_of = dict(zip(sentences["sentence_id"], sentences["sentence_index"]))
    units_of: dict[str, list[Any]] = {}
    cited: dict[Any, list[str]] = {}
    present = coverage[coverage["present"].astype(bool)]
    for unit, sentence_ids in zip(present["unit_id"], present["sentence_ids"]):
        for sid in sentence_ids:
            units_of.setdefault(sid, []).append(unit)
            cited.setdefault(unit, []).append(sid)

    quotes = comparison.quotes
    quotes = quotes[quotes["article_id"].isin(order)]
    quotes_of: dict[str, list[tuple[int, int, str, str]]] = {}
    for quote in quotes.itertuples():
        quotes_of.setdefault(quote.article_id, []).append(
            (int(quote.start), int(quote.end), quote.kind, _speaker_name(quote.speaker, names))
        )

    polarity = comparison.mention_polarity
    polarity = polarity[polarity["article_id"].isin(order)]
    polarity = polarity[polarity["polarity"] != 0]  # -1, 0, 1: keep what takes a side
    stance_of: dict[str, dict[str, float]] = {}
    means = polarity.groupby(["sentence_id", "target_id"], sort=False)["score"].mean()
    for (sid, target_id), score in means.items():
        stance_of.setdefault(sid, {})[target_id] = float(score)

    frames = comparison.frame_sentences
    frames = frames[frames["article_id"].isin(order) & (frames["frame"] != "other")]
    frames_of = {sid: list(group["frame"]) for sid, group in frames.groupby("sentence_id")}

    rows = []
    for row in shown.itertuples():
        classes: list[str] = []
        reasons: list[str] = []
        unit = unit_of.get(row.sentence_id)
        reported = units_of.get(row.sentence_id) or ([unit] if unit is not None else [])
        n_sources = max((int(n_sources_of.get(u, 1)) for u in reported), default=1)
        links: tuple[str, ...] = ()
        if n_sources >= 2:
            if "shared" in kinds:
                others = n_sources - 1
                classes.append("wb-shared")
                reasons.append(f"shared with {others} other source{'s' if others != 1 else ''}")
            first_in: dict[str, str] = {}
            for u in reported:
                for sid in cited.get(u, ()):
                    article_id = article_of.get(sid)
                    if article_id in order and article_id != row.article_id:
                        first_in.setdefault(article_id, sid)
            links = tuple(
                _anchor(article_key(article_of[sid]), index_of[sid]) for sid in first_in.values()
            )
        elif "unique" in kinds and n_sources_total > 1:
            classes.append("wb-unique")
            reasons.append("only this source reports this")
        if "quote" in kinds:
            inside = [
                (kind, who)
                for start, end, kind, who in quotes_of.get(row.article_id, ())
                if start < row.end and end > row.start
            ]
            if inside:
                classes.append("wb-quote")
            reasons += [
                f"quote: {who}" if kind == "direct" else f"reported speech: {who}"
                for kind, who in inside
            ]
        if "stance" in kinds and row.sentence_id in stance_of:
            scores = stance_of[row.sentence_id]
            negative = sum(scores.values()) < 0
            classes += ["wb-stance", "wb-stance-neg" if negative else "wb-stance-pos"]
            reasons += [
                f"stance toward {names.get(t, t)} {_number(score, '+.1f')}"
                for t, score in scores.items()
            ]
        if "frame" in kinds and row.sentence_id in frames_of:
            classes.append("wb-frame")
            reasons += [
                f"frame: {figures.FRAME_NAMES.get(f, f)}"
                for f in dict.fromkeys(frames_of[row.sentence_id])
            ]
        rows.append(
            {
                "sentence_id": row.sentence_id,
                "article_id": row.article_id,
                "source": row.source,
                "sentence_index": int(row.sentence_index),
                "paragraph_index": int(row.paragraph_index),
                "start": int(row.start),
                "end": int(row.end),
                "text": row.text,
                "unit_id": unit,
                "n_sources": n_sources,
                "classes": tuple(classes),
                "tooltip": "; ".join(reasons),
                "anchor": _anchor(article_key(row.article_id), row.sentence_index),
                "links": links,
            }
        )
    return pd.DataFrame(rows, columns=READER_COLUMNS)


class ReaderView(_View):
    """Two to four sources side by side, every sentence highlighted by what it is.

    Controls: ``sources`` (a ``SelectMultiple`` of outlets; the first four chosen are
    shown) and ``highlight`` (which kinds of sentence to colour). ``table`` holds the
    sentences shown with their classes, tooltips and anchors
    (:data:`READER_COLUMNS`). Sentences that report the same content carry links
    (↔) to the matching sentence in the other columns.
    """

    MAX_COLUMNS = 4

    def __init__(
        self,
        comparison: Comparison,
        *,
        mask: OutletMask | None = None,
        sources: Sequence[str] | None = None,
    ) -> None:
        self._start(comparison, mask)
        options = self._source_options()
        chosen = tuple(sources) if sources is not None else tuple(s for _, s in options[:3])
        self.sources = widgets.SelectMultiple(
            options=options,
            value=chosen,
            rows=min(8, max(2, len(options))),
            description="Sources",
        )
        kinds = [(text, kind) for kind, (_, text) in _READER_KINDS.items()]
        self.highlight = widgets.SelectMultiple(
            options=kinds, value=tuple(_READER_KINDS), rows=len(kinds), description="Highlight"
        )
        self.highlight.layout.width = "420px"
        self.note = widgets.HTML()
        legend = " ".join(
            f'<span class="wb-s {css}{" wb-stance-neg" if kind == "stance" else ""}">'
            f"{_esc(text)}</span>"
            for kind, (css, text) in _READER_KINDS.items()
        )
        self.legend = widgets.HTML(
            _STYLE + f'<div class="wb-view"><b>Legend:</b> {legend}<br><span class="wb-muted">'
            "Hover over a sentence to see why it is highlighted; click ↔ to jump to the "
            "same content in another column. Ctrl/Cmd-click to choose several sources."
            "</span></div>"
        )
        self.columns = widgets.GridBox(layout=widgets.Layout(grid_gap="6px", width="100%"))
        self.table = pd.DataFrame(columns=READER_COLUMNS)
        self._finish(
            [widgets.HBox([self.sources, self.highlight]), self.note, self.legend, self.columns]
        )
        self.sources.observe(self.refresh, names="value")
        self.highlight.observe(self.refresh, names="value")
        self.refresh()

    @property
    def shown_sources(self) -> list[str]:
        """The sources shown, in the order of the options (at most four)."""
        chosen = set(self.sources.value)
        return [s for _, s in self.sources.options if s in chosen][: self.MAX_COLUMNS]

    @_shows_errors
    def refresh(self, change: Any = None) -> None:
        """Mark the sentences of the chosen sources and lay them out in columns."""
        shown = self.shown_sources
        if len(self.sources.value) > self.MAX_COLUMNS:
            self.note.value = "<i>Showing the first four chosen sources.</i>"
        elif len(shown) < 2:
            self.note.value = "<i>Choose at least two sources to compare them.</i>"
        else:
            self.note.value = ""
        articles = self.comparison.articles
        article_ids = [
            article_id
            for source in shown
            for article_id in articles.loc[articles["source"] == source, "article_id"]
        ]
        self.table = sentence_marks(
            self.comparison, article_ids, kinds=self.highlight.value, mask=self.mask
        )
        by_anchor = dict(zip(self.table["anchor"], self.table["source"]))
        columns = []
        for source in shown:
            parts = [f'<div class="wb-column"><h4>{self._s(source)}</h4>']
            for article in articles[articles["source"] == source].itertuples():
                meta = " · ".join(
                    shown
                    for value, shown in (
                        (article.kind, _esc(article.kind)),
                        (article.published, self._when(article.published)),
                        (article.author, self._t(article.author)),
                    )
                    if not _missing(value) and str(value).strip()
                )
                parts.append(f"<h5>{self._t(article.title)}</h5><p class='wb-muted'>{meta}</p>")
                own = self.table[self.table["article_id"] == article.article_id]
                for _, paragraph in own.groupby("paragraph_index", sort=True):
                    spans = [self._sentence_html(row, by_anchor) for row in paragraph.itertuples()]
                    parts.append(f"<p>{' '.join(spans)}</p>")
            parts.append("</div>")
            columns.append(widgets.HTML(_STYLE + "".join(parts)))
        self.columns.layout.grid_template_columns = (
            f"repeat({max(1, len(columns))}, minmax(0, 1fr))"
        )
        self.columns.children = columns

    def _sentence_html(self, row: Any, by_anchor: dict[str, str]) -> str:
        classes = " ".join(["wb-s", *row.classes])
        jumps = "".join(
            f'<a class="wb-jump" href="#{_esc(anchor)}" '
            f'title="same content in {self._s(by_anchor.get(anchor, ""))}">'
            f"↔{self._s(by_anchor.get(anchor, ''))}</a>"
            for anchor in row.links
        )
        return (
            f'<span id="{_esc(row.anchor)}" class="{_esc(classes)}" '
            f'title="{self._t(row.tooltip)}">{self._t(row.text)}</span>{jumps}'
        )


# ======================================================================= word choice
class WordChoiceView(_View):
    """The words that set one source apart, their contexts, and the labels of targets.

    Controls: ``source``, ``against`` (all other sources, or one), ``term`` (one of the
    top terms: its keyword-in-context lines in every source) and ``target`` (the labels
    each source gives it). Tables: ``table`` (distinctive terms), ``kwic``, ``labels``.
    """

    def __init__(
        self, comparison: Comparison, *, mask: OutletMask | None = None, n_terms: int = 15
    ) -> None:
        self._start(comparison, mask)
        self.n_terms = n_terms
        self._charts: dict[tuple[str, str | None], bytes] = {}
        options = self._source_options()
        self.source = widgets.Dropdown(options=options, description="Source")
        self.against = widgets.Dropdown(
            options=[("all other sources", None), *options], value=None, description="Against"
        )
        self.term = widgets.Dropdown(options=[], description="Term")
        targets = comparison.event.targets
        self.target = widgets.Dropdown(
            options=list(zip(targets["name"].astype(str), targets["target_id"])),
            description="Target",
        )
        self.chart = widgets.Image(
            format="png",
            layout=widgets.Layout(max_width="640px", height="auto", object_fit="contain"),
        )
        self.kwic_html = widgets.HTML()
        self.labels_html = widgets.HTML()
        self.table = pd.DataFrame()
        self.kwic = pd.DataFrame()
        self.labels = pd.DataFrame()
        help_text = widgets.HTML(
            _STYLE + '<p class="wb-muted">Terms are ranked by the z-score of the weighted '
            "log-odds ratio (Monroe, Colaresi &amp; Quinn 2008): how much more often the "
            "source uses the term than the others, allowing for chance. Pick a term to "
            "read every sentence that uses it.</p>"
        )
        self._finish(
            [
                help_text,
                widgets.HBox([self.source, self.against]),
                self.chart,
                self.term,
                self.kwic_html,
                widgets.HTML("<h4>How each source names a target</h4>"),
                self.target,
                self.labels_html,
            ]
        )
        self.source.observe(self.refresh, names="value")
        self.against.observe(self.refresh, names="value")
        self.term.observe(self.show_term, names="value")
        self.target.observe(self.show_labels, names="value")
        self.refresh()
        self.show_labels()

    @_shows_errors
    def refresh(self, change: Any = None) -> None:
        """Distinctive terms of the chosen source, as bars; the term list follows."""
        source, against = self.source.value, self.against.value
        if against == source:
            raise ValueError("choose another source to compare with, or all other sources")
        table = self.comparison.distinctive_terms(source, against)
        table = table[~table["term"].map(self.mask.identifies)].reset_index(drop=True)
        self.table = table
        rival = "all other sources" if against is None else self.mask.name(against)
        if (source, against) not in self._charts:  # drawing is the slow part: draw once
            title = f"Terms typical of {self.mask.name(source)} against {rival}"
            figure = figures.distinctive_terms_bars(table, n=self.n_terms, title=title)
            self._charts[(source, against)] = _image(figure)
        self.chart.value = self._charts[(source, against)]
        top = table[table["z"] > 0].head(self.n_terms)["term"].tolist()
        if list(self.term.options) != top:
            self.term.options = top
        self.show_term()

    @_shows_errors
    def show_term(self, change: Any = None) -> None:
        """Keyword-in-context lines of the chosen term, in every source."""
        term = self.term.value
        if term is None:
            self.kwic = pd.DataFrame()
            self.kwic_html.value = '<p class="wb-muted">No term to show.</p>'
            return
        self.kwic = self.comparison.keyword_in_context(term)
        rows = [
            [
                self._s(row.source),
                f'<span style="float:right">{self._t(row.left)}</span>',
                f'<mark class="wb-mark">{self._t(row.match)}</mark>',
                self._t(row.right),
            ]
            for row in self.kwic.itertuples()
        ]
        self.kwic_html.value = (
            _STYLE
            + f"<p>“{self._t(term)}” in context: {len(self.kwic)} occurrence(s)</p>"
            + _table_html(["source", "", "term", ""], rows)
        )

    @_shows_errors
    def show_labels(self, change: Any = None) -> None:
        """The labels each source gives the chosen target, most frequent first."""
        labels = self.comparison.labels
        self.labels = labels[labels["target_id"] == self.target.value].reset_index(drop=True)
        rows = []
        for source in self._sources:
            own = self.labels[self.labels["source"] == source].sort_values(
                "n_mentions", ascending=False, kind="stable"
            )
            listed = ", ".join(
                f"“{self._t(row.label)}” ({int(row.n_mentions)}, {_percent(row.share)})"
                for row in own.head(6).itertuples()
            )
            rows.append([self._s(source), listed or '<span class="wb-muted">not named</span>'])
        self.labels_html.value = _STYLE + _table_html(
            ["source", "labels (mentions, share of the target's mentions)"], rows
        )


# ============================================================================ stance
def _voice_of_sentences(comparison: Comparison, sentence_ids: Iterable[str]) -> dict[str, tuple]:
    """sentence id -> (voice, speaker): "quoted" when a direct quote overlaps it,
    "reported" for indirect speech, else "authorial"."""
    wanted = set(sentence_ids)
    sentences = comparison.sentences
    sentences = sentences[sentences["sentence_id"].isin(wanted)]
    quotes = comparison.quotes
    names = _target_names(comparison)
    voices: dict[str, tuple] = {}
    for row in sentences.itertuples():
        own = quotes[
            (quotes["article_id"] == row.article_id)
            & (quotes["start"] < row.end)
            & (quotes["end"] > row.start)
        ]
        if own.empty:
            voices[row.sentence_id] = ("authorial", None)
            continue
        first = own.iloc[0]
        voice = "quoted" if first["kind"] == "direct" else "reported"
        voices[row.sentence_id] = (voice, _speaker_name(first["speaker"], names))
    return voices


class StanceView(_View):
    """Stance of each source toward each target, and toward each claim, as clickable cells.

    The target grid is a ``GridBox`` of ``Button`` s coloured by stance (red negative,
    blue positive, grey: not mentioned), the number written on them; ``voice`` switches
    between all mentions, the outlet's own voice and quotes. The claim grid shows
    agree / disagree / discuss / absent. Clicking a cell shows its evidence sentences:
    :meth:`select_cell` and :meth:`select_claim`, which keep ``evidence``.
    """

    def __init__(self, comparison: Comparison, *, mask: OutletMask | None = None) -> None:
        self._start(comparison, mask)
        self.voice = widgets.ToggleButtons(
            options=[
                ("all mentions", "all"),
                ("outlet's own voice", "authorial"),
                ("in quotes", "quoted"),
            ],
            value="all",
            description="Voice",
        )
        self.stance_cells = widgets.GridBox(layout=widgets.Layout(grid_gap="2px"))
        self.claim_cells = widgets.GridBox(layout=widgets.Layout(grid_gap="2px"))
        self.detail = widgets.HTML()
        self.evidence = pd.DataFrame()
        self.selected: tuple[str, str, str] | None = None
        self.buttons: dict[tuple[str, str], widgets.Button] = {}
        self.claim_buttons: dict[tuple[str, str], widgets.Button] = {}
        legend = (
            _STYLE + '<p class="wb-muted">Each cell is the mean polarity of the sentences '
            "that mention the target, from −1 (hostile) to +1 (favourable); * marks a small "
            "sample (few sentences), grey means no mention. Click a cell to read its "
            "sentences.</p>"
        )
        claims = comparison.event.claims
        claims_help = (
            '<p class="wb-muted">agree = asserts the claim; disagree = disputes it; '
            "discuss = reports it without taking a side; absent = does not mention it. "
            "The number is the model's confidence.</p>"
            + '<ul class="wb-muted">'
            + "".join(
                f"<li><b>{_esc(claim_id)}</b>: {self._t(text)}</li>"
                for claim_id, text in zip(claims["claim_id"], claims["text"])
            )
            + "</ul>"
        )
        self._finish(
            [
                widgets.HTML("<h4>Stance toward the targets</h4>" + legend),
                self.voice,
                self.stance_cells,
                widgets.HTML("<h4>Claims</h4>" + claims_help),
                self.claim_cells,
                self.detail,
            ]
        )
        self._build_claims()
        self.voice.observe(self.refresh, names="value")
        self.refresh()

    @_shows_errors
    def refresh(self, change: Any = None) -> None:
        """Colour the target grid for the chosen voice; keep the selected cell."""
        voice = self.voice.value
        stance = self.comparison.stance
        self.table = stance[stance["voice"] == voice].reset_index(drop=True)
        names = _target_names(self.comparison)
        targets = list(self.comparison.event.targets["target_id"])
        cells: list[widgets.Widget] = [widgets.Label("")]
        cells += [widgets.Label(names.get(t, t), tooltip=names.get(t, t)) for t in targets]
        by_cell = self.table.set_index(["source", "target_id"])
        self.buttons = {}
        for source in self._sources:
            cells.append(widgets.Label(self.mask.name(source)))
            for target_id in targets:
                row = (
                    by_cell.loc[(source, target_id)]
                    if (source, target_id) in by_cell.index
                    else None
                )
                value = None if row is None else row["stance"]
                small = bool(row is not None and row["small_sample"])
                button = widgets.Button(
                    description="–"
                    if _missing(value)
                    else _number(value, "+.2f") + ("*" if small else ""),
                    tooltip=self._cell_tooltip(source, names.get(target_id, target_id), row),
                    layout=widgets.Layout(width="auto"),
                )
                colour = _stance_colour(value)
                button.style.button_color = colour
                button.style.text_color = figures.text_colour(colour)
                button.on_click(lambda _b, s=source, t=target_id: self.select_cell(s, t))
                self.buttons[(source, target_id)] = button
                cells.append(button)
        self.stance_cells.layout.grid_template_columns = (
            f"minmax(120px, max-content) repeat({len(targets)}, minmax(64px, 1fr))"
        )
        self.stance_cells.children = cells
        if self.selected and self.selected[0] == "stance":
            self.select_cell(self.selected[1], self.selected[2])

    def _cell_tooltip(self, source: str, target: str, row: pd.Series | None) -> str:
        who = self.mask.name(source)
        if row is None or _missing(row["stance"]):
            return f"{who} does not mention {target}"
        return (
            f"{who} → {target}: {_number(row['stance'], '+.2f')} "
            f"(90% interval {_number(row['ci_low'])} to {_number(row['ci_high'])}), "
            f"{int(row['n_sentences'])} sentence(s)"
            + ("; small sample" if row["small_sample"] else "")
        )

    def _build_claims(self) -> None:
        claims = self.comparison.event.claims
        table = self.comparison.claim_stance
        by_cell = table.set_index(["source", "claim_id"])
        cells: list[widgets.Widget] = [widgets.Label("")]
        cells += [
            widgets.Label(str(claim_id), tooltip=str(text))
            for claim_id, text in zip(claims["claim_id"], claims["text"])
        ]
        self.claim_buttons = {}
        for source in self._sources:
            cells.append(widgets.Label(self.mask.name(source)))
            for claim_id, text in zip(claims["claim_id"], claims["text"]):
                if (source, claim_id) in by_cell.index:
                    row = by_cell.loc[(source, claim_id)]
                    label, confidence = str(row["label"]), float(row["confidence"])
                else:
                    label, confidence = "absent", float("nan")
                colour = figures.CLAIM_COLOURS.get(label, figures.MISSING_COLOUR)
                button = widgets.Button(
                    description=f"{label} {_number(confidence)}",
                    tooltip=f"{self.mask.name(source)} — “{self.mask.text(text)}”: {label}",
                    layout=widgets.Layout(width="auto"),
                )
                button.style.button_color = colour
                button.style.text_color = figures.text_colour(colour)
                button.on_click(lambda _b, s=source, c=claim_id: self.select_claim(s, c))
                self.claim_buttons[(source, claim_id)] = button
                cells.append(button)
        self.claim_cells.layout.grid_template_columns = (
            f"minmax(120px, max-content) repeat({len(claims)}, minmax(96px, 1fr))"
        )
        self.claim_cells.children = cells

    @_shows_errors
    def select_cell(self, source: str, target_id: str) -> None:
        """Show the sentences behind the stance of *source* toward *target_id*."""
        voice = self.voice.value
        self.selected = ("stance", source, target_id)
        evidence = self.comparison.stance_evidence(source, target_id, voice=voice)
        self.evidence = evidence.assign(source=source, target_id=target_id)
        name = _target_names(self.comparison).get(target_id, target_id)
        row = self.table[(self.table["source"] == source) & (self.table["target_id"] == target_id)]
        summary = "no mention" if row.empty else self._cell_tooltip(source, name, row.iloc[0])
        starts = self.comparison.sentences.set_index("sentence_id")["start"]
        rows = []
        for item in self.evidence.itertuples():
            offset = int(starts.get(item.sentence_id, 0))
            quoted = item.voice == "quoted"
            badge = (
                f'<span class="wb-badge wb-badge-quoted">quoted: '
                f"{self._t(_speaker_name(item.speaker, _target_names(self.comparison)))}</span>"
                if quoted
                else '<span class="wb-badge">authorial</span>'
            )
            rows.append(
                [
                    badge,
                    _number(item.score, "+.2f"),
                    _marked(
                        str(item.sentence),
                        int(item.start) - offset,
                        int(item.end) - offset,
                        self.mask,
                    ),
                ]
            )
        self.detail.value = (
            _STYLE
            + f"<h4>{self._s(source)} → {_esc(name)} ({_esc(voice)})</h4>"
            + f'<p class="wb-muted">{self._t(summary)}</p>'
            + _table_html(["voice", "score", "sentence (mention marked)"], rows, numeric=(1,))
        )

    @_shows_errors
    def select_claim(self, source: str, claim_id: str) -> None:
        """Show the sentences of *source* most related to the claim *claim_id*."""
        self.selected = ("claim", source, claim_id)
        evidence = self.comparison.claim_evidence(source, claim_id)
        voices = _voice_of_sentences(self.comparison, evidence["sentence_id"])
        texts = self.comparison.sentences.set_index("sentence_id")["text"]
        self.evidence = evidence.assign(
            source=source,
            claim_id=claim_id,
            sentence=[texts.get(sid, "") for sid in evidence["sentence_id"]],
            voice=[voices.get(sid, ("authorial", None))[0] for sid in evidence["sentence_id"]],
            speaker=[voices.get(sid, ("authorial", None))[1] for sid in evidence["sentence_id"]],
        )
        claims = self.comparison.event.claims
        claim_text = dict(zip(claims["claim_id"], claims["text"])).get(claim_id, claim_id)
        rows = []
        for item in self.evidence.itertuples():
            badge = (
                f'<span class="wb-badge wb-badge-quoted">{_esc(item.voice)}: '
                f"{self._t(item.speaker)}</span>"
                if item.voice != "authorial"
                else '<span class="wb-badge">authorial</span>'
            )
            rows.append(
                [
                    badge,
                    _esc(getattr(item, "label", "")),
                    _number(getattr(item, "related", float("nan"))),
                    self._t(item.sentence),
                ]
            )
        self.detail.value = (
            _STYLE
            + f"<h4>{self._s(source)} — “{_esc(claim_text)}”</h4>"
            + _table_html(["voice", "label", "related", "sentence"], rows, numeric=(2,))
        )


# =========================================================================== framing
def _highlight_words(text: str, words: Iterable[str], mask: OutletMask | _NoMask) -> str:
    """*text* escaped and masked, every occurrence of *words* in a ``<mark>``."""
    words = sorted({str(w) for w in words if str(w).strip()}, key=len, reverse=True)
    if not words:
        return _esc(mask.text(text))
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
    )
    pieces = pattern.split(text)
    return "".join(
        f'<mark class="wb-mark">{_esc(mask.text(piece))}</mark>'
        if k % 2
        else _esc(mask.text(piece))
        for k, piece in enumerate(pieces)
    )


class FramingView(_View):
    """Frame profile of each source, the sentences behind a frame, emphasis topics.

    Controls: ``frame`` and ``source`` (which frame's evidence to read in which source).
    Tables: ``table`` (the frame profile), ``evidence`` (the frame sentences shown),
    ``topics`` (topic × source shares).
    """

    def __init__(self, comparison: Comparison, *, mask: OutletMask | None = None) -> None:
        self._start(comparison, mask)
        framing = comparison.framing
        self.table = framing
        totals = framing.drop(columns=["other"], errors="ignore").sum(axis=0)
        frames = list(totals.sort_values(ascending=False, kind="stable").index)
        self.frame = widgets.Dropdown(
            options=[(figures.FRAME_NAMES.get(f, f), f) for f in frames], description="Frame"
        )
        self.source = widgets.Dropdown(options=self._source_options(), description="Source")
        masked = framing.rename(index=self.mask.name)
        if not isinstance(self.mask, _NoMask):
            masked = masked.sort_index()
        self.chart = widgets.Image(
            value=_image(figures.frame_bars(masked)),
            format="png",
            layout=widgets.Layout(max_width="100%", height="auto", object_fit="contain"),
        )
        self.detail = widgets.HTML()
        self.topics_html = widgets.HTML()
        self.evidence = pd.DataFrame()
        self._definitions = _frame_definitions()
        self._finish(
            [
                widgets.HTML(
                    _STYLE + "<h4>Frames</h4><p class='wb-muted'>A frame is the angle a "
                    "story is told from (security, morality, law, ...). Each bar is the "
                    "frame's share of the source's frame cues (cue words per word of each "
                    "sentence, summed; a source's bars add up to 100 %).</p>"
                ),
                self.chart,
                widgets.HBox([self.frame, self.source]),
                self.detail,
                widgets.HTML("<h4>What each source dwells on (emphasis topics)</h4>"),
                self.topics_html,
            ]
        )
        self.frame.observe(self.refresh, names="value")
        self.source.observe(self.refresh, names="value")
        self.refresh()
        self.show_topics()

    @_shows_errors
    def refresh(self, change: Any = None) -> None:
        """The sentences of the chosen source that carry the chosen frame."""
        frame, source = self.frame.value, self.source.value
        if frame is None:
            self.detail.value = '<p class="wb-muted">No frame found.</p>'
            return
        self.evidence = self.comparison.frame_evidence(source, frame, n=8)
        share = self.table.loc[source, frame] if frame in self.table.columns else float("nan")
        rows = [
            [
                _number(row.score, ".2f"),
                self._t(", ".join(row.cues)),
                _highlight_words(str(row.text), row.cues, self.mask),
            ]
            for row in self.evidence.itertuples()
        ]
        self.detail.value = (
            _STYLE
            + f"<p><b>{_esc(figures.FRAME_NAMES.get(frame, frame))}</b>: "
            + f"{_esc(self._definitions.get(frame, ''))}</p>"
            + f'<p class="wb-muted">{self._s(source)}: {_percent(share)} of its framing.</p>'
            + _table_html(["cues per word", "cues", "sentence"], rows, numeric=(0,))
        )

    @_shows_errors
    def show_topics(self) -> None:
        """Each source's share of each emphasis topic (largest share in bold)."""
        topics, shares = self.comparison.topics, self.comparison.topic_shares
        self.topics = shares.pivot_table(
            index="topic_id", columns="source", values="share", aggfunc="sum"
        )
        sources = [s for s in self._sources if s in self.topics.columns]
        rows = []
        for topic in topics.itertuples():
            if topic.topic_id not in self.topics.index:
                continue
            values = self.topics.loc[topic.topic_id, sources]
            best = values.max()
            terms = ", ".join(t for t in topic.top_terms if not self.mask.identifies(t))
            rows.append(
                [self._t(terms)]
                + [
                    f"<b>{_percent(v)}</b>" if v == best and best > 0 else _percent(v)
                    for v in values
                ]
            )
        header = ["topic (top terms)", *(self.mask.name(s) for s in sources)]
        self.topics_html.value = _STYLE + _table_html(
            header, rows, numeric=tuple(range(1, len(header)))
        )


def _frame_definitions() -> dict[str, str]:
    try:
        from workbench.framing import frame_definitions
    except ImportError:  # pragma: no cover - framing ships with workbench
        return {}
    return frame_definitions()


# ========================================================================== sourcing
class SourcingView(_View):
    """Who is quoted where and how much; the figures the sources disagree on.

    Controls: ``source`` (its quotes, with speakers and verbs) and ``quantity`` (a
    figure the sources disagree on: each source's value with its sentence). Tables:
    ``table`` (quotes of the chosen source), ``speakers`` (speaker × source counts),
    ``evidence`` (the figures of the chosen quantity).
    """

    def __init__(self, comparison: Comparison, *, mask: OutletMask | None = None) -> None:
        self._start(comparison, mask)
        self._names = _target_names(comparison)
        sourcing = comparison.sourcing
        disagreements = comparison.number_disagreements
        self.source = widgets.Dropdown(options=self._source_options(), description="Source")
        self.quantity = widgets.Dropdown(
            options=[
                (f"{row.counts} ({row.unit}): {row.min_value:g} to {row.max_value:g}", k)
                for k, row in enumerate(disagreements.itertuples())
            ],
            description="Figure",
        )
        self.chart = widgets.Image(
            value=_image(figures.sourcing_bars(self._mask_sources(sourcing, "source"))),
            format="png",
            layout=widgets.Layout(max_width="100%", height="auto", object_fit="contain"),
        )
        masked_numbers = disagreements.assign(
            values=[
                tuple((self.mask.name(s), v) for s, v in values)
                for values in disagreements["values"]
            ]
        )
        self.numbers_chart = widgets.Image(
            value=_image(figures.number_disagreement_plot(masked_numbers)),
            format="png",
            layout=widgets.Layout(max_width="720px", height="auto", object_fit="contain"),
        )
        self.speakers = self._speaker_table()
        self.profile_html = widgets.HTML(self._profile_html(sourcing))
        self.speakers_html = widgets.HTML(self._speakers_html())
        self.quotes_html = widgets.HTML()
        self.numbers_html = widgets.HTML()
        self.table = pd.DataFrame()
        self.evidence = pd.DataFrame()
        self._finish(
            [
                widgets.HTML(_STYLE + "<h4>Who speaks, and how much</h4>"),
                self.chart,
                self.profile_html,
                widgets.HTML("<h4>Who is quoted where</h4>"),
                self.speakers_html,
                self.source,
                self.quotes_html,
                widgets.HTML("<h4>Figures the sources disagree on</h4>"),
                self.numbers_chart,
                self.quantity,
                self.numbers_html,
            ]
        )
        self.source.observe(self.refresh, names="value")
        self.quantity.observe(self.show_quantity, names="value")
        self.refresh()
        self.show_quantity()

    def _speaker_table(self) -> pd.DataFrame:
        quotes = self.comparison.quotes
        if quotes.empty:
            return pd.DataFrame()
        who = quotes["speaker"].map(lambda s: _speaker_name(s, self._names))
        return pd.crosstab(who.rename("speaker"), quotes["source"]).reindex(
            columns=self.comparison.sources, fill_value=0
        )

    def _profile_html(self, sourcing: pd.DataFrame) -> str:
        rows = []
        by_source = sourcing.set_index("source")
        for source in self._sources:
            if source not in by_source.index:
                continue
            row = by_source.loc[source]
            speakers = ", ".join(
                f"{self._t(_speaker_name(name, self._names))} ({int(n)})"
                for name, n in list(row["speakers"])[:5]
            )
            verbs = ", ".join(f"{_esc(verb)} ({int(n)})" for verb, n in list(row["verbs"])[:4])
            rows.append(
                [
                    self._s(source),
                    _esc(int(row["n_direct"])),
                    _esc(int(row["n_indirect"])),
                    _esc(int(row["n_speakers"])),
                    _percent(row["share_quoted"]),
                    speakers or "–",
                    verbs or "–",
                ]
            )
        header = ["source", "direct", "indirect", "speakers", "text quoted", "most quoted", "verbs"]
        return _STYLE + _table_html(header, rows, numeric=(1, 2, 3, 4))

    def _speakers_html(self) -> str:
        if self.speakers.empty:
            return '<p class="wb-muted">No quotes found.</p>'
        table = self.speakers.loc[self.speakers.sum(axis=1).sort_values(ascending=False).index]
        sources = [s for s in self._sources if s in table.columns]
        rows = [
            [self._t(speaker)] + [_esc(int(n)) if n else "·" for n in table.loc[speaker, sources]]
            for speaker in table.index[:25]
        ]
        header = ["speaker", *(self.mask.name(s) for s in sources)]
        return _STYLE + _table_html(header, rows, numeric=tuple(range(1, len(header))))

    @_shows_errors
    def refresh(self, change: Any = None) -> None:
        """The quotes of the chosen source: speaker, verb, kind and words."""
        quotes = self.comparison.quotes
        self.table = quotes[quotes["source"] == self.source.value].reset_index(drop=True)
        rows = [
            [
                self._t(_speaker_name(row.speaker, self._names)),
                _esc(row.kind),
                _esc(_or(row.verb)),
                self._t(row.text),
            ]
            for row in self.table.itertuples()
        ]
        self.quotes_html.value = _STYLE + _table_html(["speaker", "kind", "verb", "words"], rows)

    @_shows_errors
    def show_quantity(self, change: Any = None) -> None:
        """Each source's value of the chosen figure, with the sentence it comes from."""
        disagreements = self.comparison.number_disagreements
        if self.quantity.value is None or disagreements.empty:
            self.evidence = pd.DataFrame()
            self.numbers_html.value = '<p class="wb-muted">The sources agree on every figure.</p>'
            return
        row = disagreements.iloc[self.quantity.value]
        numbers = self.comparison.numbers
        self.evidence = numbers[numbers["figure_id"].isin(row["figure_ids"])].reset_index(drop=True)
        starts = self.comparison.sentences.set_index(["article_id", "sentence_index"])["start"]
        published = dict(
            zip(self.comparison.articles["article_id"], self.comparison.articles["published"])
        )
        cells = []
        for item in self.evidence.sort_values("value", kind="stable").itertuples():
            offset = int(starts.get((item.article_id, item.sentence_index), 0))
            cells.append(
                [
                    self._s(item.source),
                    _esc(f"{item.value:g}") + (" (about)" if item.approximate else ""),
                    self._when(published.get(item.article_id)),
                    _marked(
                        str(item.sentence),
                        int(item.start) - offset,
                        int(item.end) - offset,
                        self.mask,
                    ),
                ]
            )
        self.numbers_html.value = _STYLE + _table_html(
            ["source", "value", "published", "sentence"], cells, numeric=(1,)
        )


# ========================================================================= bias lens
#: Style feature read by the "unattributed" lens.
_UNATTRIBUTED_FEATURE = "unattributed"


def _sentence_index_of(comparison: Comparison) -> dict[str, tuple[str, int, str]]:
    sentences = comparison.sentences
    return {
        sid: (article_id, int(index), text)
        for sid, article_id, index, text in zip(
            sentences["sentence_id"],
            sentences["article_id"],
            sentences["sentence_index"],
            sentences["text"],
        )
    }


def _row(lens: str, source: str, ref: tuple | None, text: str, why: str) -> dict[str, Any]:
    article_id, index = (ref[0], int(ref[1])) if ref else (None, -1)
    return {
        "lens": lens,
        "source": source,
        "article_id": article_id,
        "sentence_index": index,
        "text": text,
        "why": why,
    }


def _lens_omission(comparison: Comparison, sources: list[str], n: int, mask: Any) -> list[dict]:
    index = _sentence_index_of(comparison)
    omitted = comparison.omitted_content
    rows = []
    for source in sources:
        for item in omitted[omitted["source"] == source].head(n).itertuples():
            ref = index.get(item.sentence_ids[0]) if len(item.sentence_ids) else None
            rows.append(
                _row(
                    "omission",
                    source,
                    ref,
                    item.text,
                    f"every other source ({int(item.n_sources)}) reports this; this one does not",
                )
            )
    return rows


def _lens_placement(comparison: Comparison, sources: list[str], n: int, mask: Any) -> list[dict]:
    index = _sentence_index_of(comparison)
    coverage = comparison.coverage
    shared = coverage[(coverage["n_sources"] >= 2) & coverage["present"].astype(bool)]
    by_unit = {unit: group for unit, group in shared.groupby("unit_id", sort=False)}
    rows = []
    for source in sources:
        found = []
        for group in by_unit.values():
            mine = group["source"] == source
            if not mine.any() or mine.all():
                continue
            own = group[mine].iloc[0]
            position = float(own["relative_position"])
            elsewhere = float(group.loc[~mine, "relative_position"].mean())
            found.append((abs(position - elsewhere), own, position, elsewhere))
        found.sort(key=lambda item: -item[0])
        for gap, own, position, elsewhere in found[:n]:
            if gap < 0.2:
                break
            ref = index.get(own["sentence_ids"][0]) if len(own["sentence_ids"]) else None
            first = int(own["first_sentence_index"])
            where = "in the lead" if first <= 1 else f"sentence {first + 1}"
            rows.append(
                _row(
                    "placement",
                    source,
                    ref,
                    ref[2] if ref else own["text"],
                    f"here {where} ({position:.0%} into the article); "
                    f"the other sources place it {elsewhere:.0%} in on average",
                )
            )
    return rows


def _lens_word_choice(comparison: Comparison, sources: list[str], n: int, mask: Any) -> list[dict]:
    index = _sentence_index_of(comparison)
    names = _target_names(comparison)
    labels = comparison.labels
    labelled = comparison.target_labels
    rows = []
    for source in sources:
        own = labels[(labels["source"] == source) & (labels["n_mentions"] > 0)]
        others = labels[(labels["source"] != source) & (labels["n_mentions"] > 0)]
        used_elsewhere = set(zip(others["target_id"], others["label"]))
        distinct = own[
            [(t, lab) not in used_elsewhere for t, lab in zip(own["target_id"], own["label"])]
        ]
        distinct = distinct.sort_values("n_mentions", ascending=False, kind="stable").head(n)
        for item in distinct.itertuples():
            if mask.identifies(item.label):
                continue
            hits = labelled[
                (labelled["source"] == source)
                & (labelled["target_id"] == item.target_id)
                & (labelled["label"] == item.label)
            ]
            ref = index.get(hits["sentence_id"].iloc[0]) if len(hits) else None
            rows.append(
                _row(
                    "word_choice",
                    source,
                    ref,
                    ref[2] if ref else "",
                    f"names {names.get(item.target_id, item.target_id)} “{item.label}” "
                    f"({int(item.n_mentions)}×); no other source uses this label",
                )
            )
        if len(comparison.sources) < 2:
            continue
        terms = comparison.distinctive_terms(source)
        terms = terms[(terms["z"] > 0) & ~terms["term"].map(mask.identifies)].head(3)
        for term in terms.itertuples():
            kwic = comparison.keyword_in_context(term.term)
            kwic = kwic[kwic["source"] == source]
            ref = index.get(kwic["sentence_id"].iloc[0]) if len(kwic) else None
            rows.append(
                _row(
                    "word_choice",
                    source,
                    ref,
                    ref[2] if ref else "",
                    f"“{term.term}” is typical of this source "
                    f"(z = {term.z:.1f}, used {int(term.n_target)}×)",
                )
            )
    return rows


def _lens_sourcing(comparison: Comparison, sources: list[str], n: int, mask: Any) -> list[dict]:
    index = _sentence_index_of(comparison)
    names = _target_names(comparison)
    quotes = comparison.quotes
    rows = []
    quoted_targets = quotes.dropna(subset=["target_id"]).groupby("target_id")["source"].unique()
    for source in sources:
        own = quotes[quotes["source"] == source]
        for target_id, quoting in quoted_targets.items():
            if source not in set(quoting):
                rows.append(
                    _row(
                        "sourcing",
                        source,
                        None,
                        "",
                        f"never quotes {_voice_of_target(comparison, target_id)}, whom "
                        f"{len(quoting)} other source(s) quote",
                    )
                )
        for item in own.sort_values("n_words", ascending=False, kind="stable").head(n).itertuples():
            ref = index.get(f"{item.article_id}:{item.sentence_index}")
            kind = "quotes" if item.kind == "direct" else "reports the words of"
            verb = f" (“{item.verb}”)" if item.verb else ""
            rows.append(
                _row(
                    "sourcing",
                    source,
                    ref,
                    ref[2] if ref else item.text,
                    f"{kind} {_speaker_name(item.speaker, names)}{verb}",
                )
            )
        if own.empty:
            rows.append(_row("sourcing", source, None, "", "quotes no one"))
    return rows


@functools.lru_cache(maxsize=8)
def _style_pattern(feature: str) -> re.Pattern[str]:
    """The shipped word list of a style feature, compiled as the style module does."""
    from workbench.style import style_lexicon
    from workbench.terms import compile_terms

    return compile_terms(style_lexicon()[feature])[0]


def _lens_style(
    comparison: Comparison, sources: list[str], n: int, features: Sequence[str], lens: str, why: str
) -> list[dict]:
    """The sentences of each source with the most matches of *features*.

    Ranked from the cached ``style_sentences`` table (as ``style_evidence`` ranks them:
    most matches first, ties in text order); the matched words are named in ``why``.
    """
    index = _sentence_index_of(comparison)
    table = comparison.style_sentences
    rows = []
    for source in sources:
        own = table[table["source"] == source]
        for feature in features:
            column = "unattributed" if feature == "unattributed" else f"n_{feature}"
            value = own[column].astype(int)
            top = own.assign(_value=value)[value > 0]
            top = top.sort_values("_value", ascending=False, kind="stable").head(n)
            for item in top.itertuples():
                ref = index.get(item.sentence_id)
                text = ref[2] if ref else ""
                cues = ()
                if feature != "unattributed":
                    found = _style_pattern(feature).finditer(text)
                    cues = tuple(dict.fromkeys(m.group(0).lower() for m in found))
                detail = f": {', '.join(cues)}" if cues else ""
                rows.append(_row(lens, source, ref, text, f"{why}{detail}"))
    return rows


def _lens_spin(comparison: Comparison, sources: list[str], n: int, mask: Any) -> list[dict]:
    return [
        *_lens_style(comparison, sources, n, ("loaded",), "spin", "loaded or emotional words"),
        *_lens_style(comparison, sources, n, ("intensifiers",), "spin", "intensifiers"),
    ]


def _lens_unattributed(comparison: Comparison, sources: list[str], n: int, mask: Any) -> list[dict]:
    return _lens_style(
        comparison,
        sources,
        n,
        (_UNATTRIBUTED_FEATURE,),
        "unattributed",
        "a claim with no one named as its source",
    )


def _lens_opinion(comparison: Comparison, sources: list[str], n: int, mask: Any) -> list[dict]:
    index = _sentence_index_of(comparison)
    names = _target_names(comparison)
    kinds = dict(zip(comparison.articles["article_id"], comparison.articles["kind"]))
    polarity = comparison.mention_polarity
    authorial = polarity[polarity["voice"] == "authorial"]
    rows = []
    for source in sources:
        own = authorial[authorial["source"] == source]
        per_sentence = own.groupby("sentence_id", sort=False).agg(
            score=("score", "mean"),
            target_id=("target_id", "first"),
            article_id=("article_id", "first"),
        )
        per_sentence = per_sentence[per_sentence["score"].abs() >= 0.3]
        order = per_sentence["score"].abs().sort_values(ascending=False, kind="stable").index
        for sid in order[:n]:
            item = per_sentence.loc[sid]
            kind = kinds.get(item["article_id"]) or "news"
            piece = "a news report" if kind == "news" else f"a piece labelled {kind}"
            rows.append(
                _row(
                    "opinion_as_fact",
                    source,
                    index.get(sid),
                    index[sid][2] if sid in index else "",
                    f"judges {names.get(item['target_id'], item['target_id'])} "
                    f"({_number(item['score'], '+.2f')}) in the outlet's own voice, in {piece}",
                )
            )
    return rows


def _lens_headline(comparison: Comparison, sources: list[str], n: int, mask: Any) -> list[dict]:
    names = _target_names(comparison)
    headlines = comparison.headlines
    rows = []
    for source in sources:
        own = headlines[headlines["source"] == source]
        for article_id, group in own.groupby("article_id", sort=False):
            words = [w for w in group["distinctive_words"].iloc[0] if not mask.identifies(w)]
            tones = [
                f"{names.get(t, t)} {_number(s, '+.2f')}"
                for t, s in zip(group["target_id"], group["stance"])
                if t is not None and not _missing(t)
            ]
            why = "words no other headline uses: " + (", ".join(words) or "none")
            why += "; names " + ("; ".join(tones) if tones else "no target")
            rows.append(_row("headline", source, (article_id, -1), group["title"].iloc[0], why))
    return rows


_LENS_BUILDERS = {
    "omission": _lens_omission,
    "placement": _lens_placement,
    "word_choice": _lens_word_choice,
    "sourcing": _lens_sourcing,
    "spin": _lens_spin,
    "unattributed": _lens_unattributed,
    "opinion_as_fact": _lens_opinion,
    "headline": _lens_headline,
}


def bias_lens(
    comparison: Comparison,
    lens: str,
    *,
    source: str | None = None,
    n: int = 5,
    mask: OutletMask | None = None,
) -> pd.DataFrame:
    """The findings of one bias lens, as evidence sentences of this event.

    Regroups the comparison's tables by the kinds of media bias taught in class
    (:data:`LENSES`): omitted content, placement in the article, labels and
    distinctive terms, sourcing, loaded language, unattributed claims, judgements in
    the outlet's own voice, headlines.

    Parameters
    ----------
    comparison : Comparison
        Where the tables come from.
    lens : str
        A key of :data:`LENSES`.
    source : str, optional
        One source; all sources by default.
    n : int, default 5
        At most this many findings of each kind per source.
    mask : OutletMask, optional
        Leaves out terms that would identify an outlet.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LENS_COLUMNS`.
    """
    if lens not in LENSES:
        raise ValueError(f"no lens {lens!r}; choose one of {list(LENSES)}")
    sources = list(comparison.sources) if source is None else [source]
    rows = _LENS_BUILDERS[lens](comparison, sources, n, mask or _NO_MASK)
    return pd.DataFrame(rows, columns=LENS_COLUMNS)


class BiasLensView(_View):
    """The findings regrouped by kind of bias, each with a plain-language definition.

    Controls: ``lens`` (omission, placement, word choice, ...) and ``source`` (all or
    one). ``table`` is the evidence shown (:data:`LENS_COLUMNS`).
    """

    def __init__(self, comparison: Comparison, *, mask: OutletMask | None = None) -> None:
        self._start(comparison, mask)
        self.lens = widgets.Dropdown(
            options=[(title, key) for key, (title, _) in LENSES.items()], description="Lens"
        )
        self.source = widgets.Dropdown(
            options=[("all sources", None), *self._source_options()], description="Source"
        )
        self.definition = widgets.HTML()
        self.detail = widgets.HTML()
        self.table = pd.DataFrame(columns=LENS_COLUMNS)
        self._found: dict[tuple[str, str | None], pd.DataFrame] = {}
        overview = "".join(
            f"<li><b>{_esc(title)}</b>: {_esc(text)}</li>" for title, text in LENSES.values()
        )
        self._finish(
            [
                widgets.HTML(
                    _STYLE + "<details><summary>What are these lenses?</summary>"
                    f"<ul>{overview}</ul></details>"
                ),
                widgets.HBox([self.lens, self.source]),
                self.definition,
                self.detail,
            ]
        )
        self.lens.observe(self.refresh, names="value")
        self.source.observe(self.refresh, names="value")
        self.refresh()

    @_shows_errors
    def refresh(self, change: Any = None) -> None:
        """The evidence of the chosen lens for the chosen source(s)."""
        title, definition = LENSES[self.lens.value]
        self.definition.value = f"<h4>{_esc(title)}</h4><p>{_esc(definition)}</p>"
        key = (self.lens.value, self.source.value)
        if key not in self._found:  # the comparison's tables never change: keep findings
            self._found[key] = bias_lens(
                self.comparison, self.lens.value, source=self.source.value, mask=self.mask
            )
        self.table = self._found[key]
        ordered = self.table.assign(_key=self.table["source"].map(self.mask.sort_key))
        ordered = ordered.sort_values("_key", kind="stable")
        rows = [
            [
                self._s(row.source),
                self._t(row.why),
                self._t(row.text) if row.text else '<span class="wb-muted">(absent)</span>',
            ]
            for row in ordered.itertuples()
        ]
        self.detail.value = _STYLE + _table_html(["source", "what it shows", "evidence"], rows)


# ========================================================================= classroom
def exercise_prompts(comparison: Comparison, mask: OutletMask | None = None) -> pd.DataFrame:
    """Exercise prompts for a class, derived from this event's tables.

    Each prompt is built from what the comparison found (who quotes whom, figures that
    differ, stance spread, omitted content, labels, claims), never written per event.

    Parameters
    ----------
    comparison : Comparison
        Where the tables come from.
    mask : OutletMask, optional
        Names sources by their masked names in prompts and answers.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`EXERCISE_COLUMNS`; the answer names sources (masked).
    """
    mask = mask or _NO_MASK
    names = _target_names(comparison)
    sources = list(comparison.sources)

    def listing(items: Iterable[str]) -> str:
        return ", ".join(sorted(mask.name(s) for s in items))

    prompts: list[tuple[str, str, str]] = []
    quotes = comparison.quotes
    quoted = quotes.dropna(subset=["target_id"]).groupby("target_id")["source"].unique()
    candidates = [
        (len(set(q)), target_id, set(q))
        for target_id, q in quoted.items()
        if 0 < len(set(q)) < len(sources)
    ]
    for _, target_id, quoting in sorted(candidates, key=lambda c: (-c[0], str(c[1])))[:2]:
        silent = [s for s in sources if s not in quoting]
        prompts.append(
            (
                "sourcing",
                f"Which {'sources never quote' if len(silent) > 1 else 'source never quotes'} "
                f"{_voice_of_target(comparison, target_id)}? "
                "What does the reader miss as a result?",
                f"{listing(silent)} (quoted by {listing(quoting)})",
            )
        )
    disagreements = comparison.number_disagreements
    for row in disagreements.head(1).itertuples():
        values = "; ".join(f"{mask.name(s)}: {v:g}" for s, v in row.values)
        prompts.append(
            (
                "figures",
                f"The sources give different figures for “{row.counts}” ({row.unit}), from "
                f"{row.min_value:g} to {row.max_value:g}. Find each figure. Why might they "
                "differ (time of publication, who is counting, who is counted)?",
                values,
            )
        )
    stance = comparison.stance
    stance = stance[(stance["voice"] == "all") & stance["stance"].notna()]
    spread = stance.groupby("target_id")["stance"].agg(lambda v: v.max() - v.min())
    if len(spread) and spread.max() > 0:
        target_id = spread.idxmax()
        rows = stance[stance["target_id"] == target_id].sort_values("stance")
        prompts.append(
            (
                "stance",
                f"Which source is most favourable toward {names.get(target_id, target_id)}, "
                "and which most hostile? Underline the words that show it.",
                f"most favourable: {mask.name(rows['source'].iloc[-1])} "
                f"({_number(rows['stance'].iloc[-1], '+.2f')}); most hostile: "
                f"{mask.name(rows['source'].iloc[0])} ({_number(rows['stance'].iloc[0], '+.2f')})",
            )
        )
    omitted = comparison.omitted_content
    if len(omitted):
        source = omitted["source"].value_counts().index[0]
        texts = omitted[omitted["source"] == source]["text"].head(2)
        prompts.append(
            (
                "omission",
                f"{mask.name(source)} leaves out something that every other source reports. "
                "What is it, and does leaving it out change the story?",
                " / ".join(mask.text(t) for t in texts),
            )
        )
    labels = comparison.labels
    labels = labels[labels["n_mentions"] > 0]
    if len(labels):
        variety = labels.groupby("target_id")["label"].nunique().sort_values(ascending=False)
        target_id = variety.index[0]
        if variety.iloc[0] > 1:
            own = labels[labels["target_id"] == target_id]
            top = own.sort_values("n_mentions", ascending=False).drop_duplicates("source")
            shown = [lab for lab in dict.fromkeys(top["label"]) if not mask.identifies(lab)]
            prompts.append(
                (
                    "word choice",
                    f"The sources name {names.get(target_id, target_id)} in different ways "
                    f"({', '.join('“' + lab + '”' for lab in shown[:5])}). Which source uses "
                    "which name, and what does each choice suggest?",
                    "; ".join(
                        f"{mask.name(s)}: “{lab}”"
                        for s, lab in sorted(
                            zip(top["source"], top["label"]), key=lambda p: mask.name(p[0])
                        )
                        if not mask.identifies(lab)
                    ),
                )
            )
    claims = comparison.claim_stance
    claim_texts = dict(zip(comparison.event.claims["claim_id"], comparison.event.claims["text"]))
    for claim_id, group in claims.groupby("claim_id", sort=False):
        agree = group[group["label"] == "agree"]["source"]
        disagree = group[group["label"] == "disagree"]["source"]
        if len(agree) and len(disagree):
            prompts.append(
                (
                    "claims",
                    f"Which sources assert that “{claim_texts.get(claim_id, claim_id)}”, and "
                    "which dispute it? What evidence does each side give?",
                    f"assert: {listing(agree)}; dispute: {listing(disagree)}",
                )
            )
            break
    return pd.DataFrame(prompts, columns=EXERCISE_COLUMNS)


class ClassroomView(_View):
    """Blind reading for a class: guess each outlet's lean and name, then reveal.

    Outlets appear as "Source A", "Source B", ...; their names, the words of their names,
    authors and web hosts are replaced by ``[outlet]`` in headlines and texts (see
    :class:`OutletMask`). For each source a student picks a lean (``lean_guess``) and an
    outlet (``outlet_guess``). The Reveal button (``reveal_button``; or :meth:`reveal`)
    sets ``revealed`` and shows the answers: outlet, kind, country and lean next to the
    guesses, the annotations written with a teaching corpus (stance, frames) next to
    what the features found, and the answers to the exercises (``exercises``).

    Parameters
    ----------
    comparison : Comparison
    seed : int, default 0
        Which letter each outlet gets.
    """

    revealed = traitlets.Bool(False)

    def __init__(self, comparison: Comparison, *, seed: int = 0) -> None:
        self._start(comparison, OutletMask(comparison, seed=seed))
        articles = comparison.articles
        leans = [value for _, value in LEAN_CHOICES]
        extra = sorted({str(v) for v in articles["lean"].dropna() if str(v) not in leans})
        lean_options = [
            (_NOT_CHOSEN, None),
            *LEAN_CHOICES,
            *((v, v) for v in extra),
            ("don't know", "unknown"),
        ]
        outlet_options = [(_NOT_CHOSEN, None), *((s, s) for s in sorted(comparison.sources))]
        self.lean_guess: dict[str, widgets.Dropdown] = {}
        self.outlet_guess: dict[str, widgets.Dropdown] = {}
        cards = []
        for source in self._sources:
            self.lean_guess[source] = widgets.Dropdown(
                options=lean_options, description="Lean", layout=widgets.Layout(width="260px")
            )
            self.outlet_guess[source] = widgets.Dropdown(
                options=outlet_options, description="Outlet", layout=widgets.Layout(width="320px")
            )
            own = articles[articles["source"] == source]
            heading = "".join(
                f"<p><b>{self._t(title)}</b><br><span class='wb-muted'>"
                f"{_esc(_or(kind, 'news'))} · {self._when(published)} · {int(n)} words</span></p>"
                for title, kind, published, n in zip(
                    own["title"], own["kind"], own["published"], own["n_words"]
                )
            )
            text = widgets.HTML(_STYLE + self._text_html(own["article_id"]))
            reading = widgets.Accordion(children=[text], titles=("Read the article",))
            cards.append(
                widgets.VBox(
                    [
                        widgets.HTML(_STYLE + f"<h4>{self._s(source)}</h4>{heading}"),
                        reading,
                        widgets.HBox([self.lean_guess[source], self.outlet_guess[source]]),
                    ],
                    layout=widgets.Layout(border="1px solid #ccc", padding="6px", margin="4px 0"),
                )
            )
        self.exercises = exercise_prompts(comparison, self.mask)
        prompts = "".join(
            f'<li class="wb-prompt">{self._t(row.prompt)}</li>'
            for row in self.exercises.itertuples()
        )
        self.reveal_button = widgets.Button(
            description="Reveal", button_style="warning", icon="eye"
        )
        self.answers = widgets.HTML()
        self.table = pd.DataFrame()
        self.features = pd.DataFrame()
        self._finish(
            [
                widgets.HTML(
                    _STYLE + "<h3>Who wrote what?</h3><p>Read the sources below without "
                    "knowing who published them. For each one, guess where it stands "
                    "and which outlet it is, then press <b>Reveal</b>.</p>"
                ),
                *cards,
                widgets.HTML(_STYLE + f"<h4>Exercises</h4><ol>{prompts}</ol>"),
                self.reveal_button,
                self.answers,
            ]
        )
        self.reveal_button.on_click(lambda _b: self.set_trait("revealed", not self.revealed))
        self.observe(self.refresh, names="revealed")

    def _text_html(self, article_ids: Iterable[str]) -> str:
        sentences = self.comparison.sentences
        parts = []
        for article_id in article_ids:
            own = sentences[sentences["article_id"] == article_id]
            for _, paragraph in own.groupby("paragraph_index", sort=True):
                parts.append(f"<p>{self._t(' '.join(paragraph['text']))}</p>")
        return f'<div class="wb-column">{"".join(parts)}</div>'

    def reveal(self) -> None:
        """Show the answers (what the Reveal button does)."""
        self.revealed = True

    def hide(self) -> None:
        """Hide the answers again."""
        self.revealed = False

    @_shows_errors
    def refresh(self, change: Any = None) -> None:
        """Fill or empty the answers panel."""
        if not self.revealed:
            self.reveal_button.description = "Reveal"
            self.answers.value = ""
            return
        self.reveal_button.description = "Hide the answers"
        articles = self.comparison.articles
        rows = []
        for source in self._sources:
            own = articles[articles["source"] == source].iloc[0]
            lean = None if _missing(own["lean"]) else str(own["lean"])
            rows.append(
                {
                    "label": self.mask.name(source),
                    "source": source,
                    "kind": own["kind"],
                    "country": own["country"],
                    "lean": lean,
                    "lean_guess": self.lean_guess[source].value,
                    "lean_correct": self.lean_guess[source].value == lean,
                    "outlet_guess": self.outlet_guess[source].value,
                    "outlet_correct": self.outlet_guess[source].value == source,
                }
            )
        self.table = pd.DataFrame(rows)
        self.features = self._features()
        right = int(self.table["outlet_correct"].sum())

        def mark(ok: bool, guess: Any) -> str:
            if guess is None:
                return '<span class="wb-muted">no guess</span>'
            return f"{'✓' if ok else '✗'} {_esc(guess)}"

        answer_rows = [
            [
                _esc(row.label),
                f"<b>{_esc(row.source)}</b>",
                _esc(_or(row.kind)),
                _esc(_or(row.country)),
                _esc(_or(row.lean)),
                mark(row.lean_correct, row.lean_guess),
                mark(row.outlet_correct, row.outlet_guess),
            ]
            for row in self.table.itertuples()
        ]
        feature_rows = [
            [
                _esc(self.mask.name(row.source)),
                _esc(row.source),
                _esc(row.annotated),
                _esc(row.measured),
            ]
            for row in self.features.itertuples()
        ]
        exercise_rows = [
            [_esc(row.prompt), _esc(row.answer)] for row in self.exercises.itertuples()
        ]
        self.answers.value = (
            _STYLE
            + f"<h4>Answers</h4><p>{right} of {len(self.table)} outlets guessed right.</p>"
            + _table_html(
                ["", "outlet", "kind", "country", "lean", "your lean", "your outlet"], answer_rows
            )
            + "<h4>What the annotators intended, and what the features found</h4>"
            + _table_html(["", "outlet", "annotations", "found by the features"], feature_rows)
            + "<h4>Exercise answers</h4>"
            + _table_html(["exercise", "answer"], exercise_rows)
        )

    def _features(self) -> pd.DataFrame:
        """Per source: the corpus annotations (stance, frames) next to the measured ones."""
        names = _target_names(self.comparison)
        annotated = (self.comparison.event.annotations or {}).get("articles") or {}
        articles = self.comparison.articles
        stance = self.comparison.stance
        stance = stance[stance["voice"] == "all"].set_index(["source", "target_id"])["stance"]
        framing = self.comparison.framing.drop(columns=["other"], errors="ignore")
        rows = []
        for source in self._sources:
            ids = list(articles.loc[articles["source"] == source, "article_id"])
            notes = [annotated.get(article_id) or {} for article_id in ids]
            intended_stance = {}
            for note in notes:
                intended_stance.update(note.get("stance") or {})
            frames_intended = [
                figures.FRAME_NAMES.get(f, f) for note in notes for f in (note.get("frames") or [])
            ]
            stance_text = ", ".join(
                f"{names.get(t, t)} {int(v):+d}" for t, v in intended_stance.items() if v
            )
            measured_stance = ", ".join(
                f"{names.get(t, t)} {_number(stance.get((source, t)), '+.2f')}"
                for t in (intended_stance or names)
                if (source, t) in stance.index and not _missing(stance.get((source, t)))
            )
            shares = framing.loc[source] if source in framing.index else pd.Series(dtype=float)
            top_frames = [
                figures.FRAME_NAMES.get(f, f)
                for f in shares.sort_values(ascending=False).index[:3]
                if shares[f] > 0
            ]
            rows.append(
                {
                    "source": source,
                    "annotated": (
                        f"stance (−2…+2): {stance_text or 'neutral'}; frames: "
                        f"{', '.join(frames_intended) or '–'}"
                    )
                    if notes and any(notes)
                    else "no annotations for this event",
                    "measured": f"stance (−1…+1): {measured_stance or '–'}; "
                    f"top frames: {', '.join(top_frames) or '–'}",
                }
            )
        return pd.DataFrame(rows, columns=["source", "annotated", "measured"])


# ========================================================================= dashboard
#: The tables :func:`dashboard` computes up front (with a progress bar), in order.
_TABLES = (
    "similarity",
    "source_similarity",
    "content_units",
    "coverage",
    "omitted_content",
    "quotes",
    "sourcing",
    "mentions",
    "target_labels",
    "labels",
    "mention_polarity",
    "stance",
    "claim_sentences",
    "claim_stance",
    "frame_sentences",
    "framing",
    "topics",
    "numbers",
    "number_disagreements",
    "style_sentences",
    "style",
    "headlines",
    "summary",
)

_VIEWS: tuple[tuple[str, Callable[..., widgets.Widget]], ...] = (
    ("Overview", OverviewView),
    ("Reader", ReaderView),
    ("Word choice", WordChoiceView),
    ("Stance", StanceView),
    ("Framing", FramingView),
    ("Sourcing", SourcingView),
    ("Bias lens", BiasLensView),
)


def _failed(title: str, exc: Exception) -> widgets.Widget:
    return widgets.HTML(
        f"<p><b>{_esc(title)}</b> could not be built: {_esc(type(exc).__name__)}: {_esc(exc)}</p>"
    )


def _in_kernel() -> bool:
    import sys

    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    return shell is not None and getattr(shell, "kernel", None) is not None


def dashboard(
    event_or_path: Event | Comparison | str | Path,
    *,
    blind: bool = False,
    progress: bool = True,
) -> widgets.Widget:
    """Every view of an event in one ``Tab``.

    Parameters
    ----------
    event_or_path : Event, Comparison, str or Path
        An event, a comparison, or anything :func:`workbench.load_event` reads.
    blind : bool, default False
        Mask the outlets in every view and open on the classroom tab.
    progress : bool, default True
        Show a progress bar while the tables are computed (in a notebook).

    Returns
    -------
    ipywidgets.Tab
        One tab per view, titled; a view that fails shows its error in its tab.
    """
    if isinstance(event_or_path, Comparison):
        comparison = event_or_path
    else:
        if isinstance(event_or_path, Event):
            event = event_or_path
        else:
            from workbench.corpus import load_event

            event = load_event(event_or_path)
        comparison = compare(event)
    bar = widgets.IntProgress(min=0, max=len(_TABLES) + len(_VIEWS) + 1, description="Computing")
    step = widgets.Label()
    box = widgets.HBox([bar, step])
    shown = progress and _in_kernel()
    if shown:
        from IPython.display import display

        display(box)
    tabs: list[tuple[str, widgets.Widget]] = []
    try:
        for name in _TABLES:
            step.value = name.replace("_", " ")
            try:
                getattr(comparison, name)
            except Exception:  # the view that needs it shows the error
                pass
            bar.value += 1
        mask = OutletMask(comparison) if blind else None
        builders: list[tuple[str, Callable[[], widgets.Widget]]] = [
            (title, functools.partial(view, comparison, mask=mask)) for title, view in _VIEWS
        ]
        classroom = ("Classroom", functools.partial(ClassroomView, comparison))
        builders = [classroom, *builders] if blind else [*builders, classroom]
        for title, build in builders:
            step.value = f"view: {title}"
            try:
                tabs.append((title, build()))
            except Exception as exc:  # one broken view must not hide the others
                tabs.append((title, _failed(title, exc)))
            bar.value += 1
    finally:
        # Hide, not close: a widget closed before the page has drawn it would show
        # "Error displaying widget" in Voila.
        box.layout.display = "none"
    return widgets.Tab(children=[view for _, view in tabs], titles=[title for title, _ in tabs])
