"""Teaching: the bias lenses and the blind classroom (guess the outlet, then reveal)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from workbench.comparison import Comparison
from workbench.dashboards._exercises import exercise_prompts
from workbench.dashboards._html import STYLE, esc, missing, number, table_html, text_or
from workbench.dashboards._lenses import LENS_COLUMNS, LENSES, bias_lens
from workbench.dashboards._marks import target_names
from workbench.dashboards._mask import OutletMask
from workbench.dashboards._view import View, shows_errors
from workbench.framing import FRAME_NAMES

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


class BiasLensView(View):
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
        self._found: dict[str, pd.DataFrame] = {}
        overview = "".join(
            f"<li><b>{esc(title)}</b>: {esc(text)}</li>" for title, text in LENSES.values()
        )
        self._finish(
            [
                widgets.HTML(
                    STYLE + "<details><summary>What are these lenses?</summary>"
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

    @shows_errors
    def refresh(self, change: Any = None) -> None:
        """The evidence of the chosen lens for the chosen source(s)."""
        title, definition = LENSES[self.lens.value]
        self.definition.value = f"<h4>{esc(title)}</h4><p>{esc(definition)}</p>"
        lens, source = self.lens.value, self.source.value
        if lens not in self._found:  # the comparison's tables never change: keep findings
            self._found[lens] = bias_lens(self.comparison, lens, mask=self.mask)
        found = self._found[lens]  # each source's findings do not depend on the others
        table = found if source is None else found[found["source"] == source]
        self.table = table.reset_index(drop=True)
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
        self.detail.value = STYLE + table_html(["source", "what it shows", "evidence"], rows)


class ClassroomView(View):
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
                f"{esc(text_or(kind, 'news'))} · {self._when(published)} · "
                f"{int(n)} words</span></p>"
                for title, kind, published, n in zip(
                    own["title"], own["kind"], own["published"], own["n_words"]
                )
            )
            text = widgets.HTML(STYLE + self._text_html(own["article_id"]))
            reading = widgets.Accordion(children=[text], titles=("Read the article",))
            cards.append(
                widgets.VBox(
                    [
                        widgets.HTML(STYLE + f"<h4>{self._s(source)}</h4>{heading}"),
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
                    STYLE + "<h3>Who wrote what?</h3><p>Read the sources below without "
                    "knowing who published them. For each one, guess where it stands "
                    "and which outlet it is, then press <b>Reveal</b>.</p>"
                ),
                *cards,
                widgets.HTML(STYLE + f"<h4>Exercises</h4><ol>{prompts}</ol>"),
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

    @shows_errors
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
            lean = None if missing(own["lean"]) else str(own["lean"])
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
            return f"{'✓' if ok else '✗'} {esc(guess)}"

        answer_rows = [
            [
                esc(row.label),
                f"<b>{esc(row.source)}</b>",
                esc(text_or(row.kind)),
                esc(text_or(row.country)),
                esc(text_or(row.lean)),
                mark(row.lean_correct, row.lean_guess),
                mark(row.outlet_correct, row.outlet_guess),
            ]
            for row in self.table.itertuples()
        ]
        feature_rows = [
            [
                esc(self.mask.name(row.source)),
                esc(row.source),
                esc(row.annotated),
                esc(row.measured),
            ]
            for row in self.features.itertuples()
        ]
        exercise_rows = [[esc(row.prompt), esc(row.answer)] for row in self.exercises.itertuples()]
        self.answers.value = (
            STYLE
            + f"<h4>Answers</h4><p>{right} of {len(self.table)} outlets guessed right.</p>"
            + table_html(
                ["", "outlet", "kind", "country", "lean", "your lean", "your outlet"], answer_rows
            )
            + "<h4>What the annotators intended, and what the features found</h4>"
            + table_html(["", "outlet", "annotations", "found by the features"], feature_rows)
            + "<h4>Exercise answers</h4>"
            + table_html(["exercise", "answer"], exercise_rows)
        )

    def _features(self) -> pd.DataFrame:
        """Per source: the corpus annotations (stance, frames) next to the measured ones."""
        names = target_names(self.comparison)
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
                FRAME_NAMES.get(f, f) for note in notes for f in (note.get("frames") or [])
            ]
            stance_text = ", ".join(
                f"{names.get(t, t)} {int(v):+d}" for t, v in intended_stance.items() if v
            )
            measured_stance = ", ".join(
                f"{names.get(t, t)} {number(stance.get((source, t)), '+.2f')}"
                for t in (intended_stance or names)
                if (source, t) in stance.index and not missing(stance.get((source, t)))
            )
            shares = framing.loc[source] if source in framing.index else pd.Series(dtype=float)
            top_frames = [
                FRAME_NAMES.get(f, f)
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
