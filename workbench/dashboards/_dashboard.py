"""Every view of an event in one ``Tab``."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from workbench.comparison import Comparison, compare
from workbench.dashboards._classroom import BiasLensView, ClassroomView
from workbench.dashboards._framing import FramingView
from workbench.dashboards._html import esc
from workbench.dashboards._mask import OutletMask
from workbench.dashboards._overview import OverviewView
from workbench.dashboards._reader import ReaderView
from workbench.dashboards._sourcing import SourcingView
from workbench.dashboards._stance import StanceView
from workbench.dashboards._words import WordChoiceView
from workbench.event import Event

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
        f"<p><b>{esc(title)}</b> could not be built: {esc(type(exc).__name__)}: {esc(exc)}</p>"
    )


def _in_kernel() -> bool:
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
