"""Framing: the frame profile of each source, the sentences behind a frame, emphasis topics."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbench import figures
from workbench.comparison import Comparison
from workbench.dashboards._html import STYLE, esc, highlight_words, number, percent, table_html
from workbench.dashboards._mask import OutletMask
from workbench.dashboards._view import View, image, shows_errors
from workbench.framing import FRAME_NAMES, frame_definitions


class FramingView(View):
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
            options=[(FRAME_NAMES.get(f, f), f) for f in frames], description="Frame"
        )
        self.source = widgets.Dropdown(options=self._source_options(), description="Source")
        masked = framing.rename(index=self.mask.name)
        if self._blind:
            masked = masked.sort_index()
        self.chart = widgets.Image(
            value=image(figures.frame_bars(masked)),
            format="png",
            layout=widgets.Layout(max_width="100%", height="auto", object_fit="contain"),
        )
        self.detail = widgets.HTML()
        self.topics_html = widgets.HTML()
        self.evidence = pd.DataFrame()
        self._definitions = frame_definitions()
        self._finish(
            [
                widgets.HTML(
                    STYLE + "<h4>Frames</h4><p class='wb-muted'>A frame is the angle a "
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

    @shows_errors
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
                number(row.score, ".2f"),
                self._t(", ".join(row.cues)),
                highlight_words(str(row.text), row.cues, self.mask),
            ]
            for row in self.evidence.itertuples()
        ]
        self.detail.value = (
            STYLE
            + f"<p><b>{esc(FRAME_NAMES.get(frame, frame))}</b>: "
            + f"{esc(self._definitions.get(frame, ''))}</p>"
            + f'<p class="wb-muted">{self._s(source)}: {percent(share)} of its framing.</p>'
            + table_html(["cues per word", "cues", "sentence"], rows, numeric=(0,))
        )

    @shows_errors
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
                + [f"<b>{percent(v)}</b>" if v == best and best > 0 else percent(v) for v in values]
            )
        header = ["topic (top terms)", *(self.mask.name(s) for s in sources)]
        self.topics_html.value = STYLE + table_html(
            header, rows, numeric=tuple(range(1, len(header)))
        )
