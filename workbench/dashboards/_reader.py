"""The side-by-side reader: two to four sources, every sentence highlighted by what it is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbench.comparison import Comparison
from workbench.dashboards._html import STYLE, esc, missing
from workbench.dashboards._marks import READER_COLUMNS, READER_KINDS, sentence_marks
from workbench.dashboards._mask import OutletMask
from workbench.dashboards._view import View, shows_errors


class ReaderView(View):
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
        kinds = [(text, kind) for kind, (_, text) in READER_KINDS.items()]
        self.highlight = widgets.SelectMultiple(
            options=kinds, value=tuple(READER_KINDS), rows=len(kinds), description="Highlight"
        )
        self.highlight.layout.width = "420px"
        self.note = widgets.HTML()
        legend = " ".join(
            f'<span class="wb-s {css}{" wb-stance-neg" if kind == "stance" else ""}">'
            f"{esc(text)}</span>"
            for kind, (css, text) in READER_KINDS.items()
        )
        self.legend = widgets.HTML(
            STYLE + f'<div class="wb-view"><b>Legend:</b> {legend}<br><span class="wb-muted">'
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

    @shows_errors
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
        paragraphs: dict[str, dict[int, list[str]]] = {}  # article -> paragraph -> sentences
        for row in self.table.itertuples():
            paragraphs.setdefault(row.article_id, {}).setdefault(row.paragraph_index, []).append(
                self._sentence_html(row, by_anchor)
            )
        columns = []
        for source in shown:
            parts = [f'<div class="wb-column"><h4>{self._s(source)}</h4>']
            for article in articles[articles["source"] == source].itertuples():
                meta = " · ".join(
                    shown
                    for value, shown in (
                        (article.kind, esc(article.kind)),
                        (article.published, self._when(article.published)),
                        (article.author, self._t(article.author)),
                    )
                    if not missing(value) and str(value).strip()
                )
                parts.append(f"<h5>{self._t(article.title)}</h5><p class='wb-muted'>{meta}</p>")
                own = paragraphs.get(article.article_id, {})
                parts += [f"<p>{' '.join(own[k])}</p>" for k in sorted(own)]
            parts.append("</div>")
            columns.append(widgets.HTML(STYLE + "".join(parts)))
        self.columns.layout.grid_template_columns = (
            f"repeat({max(1, len(columns))}, minmax(0, 1fr))"
        )
        self.columns.children = columns

    def _sentence_html(self, row: Any, by_anchor: dict[str, str]) -> str:
        classes = " ".join(["wb-s", *row.classes])
        jumps = "".join(
            f'<a class="wb-jump" href="#{esc(anchor)}" '
            f'title="same content in {self._s(by_anchor.get(anchor, ""))}">'
            f"↔{self._s(by_anchor.get(anchor, ''))}</a>"
            for anchor in row.links
        )
        return (
            f'<span id="{esc(row.anchor)}" class="{esc(classes)}" '
            f'title="{self._t(row.tooltip)}">{self._t(row.text)}</span>{jumps}'
        )
