"""workbench: put news sources about one event side by side.

The public API is listed in ``__all__``; everything else is private.
"""

from workbench.comparison import Comparison, compare
from workbench.corpus import load_event
from workbench.errors import (
    ArticleError,
    ColumnError,
    CorpusError,
    DuplicateArticleError,
    EventFileError,
    FetchError,
    ModelError,
    WorkbenchError,
)
from workbench.event import (
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    REPORT_COLUMNS,
    SENTENCE_COLUMNS,
    TARGET_COLUMNS,
    Event,
)
from workbench.similarity import group_events

__version__ = "0.1.0"

__all__ = [
    "ARTICLE_COLUMNS",
    "CLAIM_COLUMNS",
    "REPORT_COLUMNS",
    "SENTENCE_COLUMNS",
    "TARGET_COLUMNS",
    "ArticleError",
    "ColumnError",
    "Comparison",
    "CorpusError",
    "DuplicateArticleError",
    "Event",
    "EventFileError",
    "FetchError",
    "ModelError",
    "WorkbenchError",
    "__version__",
    "compare",
    "group_events",
    "load_event",
]
