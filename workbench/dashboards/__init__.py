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
:func:`dashboard`) and outlets appear as "Source A", "Source B", ...; their names, their
authors and web hosts, and the words of their names used as names (capitalised,
possessive, or never written in lower case; the acronym) are replaced by ``[outlet]`` in
every text shown, while ordinary lower-case words stay ("trauma care" of "Frontline Care
Alliance"). :class:`ClassroomView` always works blind until its Reveal button is pressed.

:func:`dashboard` builds every view of an event in one ``Tab``.

The package is split by view (``_overview``, ``_reader``, ``_words``, ``_stance``,
``_framing``, ``_sourcing``, ``_classroom``, ``_dashboard``) over the parts without
widgets (``_mask``: blind mode; ``_marks``: what each sentence of the reader is;
``_lenses``, ``_exercises``: the teaching tables; ``_html``: escaping). Everything
public is reached from here (imported on first use, so that the widget-free parts
load without ipywidgets); import it from ``workbench.dashboards``.
"""

from __future__ import annotations

import importlib
from typing import Any

# Where each public name lives. The views import ipywidgets; the widget-free parts
# (blind mode, sentence marks, lenses, exercises) do not, and importing one of them, or
# this package, loads no widget library: names are imported on first use (PEP 562).
# In the order of ``__all__``: columns and constants, classes, functions.
_HOMES = {
    "READER_COLUMNS": "_marks",
    "LENS_COLUMNS": "_lenses",
    "EXERCISE_COLUMNS": "_exercises",
    "LENSES": "_lenses",
    "LEAN_CHOICES": "_classroom",
    "OutletMask": "_mask",
    "OverviewView": "_overview",
    "ReaderView": "_reader",
    "WordChoiceView": "_words",
    "StanceView": "_stance",
    "FramingView": "_framing",
    "SourcingView": "_sourcing",
    "ClassroomView": "_classroom",
    "BiasLensView": "_classroom",
    "sentence_marks": "_marks",
    "bias_lens": "_lenses",
    "exercise_prompts": "_exercises",
    "dashboard": "_dashboard",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = list(_HOMES)
