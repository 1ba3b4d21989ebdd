"""What every view shares: the comparison, the mask, an errors output (widgets)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbench import figures
from workbench.comparison import Comparison
from workbench.dashboards._html import esc, text_or
from workbench.dashboards._mask import NO_MASK, NoMask, OutletMask


def image(figure: Any) -> bytes:
    """A figure as PNG bytes for an ``Image`` widget."""
    return figures.figure_png(figure)


def shows_errors(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a callback; show an error in the view's ``errors`` output instead of losing it."""

    @functools.wraps(method)
    def run(self: View, *args: Any, **kwargs: Any) -> Any:
        self.errors.outputs = ()
        self.error = None
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # shown to the user, kept for tests
            self.error = exc
            self.errors.append_stderr(f"{type(exc).__name__}: {exc}\n")
            return None

    return run


class View(widgets.VBox):
    """Common parts: the comparison, the mask, the errors output.

    A view first calls :meth:`_start`, builds its controls, then :meth:`_finish` with
    its children (the ``VBox`` is initialised there).
    """

    def _start(self, comparison: Comparison, mask: OutletMask | None) -> None:
        self.comparison = comparison
        self.mask = mask or NO_MASK
        self.errors = widgets.Output()
        self.error: Exception | None = None

    def _finish(self, children: Sequence[widgets.Widget]) -> None:
        super().__init__([*children, self.errors])
        self.add_class("wb-view")

    @property
    def _blind(self) -> bool:
        return not isinstance(self.mask, NoMask)

    @property
    def _sources(self) -> list[str]:
        """The sources in display order (masked: by masked name)."""
        return sorted(self.comparison.sources, key=self.mask.sort_key)

    def _source_options(self, sources: Sequence[str] | None = None) -> list[tuple[str, str]]:
        return [(self.mask.name(s), s) for s in (self._sources if sources is None else sources)]

    def _t(self, value: Any) -> str:
        """Masked, escaped text."""
        return esc(self.mask.text(value))

    def _s(self, source: Any) -> str:
        """Masked, escaped source name."""
        return esc(self.mask.name(source))

    def _when(self, published: Any) -> str:
        """Escaped publication time; blind, without the UTC offset (it gives the country)."""
        text = text_or(published)
        if self._blind:
            text = re.sub(r"(?:[+-]\d{2}:?\d{2}|Z)$", "", text).replace("T", " ")[:16]
        return esc(text)

    def _mask_sources(self, table: pd.DataFrame, *columns: str) -> pd.DataFrame:
        """*table* with the source names in *columns* masked (for figures)."""
        if not self._blind:
            return table
        return table.assign(**{c: table[c].map(self.mask.name) for c in columns})
