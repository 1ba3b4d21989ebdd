"""Blind mode: hide which outlet wrote what (no widgets here).

:class:`OutletMask` names the outlets "Source A", "Source B", ... and replaces what would
identify them in a text by ``[outlet]``:

- in any case: an outlet's full name ("frontline care alliance"), an author's full name,
  a web host, and a *coined* name part — a word of a name that the event's own texts never
  write in lower case ("Orbita", "Khreshchatyk"), so that it is never an ordinary word;
- a name part that is also an ordinary word ("Care", "Daily", "News") only where it is
  used as a name: capitalised ("Care", "CARE") or possessive ("the alliance's"; the
  ``'s`` stays). Lower-case ordinary use is kept: "trauma care", "daily life";
- the name's acronym ("FCA" for "Frontline Care Alliance"), in capitals.

A name part is a word of four letters or more of an outlet's name (or a capitalised
acronym in it, such as "BBC"), of an author's name (not "staff", "reporter", ...) or of
a web host (not "www", "com", ...).
"""

from __future__ import annotations

import itertools
import random
import re
import string
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

if TYPE_CHECKING:  # pragma: no cover
    from workbench.comparison import Comparison

#: What replaces an identifying word in text.
MASK = "[outlet]"

_REPEATED_MASK = re.compile(r"\[outlet\](?:\s+\[outlet\])+")

#: An apostrophe-s after a name ("Orbita's"): a possessive is a name's use.
_POSSESSIVE = r"['’]s(?!\w)"

#: Words of a name that identify nothing on their own and do not count for its acronym.
_NAME_STOP_WORDS = frozenset(
    {"the", "and", "of", "for", "a", "an", "de", "der", "die", "das", "la", "le", "les", "el"}
)

#: Words of author bylines that do not identify anyone ("Staff reporter").
_GENERIC_BYLINE = frozenset(
    {
        "staff",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "editor",
        "editors",
        "editorial",
        "board",
        "desk",
        "team",
        "agency",
        "agencies",
        "writer",
        "writers",
        "contributor",
        "newsroom",
        "press",
        "office",
        "bureau",
        "service",
        "communications",
        "department",
        "with",
        "from",
        "and",
    }
)

#: Parts of web hosts that do not identify an outlet.
_GENERIC_HOST = frozenset({"www", "com", "org", "net", "news", "example", "co", "uk", "html"})


def letters(k: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA" (spreadsheet column names)."""
    name = ""
    k += 1
    while k:
        k, rest = divmod(k - 1, 26)
        name = string.ascii_uppercase[rest] + name
    return name


def _words(text: str) -> list[str]:
    """The words (letters only) of *text*, in order."""
    return re.findall(r"[^\W\d_]+", text)


def _outlet_parts(name: str) -> list[str]:
    """Words of an outlet's name that can identify it: four letters or more, or capitals."""
    return [
        word
        for word in _words(name)
        if (len(word) >= 4 or (len(word) >= 2 and word.isupper()))
        and word.lower() not in _NAME_STOP_WORDS
    ]


def _acronym(name: str) -> str | None:
    """The initials of an outlet's name ("FCA"), if it has three or more words that count."""
    initials = "".join(w[0] for w in _words(name) if w.lower() not in _NAME_STOP_WORDS).upper()
    return initials if len(initials) >= 3 else None


def _lower_case_words(texts: Iterable[str]) -> set[str]:
    """The words that *texts* write in lower case ("care" of "trauma care")."""
    words: set[str] = set()
    for text in texts:
        words.update(re.findall(r"[^\W\d_]+", text))
    return {word for word in words if word.islower()}


def _phrase(text: str) -> str:
    """*text* as a regular expression, any run of white space between its words."""
    return r"\s+".join(re.escape(word) for word in text.split())


def _capitalised(word: str) -> list[str]:
    """The forms of *word* used as a name: as written, first letter capital, all capitals."""
    forms = dict.fromkeys([word, word[:1].upper() + word[1:], word.upper()])
    return [form for form in forms if form != word.lower()]


def _longest_first(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(items), key=lambda item: (-len(item), item.lower(), item)))


class OutletMask:
    """Hide which outlet wrote what: "Source A", "Source B", ... and ``[outlet]`` in text.

    Parameters
    ----------
    comparison : Comparison
        The comparison whose sources are masked; its articles give the authors and web
        hosts, its sentences tell ordinary words from coined names.
    seed : int, default 0
        Letters are dealt to the sources in a shuffled order (so that "Source A" is not
        simply the first file); the same seed gives the same letters.

    Attributes
    ----------
    names : dict
        Outlet -> "Source X".
    articles : dict
        Article id -> an opaque id ("article3") used in anchors.
    phrases : tuple of str
        Replaced in any case: outlet names, author names, web hosts and coined name
        parts (never written in lower case by the event's texts).
    parts : tuple of str
        Name parts that are also ordinary words: replaced where capitalised or possessive.
    acronyms : tuple of str
        Initials of the outlet names, replaced where written in capitals.
    """

    def __init__(self, comparison: Comparison, *, seed: int = 0) -> None:
        sources = [str(source) for source in comparison.sources]
        order = list(range(len(sources)))
        random.Random(seed).shuffle(order)
        self.names = {source: f"Source {letters(k)}" for source, k in zip(sources, order)}
        articles = comparison.articles
        self.articles = {
            article_id: f"article{k + 1}" for k, article_id in enumerate(articles["article_id"])
        }
        phrases: set[str] = set(sources)
        parts: set[str] = set()
        runs: set[str] = set()
        acronyms = {_acronym(source) for source in sources} - {None}
        for source in sources:
            own = _outlet_parts(source)
            parts.update(own)
            named = [w for w in _words(source) if w.lower() not in _NAME_STOP_WORDS]
            runs.update(f"{a} {b}" for a, b in itertools.pairwise(named))
        for author in articles["author"].dropna().astype(str):
            tokens = _words(author)
            if not all(token.lower() in _GENERIC_BYLINE for token in tokens):
                phrases.add(author.strip())
            parts.update(t for t in tokens if len(t) >= 4 and t.lower() not in _GENERIC_BYLINE)
        for url in articles["url"].dropna().astype(str):
            host = urlparse(url).hostname or ""
            if host:
                phrases.add(host)
                parts.update(
                    p for p in host.split(".") if len(p) >= 4 and p.lower() not in _GENERIC_HOST
                )
        ordinary = _lower_case_words(
            [*comparison.sentences["text"].astype(str), *articles["title"].dropna().astype(str)]
        )
        coined = {part for part in parts if part.lower() not in ordinary}
        phrases = {p for p in phrases | coined if p.strip()}
        self.phrases = _longest_first(phrases)
        self.parts = _longest_first(parts - coined)
        self.acronyms = _longest_first(acronyms)
        # One pattern for text, longest alternative first (a full name before its words).
        alternatives = [(p, f"(?i:{_phrase(p)})") for p in self.phrases]
        alternatives += [
            (
                p,
                "|".join(
                    [*map(re.escape, _capitalised(p)), f"(?i:{re.escape(p)})(?={_POSSESSIVE})"]
                ),
            )
            for p in self.parts
        ]
        alternatives += [(a, re.escape(a)) for a in self.acronyms]
        alternatives.sort(key=lambda pair: (-len(pair[0]), pair[0]))
        body = "|".join(f"(?:{regex})" for _, regex in alternatives)
        self._pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)") if body else None
        # Terms (lower-cased words and phrases) that give an outlet away.
        plain = [a for a in self.acronyms if a.lower() not in ordinary]
        telling = [*self.phrases, *plain, *runs]
        body = "|".join(_phrase(t) for t in _longest_first(telling))
        self._telling = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE) if body else None

    def name(self, source: Any) -> str:
        """The masked name of *source* ("Source C"); unknown names are masked as text."""
        return self.names.get(source, self.text(source))

    def text(self, value: Any) -> str:
        """*value* as text with every identifying word replaced by ``[outlet]``."""
        text = "" if value is None else str(value)
        if self._pattern is None:
            return text
        return _REPEATED_MASK.sub(MASK, self._pattern.sub(MASK, text))

    def article(self, article_id: Any) -> str:
        """An opaque stand-in for *article_id* (ids are often the outlet's name)."""
        return self.articles.get(article_id, "article")

    def identifies(self, term: Any) -> bool:
        """Whether *term* (a word or phrase, any case) gives an outlet away.

        True when it contains a phrase of :attr:`phrases` (a name, an author, a host, a
        coined name part), an acronym, or two successive words of an outlet's name
        ("care alliance"); such terms are left out of blind views. An ordinary word of a
        name alone ("care") is not telling.
        """
        return bool(self._telling and self._telling.search(str(term)))

    def sort_key(self, source: str) -> str:
        """Sources are listed by masked name, so their order says nothing."""
        return self.name(source)

    def __repr__(self) -> str:
        return f"OutletMask({len(self.names)} sources)"


class NoMask:
    """The identity mask: names and text as they are."""

    def name(self, source: Any) -> str:
        return str(source)

    def text(self, value: Any) -> str:
        return "" if value is None else str(value)

    def article(self, article_id: Any) -> str:
        return str(article_id)

    def identifies(self, term: Any) -> bool:
        return False

    def sort_key(self, source: str) -> int:
        return 0


#: The mask of a view that is not blind.
NO_MASK = NoMask()

#: Either kind of mask.
Mask = OutletMask | NoMask
