"""Stance: each source toward each target and each claim, as clickable cells."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_hex

from workbench import figures
from workbench.comparison import Comparison
from workbench.dashboards._html import STYLE, esc, marked, missing, number, table_html
from workbench.dashboards._marks import speaker_name, target_names, voice_of_sentences
from workbench.dashboards._mask import OutletMask
from workbench.dashboards._view import View, shows_errors
from workbench.stance import CLAIM_VERBS


def _stance_colour(value: Any) -> str:
    """Hex colour of a stance in [-1, 1] on the RdBu map; grey when missing."""
    if missing(value):
        return figures.MISSING_COLOUR
    return to_hex(colormaps[figures.STANCE_CMAP]((float(value) + 1) / 2))


class StanceView(View):
    """Stance of each source toward each target, and toward each claim, as clickable cells.

    The target grid is a ``GridBox`` of ``Button`` s coloured by stance (red negative,
    blue positive, grey: not mentioned), the number written on them; ``voice`` switches
    between all mentions, the outlet's own voice and quotes. The claim grid shows
    agree / disagree / discuss / absent. Clicking a cell shows its evidence sentences:
    :meth:`select_cell` and :meth:`select_claim`, which keep ``evidence``; a stance cell's
    sentences say why each score reads as it does (the ``reading`` of
    :meth:`Comparison.stance_evidence`).
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
            STYLE + '<p class="wb-muted">Each cell is the mean polarity of the sentences '
            "that mention the target, from −1 (hostile) to +1 (favourable); with all mentions "
            "it also counts, as one sentence each, the source's positions on claims that bear "
            "on the target. * marks a small sample (few sentences), grey means no mention. "
            "Click a cell to read its sentences.</p>"
        )
        claims = comparison.event.claims
        claims_help = (
            '<p class="wb-muted">agree = asserts the claim; disagree = disputes it; '
            "discuss = reports it without taking a side; absent = does not mention it. "
            "The number is the model's confidence.</p>"
            + '<ul class="wb-muted">'
            + "".join(
                f"<li><b>{esc(claim_id)}</b>: {self._t(text)}</li>"
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
        self._build_grid()
        self._build_claims()
        self.voice.observe(self.refresh, names="value")
        self.refresh()

    def _build_grid(self) -> None:
        """One label per target and source, one button per cell; :meth:`refresh` colours them."""
        names = target_names(self.comparison)
        targets = list(self.comparison.event.targets["target_id"])
        cells: list[widgets.Widget] = [widgets.Label("")]
        # headers wrap rather than cut a long name short ("Volodymyr Zelensky")
        cells += [
            widgets.HTML(
                f'<div title="{esc(names.get(t, t))}" style="white-space: normal; '
                f'line-height: 1.25; overflow-wrap: anywhere">{esc(names.get(t, t))}</div>'
            )
            for t in targets
        ]
        self.buttons = {}
        for source in self._sources:
            cells.append(widgets.Label(self.mask.name(source)))
            for target_id in targets:
                button = widgets.Button(layout=widgets.Layout(width="auto"))
                button.on_click(lambda _b, s=source, t=target_id: self.select_cell(s, t))
                self.buttons[(source, target_id)] = button
                cells.append(button)
        self.stance_cells.layout.grid_template_columns = (
            f"minmax(120px, max-content) repeat({len(targets)}, minmax(64px, 1fr))"
        )
        self.stance_cells.children = cells

    @shows_errors
    def refresh(self, change: Any = None) -> None:
        """Colour the target grid for the chosen voice; keep the selected cell."""
        voice = self.voice.value
        stance = self.comparison.stance
        self.table = stance[stance["voice"] == voice].reset_index(drop=True)
        names = target_names(self.comparison)
        rows: dict[tuple[str, str], Any] = {}
        for row in self.table.itertuples():
            rows.setdefault((row.source, row.target_id), row)
        for (source, target_id), button in self.buttons.items():
            row = rows.get((source, target_id))
            value = None if row is None else row.stance
            small = bool(row is not None and row.small_sample)
            colour = _stance_colour(value)
            button.description = (
                "–" if missing(value) else number(value, "+.2f") + ("*" if small else "")
            )
            button.tooltip = self._cell_tooltip(source, names.get(target_id, target_id), row)
            button.style.button_color = colour
            button.style.text_color = figures.text_colour(colour)
        if self.selected and self.selected[0] == "stance":
            self.select_cell(self.selected[1], self.selected[2])

    def _cell_tooltip(self, source: str, target: str, row: Any) -> str:
        """What a cell says; *row* is a row of :attr:`table` (a named tuple) or None."""
        who = self.mask.name(source)
        if row is None or missing(row.stance):
            return f"{who} does not mention {target}"
        return (
            f"{who} → {target}: {number(row.stance, '+.2f')} "
            f"(90% interval {number(row.ci_low)} to {number(row.ci_high)}), "
            f"{int(row.n_sentences)} sentence(s)"
            + (f", {int(row.n_claims)} claim position(s)" if row.n_claims else "")
            + ("; small sample" if row.small_sample else "")
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
                    description=f"{label} {number(confidence)}",
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

    @shows_errors
    def select_cell(self, source: str, target_id: str) -> None:
        """Show the sentences behind the stance of *source* toward *target_id*."""
        voice = self.voice.value
        self.selected = ("stance", source, target_id)
        evidence = self.comparison.stance_evidence(source, target_id, voice=voice)
        self.evidence = evidence.assign(source=source, target_id=target_id)
        name = target_names(self.comparison).get(target_id, target_id)
        row = self.table[(self.table["source"] == source) & (self.table["target_id"] == target_id)]
        first = next(row.itertuples(), None)
        summary = "no mention" if first is None else self._cell_tooltip(source, name, first)
        starts = self.comparison.sentences.set_index("sentence_id")["start"]
        claims = self.comparison.event.claims
        claim_text = dict(zip(claims["claim_id"], claims["text"]))
        rows = []
        for item in self.evidence.itertuples():
            offset = int(starts.get(item.sentence_id, 0))
            if item.voice == "claim":
                label = str(item.cues[0]).split(" ")[0] if len(item.cues) else ""
                verb = CLAIM_VERBS.get(label, "takes up")
                claim = self._t(claim_text.get(item.claim_id, str(item.claim_id)))
                badge = f'<span class="wb-badge">claim: {verb} “{claim}”</span>'
                rows.append(
                    [
                        badge,
                        number(item.score, "+.2f"),
                        self._t(item.reading),
                        esc(self.mask.text(str(item.sentence))),
                    ]
                )
                continue
            quoted = item.voice == "quoted"
            badge = (
                f'<span class="wb-badge wb-badge-quoted">quoted: '
                f"{self._t(speaker_name(item.speaker, target_names(self.comparison)))}</span>"
                if quoted
                else '<span class="wb-badge">authorial</span>'
            )
            rows.append(
                [
                    badge,
                    number(item.score, "+.2f"),
                    self._t(item.reading),
                    marked(
                        str(item.sentence),
                        int(item.start) - offset,
                        int(item.end) - offset,
                        self.mask,
                    ),
                ]
            )
        self.detail.value = (
            STYLE
            + f"<h4>{self._s(source)} → {esc(name)} ({esc(voice)})</h4>"
            + f'<p class="wb-muted">{self._t(summary)}</p>'
            + table_html(
                ["voice", "score", "why this score", "sentence (mention marked)"],
                rows,
                numeric=(1,),
            )
        )

    @shows_errors
    def select_claim(self, source: str, claim_id: str) -> None:
        """Show the sentences of *source* most related to the claim *claim_id*."""
        self.selected = ("claim", source, claim_id)
        evidence = self.comparison.claim_evidence(source, claim_id)
        voices = voice_of_sentences(self.comparison, evidence["sentence_id"])
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
                f'<span class="wb-badge wb-badge-quoted">{esc(item.voice)}: '
                f"{self._t(item.speaker)}</span>"
                if item.voice != "authorial"
                else '<span class="wb-badge">authorial</span>'
            )
            rows.append(
                [
                    badge,
                    esc(getattr(item, "label", "")),
                    number(getattr(item, "related", float("nan"))),
                    self._t(item.sentence),
                ]
            )
        self.detail.value = (
            STYLE
            + f"<h4>{self._s(source)} — “{esc(claim_text)}”</h4>"
            + table_html(["voice", "label", "related", "sentence"], rows, numeric=(2,))
        )
