"""Where each source stands on each claim of an event: agree, disagree, discuss or absent.

The grid answers the question the teaching annotations ask of every article and claim:
does the outlet assert the claim in its own voice (``agree``), dispute it
(``disagree``), report it as someone's claim without taking a side (``discuss``), or
leave it out (``absent``)? :func:`claim_sentence_scores` reads every sentence against
every claim and keeps what it found, so that each cell of :func:`claim_stance_table`
names its evidence (:func:`claim_evidence`).

1. Is the sentence about the claim?
    The claim's content words (stop words and negations dropped, a light stemmer; a
    derived form counts as the word: *Russia*/*Russian*, *protect*/*protection*, an
    ending of at most five letters, so not the compound *WaterAssist* for *water*) are
    weighted by their inverse document frequency over the event's sentences; a word no
    sentence uses gets no weight, since it cannot tell sources apart. A name of an event
    target in the claim stands for all the target's aliases (*Russia* matches *Moscow*
    and *the Kremlin*); a word inside the name of an organisation or person among the
    targets is not the claim's word (*Water* in *Orrin Water*). ``overlap`` is the
    weighted share of the claim found in the sentence. A claim's word is also found as a
    near-synonym (:data:`NEAR_SYNONYMS`, a small lexicon of common news paraphrases:
    *talks*/*negotiations*, *making progress*/*moving forward*, *meeting*/*gathering*,
    *raise*/*rise*/*increase*); *make* in a claim is a light verb, not a term (*making
    progress*), as sklearn's list already has *made*. A claim's word is found as its
    opposite too (:data:`OPPOSITES`, a small lexicon of antonyms of common news
    predicates: *making progress*/*stalled*, *rise*/*fall*, *protect*/*harm*;
    :data:`OPPOSITE_DEGREES`: *sharply*/*slightly*), where the same clause names the
    claim's subject: the sentence is about the claim and says its opposite. ``related``
    is ``overlap`` discounted where the shipped FNC-1 model (:mod:`workbench.claims`)
    finds the sentence unrelated (:data:`MODEL_WEIGHT`) and scaled down where the
    sentence holds less than :data:`PREDICATE_SHARE` of the claim's predicate
    (``predicate_overlap``, weighted as ``overlap``): sharing the subject and a common
    word of the predicate (*Households in Orrin will pay more for their water* / *Orrin
    households waste water*) is not taking the claim up. What comes before the claim's
    first auxiliary (*The strike* | *was a mistake*), or before its first verb in the
    past (*-ed* or a common irregular form, not after *the*: *Orrin Water* | *neglected
    repairs*; adverbs right before it go with it: *Russia* | *deliberately targeted*),
    is its subject: a sentence that only names the subject says nothing about the claim
    (``cue="subject only"``). For a negated claim (*"... were not in immediate
    danger"*), only a sentence that uses the negated words can say it or its opposite
    (``cue="outside negation"``).
2. Who says it?
    A sentence is split into coordinated clauses (at ``;``, ``:``, *, and*, *, but*,
    *while*, ...) and the clause holding most of the claim's weight is read. The claim's
    words are ``quoted`` when they sit inside quote marks (direct quotes and speakers
    from :func:`workbench.quotes.find_quotes`), ``reported`` when the clause attributes
    them (a reporting verb, *according to*, *the claim that*), else ``authorial``. The
    reporting verb carries the outlet's distance (Bergler 1992, "Evidentials and
    belief"): a plain *said*, *told*, *expects*, *according to* passes information on
    (``cue="adopted"``, the outlet takes it as given); *claimed*, *accused*, *insisted*,
    *called it*, *warned*, *condemned*, a second voice in the sentence (*X says ...; Y
    says ...*), a clause of the outlet's answering it (*X says ..., but ...*, unless the
    answer contradicts the report: see 3.), or a hedge (*may*, *whether*, *disputed*, *I
    was told*, *could not be verified*, and a purpose rather than an outcome: *meant
    to*, *designed to*, *is supposed to*, *aims to*) mark it as one side's claim
    (``cue="attributed"``: ``discuss``); in the outlet's own voice they leave it open
    (``cue="hedge"``). So does a source the outlet does not name (*a source close to the
    investigation told ...*, *an official who asked not to be named*). A reporting word
    after *without* is none (*announced without warning*). A denial (*officials
    dismissed suggestions that X*, *Russia denies X*) is its speaker saying the opposite
    of X.
3. For or against?
    A negation in the same clause and within four words of the claim's words (``not``,
    ``no``, ``never``, ``nor``, *anything but*; a refusal, *refused to*, *declined to*,
    *failed to*, when the verb after *to* is the claim's: *refused to share their
    measurements* / *has offered to share its measurements*) says the opposite, unless
    the claim is itself negated, and so does a word of the claim said as its opposite
    (*the talks have stalled*, ``cue="antonym"``; both together, *have not stalled*, say
    the claim; a claim of something done is neither denied nor said by a general
    statement in the present, every negation after *is*/*are*: *Civilians are not
    targets* leaves it open, ``cue="hedge"``); refuting words (*false*, *untrue*, *a lie*,
    *no evidence*, *so-called*, *propaganda*, *not credible*, *ignores the facts*)
    dispute what the clause says. A
    reported claim that the outlet frames with refuting words (*"propagandists repeated
    the old story that X"*, *"statements calling it X ignore the facts"*), or refutes in
    the next sentence (*"... claimed that X." "This is a lie."*, or elliptically: *"They
    are not: ..."*), is disputed in the outlet's own voice. So is a report that the
    outlet answers, in a contrast clause (*, but*, *, yet*, *, although*) or in the next
    sentence (opening with *But*, *Yet* or *However*), with words of its own that
    contradict it: the answer calls the report false (refuting words, *but it will not*)
    or says at least half of the claim's predicate (weighted) with the other polarity,
    through a negation or an opposite; the answer decides (``cue="countered"``,
    ``"countered next"``): *"The ministry says the tariff will barely move prices, but
    shop prices have already risen 8%"* agrees that the tariff raises prices. An answer
    that does not contradict the report (*..., but both sides will meet again*) leaves
    it attributed.

The word lists (:data:`NEAR_SYNONYMS`, :data:`OPPOSITES`, :data:`OPPOSITE_DEGREES`, the
refusals and the irregular past forms) are read once, at import, from
``workbench/lexicons/claims.yaml``, whose comments say what each does and how it was
written; the patterns of cues (refuting, hedging and reporting words, denials) are logic and
stay in the code.

The cell. An article takes up a claim when one of its sentences is at least
:data:`RELATED_THRESHOLD` related, and the model, reading each of the source's articles
whole, does not call them unrelated with :data:`BODY_UNRELATED` certainty (unless one of
its sentences holds every term of the claim, ``overlap`` 1, or takes the claim up holding
every term of its predicate, ``predicate_overlap`` 1: the model judges relatedness by
shared words and cannot see a paraphrase); otherwise the cell is ``absent``. Once it
does, each of its sentences at least :data:`SUPPORT_THRESHOLD` related counts. The
outlet's own voice decides first: if a sentence that takes up the claim by itself (at
least :data:`RELATED_THRESHOLD` related) asserts or disputes it in the outlet's voice,
the label is ``agree`` or ``disagree``, whichever has the strongest such sentence
(``related × weight``). Otherwise the strongest of the adopted, attributed and hedged sentences
decides, with :data:`WEIGHTS`; an article that passes on voices on both sides without
taking one ``discuss``-es (``cue="two sides"``). ``evidence`` lists the counting
sentences, those behind the label first, strongest first; ``confidence`` is the label's
share of the deciding sentences' strength times how related its best sentence is.

The thresholds and weights were set on the development events in
``tests/fixtures/claim-stance-dev`` (written for that purpose, not fitted: a handful of
values compared by hand); the teaching events' annotations are the held-out check
(``tests/test_comparison.py``), though not a clean one for the cue lists, which were
written while reading those events' errors too. The same holds for the second round of
rules: the near-synonym lexicon, the purpose hedges, *ignores the facts*, the body gate
giving way to a sentence that holds the whole claim, and the own voice deciding only in
a sentence that takes up the claim were picked by reading the misses on the teaching
events (paraphrases read ``absent``, hedged purposes read as asserted, a passing
sentence of the outlet's outvoting the report it gave). They were then checked on the
development events, with a fourth one (``tarrow-ferry-talks``) written from scratch for
these phenomena. Some groups of the lexicon answer those misses (*talks*/*negotiations*,
*progress*/*move forward*, *meeting*/*gathering*, *commander*/*officer*, *raise*/*rise*,
*protect*/*save*), the others are common paraphrases of the same kind; no value was fitted
to the teaching annotations, but the choice of what to handle is not blind to them.
The third round, opposites (:data:`OPPOSITES`, :data:`OPPOSITE_DEGREES`) and a report
answered by a contrast clause that contradicts it, was picked by reading the teaching
misses too (a claim disputed with an opposite of its predicate; a report of a claim answered
in the same sentence with the outlet's figures), written as a general lexicon and rules
(not from any event's sentences), and checked on a fifth development event written from
scratch for it (``halden-rail-talks``, labelled before the grid was run on it). The
clause and weight conditions (an opposite in one clause with the subject; an answer that
says half of the predicate) were set by reading the rules' false hits on the benchmark
articles. On the teaching events it changes no cell: the answer in the miss that led to the
contrast rule says the effect will be *small*, left out of :data:`OPPOSITE_DEGREES`, and
holds less than half of the claim's predicate.
``window_overlap`` (the claim's share in a sentence and its neighbours) is reported for
reading, not used: counting it did not help on the development events.

The fourth round was picked for generalisation, with a split. The stance development
events (``tests/fixtures/stance-dev``) got claims and claim labels after every rule
above (132 cells, never tuned on), where the grid read 88 (0.67). Two of them,
``orrin-water-bills`` and ``tessel-dam``, joined the five ``claim-stance-dev`` events as
the development set; the other two, ``dockers-strike`` and ``kestrel-bus-fares``, were
held out, their misses unread until the rules were chosen, and measured once. Chosen by
reading the development misses, each kept for reading its cases by rule (cells gained on
the development set in brackets): *without* (2), the body gate giving way to a sentence
with the whole predicate (2), refusals (1), the elliptic denial (1), unnamed sources
(1), the longest ending (1), :data:`PREDICATE_SHARE` (1: a scale at 0.3 against 0.4 -
0.6, a hard floor at 0.3 - 0.5 and weighting the subject's words down by 0.35 - 0.75
were all within two cells of each other, the floor costing paraphrases), the subject
ending at a verb in the past (0: claims without an auxiliary took only their first word
as subject, so *sent tanks to the river* took up *the river's flow ... fell*), irregular
forms of *rise*/*fall* in :data:`NEAR_SYNONYMS` and *third* as a content word (sklearn's
list has it; 0), and the words of an organisation's or person's name (-1: kept all the
same, the cells it lost were taken up through *Water* in *Orrin Water*). Development:
162 -> 170 of 200 cells (``orrin-water-bills`` 15 -> 18 of 30, ``tessel-dam`` 24 -> 26
of 32, ``halden-rail-talks`` 44 -> 45, ``orrin-plant-fire`` 16 -> 17,
``tarrow-ferry-talks`` 19 -> 20, the other two unchanged). Held out: 49 -> 48 of 70
(``dockers-strike`` 26 -> 25 of 35, ``kestrel-bus-fares`` 23 -> 23; 8 cells changed, 3
to right, 4 to wrong, 1 wrong either way, most of them cells the grid now leaves
``absent``): the round does not carry over to claims it was not chosen on, and stands
for the cases it reads by rule, not for a score. No teaching cell changed (82 of 92).

The fifth round was picked by reading a teaching miss (a ministry's "at most 3%" read as
agreeing that prices will rise *significantly*) and built on a development event written
and labelled for it first (``sella-rent-rules``): upper bounds are degrees (*at most*, *no
more than* in :data:`OPPOSITE_DEGREES`), and a degree counts only within
:data:`DEGREE_WINDOW` words of another word of the claim's predicate (*at most 40 people
attended the hearing on rents* bounds the people); *go up* says *rise*; a *not* that opens
a hedge (*is not yet known*, *could not be verified*) leaves the claim open instead of
denying it. Development: ``sella-rent-rules`` 9 -> 11 of 15, every other development
event unchanged. Teaching: 82 -> 83 of 92 (``financial-review`` *raises_prices*, now
``discuss``).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from workbench.errors import ModelError, problem, require_columns
from workbench.stance import CLAIM_STANCE_COLUMNS
from workbench.terms import LEXICON_DIR, lexicon_words, read_lexicon

__all__ = [
    "CLAIM_SENTENCE_COLUMNS",
    "CLAIM_EVIDENCE_COLUMNS",
    "CLAIM_STANCE_COLUMNS",
    "RELATED_THRESHOLD",
    "SUPPORT_THRESHOLD",
    "PREDICATE_SHARE",
    "MODEL_WEIGHT",
    "BODY_UNRELATED",
    "WEIGHTS",
    "NEAR_SYNONYMS",
    "OPPOSITES",
    "OPPOSITE_DEGREES",
    "ClaimTerms",
    "claim_terms",
    "claim_sentence_scores",
    "claim_stance_table",
    "claim_evidence",
]

#: Columns of :func:`claim_sentence_scores`, one row per claim × sentence.
#:
#: - ``overlap``, ``window_overlap``: weighted share of the claim's terms found in the
#:   sentence (and in it and its neighbours); ``matched``: those terms (a term said as its
#:   opposite included); ``predicate_overlap``: weighted share of the claim's predicate
#:   (its terms but the subject's) found in the sentence.
#: - ``related``: ``overlap`` blended with the model (:data:`MODEL_WEIGHT`) and scaled by
#:   the share of the predicate (:data:`PREDICATE_SHARE`).
#: - ``voice``: ``authorial``, ``reported`` or ``quoted``; ``speaker`` when quoted.
#: - ``cue``: what decided the verdict: ``assert``, ``negation``, ``antonym``, ``refute``,
#:   ``discredited``, ``refuted next``, ``countered``, ``countered next`` (the outlet's own
#:   voice, :data:`OWN_VOICE_CUES`),
#:   ``hedge``, ``attributed``, ``adopted``; for ``unrelated`` sentences that share
#:   words with the claim, ``subject only`` or ``outside negation``. (In
#:   :func:`claim_evidence`, ``two sides`` marks adopted sentences read as a dispute.)
#: - ``polarity``: +1 if what the clause says is the claim, -1 if it is its opposite.
#: - ``label``: the sentence's verdict, ``agree``, ``disagree``, ``discuss`` or
#:   ``unrelated``; ``weight``: its weight in the cell (:data:`WEIGHTS`).
#: - ``model_label``, ``p_*``: the FNC-1 model on the sentence; ``body_p_*``: on the
#:   sentence's whole article. The model reads only the sentences that can count in the
#:   grid (``label`` other than ``unrelated``) and their articles: elsewhere
#:   ``model_label`` is ``""``, the probabilities are NaN and ``related`` is the
#:   undiscounted ``overlap``.
CLAIM_SENTENCE_COLUMNS = [
    "claim_id",
    "sentence_id",
    "article_id",
    "source",
    "sentence_index",
    "paragraph_index",
    "start",
    "end",
    "overlap",
    "window_overlap",
    "predicate_overlap",
    "related",
    "voice",
    "speaker",
    "cue",
    "polarity",
    "label",
    "weight",
    "matched",
    "model_label",
    "p_agree",
    "p_disagree",
    "p_discuss",
    "p_unrelated",
    "body_p_agree",
    "body_p_disagree",
    "body_p_discuss",
    "body_p_unrelated",
]

#: Columns of :func:`claim_evidence`; ``start``/``end`` index the article's ``text``.
CLAIM_EVIDENCE_COLUMNS = [
    "sentence_id",
    "article_id",
    "sentence_index",
    "start",
    "end",
    "label",
    "voice",
    "speaker",
    "cue",
    "related",
    "weight",
    "counts",
    "matched",
]

#: An article takes up a claim when one of its sentences is at least this related.
RELATED_THRESHOLD = 0.4

#: Once it does, its sentences at least this related count for the cell.
SUPPORT_THRESHOLD = 0.25

#: A sentence that holds less than this (IDF-weighted) share of the claim's predicate is
#: that much less related: ``related`` is scaled by ``min(1, predicate_overlap /
#: PREDICATE_SHARE)``. A sentence that shares the claim's subject and a common word of its
#: predicate ("Households in Orrin will pay more for their water" / "Orrin households
#: waste water") does not take the claim up.
PREDICATE_SHARE = 0.3

#: Share of ``related`` that comes from the model: ``related = overlap × (1 − w + w ×
#: (1 − p_unrelated))``. The model calls nearly every sentence related, so it can only
#: discount the few it finds unrelated; 0.25 did no worse than 0 on the development events
#: and slightly better at lower thresholds.
MODEL_WEIGHT = 0.25

#: A source whose articles the model, reading each whole, calls unrelated to a claim with
#: at least this probability leaves the claim out, whatever words they share with it.
#: (On the development events all 15 cells the model was this sure of were ``absent``.)
BODY_UNRELATED = 0.9

#: Weight of a sentence's verdict in its cell, by how the outlet says it.
WEIGHTS = {
    "authorial": 1.0,  # asserted or disputed in the outlet's own voice
    "adopted": 0.8,  # passed on from a source without distance
    "reported": 0.7,  # reported as one side's claim: discuss
    "hedged": 0.7,  # in the outlet's voice but left open: discuss
}

#: Cues of a verdict in the outlet's own voice (these decide a cell first).
OWN_VOICE_CUES = frozenset(
    {"assert", "negation", "antonym", "refute", "discredited", "refuted next", "countered",
     "countered next"}
)  # fmt: skip

_LABELS = ("agree", "disagree", "discuss")
#: Number words, read as digits.
_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
} | {"twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "hundred": "100"}
#: scikit-learn's English stop words without its content words ("fire", "system", ...).
_STOP_WORDS = (
    frozenset(ENGLISH_STOP_WORDS)
    - {"amount", "bill", "bottom", "cry", "detail", "empty", "fill", "fire", "front", "full",
       "interest", "mill", "move", "serious", "side", "system", "thick", "thin", "third", "top"}
    - set(_NUMBER_WORDS)
) | {"s", "t", "said", "make", "makes", "making"}  # fmt: skip
_NEGATIONS = frozenset({"not", "no", "never", "nor", "none", "nothing", "nobody", "neither"})

#: The file the claim grid's word lists are read from (:func:`_read_claim_lexicon`).
_LEXICON_FILE = LEXICON_DIR / "claims.yaml"


class _ClaimLexicon(NamedTuple):
    """The word lists of ``workbench/lexicons/claims.yaml``, as tuples in the file's order."""

    near_synonyms: tuple[tuple[str, ...], ...]
    opposites: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    opposite_degrees: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    refusals: tuple[str, ...]
    irregular_past: tuple[str, ...]


def _lexicon_error(path: Path, key: str, what: str) -> ModelError:
    return ModelError(
        problem(
            path,
            what,
            field=key,
            fix="write every list as the comments at the top of the file describe, quoting "
            'YAML keywords such as "no" and "on"',
        ),
        field=key,
    )


def _lexicon_list(lexicon: dict, path: Path, key: str) -> list:
    value = lexicon.get(key)
    if not isinstance(value, list) or not value:
        raise _lexicon_error(path, key, f"must be a non-empty list; found {value!r:.80}")
    return value


def _lexicon_tokens(lexicon: dict, path: Path, key: str) -> tuple[str, ...]:
    """A list of single lower-case words, matched against lower-cased tokens as they are."""
    words = lexicon_words(lexicon, key, path, non_empty=True)
    bad = [word for word in words if word != word.lower() or len(word.split()) != 1]
    if bad:
        raise _lexicon_error(path, key, f"entries must be single lower-case words: {bad[:3]!r}")
    return words


def _lexicon_pairs(
    lexicon: dict, path: Path, key: str
) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """A list of pairs of sides, each side a list of expressions."""
    pairs = []
    for number, pair in enumerate(_lexicon_list(lexicon, path, key), 1):
        if not isinstance(pair, list) or len(pair) != 2:
            raise _lexicon_error(
                path, key, f"pair {number} must be a list of two sides; found {pair!r:.80}"
            )
        one, other = (
            lexicon_words(
                lexicon, key, path, value=side, part=f"pair {number}, side {n}", non_empty=True
            )
            for n, side in enumerate(pair, 1)
        )
        pairs.append((one, other))
    return tuple(pairs)


def _read_claim_lexicon(path: Path = _LEXICON_FILE) -> _ClaimLexicon:
    """The claim grid's word lists, read from *path* and checked.

    Raises
    ------
    ModelError
        Naming the file and the list, if the file is missing, is not a mapping, or a list
        is not of the shape the comments at the top of ``claims.yaml`` describe.
    """
    path = Path(path)
    lexicon = read_lexicon(path)
    groups = []
    for number, group in enumerate(_lexicon_list(lexicon, path, "near_synonyms"), 1):
        words = lexicon_words(
            lexicon, "near_synonyms", path, value=group, part=f"group {number}", non_empty=True
        )
        if len(words) < 2:
            raise _lexicon_error(
                path, "near_synonyms", f"group {number} needs two expressions; found {group!r}"
            )
        groups.append(words)
    return _ClaimLexicon(
        near_synonyms=tuple(groups),
        opposites=_lexicon_pairs(lexicon, path, "opposites"),
        opposite_degrees=_lexicon_pairs(lexicon, path, "opposite_degrees"),
        refusals=_lexicon_tokens(lexicon, path, "refusals"),
        irregular_past=_lexicon_tokens(lexicon, path, "irregular_past"),
    )


@lru_cache(maxsize=1)
def _claim_lexicon() -> _ClaimLexicon:
    """The shipped claims lexicon, read when first needed: a malformed ``claims.yaml`` fails
    the claim grid (and the names below), not ``import workbench``."""
    return _read_claim_lexicon(_LEXICON_FILE)


@lru_cache(maxsize=1)
def _refusals() -> frozenset[str]:
    """Verbs that, before *to*, say that what follows is not done ("refused to share");
    ``claims.yaml``: ``refusals``."""
    return frozenset(_claim_lexicon().refusals)


@lru_cache(maxsize=1)
def _irregular_past() -> frozenset[str]:
    """Common irregular verbs in the past tense (the simple past, or a participle that
    differs from the present), for finding where a claim's subject ends; ``claims.yaml``:
    ``irregular_past``."""
    return frozenset(_claim_lexicon().irregular_past)


#: The module's names read from ``claims.yaml`` on first use (:func:`__getattr__`).
_LAZY_NAMES: dict[str, Callable[[], object]] = {
    "NEAR_SYNONYMS": lambda: _claim_lexicon().near_synonyms,
    "OPPOSITES": lambda: _claim_lexicon().opposites,
    "OPPOSITE_DEGREES": lambda: _claim_lexicon().opposite_degrees,
    "_REFUSALS": _refusals,
    "_IRREGULAR_PAST": _irregular_past,
}


def __getattr__(name: str) -> object:
    """The word lists of ``claims.yaml`` (:data:`NEAR_SYNONYMS`, ...), read on first use."""
    if name in _LAZY_NAMES:
        return _LAZY_NAMES[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Near-synonyms that news writing uses for one another when it retells a claim: a claim's
#: word in a group is also found as any other expression of the group (a phrase as its
#: words in a row), each in any form the stemmer joins (*negotiate*, *negotiations*).
#: Read from ``workbench/lexicons/claims.yaml`` (``near_synonyms``), a general resource,
#: written as a list of common paraphrases of news predicates and nouns, not from the
#: sentences of any event: one sense per group, words with a second common sense in the
#: news left out (*release* a statement, *deal*, *strike*), and opposites too.
NEAR_SYNONYMS: tuple[tuple[str, ...], ...]  # read on first use: __getattr__

#: Opposites of common news predicates: a sentence that says a claim's word with a word of
#: the other side of its pair says the claim's opposite ("the talks are making progress" /
#: "the talks have stalled"; "prices will rise" / "prices will fall"; "X protects farms" /
#: "X harms farms"), and with the opposite negated ("have not stalled") says the claim. A
#: claim's word is on a side when it is one of the side's single words in some form; each
#: expression is matched as in :data:`NEAR_SYNONYMS`. Read from
#: ``workbench/lexicons/claims.yaml`` (``opposites``), with the same discipline as the
#: near-synonyms (one sense per pair, words with a second common sense in the news left
#: out). An opposite counts only in one clause with a word of the claim's subject (or, for
#: a claim without one, another of its words; no comma, *that*, *which*, ... between
#: them): "costs have fallen" says nothing of "fares will rise".
OPPOSITES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # read on first use

#: Opposite degrees ("rise significantly" / "rise slightly", "barely rise"), read from
#: ``workbench/lexicons/claims.yaml`` (``opposite_degrees``). A degree says something only
#: of what it qualifies, so its opposite counts only in a clause that also holds another
#: word of the claim's predicate in the claim's own words. *small* is left out: it is as
#: often the size of a thing (*small farms*) as of an amount.
OPPOSITE_DEGREES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # read on first use
#: How near (in words) an opposite degree must stand to another word of the claim's
#: predicate to qualify it: "rise by at most 2%" does, "at most 40 people attended the
#: hearing on rents" does not (the negation's window, "within four words", too).
DEGREE_WINDOW = 4
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+(?:['’][A-Za-z]+)*")
_CLAUSE_BREAK = re.compile(r"[,;:()\"—–]|\s-\s")
_CLAUSE_WORDS = frozenset(
    {"but", "while", "whereas", "although", "though", "because", "that", "which", "who", "whom"}
)
#: Where a sentence splits into coordinated clauses.
_SEGMENT_BREAK = re.compile(
    r";\s*|:\s+|,\s+(?=(?:and|but|yet|while|whereas|although|though)\b(?!\s+that\b))"
    r"|\s+(?=(?:while|whereas|although)\s)",
    re.IGNORECASE,
)
#: Auxiliaries of a claim about something done ("was", "did").
_PAST_AUXILIARIES = frozenset({"was", "were", "did", "had"})
#: Auxiliary verbs: in a claim, what comes before the first one is its subject.
_AUXILIARIES = frozenset(
    {"is", "are", "was", "were", "will", "would", "has", "have", "had", "can", "could", "may",
     "might", "must", "should", "does", "did", "be"}
)  # fmt: skip
#: Negations written as phrases.
_NEGATION_PHRASES = re.compile(r"\b(?:anything but|far from|rather than|instead of)\b")
#: Words that call something false.
_REFUTING = re.compile(
    r"\b(?:false(?:ly)?|untrue|(?:a|the|cynical|outright|big|blatant)\s+lie"
    r"|lies\b(?!\s+(?:with|in|on|at|ahead|behind))|lying|myths?|baseless|unfounded|groundless"
    r"|bogus|hoax|nonsense|fabricat\w*|debunked|propagand\w*|so-called|not\s+credible"
    r"|no\s+evidence|without\s+(?:\w+\s+)?any\s+evidence|fake"
    r"|ignor(?:e|es|ed|ing)\s+(?:the\s+|all\s+the\s+)?(?:\w+\s+)?(?:facts?|data|evidence))\b",
    re.IGNORECASE,
)
#: Words that leave a statement open.
_HEDGING = re.compile(
    r"\b(?:may|might|could|whether|perhaps|possibly|reportedly|allegedly|alleged|apparently"
    r"|unclear|not\s+(?:yet\s+)?(?:known|clear)|too\s+early|cannot\s+(?:yet\s+)?(?:rule\s+out"
    r"|judge|say)|remains\s+to\s+be\s+seen|unverified|not\s+be\s+(?:independently\s+)?verified"
    r"|divided|disputed|(?:was|were|been|being|am|is|are)\s+told"
    r"|(?:meant|intended|designed|supposed|aim(?:s|ed)?|seek(?:s|ing)?|sought)\s+to)\b",
    re.IGNORECASE,
)
#: Reporting verbs that pass information on.
_NEUTRAL_VERBS = (
    r"say|says|said|saying|tell|tells|told|add|adds|added|explain(?:s|ed)?|note[sd]?"
    r"|announce[sd]?|confirm(?:s|ed)?|state[sd]|estimates?|estimated|expects?|expected"
    r"|put\s+(?:the\s+)?(?:\w+\s+)?at|according\s+to|reports?|reported|wrote|writes|cites?|cited"
)
#: Reporting verbs and nouns that mark a statement as one side's.
_CONTEST_VERBS = (
    r"claims?|claimed|claiming|alleg\w+|accus\w+|insist(?:s|ed)?|den(?:y|ies|ied)|denial"
    r"|reject(?:s|ed)?|disput\w+|dismiss(?:es|ed)?|(?<!so-)call(?:s|ed|ing)?|describ\w+"
    r"|brand(?:s|ed)?|warn(?:s|ed|ing)?|argu\w+|believes?|hopes?|suggest(?:s|ed|ions?)?"
    r"|condemn(?:s|ed)?|version|account|story|narrative|view|critics|observers"
    # a source the outlet does not name
    r"|(?:a|an|one|two|several|unnamed|anonymous)\s+sources?|sources\s+(?:close|familiar)"
    r"|on\s+condition\s+of\s+anonymity|not\s+(?:authori[sz]ed\s+to\s+speak|to\s+be\s+named)"
)
_REPORTING = re.compile(
    rf"\b(?P<contest>{_CONTEST_VERBS})\b|\b(?P<neutral>{_NEUTRAL_VERBS})\b", re.IGNORECASE
)
#: A clause in which the outlet answers what the clause before reported ("..., but").
_CHALLENGE = re.compile(r"\s*(?:but|yet|although|though)\b", re.IGNORECASE)
#: A denial of what follows: the speaker says its opposite ("rejected claims that X").
#: Not built from :data:`workbench.roles.DENYING_VERBS` / ``DENIED_NOUNS`` / ``_DENIAL_GLUE``
#: on purpose: here *dispute(d)* is a hedge or a noun ("is also disputed", "the dispute
#: between", :data:`_CONTEST_VERBS`), not a denial, and *rebut* is one; the roles lists also
#: take *fears*, *warnings*, *predictions* and *firmly*/*flatly* before the noun. Built from
#: them, the claim grids change (a teaching corpus's label among them).
_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refut(?:es?|ed|ing)"
    r"|rebut(?:s|ted)?)\b(?:\s+(?:the|all|any|its|their|such)?\s*(?:claims?|suggestions?"
    r"|accusations?|allegations?|reports?|charges?|ideas?|notion)\b)?",
    re.IGNORECASE,
)
#: A sentence that answers the one before ("But ...", "However, ...").
_NEXT_CONTRAST = re.compile(r"\s*(?:but|yet|however)\b", re.IGNORECASE)
#: A contrast clause that denies what came before by ellipsis ("but it will not").
_ELLIPTIC_DENIAL = re.compile(
    r"[\s,]*(?:it|they|this|that|he|she)\s+(?:\w+\s+){0,2}?(?:not|never|\w+n['’]t)"
    r"(?:\s+(?:so|true|the\s+case))?\s*[.!]?\s*$",
    re.IGNORECASE,
)
#: The outlet speaking of itself ("we call on ...").
_SELF = frozenset({"we", "i", "our", "us"})
#: The subject of a sentence that refutes the one before.
_ANAPHORA = re.compile(
    r"^\s*(?:this|that|it|these|those|such\s+\w+|the\s+(?:claim|accusation|allegation|story"
    r"|charge|suggestion|account|version|report)s?)\b",
    re.IGNORECASE,
)


# --- words ----------------------------------------------------------------------------


def _stem(word: str) -> str:
    """A light stem: possessive, plural, -ing, -ed, -ly and a final -e taken off."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    if word[:1].isdigit() or len(word) <= 3:
        return word
    for suffix in ("ingly", "edly", "ings", "ing", "ied", "ies", "ed", "ly", "es", "s"):
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            break
        if suffix == "es" and not word.endswith(("sses", "shes", "ches", "xes")):
            word = word[:-1]  # "buses" -> "buse" -> "bus" below
        else:
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
        break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


#: The longest ending by which a sentence's word may extend a claim's word and still be it
#: (*measur-ement*, *consult-ation*; not the compound *WaterAssist* for *water*).
_MAX_ENDING = 5


@lru_cache(maxsize=65536)
def _same_stem(term: str, stem: str) -> bool:
    """Whether a sentence's *stem* is the claim's *term* in another form.

    Equal stems; or the claim's word with an ending added (*protect* → *protection*,
    *Russia* → *Russian*), but not the claim's word cut short by more than two letters
    (*production* is not *product*); or a long common start (*inspector*, *inspection*).
    """
    if term == stem:
        return True
    if term[:1].isdigit() or stem[:1].isdigit():
        return False
    shorter = min(len(term), len(stem))
    if shorter < 5:
        return False
    common = 0
    for x, y in zip(term, stem):
        if x != y:
            break
        common += 1
    if common == shorter:
        return len(stem) - _MAX_ENDING <= len(term) <= len(stem) + 2
    return common >= 6 and common >= 0.75 * shorter


@dataclass
class _Token:
    text: str
    stem: str
    start: int  # offsets into the article text
    end: int


def _tokens(text: str, offset: int = 0) -> list[_Token]:
    return [
        _Token(m.group(0).lower(), _stem_of(m.group(0)), offset + m.start(), offset + m.end())
        for m in _TOKEN.finditer(text)
    ]


def _is_negation(word: str) -> bool:
    """Whether a lower-cased token is a negation (*not*, *never*, *don't*, *cannot*, ...)."""
    return word in _NEGATION_WORDS or word.endswith(("n't", "n’t"))


#: Negations written as one word.
_NEGATION_WORDS = _NEGATIONS | {"cannot"}


def _alias_patterns(targets: pd.DataFrame | None) -> list[tuple[str, re.Pattern[str]]]:
    """One pattern per target matching its name and aliases (a leading "the" optional)."""
    if targets is None or len(targets) == 0:
        return []
    patterns = []
    for row in targets.itertuples():
        names = [str(row.name), *(str(alias) for alias in row.aliases)]
        bare = {re.sub(r"^the\s+", "", name, flags=re.IGNORECASE) for name in names if name}
        body = "|".join(re.escape(name) for name in sorted(bare, key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w-])(?:{body})(?:'s)?(?![\w-])", re.IGNORECASE)
        patterns.append((str(row.target_id), pattern))
    return patterns


# --- claims ---------------------------------------------------------------------------

#: Words after which a past participle is an adjective ("the proposed plan").
_DETERMINERS = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those",
     "any", "every", "some", "no", "all"}
)  # fmt: skip


def _is_past_verb(word: str) -> bool:
    """Whether a lower-cased token looks like a verb in the past (*neglected*, *fell*)."""
    if word in _irregular_past():
        return True
    return len(word) >= 5 and word.endswith("ed") and not word.endswith("eed")


class ClaimTerms(NamedTuple):
    """What :func:`claim_terms` finds in a claim."""

    terms: list[str]  # stems of content words and "@target" terms, in claim order
    subject: list[str]  # the terms before the claim's first auxiliary or past verb
    negated: bool  # the claim holds a negation
    scope: list[str]  # the terms the negation applies to
    past: bool = False  # the claim tells of something done ("was", "did", a verb in -ed)


@dataclass
class _Claim:
    claim_id: str
    terms: list[str]
    predicate: set[str]  # terms that say something of the subject
    negated: bool
    scope: set[str]
    weights: dict[str, float] = field(default_factory=dict)
    past: bool = False  # the claim tells of something done ("Russia deliberately targeted")


def claim_terms(text: str, *, targets: pd.DataFrame | None = None) -> ClaimTerms:
    """The content terms of a claim, its subject, and what a negation in it covers.

    Parameters
    ----------
    text : str
        The claim.
    targets : DataFrame, optional
        Event targets; a name or alias of a target becomes the term ``"@<target_id>"``,
        matched by any alias of that target.

    Returns
    -------
    ClaimTerms
        ``terms``: distinct stems of the content words and ``@target`` terms, in claim
        order; ``subject``: the terms before the first auxiliary (*is*, *was*, *will*,
        *has*, ...) or verb in the past (*neglected*, *fell*; not after a determiner, with
        the adverbs in *-ly* right before it), or the first term when there is none; ``negated``:
        whether the claim holds a negation (``not``, ``never``, ...); ``scope``: the words the
        negation applies to, the first content word after it and those right after that
        one (empty if none); ``past``: whether any of its words is *was*, *were*, *did*,
        *had* or a verb in the past.

    Examples
    --------
    >>> parts = claim_terms("People were not in immediate danger.")
    >>> parts.terms, parts.subject, parts.negated, parts.scope
    (['peopl', 'immediat', 'danger'], ['peopl'], True, ['immediat', 'danger'])
    """
    return _claim_terms(text, _alias_patterns(targets))


def _claim_terms(text: str, patterns: list[tuple[str, re.Pattern[str]]]) -> ClaimTerms:
    """:func:`claim_terms` with the targets' patterns (:func:`_alias_patterns`) at hand."""
    spans: list[tuple[int, int, str]] = []
    for target_id, pattern in patterns:
        spans += [(m.start(), m.end(), f"@{target_id}") for m in pattern.finditer(text)]
    spans.sort(key=lambda span: (span[0], -(span[1] - span[0])))
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    items: list[tuple[int, str]] = [(start, term) for start, _, term in kept]
    negation_at: int | None = None
    auxiliary_at: int | None = None
    previous = ""
    adverb_at: int | None = None  # where a run of adverbs in -ly before this token begins
    past = False
    for token in _tokens(text):
        past = past or token.text in _PAST_AUXILIARIES or _is_past_verb(token.text)
        if any(start <= token.start < end for start, end, _ in kept):
            previous, adverb_at = "@", None
            continue
        if _is_negation(token.text):
            negation_at = token.start if negation_at is None else negation_at
        elif token.text in _AUXILIARIES or (
            items and previous not in _DETERMINERS and _is_past_verb(token.text)
        ):
            # the first auxiliary, or a verb in the past ("Orrin Water neglected repairs"),
            # with the adverbs right before it ("Russia deliberately targeted ...")
            if auxiliary_at is None:
                auxiliary_at = token.start if adverb_at is None else adverb_at
            if token.text not in _AUXILIARIES and token.text not in _STOP_WORDS:
                items.append((token.start, token.stem))
        elif token.text not in _STOP_WORDS and len(token.text) > 1:
            items.append((token.start, token.stem))
        is_adverb = len(token.text) > 4 and token.text.endswith("ly")
        adverb_at = (token.start if adverb_at is None else adverb_at) if is_adverb else None
        previous = token.text
    items.sort()
    terms = list(dict.fromkeys(term for _, term in items))
    if auxiliary_at is not None:
        subject = list(dict.fromkeys(term for start, term in items if start < auxiliary_at))
    else:
        subject = terms[:1]
    if len(subject) == len(terms):
        subject = []  # nothing is said of it: every term counts as predicate
    scope: list[str] = []
    if negation_at is not None:
        # the first content word after the negation and the words right after it
        # ("not in immediate danger"; "not consulted | before the decision")
        following = [t for t in _tokens(text) if t.start > negation_at]
        for token in following:
            content = token.text not in _STOP_WORDS and not _is_negation(token.text)
            if content:
                scope.append(token.stem)
            elif scope:
                break
    return ClaimTerms(
        terms, subject, negation_at is not None, list(dict.fromkeys(scope)), past=past
    )


# --- sentences ------------------------------------------------------------------------


class _Sentence:
    """One sentence read closely: its tokens (lower-cased ``words`` with their ``starts``
    and ``ends`` in the article text), clauses and quotes. The targets named in it and the
    stems of its words are read when first asked for."""

    __slots__ = (
        "_clauses",
        "_event",
        "_negations",
        "_reports",
        "_row",
        "_segment_starts",
        "_stems",
        "ends",
        "quotes",
        "segments",
        "start",
        "starts",
        "text",
        "words",
    )  # fmt: skip

    def __init__(
        self,
        text: str,
        start: int,
        segments: list[tuple[int, int]],
        quotes: list[tuple[int, int, str | None, str | None]],
        event: _EventSentences,
        row: int,
    ):
        self.text = text
        self.start = start  # offset of the sentence in its article's text
        words, offsets = event.tokens_of(row)
        self.words = [word.lower() for word in words]
        self.starts = [start + at for at in offsets]
        # tokens are ASCII but for the apostrophe "’": lower-casing keeps their length
        self.ends = [at + len(word) for at, word in zip(self.starts, self.words)]
        self.segments = segments  # coordinated clauses, offsets in the article text
        self.quotes = quotes  # start, end, speaker, verb
        self._event = event
        self._row = row
        self._stems: list[str] | None = None
        self._negations: list[int] | None = None
        self._segment_starts = [segment[0] for segment in segments]
        self._clauses: dict[tuple[int, int], _Clause] = {}
        self._reports: dict[tuple[int, int], tuple[bool, frozenset[str]]] = {}

    @property
    def targets(self) -> dict[str, list[tuple[int, int]]]:
        """Target id -> spans (offsets in the article text) of the targets named."""
        return self._event.targets[self._row]

    @property
    def named(self) -> frozenset[int]:
        """Positions of the tokens inside a name (:meth:`_EventSentences.named`)."""
        return self._event.named(self._row) if self._event._name_targets else frozenset()

    @property
    def stems(self) -> list[str]:
        if self._stems is None:
            self._stems = [_stem_of(word) for word in self.words]
        return self._stems

    def segment_of(self, index: int) -> tuple[int, int]:
        """The clause (of :attr:`segments`) holding token *index*; the last if none does."""
        at = self.starts[index]
        number = bisect.bisect_right(self._segment_starts, at) - 1
        # the segments are sorted and do not overlap
        if number >= 0 and at < self.segments[number][1]:
            return self.segments[number]
        return self.segments[-1]

    def reported(self, main: tuple[int, int]) -> tuple[bool, frozenset[str]]:
        """What :func:`_reported` finds in the clause *main*."""
        found = self._reports.get(main)
        if found is None:
            found = self._reports[main] = _reported(self, main)
        return found

    def clause(self, main: tuple[int, int]) -> _Clause:
        """What :func:`_read` finds in the clause *main* whatever the claim."""
        found = self._clauses.get(main)
        if found is None:
            found = self._clauses[main] = _read_clause(self, main)
        return found

    @property
    def negations(self) -> list[int]:
        """Positions of the negation tokens."""
        if self._negations is None:
            words = self.words
            self._negations = [
                i
                for i, word in enumerate(words)
                if (
                    word in _NEGATION_WORDS
                    or word.endswith(("n't", "n’t"))
                    or (word in _refusals() and i + 1 < len(words) and words[i + 1] == "to")
                )
                and not _opens_hedge(words, i)
            ]
        return self._negations


#: What follows a *not* that leaves a statement open rather than denying it ("whether
#: owners will sell up is not yet known", "could not be verified"): the hedge
#: (:data:`_HEDGING`) decides, not a negation.
_HEDGE_AFTER_NOT = frozenset({"known", "clear", "certain", "verified"})


def _opens_hedge(words: list[str], at: int) -> bool:
    """Whether the negation at *at* opens a hedge (*not yet known*, *not clear*, *not be
    independently verified*)."""
    if words[at] != "not":
        return False
    following = [w for w in words[at + 1 : at + 4] if w not in {"yet", "be", "independently"}]
    return bool(following) and following[0] in _HEDGE_AFTER_NOT


def _segments(text: str, offset: int) -> list[tuple[int, int]]:
    cuts = [0, *(m.end() for m in _SEGMENT_BREAK.finditer(text)), len(text)]
    return [(offset + a, offset + b) for a, b in pairwise(cuts) if text[a:b].strip()]


def _article_texts(sentences: pd.DataFrame, only: set[str] | None = None) -> dict[str, str]:
    """The article texts that the sentence offsets index, rebuilt from the sentences (of
    the articles *only*, if given), in order of appearance."""
    article = pd.factorize(sentences["article_id"])[0]  # in order of appearance; NaN: -1
    ids = sentences["article_id"].to_list()
    if only is not None:
        article = np.where([i in only for i in ids], article, -1)
    starts = sentences["start"].to_numpy()
    order = np.lexsort((starts, article))
    order = order[article[order] >= 0].tolist()
    start_of = [int(start) for start in starts.tolist()]
    text_of = [str(text) for text in sentences["text"].to_list()]
    paragraph_of = sentences["paragraph_index"].to_list()
    texts: dict[str, str] = {}
    parts: list[str] = []
    position = 0
    previous = None
    for number, row in enumerate(order):
        if number == 0 or article[row] != article[order[number - 1]]:
            parts, position, previous = [], 0, None
        gap = max(0, start_of[row] - position)
        parts.append(("\n" if previous not in (None, paragraph_of[row]) else " ") * gap)
        parts.append(text_of[row])
        position = start_of[row] + len(text_of[row])
        previous = paragraph_of[row]
        if number == len(order) - 1 or article[row] != article[order[number + 1]]:
            texts[ids[row]] = "".join(parts)
    return texts


def _outside_quotes(sentence: _Sentence, start: int, end: int) -> str:
    """The text of ``[start, end)`` with quoted words blanked out."""
    chars = list(sentence.text[start - sentence.start : end - sentence.start])
    for q_start, q_end, _, _ in sentence.quotes:
        for position in range(max(start, q_start - 1), min(end, q_end + 1)):
            chars[position - start] = " "
    return "".join(chars)


def _expression_stems(expressions: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """The stems of the words of each expression (a phrase as its stems in a row)."""
    return tuple(
        tuple(_stem(word) for word in _TOKEN.findall(expression)) for expression in expressions
    )


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """:data:`NEAR_SYNONYMS` as stems: per group, the stems of each expression."""
    return tuple(_expression_stems(group) for group in _claim_lexicon().near_synonyms)


@lru_cache(maxsize=4096)
def _forms(term: str) -> tuple[tuple[str, ...], ...]:
    """The ways a sentence can say a claim's *term*: the term itself, then the other
    expressions (stems in a row) of the :data:`NEAR_SYNONYMS` groups it is a word of."""
    forms = [(term,)]
    if term.startswith("@") or term[:1].isdigit():
        return tuple(forms)
    for group in _lexicon():
        if any(len(words) == 1 and _same_stem(words[0], term) for words in group):
            forms += [words for words in group if words != (term,)]
    return tuple(dict.fromkeys(forms))


@lru_cache(maxsize=1)
def _opposite_lexicon() -> tuple[tuple[tuple[tuple[str, ...], ...], ...], ...]:
    """:data:`OPPOSITES` and :data:`OPPOSITE_DEGREES` as stems: per pair, its two sides,
    each the stems of its expressions (the degrees' pairs after the others')."""
    lexicon = _claim_lexicon()
    return tuple(
        tuple(_expression_stems(side) for side in pair)
        for pair in (*lexicon.opposites, *lexicon.opposite_degrees)
    )


@lru_cache(maxsize=4096)
def _opposite_forms(term: str) -> tuple[tuple[tuple[str, ...], ...], bool]:
    """The ways a sentence can say the opposite of a claim's *term* (the other side of the
    :data:`OPPOSITES` pairs it is a word of, none of them a way of saying the term itself:
    :func:`_forms`), and whether they are degrees (:data:`OPPOSITE_DEGREES`)."""
    if term.startswith("@") or term[:1].isdigit():
        return (), False
    itself = set(_forms(term))
    forms: list[tuple[str, ...]] = []
    degree = False
    for number, pair in enumerate(_opposite_lexicon()):
        for side, other in (pair, pair[::-1]):
            if any(len(words) == 1 and _same_stem(words[0], term) for words in side):
                forms += [words for words in other if words not in itself]
                degree = degree or number >= len(_claim_lexicon().opposites)
    return tuple(dict.fromkeys(forms)), degree


def _form_positions(
    form: tuple[str, ...],
    tokens: list[str],
    same: Callable[[str, str], bool] = _same_stem,
    first: list[int] | None = None,
) -> list[int]:
    """Positions of the *tokens* where *form*'s words (stems) stand in a row, a word and a
    token compared by *same* (default: *tokens* are stems); *first*, if given, the
    positions where the form's first word stands."""
    if first is None:
        first = [i for i, token in enumerate(tokens) if same(form[0], token)]
    if len(form) == 1:
        return first
    size = len(form)
    return [
        i + j
        for i in first
        if i + size <= len(tokens)
        and all(same(word, tokens[i + j]) for j, word in enumerate(form[1:], 1))
        for j in range(size)
    ]


def _matches(term: str, sentence: _Sentence) -> list[int]:
    """Positions of the tokens of *sentence* that match a claim *term* (in any form, or
    as a near-synonym: :func:`_forms`)."""
    if term.startswith("@"):
        spans = sentence.targets.get(term[1:], [])
        return [
            index
            for index, at in enumerate(sentence.starts)
            if any(start <= at < end for start, end in spans)
        ]
    found: set[int] = set()
    for form in _forms(term):
        found.update(_form_positions(form, sentence.stems))
    return sorted(found - sentence.named)


def _coverage(claim: _Claim, terms: Iterable[str]) -> float:
    """Weighted (IDF) share of the claim's terms among *terms*."""
    total = sum(claim.weights.values())
    found = set(terms)
    return sum(claim.weights[t] for t in found) / total if total else 0.0


@lru_cache(maxsize=1 << 17)
def _stem_of(word: str) -> str:
    return _stem(word)


@lru_cache(maxsize=1 << 17)
def _is_term(term: str, word: str) -> bool:
    """Whether the token *word* (as written) is the claim's *term* in some form."""
    return _same_stem(term, _stem_of(word))


#: The kinds of target whose names hold words that are not the claim's: a word inside the
#: name of an organisation or a person among the targets (*Water* in *Orrin Water*) does
#: not say the claim's word (:meth:`_EventSentences.named`); a place's or a group's name is
#: read word by word.
_NAME_KINDS = frozenset({"organisation", "person"})


class _EventSentences:
    """The event's sentences, read for the claims: where each stem and target occurs.

    A claim's term is looked for only in the sentences that hold a word starting as the
    words it matches must start (one search of the event's text); those sentences are
    tokenised and stemmed. A sentence is parsed in full (:class:`_Sentence`: tokens with
    offsets, clauses, the quotes in it) only when its verdict is needed. The targets'
    names are looked for when a claim names a target.
    """

    def __init__(
        self,
        sentences: pd.DataFrame,
        targets: pd.DataFrame | None,
        quotes_of: dict[str, list[tuple[int, int, str | None, str | None]]],
    ):
        self.texts = [str(text) for text in sentences["text"].to_list()]
        self.starts = [int(start) for start in sentences["start"].to_list()]
        self.articles = sentences["article_id"].to_list()
        self.quotes_of = quotes_of
        self._target_table = targets
        self._targets: list[dict[str, list[tuple[int, int]]]] | None = None
        self._named: dict[int, frozenset[int]] = {}
        self._name_targets = (
            frozenset()
            if targets is None or "kind" not in targets
            else frozenset(
                str(target_id)
                for target_id, kind in zip(targets["target_id"], targets["kind"])
                if kind in _NAME_KINDS
            )
        )
        self._parsed: dict[int, _Sentence] = {}
        self._tokens: dict[int, tuple[list[str], list[int]]] = {}
        self._bytes: tuple[bytes, np.ndarray] | None = None

    @property
    def targets(self) -> list[dict[str, list[tuple[int, int]]]]:
        """Per sentence, the spans (offsets in the article text) of each target named."""
        if self._targets is None:
            self._targets = self._target_spans(self._target_table)
        return self._targets

    def _target_spans(self, targets: pd.DataFrame | None) -> list[dict[str, list[tuple[int, int]]]]:
        spans: list[dict[str, list[tuple[int, int]]]] = [{} for _ in self.texts]
        patterns = _alias_patterns(targets)
        if not patterns:
            return spans
        joined = "\n".join(self.texts)
        first = np.cumsum([0] + [len(text) + 1 for text in self.texts[:-1]])
        for target_id, pattern in patterns:
            if pattern.search("") is not None or "\n" in pattern.pattern:
                found = [
                    (row, m.start(), m.end())
                    for row, text in enumerate(self.texts)
                    for m in pattern.finditer(text)
                ]
            else:  # one pass over the event: no match crosses a line break
                matches = [(m.start(), m.end()) for m in pattern.finditer(joined)]
                rows = np.searchsorted(first, [m[0] for m in matches], side="right") - 1
                found = [
                    (row, begin - int(first[row]), end - int(first[row]))
                    for row, (begin, end) in zip(rows.tolist(), matches)
                ]
            for row, begin, end in found:
                start = self.starts[row]
                spans[row].setdefault(target_id, []).append((start + begin, start + end))
        return spans

    def sentence(self, row: int) -> _Sentence:
        parsed = self._parsed.get(row)
        if parsed is None:
            text, start = self.texts[row], self.starts[row]
            parsed = self._parsed[row] = _Sentence(
                text,
                start,
                _segments(text, start),
                [
                    q
                    for q in self.quotes_of.get(self.articles[row], [])
                    if q[0] < start + len(text) and q[1] > start
                ],
                self,
                row,
            )
        return parsed

    def named(self, row: int) -> frozenset[int]:
        """Positions of the tokens of sentence *row* inside the name of an organisation or
        a person among the targets (*Water* in *Orrin Water*): they do not say the claim's
        words (a target the claim names is matched by its names as a whole)."""
        found = self._named.get(row)
        if found is None:
            spans = [
                span
                for target_id, target_spans in self.targets[row].items()
                if target_id in self._name_targets
                for span in target_spans
            ]
            start = self.starts[row]
            found = self._named[row] = frozenset(
                index
                for index, at in enumerate(self.tokens_of(row)[1])
                if any(a <= start + at < b for a, b in spans)
            )
        return found

    def tokens_of(self, row: int) -> tuple[list[str], list[int]]:
        """The tokens of sentence *row*, as written, and where each starts in its text."""
        found = self._tokens.get(row)
        if found is None:
            matches = list(_TOKEN.finditer(self.texts[row]))
            found = self._tokens[row] = (
                [m.group() for m in matches],
                [m.start() for m in matches],
            )
        return found

    def words_of(self, row: int) -> list[str]:
        """The tokens of sentence *row*, as written."""
        return self.tokens_of(row)[0]

    def _candidates(self, term: str) -> list[int]:
        """The sentences holding a word that could be *term* in some form (a superset)."""
        if self._bytes is None:
            encoded = [text.encode("utf-8") for text in self.texts]
            first = np.cumsum([0] + [len(text) + 1 for text in encoded[:-1]])
            self._bytes = b"\n".join(encoded).lower(), first  # bytes.lower(): ASCII only
        joined, first = self._bytes
        patterns = _candidate_patterns(term)
        if patterns is None:
            return list(range(len(self.texts)))
        found = []
        for pattern, word_start in patterns:
            at = np.fromiter((m.start() for m in pattern.finditer(joined)), np.int64)
            if word_start and len(at):
                # a token starts where no ASCII letter comes before it
                before = np.frombuffer(joined, dtype=np.uint8)[np.maximum(at - 1, 0)]
                at = at[(at == 0) | (before < ord("a")) | (before > ord("z"))]
            found.append(at)
        return np.unique(np.searchsorted(first, np.concatenate(found), side="right") - 1).tolist()

    def found(self, claim: _Claim) -> dict[int, dict[str, list[int]]]:
        """Per sentence that holds some of the claim's terms, each term with the token
        positions it matched (terms in claim order), as :func:`_matches` finds them."""
        found: dict[int, dict[str, list[int]]] = {}
        for term in claim.terms:
            if term.startswith("@"):
                for row, spans in enumerate(self.targets):
                    if term[1:] in spans:
                        positions = _matches(term, self.sentence(row))
                        if positions:
                            found.setdefault(row, {})[term] = positions
                continue
            for row, positions in self._form_rows(_forms(term)).items():
                found.setdefault(row, {})[term] = positions
        return {row: found[row] for row in sorted(found)}

    def _form_rows(
        self, forms: Iterable[tuple[str, ...]], rows: set[int] | None = None
    ) -> dict[int, list[int]]:
        """Per sentence (of *rows*, if given) holding one of *forms* (stems in a row), the
        token positions of their words."""
        found: dict[int, set[int]] = {}
        for form in forms:
            starts = _term_starts(form[0])
            for row in self._candidates(form[0]):
                if rows is not None and row not in rows:
                    continue
                words = self.words_of(row)
                positions = [
                    i
                    for i, word in enumerate(words)
                    if (starts is None or _normal(word).startswith(starts))
                    and _is_term(form[0], word)
                ]
                # a phrase: its other words must follow in a row
                positions = _form_positions(form, words, _is_term, positions)
                if positions and self._name_targets:
                    named = self.named(row)
                    positions = [i for i in positions if i not in named]
                if positions:
                    found.setdefault(row, set()).update(positions)
        return {row: sorted(positions) for row, positions in found.items()}

    def opposed(
        self, claim: _Claim, found: dict[int, dict[str, list[int]]]
    ) -> dict[int, dict[str, list[int]]]:
        """Per sentence of *found* (:meth:`found`), the claim's terms it says as their
        opposite (:func:`_opposite_forms`), with the positions of the opposites that count:
        those in one clause (:func:`_same_clause`: no comma, *that*, *which*, *but* ...
        between them) with a word of the claim's subject (another of its terms when it has
        none; for a degree, another word of its predicate within :data:`DEGREE_WINDOW` words),
        in a coordinated clause that does not say the term in its own words."""
        opposed: dict[int, dict[str, list[int]]] = {}
        subject = [term for term in claim.terms if term not in claim.predicate]
        for term in claim.terms:
            forms, degree = _opposite_forms(term)
            if not forms:
                continue
            if degree:
                anchors = [t for t in claim.terms if t in claim.predicate and t != term]
            else:
                anchors = subject or [t for t in claim.terms if t != term]
            for row, positions in self._form_rows(forms, set(found)).items():
                terms = found[row]
                sentence = self.sentence(row)
                near = [i for t in anchors for i in terms.get(t, ())]
                itself = {sentence.segment_of(i) for i in terms.get(term, ())}
                kept = [
                    i
                    for i in positions
                    if sentence.segment_of(i) not in itself
                    and any(
                        _same_clause(sentence, i, at)
                        and (not degree or abs(i - at) <= DEGREE_WINDOW)
                        for at in near
                    )
                ]
                if kept:
                    opposed.setdefault(row, {})[term] = kept
        return opposed


def _normal(word: str) -> str:
    """A token as its stem begins: lower-cased, ``’`` read as ``'``."""
    return word.lower().replace("’", "'")


@lru_cache(maxsize=1024)
def _term_starts(term: str) -> tuple[str, ...] | None:
    """How a token whose stem is *term* in some form (:func:`_same_stem`) can begin, as
    :func:`_normal` gives it (see :func:`_candidate_patterns`); None: any way."""
    key = term[:5]
    if key.endswith("y"):
        key = key[:-1]
    if not key:
        return None
    return (key, *(word for word, digits in _NUMBER_WORDS.items() if digits == term))


@lru_cache(maxsize=1024)
def _candidate_patterns(term: str) -> list[tuple[re.Pattern[bytes], bool]] | None:
    """Searches of lower-cased UTF-8 text that find, where a token starts (when the flag
    says so), every token whose stem is *term* in some form (:func:`_same_stem`), and
    more; None if they would find nearly everything.

    A token's stem begins as the token does (lower-cased, ``’`` read as ``'``), but for a
    final "y" that stands for "ies"/"ied" and for number words read as digits. A stem
    that is *term* in another form shares its first five characters (both being at least
    five long), so the token begins with the term's first five, or four when the fifth is
    that "y"; one equal to *term* begins with all of it but such a "y".
    """
    keys = _term_starts(term)
    if keys is None:
        return None
    patterns = []
    for word in keys:
        body = b"(?:'|\xe2\x80\x99)".join(
            re.escape(piece.encode("utf-8")) for piece in word.lower().split("'")
        )
        # a literal search is fast; the check that a token starts there is made apart
        patterns.append((re.compile(body), word[:1].isalpha()))
    return patterns


# --- cues -----------------------------------------------------------------------------


def _same_clause(sentence: _Sentence, a: int, b: int) -> bool:
    """Whether tokens *a* and *b* (positions) are in one clause: no break between them."""
    left, right = (a, b) if a < b else (b, a)
    if _CLAUSE_BREAK.search(
        sentence.text[
            sentence.ends[left] - sentence.start : sentence.starts[right] - sentence.start
        ]
    ):
        return False
    # the tokens between the two, as tokens do not overlap
    return _CLAUSE_WORDS.isdisjoint(sentence.words[left + 1 : right])


def _negated_near(sentence: _Sentence, anchors: list[int], window: int = 4) -> bool:
    """Whether a negation sits in the same clause as, and near, one of the *anchors*."""
    for index in sentence.negations:
        if index in anchors:
            continue  # a word of the claim ("the talks failed to ..." for "talks failed")
        if sentence.words[index] in _refusals():
            # "refused to share": only the verb refused, when it is the claim's
            if index + 2 in anchors and _same_clause(sentence, index, index + 2):
                return True
            continue
        if any(
            0 < abs(anchor - index) <= window and _same_clause(sentence, index, anchor)
            for anchor in anchors
        ):
            return True
    starts = sentence.starts
    for match in _NEGATION_PHRASES.finditer(sentence.text.lower()):
        end = sentence.start + match.end()
        if any(0 <= starts[anchor] - end <= 20 for anchor in anchors):
            return True
    return False


def _names_self(before: str) -> bool:
    words = before.split()
    return bool(words) and words[-1].lower().strip(",") in _SELF


def _without(before: str) -> bool:
    """Whether *before* ends in *without* (*without warning*, *without saying*): what
    follows is not a report."""
    words = before.split()
    return bool(words) and words[-1].lower() == "without"


def _reporting_kinds(text: str) -> list[str]:
    """``"contest"`` or ``"neutral"`` for each reporting cue in *text* (not "we say")."""
    kinds = []
    for match in _REPORTING.finditer(text):
        if _names_self(text[: match.start()]):
            continue  # the outlet itself
        if _without(text[: match.start()]):
            continue  # "without warning": nobody speaks
        if match.start() > 0 and match.group(0)[:1].isupper():
            continue  # a name: "the United States"
        kinds.append("contest" if match.group("contest") else "neutral")
    return kinds


@dataclass
class _Reading:
    """What one clause of a sentence does with a claim."""

    voice: str  # authorial / reported / quoted
    speaker: str | None
    contested: bool  # reported as one side's claim, or with a second voice
    hedged: bool
    refuted: bool  # refuting words in the clause
    opposite: bool  # the clause says the opposite of the claim
    antonym: bool  # it says a word of the claim as its opposite (:data:`OPPOSITES`)
    main: tuple[int, int]  # the clause read


class _Clause(NamedTuple):
    """What a clause says whatever the claim (see :func:`_read_clause`)."""

    other_cues: int  # reporting cues in the sentence's other clauses
    challenged: bool  # a later clause of the outlet's answers it ("..., but ...")
    hedged: bool
    refuted: bool


def _reported(sentence: _Sentence, main: tuple[int, int]) -> tuple[bool, frozenset[str]]:
    """Whether clause *main* of *sentence* denies what it reports, and its reporting cues
    ("contest" / "neutral", a denial read as *said*)."""
    reported_text = _outside_quotes(sentence, *main)
    denial = _DENIAL.search(reported_text)
    if denial is not None and not _names_self(reported_text[: denial.start()]):
        # "officials dismissed suggestions that X": the officials say not-X
        reported_text = reported_text[: denial.start()] + "said" + reported_text[denial.end() :]
    else:
        denial = None
    return denial is not None, frozenset(_reporting_kinds(reported_text))


def _read_clause(sentence: _Sentence, main: tuple[int, int]) -> _Clause:
    """The cues of clause *main* of *sentence* and of the clauses around it."""
    clause = sentence.text[main[0] - sentence.start : main[1] - sentence.start]
    others = [s for s in sentence.segments if s != main]
    other_cues = sum(len(_reporting_kinds(_outside_quotes(sentence, *s))) for s in others)
    challenged = any(
        s[0] > main[0]
        and _CHALLENGE.match(sentence.text[s[0] - sentence.start : s[1] - sentence.start])
        and not any(q[0] <= s[0] < q[1] for q in sentence.quotes)
        and not _reporting_kinds(_outside_quotes(sentence, *s))
        for s in others
    )
    return _Clause(
        other_cues,
        challenged,
        bool(_HEDGING.search(clause)),
        bool(_REFUTING.search(clause)),
    )


def _read(
    claim: _Claim,
    sentence: _Sentence,
    found: dict[str, list[int]],
    *,
    against: frozenset[int] = frozenset(),
    full: bool = True,
) -> _Reading:
    """Voice, distance and polarity of the clause of *sentence* that holds the claim
    (without *full*, only its voice and speaker: the rest reads as False). *against*:
    the positions of *found* that say a term of the claim as its opposite."""
    anchors = sorted({index for positions in found.values() for index in positions})
    weight_in: dict[tuple[int, int], float] = {}
    for term, positions in found.items():
        for segment in {sentence.segment_of(index) for index in positions}:
            weight_in[segment] = weight_in.get(segment, 0.0) + claim.weights[term] + 1e-9
    main = max(weight_in, key=lambda segment: weight_in[segment])
    local = [i for i in anchors if main[0] <= sentence.starts[i] < main[1]]
    inside = [q for i in local for q in sentence.quotes if q[0] <= sentence.starts[i] < q[1]]
    denial, cues = sentence.reported(main)
    kinds = set(cues)
    quoted = bool(local) and 2 * len(inside) >= len(local)
    if quoted:
        voice, speaker = "quoted", inside[0][2]
        verb = inside[0][3]
        kinds.add("contest" if verb and re.fullmatch(_CONTEST_VERBS, verb) else "neutral")
    else:
        voice, speaker = ("reported" if kinds else "authorial"), None
    if not full:
        return _Reading(voice, speaker, False, False, False, False, False, main)
    read = sentence.clause(main)
    # with a quote, one cue of the other clauses is the quote's own attribution
    second_voice = read.other_cues >= (2 if quoted else 1)
    contested = voice != "authorial" and ("contest" in kinds or second_voice or read.challenged)
    antonym = any(i in against for i in local)
    negated = _negated_near(sentence, local)
    # "Civilians are not targets" neither denies nor says that someone targeted them
    generic = negated and claim.past and _generic_negation(sentence)
    opposite = (((negated and not generic) != claim.negated) != denial) != antonym
    return _Reading(
        voice=voice,
        speaker=speaker,
        contested=contested,
        hedged=read.hedged or generic,
        refuted=read.refuted,
        opposite=opposite,
        antonym=antonym,
        main=main,
    )


#: Present-tense verbs that, right before a negation, make a general statement
#: ("civilians are not targets") rather than a denial of an event.
_PRESENT_COPULAS = frozenset({"is", "are", "am"})


def _generic_negation(sentence: _Sentence) -> bool:
    """Whether every negation of *sentence* follows a present-tense "is/are" ("Civilians
    are not targets"): a general statement, which does not deny that a thing was done."""
    words = sentence.words
    return bool(sentence.negations) and all(
        index and words[index - 1] in _PRESENT_COPULAS for index in sentence.negations
    )


def _refutes_previous(text: str) -> bool:
    """Whether the sentence *text* is the outlet calling the sentence before false."""
    if _ELLIPTIC_DENIAL.match(re.split(r"[:;.!—–]", text, maxsplit=1)[0]):
        return True  # "They are not: ...", "It will not."
    match = _ANAPHORA.match(text)
    if match is None:
        return False
    rest = text[match.end() :]
    negated = any(_is_negation(word.lower()) for word in _TOKEN.findall(rest))
    return (bool(_REFUTING.search(rest)) or negated) and not _reporting_kinds(rest)


def _span_says(
    claim: _Claim,
    sentence: _Sentence,
    span: tuple[int, int],
    matched: dict[str, list[int]] | None = None,
) -> int:
    """What the outlet's words in *span* (offsets in the article text) say of the claim:
    +1 the claim, -1 its opposite, 0 nothing. *matched*: the positions of the claim's terms
    in *sentence* in their own words (:func:`_matches`), if already known.

    They say something when they hold, outside quotes, at least half of the claim's
    predicate (IDF-weighted; the subject is taken as given, as the clause answers a report
    of the claim), in its own words or as its opposite (:func:`_opposite_forms`; a degree
    only beside another word of the predicate).
    """

    def inside(index: int) -> bool:
        at = sentence.starts[index]
        return span[0] <= at < span[1] and not any(q[0] <= at < q[1] for q in sentence.quotes)

    if matched is None:
        matched = {term: _matches(term, sentence) for term in claim.terms}
    direct = {term: [i for i in matched.get(term, ()) if inside(i)] for term in claim.terms}
    direct = {term: positions for term, positions in direct.items() if positions}
    opposed: dict[str, list[int]] = {}
    for term in claim.predicate - set(direct):
        forms, degree = _opposite_forms(term)
        if degree and not any(t in claim.predicate for t in direct):
            continue
        positions = [i for form in forms for i in _form_positions(form, sentence.stems)]
        if any(inside(i) for i in positions):
            opposed[term] = [i for i in positions if inside(i)]
    said = claim.predicate & (set(direct) | set(opposed))
    predicate = sum(claim.weights[term] for term in claim.predicate)
    if not said or sum(claim.weights[term] for term in said) < 0.5 * predicate:
        return 0
    anchors = sorted({i for positions in (*direct.values(), *opposed.values()) for i in positions})
    opposite = (_negated_near(sentence, anchors) != claim.negated) != bool(opposed)
    return -1 if opposite else 1


def _countered(
    claim: _Claim,
    sentence: _Sentence,
    span: tuple[int, int],
    polarity: int,
    *,
    lead: int = 0,
    matched: dict[str, list[int]] | None = None,
) -> int:
    """What the outlet says of the claim in *span*, a contrast clause after a report that
    said it with *polarity* (+1 the claim, -1 its opposite), if it contradicts the report;
    else 0. The clause is the outlet's (no reporting cue outside quotes) and contradicts
    when it calls the report false (refuting words, "but it will not") or says the claim's
    predicate with the other polarity (:func:`_span_says`). *lead*: characters of the
    contrast word ("but", "however") to pass over; *matched* as in :func:`_span_says`."""
    text = _outside_quotes(sentence, *span)
    if _reporting_kinds(text):
        return 0
    if _REFUTING.search(text) or _ELLIPTIC_DENIAL.match(text[lead:]):
        return -polarity
    says = _span_says(claim, sentence, span, matched)
    return says if says == -polarity else 0


@dataclass
class _Verdict:
    label: str
    weight: float
    voice: str
    speaker: str | None
    cue: str
    polarity: int


#: The verdict of a sentence that holds none of the claim's terms.
_UNRELATED = _Verdict("unrelated", 0.0, "authorial", None, "", 1)


def _verdict(
    claim: _Claim,
    sentence: _Sentence,
    found: dict[str, list[int]],
    following: str | None,
    *,
    against: frozenset[int] = frozenset(),
    next_sentence: Callable[[], _Sentence] | None = None,
    matched: dict[str, list[int]] | None = None,
) -> _Verdict:
    """The verdict of one sentence on one claim (see the module docstring): *found* its
    terms' positions, *against* those that say a term as its opposite, *following* the
    text of the next sentence and *next_sentence* that sentence read; *matched* the terms'
    positions in their own words (:func:`_matches`: *found* before the opposites joined
    it), if known."""
    if not found:
        return _Verdict("unrelated", 0.0, "authorial", None, "", 1)
    subject_only = not claim.predicate & set(found)
    outside = claim.negated and not claim.scope & set(found)
    # a sentence that cannot count needs only its voice
    reading = _read(claim, sentence, found, against=against, full=not (subject_only or outside))
    polarity = -1 if reading.opposite else 1

    def verdict(label: str, weight: str, cue: str) -> _Verdict:
        return _Verdict(label, WEIGHTS[weight], reading.voice, reading.speaker, cue, polarity)

    if subject_only:
        return _Verdict("unrelated", 0.0, reading.voice, reading.speaker, "subject only", 1)
    if outside:
        return _Verdict("unrelated", 0.0, reading.voice, reading.speaker, "outside negation", 1)
    if reading.voice == "authorial":
        if reading.refuted:
            return verdict("disagree", "authorial", "refute")
        if reading.opposite:
            return verdict("disagree", "authorial", "antonym" if reading.antonym else "negation")
        if reading.hedged:
            return verdict("discuss", "hedged", "hedge")
        return verdict("agree", "authorial", "assert")
    says, opposite = ("disagree", "agree") if reading.opposite else ("agree", "disagree")
    if reading.refuted and reading.voice == "reported":
        # refuting words around a report are the outlet's framing of it
        return verdict(opposite, "authorial", "discredited")
    if reading.refuted:  # inside the quote: the speaker calls it false
        says, opposite, polarity = opposite, says, -polarity
    # "X says A, but [the outlet's answer]": a contrast clause that contradicts the report
    for segment in sentence.segments:
        text = sentence.text[segment[0] - sentence.start : segment[1] - sentence.start]
        contrast = _CHALLENGE.match(text)
        if segment[0] <= reading.main[0] or contrast is None:
            continue
        if any(q[0] <= segment[0] < q[1] for q in sentence.quotes):
            continue
        countered = _countered(
            claim, sentence, segment, polarity, lead=contrast.end(), matched=matched
        )
        if countered:
            polarity = countered
            return verdict(_LABELS[countered < 0], "authorial", "countered")
    if following is not None and _refutes_previous(following):
        return verdict(opposite, "authorial", "refuted next")
    contrast = _NEXT_CONTRAST.match(following) if following is not None else None
    if contrast is not None and next_sentence is not None:
        after = next_sentence()
        whole = (after.start, after.start + len(after.text))
        countered = _countered(claim, after, whole, polarity, lead=contrast.end())
        if countered:
            polarity = countered
            return verdict(_LABELS[countered < 0], "authorial", "countered next")
    if reading.contested or reading.hedged:
        return verdict("discuss", "reported", "attributed")
    return verdict(says, "adopted", "adopted")


# --- scoring --------------------------------------------------------------------------


def _require(table: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    require_columns(
        table,
        columns,
        f"{name} table",
        f"pass the {name} table that workbench makes (see workbench.event)",
    )


_QUOTE_FIELDS = ("article_id", "start", "end", "speaker", "verb")


def _quotes_by_article(
    quotes: pd.DataFrame | None,
    sentences: pd.DataFrame,
    texts: dict[str, str],
    targets: pd.DataFrame | None,
) -> dict[str, list[tuple[int, int, str | None, str | None]]]:
    from workbench import quotes as quote_finder

    if quotes is None:
        first_source = sentences.groupby("article_id", sort=False)["source"].first()
        articles = pd.DataFrame(
            {
                "article_id": list(texts),
                "source": [first_source[a] for a in texts],
                "text": list(texts.values()),
            }
        )
        quotes = quote_finder.find_quotes(articles, sentences, targets=targets, indirect=False)
    by_article: dict[str, list[tuple[int, int, str | None, str | None]]] = {}
    if len(quotes) == 0:
        return by_article
    direct = quotes["kind"].to_numpy() == "direct"
    for article, start, end, speaker, verb in zip(
        *(quotes[name].to_numpy()[direct].tolist() for name in _QUOTE_FIELDS), strict=True
    ):
        by_article.setdefault(article, []).append(
            (
                int(start),
                int(end),
                speaker if isinstance(speaker, str) else None,
                verb if isinstance(verb, str) else None,
            )
        )
    return by_article


def claim_sentence_scores(
    claims: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    targets: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
    model: object | None = None,
) -> pd.DataFrame:
    """Every claim against every sentence: relatedness, voice, polarity and verdict.

    Parameters
    ----------
    claims : DataFrame
        The event's claims (``claim_id``, ``text``).
    sentences : DataFrame
        The event's sentences (:data:`workbench.event.SENTENCE_COLUMNS`).
    targets : DataFrame, optional
        The event's targets: an alias of a target in a sentence matches the target's
        name in a claim. Without them only the claim's own words match.
    quotes : DataFrame, optional
        From :func:`workbench.quotes.find_quotes`; found from the sentences if not given.
    model : optional
        A fitted :class:`workbench.claims.ClaimStanceClassifier`; the shipped model by
        default.

    Returns
    -------
    DataFrame
        Columns :data:`CLAIM_SENTENCE_COLUMNS`, claims in their order and within a claim
        the sentences in theirs.

    Notes
    -----
    Only the sentences that hold some term of a claim are read closely (voice, clauses,
    cues); the others are ``unrelated`` to it with nothing matched. The FNC-1 model reads
    only the sentences whose verdict can count in the grid, and their articles.
    """
    from workbench import claims as claim_model

    _require(claims, ("claim_id", "text"), "claims")
    _require(
        sentences,
        ("sentence_id", "article_id", "source", "sentence_index", "start", "end", "text"),
        "sentences",
    )
    if claims.empty or sentences.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in CLAIM_SENTENCE_COLUMNS})
    sentences = sentences.reset_index(drop=True)
    if "paragraph_index" not in sentences:
        sentences = sentences.assign(paragraph_index=0)
    # every article's text when the quotes are to be found, else only those the model reads
    texts = _article_texts(sentences) if quotes is None else None
    quotes_of = _quotes_by_article(quotes, sentences, texts or {}, targets)
    event = _EventSentences(sentences, targets, quotes_of)
    claim_list = []
    patterns = _alias_patterns(targets)
    for claim_id, text in zip(claims["claim_id"].to_list(), claims["text"].to_list()):
        parts = _claim_terms(str(text), patterns)
        claim_list.append(
            _Claim(
                str(claim_id),
                parts.terms,
                set(parts.terms) - set(parts.subject),
                parts.negated,
                set(parts.scope),
                past=parts.past,
            )
        )
    found_of = [event.found(claim) for claim in claim_list]
    # each term's positions in its own words (the rows' dicts are replaced below, not changed)
    matched_of = [dict(found) for found in found_of]
    # the terms a sentence says only as their opposite count as found, and flip what it says
    against_of: list[dict[int, frozenset[int]]] = []
    for claim, found in zip(claim_list, found_of):
        opposed = event.opposed(claim, found)
        for row, terms in opposed.items():
            said = found[row]
            found[row] = {
                term: sorted({*said.get(term, ()), *terms.get(term, ())})
                for term in claim.terms
                if term in said or term in terms
            }
        against_of.append(
            {
                row: frozenset(i for positions in terms.values() for i in positions)
                for row, terms in opposed.items()
            }
        )
    n = len(sentences)
    for claim, found in zip(claim_list, found_of):
        # smoothed IDF over the event's sentences (0 for a term no sentence uses)
        for term in claim.terms:
            df = sum(1 for terms in found.values() if term in terms)
            claim.weights[term] = math.log((1 + n) / (1 + df)) + 1.0 if df else 0.0
        if not sum(claim.weights[t] for t in claim.predicate):
            claim.predicate = set(claim.terms)  # no predicate word is used: read the subject

    previous, following = _neighbours(sentences)
    readings = []
    for claim, found, against, matched_in in zip(claim_list, found_of, against_of, matched_of):
        overlap = [0.0] * n
        window_overlap = [0.0] * n
        predicate_overlap = [0.0] * n
        predicate_weight = sum(claim.weights[term] for term in claim.predicate)
        verdicts = [_UNRELATED] * n
        matched: list[tuple[str, ...]] = [()] * n
        for index, terms in found.items():
            nxt = following[index]
            verdicts[index] = _verdict(
                claim,
                event.sentence(index),
                terms,
                event.texts[nxt] if nxt is not None else None,
                against=against.get(index, frozenset()),
                next_sentence=None if nxt is None else partial(event.sentence, nxt),
                matched=matched_in.get(index, {}),
            )
            overlap[index] = _coverage(claim, terms)
            matched[index] = tuple(term for term in claim.terms if term in terms)
            if predicate_weight:
                predicate_overlap[index] = (
                    sum(claim.weights[term] for term in claim.predicate if term in terms)
                    / predicate_weight
                )
        near = {
            other
            for index in found
            for other in (index, previous[index], following[index])
            if other is not None
        }
        for index in near:
            window = set(found.get(index, {}))
            for other in (previous[index], following[index]):
                if other is not None:
                    window |= set(found.get(other, {}))
            window_overlap[index] = _coverage(claim, window)
        readings.append((overlap, window_overlap, verdicts, matched, predicate_overlap))

    # The model reads only the sentences that can count in the grid (a verdict other than
    # unrelated) and their articles, all in one batch; elsewhere its columns stay empty.
    model = claim_model._shipped_model() if model is None else model
    n_claims, n_p = len(claim_list), len(claim_model.PROBA_COLUMNS)
    claim_texts = claims["text"].to_list()
    sentence_texts = sentences["text"].to_list()
    article_of = sentences["article_id"].to_list()
    pair_claims: list[object] = []
    pair_bodies: list[object] = []
    read_rows = []
    read_articles: set[str] = set()
    for claim_number, (_, _, verdicts, _, _) in enumerate(readings):
        rows = [index for index, verdict in enumerate(verdicts) if verdict.label != "unrelated"]
        read_rows.append(rows)
        pair_claims += [claim_texts[claim_number]] * len(rows)
        pair_bodies += [sentence_texts[row] for row in rows]
        read_articles.update(article_of[row] for row in rows)
    if texts is None:
        texts = _article_texts(sentences, read_articles)
    read = [article for article in texts if article in read_articles]
    for claim_number in range(n_claims):
        pair_claims += [claim_texts[claim_number]] * len(read)
        pair_bodies += [texts[article] for article in read]
    if pair_claims:
        scored = np.asarray(
            model.predict_proba(pd.DataFrame({"claim": pair_claims, "body": pair_bodies})),
            dtype=float,
        )
    else:
        scored = np.zeros((0, n_p))
    scored_labels = claim_model._decide(scored)
    sentence_p = np.full((n_claims * n, n_p), np.nan)
    sentence_labels = np.full(n_claims * n, "", dtype=object)
    done = 0
    for claim_number, rows in enumerate(read_rows):
        at = claim_number * n + np.asarray(rows, dtype=np.int64)
        sentence_p[at] = scored[done : done + len(rows)]
        sentence_labels[at] = scored_labels[done : done + len(rows)]
        done += len(rows)
    body_p = scored[done:].reshape(n_claims, len(read), n_p)
    read_at = {article: number for number, article in enumerate(read)}
    body_of = np.asarray([read_at.get(article, -1) for article in article_of], dtype=np.int64)
    body_read = body_of >= 0

    columns: dict[str, np.ndarray] = {
        "claim_id": _objects([claim.claim_id for claim in claim_list for _ in range(n)])
    }
    for name in ("sentence_id", "article_id", "source"):
        columns[name] = _objects(sentences[name].to_list() * n_claims)
    for name in ("sentence_index", "paragraph_index", "start", "end"):
        values = np.asarray([int(value) for value in sentences[name].to_list()], dtype=np.int64)
        columns[name] = np.tile(values, n_claims)
    overlap = np.asarray([value for reading in readings for value in reading[0]], dtype=float)
    columns["overlap"] = overlap
    columns["window_overlap"] = np.asarray(
        [value for reading in readings for value in reading[1]], dtype=float
    )
    columns["predicate_overlap"] = np.asarray(
        [value for reading in readings for value in reading[4]], dtype=float
    )
    # a sentence the model did not read keeps its word overlap undiscounted
    p_related = np.nan_to_num(1.0 - sentence_p[:, 3], nan=1.0)
    predicate_share = np.minimum(1.0, columns["predicate_overlap"] / PREDICATE_SHARE)
    columns["related"] = overlap * predicate_share * (1.0 - MODEL_WEIGHT + MODEL_WEIGHT * p_related)
    verdicts = [verdict for reading in readings for verdict in reading[2]]
    for name in ("voice", "speaker", "cue"):
        columns[name] = _objects([getattr(verdict, name) for verdict in verdicts])
    columns["polarity"] = np.asarray([v.polarity for v in verdicts], dtype=np.int64)
    columns["label"] = _objects([verdict.label for verdict in verdicts])
    columns["weight"] = np.asarray([verdict.weight for verdict in verdicts], dtype=float)
    columns["matched"] = _objects([terms for reading in readings for terms in reading[3]])
    columns["model_label"] = sentence_labels
    body_rows = np.full((n_claims, n, n_p), np.nan)
    body_rows[:, body_read] = body_p[:, body_of[body_read]]
    body_rows = body_rows.reshape(n_claims * n, n_p)
    for number, name in enumerate(claim_model.PROBA_COLUMNS):
        columns[name] = sentence_p[:, number]
        columns[f"body_{name}"] = body_rows[:, number]
    return pd.DataFrame(columns, columns=CLAIM_SENTENCE_COLUMNS)


def _objects(values: list[object]) -> np.ndarray:
    """*values* as a one-dimensional object array (tuples stay elements)."""
    return np.fromiter(values, dtype=object, count=len(values))


def _neighbours(sentences: pd.DataFrame) -> tuple[list[int | None], list[int | None]]:
    """Rows of the sentence before and after each row in its article (None at the ends)."""
    before: list[int | None] = [None] * len(sentences)
    after: list[int | None] = [None] * len(sentences)
    article = pd.factorize(sentences["article_id"])[0]
    order = np.lexsort((sentences["sentence_index"].to_numpy(), article))
    same = article[order[1:]] == article[order[:-1]]
    for here, there in zip(order[:-1][same].tolist(), order[1:][same].tolist()):
        after[here], before[there] = there, here
    return before, after


# --- the grid -------------------------------------------------------------------------


def _two_sides(about: pd.DataFrame) -> pd.DataFrame:
    """Voices passed on without distance but on both sides of a claim: ``discuss``.

    An article that relays one voice saying the claim and another saying its opposite,
    without taking a side in its own voice, reports a dispute.
    """
    adopted = about["cue"] == "adopted"
    reported = about["voice"] != "authorial"
    if not adopted.any() or about.loc[reported, "polarity"].nunique() < 2:
        return about
    about = about.copy()
    about.loc[adopted, ["label", "cue"]] = ["discuss", "two sides"]
    about.loc[adopted, "weight"] = WEIGHTS["reported"]
    return about


def claim_stance_table(
    scores: pd.DataFrame,
    claims: pd.DataFrame,
    *,
    sources: list[str],
    threshold: float = RELATED_THRESHOLD,
    support: float = SUPPORT_THRESHOLD,
) -> pd.DataFrame:
    """Source × claim labels from the sentence verdicts (see the module docstring).

    Parameters
    ----------
    scores : DataFrame
        From :func:`claim_sentence_scores`.
    claims : DataFrame
        The event's claims (every claim gets a row per source).
    sources : list of str
        The sources, in display order.
    threshold : float
        A source takes up a claim when one of its sentences is at least this related.
    support : float
        Once it does, its sentences at least this related count.

    Returns
    -------
    DataFrame
        Columns :data:`CLAIM_STANCE_COLUMNS`. ``p_agree``, ``p_disagree`` and
        ``p_discuss`` are each label's share of the counting sentences' strongest
        ``related × weight`` (all 0 when ``absent``); ``n_related`` counts the sentences
        that count and ``evidence`` holds their ids, the chosen label's first, strongest
        first. ``confidence`` of an ``absent`` cell says how far its most related
        sentence stays below *threshold*.
    """
    _require(
        scores,
        (
            "source",
            "claim_id",
            "sentence_id",
            "related",
            "label",
            "weight",
            "cue",
            "voice",
            "polarity",
            "body_p_unrelated",
        ),
        "scores",
    )
    related = scores[scores["label"] != "unrelated"]
    cells = dict(iter(related.groupby(["source", "claim_id"], sort=False)))
    empty = related.iloc[:0]
    rows = []
    for source in sources:
        for claim_id in claims["claim_id"]:
            cell = cells.get((source, claim_id), empty)
            row, _ = _cell(source, claim_id, cell, threshold=threshold, support=support)
            rows.append(row)
    return pd.DataFrame(rows, columns=CLAIM_STANCE_COLUMNS)


def _cell(
    source: str, claim_id: str, cell: pd.DataFrame, *, threshold: float, support: float
) -> tuple[dict[str, object], pd.DataFrame]:
    """One row of the grid, and the sentences that count for it, in evidence order."""
    support = min(support, threshold)
    top = float(cell["related"].max()) if len(cell) else 0.0
    body_unrelated = float(cell["body_p_unrelated"].min()) if len(cell) else 0.0
    # a sentence says the whole claim, or, related, its whole predicate: the model's doubt
    # is lexical
    if len(cell):
        whole = cell["overlap"] >= 1.0 - 1e-9
        if "predicate_overlap" in cell:
            whole |= (cell["predicate_overlap"] >= 1.0 - 1e-9) & (cell["related"] >= threshold)
        if bool(whole.any()):
            body_unrelated = 0.0
    if top < threshold or body_unrelated >= BODY_UNRELATED:
        below = float(np.clip(1.0 - top / threshold, 0.0, 1.0)) if threshold else 1.0
        row = {
            "source": source,
            "claim_id": claim_id,
            "label": "absent",
            "confidence": max(below, body_unrelated if body_unrelated >= BODY_UNRELATED else 0.0),
            "n_related": 0,
            "p_agree": 0.0,
            "p_disagree": 0.0,
            "p_discuss": 0.0,
            "evidence": (),
        }
        return row, cell.iloc[:0]
    counting = _two_sides(cell[cell["related"] >= support])
    counting = counting.assign(strength=counting["related"] * counting["weight"])
    # the outlet's own voice decides first where it takes up the claim by itself: a
    # sentence that only shares a word or two with the claim is not the outlet's position
    own_voice = counting[counting["cue"].isin(OWN_VOICE_CUES) & (counting["related"] >= threshold)]
    deciding = own_voice if len(own_voice) else counting
    best = {name: _max(deciding.loc[deciding["label"] == name, "strength"]) for name in _LABELS}
    label = max(_LABELS, key=lambda name: (best[name], -_LABELS.index(name)))
    shares = {name: _max(counting.loc[counting["label"] == name, "strength"]) for name in _LABELS}
    total = sum(shares.values())
    ranked = counting.assign(
        chosen=counting["label"] == label, own=counting["cue"].isin(OWN_VOICE_CUES)
    ).sort_values(["chosen", "own", "strength"], ascending=False, kind="stable")
    row = {
        "source": source,
        "claim_id": claim_id,
        "label": label,
        "confidence": best[label] / sum(best.values()) * min(1.0, float(ranked["related"].iloc[0])),
        "n_related": len(counting),
        "p_agree": shares["agree"] / total,
        "p_disagree": shares["disagree"] / total,
        "p_discuss": shares["discuss"] / total,
        "evidence": tuple(ranked["sentence_id"]),
    }
    return row, ranked


def _max(values: pd.Series) -> float:
    return float(values.max()) if len(values) else 0.0


def claim_evidence(
    scores: pd.DataFrame,
    source: str,
    claim_id: str,
    *,
    n: int = 5,
    threshold: float = RELATED_THRESHOLD,
    support: float = SUPPORT_THRESHOLD,
) -> pd.DataFrame:
    """The sentences of *source* behind its cell for *claim_id*.

    Parameters
    ----------
    scores : DataFrame
        From :func:`claim_sentence_scores`.
    source, claim_id : str
        The cell.
    n : int
        At most this many sentences.
    threshold, support : float
        As in :func:`claim_stance_table`.

    Returns
    -------
    DataFrame
        Columns :data:`CLAIM_EVIDENCE_COLUMNS`: first the sentences that count for the
        cell (``counts`` true) in the order of its ``evidence``, then the source's other
        sentences, most related first (a sentence the model did not read, being
        unrelated, ranks by its word overlap). ``start``/``end`` are the sentence's offsets in
        its article's ``text``; ``label`` and ``cue`` are as the cell read them.
    """
    chosen = scores[(scores["source"] == source) & (scores["claim_id"] == claim_id)]
    related = chosen[chosen["label"] != "unrelated"]
    _, counting = _cell(source, claim_id, related, threshold=threshold, support=support)
    rest = chosen[~chosen["sentence_id"].isin(counting["sentence_id"])].sort_values(
        "related", ascending=False, kind="stable"
    )
    table = pd.concat([counting.assign(counts=True), rest.assign(counts=False)], ignore_index=True)
    return table[CLAIM_EVIDENCE_COLUMNS].head(n).reset_index(drop=True)
