"""The overview: a card per source, the similarity heat map and the map of the sources."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from workbench import figures
from workbench.comparison import Comparison
from workbench.dashboards._html import STYLE, esc, number, percent, table_html, text_or
from workbench.dashboards._mask import OutletMask
from workbench.dashboards._view import View, image, shows_errors
from workbench.framing import FRAME_NAMES


class OverviewView(View):
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
        if self._blind:
            order = sorted(masked.index)
            masked = masked.loc[order, order]
        self.heatmap = widgets.Image(
            value=image(figures.similarity_heatmap(masked)),
            format="png",
            layout=widgets.Layout(max_width="48%", height="auto", object_fit="contain"),
        )
        self.map = widgets.Image(
            value=image(figures.source_map(masked)),
            format="png",
            layout=widgets.Layout(max_width="48%", height="auto", object_fit="contain"),
        )
        intro = widgets.HTML(
            STYLE
            + f"<h3>{self._t(comparison.event.title)}</h3>"
            + f'<p class="wb-muted">{esc(comparison.event.date)} · '
            + f"{len(comparison.articles)} articles from {len(comparison.sources)} sources. "
            + "Similarity is the cosine of word-frequency (TF-IDF) vectors: 1 = same words, "
            + "0 = no word in common. On the map, sources close together word the story alike."
            + "</p>"
        )
        # A card does not change with the order: build each once, reorder on refresh.
        self._cards = {row.source: self._card(row) for row in comparison.summary.itertuples()}
        self._finish([intro, self.order, self.cards, widgets.HBox([self.heatmap, self.map])])
        self.order.observe(self.refresh, names="value")
        self.refresh()

    @shows_errors
    def refresh(self, change: Any = None) -> None:
        """Sort the summary and lay the source cards out in that order."""
        summary = self.comparison.summary
        key = self.order.value
        if key == "source":
            table = summary.set_index("source").loc[self._sources].reset_index()
        else:
            table = summary.sort_values(key, ascending=False, kind="stable")
        self.table = table.reset_index(drop=True)
        self.cards.children = [self._cards[source] for source in self.table["source"]]

    def _card(self, row: Any) -> widgets.HTML:
        """The card of one source (one row of the summary)."""
        articles = self.comparison.articles
        own = articles[articles["source"] == row.source]
        headlines = "".join(
            f"<li>{self._t(title)} <span class='wb-muted'>({esc(text_or(kind, 'news'))}, "
            f"{int(n)} words)</span></li>"
            for title, kind, n in zip(own["title"], own["kind"], own["n_words"])
        )
        about = ""
        if not self._blind:
            first = own.iloc[0]
            about = (
                f'<p class="wb-muted">lean: {esc(text_or(first["lean"]))} · '
                f"country: {esc(text_or(first['country']))}</p>"
            )
        terms = ", ".join(self._t(term) for term in row.top_terms if not self.mask.identifies(term))
        return widgets.HTML(
            STYLE
            + f'<div class="wb-card"><h4>{self._s(row.source)}</h4>{about}<ul>{headlines}</ul>'
            + table_html(
                ["", ""],
                [
                    ["words", esc(row.n_words)],
                    ["mean similarity to others", number(row.mean_similarity)],
                    ["content only here", esc(row.n_unique_units)],
                    ["content left out", esc(row.n_omitted_units)],
                    ["quotes / speakers", f"{int(row.n_quotes)} / {int(row.n_speakers)}"],
                    ["text in quotes", percent(row.share_quoted)],
                    ["main frame", esc(FRAME_NAMES.get(row.top_frame, row.top_frame))],
                    ["typical terms", terms or "–"],
                ],
            )
            + "</div>"
        )
