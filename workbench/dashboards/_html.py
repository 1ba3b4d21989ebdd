"""Escaping and formatting for the views' HTML (no widgets here).

Article text is untrusted: every string taken from an article, an event file or a
table goes through :func:`esc` before it is put into markup. Cells given to
:func:`table_html` are HTML already (built with :func:`esc`); headers are escaped there.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from workbench.dashboards._mask import Mask

#: The style sheet every view puts in front of its HTML.
STYLE = """<style>
.wb-view { font-size: 14px; line-height: 1.5; }
.wb-table { border-collapse: collapse; margin: 4px 0 12px 0; }
.wb-table th, .wb-table td { border-bottom: 1px solid #ddd; padding: 3px 8px;
  text-align: left; vertical-align: top; }
.wb-table th { background: #f4f4f4; }
.wb-num { text-align: right !important; font-variant-numeric: tabular-nums; }
.wb-card { border: 1px solid #ccc; border-radius: 6px; padding: 8px 10px; overflow: hidden;
  box-sizing: border-box; }
.wb-card h4 { margin: 0 0 4px 0; }
.wb-muted { color: #555; font-size: 12px; }
.wb-column { max-height: 70vh; overflow-y: auto; padding: 0 8px;
  border-left: 3px solid #eee; }
.wb-s { border-radius: 3px; }
.wb-shared { background: #dceefb; }
.wb-unique { background: #fff1c2; }
.wb-quote { font-style: italic; color: #3a2a6b; }
.wb-stance-neg { border-bottom: 3px solid #d6604d; }
.wb-stance-pos { border-bottom: 3px solid #4393c3; }
.wb-frame { text-decoration: underline dotted #009e73; text-underline-offset: 4px; }
.wb-jump { font-size: 11px; text-decoration: none; margin: 0 2px; color: #0072b2; }
.wb-off .wb-shared, .wb-off .wb-unique { background: none; }
.wb-badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px;
  background: #eee; margin-right: 4px; white-space: nowrap; }
.wb-card .wb-table { width: 100%; table-layout: fixed; }
.wb-card .wb-table td { padding: 1px 6px; font-size: 12px; line-height: 1.35;
  overflow-wrap: anywhere; }
.wb-card .wb-table td:first-child { color: #555; width: 50%; }
.wb-card ul { padding-left: 18px; margin: 4px 0; line-height: 1.35; }
.wb-badge-quoted { background: #e3dcf5; }
.wb-prompt { margin: 6px 0; }
mark.wb-mark { background: #ffe08a; padding: 0 1px; }
.wb-bars td { border-bottom: none; padding: 1px 6px; }
.wb-bar { display: inline-block; height: 14px; background: #0072b2; vertical-align: middle; }
</style>"""


def esc(value: Any) -> str:
    """*value* as text safe to put inside HTML (quotes escaped too)."""
    return html.escape("" if value is None else str(value), quote=True)


def missing(value: Any) -> bool:
    """Whether *value* is None or a missing number (NaN, NA, NaT)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def number(value: Any, spec: str = ".2f") -> str:
    """A number for display; "–" for a missing one; a true minus sign."""
    if missing(value):
        return "–"
    return format(value, spec).replace("-", "−")


def text_or(value: Any, default: str = "–") -> str:
    """*value* as text, *default* when it is missing or empty."""
    return default if missing(value) or not str(value).strip() else str(value)


def percent(value: Any) -> str:
    """A share in [0, 1] as a whole percentage ("42 %"); "–" when missing."""
    return "–" if missing(value) else f"{100 * float(value):.0f} %"


def table_html(header: Sequence[str], rows: Iterable[Sequence[str]], *, numeric=()) -> str:
    """An HTML table; *header* is plain text (escaped here), *rows* are HTML cells.

    Callers build cells with :func:`esc`; nothing here trusts a cell's text.
    """
    head = "".join(f"<th>{esc(name)}</th>" for name in header)
    head = f"<tr>{head}</tr>" if any(header) else ""
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="wb-num">{cell}</td>' if k in numeric else f"<td>{cell}</td>"
            for k, cell in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    if not body:
        return '<p class="wb-muted">Nothing to show.</p>'
    return f'<table class="wb-table">{head}{"".join(body)}</table>'


def marked(text: str, start: int, end: int, mask: Mask) -> str:
    """*text* escaped and masked, with ``text[start:end]`` in a ``<mark>``."""
    if not (0 <= start < end <= len(text)):
        return esc(mask.text(text))
    return (
        esc(mask.text(text[:start]))
        + '<mark class="wb-mark">'
        + esc(mask.text(text[start:end]))
        + "</mark>"
        + esc(mask.text(text[end:]))
    )


def highlight_words(text: str, words: Iterable[str], mask: Mask) -> str:
    """*text* escaped and masked, every occurrence of *words* in a ``<mark>``."""
    words = sorted({str(w) for w in words if str(w).strip()}, key=len, reverse=True)
    if not words:
        return esc(mask.text(text))
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
    )
    pieces = pattern.split(text)
    return "".join(
        f'<mark class="wb-mark">{esc(mask.text(piece))}</mark>' if k % 2 else esc(mask.text(piece))
        for k, piece in enumerate(pieces)
    )
