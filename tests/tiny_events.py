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


def one_article(texts: list[str], starts: list[int] | None = None) -> pd.DataFrame:
    """The sentence table of article ``a`` of source ``A``, one row per text.

    *starts*: each sentence's offset in the article; by default the texts follow one
    another with one space between them.
    """
    if starts is None:
        starts = [sum(len(text) + 1 for text in texts[:index]) for index in range(len(texts))]
    return pd.DataFrame(
        {
            "sentence_id": [f"a:{index}" for index in range(len(texts))],
            "article_id": "a",
            "source": "A",
            "sentence_index": list(range(len(texts))),
            "start": starts,
            "text": texts,
        }
    )


def target_mentions(
    sentences: pd.DataFrame, found: list[tuple[str, str, int, int]]
) -> pd.DataFrame:
    """Target mentions of :func:`one_article` sentences, as :func:`workbench.labels.mentions` gives.

    *found*: ``(target_id, alias, sentence_index, offset of the alias in the sentence)``.
    """
    starts = sentences.set_index("sentence_index")["start"]
    return pd.DataFrame(
        [
            {
                "target_id": target_id,
                "alias": alias,
                "sentence_id": f"a:{index}",
                "article_id": "a",
                "source": "A",
                "sentence_index": index,
                "start": int(starts[index]) + offset,
                "end": int(starts[index]) + offset + len(alias),
            }
            for target_id, alias, index, offset in found
        ]
    )


#: Texts that trip tokenizers: curly and straight apostrophes, dashes, odd spaces, nothing.
TRICKY = [
    "The Kremlin's propagandists said Moscow’s men weren't there — Kiev's regime lied.",
    "Holm has repeatedly refused, Berg insists; the EU-led talks’s end?",
    "ÉLAN's chief said: \u201cVelm\u2019s plan is reckless\u201d\u3000and Carsk's isn't.",
    "",
    "   ",
    "a\tb\x1cc\u2028d's e",
]
