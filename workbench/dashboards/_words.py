"""Word choice: the terms that set a source apart, their contexts, the labels of targets."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbench.comparison import Comparison
from workbench.dashboards._html import STYLE, esc, percent, table_html
from workbench.dashboards._mask import OutletMask
from workbench.dashboards._view import View, shows_errors

#: Width in pixels of the longest bar of :func:`term_bars`.
_BAR_WIDTH = 320


def term_bars(table: pd.DataFrame, *, n: int = 15, title: str) -> str:
    """The *n* terms most typical of a source as HTML bars of their z-score.

    The same selection as :func:`workbench.figures.distinctive_terms_bars` (the largest
    positive z first), as a table: term, bar and z, uses in the source. HTML instead of
    a drawn figure: it is built in well under a millisecond, so a control change
    redraws it at once; the PNG figure stays for the report and for export.

    Parameters
    ----------
    table : pandas.DataFrame
        :meth:`Comparison.distinctive_terms` (``term, z, n_target``), already masked.
    n : int, default 15
        How many terms.
    title : str
        Plain text (escaped here), e.g. which source against which.

    Returns
    -------
    str
        HTML: a heading and a table, or a note that no term is typical.
    """
    top = table[table["z"] > 0].sort_values("z", ascending=False, kind="stable").head(n)
    heading = f"<h4>{esc(title)}</h4>"
    if top.empty:
        return heading + '<p class="wb-muted">No term is typical of this source.</p>'
    longest = float(top["z"].max())
    rows = "".join(
        f"<tr><td>{esc(term)}</td><td>"
        f'<span class="wb-bar" style="width: {round(_BAR_WIDTH * float(z) / longest)}px">'
        f"</span> {float(z):.1f}</td>"
        f'<td class="wb-num">{int(count)}×</td></tr>'
        for term, z, count in zip(top["term"], top["z"], top["n_target"])
    )
    header = (
        "<tr><th>term</th><th>z-score of the weighted log-odds (larger = more typical)</th>"
        "<th>uses</th></tr>"
    )
    return f'{heading}<table class="wb-table wb-bars">{header}{rows}</table>'


class WordChoiceView(View):
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
        self.chart = widgets.HTML()
        self.kwic_html = widgets.HTML()
        self.labels_html = widgets.HTML()
        self.table = pd.DataFrame()
        self.kwic = pd.DataFrame()
        self.labels = pd.DataFrame()
        help_text = widgets.HTML(
            STYLE + '<p class="wb-muted">Terms are ranked by the z-score of the weighted '
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

    @shows_errors
    def refresh(self, change: Any = None) -> None:
        """Distinctive terms of the chosen source, as bars; the term list follows."""
        source, against = self.source.value, self.against.value
        if against == source:
            raise ValueError("choose another source to compare with, or all other sources")
        table = self.comparison.distinctive_terms(source, against)
        if self._blind:
            table = table[~table["term"].map(self.mask.identifies)]
        self.table = table.reset_index(drop=True)
        rival = "all other sources" if against is None else self.mask.name(against)
        title = f"Terms typical of {self.mask.name(source)} against {rival}"
        self.chart.value = STYLE + term_bars(self.table, n=self.n_terms, title=title)
        top = self.table[self.table["z"] > 0].head(self.n_terms)["term"].tolist()
        if list(self.term.options) != top:
            self.term.unobserve(self.show_term, names="value")  # shown once, below
            self.term.options = top
            self.term.observe(self.show_term, names="value")
        self.show_term()

    @shows_errors
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
            STYLE
            + f"<p>“{self._t(term)}” in context: {len(self.kwic)} occurrence(s)</p>"
            + table_html(["source", "", "term", ""], rows)
        )

    @shows_errors
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
                f"“{self._t(row.label)}” ({int(row.n_mentions)}, {percent(row.share)})"
                for row in own.head(6).itertuples()
            )
            rows.append([self._s(source), listed or '<span class="wb-muted">not named</span>'])
        self.labels_html.value = STYLE + table_html(
            ["source", "labels (mentions, share of the target's mentions)"], rows
        )
