"""Load an event from whatever the user holds: a folder, a table file, a DataFrame, URLs.

One entry point, :func:`load_event`. Readers return :class:`~workbench.event.RawArticle`
objects; this module cleans them, gives them ids, checks for duplicates, segments
sentences and writes the load report, so every input is accounted for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml

from workbench import prepare
from workbench.errors import (
    ArticleError,
    CorpusError,
    DuplicateArticleError,
    EventFileError,
    WorkbenchError,
    problem,
)
from workbench.event import (
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    REPORT_COLUMNS,
    TARGET_COLUMNS,
    TARGET_KINDS,
    Event,
    RawArticle,
    content_hash,
)

__all__ = ["load_event", "read_text_file", "read_event_file", "ARTICLE_SUFFIXES"]

Errors = Literal["raise", "skip"]

#: File name endings read as articles inside an event folder.
TEXT_SUFFIXES = (".md", ".markdown", ".txt")
HTML_SUFFIXES = (".html", ".htm")
TABLE_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".ndjson")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES

#: Front matter keys that map straight onto article fields.
FRONT_MATTER_FIELDS = (
    "source",
    "title",
    "published",
    "author",
    "url",
    "kind",
    "lean",
    "country",
    "language",
    "article_id",
)

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
_URL = re.compile(r"^https?://", re.IGNORECASE)
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def load_event(
    source: str | Path | pd.DataFrame | Iterable[str | Path],
    *,
    errors: Errors = "raise",
    columns: Mapping[str, str] | None = None,
    title: str | None = None,
    date: str | None = None,
    description: str | None = None,
    targets: list[Mapping[str, Any]] | None = None,
    claims: list[Mapping[str, Any]] | None = None,
    cache_dir: Path | None = None,
    timeout: float = 10.0,
    max_bytes: int = 5_000_000,
) -> Event:
    """Load several articles about one event.

    Parameters
    ----------
    source : str, Path, DataFrame or iterable of them
        A folder (with ``event.yaml`` or ``event.toml`` and article files), one table
        file (``.csv``, ``.tsv``, ``.json``, ``.jsonl``), one article file (``.md``,
        ``.txt``, ``.html``), a URL, a pandas DataFrame, or a list of files and URLs.
    errors : {"raise", "skip"}, default "raise"
        ``"raise"`` stops at the first bad input with an error naming it. ``"skip"``
        leaves bad inputs out and lists each in :attr:`Event.report` with its reason.
    columns : mapping, optional
        For tables: our field name -> the table's column name, e.g.
        ``{"text": "body", "source": "outlet"}``.
    title, date, description, targets, claims : optional
        Event metadata; override what ``event.yaml`` says (or supply it for tables
        and URLs). ``targets`` items have ``id``, ``name``, ``kind``, ``aliases``;
        ``claims`` items have ``id`` and ``text``.
    cache_dir : Path, optional
        Where fetched URLs are cached (default ``~/.cache/workbench/urls``).
    timeout, max_bytes : float, int
        Limits for each URL fetch.

    Returns
    -------
    Event
        With ``articles``, ``sentences``, ``report``, ``targets`` and ``claims``.

    Raises
    ------
    CorpusError
        Or a subclass, naming the file, the field and the fix.
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    fetch_options = {"cache_dir": cache_dir, "timeout": timeout, "max_bytes": max_bytes}
    meta: dict[str, Any] = {}
    event_path: Path | None = None
    articles: list[RawArticle] = []
    skipped: list[tuple[str, str]] = []

    if isinstance(source, pd.DataFrame):
        from workbench import tables

        articles, skipped = tables.read_table(
            source, columns=columns, name="<DataFrame>", errors=errors
        )
    elif isinstance(source, (str, Path)) and _is_url(source):
        articles, skipped = _read_urls([str(source)], errors=errors, **fetch_options)
    elif isinstance(source, (str, Path)):
        event_path = Path(source)
        if event_path.is_dir():
            meta = read_event_file(event_path)
            articles, skipped = _read_folder(
                event_path, meta, errors=errors, columns=columns, **fetch_options
            )
        elif event_path.is_file():
            articles, skipped = _read_inputs([event_path], errors, columns, fetch_options)
        else:
            raise CorpusError(
                problem(
                    event_path,
                    "no such file or folder",
                    fix="check the path, or pass a folder, a table file, an article file or a URL",
                )
            )
    else:
        items = list(source)
        if not items:
            raise CorpusError(
                problem("<list>", "the list of inputs is empty", fix="pass files or URLs")
            )
        articles, skipped = _read_inputs(items, errors, columns, fetch_options)

    overrides = {
        "title": title,
        "date": date,
        "description": description,
        "targets": targets,
        "claims": claims,
    }
    meta.update({key: value for key, value in overrides.items() if value is not None})
    where = event_path if event_path is not None else "<inputs>"
    return _assemble(articles, skipped, meta, where=where, errors=errors, path=event_path)


def read_event_file(folder: Path) -> dict[str, Any]:
    """Read ``event.yaml`` (or ``.yml``/``.toml``) and ``annotations.yaml`` of *folder*.

    A folder without an event file is allowed: its name becomes the title.

    Returns
    -------
    dict
        Keys ``title``, ``date``, ``description``, ``targets``, ``claims``,
        ``annotations`` (each possibly empty).
    """
    candidates = [folder / name for name in ("event.yaml", "event.yml", "event.toml")]
    found = [path for path in candidates if path.is_file()]
    meta: dict[str, Any] = {"title": folder.name}
    if found:
        path = found[0]
        data = _parse_mapping_file(path, EventFileError)
        unknown = set(data) - {
            "title",
            "date",
            "description",
            "targets",
            "claims",
            "articles",
            "urls",
        }
        if unknown:
            raise EventFileError(
                problem(
                    path,
                    f"unknown keys {sorted(unknown)}",
                    fix="use title, date, description, targets, claims, articles, urls",
                ),
                source=path,
            )
        meta.update(data)
        meta["_event_file"] = path
    annotations_path = folder / "annotations.yaml"
    if annotations_path.is_file():
        meta["annotations"] = _parse_mapping_file(annotations_path, EventFileError)
    return meta


def read_text_file(path: Path) -> RawArticle:
    """Read one Markdown or plain-text article with optional YAML front matter.

    Raises
    ------
    ArticleError
        If the bytes are not UTF-8, the front matter is not valid YAML or not a
        mapping, or the body is empty.
    """
    text = _decode(path)
    article = RawArticle(input=str(path), raw_text="", path=str(path))
    article.markdown = path.suffix.lower() in (".md", ".markdown")
    match = _FRONT_MATTER.match(text)
    body = text
    if match:
        body = text[match.end() :]
        try:
            front = yaml.safe_load(match.group(1) or "") or {}
        except yaml.YAMLError as exc:
            raise ArticleError(
                problem(
                    path,
                    f"front matter is not valid YAML ({_first_line(exc)})",
                    fix="fix the YAML between the --- lines",
                ),
                source=path,
            ) from exc
        if not isinstance(front, dict):
            raise ArticleError(
                problem(
                    path,
                    "front matter is not a mapping of keys to values",
                    fix="write key: value lines between the --- lines",
                ),
                source=path,
            )
        for key, value in front.items():
            if key in FRONT_MATTER_FIELDS and value is not None:
                setattr(article, key, _as_text(value))
    elif text.lstrip().startswith("---"):
        raise ArticleError(
            problem(
                path,
                "front matter is opened with --- but never closed",
                fix="add a closing --- line",
            ),
            source=path,
        )
    if not body.strip():
        raise ArticleError(
            problem(
                path,
                "the article has no text",
                field="text",
                fix="add the article body or remove the file",
            ),
            source=path,
            field="text",
        )
    article.raw_text = body
    if not article.source:
        article.source = path.stem
        article.repaired("no 'source' given; used the file name")
    if article.article_id is None:
        article.article_id = _safe_id(path.stem)
    return article


# --------------------------------------------------------------------------- readers


def _read_folder(
    folder: Path,
    meta: Mapping[str, Any],
    *,
    errors: Errors,
    columns: Mapping[str, str] | None,
    cache_dir: Path | None,
    timeout: float,
    max_bytes: int,
) -> tuple[list[RawArticle], list[tuple[str, str]]]:
    article_dir = folder / str(meta.get("articles", "articles"))
    if not article_dir.is_dir():
        article_dir = folder
    files = sorted(
        path
        for path in article_dir.iterdir()
        if path.is_file()
        and not path.name.startswith(".")
        and path.suffix.lower() in ARTICLE_SUFFIXES + TABLE_SUFFIXES
        and path.name.lower() not in ("readme.md", "annotations.yaml", "event.yaml")
    )
    urls = [str(url) for url in meta.get("urls") or []]
    urls_file = folder / "urls.txt"
    if urls_file.is_file():
        urls += [
            line.strip()
            for line in _decode(urls_file).splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
    if not files and not urls:
        raise CorpusError(
            problem(
                folder,
                "the folder holds no articles",
                fix=(
                    f"add .md, .txt, .html, .csv or .json files (in {article_dir.name}/ "
                    "or the folder itself), or a urls.txt"
                ),
            ),
            source=folder,
        )
    fetch_options = {"cache_dir": cache_dir, "timeout": timeout, "max_bytes": max_bytes}
    articles, skipped = _read_inputs(files, errors, columns, fetch_options)
    if urls:
        more, more_skipped = _read_urls(urls, errors=errors, **fetch_options)
        articles += more
        skipped += more_skipped
    return articles, skipped


def _read_inputs(
    items: Iterable[str | Path],
    errors: Errors,
    columns: Mapping[str, str] | None,
    fetch_options: Mapping[str, Any],
) -> tuple[list[RawArticle], list[tuple[str, str]]]:
    articles: list[RawArticle] = []
    skipped: list[tuple[str, str]] = []
    urls = []
    for item in items:
        if _is_url(item):
            urls.append(str(item))
            continue
        path = Path(item)
        try:
            more, more_skipped = _read_file(path, errors=errors, columns=columns)
        except WorkbenchError as exc:
            if errors == "raise":
                raise
            skipped.append((str(path), str(exc)))
            continue
        articles += more
        skipped += more_skipped
    if urls:
        more, more_skipped = _read_urls(urls, errors=errors, **fetch_options)
        articles += more
        skipped += more_skipped
    return articles, skipped


def _read_file(
    path: Path, *, errors: Errors, columns: Mapping[str, str] | None
) -> tuple[list[RawArticle], list[tuple[str, str]]]:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise CorpusError(problem(path, "no such file", fix="check the path"), source=path)
    if suffix in TEXT_SUFFIXES:
        return [read_text_file(path)], []
    if suffix in HTML_SUFFIXES:
        from workbench import web

        return [web.read_html_file(path)], []
    if suffix in TABLE_SUFFIXES:
        from workbench import tables

        return tables.read_table_file(path, columns=columns, errors=errors)
    raise CorpusError(
        problem(
            path,
            f"unknown file type {suffix or '(none)'}",
            fix="use .md, .txt, .html, .csv, .tsv, .json or .jsonl",
        ),
        source=path,
    )


def _read_urls(
    urls: list[str], *, errors: Errors, cache_dir: Path | None, timeout: float, max_bytes: int
) -> tuple[list[RawArticle], list[tuple[str, str]]]:
    from workbench import web

    return web.read_urls(
        urls, errors=errors, cache_dir=cache_dir, timeout=timeout, max_bytes=max_bytes
    )


# --------------------------------------------------------------------------- assembly


def _assemble(
    raw: list[RawArticle],
    skipped: list[tuple[str, str]],
    meta: Mapping[str, Any],
    *,
    where: object,
    errors: Errors,
    path: Path | None,
) -> Event:
    """Clean, identify and segment the articles; build the event and its report."""
    report = [
        {"input": name, "article_id": None, "status": "skipped", "reason": reason}
        for name, reason in skipped
    ]
    cleaned = prepare.clean_texts(
        [article.raw_text for article in raw],
        [article.source or "" for article in raw],
        markdown=[article.markdown for article in raw],
    )
    rows = []
    seen: dict[str, str] = {}
    for article, (text, removed) in zip(raw, cleaned):
        try:
            row = _article_row(article, text, removed, seen)
        except WorkbenchError as exc:
            if errors == "raise":
                raise
            report.append(
                {
                    "input": article.input,
                    "article_id": None,
                    "status": "skipped",
                    "reason": str(exc),
                }
            )
            continue
        seen[row["article_id"]] = article.input
        rows.append(row)
        report.append(
            {
                "input": article.input,
                "article_id": row["article_id"],
                "status": article.status,
                "reason": article.reason,
            }
        )
    if not rows:
        reasons = "; ".join(f"{entry['input']}: {entry['reason']}" for entry in report[:3])
        raise CorpusError(
            problem(
                where,
                f"no article could be loaded ({reasons})"
                if reasons
                else "no article could be loaded",
                fix="see the reasons above; fix the inputs or pass errors='skip' to load the rest",
            ),
            source=where,
        )
    articles = pd.DataFrame(rows, columns=ARTICLE_COLUMNS)
    articles["n_words"] = articles["n_words"].astype(int)
    sentences = prepare.sentence_table(articles)
    meta_where = meta.get("_event_file", where)
    targets = _targets_table(meta.get("targets") or [], meta_where)
    return Event(
        title=str(meta.get("title") or ""),
        date=_as_text(meta.get("date")) or "",
        description=str(meta.get("description") or "").strip(),
        articles=articles,
        sentences=sentences,
        report=pd.DataFrame(report, columns=REPORT_COLUMNS),
        targets=targets,
        claims=_claims_table(
            meta.get("claims") or [], meta_where, target_ids=tuple(targets["target_id"])
        ),
        annotations=dict(meta.get("annotations") or {}),
        path=path,
    )


def _article_row(
    article: RawArticle, text: str, removed: list[str], seen: Mapping[str, str]
) -> dict[str, Any]:
    if not text.strip():
        raise ArticleError(
            problem(
                article.input,
                "nothing is left after removing boilerplate",
                field="text",
                fix="check that the file holds the article body, not only its page furniture",
            ),
            source=article.input,
            field="text",
        )
    article_id = _safe_id(article.article_id) if article.article_id else content_hash(text)[:12]
    if article_id in seen:
        raise DuplicateArticleError(
            problem(
                article.input,
                f"article id {article_id!r} is also the id of {seen[article_id]}",
                field="article_id",
                fix="give each article its own id (file name or id column), or drop the duplicate",
            ),
            source=article.input,
            field="article_id",
        )
    title = article.title
    if not title:
        first_line = text.strip().split("\n", 1)[0]
        title = first_line[:120]
        article.repaired("no title given; used the first line")
    return {
        "article_id": article_id,
        "source": article.source or "unknown",
        "title": title,
        "published": article.published,
        "author": article.author,
        "url": article.url,
        "kind": article.kind,
        "lean": article.lean,
        "country": article.country,
        "language": article.language,
        "path": article.path,
        "content_hash": content_hash(article.raw_text),
        "n_words": len(text.split()),
        "text": text,
        "raw_text": article.raw_text,
        "removed": "\n".join(removed),
    }


def _targets_table(items: Any, where: object) -> pd.DataFrame:
    if not isinstance(items, list):
        raise EventFileError(
            problem(
                where,
                "targets must be a list",
                field="targets",
                fix="write a YAML list of {id, name, aliases}",
            )
        )
    rows = []
    for position, item in enumerate(items, start=1):
        if isinstance(item, str):
            item = {"id": item}
        if not isinstance(item, Mapping) or not (item.get("id") or item.get("name")):
            raise EventFileError(
                problem(
                    where,
                    f"target #{position} has neither id nor name",
                    field="targets",
                    fix="give each target an id and a name",
                ),
                source=where,
                field="targets",
            )
        name = str(item.get("name") or item["id"])
        target_id = _safe_id(str(item.get("id") or name)).lower()
        aliases = item.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list):
            raise EventFileError(
                problem(
                    where,
                    f"aliases of target {target_id!r} must be a list",
                    field="targets",
                    fix="write aliases: [a, b]",
                ),
                source=where,
                field="targets",
            )
        names = tuple(dict.fromkeys([name, *(str(alias) for alias in aliases)]))
        rows.append(
            {
                "target_id": target_id,
                "name": name,
                "kind": _target_kind(item.get("kind"), target_id, where),
                "aliases": names,
            }
        )
    ids = [row["target_id"] for row in rows]
    duplicated = sorted({target for target in ids if ids.count(target) > 1})
    if duplicated:
        raise EventFileError(
            problem(
                where,
                f"duplicate target ids {duplicated}",
                field="targets",
                fix="give each target its own id",
            )
        )
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def _target_kind(kind: object, target_id: str, where: object) -> str:
    """A target's ``kind``, checked against :data:`~workbench.event.TARGET_KINDS`."""
    text = str(kind or "").strip().lower()
    text = {"organization": "organisation"}.get(text, text)
    if text and text not in TARGET_KINDS:
        raise EventFileError(
            problem(
                where,
                f"target {target_id!r} has kind {str(kind)!r}, which the engine does not know",
                field="targets",
                fix=f"use one of {', '.join(TARGET_KINDS)}, or leave kind out",
            ),
            source=where,
            field="targets",
        )
    return text


def _claims_table(items: Any, where: object, *, target_ids: tuple[str, ...]) -> pd.DataFrame:
    if not isinstance(items, list):
        raise EventFileError(
            problem(
                where,
                "claims must be a list",
                field="claims",
                fix="write a YAML list of {id, text}",
            )
        )
    rows = []
    for position, item in enumerate(items, start=1):
        if isinstance(item, str):
            item = {"id": f"claim_{position}", "text": item}
        if not isinstance(item, Mapping) or not str(item.get("text") or "").strip():
            raise EventFileError(
                problem(
                    where,
                    f"claim #{position} has no text",
                    field="claims",
                    fix="give each claim an id and a text",
                ),
                source=where,
                field="claims",
            )
        claim_id = _safe_id(str(item.get("id") or f"claim_{position}"))
        rows.append(
            {
                "claim_id": claim_id,
                "text": str(item["text"]).strip(),
                "bears_on": _bearings(item.get("bears_on"), claim_id, target_ids, where),
            }
        )
    ids = [row["claim_id"] for row in rows]
    duplicated = sorted({claim for claim in ids if ids.count(claim) > 1})
    if duplicated:
        raise EventFileError(
            problem(
                where,
                f"duplicate claim ids {duplicated}",
                field="claims",
                fix="give each claim its own id",
            )
        )
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def _bearings(
    value: Any, claim_id: str, target_ids: tuple[str, ...], where: object
) -> tuple[tuple[str, float], ...]:
    """``bears_on: {target_id: sign}`` of one claim as sorted ``(target_id, sign)`` pairs."""
    if value is None:
        return ()

    def bad(what: str, fix: str) -> EventFileError:
        return EventFileError(
            problem(where, f"claim {claim_id!r}: {what}", field="claims.bears_on", fix=fix),
            source=where,
            field="claims.bears_on",
        )

    if not isinstance(value, Mapping):
        raise bad("bears_on must be a mapping", "write bears_on: {target_id: 1 or -1}")
    pairs = []
    for target_id, sign in value.items():
        if str(target_id).lower() not in target_ids:
            raise bad(
                f"bears_on names {target_id!r}, which is not a target",
                f"use one of the target ids {list(target_ids)}",
            )
        if isinstance(sign, bool) or not isinstance(sign, (int, float)) or not -1 <= sign <= 1:
            raise bad(
                f"bears_on value for {target_id!r} must be a number from -1 to 1, not {sign!r}",
                "write 1 (asserting the claim takes the target's side) or -1 (goes against it)",
            )
        pairs.append((str(target_id).lower(), float(sign)))
    return tuple(sorted(pairs))


# --------------------------------------------------------------------------- small pieces


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(
            problem(path, f"cannot be read ({exc.strerror})", fix="check the path and permissions"),
            source=path,
        ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            problem(
                path,
                f"is not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r})",
                fix="re-save the file as UTF-8",
            ),
            source=path,
        ) from exc


def _parse_mapping_file(path: Path, error: type[CorpusError]) -> dict[str, Any]:
    text = _decode(path)
    try:
        if path.suffix.lower() == ".toml":
            try:
                import tomllib
            except ModuleNotFoundError:  # Python 3.10
                import tomli as tomllib
            data = tomllib.loads(text)
        else:
            data = yaml.safe_load(text)
    except Exception as exc:  # yaml.YAMLError, tomllib.TOMLDecodeError
        raise error(
            problem(
                path,
                f"is not valid {path.suffix.lstrip('.').upper()} ({_first_line(exc)})",
                fix="fix the syntax at the position given",
            ),
            source=path,
        ) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise error(
            problem(
                path,
                "does not hold a mapping of keys to values",
                fix="write key: value pairs at the top level",
            ),
            source=path,
        )
    return data


def _is_url(item: object) -> bool:
    return isinstance(item, str) and bool(_URL.match(item.strip()))


def _safe_id(value: str) -> str:
    return _ID_UNSAFE.sub("-", str(value).strip()).strip("-") or "article"


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
