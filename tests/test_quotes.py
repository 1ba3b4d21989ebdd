"""Direct quotes, attribution and speakers; the sourcing profile."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.event import TARGET_COLUMNS
from workbench.prepare import sentence_table
from workbench.quotes import (
    _AFTER,
    _BEFORE,
    _INDIRECT,
    _VERB,
    _VERB_IN_CLAUSE,
    QUOTE_COLUMNS,
    REPORTING_VERBS,
    SOURCING_COLUMNS,
    _attribution_before,
    _indirect_attribution,
    find_quotes,
    quote_spans,
    sourcing_profile,
)

TARGETS = pd.DataFrame(
    [
        {
            "target_id": "zelensky",
            "name": "Zelensky",
            "kind": "person",
            "aliases": ("Zelensky", "Volodymyr Zelensky"),
        },
        {
            "target_id": "kremlin",
            "name": "Russia",
            "kind": "country",
            "aliases": ("Russia", "the Kremlin"),
        },
    ],
    columns=TARGET_COLUMNS,
)


def quotes_of(text: str, source: str = "S") -> pd.DataFrame:
    articles = pd.DataFrame({"article_id": ["a"], "source": [source], "text": [text]})
    return find_quotes(articles, sentence_table(articles), targets=TARGETS)


def test_quote_spans_are_the_words_inside_the_marks() -> None:
    text = 'He said "one two" and "three."'
    assert [text[s:e] for s, e in quote_spans(text)] == ["one two", "three."]


def test_unclosed_quote_runs_to_the_paragraph_end() -> None:
    text = '"We will rebuild.\n\n"And we will remember," she said.'
    assert [text[s:e] for s, e in quote_spans(text)] == [
        "We will rebuild.",
        "And we will remember,",
    ]


@pytest.mark.parametrize(
    ("text", "speaker", "target", "verb"),
    [
        ('"We will rebuild," Zelensky said.', "zelensky", "zelensky", "say"),
        ('"We will rebuild," said Anna Berg, a local teacher.', "Anna Berg", None, "say"),
        ('Anna Berg, a teacher, told reporters: "We will rebuild."', "Anna Berg", None, "tell"),
        ('"It was a mistake," the Kremlin insisted.', "kremlin", "kremlin", "insist"),
        ('Dr. Ivan Petrov called the attack "a crime" on Sunday.', "Ivan Petrov", None, "call"),
        (
            '"We saw everything," Ivan Petrov, a witness who lives nearby, told the paper.',
            "Ivan Petrov",
            None,
            "tell",
        ),
    ],
)
def test_speaker_and_verb_come_from_the_attribution(
    text: str, speaker: str, target: str | None, verb: str
) -> None:
    row = quotes_of(text).query("kind == 'direct'").iloc[0]
    assert (row["speaker"], row["target_id"], row["verb"]) == (speaker, target, verb)


@pytest.mark.parametrize(
    "text",
    [
        # a participle goes on with the main clause's subject, not the last name before it
        'Anna Berg met the mayor, Ivan Petrov, on Monday, saying "we will rebuild."',
        'Anna Berg reflected on the meeting with Ivan Petrov, saying "we will rebuild."',
        # '"...," saying he ...' is no inverted attribution to "he ..."
        'Anna Berg said the talks were "good," saying she made "no promises."',
        # a verb coordinated after the subject's first verb shares it
        'Anna Berg met Ivan Petrov, but warned of "consequences."',
        'Anna Berg presided over the vote, and said it was "a good day."',
    ],
)
def test_a_quote_after_a_participle_or_a_coordinated_verb_is_the_subjects(text: str) -> None:
    """Constructions common in real reporting that once took the nearest name (or words
    such as "she made") as the speaker."""
    direct = quotes_of(text).query("kind == 'direct'")
    assert len(direct) >= 1
    assert set(direct["speaker"]) == {"Anna Berg"}, list(direct["speaker"])


def test_a_name_does_not_run_across_a_sentence_end() -> None:
    """ "announced Thursday. Pfizer took to Twitter, writing: ..." is Pfizer's quote, not
    "Thursday. Pfizer"'s; a surname still maps to its full name."""
    text = (
        "The companies announced it on Thursday.\n\nPfizer took to Twitter, writing: "
        '"This is important." Nancy Pelosi spoke later. Pelosi was firm, telling '
        'reporters that "we will not relent."'
    )
    direct = quotes_of(text).query("kind == 'direct'")
    assert list(direct["speaker"]) == ["Pfizer", "Nancy Pelosi"]


def test_quote_split_by_its_attribution_keeps_one_speaker_and_pronouns_resolve() -> None:
    text = (
        'Officials spoke. "We will rebuild," said Anna Berg, "and we will not forget." '
        '"The city is strong," she added.'
    )
    direct = quotes_of(text).query("kind == 'direct'")
    assert list(direct["speaker"]) == ["Anna Berg", "Anna Berg", "Anna Berg"]
    assert list(direct["verb"]) == ["say", "say", "add"]


def test_surname_resolves_to_the_full_name_and_offsets_point_into_text() -> None:
    text = 'Anna Berg runs the shelter. "We are full," Berg said.'
    table = quotes_of(text)
    row = table.query("kind == 'direct'").iloc[0]
    assert row["speaker"] == "Anna Berg"
    assert text[row["start"] : row["end"]] == "We are full,"
    assert list(table.columns) == QUOTE_COLUMNS


def test_second_quote_of_a_paragraph_without_attribution_keeps_the_speaker() -> None:
    text = '"First point," Berg said. "Second point."'
    assert list(quotes_of(text).query("kind == 'direct'")["speaker"]) == ["Berg", "Berg"]


def test_indirect_attribution_is_listed() -> None:
    table = quotes_of("According to the Kremlin, the strike hit a meeting. The sky was grey.")
    indirect = table.query("kind == 'indirect'")
    assert list(indirect["target_id"]) == ["kremlin"]
    assert list(indirect["verb"]) == ["according to"]


def test_sourcing_profile_counts_speakers_words_and_share() -> None:
    text = '"One two three," Zelensky said.'
    articles = pd.DataFrame(
        {"article_id": ["a", "b"], "source": ["S", "T"], "text": [text, "No quotes here."]}
    )
    quotes = find_quotes(articles, sentence_table(articles), targets=TARGETS)
    profile = sourcing_profile(quotes, articles).set_index("source")
    assert list(profile.reset_index().columns) == SOURCING_COLUMNS
    assert profile.loc["S", "n_direct"] == 1
    assert profile.loc["S", "speakers"] == (("zelensky", 1),)
    assert profile.loc["S", "n_quoted_words"] == 3
    assert profile.loc["S", "share_quoted"] == pytest.approx(len("One two three,") / len(text))
    assert profile.loc["T", "n_quotes"] == 0


def test_every_indirect_attribution_holds_the_cheap_anchor() -> None:
    """The anchor pattern lets sentences without one skip the costly search; that is only
    safe if every sentence the full pattern matches also holds an anchor."""
    from pathlib import Path

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from workbench.corpus import load_event
    from workbench.quotes import _INDIRECT, _INDIRECT_ANCHOR

    corpora = Path(__file__).resolve().parents[1] / "corpora"
    sentences = [
        text
        for folder in sorted(corpora.iterdir())
        if (folder / "event.yaml").is_file()
        for text in load_event(folder).sentences["text"]
    ]
    matched = [text for text in sentences if _INDIRECT.search(text)]
    assert len(matched) >= 10
    assert all(_INDIRECT_ANCHOR.search(text) for text in matched)

    words = st.sampled_from(
        "the minister Holm officials he said told reporters that on Monday according to "
        "claimed insisted has also warned him us journalists , . Kyiv".split()
    )

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.lists(words, min_size=1, max_size=14))
    def holds(parts: list[str]) -> None:
        text = " ".join(parts)
        assert _INDIRECT.search(text) is None or _INDIRECT_ANCHOR.search(text)

    holds()


# ------------------------------------- the faster attribution searches give the same
# The patterns as first written: reporting verbs as one longest-first alternation, and
# the words of a speaker phrase listing "the", "his", ... besides any word.
_WORDS_AS_WRITTEN = r"(?:the|a|an|one|another|his|her|their|its|[A-Z][\w'.-]*|[a-z][\w'-]*)\s+"


def _as_written(pattern: re.Pattern[str]) -> re.Pattern[str]:
    verbs = "|".join(sorted(REPORTING_VERBS, key=len, reverse=True))
    source = pattern.pattern.replace(_VERB, verbs)
    assert source != pattern.pattern
    source = source.replace(r"(?:[A-Z][\w'.-]*|[a-z][\w'-]*)\s+", _WORDS_AS_WRITTEN)
    return re.compile(source, pattern.flags)


def _found(match: re.Match[str] | None) -> tuple | None:
    return None if match is None else (match.span(), match.groupdict())


ATTRIBUTION_WORDS = (
    "the minister Holm officials he she said says saying told reporters that on Monday "
    "according to claimed insisted has also later warned him us journalists , . : Kyiv "
    "Dr. Smith al-Assad spokesman who recalls calls acknowledged \n".split(" ")
)
attributions = st.lists(st.sampled_from(ATTRIBUTION_WORDS), min_size=1, max_size=16).map(" ".join)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(attributions)
def test_attribution_searches_find_what_the_patterns_as_written_find(text: str) -> None:
    before, indirect = _as_written(_BEFORE), _as_written(_INDIRECT)
    after, in_clause = _as_written(_AFTER), _as_written(_VERB_IN_CLAUSE)
    assert _found(_AFTER.match(text)) == _found(after.match(text))
    assert _found(_VERB_IN_CLAUSE.search(text)) == _found(in_clause.search(text))
    assert _found(_indirect_attribution(text)) == _found(indirect.search(text))
    for end in range(len(text) + 1):
        assert _found(_attribution_before(text[:end])) == _found(before.search(text[:end]))


def test_attribution_searches_agree_on_the_corpora() -> None:
    from pathlib import Path

    from workbench.corpus import load_event

    before, indirect = _as_written(_BEFORE), _as_written(_INDIRECT)
    corpora = Path(__file__).resolve().parents[1] / "corpora"
    n_before = n_indirect = 0
    for folder in sorted(corpora.iterdir()):
        if not (folder / "event.yaml").is_file():
            continue
        for text in load_event(folder).articles["text"]:
            for sentence in text.split("\n"):
                found = _found(_indirect_attribution(sentence))
                assert found == _found(indirect.search(sentence))
                n_indirect += found is not None
            # What comes before a quote mark, and clauses ending at or after a verb.
            ends = [mark.start() for mark in re.finditer('"', text)]
            ends += [m.end() + k for m in re.finditer(_VERB, text) for k in (0, 5, 13)]
            for end in ends:
                head = text[max(0, end - 300) : end]
                found = _found(_attribution_before(head))
                assert found == _found(before.search(head))
                n_before += found is not None
    assert n_before >= 10 and n_indirect >= 10


def test_sourcing_profile_counts_like_pandas() -> None:
    articles = pd.DataFrame(
        {"source": ["S", "T", "S", "U"], "text": ["a" * 100, "b" * 40, "c" * 60, "d"]}
    )
    quotes = pd.DataFrame(
        {
            "source": ["S", "S", "T", "S", "X", "T"],
            "kind": ["direct", "indirect", "direct", "direct", "direct", "indirect"],
            "speaker": ["zelensky", None, "Holm", "zelensky", "Y", float("nan")],
            "verb": ["say", "tell", None, "say", "say", "claim"],
            "n_words": [3, 9, 2, 5, 1, 4],
            "start": [0, 10, 0, 50, 0, 5],
            "end": [20, 40, 8, 58, 3, 30],
        }
    )
    profile = sourcing_profile(quotes, articles).set_index("source")
    assert list(profile.index) == ["S", "T", "U"]
    for source, row in profile.iterrows():
        own = quotes[quotes["source"] == source]
        direct = own[own["kind"] == "direct"]
        assert row["n_quotes"] == len(own) and row["n_direct"] == len(direct)
        assert row["n_indirect"] == (own["kind"] == "indirect").sum()
        assert row["n_speakers"] == own["speaker"].nunique()
        assert dict(row["speakers"]) == own["speaker"].value_counts().to_dict()
        assert dict(row["verbs"]) == own["verb"].value_counts().to_dict()
        assert row["n_quoted_words"] == direct["n_words"].sum()
        length = articles.loc[articles["source"] == source, "text"].str.len().sum()
        assert row["share_quoted"] == (direct["end"] - direct["start"]).sum() / length
    assert profile.loc["S", "speakers"] == (("zelensky", 2),)
    assert profile.loc["S", "verbs"] == (("say", 2), ("tell", 1))
