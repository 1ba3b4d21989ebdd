"""The event: articles about one happening, its targets and claims, and the load report.

Fixed table schemas live here as constants so every module and test names the same
columns.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "ARTICLE_COLUMNS",
    "OPTIONAL_ARTICLE_COLUMNS",
    "SENTENCE_COLUMNS",
    "REPORT_COLUMNS",
    "TARGET_COLUMNS",
    "TARGET_KINDS",
    "CLAIM_COLUMNS",
    "REPORT_STATUSES",
    "Event",
    "RawArticle",
    "content_hash",
]

#: Columns of :attr:`Event.articles`, in this order. ``article_id`` is unique and stable
#: (file stem, id column, or a hash of the content); ``text`` is the cleaned text that
#: every offset points into; ``raw_text`` is the text as read; ``path`` or ``url`` says
#: where it came from and ``content_hash`` is the SHA-256 of ``raw_text``.
#: ``removed`` holds the lines taken out by boilerplate removal (one string, lines
#: joined by newlines).
ARTICLE_COLUMNS = [
    "article_id",
    "source",
    "title",
    "published",
    "author",
    "url",
    "kind",
    "lean",
    "country",
    "language",
    "path",
    "content_hash",
    "n_words",
    "text",
    "raw_text",
    "removed",
]

#: Metadata columns an input may leave empty (``None``).
OPTIONAL_ARTICLE_COLUMNS = [
    "published",
    "author",
    "url",
    "kind",
    "lean",
    "country",
    "language",
    "path",
]

#: Columns of :attr:`Event.sentences`: one row per sentence; ``start``/``end`` are
#: character offsets into the article's ``text`` (``text[start:end] == sentence``);
#: ``sentence_id`` is ``"<article_id>:<sentence_index>"``; ``relative_position`` is
#: ``sentence_index / (n_sentences - 1)`` (0 = lead, 1 = last sentence).
SENTENCE_COLUMNS = [
    "sentence_id",
    "article_id",
    "source",
    "sentence_index",
    "paragraph_index",
    "start",
    "end",
    "relative_position",
    "text",
]

#: Columns of :attr:`Event.report`: one row per input, whatever became of it.
REPORT_COLUMNS = ["input", "article_id", "status", "reason"]

#: What can become of an input.
REPORT_STATUSES = ("loaded", "repaired", "skipped")

#: Columns of :attr:`Event.targets`: ``aliases`` is a tuple of names that refer to the
#: target (the name itself included).
TARGET_COLUMNS = ["target_id", "name", "kind", "aliases"]

#: What a target can be (``kind`` in ``event.yaml``; empty when not said). The engine reads
#: some: a ``group`` of people whose hardship is told has the outlet's sympathy
#: (:mod:`workbench.stance`), and the words of a ``person``'s or an ``organisation``'s
#: name are not a claim's words (:mod:`workbench.claim_stance`). ``organization`` is read
#: as ``organisation``.
TARGET_KINDS = ("person", "organisation", "group", "country", "place", "process")

#: Columns of :attr:`Event.claims`. ``bears_on`` is a tuple of ``(target_id, sign)``
#: pairs: what asserting the claim says about a target (``+1`` takes its side, ``−1``
#: goes against it; ``event.yaml``: ``bears_on: {russia: -1}``); empty when not given.
CLAIM_COLUMNS = ["claim_id", "text", "bears_on"]


def content_hash(text: str) -> str:
    """SHA-256 hex digest of *text* encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class RawArticle:
    """One article as a reader found it, before cleaning and segmentation.

    Readers (folder, table, HTML, URL) each return ``RawArticle`` objects; the loader
    cleans ``raw_text``, assigns ids, checks duplicates and builds the tables.

    Attributes
    ----------
    input : str
        What the user gave for this article: a file path, ``file.csv#row=3``, a URL.
    raw_text : str
        The body as read (decoded, HTML already reduced to text), never empty.
    markdown : bool
        Whether ``raw_text`` is Markdown (then markup is stripped when cleaning).
    status : str
        ``"loaded"`` or ``"repaired"`` (something was filled in or fixed; see ``reason``).
    reason : str
        Why the status is ``repaired`` (empty when loaded as is).
    """

    input: str
    raw_text: str
    source: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    url: str | None = None
    kind: str | None = None
    lean: str | None = None
    country: str | None = None
    language: str | None = None
    path: str | None = None
    article_id: str | None = None
    markdown: bool = False
    status: str = "loaded"
    reason: str = ""

    def repaired(self, reason: str) -> None:
        """Mark the article as repaired, adding *reason* to the reasons."""
        self.status = "repaired"
        self.reason = f"{self.reason}; {reason}" if self.reason else reason


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in columns})


@dataclass
class Event:
    """Several articles about one event, with what the comparison looks for.

    Attributes
    ----------
    title, date, description : str
        What the event is. ``date`` is an ISO date string (may be empty).
    articles : pandas.DataFrame
        One row per article, columns :data:`ARTICLE_COLUMNS`.
    sentences : pandas.DataFrame
        One row per sentence, columns :data:`SENTENCE_COLUMNS`.
    report : pandas.DataFrame
        One row per input, columns :data:`REPORT_COLUMNS`.
    targets : pandas.DataFrame
        Actors and entities, columns :data:`TARGET_COLUMNS`.
    claims : pandas.DataFrame
        Short declarative statements, columns :data:`CLAIM_COLUMNS`.
    annotations : dict
        Ground truth written with a teaching corpus (empty for user data); see
        ``corpora/README.md`` for its keys.
    path : pathlib.Path or None
        The folder or file the event was loaded from.
    """

    title: str = ""
    date: str = ""
    description: str = ""
    articles: pd.DataFrame = field(default_factory=lambda: _empty(ARTICLE_COLUMNS))
    sentences: pd.DataFrame = field(default_factory=lambda: _empty(SENTENCE_COLUMNS))
    report: pd.DataFrame = field(default_factory=lambda: _empty(REPORT_COLUMNS))
    targets: pd.DataFrame = field(default_factory=lambda: _empty(TARGET_COLUMNS))
    claims: pd.DataFrame = field(default_factory=lambda: _empty(CLAIM_COLUMNS))
    annotations: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def sources(self) -> list[str]:
        """Distinct outlets, in the order of the articles."""
        return list(dict.fromkeys(self.articles["source"]))

    def article(self, article_id: str) -> pd.Series:
        """One article's row by id."""
        rows = self.articles[self.articles["article_id"] == article_id]
        if rows.empty:
            raise KeyError(f"no article {article_id!r} in event {self.title!r}")
        return rows.iloc[0]

    def sentence_text(self, article_id: str, start: int, end: int) -> str:
        """The cleaned text of *article_id* between two character offsets."""
        return str(self.article(article_id)["text"])[start:end]

    def __repr__(self) -> str:
        n_loaded = int((self.report["status"] != "skipped").sum()) if len(self.report) else 0
        return (
            f"Event(title={self.title!r}, date={self.date!r}, articles={len(self.articles)}, "
            f"sources={len(self.sources)}, sentences={len(self.sentences)}, "
            f"targets={len(self.targets)}, claims={len(self.claims)}, "
            f"inputs={len(self.report)} ({n_loaded} loaded))"
        )
