"""Sourcing and numbers: who is quoted where and how much; the figures sources disagree on."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbench import figures
from workbench.comparison import Comparison
from workbench.dashboards._html import STYLE, esc, marked, percent, table_html, text_or
from workbench.dashboards._marks import speaker_name, target_names
from workbench.dashboards._mask import OutletMask
from workbench.dashboards._view import View, image, shows_errors
from workbench.numbers import figure_label, quantity_name


class SourcingView(View):
    """Who is quoted where and how much; the figures the sources disagree on.

    Controls: ``source`` (its quotes, with speakers and verbs) and ``quantity`` (a
    figure the sources disagree on: each source's value with its sentence). Tables:
    ``table`` (quotes of the chosen source), ``speakers`` (speaker × source counts),
    ``evidence`` (the figures of the chosen quantity).
    """

    def __init__(self, comparison: Comparison, *, mask: OutletMask | None = None) -> None:
        self._start(comparison, mask)
        self._names = target_names(comparison)
        sourcing = comparison.sourcing
        disagreements = comparison.number_disagreements
        self.source = widgets.Dropdown(options=self._source_options(), description="Source")
        self.quantity = widgets.Dropdown(
            options=[
                (
                    f"{quantity_name(row.counts, row.unit)}: "
                    f"{figure_label(row.min_value)} to "
                    f"{figure_label(row.max_value)}",
                    k,
                )
                for k, row in enumerate(disagreements.itertuples())
            ],
            description="Figure",
        )
        self.chart = widgets.Image(
            value=image(figures.sourcing_bars(self._mask_sources(sourcing, "source"))),
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
            value=image(figures.number_disagreement_plot(masked_numbers)),
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
                widgets.HTML(STYLE + "<h4>Who speaks, and how much</h4>"),
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
        who = quotes["speaker"].map(lambda s: speaker_name(s, self._names))
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
                f"{self._t(speaker_name(name, self._names))} ({int(n)})"
                for name, n in list(row["speakers"])[:5]
            )
            verbs = ", ".join(f"{esc(verb)} ({int(n)})" for verb, n in list(row["verbs"])[:4])
            rows.append(
                [
                    self._s(source),
                    esc(int(row["n_direct"])),
                    esc(int(row["n_indirect"])),
                    esc(int(row["n_speakers"])),
                    percent(row["share_quoted"]),
                    speakers or "–",
                    verbs or "–",
                ]
            )
        header = ["source", "direct", "indirect", "speakers", "text quoted", "most quoted", "verbs"]
        return STYLE + table_html(header, rows, numeric=(1, 2, 3, 4))

    def _speakers_html(self) -> str:
        if self.speakers.empty:
            return '<p class="wb-muted">No quotes found.</p>'
        table = self.speakers.loc[self.speakers.sum(axis=1).sort_values(ascending=False).index]
        sources = [s for s in self._sources if s in table.columns]
        rows = [
            [self._t(speaker)] + [esc(int(n)) if n else "·" for n in table.loc[speaker, sources]]
            for speaker in table.index[:25]
        ]
        header = ["speaker", *(self.mask.name(s) for s in sources)]
        return STYLE + table_html(header, rows, numeric=tuple(range(1, len(header))))

    @shows_errors
    def refresh(self, change: Any = None) -> None:
        """The quotes of the chosen source: speaker, verb, kind and words."""
        quotes = self.comparison.quotes
        self.table = quotes[quotes["source"] == self.source.value].reset_index(drop=True)
        rows = [
            [
                self._t(speaker_name(row.speaker, self._names)),
                esc(row.kind),
                esc(text_or(row.verb)),
                self._t(row.text),
            ]
            for row in self.table.itertuples()
        ]
        self.quotes_html.value = STYLE + table_html(["speaker", "kind", "verb", "words"], rows)

    @shows_errors
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
                    esc(figure_label(item.value)) + (" (about)" if item.approximate else ""),
                    self._when(published.get(item.article_id)),
                    marked(
                        str(item.sentence),
                        int(item.start) - offset,
                        int(item.end) - offset,
                        self.mask,
                    ),
                ]
            )
        self.numbers_html.value = STYLE + table_html(
            ["source", "value", "published", "sentence"], cells, numeric=(1,)
        )
