"""One object that answers every comparison question about an event.

:func:`compare` returns a :class:`Comparison`. Each table is computed on first use,
cached, and deterministic: the same event gives identical tables. Every table is a
pandas DataFrame with documented fixed columns; where a number comes from text, the
table keeps the article id, sentence index and character offsets of its evidence.
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property
from typing import Any, Literal

import numpy as np
import pandas as pd

from workbench import coverage as _coverage
from workbench import framing as _framing
from workbench import labels as _labels
from workbench import numbers as _numbers
from workbench import quotes as _quotes
from workbench import reuse as _reuse
from workbench import similarity as _similarity
from workbench import stance as _stance
from workbench import style as _style
from workbench import terms as _terms
from workbench.event import Event

__all__ = ["Comparison", "compare", "SUMMARY_COLUMNS", "HEADLINE_COLUMNS"]

#: Columns of :attr:`Comparison.summary`, one row per source.
SUMMARY_COLUMNS = [
    "source",
    "n_articles",
    "n_words",
    "mean_similarity",
    "n_unique_units",
    "n_omitted_units",
    "n_quotes",
    "n_speakers",
    "share_quoted",
    "top_frame",
    "top_terms",
    "loaded_share",
    "unattributed_share",
]

#: Columns of :attr:`Comparison.headlines`, one row per article.
HEADLINE_COLUMNS = ["article_id", "source", "title", "distinctive_words", "target_id", "stance"]


def compare(event: Event, **options: Any) -> Comparison:
    """Compare the sources of *event*; see :class:`Comparison` for the tables.

    Parameters
    ----------
    event : Event
        From :func:`workbench.load_event`.
    **options
        Keyword options of :class:`Comparison`.

    Returns
    -------
    Comparison
    """
    return Comparison(event, **options)


class Comparison:
    """Lazily computed, cached comparison tables for one event.

    Parameters
    ----------
    event : Event
        The event to compare.
    analyzer : {"word", "char"}, default "word"
        Tokens of the article similarity: word 1–2-grams or character n-grams.
    coverage_threshold : float, optional
        Cosine threshold above which two sentences of different sources count as the
        same content (default: :data:`workbench.coverage.DEFAULT_THRESHOLD`).
    n_topics : int, default 6
        Emphasis topics (NMF over sentences).
    random_state : int, default 0
        Seed of every random step (bootstrap, NMF).
    """

    def __init__(
        self,
        event: Event,
        *,
        analyzer: Literal["word", "char"] = "word",
        coverage_threshold: float | None = None,
        n_topics: int = 6,
        random_state: int = 0,
    ) -> None:
        self.event = event
        self.analyzer = analyzer
        self.coverage_threshold = coverage_threshold
        self.n_topics = n_topics
        self.random_state = random_state
        self._distinctive: dict[tuple[str, str | None], pd.DataFrame] = {}

    # ------------------------------------------------------------------ basics
    @property
    def sources(self) -> list[str]:
        """The outlets, in the order of the articles."""
        return self.event.sources

    @property
    def articles(self) -> pd.DataFrame:
        """The event's articles."""
        return self.event.articles

    @property
    def sentences(self) -> pd.DataFrame:
        """The event's sentences."""
        return self.event.sentences

    def __repr__(self) -> str:
        return f"Comparison({self.event.title!r}, sources={len(self.sources)})"

    # -------------------------------------------------------------- similarity
    @cached_property
    def similarity(self) -> pd.DataFrame:
        """Article × article cosine similarity (TF-IDF), labelled by article id."""
        return _similarity.similarity_matrix(
            self.articles, analyzer=self.analyzer, sentences=self.sentences
        )

    @cached_property
    def source_similarity(self) -> pd.DataFrame:
        """Source × source mean similarity of their articles."""
        return _similarity.source_similarity(self.articles, self.similarity)

    @cached_property
    def similarity_pairs(self) -> pd.DataFrame:
        """Every pair of articles with its similarity, most alike first."""
        return _similarity.similarity_pairs(self.similarity, self.articles)

    # ---------------------------------------------------------------- coverage
    def _coverage_options(self) -> dict[str, Any]:
        if self.coverage_threshold is None:
            return {}
        return {"threshold": self.coverage_threshold}

    @cached_property
    def _sentence_vectors(self) -> Any:
        # TF-IDF of the sentences, fit once for the content units and the coverage grid.
        return _coverage.sentence_vectors(self.sentences)

    @cached_property
    def content_units(self) -> pd.DataFrame:
        """Sentences grouped into content units across sources (one row per sentence)."""
        return _coverage.content_units(
            self.sentences,
            vectors=self._sentence_vectors,
            figures=self.numbers,
            **self._coverage_options(),
        )

    @cached_property
    def coverage(self) -> pd.DataFrame:
        """Content unit × source: present or not, where, with which sentences.

        A source is present by a member sentence, a similar sentence, or a sentence that
        reports the unit's tally (:attr:`numbers`; see :func:`workbench.coverage.coverage_grid`).
        """
        units = self.content_units
        rows = pd.Index(self.sentences["sentence_id"]).get_indexer(units["sentence_id"])
        return _coverage.coverage_grid(
            units, self.sources, vectors=self._sentence_vectors[rows], figures=self.numbers
        )

    @cached_property
    def unique_content(self) -> pd.DataFrame:
        """Per source, the content units only it reports."""
        return _coverage.unique_content(self.coverage, self.content_units)

    @cached_property
    def omitted_content(self) -> pd.DataFrame:
        """Per source, the content every other source has but it lacks."""
        return _coverage.omitted_content(self.coverage, self.content_units)

    @cached_property
    def shared_content(self) -> pd.DataFrame:
        """Content units reported by every source."""
        return _coverage.shared_content(self.coverage)

    @cached_property
    def reuse(self) -> pd.DataFrame:
        """Near-verbatim passages shared by two articles, with character spans."""
        return _reuse.reused_passages(self.articles)

    # ------------------------------------------------------------------- terms
    @cached_property
    def term_counts(self) -> pd.DataFrame:
        """Term × source counts (word 1–2-grams), counted once for every comparison."""
        return _terms.term_counts(self.articles, by="source")

    def distinctive_terms(self, source: str, against: str | None = None) -> pd.DataFrame:
        """Terms typical of *source* against the rest (or against one other source).

        Weighted log-odds ratio with an informative Dirichlet prior (Monroe,
        Colaresi & Quinn 2008); columns start ``term, z, n_target, n_reference``.
        """
        key = (source, against)
        if key not in self._distinctive:
            self._check_source(source)
            if against is not None:
                self._check_source(against)
            self._distinctive[key] = _terms.log_odds(self.term_counts, source, against=against)
        return self._distinctive[key]

    def keyword_in_context(self, term: str, *, width: int = 40) -> pd.DataFrame:
        """Every occurrence of *term* with its left and right context and offsets."""
        return _terms.keyword_in_context(self.sentences, term, width=width)

    @cached_property
    def mentions(self) -> pd.DataFrame:
        """Every mention of every event target, with offsets."""
        return _labels.mentions(self.sentences, self.event.targets)

    @cached_property
    def target_labels(self) -> pd.DataFrame:
        """Each mention of a target with the words around it ("the Kiev regime")."""
        return _labels.target_labels(self.sentences, self.event.targets, mentions=self.mentions)

    @cached_property
    def labels(self) -> pd.DataFrame:
        """Per target × source, the labels used to name the target, with counts."""
        return _labels.label_table(self.target_labels)

    # ------------------------------------------------------------------ stance
    @cached_property
    def mention_polarity(self) -> pd.DataFrame:
        """Each target mention with the model's polarity and whether it is quoted."""
        return _stance.mention_polarity(
            self.mentions, self.sentences, self.quotes, targets=self.event.targets
        )

    @cached_property
    def claim_positions(self) -> pd.DataFrame:
        """What each source's side on the claims says about the targets they bear on."""
        return _stance.claim_positions(self.claim_stance, self.event.claims, self.sentences)

    @cached_property
    def stance(self) -> pd.DataFrame:
        """Source × target stance in [-1, 1] with a bootstrap interval, overall (text and
        claim positions), authorial and quoted (column ``voice``)."""
        return _stance.stance_table(
            self.mention_polarity,
            self.sentences,
            targets=self.event.targets,
            sources=self.sources,
            claim_positions=self.claim_positions,
            random_state=self.random_state,
        )

    def stance_evidence(
        self, source: str, target_id: str, *, voice: str = "all", n: int = 10
    ) -> pd.DataFrame:
        """The sentences (and claim positions) behind one stance cell, strongest first."""
        self._check_source(source)
        return _stance.stance_evidence(
            self.mention_polarity,
            source,
            target_id,
            voice=voice,
            n=n,
            claim_positions=self.claim_positions,
        )

    @cached_property
    def claim_sentences(self) -> pd.DataFrame:
        """Every event claim scored against every sentence (agree / disagree / ...)."""
        return _stance.claim_sentence_scores(
            self.event.claims, self.sentences, targets=self.event.targets, quotes=self.quotes
        )

    @cached_property
    def claim_stance(self) -> pd.DataFrame:
        """Source × claim: agree / disagree / discuss / absent, confidence, evidence."""
        return _stance.claim_stance_table(
            self.claim_sentences, self.event.claims, sources=self.sources
        )

    def claim_evidence(self, source: str, claim_id: str, *, n: int = 5) -> pd.DataFrame:
        """The sentences behind one claim cell."""
        self._check_source(source)
        return _stance.claim_evidence(self.claim_sentences, source, claim_id, n=n)

    # ----------------------------------------------------------------- framing
    @cached_property
    def frame_sentences(self) -> pd.DataFrame:
        """Per sentence and frame: score and matched cues."""
        return _framing.frame_sentences(self.sentences)

    @cached_property
    def framing(self) -> pd.DataFrame:
        """Source × frame share (the 15 Media Frames Corpus dimensions)."""
        return _framing.frame_profile(self.sentences, frames=self.frame_sentences)

    def frame_evidence(self, source: str, frame: str, *, n: int = 5) -> pd.DataFrame:
        """The sentences that carry *frame* in *source*."""
        self._check_source(source)
        return _framing.frame_evidence(
            self.sentences, source, frame, n=n, frames=self.frame_sentences
        )

    @cached_property
    def _topics(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        return _framing.emphasis_topics(
            self.sentences, n_topics=self.n_topics, random_state=self.random_state
        )

    @property
    def topics(self) -> pd.DataFrame:
        """Emphasis topics (NMF over sentences) with their top terms."""
        return self._topics[0]

    @property
    def topic_shares(self) -> pd.DataFrame:
        """Each source's share of each emphasis topic."""
        return self._topics[1]

    # ------------------------------------------------------------------ quotes
    @cached_property
    def quotes(self) -> pd.DataFrame:
        """Direct quotes and indirect attributions with speakers and verbs."""
        return _quotes.find_quotes(self.articles, self.sentences, targets=self.event.targets)

    @cached_property
    def sourcing(self) -> pd.DataFrame:
        """Per source: who speaks, how much, with which reporting verbs."""
        return _quotes.sourcing_profile(self.quotes, self.articles)

    # ----------------------------------------------------------------- numbers
    @cached_property
    def numbers(self) -> pd.DataFrame:
        """Every figure with value, unit, what it counts and its offsets."""
        return _numbers.find_figures(self.articles, self.sentences)

    @cached_property
    def number_disagreements(self) -> pd.DataFrame:
        """The quantities on which the sources report different figures."""
        return _numbers.figure_disagreements(self.numbers)

    # ------------------------------------------------------------------- style
    @cached_property
    def style_sentences(self) -> pd.DataFrame:
        """Per sentence: hedges, intensifiers, loaded words, attribution, length."""
        return _style.style_features(self.sentences)

    @cached_property
    def style(self) -> pd.DataFrame:
        """Per source: rates of hedges, loaded language, unattributed claims, readability."""
        return _style.style_profile(self.sentences, self.articles, features=self.style_sentences)

    def style_evidence(self, source: str, feature: str, *, n: int = 5) -> pd.DataFrame:
        """The sentences behind one style feature of *source*."""
        self._check_source(source)
        return _style.style_evidence(
            self.sentences, source, feature, n=n, features=self.style_sentences
        )

    # --------------------------------------------------------------- headlines
    @cached_property
    def headlines(self) -> pd.DataFrame:
        """Headlines side by side: their distinctive words and the stance they carry.

        One row per article and target named in the headline (``target_id`` is
        ``None`` for a headline that names no target).
        """
        titles = self.articles[["article_id", "source", "title"]].rename(columns={"title": "text"})
        titles = titles.assign(
            sentence_id=titles["article_id"] + ":title",
            sentence_index=-1,
            paragraph_index=-1,
            start=0,
            end=titles["text"].str.len(),
            relative_position=0.0,
        )
        words = _terms.term_counts(titles, by="source", ngram_range=(1, 1))
        # A source's distinctive headline words: in its headlines and in no other source's.
        total = words.sum(axis=1)
        distinctive = {
            source: tuple(words.index[(words[source] > 0) & (words[source] == total)])
            for source in words.columns
        }
        title_mentions = _labels.mentions(titles, self.event.targets)
        scored = _stance.mention_polarity(title_mentions, titles, None, targets=self.event.targets)
        hits = dict(tuple(scored.groupby("article_id", sort=False)))
        rows = []
        for article in self.articles.itertuples():
            named = distinctive.get(article.source, ())
            found = hits.get(article.article_id)
            if found is None:
                rows.append(
                    (article.article_id, article.source, article.title, named, None, float("nan"))
                )
                continue
            for target_id, group in found.groupby("target_id", sort=False):
                rows.append(
                    (
                        article.article_id,
                        article.source,
                        article.title,
                        named,
                        target_id,
                        float(group["score"].mean()),
                    )
                )
        return pd.DataFrame(rows, columns=HEADLINE_COLUMNS)

    # ----------------------------------------------------------------- summary
    @cached_property
    def summary(self) -> pd.DataFrame:
        """One row per source joining the headline numbers of every table."""
        n_articles: dict[Any, int] = {}
        n_words: dict[Any, int] = {}
        for source, words in zip(
            self.articles["source"].tolist(), self.articles["n_words"].tolist(), strict=True
        ):
            n_articles[source] = n_articles.get(source, 0) + 1
            n_words[source] = n_words.get(source, 0) + words
        similarity = self.source_similarity
        similarity_values = similarity.to_numpy()
        similarity_row = {source: i for i, source in enumerate(similarity.index)}
        similarity_column = {source: j for j, source in enumerate(similarity.columns)}
        sourcing = {row["source"]: row for row in self.sourcing.to_dict("records")}
        style = {row["source"]: row for row in self.style.to_dict("records")}
        framing = self.framing.drop(columns="other", errors="ignore")
        frame_values = framing.to_numpy(dtype=np.float64)
        frame_row = {source: i for i, source in enumerate(framing.index)}
        n_unique = Counter(self.unique_content["source"].tolist())
        n_omitted = Counter(self.omitted_content["source"].tolist())
        top_terms: dict[Any, list[str]] = {}
        if len(self.sources) > 1:
            top = _terms.top_terms(self.term_counts, n=5)
            for category, term in zip(top["category"].tolist(), top["term"].tolist(), strict=True):
                top_terms.setdefault(category, []).append(term)
        rows = []
        for source in self.sources:
            others = [other for other in self.sources if other != source]
            frames = frame_values[frame_row[source]]
            if np.isnan(frames).any():  # (pandas skips NaN)
                shares = framing.loc[source]
                top_frame = str(shares.idxmax()) if shares.sum() > 0 else "other"
            else:
                top_frame = str(framing.columns[frames.argmax()]) if frames.sum() > 0 else "other"
            mean_similarity = float("nan")
            if others:
                row = similarity_values[
                    similarity_row[source], [similarity_column[other] for other in others]
                ]
                mean_similarity = float(pd.Series(row, dtype=np.float64).mean())
            rows.append(
                {
                    "source": source,
                    "n_articles": int(n_articles[source]),
                    "n_words": int(n_words[source]),
                    "mean_similarity": mean_similarity,
                    "n_unique_units": int(n_unique[source]),
                    "n_omitted_units": int(n_omitted[source]),
                    "n_quotes": int(sourcing[source]["n_quotes"]),
                    "n_speakers": int(sourcing[source]["n_speakers"]),
                    "share_quoted": float(sourcing[source]["share_quoted"]),
                    "top_frame": top_frame,
                    "top_terms": tuple(top_terms.get(source, ())),
                    "loaded_share": float(style[source]["loaded_per_100_words"])
                    if "loaded_per_100_words" in self.style
                    else float("nan"),
                    "unattributed_share": float(style[source]["unattributed_share"])
                    if "unattributed_share" in self.style
                    else float("nan"),
                }
            )
        return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)

    # -------------------------------------------------------------- internals
    def _check_source(self, source: str) -> None:
        if source not in self.sources:
            raise KeyError(f"no source {source!r}; the sources are {self.sources}")
