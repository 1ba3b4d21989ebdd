"""Read articles from tables: a pandas DataFrame or a CSV, TSV, JSON or JSON Lines file.

One row is one article. Columns are found by name (:data:`DEFAULT_COLUMNS`) or given
with ``columns={"text": "body", ...}`` (our field -> your column). Every reader returns
``(articles, skipped)``: the :class:`~workbench.event.RawArticle` objects read, and the
inputs left out in ``errors="skip"`` mode as ``(input, reason)`` pairs. Inputs are named
``"<file>#row=<i>"`` (the first row after the header is row 1) or, for JSON Lines,
``"<file>#line=<n>"``.

Problems with the whole file (missing, empty, not UTF-8, not parseable, no text column)
always raise; problems with one row (empty text, a value that is not text) raise in
``errors="raise"`` mode and are collected in ``errors="skip"`` mode.
"""

from __future__ import annotations

import codecs
import io
import json
import math
from collections.abc import Hashable, Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from workbench.errors import ArticleError, ColumnError, CorpusError, problem
from workbench.event import RawArticle

__all__ = ["DEFAULT_COLUMNS", "TABLE_SUFFIXES", "read_table", "read_table_file"]

Errors = Literal["raise", "skip"]
Skipped = list[tuple[str, str]]

#: Our article fields and the column names that are recognised for each, in order of
#: preference (an exact match wins over a match that ignores case). ``content_original``
#: comes before ``content`` and ``bias_text`` before ``bias`` because datasets that have
#: both keep the tokenised text in ``content`` and a number in ``bias``.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content_original", "content", "article", "maintext"),
    "source": ("source", "outlet", "publisher", "site", "source_name"),
    "title": ("title", "headline"),
    "published": ("published", "date", "date_publish", "publish_date", "pubdate"),
    "author": ("author", "authors", "byline"),
    "url": ("url", "link"),
    "kind": ("kind", "genre"),
    "lean": ("lean", "bias_text", "bias"),
    "country": ("country",),
    "language": ("language", "lang"),
    "article_id": ("article_id", "id", "ID"),
}

#: File name endings :func:`read_table_file` reads.
TABLE_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".ndjson")


def read_table(
    data: pd.DataFrame,
    *,
    columns: Mapping[str, str | None] | None = None,
    name: str = "<DataFrame>",
    errors: Errors = "raise",
) -> tuple[list[RawArticle], Skipped]:
    """Read one article per row of a DataFrame.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per article; a column holding the body is required.
    columns : mapping, optional
        Our field -> your column, for fields whose column is not found by name
        (see :data:`DEFAULT_COLUMNS`), e.g. ``{"text": "body", "source": "outlet"}``.
        Map a field to ``None`` to ignore a column that would be found by name.
    name : str, default "<DataFrame>"
        What to call the table in messages and input names (``"<name>#row=<i>"``); a
        row without a source gets this name as its source.
    errors : {"raise", "skip"}, default "raise"
        What to do with a bad row: raise, or leave it out and list it in *skipped*.

    Returns
    -------
    articles : list of RawArticle
        One per good row, in row order.
    skipped : list of (str, str)
        ``(input, reason)`` for each row left out (always empty with ``errors="raise"``).

    Raises
    ------
    ColumnError
        If *columns* names a field or column that does not exist, or no text column
        is found.
    CorpusError
        If *data* is not a DataFrame or has no rows.
    ArticleError
        With ``errors="raise"``, for the first row without usable text.
    """
    _check_errors(errors)
    if not isinstance(data, pd.DataFrame):
        raise CorpusError(
            problem(
                name,
                f"is a {type(data).__name__}, not a pandas DataFrame",
                fix="pass a DataFrame, e.g. pd.DataFrame(records)",
            ),
            source=name,
        )
    inputs = [f"{name}#row={row}" for row in range(1, len(data) + 1)]
    return _read_frame(data, inputs, columns=columns, name=name, errors=errors)


def read_table_file(
    path: str | Path,
    *,
    columns: Mapping[str, str | None] | None = None,
    errors: Errors = "raise",
) -> tuple[list[RawArticle], Skipped]:
    """Read one article per row of a CSV, TSV, JSON or JSON Lines file.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` (comma-, semicolon- or tab-separated, found from the header line),
        ``.tsv``, ``.json`` (an array of objects, ``{"articles": [...]}`` or one
        object) or ``.jsonl`` / ``.ndjson`` file (one object a line), in UTF-8.
    columns : mapping, optional
        Our field -> your column, as in :func:`read_table`.
    errors : {"raise", "skip"}, default "raise"
        What to do with a bad row or line: raise, or leave it out and list it.

    Returns
    -------
    articles : list of RawArticle
        One per good row, with ``path`` set to the file.
    skipped : list of (str, str)
        ``(input, reason)`` for each row or line left out, in file order.

    Raises
    ------
    CorpusError
        If the file is missing, empty, not UTF-8 or cannot be parsed.
    ColumnError
        If no text column is found or *columns* names an unknown field or column.
    ArticleError
        With ``errors="raise"``, for the first bad row or line.
    """
    _check_errors(errors)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise CorpusError(
            problem(
                path,
                f"unknown table type {suffix or '(none)'}",
                fix=f"use one of {', '.join(TABLE_SUFFIXES)}",
            ),
            source=path,
        )
    text = _read_text(path)
    name = str(path)
    if suffix in (".csv", ".tsv"):
        frame = _parse_delimited(text, path, tab=suffix == ".tsv")
        inputs = [f"{name}#row={row}" for row in range(1, len(frame) + 1)]
        articles, skipped = _read_frame(frame, inputs, columns=columns, name=name, errors=errors)
    else:
        records = _parse_json(text, path) if suffix == ".json" else _parse_json_lines(text, path)
        articles, skipped = _read_records(records, columns=columns, name=name, errors=errors)
    for article in articles:
        article.path = name
    return articles, skipped


# --------------------------------------------------------------------------- rows


def _read_records(
    records: Sequence[tuple[str, Any]],
    *,
    columns: Mapping[str, str | None] | None,
    name: str,
    errors: Errors,
) -> tuple[list[RawArticle], Skipped]:
    """Read ``(input, value)`` pairs where a value is an object or the error of its line."""
    skipped: Skipped = []
    good = []
    for position, (input_name, value) in enumerate(records):
        if isinstance(value, ArticleError):
            if errors == "raise":
                raise value
            skipped.append((input_name, str(value)))
        else:
            good.append((position, input_name, value))
    if not good:
        if skipped:
            return [], skipped
        raise CorpusError(
            problem(name, "holds no articles", fix="write one JSON object per article"),
            source=name,
        )
    frame = pd.DataFrame([value for _, _, value in good], dtype=object)
    inputs = [input_name for _, input_name, _ in good]
    articles, row_skipped = _read_frame(frame, inputs, columns=columns, name=name, errors=errors)
    order = {input_name: position for position, (input_name, _) in enumerate(records)}
    skipped = sorted(skipped + row_skipped, key=lambda item: order[item[0]])
    return articles, skipped


def _read_frame(
    frame: pd.DataFrame,
    inputs: list[str],
    *,
    columns: Mapping[str, str | None] | None,
    name: str,
    errors: Errors,
) -> tuple[list[RawArticle], Skipped]:
    if len(frame) == 0:
        raise CorpusError(
            problem(name, "the table has no rows", fix="add one row per article"),
            source=name,
        )
    resolved = _resolve_columns(frame, columns, name)
    values = {field: frame[label].tolist() for field, label in resolved.items()}
    fallback_source = Path(name).stem if name and not name.startswith("<") else name
    articles: list[RawArticle] = []
    skipped: Skipped = []
    for position, input_name in enumerate(inputs):
        row = {field: column[position] for field, column in values.items()}
        try:
            articles.append(_row_article(row, input_name, resolved, fallback_source))
        except ArticleError as exc:
            if errors == "raise":
                raise
            skipped.append((input_name, str(exc)))
    return articles, skipped


def _row_article(
    row: Mapping[str, Any],
    input_name: str,
    resolved: Mapping[str, Hashable],
    fallback_source: str,
) -> RawArticle:
    text = _text_cell(row["text"], input_name, resolved["text"])
    fields = {
        field: _cell(value, input_name, field, resolved[field])
        for field, value in row.items()
        if field != "text"
    }
    article = RawArticle(input=input_name, raw_text=text, **fields)
    if not article.source:
        article.source = fallback_source
        reason = "no 'source' column" if "source" not in resolved else "empty 'source'"
        article.repaired(f"{reason}; used the table name {fallback_source!r}")
    return article


def _text_cell(value: Any, input_name: str, column: Hashable) -> str:
    if isinstance(value, (list, tuple, np.ndarray)):
        items = [item for item in value if not _missing(item) and str(item).strip()]
        value = "\n\n".join(_text_cell(item, input_name, column) for item in items)
    elif _missing(value):
        value = ""
    elif not isinstance(value, str):
        kind = "an object" if isinstance(value, Mapping) else type(value).__name__
        raise ArticleError(
            problem(
                input_name,
                f"the text in column {column!r} is not a string but {kind} {_preview(value)}",
                field="text",
                fix="map 'text' to the column that holds the article body, "
                'e.g. columns={"text": "body"}',
            ),
            source=input_name,
            field="text",
        )
    if not value.strip():
        raise ArticleError(
            problem(
                input_name,
                f"the text in column {column!r} is empty",
                field="text",
                fix="fill in the article body or remove the row",
            ),
            source=input_name,
            field="text",
        )
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _cell(value: Any, input_name: str, field: str, column: Hashable) -> str | None:
    """A metadata cell as a stripped string, or None when it is empty."""
    if isinstance(value, (list, tuple, set, np.ndarray)):
        parts = [_cell(item, input_name, field, column) for item in value]
        return ", ".join(part for part in parts if part) or None
    if isinstance(value, Mapping):
        if isinstance(value.get("name"), str):  # e.g. authors as [{"name": ...}]
            return value["name"].strip() or None
        raise ArticleError(
            problem(
                input_name,
                f"column {column!r} holds an object ({_preview(value)}), not a value",
                field=field,
                fix=f"map {field!r} to a column of plain values, "
                f"or pass columns={{{field!r}: None}} to ignore it",
            ),
            source=input_name,
            field=field,
        )
    if _missing(value):
        return None
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        if math.isinf(value):
            return str(float(value))
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, datetime):
        # A datetime column of plain dates holds midnights: write those as dates.
        midnight = value.tzinfo is None and value == datetime.combine(value.date(), time())
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip() or None


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (str, list, tuple, set, Mapping, np.ndarray)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _preview(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------- columns


def _resolve_columns(
    frame: pd.DataFrame, columns: Mapping[str, str | None] | None, name: str
) -> dict[str, Hashable]:
    """Our field -> the frame's column label, for every field that has a column."""
    labels = list(frame.columns)
    given: dict[str, Hashable] = {}
    ignored: set[str] = set()
    if columns is not None:
        if not isinstance(columns, Mapping):
            raise ColumnError(
                problem(
                    name,
                    f"columns must map our fields to your columns, not be {type(columns).__name__}",
                    field="columns",
                    fix='pass e.g. columns={"text": "body", "source": "outlet"}',
                ),
                source=name,
                field="columns",
            )
        for field, column in columns.items():
            if field not in DEFAULT_COLUMNS:
                raise ColumnError(
                    problem(
                        name,
                        f"{field!r} is not one of our fields ({', '.join(DEFAULT_COLUMNS)})",
                        field=str(field),
                        fix="use our field as the key and your column as the value, "
                        'e.g. columns={"text": "body"}',
                    ),
                    source=name,
                    field=str(field),
                )
            if column is None:
                ignored.add(field)
                continue
            label = _find_label(labels, column)
            if label is None:
                raise ColumnError(
                    problem(
                        name,
                        f"there is no column {column!r}; the columns are {_listing(labels)}",
                        field=field,
                        fix=f"map {field!r} to one of these columns",
                    ),
                    source=name,
                    field=field,
                )
            given[field] = label
    resolved: dict[str, Hashable] = {}
    for field, aliases in DEFAULT_COLUMNS.items():
        if field in ignored:
            continue
        if field in given:
            resolved[field] = given[field]
            continue
        found = [_find_label(labels, alias) for alias in aliases]
        found += [_find_label(labels, alias, ignore_case=True) for alias in aliases]
        for label in found:
            if label is not None:
                resolved[field] = label
                break
    if "text" not in resolved:
        raise ColumnError(
            problem(
                name,
                f"no text column among the columns {_listing(labels)}",
                field="text",
                fix='pass columns={"text": "<the column with the article body>"}, or name it '
                + " or ".join(repr(alias) for alias in DEFAULT_COLUMNS["text"][:3]),
            ),
            source=name,
            field="text",
        )
    for field, label in resolved.items():
        if labels.count(label) > 1:
            raise ColumnError(
                problem(
                    name,
                    f"column {label!r} appears {labels.count(label)} times",
                    field=field,
                    fix="give each column its own name",
                ),
                source=name,
                field=field,
            )
    return resolved


def _find_label(
    labels: list[Hashable], column: object, *, ignore_case: bool = False
) -> Hashable | None:
    """The label equal to *column*, else the first whose text equals it."""
    for label in labels:
        if label == column and type(label) is type(column):
            return label
    wanted = str(column).strip().lower() if ignore_case else str(column)
    for label in labels:
        text = str(label).strip().lower() if ignore_case else str(label)
        if text == wanted:
            return label
    return None


def _listing(labels: list[Hashable]) -> str:
    shown = ", ".join(repr(label) for label in labels[:20])
    more = f" and {len(labels) - 20} more" if len(labels) > 20 else ""
    return f"[{shown}{more}]" if labels else "(none)"


# --------------------------------------------------------------------------- files


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(
            problem(
                path,
                f"cannot be read ({exc.strerror or exc})",
                fix="check the path and the permissions",
            ),
            source=path,
        ) from exc
    if not data.strip():
        raise CorpusError(
            problem(path, "the file is empty", fix="write one article per row, or remove the file"),
            source=path,
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CorpusError(
            problem(
                path,
                f"is not valid {'UTF-16' if encoding == 'utf-16' else 'UTF-8'}: byte {exc.start} "
                f"(line {line}) is {data[exc.start : exc.start + 1]!r}",
                fix="re-save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8'; in Python: "
                "encoding='utf-8')",
            ),
            source=path,
        ) from exc


def _parse_delimited(text: str, path: Path, *, tab: bool) -> pd.DataFrame:
    header = text.lstrip("\n").split("\n", 1)[0]
    if tab:
        sep = "\t"
    elif "," not in header and header.count(";") > 0:
        sep = ";"
    elif "," not in header and header.count("\t") > 0:
        sep = "\t"
    else:
        sep = ","
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""]
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise CorpusError(
            problem(
                path,
                f"cannot be parsed as {'TSV' if sep == chr(9) else 'CSV'} ({_first_line(exc)})",
                fix="check the quoting and the number of fields in the row named, "
                "or re-export the table",
            ),
            source=path,
        ) from exc
    if not isinstance(frame.index, pd.RangeIndex):
        raise CorpusError(
            problem(
                path,
                "the rows have one field more than the header has column names",
                fix="add the missing name to the header row, or remove the trailing separator",
            ),
            source=path,
        )
    return frame


def _parse_json(text: str, path: Path) -> list[tuple[str, Any]]:
    try:
        value = json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        fix = "fix the JSON at that position (a missing comma, quote or bracket?)"
        if exc.msg == "Extra data":
            fix = "if the file holds one JSON object per line, rename it to .jsonl"
        raise CorpusError(
            problem(
                path,
                f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                fix=fix,
            ),
            source=path,
        ) from exc
    except RecursionError as exc:
        raise CorpusError(
            problem(path, "is nested too deeply to read", fix="write a flat array of objects"),
            source=path,
        ) from exc
    if isinstance(value, dict) and "articles" in value:
        value = value["articles"]
        if not isinstance(value, list):
            raise CorpusError(
                problem(
                    path,
                    f"'articles' holds {_json_kind(value)}, not an array of objects",
                    field="articles",
                    fix='write {"articles": [{...}, {...}]}',
                ),
                source=path,
                field="articles",
            )
    elif isinstance(value, dict):
        value = [value]
    elif not isinstance(value, list):
        raise CorpusError(
            problem(
                path,
                f"holds {_json_kind(value)}, not articles",
                fix='write an array of objects, one per article, or {"articles": [...]}',
            ),
            source=path,
        )
    if not value:
        raise CorpusError(
            problem(path, "holds an empty array", fix="add one object per article"),
            source=path,
        )
    records: list[tuple[str, Any]] = []
    for row, item in enumerate(value, start=1):
        input_name = f"{path}#row={row}"
        if not isinstance(item, dict):
            item = ArticleError(
                problem(
                    input_name,
                    f"is {_json_kind(item)}, not an object",
                    fix="write each article as an object with a 'text' key",
                ),
                source=input_name,
            )
        records.append((input_name, item))
    return records


def _parse_json_lines(text: str, path: Path) -> list[tuple[str, Any]]:
    records: list[tuple[str, Any]] = []
    # Split on newlines only: str.splitlines would also split on U+2028 and other
    # characters that may stand unescaped inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        input_name = f"{path}#line={number}"
        try:
            value = json.loads(line, strict=False)
        except json.JSONDecodeError as exc:
            value = ArticleError(
                problem(
                    input_name,
                    f"is not valid JSON: {exc.msg} at column {exc.colno}",
                    fix="fix the line, or remove it (each line must be one complete JSON object)",
                ),
                source=input_name,
            )
        except RecursionError:
            value = ArticleError(
                problem(input_name, "is nested too deeply to read", fix="write a flat object"),
                source=input_name,
            )
        if not isinstance(value, (dict, ArticleError)):
            value = ArticleError(
                problem(
                    input_name,
                    f"holds {_json_kind(value)}, not an object",
                    fix="write one JSON object per line, with a 'text' key",
                ),
                source=input_name,
            )
        records.append((input_name, value))
    return records


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"a string ({_preview(value)})"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _check_errors(errors: str) -> None:
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
