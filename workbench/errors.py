"""The one hierarchy of errors that workbench raises on bad input.

Every message names the input (file, URL or table), the field when there is one,
and what to do about it. Messages are worded in one place: :func:`problem`.
"""

from __future__ import annotations

__all__ = [
    "WorkbenchError",
    "CorpusError",
    "EventFileError",
    "ArticleError",
    "DuplicateArticleError",
    "ColumnError",
    "FetchError",
    "ModelError",
    "problem",
    "require_columns",
]


def problem(where: object, what: str, *, field: str | None = None, fix: str | None = None) -> str:
    """Word an error message the same way everywhere.

    Parameters
    ----------
    where : object
        The file, URL or table the problem is in.
    what : str
        What is wrong, in a short sentence.
    field : str, optional
        The field, column or key that is wrong.
    fix : str, optional
        What the user can do about it.

    Returns
    -------
    str
        ``"<where>: <field>: <what>. Fix: <fix>"`` with the optional parts left out.
    """
    parts = [str(where)]
    if field:
        parts.append(f"field {field!r}")
    message = ": ".join(parts) + f": {what.rstrip('.')}."
    if fix:
        message += f" Fix: {fix.rstrip('.')}."
    return message


def require_columns(table: object, columns: object, where: object, fix: str) -> None:
    """Raise :class:`ColumnError` naming the first column *table* lacks.

    Parameters
    ----------
    table : pandas.DataFrame
        The table to check.
    columns : iterable of str
        The columns it needs.
    where : object
        What to call the table in the message (a function and argument name).
    fix : str
        What the user should pass instead.

    Raises
    ------
    ColumnError
        Also when *table* is not a pandas DataFrame at all.
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise ColumnError(
            problem(where, f"expected a pandas DataFrame, got {type(table).__name__}", fix=fix)
        )
    missing = [name for name in columns if name not in table.columns]  # type: ignore[union-attr]
    if missing:
        raise ColumnError(
            problem(
                where,
                f"the table lacks the column(s) {', '.join(map(repr, missing))}",
                field=missing[0],
                fix=fix,
            ),
            field=missing[0],
        )


class WorkbenchError(Exception):
    """Base class of every error workbench raises on purpose."""

    def __init__(self, message: str, *, source: object = None, field: str | None = None):
        super().__init__(message)
        self.source = source
        self.field = field


class CorpusError(WorkbenchError):
    """An input (folder, file, table) cannot be read as an event."""


class EventFileError(CorpusError):
    """The event description (``event.yaml`` / ``event.toml``) is missing or invalid."""


class ArticleError(CorpusError):
    """One article cannot be read: bad encoding, bad front matter, empty text, ..."""


class DuplicateArticleError(CorpusError):
    """Two inputs yield the same ``article_id``."""


class ColumnError(CorpusError):
    """A table lacks a required column, or a column mapping names an unknown column."""


class FetchError(CorpusError):
    """A URL cannot be fetched: unreachable, too slow, too large or not HTML."""


class ModelError(WorkbenchError):
    """A shipped model file is missing or does not match the code that reads it."""
