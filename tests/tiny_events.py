"""Hand-made sentence tables for the engine tests, independent of workbench.prepare."""

from __future__ import annotations

import re

import pandas as pd


def sentences_table(articles: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """One row per sentence of ``{article_id: (source, text)}``, split at . ! or ?.

    Offsets point into each article's text, as in :data:`workbench.event.SENTENCE_COLUMNS`.
    """
    rows = []
    for article_id, (source, text) in articles.items():
        for index, m in enumerate(re.finditer(r"\S[^.!?]*[.!?]+", text)):
            rows.append(
                {
                    "sentence_id": f"{article_id}:{index}",
                    "article_id": article_id,
                    "source": source,
                    "sentence_index": index,
                    "start": m.start(),
                    "end": m.end(),
                    "text": m.group(0),
                }
            )
    return pd.DataFrame(rows)
