"""Figures the sources report, what they count, and where the sources disagree.

A figure is a number in the text (``34``, ``1,200``, ``3.5 billion``, ``$40m``,
``$2.9 trillion``, ``350 million crowns``, ``12%``, ``two``, ``two dozen`` = 24, ``two
hundred``) with what it counts, read from cue words near it in the same sentence:
``killed`` (killed, dead, died, death toll, lives), ``injured`` (injured, wounded, hurt),
``missiles`` (missiles, rockets, drones), ``servicemen`` (soldiers, troops, commanders),
``children`` (when no harm cue is present; ``children_killed`` and ``children_injured``
when one is), ``money`` (a currency sign, code or word), time spans (``hours``,
``days``, ``weeks``, ``months``, ``years``; not after "a" or "per": "38,000 vehicles a
day" counts vehicles) and ``people`` for people-like nouns. A percentage counts what it
measures: ``rise`` or ``fall`` with a word of change in its clause ("prices could rise by
up to 12%"), else the noun after it ("a 25% levy": ``levy``; "30% of the cheese":
``cheese``), else just ``percent``. Any other number counts the noun after it: the first
plural of the words right after it ("12,400 dairy farms": ``farms``; "4 of the
structure's 24 bearings": ``bearings``), else the first of them. Years, dates, times of
day, ordinals and ages ("aged from 2 to 86", "between the ages of 5 and 9") are not
figures.

Farms and jobs counted as people, crowns were no money and every percentage was one
quantity until the dairy teaching event's annotated figures were compared with what was
read (``tests/test_comparison.py``: pairs of figures of one annotated quantity read as
one, precision 0.51 -> 0.67, recall 0.84 -> 0.98) and real budget stories were read
(``$2.9 trillion`` was 2.9).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "FIGURE_COLUMNS",
    "DISAGREEMENT_COLUMNS",
    "MONEY_GAP",
    "find_figures",
    "figure_disagreements",
    "figure_label",
    "quantity_name",
]

#: Columns of :func:`find_figures`. ``start``/``end`` are offsets of the number
#: expression in the article's ``text``; ``sentence`` is the whole sentence.
FIGURE_COLUMNS = [
    "figure_id",
    "article_id",
    "source",
    "sentence_index",
    "start",
    "end",
    "expression",
    "value",
    "unit",
    "counts",
    "approximate",
    "sentence",
]

#: Columns of :func:`figure_disagreements`: one row per quantity the sources disagree
#: on; ``values`` is a tuple of ``(source, value)``; ``figure_ids`` the evidence.
DISAGREEMENT_COLUMNS = [
    "counts",
    "unit",
    "n_sources",
    "n_values",
    "min_value",
    "max_value",
    "values",
    "figure_ids",
]

_WORD_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
_SCALES = {
    "dozen": 12.0,
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_NUMBER = re.compile(
    r"(?P<currency>US\$|\$|€|£|USD\s?|EUR\s?)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    r"|\b(?:" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")\b)"
    r"(?:\s?(?P<small>dozen|hundred)\b)?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|tn|m|k)\b)?"
    r"(?P<percent>\s?(?:%|per\s?cent\b|percent\b))?",
    re.IGNORECASE,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE_AFTER = re.compile(rf"^\s*(?:{_MONTHS})\b", re.IGNORECASE)
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$", re.IGNORECASE)
_TIME = re.compile(r"^(?::\d\d|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock))", re.IGNORECASE)
_ORDINAL = re.compile(r"^(?:st|nd|rd|th)\b", re.IGNORECASE)
_APPROXIMATE = re.compile(
    r"\b(?:at least|more than|over|about|around|nearly|almost|some|up to|roughly|"
    r"approximately|an estimated|estimated|dozens|hundreds|fewer than|less than)\s*$",
    re.IGNORECASE,
)

#: Cue words for what a figure counts, in priority order, searched in the words
#: right after the number first, then the words before it.
COUNT_CUES: dict[str, tuple[str, ...]] = {
    "killed": (
        "killed",
        "kill",
        "kills",
        "dead",
        "died",
        "death",
        "deaths",
        "toll",
        "lives",
        "fatalities",
        "bodies",
        "killing",
        "dying",
        "eliminated",
        "neutralised",
        "neutralized",
        "liquidated",
    ),
    "injured": (
        "injured",
        "wounded",
        "hurt",
        "injuring",
        "wounding",
        "hospitalised",
        "hospitalized",
        "injuries",
    ),
    "missiles": (
        "missile",
        "missiles",
        "rocket",
        "rockets",
        "drone",
        "drones",
        "warheads",
        "iskander",
        "iskander-m",
    ),
    "servicemen": (
        "servicemen",
        "soldiers",
        "troops",
        "commanders",
        "officers",
        "fighters",
        "militants",
        "personnel",
    ),
    "children": ("children", "child", "kids", "minors", "boys", "girls"),
    "hours": ("hour", "hours"),
    "days": ("day", "days"),
    "weeks": ("week", "weeks"),
    "months": ("month", "months"),
    "years": ("year", "years"),
    "people": (
        "people",
        "civilians",
        "residents",
        "persons",
        "passengers",
        "victims",
        "casualties",
        "families",
        "workers",
    ),
}


def find_figures(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Every figure in every sentence, with its value, unit and what it counts.

    Parameters
    ----------
    articles : DataFrame
        Columns ``article_id`` and ``text`` (the offsets are checked against it).
    sentences : DataFrame
        The event's sentences (``article_id``, ``source``, ``sentence_index``,
        ``start``, ``text``).

    Returns
    -------
    DataFrame
        Columns :data:`FIGURE_COLUMNS`, one row per figure, in text order.
    """
    rows = []
    columns = [sentences[name].tolist() for name in _SENTENCE_FIELDS]
    for article_id, source, sentence_index, offset, text in zip(*columns, strict=True):
        text = str(text)
        for match in _numbers_in(text):
            figure = _figure(text, match)
            if figure is None:
                continue
            value, unit, counts, approximate = figure
            rows.append(
                (
                    None,
                    article_id,
                    source,
                    int(sentence_index),
                    int(offset) + match.start(),
                    int(offset) + match.end(),
                    match.group(0),
                    value,
                    unit,
                    counts,
                    approximate,
                    text,
                )
            )
    frame = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    numbers = frame.groupby("article_id", sort=False).cumcount().astype(str)
    frame["figure_id"] = frame["article_id"].astype(str) + ":f" + numbers
    frame["value"] = frame["value"].astype(float)
    frame["approximate"] = frame["approximate"].astype(bool)
    return frame


_SENTENCE_FIELDS = ["article_id", "source", "sentence_index", "start", "text"]
_NUMBER_START = re.compile(r"[$£\d]|us\$|usd|eur|\b(?:" + "|".join(_WORD_NUMBERS) + r")\b")
_CLOCK_OR_DECIMAL_BEFORE = re.compile(r"\d[:.]$")
_NAME_AFTER = re.compile(r"^[-–]\w")
_SPAN_AFTER = re.compile(r"^-(?:year|hour|day|week|month)")
_CURRENCY_AFTER = re.compile(
    r"^\s*(dollars|euros|pounds|hryvnias?|roubles|rubles|crowns|kroner|kronor|kronur|koruna"
    r"|yen|yuan|renminbi|francs|rupees|zlotys?|lira|liras|pesos|rand|won|shekels|dinars"
    r"|dirhams|riyals|reais|forints|lei|leva)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENTENCE_BREAK = re.compile(r"[;.!?]")
_TOLL = re.compile(r"\btoll\b", re.IGNORECASE)
# An age, or the second of a range of ages: "aged 9", "aged 2 to 86", "aged from 2 to 86",
# "between the ages of 5 and 9" (not "a man aged 40 and 3 children": one age, then a count).
_AGE_BEFORE = re.compile(
    r"\b(?:aged\s+(?:from\s+|between\s+)?"
    r"|aged\s+(?:from|between)\s+\d{1,3}\s*(?:to|and|-|–)\s*"
    r"|aged\s+\d{1,3}\s*(?:to|-|–)\s*"
    r"|ages\s+(?:of\s+)?(?:from\s+|between\s+)?(?:\d{1,3}\s*(?:to|and|-|–)\s*)?)$",
    re.IGNORECASE,
)
_LONGEST_AGE = len("ages of between 100 and")
# Longest text _DATE_BEFORE and _APPROXIMATE can match before the trailing whitespace.
_LONGEST_MONTH = max(len(month) for month in _MONTHS.split("|")) + len(".")
_LONGEST_APPROXIMATE = len("approximately")


def _tail(text: str, longest: int) -> str:
    """The end of *text* where a pattern ending in ``\\s*$`` can match.

    *longest*: the most characters the pattern matches before its trailing whitespace.
    Kept: the trailing whitespace, those characters and two more (so that a ``\\b``
    at the start of a match sees the same character before it).
    """
    keep = len(text.rstrip()) - longest - 2
    return text[keep:] if keep > 0 else text


def _numbers_in(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_NUMBER.finditer(text)``, found faster in an ASCII text.

    Every match of :data:`_NUMBER` starts where :data:`_NUMBER_START` matches in the
    lowercased text (a currency sign or code, a digit or a number word); the full
    expression is only tried from such places. In an ASCII text lowercasing keeps the
    offsets and is what case-insensitive matching does; other texts (where matching
    folds some characters, such as the long s, into ASCII letters) are matched as they
    are.
    """
    if not text.isascii():
        yield from _NUMBER.finditer(text)
        return
    lowered = text.lower()
    position = 0
    while (start := _NUMBER_START.search(lowered, position)) is not None:
        match = _NUMBER.search(text, start.start())
        if match is None:
            return
        yield match
        position = match.end()


def _figure(text: str, match: re.Match[str]) -> tuple[float, str, str, bool] | None:
    raw = match.group("number")
    after = text[match.end() :]
    before = text[: match.start()]
    if raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100 and not match.group("currency"):
        return None  # a year
    if _TIME.match(after) or _ORDINAL.match(after) or _CLOCK_OR_DECIMAL_BEFORE.search(before):
        return None
    if raw[0].isdigit() and (
        _DATE_AFTER.match(after) or _DATE_BEFORE.search(_tail(before, _LONGEST_MONTH))
    ):
        return None
    if _NAME_AFTER.match(after) and not _SPAN_AFTER.match(after):
        return None  # "Iskander-M" style names, ranges are rare in news
    word = raw.lower()
    value = float(_WORD_NUMBERS[word]) if word in _WORD_NUMBERS else float(raw.replace(",", ""))
    scale = (match.group("scale") or "").lower()
    if scale == "m" and not match.group("currency"):
        return None  # "5 m" is metres
    # "two dozen" = 24; "two hundred thousand" = 200,000: a small scale, then a large one
    value *= _SCALES.get((match.group("small") or "").lower(), 1.0) * _SCALES.get(scale, 1.0)
    approximate = bool(_APPROXIMATE.search(_tail(before, _LONGEST_APPROXIMATE)))
    if match.group("percent"):
        return value, "percent", _percent_of(before, after), approximate
    if match.group("currency"):
        return value, _currency(match.group("currency")), "money", approximate
    currency_after = _CURRENCY_AFTER.match(after)
    if currency_after:
        return value, currency_after.group(1).lower(), "money", approximate
    if _AGE_BEFORE.search(_tail(before, _LONGEST_AGE)):
        return None  # an age: "victims aged from 2 to 86", "between the ages of 5 and 9"
    counts = _counts(before, after) or _head_noun(after)
    if counts is None:
        return None
    unit = {"killed": "people", "injured": "people", "children": "children"}.get(counts, counts)
    if counts.startswith("children_"):
        unit = "children"
    return value, unit, counts, approximate


def _currency(symbol: str) -> str:
    symbol = symbol.strip().upper()
    return {"$": "USD", "US$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP"}.get(
        symbol, symbol
    )


def _words(text: str) -> list[str]:
    return [word.lower().strip("'") for word in _WORD.findall(text)]


_CLAUSE_BREAK = re.compile(r"[;:.!?,()]|\s(?:and|or|but|while|including|as)\s", re.IGNORECASE)
_HARM = ("killed", "injured")
#: Sums of money of one currency more than this many times apart are different sums:
#: :func:`figure_disagreements` compares only sums within it of each other (in a run
#: of sorted values).
MONEY_GAP = 10.0
#: Words that make a time unit after them a rate ("a day", "per year").
_RATE_WORDS = frozenset({"a", "an", "per", "each", "every"})
# Time spans are not quantities sources can disagree on.
_SPANS = frozenset({"hours", "days", "weeks", "months", "years"})
_HARM_CUES = {counts: frozenset(COUNT_CUES[counts]) for counts in _HARM}


def _nouns() -> dict[str, str]:
    """Each cue word -> the first quantity (in COUNT_CUES order, harm excluded) it names."""
    named: dict[str, str] = {}
    for counts, cues in COUNT_CUES.items():
        if counts not in _HARM:
            for cue in cues:
                named.setdefault(cue, counts)
    return named


_NOUN_OF = _nouns()
_NOUN_RANK = {counts: rank for rank, counts in enumerate(COUNT_CUES)}


def _nearest_harm(prev_words: list[str], next_words: list[str]) -> str | None:
    """The harm cue closest to the number; a tie goes to the words before it."""
    best: tuple[int, int, str] | None = None
    for counts in _HARM:
        cues = _HARM_CUES[counts]
        for distance, word in enumerate(reversed(prev_words), start=1):
            if word in cues and (best is None or (distance, 0) < best[:2]):
                best = (distance, 0, counts)
        for distance, word in enumerate(next_words, start=1):
            if word in cues and (best is None or (distance, 1) < best[:2]):
                best = (distance, 1, counts)
    return best[2] if best else None


def _counts(before: str, after: str) -> str | None:
    """What a number counts, from the cue words of its own clause.

    The clause runs back from the number to the last comma, stop or conjunction and
    forward to the next one. A noun right after the number (people, children,
    missiles, hours) says what is counted; the nearest harm word (killed, injured)
    says what happened to them. Children and servicemen with no harm word in their
    clause take the nearest one earlier in the sentence ("killed 34 people,
    including 2 children").
    """
    prev_clause = _CLAUSE_BREAK.split(before)[-1]
    next_clause = _CLAUSE_BREAK.split(after, maxsplit=1)[0]
    prev_words = _words(prev_clause)[-4:]
    next_words = _words(next_clause)[:5]
    # The first quantity (in COUNT_CUES order) any of the three words after names; a time
    # unit after "a" or "per" is a rate ("38,000 vehicles a day"), not what is counted.
    named = [
        _NOUN_OF[word]
        for at, word in enumerate(next_words[:3])
        if word in _NOUN_OF
        and not (_NOUN_OF[word] in _SPANS and at and next_words[at - 1] in _RATE_WORDS)
    ]
    noun = min(named, key=_NOUN_RANK.__getitem__) if named else None
    harm = _nearest_harm(prev_words, next_words)
    if noun in ("children", "servicemen"):
        if harm is None:
            harm = _nearest_harm(_words(_SENTENCE_BREAK.split(before)[-1])[-12:], [])
        return f"{noun}_{harm}" if harm else noun
    if harm and noun in ("people", None):
        return harm
    if noun is not None:
        return noun
    if harm is None and _TOLL.search(before[-40:]):
        return "killed"  # "the death toll rose to 34"
    return harm


_NOT_NOUNS = frozenset(
    "of the a an and or to in on at by for from with per than more less over about into "
    "was were is are be been has have had will would could may might it its this that these those "
    "who which what when where after before since until new old".split()
)


#: Words of change, read to tell what a percentage measures ("rise by 12%": a rise).
_CHANGES = {
    **dict.fromkeys(
        "rise rises rose risen rising raise raises raised raising increase increases "
        "increased increasing grow grows grew grown growing climb climbs climbed jump jumps "
        "jumped".split(),
        "rise",
    ),
    **dict.fromkeys(
        "fall falls fell fallen falling drop drops dropped dropping decline declines "
        "declined declining cut cuts cutting decrease decreases decreased decreasing "
        "down lower lowered".split(),
        "fall",
    ),
}
#: Words after a percentage that are no noun it qualifies ("60% came from ...").
_NOT_QUALIFIED = frozenset(
    "came went said says were was is are be been will would could may might can within "
    "through across against under above below on off in at by for from to than over "
    "since after before during".split()
)


#: Where the words before a percentage stop counting for it: not at "as" ("rise by as much
#: as 10%") nor "and" ("a rise of between 4% and 7%").
_PERCENT_BREAK = re.compile(r"[;:.!?()]|,\s|\s(?:but|while|whereas)\s", re.IGNORECASE)


def _percent_of(before: str, after: str) -> str:
    """What a percentage measures, as its ``counts``: a rise or a fall when a word of
    change stands in its clause ("prices could rise by up to 12%", "has fallen by 18%"),
    else the noun right after it ("a 25% levy": ``levy``; "30% of the cheese":
    ``cheese``), else ``"percent"``. Sources that give different percentages for the
    same rise then disagree; a tariff rate and a market share do not."""
    prev_words = _words(_PERCENT_BREAK.split(before)[-1])[-6:]
    following = _words(_CLAUSE_BREAK.split(after, maxsplit=1)[0])
    for word in [*reversed(prev_words), *following[:2]]:
        if word in _CHANGES:
            return _CHANGES[word]
    if following[:1] == ["of"]:
        return _head_noun(after) or "percent"
    phrase = []
    for word in following[:3]:
        if word in _NOT_NOUNS or word in _NOT_QUALIFIED or word.endswith("ed"):
            break
        phrase.append(word)
    return phrase[-1] if phrase else "percent"


#: Words a counted noun phrase reads through after its number ("4 of the 24 bearings").
_PHRASE_GLUE = frozenset({"of", "the", "a", "an"})


def _head_noun(after: str) -> str | None:
    """The noun a number counts: in the words right after it ("24 bearings", "4 of the
    structure's 24 bearings", "12,400 dairy farms"), the first plural (a possessive is not
    one), else the first content word; the search stops at any other function word
    ("a mother of 2 in Vestby" counts nothing)."""
    clause = _CLAUSE_BREAK.split(after, maxsplit=1)[0]
    content: list[str] = []
    for word in _words(clause)[:6]:
        if word in _PHRASE_GLUE:
            continue
        if word in _NOT_NOUNS:
            break
        if word.endswith("'s") or len(word) <= 2:
            continue
        content.append(word)
        if len(content) == 3:
            break
    plurals = [w for w in content if w.endswith("s") and not w.endswith(("ss", "us", "is"))]
    if plurals:
        return plurals[0]
    return content[0] if content else None


def figure_disagreements(figures: pd.DataFrame, *, min_sources: int = 2) -> pd.DataFrame:
    """The quantities on which sources report different figures.

    A quantity is what figures count and their unit (``counts``, ``unit``). Each
    source's figure for a quantity is the largest it reports (tolls rise during the
    day; the largest is the latest a source had). A quantity is a disagreement when at
    least *min_sources* sources report it and their figures differ. Time spans are no
    quantity; nor is a percentage whose measure was not read (``counts`` ``"percent"``:
    a tariff rate against a market share is no disagreement). Sums of money more than
    :data:`MONEY_GAP` times apart are different sums (a household's yearly cost against
    a state's revenue), each its own quantity.

    Parameters
    ----------
    figures : DataFrame
        The output of :func:`find_figures`.
    min_sources : int, default 2
        How many sources must report a quantity for it to count.

    Returns
    -------
    DataFrame
        Columns :data:`DISAGREEMENT_COLUMNS`, sorted by relative spread.
    """
    # Per quantity, each source's largest figure (the first row holding it), sources in
    # the order they first report the quantity. A sum of money is one quantity with the
    # sums of its kind within MONEY_GAP of each other (run of sorted values).
    columns = [figures[name].tolist() for name in ("counts", "unit", "source", "value")]
    sums = sorted(
        {
            (unit, value)
            for counts, unit, value in zip(columns[0], columns[1], columns[3], strict=True)
            if counts == "money" and not pd.isna(unit)
        },
        key=lambda item: (str(item[0]), item[1]),
    )
    run_of: dict[tuple[Any, float], int] = {}
    run, previous = -1, None
    for unit, value in sums:
        if previous is None or previous[0] != unit or value > MONEY_GAP * previous[1]:
            run += 1  # another currency, or a sum too far above the one before
        run_of[(unit, value)] = run
        previous = (unit, value)
    largest: dict[tuple[Any, Any, int], dict[Any, tuple[float, int]]] = {}
    for row, (counts, unit, source, value) in enumerate(zip(*columns, strict=True)):
        if counts in _SPANS or counts == "percent" or pd.isna(counts) or pd.isna(unit):
            continue
        run = run_of[(unit, value)] if counts == "money" else 0
        per_source = largest.setdefault((counts, unit, run), {})
        kept = per_source.get(source)
        if kept is None or value > kept[0]:
            per_source[source] = (value, row)
    figure_ids = figures["figure_id"].tolist()
    rows = []
    for (counts, unit, _), per_source in sorted(largest.items(), key=lambda item: item[0]):
        values = np.array([value for value, _ in per_source.values()], dtype=np.float64)
        n_values = len(set(values.tolist()))
        if len(per_source) < min_sources or n_values < 2:
            continue
        # The same order as DataFrame.sort_values("value") of the sources' figures.
        order = np.argsort(values, kind="quicksort").tolist()
        best = list(per_source.items())
        rows.append(
            {
                "counts": counts,
                "unit": unit,
                "n_sources": len(per_source),
                "n_values": n_values,
                "min_value": float(values.min()),
                "max_value": float(values.max()),
                "values": tuple((best[k][0], float(best[k][1][0])) for k in order),
                "figure_ids": tuple(figure_ids[best[k][1][1]] for k in order),
            }
        )
    frame = pd.DataFrame(rows, columns=DISAGREEMENT_COLUMNS)
    if not frame.empty:
        spread = (frame["max_value"] - frame["min_value"]) / frame["max_value"].where(
            frame["max_value"] != 0, 1
        )
        frame = frame.iloc[spread.sort_values(ascending=False, kind="stable").index].reset_index(
            drop=True
        )
    return frame


#: Large figures written as people read them in the news.
_FIGURE_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def figure_label(value: float) -> str:
    """A figure as a reader writes it: ``12,400``, ``3.5``, ``350 million``,
    ``1.4 billion``.

    Examples
    --------
    >>> [figure_label(v) for v in (12400, 3.5, 3.5e8, 1.4e9, 0.25, 1234.5)]
    ['12,400', '3.5', '350 million', '1.4 billion', '0.25', '1,234.5']
    """
    for size, word in _FIGURE_SCALES:
        if abs(value) >= size:
            return f"{value / size:,.3g} {word}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def quantity_name(counts: str, unit: str) -> str:
    """What a quantity of :attr:`Comparison.number_disagreements` is, for a title:
    ``killed (people)``, ``rise (%)``, ``farms`` (the unit only where it adds something).
    """
    unit = "%" if unit == "percent" else unit
    return str(counts) if counts == unit else f"{counts} ({unit})"
