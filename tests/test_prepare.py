"""Tests of text preparation: normalisation, Markdown, boilerplate, sentences."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import ColumnError
from workbench.event import SENTENCE_COLUMNS
from workbench.prepare import (
    _CHARACTER_MAP,
    _CONTROL,
    BOILERPLATE_PATTERNS,
    LINE_PARAGRAPH_LENGTH,
    boilerplate_lines,
    clean_texts,
    normalize_text,
    paragraph_spans,
    sentence_table,
    split_sentences,
    strip_markdown,
)

# --------------------------------------------------------------------------- normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # composition
        ("Cafe\u0301", "Caf\u00e9"),
        # double quotes
        ("\u201cyes\u201d \u201eja\u201f \u00abnon\u00bb 5\u2033", '"yes" "ja" "non" 5"'),
        # single quotes and apostrophes
        ("\u2018no\u2019 \u201aso\u201b 5\u2032 Putin\u2019s", "'no' 'so' 5' Putin's"),
        # em dash and horizontal bar: always a spaced hyphen
        ("talks\u2014and war", "talks - and war"),
        ("talks \u2014 and war", "talks - and war"),
        ("talks\u2015and war", "talks - and war"),
        # en dash: tight between non-spaces, spaced when spaced
        ("2019\u20132020", "2019-2020"),
        ("talks \u2013 and war", "talks - and war"),
        # minus sign, figure dash, non-breaking hyphen
        ("\u22125 and 555\u20121234 and pro\u2011Kremlin", "-5 and 555-1234 and pro-Kremlin"),
        # spaces
        ("10\u00a0000 and 5\u202fkm and a\u2009b and x\ty", "10 000 and 5 km and a b and x y"),
        # zero-width characters, byte order mark and soft hyphen removed
        ("\ufeffstrike\u200b on Su\u00admy\u2060", "strike on Sumy"),
        # ellipsis
        ("wait\u2026 what", "wait... what"),
        # line endings
        ("a\r\nb\rc", "a\nb\nc"),
        ("a\u2028b\u2029c", "a\nb\n\nc"),
        # trailing and leading spaces per line, runs of spaces
        ("  one   two  \n three ", "one two\nthree"),
        # paragraph breaks: blank lines collapse to one, ends stripped
        ("\n\none\n\n\n\n two\n \n \nthree\n\n", "one\n\ntwo\n\nthree"),
        # control characters removed
        ("a\x00b\x07c", "abc"),
    ],
)
def test_normalize_text_maps_each_character_class(raw, expected):
    assert normalize_text(raw) == expected


@settings(max_examples=100)
@given(st.text())
def test_normalize_text_is_idempotent_and_leaves_no_variant_characters(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert not re.search("[\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u00a0\u200b\u00ad\r]", once)
    assert "\n\n\n" not in once
    assert all(line == line.strip() and "  " not in line for line in once.split("\n"))


def _normalized_line_by_line(text: str) -> str:
    """normalize_text as first written: str.translate, then every line tidied on its own."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"(?<=\S)\u2013(?=\S)", "-", text).replace("\u2013", " - ")
    text = _CONTROL.sub("", text.translate(_CHARACTER_MAP))
    lines = [re.sub(r" {2,}", " ", line.strip(" ")) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([*map(chr, _CHARACTER_MAP), "\u2013", "\r\n", "\x00", "e\u0301"]),
            st.text(alphabet=" \n\tab.\"'", max_size=4),
        ),
        max_size=30,
    ).map("".join)
)
def test_normalize_text_is_the_character_map_and_line_tidying(text):
    assert normalize_text(text) == _normalized_line_by_line(text)


# --------------------------------------------------------------------------- strip_markdown


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("# Bridge closes\nThe council voted.", "Bridge closes\n\nThe council voted."),
        ("## Bridge closes ##", "Bridge closes"),
        (
            "Some **bold**, *italic*, __strong__ and _soft_ words.",
            "Some bold, italic, strong and soft words.",
        ),
        ("A ~~wrong~~ word and `code` here.", "A wrong word and code here."),
        ("See [the report](https://example.org/a_(b)) now.", "See the report now."),
        ("See [the report][1] now.\n\n[1]: https://example.org", "See the report now."),
        ("Before ![a map](map.png) after.", "Before after."),
        ("> A quoted line\n> > nested", "A quoted line\nnested"),
        ("- one\n* two\n+ three\n1. four\n2) five", "one\ntwo\nthree\nfour\nfive"),
        ("Above\n\n---\n\n* * *\n\nBelow", "Above\n\nBelow"),
        ("Title\n=====\nText.", "Title\n\nText."),
        ("Keep <!-- a note\nover lines --> this.", "Keep this."),
        ("Line one<br>line two <em>here</em>.", "Line one line two here."),
        ("```\nraw text\n```", "raw text"),
        ("snake_case and 5 * 3 and \\*not emphasis\\*", "snake_case and 5 * 3 and *not emphasis*"),
        ("Visit <https://example.org> today.", "Visit https://example.org today."),
    ],
)
def test_strip_markdown_removes_markup_and_keeps_words(markdown, expected):
    assert strip_markdown(markdown) == expected


# --------------------------------------------------------------------------- boilerplate

BODY = (
    "The council voted 7 to 2 on Tuesday to close the harbor bridge for repairs that engineers "
    "have demanded since the spring floods.\n"
    "\n"
    "Engineers said the work would take 14 months and cost 3.5 million euros, paid from the "
    "regional infrastructure fund.\n"
    "\n"
    "The mayor called the decision painful but necessary."
)
TAIL = (
    "Keep reading with a 7-day free trial\n"
    "Discover more from The Harbor Ledger\n"
    "Become a member to read every story and comment on our reporting\n"
    "Already a subscriber? Log in\n"
    "The Harbor Ledger is reader-supported.\n"
    "\u00a9 2025 The Harbor Ledger"
)


@pytest.mark.parametrize(
    "line",
    [
        "Subscribe",
        "Subscribe now \u2192",
        "Become a paid subscriber",
        "Join the discussion",
        "To join the conversation, become a member.",
        "Join thousands of readers who back our reporting",
        "Sign up for our newsletter",
        "Sign up for our free morning briefing",
        "Already a subscriber? Log in",
        "This article is for subscribers only",
        "Continue reading",
        "Read more: Bridge talks stall again",
        "Advertisement",
        "ADVERTISEMENT",
        "Share this article",
        "Follow us on Twitter",
        "Follow us on X",
        "Follow The Harbor Ledger on Facebook",
        "Click here to read the full ruling",
        "We use cookies to improve your experience on our site.",
        "Accept all cookies",
        "Related: Ten years of bridge works",
        "Copyright \u00a9 2025 Harbor Media",
        "Harbor Media 2025. All rights reserved.",
        "Photo: Jane Roe/Harbor Ledger",
        "Image credit: City of Harbor",
        "Sign up",
        "Listen to this article",
        "\u2022 Share",
        "Reporting by Jane Roe; editing by John Doe",
    ],
)
def test_boilerplate_lines_catch_prompts_and_credits(line):
    assert boilerplate_lines(f"The bridge closed on Tuesday.\n{line}\nIt reopens in May.") == [line]


@pytest.mark.parametrize(
    "line",
    [
        "Readers who subscribe to the print edition will see the new layout next week, the "
        "editor said.",
        "Officials urged residents to subscribe now to the emergency alert service, which sends "
        "warnings to phones within seconds of a launch.",
        "The advertisement, which ran on state television, showed the damaged square.",
        "Copyright law was not the issue, the court found.",
        "Share prices fell 3% in early trading.",
        "Join other nations in condemning the strike, the minister urged.",
        "Related talks ended without agreement.",
        "Continue reading the signals, the general told his officers.",
        "Photo evidence was shown to the court.",
        "Subscribers to the service complained that prices rose.",
    ],
)
def test_boilerplate_lines_leave_prose_that_mentions_the_words(line):
    assert boilerplate_lines(line) == []


def test_boilerplate_patterns_are_documented_strings():
    assert all(isinstance(pattern, str) and re.compile(pattern) for pattern in BOILERPLATE_PATTERNS)


def test_boilerplate_lines_on_a_paywall_tail_finds_only_the_prompt_lines():
    assert boilerplate_lines(BODY + "\n\n" + TAIL) == [
        "Keep reading with a 7-day free trial",
        "Become a member to read every story and comment on our reporting",
        "Already a subscriber? Log in",
        "\u00a9 2025 The Harbor Ledger",
    ]


def test_clean_texts_removes_the_whole_paywall_tail_and_keeps_the_body():
    [(text, removed)] = clean_texts([BODY + "\n\n" + TAIL], ["The Harbor Ledger"])
    assert text == BODY
    assert removed == TAIL.split("\n")


def test_clean_texts_ignores_a_newsletter_prompt_early_in_the_article():
    raw = (
        "The council voted to close the bridge.\n\n"
        "Sign up for our newsletter\n\n"
        "What happens next\n\n"
        "Engineers will start on Monday and expect to finish the deck, the railings and the "
        "lighting before the winter storms arrive, the council said in a statement.\n\n"
        "Traffic will use the ferry."
    )
    [(text, removed)] = clean_texts([raw], ["Ledger"])
    assert removed == ["Sign up for our newsletter"]
    assert "What happens next" in text


def test_clean_texts_keeps_prose_after_a_late_prompt_when_a_long_line_follows():
    raw = (
        "The council voted to close the bridge.\n\n"
        "Subscribe\n\n"
        "What happens next\n\n"
        "Engineers will start on Monday and expect to finish the deck, the railings and the "
        "lighting before the winter storms arrive, the council said in a statement."
    )
    [(text, removed)] = clean_texts([raw], ["Ledger"])
    assert removed == ["Subscribe"]
    assert "What happens next" in text


def test_clean_texts_removes_lines_repeated_within_one_outlet_only():
    tagline = "The Harbor Ledger: local news since 1901"
    ledger_1 = f"The bridge closes on Monday.\n\n{tagline}"
    ledger_2 = f"The council approved the budget.\n\n{tagline}"
    gazette = f"Ferries will run every hour.\n\n{tagline}"
    cleaned = clean_texts(
        [ledger_1, ledger_2, gazette], ["Harbor Ledger", "Harbor Ledger", "Harbor Gazette"]
    )
    assert cleaned == [
        ("The bridge closes on Monday.", [tagline]),
        ("The council approved the budget.", [tagline]),
        (gazette, []),
    ]


def test_clean_texts_counts_a_repeat_in_one_article_once_and_respects_min_repeats():
    line = "Harbor Ledger staff"
    texts = [f"One story.\n{line}\n{line}", f"Two stories.\n{line}", f"Three stories.\n{line}"]
    sources = ["Ledger"] * 3
    assert [text for text, _ in clean_texts(texts[:1], sources[:1])] == [texts[0]]
    assert [text for text, _ in clean_texts(texts, sources, min_repeats=3)] == [
        "One story.",
        "Two stories.",
        "Three stories.",
    ]
    assert [text for text, _ in clean_texts(texts[:2], sources[:2], min_repeats=3)] == texts[:2]


def test_clean_texts_keeps_long_repeated_lines():
    long_line = " ".join(["word"] * 26) + "."
    cleaned = clean_texts([long_line, long_line], ["Ledger", "Ledger"])
    assert cleaned == [(long_line, []), (long_line, [])]


def test_clean_texts_normalises_and_strips_markdown_only_where_flagged():
    raw = (
        "# **Bridge** closes\n\nIt \u201creopens\u201d in May.\n\n[Subscribe](https://example.org)"
    )
    plain, markdown = clean_texts([raw, raw], ["A", "B"], markdown=[False, True])
    assert markdown == ('Bridge closes\n\nIt "reopens" in May.', ["Subscribe"])
    assert plain[0].startswith("# **Bridge** closes")


@pytest.mark.parametrize(
    ("sources", "markdown", "min_repeats"),
    [(["A"], None, 2), (["A", "B"], [True], 2), (["A", "B"], None, 1)],
)
def test_clean_texts_rejects_mismatched_or_bad_arguments(sources, markdown, min_repeats):
    with pytest.raises(ValueError, match="clean_texts"):
        clean_texts(["one", "two"], sources, markdown=markdown, min_repeats=min_repeats)


# --------------------------------------------------------------------------- sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # titles before names
        (
            "Mr. Smith met Mrs. Jones and Dr. Brown. Prof. Lee and Gen. Ray spoke.",
            ["Mr. Smith met Mrs. Jones and Dr. Brown.", "Prof. Lee and Gen. Ray spoke."],
        ),
        (
            "Lt. Col. Ames briefed Sen. Ortiz, Rep. Hale and Gov. Park. Ms. Dunn left.",
            ["Lt. Col. Ames briefed Sen. Ortiz, Rep. Hale and Gov. Park.", "Ms. Dunn left."],
        ),
        ("They met in St. Petersburg. It rained.", ["They met in St. Petersburg.", "It rained."]),
        # initials
        (
            "J. D. Vance met George W. Bush. They talked.",
            ["J. D. Vance met George W. Bush.", "They talked."],
        ),
        ("Robert J. A. Cole and E. I. Ray met.", ["Robert J. A. Cole and E. I. Ray met."]),
        # dotted acronyms: inside a name, and at the end of a sentence
        (
            "The U.S. Army and the U.N. Security Council met. The E.U. and U.K. envoys left.",
            ["The U.S. Army and the U.N. Security Council met.", "The E.U. and U.K. envoys left."],
        ),
        (
            "Kyiv wants talks with the U.S. The Kremlin does not.",
            ["Kyiv wants talks with the U.S.", "The Kremlin does not."],
        ),
        ("He spoke to the U.N. It listened.", ["He spoke to the U.N.", "It listened."]),
        # company and name suffixes
        (
            "Acme Inc. said profits rose. Acme Co. The firm denied it.",
            ["Acme Inc. said profits rose.", "Acme Co.", "The firm denied it."],
        ),
        (
            "Martin Luther King Jr. Day is a holiday. She met Tom Ray Sr. He was late.",
            ["Martin Luther King Jr. Day is a holiday.", "She met Tom Ray Sr.", "He was late."],
        ),
        (
            "Harbor Ltd. and Bay Corp. signed. Samuel A. Alito Jr. - the judge - agreed.",
            ["Harbor Ltd. and Bay Corp. signed.", "Samuel A. Alito Jr. - the judge - agreed."],
        ),
        # etc. in the middle and at the end
        (
            "Apples, pears, etc. were sold. They sold apples, pears, etc. The shop closed.",
            ["Apples, pears, etc. were sold.", "They sold apples, pears, etc.", "The shop closed."],
        ),
        # e.g., i.e., vs., No., month abbreviations
        (
            "Some states, e.g. Ohio, agreed, i.e. most did. Smith vs. Jones ended.",
            ["Some states, e.g. Ohio, agreed, i.e. most did.", "Smith vs. Jones ended."],
        ),
        (
            "He lives at No. 10 Downing Street. On Jan. 6 a riot broke out. Talks end in Sept. "
            "The rest follows.",
            [
                "He lives at No. 10 Downing Street.",
                "On Jan. 6 a riot broke out.",
                "Talks end in Sept.",
                "The rest follows.",
            ],
        ),
        ("No. That is wrong.", ["No.", "That is wrong."]),
        # times
        ("The strike hit at 10:15 a.m. on Sunday.", ["The strike hit at 10:15 a.m. on Sunday."]),
        ("It began at 10 a.m. Rescuers arrived.", ["It began at 10 a.m.", "Rescuers arrived."]),
        (
            "The vote is at 9 p.m. Monday. It starts at 8 a.m. Kyiv time. Polls shut at 7 p.m. ET.",
            [
                "The vote is at 9 p.m. Monday.",
                "It starts at 8 a.m. Kyiv time.",
                "Polls shut at 7 p.m. ET.",
            ],
        ),
        # numbers
        (
            "Aid rose to 3.5 billion, or $4.5m a day, for 1,200 towns. Version 2.0 ships. "
            "Prices rose 0.5%.",
            [
                "Aid rose to 3.5 billion, or $4.5m a day, for 1,200 towns.",
                "Version 2.0 ships.",
                "Prices rose 0.5%.",
            ],
        ),
        ("Russia invaded in 2022. 2023 was worse.", ["Russia invaded in 2022.", "2023 was worse."]),
        # ellipses and runs of ! and ?
        (
            "He paused... Then he left. He said ... nothing. Really?! Yes!! Why??",
            ["He paused...", "Then he left.", "He said ... nothing.", "Really?!", "Yes!!", "Why??"],
        ),
        ("He waited\u2026 Then he spoke.", ["He waited\u2026", "Then he spoke."]),
        # quotes: the closing quote belongs to the sentence
        ('"We will rebuild." She said it twice.', ['"We will rebuild."', "She said it twice."]),
        (
            "\u201cWe will rebuild.\u201d She said it twice.",
            ["\u201cWe will rebuild.\u201d", "She said it twice."],
        ),
        ('"Why?" she asked. "Because," he said.', ['"Why?" she asked.', '"Because," he said.']),
        (
            'He said: "We will rebuild. Nothing will stop us." Then he left.',
            ['He said: "We will rebuild.', 'Nothing will stop us."', "Then he left."],
        ),
        ("(See the map.) Then read on.", ["(See the map.)", "Then read on."]),
        ("They said, 'Go home.' \"\n\nNext.", ["They said, 'Go home.' \"", "Next."]),
        # stray elision between sentences stays with the sentence before it
        ("The talks ended. ... The war went on.", ["The talks ended. ...", "The war went on."]),
        # paragraphs and lines
        ("One here.\n\nTwo there", ["One here.", "Two there"]),
        (
            "Missile strike kills 34\nBy Staff reporter\nThe strike hit the city.",
            ["Missile strike kills 34", "By Staff reporter", "The strike hit the city."],
        ),
        (
            "The minister said that\nthe talks would go on.",
            ["The minister said that\nthe talks would go on."],
        ),
        ("He met with\nPresident Putin.", ["He met with\nPresident Putin."]),
        ("Prices rose by 5%,\nAnalysts said.", ["Prices rose by 5%,\nAnalysts said."]),
        ("It was late.\nThe talks went on.", ["It was late.", "The talks went on."]),
        ("1. First item\n2. Second item", ["1. First item", "2. Second item"]),
        ("", []),
        ("  \n\n \t ", []),
    ],
)
def test_split_sentences_handles_tricky_cases(text, expected):
    assert sentences(text) == expected


ARTICLE = (
    "Missile strike kills 34 in Sumy\n\n"
    "  Two missiles hit the city centre at 10:15 a.m. on Sunday. Officials said 34 people died.\n"
    'Mr. Zelensky said: "Only scum act like this." The U.S. envoy was in Moscow.\n\n\n'
    "Talks go on... For now."
)


def test_split_sentences_spans_round_trip():
    spans = split_sentences(ARTICLE)
    assert [ARTICLE[start:end] for start, end in spans] == [
        "Missile strike kills 34 in Sumy",
        "Two missiles hit the city centre at 10:15 a.m. on Sunday.",
        "Officials said 34 people died.",
        'Mr. Zelensky said: "Only scum act like this."',
        "The U.S. envoy was in Moscow.",
        "Talks go on...",
        "For now.",
    ]
    assert_valid_spans(ARTICLE, spans)


def assert_valid_spans(text: str, spans: list[tuple[int, int]]) -> None:
    previous_end = 0
    covered = set()
    for start, end in spans:
        assert 0 <= previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()
        assert not re.search(r"\n[^\S\n]*\n", piece)  # never crosses a paragraph break
        covered.update(range(start, end))
        previous_end = end
    assert all(i in covered for i, char in enumerate(text) if not char.isspace())


INTERESTING = st.sampled_from(
    [
        *"aZ .!?\n\n\"'()\u201c\u201d\u2026,:-0123456789\t\r",
        "Mr.",
        "U.S.",
        "a.m.",
        "J.",
        "No.",
        "etc.",
        "...",
        " - ",
        "e.g.",
        "Inc.",
        "1.",
    ]
)


@settings(max_examples=200)
@given(st.one_of(st.text(), st.lists(INTERESTING, max_size=40).map("".join)))
def test_split_sentences_returns_valid_spans_for_any_text(text):
    assert_valid_spans(text, split_sentences(text))


@settings(max_examples=100)
@given(st.one_of(st.text(), st.lists(INTERESTING, max_size=40).map("".join)))
def test_paragraph_spans_are_ordered_stripped_and_hold_no_blank_line(text):
    spans = paragraph_spans(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        assert not re.search(r"\n[^\S\n]*\n", text[start:end])
        previous_end = end


def test_paragraph_spans_split_on_blank_lines_only():
    text = "One.\nStill one.\n\n  Two.\n \nThree."
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["One.\nStill one.", "Two.", "Three."]


def test_a_text_copied_one_paragraph_a_line_keeps_its_paragraphs():
    """No blank line and long lines (a page copied with one paragraph a line, like the seed
    article): each line is a paragraph. Hard-wrapped lines, or a text with any blank
    line, keep the blank-line rule."""
    lines = [
        "On Sunday a missile struck the centre of the city as people gathered for a church"
        " service, killing at least 34 people.",
        "Officials said the attack came days after envoys met in the capital to discuss a"
        " ceasefire that has yet to take hold.",
        "Short line.",
        "The government called for more air defence and asked its allies to respond to the"
        " strike with new sanctions.",
    ]
    assert min(len(line) for line in lines if len(line) > 20) >= LINE_PARAGRAPH_LENGTH
    text = "\n".join(lines)
    assert [text[s:e] for s, e in paragraph_spans(text)] == lines
    wrapped = "One short line ends here.\nAnother follows it.\nAnd a third one."
    assert [wrapped[s:e] for s, e in paragraph_spans(wrapped)] == [wrapped]
    mixed = lines[0] + "\n" + lines[1] + "\n\n" + lines[3]
    assert [mixed[s:e] for s, e in paragraph_spans(mixed)] == [
        lines[0] + "\n" + lines[1],
        lines[3],
    ]
    table = sentence_table(pd.DataFrame({"article_id": ["a"], "source": ["S"], "text": [text]}))
    assert table["paragraph_index"].tolist() == [0, 1, 2, 3]


# --------------------------------------------------------------------------- sentence_table


def test_sentence_table_has_the_sentence_columns_and_values():
    articles = pd.DataFrame(
        {
            "article_id": ["ledger", "gazette", "empty"],
            "source": ["Ledger", "Gazette", "Gazette"],
            "text": ["One. Two.\n\nThree.", "Only one.", ""],
            "title": ["a", "b", "c"],
        }
    )
    table = sentence_table(articles)
    assert list(table.columns) == SENTENCE_COLUMNS
    assert table.to_dict("list") == {
        "sentence_id": ["ledger:0", "ledger:1", "ledger:2", "gazette:0"],
        "article_id": ["ledger", "ledger", "ledger", "gazette"],
        "source": ["Ledger", "Ledger", "Ledger", "Gazette"],
        "sentence_index": [0, 1, 2, 0],
        "paragraph_index": [0, 0, 1, 0],
        "start": [0, 5, 11, 0],
        "end": [4, 9, 17, 9],
        "relative_position": [0.0, 0.5, 1.0, 0.0],
        "text": ["One.", "Two.", "Three.", "Only one."],
    }
    for name in ("sentence_index", "paragraph_index", "start", "end"):
        assert table[name].dtype == "int64"
    assert table["relative_position"].dtype == "float64"


def test_sentence_table_of_no_articles_is_empty_with_the_columns():
    table = sentence_table(pd.DataFrame({"article_id": [], "source": [], "text": []}))
    assert list(table.columns) == SENTENCE_COLUMNS
    assert table.empty
    assert table["start"].dtype == "int64"
    assert table["relative_position"].dtype == "float64"


def test_sentence_table_names_a_missing_column():
    with pytest.raises(ColumnError, match=r"'text'.*Fix:"):
        sentence_table(pd.DataFrame({"article_id": ["a"], "source": ["A"]}))
