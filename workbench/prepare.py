"""Text preparation: normalise, strip Markdown, drop boilerplate, split sentences.

The loader (:mod:`workbench.corpus`) runs :func:`clean_texts` on every article and
:func:`sentence_table` on the result; every character offset in the project points into
the cleaned text these functions return. Everything here is plain rules and regular
expressions: no model, no download, the same output on every machine.

Sentence rules, in short (details in :func:`split_sentences`):

* a sentence never crosses a paragraph break (a blank line);
* it ends at ``.``, ``!``, ``?``, ``...`` or ``…`` (with any closing quotes or brackets
  that follow) when the next word does not start with a lowercase letter, unless the word
  before a full stop is a known abbreviation, an initial or an acronym;
* a single line break ends a sentence when the line before it is a standalone line (a
  heading, byline or caption: no final punctuation) rather than a soft-wrapped line.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from typing import TYPE_CHECKING

import pandas as pd

from workbench.errors import ColumnError, problem
from workbench.event import SENTENCE_COLUMNS

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "BOILERPLATE_PATTERNS",
    "MAX_REPEATED_WORDS",
    "PAYWALL_PATTERNS",
    "boilerplate_lines",
    "clean_texts",
    "normalize_text",
    "paragraph_spans",
    "LINE_PARAGRAPH_LENGTH",
    "sentence_table",
    "split_sentences",
    "strip_markdown",
]

# --------------------------------------------------------------------------- normalisation

_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\u301f\uff02"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2039\u203a\uff07\u00b4"
_SPACES = "\t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
_HYPHENS = "\u2010\u2011\u2012\u2212\ufe63\uff0d"

_CHARACTER_MAP = str.maketrans(
    {
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys(_INVISIBLE, None),
        **dict.fromkeys(_HYPHENS, "-"),
        "\u2026": "...",
        "\u2014": " - ",  # em dash
        "\u2015": " - ",  # horizontal bar
        "\u2e3a": " - ",  # two-em dash
        "\u2e3b": " - ",  # three-em dash
        "\u2028": "\n",  # line separator
        "\u2029": "\n\n",  # paragraph separator
        "\x85": "\n",  # next line
        "\x0b": "\n",
        "\x0c": "\n",
    }
)
# What _CHARACTER_MAP makes of each character it changes. No replacement holds such a
# character, so replacing them one after the other is translating (and much faster than
# str.translate, which looks every character of the text up in the map).
_REPLACEMENTS = {chr(code): value or "" for code, value in _CHARACTER_MAP.items()}
_MAPPED = re.compile("[" + "".join(map(re.escape, _REPLACEMENTS)) + "]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_TIGHT_EN_DASH = re.compile(r"(?<=\S)\u2013(?=\S)")
_SPACE_RUN = re.compile(r" {2,}")
_BLANK_RUN = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    """Strip every line, collapse runs of spaces and of blank lines, strip the ends."""
    # Once runs of spaces are one space, a line has at most one to strip at either end.
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    text = text.replace(" \n", "\n").replace("\n ", "\n").strip(" ")
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n")


def normalize_text(text: str) -> str:
    """Put *text* into the one form that every offset in the project points into.

    Parameters
    ----------
    text : str
        Text as read from a file, a table or a web page.

    Returns
    -------
    str
        The text with:

        * Unicode NFC composition;
        * every double quote (“ ” „ ‟ « » ″ and the full-width one) as ``"`` and every
          single quote or apostrophe (‘ ’ ‚ ‛ ′ ‹ › ´) as ``'``;
        * dashes in two forms only: a *spaced* hyphen ``" - "`` is a dash that sets off a
          phrase (every em dash and horizontal bar; an en dash with a space on either
          side), a *tight* hyphen ``"-"`` joins (hyphens, non-breaking hyphens, minus
          signs, figure dashes and an en dash between two non-spaces, as in
          ``2019–2020``);
        * ``…`` as ``...``;
        * non-breaking, thin and other wide spaces and tabs as a plain space; zero-width
          characters, soft hyphens and control characters removed;
        * ``\\r\\n``, ``\\r`` and the Unicode line separators as ``\\n`` (the paragraph
          separator as a blank line);
        * every line stripped of leading and trailing spaces and runs of spaces
          collapsed to one; three or more line breaks collapsed to one blank line
          (``"\\n\\n"``, the paragraph break); leading and trailing blank lines removed.

        The function is idempotent.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u2013" in text:
        text = _TIGHT_EN_DASH.sub("-", text).replace("\u2013", " - ")
    for char in sorted(set(_MAPPED.findall(text))):
        text = text.replace(char, _REPLACEMENTS[char])  # = text.translate(_CHARACTER_MAP)
    return _tidy(_CONTROL.sub("", text))


# --------------------------------------------------------------------------- Markdown

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_FENCE = re.compile(r"(?:`{3,}|~{3,})")
_RULE = re.compile(r"(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,}|=+)")
_HEADING = re.compile(r"#{1,6}(?:\s+(.*?))?(?:\s+#+)?")
_QUOTE_MARK = re.compile(r"^(?:>\s?)+")
_BULLET = re.compile(r"^(?:[-*+\u2022]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
_LINK_DEFINITION = re.compile(r"\[[^\]]+\]:\s*\S+.*")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_INLINE_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"!\[[^\]]*\]\([^()]*(?:\([^()]*\)[^()]*)*\)"), ""),  # image
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),  # reference image
    (re.compile(r"\[\^[^\]]+\]"), ""),  # footnote mark
    (re.compile(r"\[([^\]]*)\]\([^()]*(?:\([^()]*\)[^()]*)*\)"), r"\1"),  # link
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference link
    (re.compile(r"<((?:https?|ftp)://[^>\s]+|[^@>\s]+@[^>\s]+)>"), r"\1"),  # autolink
    (re.compile(r"<br\s*/?>", re.IGNORECASE), " "),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tag
    (re.compile(r"(`+)(.+?)\1"), r"\2"),  # inline code
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"\1"),  # strong
    (re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
]


def _strip_inline(line: str) -> str:
    # Escaped characters are parked in the private use area so no rule treats them as markup.
    line = _ESCAPE.sub(lambda m: chr(0xE000 + ord(m.group(1))), line)
    for pattern, replacement in _INLINE_RULES:
        line = pattern.sub(replacement, line)
    return re.sub("[\ue000-\ue07f]", lambda m: chr(ord(m.group()) - 0xE000), line)


def strip_markdown(text: str) -> str:
    """Remove the Markdown markup from *text* and keep the words.

    Parameters
    ----------
    text : str
        Markdown, ideally already passed through :func:`normalize_text`.

    Returns
    -------
    str
        The text without heading marks (a heading becomes a paragraph of its own),
        emphasis and strikethrough marks, inline-code ticks, block-quote marks, list
        bullets and numbers, task boxes, horizontal rules and setext underlines, code
        fences (their content is kept), images (alt text included), footnote marks, link
        definitions, HTML comments and inline HTML tags. Links keep their text, autolinks
        their address; backslash escapes keep the escaped character. Lines are tidied as
        in :func:`normalize_text`. Tables are left as they are.
    """
    text = _HTML_COMMENT.sub("", text)
    out: list[str] = []
    in_fence = False
    for raw in text.split("\n"):
        line = raw.strip()
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append("")
            continue
        if in_fence:
            out.append(line)
            continue
        line = _QUOTE_MARK.sub("", line).strip()
        if _RULE.fullmatch(line) or _LINK_DEFINITION.fullmatch(line):
            out.append("")
            continue
        heading = _HEADING.fullmatch(line)
        if heading:
            out.extend(["", _strip_inline(heading.group(1) or ""), ""])
            continue
        out.append(_strip_inline(_BULLET.sub("", line)))
    return _tidy("\n".join(out))


# --------------------------------------------------------------------------- boilerplate

#: Subscription and paywall prompts. Each is matched against a *whole* line (see
#: :data:`BOILERPLATE_PATTERNS`). A match in the last half of an article starts the
#: paywall tail that :func:`clean_texts` removes.
PAYWALL_PATTERNS: tuple[str, ...] = (
    # "Subscribe", "Subscribe now", "Subscribe to The Daily Ledger for $1 a week"
    r"subscribe(?: now| today| here| for free)?(?: to [\w'&.-]+(?: [\w'&.-]+){0,5})?"
    r"(?: for .{0,40})?",
    # "Become a paid subscriber", "Upgrade to a premium membership to keep reading"
    r"(?:become|upgrade to|get) (?:a |an )?(?:paid |premium |free )?"
    r"(?:subscriber|member|subscription|membership)\b.{0,100}",
    r"upgrade(?: to paid| now)?|pledge your support|(?:give a )?gift (?:a )?subscription",
    # "Join the discussion", "To join the discussion in the comments, become a paid subscriber."
    r"(?:to )?join the (?:discussion|conversation)\b.{0,100}",
    # "Join like minded readers that support our journalism ..." (needs a telling word)
    r"join\b.{0,160}\b(?:subscri\w*|members?|membership|readers|journalism|newsletters?"
    r"|community|supporters)\b.{0,120}",
    # "Already a subscriber? Log in", "Already have an account? Sign in"
    r"already (?:a |an )?(?:subscriber|member|have an account|registered)\b.{0,60}",
    # "This article is for subscribers only", "This post is for paid subscribers"
    r"(?:this|the) (?:article|story|content|post|piece|episode) is (?:only )?(?:available )?"
    r"(?:(?:only )?(?:for|to) )?(?:paid |premium )?(?:subscribers|members)\b.{0,60}",
    r"(?:for )?(?:paid )?(?:subscribers|members) only\b.{0,40}",
    r"(?:start|begin|try) (?:your |a )?(?:\d+[- ]day )?free trial\b.{0,80}",
    r"keep reading with .{0,80}",
    # "Continue reading", "Continue reading the main story"
    r"continue reading(?: the (?:main |full )?(?:story|article)| below| on .{0,60}"
    r"| with .{0,80})?",
    # "Sign up", "Log in to comment", "Sign in for free"
    r"(?:log|sign) (?:in|out|up)(?: (?:now|here|today|for free))?(?: (?:to|for) .{0,80})?",
    r"(?:register|create (?:a |an )?(?:free )?account)(?: now| here| for free| to .{0,60})?",
    r"thanks? (?:you )?for reading\b.{0,160}",
    r"support (?:our|independent|quality) journalism\b.{0,120}",
)

#: Lines that are not the article's prose. Every pattern is matched case-insensitively
#: against a whole line with its decoration (bullets, arrows, pipes, a final ``.``, ``!``
#: or ``:``) stripped, and only on lines of at most :data:`MAX_BOILERPLATE_WORDS` words,
#: so a sentence that merely contains "subscribe" or "advertisement" is never a match.
BOILERPLATE_PATTERNS: tuple[str, ...] = (
    *PAYWALL_PATTERNS,
    # newsletters: "Sign up for our morning newsletter", "Get the briefing in your inbox"
    r"(?:sign up|subscribe|register) (?:now |here |today )?(?:for|to) (?:our|the|my|a|his|her"
    r"|their) (?:free |daily |weekly |morning |evening )?(?:[\w'&-]+ ){0,4}"
    r"(?:newsletters?|briefings?|digest|emails?|updates|alerts)\b.{0,100}",
    r"(?:get|receive) .{0,60}\b(?:in|to) your inbox\b.{0,60}",
    r"(?:enter|type) your email(?: address)?.{0,40}|email address"
    r"|invalid email address\b.{0,120}",
    # advertising
    r"advertisement|advertising|ad|sponsored(?: content)?|paid content|promoted(?: content)?",
    r"(?:story|article) continues (?:below|after) (?:this )?(?:advertisement|ad)",
    r"scroll (?:down )?to continue(?: with content)?",
    # navigation: "Read more: ...", "Related: ...", "Most read"
    r"read (?:more|also|next|the full (?:story|article))\b(?:\s*[:|-].{0,150}| .{0,80})?",
    r"(?:see also|also read|further reading|more on this(?: story)?|more from .{0,40}"
    r"|recommended(?: for you)?|most (?:read|popular|viewed)|trending(?: now)?"
    r"|you (?:may|might) (?:also )?like.{0,40}|top stories)(?:\s*:.{0,150})?",
    r"related(?: (?:articles?|stories|content|coverage|reading|topics|posts))?(?:\s*:.{0,150})?",
    # sharing and social
    r"share(?: (?:this|the) (?:article|story|post|page))?(?: (?:on|via) .{0,40})?",
    r"tweet|e-?mail|print|copy link|save|like|comment|comments|restack|leave a comment"
    r"|\d+ (?:comments?|likes?|shares?)|(?:show|view|load|see) (?:all |more )?comments",
    r"follow (?:us|me|@[\w.]+|[\w.' ]{1,40}) on (?:twitter|x|facebook|instagram|linkedin|threads"
    r"|bluesky|tiktok|youtube|telegram|mastodon)\b.{0,80}",
    r"click here\b.{0,120}",
    r"(?:download|get) (?:the|our) (?:free )?app\b.{0,80}",
    # cookies and legal
    r"(?:we use|this (?:site|website) uses|our (?:site|website) uses) cookies\b.{0,240}",
    r"(?:accept|reject|decline|manage) (?:all |optional )?cookies\b.{0,60}",
    r"cookie (?:settings|policy|preferences|notice)\b.{0,60}",
    r"(?:privacy(?: policy)?|terms(?: of (?:use|service))?)(?:\s*[|·∙•,]\s*.{0,120})?",
    r"(?:copyright\s*)?(?:©|\(c\))\s*.{0,160}|copyright \d{4}\b.{0,160}",
    r".{0,120}\ball rights reserved\b.{0,60}",
    # credits and captions: "Photo: ...", "Image credit: ...", "AP Photo/..."
    r"(?:photo(?:graph)?|image|picture|video|illustration|graphic|main image|top image)s?"
    r"(?: credits?)?\s*[:|/].{0,160}",
    r"(?:photo|image|picture)s? (?:credits?|courtesy|by)\b.{0,120}",
    r"(?:ap|afp|reuters|getty images|epa|shutterstock|alamy)(?: photo)?\s*/.{0,80}",
    r"(?:additional )?(?:reporting|writing|editing) by .{0,160}",
    # audio
    r"listen to (?:this|the) (?:article|story|episode|podcast)\b.{0,60}",
    r"\d+ ?(?:min(?:ute)?s?|hrs?) (?:read|listen)",
)

#: Lines longer than this (in words) are never boilerplate.
MAX_BOILERPLATE_WORDS = 40
#: Lines longer than this (in words) are never removed as repeated lines or as part of a
#: paywall tail.
MAX_REPEATED_WORDS = 25
#: Where a paywall tail may start: at or after this share of the article's characters.
PAYWALL_TAIL_START = 0.5

_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE_PATTERNS), re.IGNORECASE)
_PAYWALL = re.compile("|".join(f"(?:{p})" for p in PAYWALL_PATTERNS), re.IGNORECASE)
_DECORATION = "\u2022\u00b7\u2219|>*-\u2013\u2014\u2192\u00bb\u203a\u25b6\u25ba#"
_TAIL_VOCABULARY = re.compile(
    r"\b(?:subscri\w*|members?(?:hip)?|readers?|journalism|newsletters?|comments?|account"
    r"|log in|sign in|sign up|paywall|support\w*|donat\w*|premium|unlimited|benefits|inbox"
    r"|e-?mail|cookies?|privacy|terms|share|follow|app)\b",
    re.IGNORECASE,
)
_FINAL_PUNCTUATION = re.compile(r"[.!?\u2026][\"')\]\u201d\u2019\u00bb]*$")


def _at_most_words(line: str, n: int) -> bool:
    """``len(line.split()) <= n``, without splitting a long line into all its words."""
    return len(line.split(None, n)) <= n


def _core(line: str) -> str:
    """*line* without surrounding whitespace and decoration."""
    return line.strip().lstrip(" " + _DECORATION).rstrip(" .!:\u2026" + _DECORATION).strip()


def _is_boilerplate(line: str) -> bool:
    core = _core(line)
    return (
        bool(core)
        and _at_most_words(core, MAX_BOILERPLATE_WORDS)
        and bool(_BOILERPLATE.fullmatch(core))
    )


def _is_paywall(line: str) -> bool:
    core = _core(line)
    return (
        bool(core)
        and _at_most_words(core, MAX_BOILERPLATE_WORDS)
        and bool(_PAYWALL.fullmatch(core))
    )


def boilerplate_lines(text: str) -> list[str]:
    """The lines of *text* that are boilerplate, in order, as they appear in *text*.

    A line is boilerplate when, stripped of decoration, the whole of it matches one of
    :data:`BOILERPLATE_PATTERNS` (case-insensitive) and it has at most
    :data:`MAX_BOILERPLATE_WORDS` words.

    Parameters
    ----------
    text : str
        Normalised text (see :func:`normalize_text`).

    Returns
    -------
    list of str
        The matching lines, unchanged.
    """
    return [line for line in text.split("\n") if _is_boilerplate(line)]


def _paywall_tail(lines: list[str]) -> set[int]:
    """Indexes of the lines that make up a paywall tail (empty set if there is none).

    The tail starts at the first paywall line in the last part of the article after
    which no line is longer than :data:`MAX_REPEATED_WORDS` words; it takes that line and
    every later line that is short and boilerplate-like: a boilerplate line, a line
    without final punctuation, or a line that talks about subscribing, readers,
    comments, accounts and the like.
    """
    total = sum(len(line) + 1 for line in lines)
    offset = 0
    starts = []
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    long_after = [False] * (len(lines) + 1)
    for i in range(len(lines) - 1, -1, -1):
        long_after[i] = long_after[i + 1] or not _at_most_words(lines[i], MAX_REPEATED_WORDS)
    for i, line in enumerate(lines):
        if starts[i] < PAYWALL_TAIL_START * total or long_after[i + 1] or not _is_paywall(line):
            continue
        tail = {i}
        for j in range(i + 1, len(lines)):
            later = lines[j].strip()
            if later and (
                _is_boilerplate(later)
                or not _FINAL_PUNCTUATION.search(later)
                or _TAIL_VOCABULARY.search(later)
            ):
                tail.add(j)
        return tail
    return set()


def clean_texts(
    raw_texts: Sequence[str],
    sources: Sequence[str],
    *,
    markdown: Sequence[bool] | None = None,
    min_repeats: int = 2,
) -> list[tuple[str, list[str]]]:
    """Clean the text of several articles at once.

    For each article: :func:`normalize_text`; :func:`strip_markdown` when flagged; then
    remove

    * boilerplate lines (:func:`boilerplate_lines`);
    * a paywall tail: from a paywall prompt (:data:`PAYWALL_PATTERNS`) in the last half of
      the article, followed by short lines only, every later line that is short (at most
      :data:`MAX_REPEATED_WORDS` words) and boilerplate-like (a boilerplate line, a line
      without final punctuation, or one about subscribing, readers, comments, accounts);
    * lines that repeat verbatim (after normalisation) in at least *min_repeats*
      different articles of the same source and have at most :data:`MAX_REPEATED_WORDS`
      words: an outlet's taglines and footers.

    Parameters
    ----------
    raw_texts : sequence of str
        The articles' text as read.
    sources : sequence of str
        The outlet of each article (same length as *raw_texts*).
    markdown : sequence of bool, optional
        Which texts are Markdown; default: none.
    min_repeats : int, default 2
        In how many articles of one source a line must appear to count as repeated.

    Returns
    -------
    list of (str, list of str)
        Per article, in input order: the cleaned text (lines tidied, at most one blank
        line in a row; empty if nothing is left) and the removed lines in the order they
        appeared.

    Raises
    ------
    ValueError
        If the sequences differ in length or *min_repeats* is below 2.
    """
    n = len(raw_texts)
    flags = [False] * n if markdown is None else list(markdown)
    if len(sources) != n or len(flags) != n:
        raise ValueError(
            problem(
                "clean_texts",
                f"got {n} texts, {len(sources)} sources and {len(flags)} markdown flags",
                fix="pass one source (and one markdown flag) per text",
            )
        )
    if min_repeats < 2:
        raise ValueError(
            problem(
                "clean_texts",
                f"min_repeats is {min_repeats}, so every short line would count as repeated",
                field="min_repeats",
                fix="pass 2 or more",
            )
        )
    articles: list[list[str]] = []
    for raw, is_markdown in zip(raw_texts, flags, strict=True):
        text = normalize_text(raw)
        if is_markdown:
            text = strip_markdown(text)
        articles.append(text.split("\n"))

    seen_in: dict[tuple[str, str], set[int]] = defaultdict(set)
    for index, (lines, source) in enumerate(zip(articles, sources, strict=True)):
        for line in lines:
            if line and _at_most_words(line, MAX_REPEATED_WORDS):
                seen_in[(source, line)].add(index)

    results = []
    for lines, source in zip(articles, sources, strict=True):
        tail = _paywall_tail(lines)
        kept, removed = [], []
        for i, line in enumerate(lines):
            if line and (
                i in tail
                or _is_boilerplate(line)
                or len(seen_in.get((source, line), ())) >= min_repeats
            ):
                removed.append(line)
            else:
                kept.append(line)
        results.append((_tidy("\n".join(kept)), removed))
    return results


# --------------------------------------------------------------------------- sentences

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_SPACE_THEN_TOKEN = re.compile(r"\s*(\S*)")
_TERMINAL = re.compile(r"[.!?\u203d\u2026]+[\"'\u201d\u2019\u00bb\u203a)\]]*(?=\s)")
_LINE_END_TERMINAL = re.compile(r"[.!?\u203d\u2026][\"'\u201d\u2019\u00bb\u203a)\]]*$")
_QUOTE_OPENERS = "\"'\u201c\u2018\u00ab\u2039"
_OPENERS = _QUOTE_OPENERS + "([{"
_CLOSERS = "\"'\u201d\u2019\u00bb\u203a)]}"

#: Abbreviations that stand before a name or a number: never the end of a sentence
#: unless the paragraph ends there.
_TITLES = frozenset(
    "mr mrs ms mx messrs mme mlle dr prof gen lt col maj capt cpt sgt cpl pvt adm cmdr brig "
    "sen sens rep reps gov govs pres amb atty supt insp det rev hon fr st mt ft sec drs profs gens"
    " msgr".split()
)
#: Abbreviations that never end a sentence before another word.
_NEVER_FINAL = frozenset("e.g i.e vs v cf viz approx ca incl esp".split())
#: Abbreviations that stand before a number: not the end of a sentence before a digit.
_BEFORE_NUMBER = frozenset(
    "No Nos Nr Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Art Vol Fig Ch Para "
    "no nos p pp art vol fig ch para".split()
)
#: Abbreviations that end a sentence only before a word that usually opens one.
_AMBIGUOUS = frozenset(
    "inc ltd co corp jr sr bros plc llc al ph.d "
    "ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo "
    "mont neb nev okla ore pa tenn tex va vt wash wis wyo".split()
)
#: Words that usually open a sentence (function words): after an acronym, an initial or
#: an ambiguous abbreviation, a sentence ends only before one of these.
_SENTENCE_STARTERS = frozenset(
    "a an the he she it they we i you this that these those there here its his her their "
    "our my your some many most few all both each every none one two such another other "
    "in on at by for from with without after before during since until when while where "
    "whether as if though although because but and or nor so yet still then now today "
    "yesterday tomorrow later earlier meanwhile however also instead indeed even despite "
    "what why how who which nobody nothing everyone anyone officials".split()
)
_WEEKDAYS_MONTHS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur "
    "thurs fri sat sun january february march april may june july august september october "
    "november december jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_ZONE_WORDS = frozenset("eastern central mountain pacific greenwich local universal".split())
_TIME_ZONE = re.compile(r"[A-Z]{1,4}T(?:[+-]\d{1,2})?|UTC(?:[+-]\d{1,2})?|Z")
_ACRONYM = re.compile(r"[A-Za-z]{1,2}(?:\.[A-Za-z]{1,2})+")
_ENUMERATOR = re.compile(r"\d{1,3}|[A-Za-z]|[ivxIVX]{1,4}")
_INITIAL = re.compile(r"[A-Z]\.")
_DASHES = frozenset(("-", "--", "\u2013", "\u2014", "\u2015"))
_SOFT_WRAP_END = ",;(/&-\u2013\u2014"
_CONTINUATION_WORDS = frozenset(
    "a an the of to in on at by for with and or but nor from as that than into onto over "
    "under about after before between against its his her their our is are was were be "
    "been has have had will would could should not".split()
)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` moved inwards past whitespace (both at *end* if all is space)."""
    rest = text[start:end].lstrip()
    start = end - len(rest)
    return start, start + len(rest.rstrip())


#: A text with no blank line whose lines are at least this long (median, in characters)
#: keeps one paragraph a line: text copied from a web page or a word processor, where a
#: line break ends a paragraph; hard-wrapped text (lines of 60-80 characters) does not.
LINE_PARAGRAPH_LENGTH = 100
_LINE_BREAK = re.compile(r"\n")


def _one_paragraph_a_line(text: str) -> bool:
    """Whether *text* has no blank line, several lines, and lines of a median length of
    at least :data:`LINE_PARAGRAPH_LENGTH` characters."""
    if _PARAGRAPH_BREAK.search(text):
        return False
    lengths = [len(line.strip()) for line in text.split("\n") if line.strip()]
    return len(lengths) > 1 and statistics.median(lengths) >= LINE_PARAGRAPH_LENGTH


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of *text*.

    Paragraphs are separated by a blank line (two line breaks with nothing but spaces
    between them); in a text without any blank line whose lines are long (a median of
    :data:`LINE_PARAGRAPH_LENGTH` characters or more: a page copied with one paragraph a
    line), by a line break. Spans exclude surrounding whitespace; empty paragraphs are
    skipped.

    Parameters
    ----------
    text : str
        Any text; normally the cleaned text of an article.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` offsets, in order; ``text[start:end]`` is the paragraph.
    """
    spans = []
    start = 0
    breaks = _LINE_BREAK if _one_paragraph_a_line(text) else _PARAGRAPH_BREAK
    for match in breaks.finditer(text):
        span = _trimmed(text, start, match.start())
        if span[0] < span[1]:
            spans.append(span)
        start = match.end()
    span = _trimmed(text, start, len(text))
    if span[0] < span[1]:
        spans.append(span)
    return spans


def _next_token(text: str, position: int, end: int) -> tuple[str, int]:
    """The token after the whitespace at *position* and the offset where it stops."""
    match = _SPACE_THEN_TOKEN.match(text, position, end)
    return ("", position) if match is None else (match.group(1), match.end())


def _previous_token(text: str, position: int, start: int) -> tuple[str, int]:
    """The token that ends at *position* and the offset where it starts."""
    begin = position
    while begin > start and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:position], begin


def _first_alnum(token: str) -> str:
    for char in token:
        if char.isalnum():
            return char
    return ""


def _time_continues(next_word: str, word_after: str) -> bool:
    """Whether a capitalised word after ``a.m.``/``p.m.`` still belongs to the time."""
    return (
        next_word.lower() in _WEEKDAYS_MONTHS
        or next_word.lower() in _ZONE_WORDS
        or bool(_TIME_ZONE.fullmatch(next_word))
        or word_after.lower().strip(_CLOSERS + ",;:.") == "time"
    )


def _ends_sentence(text: str, match: re.Match[str], start: int, end: int) -> bool:
    """Decide whether the punctuation in *match* ends a sentence (see split_sentences)."""
    after, after_end = _next_token(text, match.end(), end)
    first = _first_alnum(after)
    if first.islower():
        return False
    if after in _DASHES and "\n" not in text[match.end() : after_end]:
        return False  # "Samuel A. Alito Jr. - revisited", '"Stop!" - he said'
    punctuation = match.group().rstrip(_CLOSERS)
    if punctuation != "." or len(match.group()) > 1:
        return True  # ! ? ... ellipsis, or a full stop inside closing quotes/brackets
    token, token_start = _previous_token(text, match.start(), start)
    word = token.lstrip(_OPENERS)
    lower = word.lower()
    if not word:
        return True
    if lower in _NEVER_FINAL or (word[0].isupper() and lower in _TITLES):
        return False
    at_line_start = token_start == start or text[token_start - 1] == "\n"
    if at_line_start and token == word and _ENUMERATOR.fullmatch(word):
        return False  # "1. First item", "IV. Conclusions"
    if not first.isalpha():
        return word not in _BEFORE_NUMBER  # "No. 10", "Jan. 6", but "in 2019. 2020 was"
    # The next word starts with a capital letter (or after an opening quote).
    bare_next = after.lstrip(_OPENERS)
    next_word = bare_next.rstrip(_CLOSERS + ",;:.!?")
    if lower in ("a.m", "p.m"):
        word_after, _ = _next_token(text, after_end, end)
        return not _time_continues(next_word, word_after)
    initial = re.split(r"[/(\[-]", word)[-1] + "."  # "J." also in "(AP Photo/J."
    if _INITIAL.fullmatch(initial) or _ACRONYM.fullmatch(word) or lower in _AMBIGUOUS:
        if _INITIAL.fullmatch(bare_next.rstrip(",;:")):
            return False  # another initial: "J. D. Vance"
        return after[:1] in _QUOTE_OPENERS or next_word.lower() in _SENTENCE_STARTERS
    return True


def _line_break_ends_sentence(previous_line: str, next_line: str) -> bool:
    """Whether a single line break after a line without final punctuation ends a sentence.

    It does, unless the break looks like a soft wrap inside a sentence: the next line
    starts with a lowercase letter, or the line before ends with ``, ; ( / & -`` or a
    dash, or with a word that cannot end a sentence (an article, preposition,
    conjunction or auxiliary verb: "the", "of", "and", "was", ...).
    """
    if next_line.lstrip(_OPENERS)[:1].islower():
        return False
    if previous_line[-1] in _SOFT_WRAP_END:
        return False
    last_word = previous_line.rsplit(None, 1)[-1].lower()
    return last_word not in _CONTINUATION_WORDS


def _sentences_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [
        match.end()
        for match in _TERMINAL.finditer(text, start, end)
        if _ends_sentence(text, match, start, end)
    ]
    line_start = start
    newline = text.find("\n", start, end)
    while newline != -1:
        previous_line = text[line_start:newline].rstrip()
        next_stop = text.find("\n", newline + 1, end)
        next_line = text[newline + 1 : end if next_stop == -1 else next_stop].strip()
        if (
            previous_line
            and next_line
            and not _LINE_END_TERMINAL.search(previous_line)
            and _line_break_ends_sentence(previous_line, next_line)
        ):
            cuts.append(newline)
        line_start = newline + 1
        newline = next_stop
    spans: list[tuple[int, int]] = []
    begin = start
    for cut in [*sorted(cuts), end]:
        span = _trimmed(text, begin, cut)
        if span[0] < span[1]:
            spans.append(span)
        begin = cut
    return _merge_punctuation_only(text, spans)


def _merge_punctuation_only(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a span without letters or digits (a stray quote, an elision ``...``) to the
    sentence before it, or to the one after it at the start of a paragraph."""
    merged: list[tuple[int, int]] = []
    for span in spans:
        if merged and (not _has_word(text, span) or not _has_word(text, merged[-1])):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _has_word(text: str, span: tuple[int, int]) -> bool:
    return any(char.isalnum() for char in text[span[0] : span[1]])


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of *text*.

    Parameters
    ----------
    text : str
        Normally the cleaned text of an article (curly quotes work too).

    Returns
    -------
    list of (int, int)
        ``(start, end)`` offsets, in order and not overlapping; ``text[start:end]`` is a
        sentence without surrounding whitespace. Together the spans cover every
        non-space character of *text*.

    Notes
    -----
    The rules, in order:

    1. A sentence never crosses a paragraph break (a blank line, see
       :func:`paragraph_spans`).
    2. Candidates are runs of ``.``, ``!``, ``?``, ``…`` followed by any closing quotes
       or brackets and then whitespace; the sentence ends after the closing quote
       (``"We will rebuild." She said.`` is two sentences, the first ending at ``"``).
       A quotation holding several sentences is split inside the quotation; no text is
       lost.
    3. No candidate ends a sentence if the next word starts with a lowercase letter
       (``etc. and``, ``a.m. on Sunday``, ``"Why?" she asked``).
    4. ``!``, ``?``, an ellipsis, or a full stop followed by a closing quote or bracket
       ends a sentence before anything else.
    5. A full stop after a title (``Mr.``, ``Dr.``, ``Gen.``, ``Sen.``, ``St.``, ...) or
       after ``e.g.``, ``i.e.``, ``vs.``, ``cf.`` never ends a sentence; nor does a list
       number at the start of a line (``1.``, ``IV.``).
    6. Before a digit or other non-letter, a full stop ends a sentence unless the word is
       an abbreviation used before numbers (``No. 10``, ``Jan. 6``, ``pp. 4``).
    7. Before a capitalised word:

       * after ``a.m.``/``p.m.`` the sentence ends unless that word is a weekday, a month,
         a time zone (``ET``, ``GMT``, ``Eastern``) or is followed by ``time``: so
         ``It began at 10 a.m. Rescuers arrived.`` is two sentences and ``at 10 a.m.
         Monday`` is not split;
       * after an initial (``W.``), a dotted acronym (``U.S.``, ``U.N.``, ``D.C.``) or an
         ambiguous abbreviation (``Inc.``, ``Ltd.``, ``Co.``, ``Corp.``, ``Jr.``, ``Sr.``,
         US state abbreviations) the sentence ends only if the next word usually opens a
         sentence (``The``, ``He``, ``It``, ``But``, ...) or opens a quotation, and
         never before another initial: ``the U.S. Army`` and ``J. D. Vance`` stay whole,
         ``talks with the U.S. The next day`` is split;
       * after any other word (``etc.``, ``2019.``, a month before a word) it ends.
    8. A single line break inside a paragraph ends a sentence when the line before has
       final punctuation and rules 2-7 say so, or when the line before has no final
       punctuation and is a standalone line (a heading, byline or caption) rather than a
       soft wrap: the break is a soft wrap when the next line starts with a lowercase
       letter, or the line before ends with ``, ; ( / & -`` or a dash, or with a word
       that cannot end a sentence (``the``, ``of``, ``and``, ``was``, ...). A wrapped
       line that happens to end with a name before a capitalised line is split wrongly.

    A full stop before a spaced dash (``Jr. - the judge``) does not end a sentence, and a
    piece without letters or digits (a stray closing quote, an elision ``...`` between
    sentences) joins the sentence before it.

    Decimals, thousands and versions (``3.5``, ``1,200``, ``$4.5m``, ``2.0``) never
    split because a full stop must be followed by whitespace to end a sentence.
    """
    spans: list[tuple[int, int]] = []
    for start, end in paragraph_spans(text):
        spans.extend(_sentences_in(text, start, end))
    return spans


def sentence_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of every article.

    Parameters
    ----------
    articles : pandas.DataFrame
        Columns ``article_id``, ``source`` and ``text`` (the cleaned text); others are
        ignored. A missing text counts as empty.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`workbench.event.SENTENCE_COLUMNS`: ``sentence_id``
        (``"<article_id>:<sentence_index>"``), ``article_id``, ``source``,
        ``sentence_index`` (0-based within the article), ``paragraph_index`` (0-based,
        paragraphs as in :func:`paragraph_spans`), ``start`` and ``end`` (offsets into
        the article's ``text``), ``relative_position`` (``sentence_index / (n - 1)``,
        0.0 for an article of one sentence) and ``text``. Integer columns are int64,
        ``relative_position`` float64. Articles in input order, sentences in text order.

    Raises
    ------
    ColumnError
        If a required column is missing.
    """
    missing = [name for name in ("article_id", "source", "text") if name not in articles]
    if missing:
        raise ColumnError(
            problem(
                "articles table",
                f"missing column(s) {', '.join(map(repr, missing))}",
                field=missing[0],
                fix="pass a table with columns article_id, source and text",
            ),
            field=missing[0],
        )
    columns: dict[str, list] = {name: [] for name in SENTENCE_COLUMNS}
    for article_id, source, text in zip(
        articles["article_id"], articles["source"], articles["text"], strict=True
    ):
        text = text if isinstance(text, str) else ""
        spans = split_sentences(text)
        paragraph_starts = [start for start, _ in paragraph_spans(text)]
        last = max(len(spans) - 1, 1)
        for index, (start, end) in enumerate(spans):
            columns["sentence_id"].append(f"{article_id}:{index}")
            columns["article_id"].append(article_id)
            columns["source"].append(source)
            columns["sentence_index"].append(index)
            columns["paragraph_index"].append(bisect_right(paragraph_starts, start) - 1)
            columns["start"].append(start)
            columns["end"].append(end)
            columns["relative_position"].append(index / last)
            columns["text"].append(text[start:end])
    table = pd.DataFrame(columns, columns=SENTENCE_COLUMNS)
    integer = ["sentence_index", "paragraph_index", "start", "end"]
    table[integer] = table[integer].astype("int64")
    table["relative_position"] = table["relative_position"].astype("float64")
    for name in ("sentence_id", "article_id", "source", "text"):
        table[name] = table[name].astype(object)
    return table
