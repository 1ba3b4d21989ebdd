"""The role a target plays in a sentence: speaker, condemner, sufferer, or blamed for inaction.

Stance toward a target (:mod:`workbench.stance`) starts from a polarity model trained on
NewsMTSC, which labels how a sentence portrays its target. How much of that portrayal is
the outlet's depends on what the target does in the sentence: a minister who speaks tells
what the minister thinks; leaders who condemn an attack lend the sentence their verdict on
the attack; a group shown paying more has the outlet's sympathy, not its scorn. The rules
here find that role from the words around the mention (patterns over its tokens, no
parser); what each role does to the score (``SPEAKER_WEIGHT``, ``CONDEMNER_WEIGHT``,
``SUFFERER_WEIGHT`` for the ``SUFFERER_KINDS``, ``DENIED_WEIGHT``, ``INACTION_VALUE``) is
decided by :func:`workbench.stance.mention_polarity` and :func:`workbench.stance.word_cues`.

speaker
    :func:`speech_act` is ``"speaks"`` (:func:`is_speaker`): the target is the subject of
    a reporting verb (``attribution`` of the style lexicon: "Holm said ...", "Moscow has
    insisted ..."), or stands right after one and ends its clause ("...," said Holm",
    "..., said Holm on Monday"), not when it opens the reported clause ("Critics said
    families will pay more": the critics speak). The subject may be a phrase the mention
    starts ("EU officials said", "Holm's spokesman said": :data:`SPEAKER_HEADS`; "EU
    leaders, among them ..., said": an aside of up to :data:`ASIDE_LENGTH` tokens); a
    target spoken of in the passive ("Holm was accused") does not speak.
condemner
    :func:`speech_act` is ``"condemns"``: the target is the subject of a verb of
    :data:`CONDEMNING_VERBS` ("EU leaders condemned the attack", "were quick to condemn"),
    not negated, or its agent ("the strike was denounced by Brussels"), or calls something
    by a harsh name ("Trump calls Sumy strike 'terrible'", "Zelensky called the strike a
    deliberate attack": a word of VADER valence :data:`HARSH_VALENCE` or lower within
    :data:`CALLING_REACH` tokens; not an appeal, "called on X to"). The evaluative words
    of a condemner's clause describe what it condemns, not the condemner
    (:func:`workbench.stance.mention_polarity` leaves out their ``clause:`` cues).
sufferer
    :func:`suffers`: the target undergoes a harm ("Drivers in Kellport face longer
    journeys", "families will pay more", "the rise will hit pensioners", "the cost will be
    paid by commuters", "the burden falls on pensioners", "a blow to riders", "Residents
    who fall behind are being threatened": :data:`SUFFERING_VERBS`, :data:`HARMING_VERBS`,
    :data:`HARM_NOUNS`, a relative clause of up to :data:`RELATIVE_LENGTH` tokens). A target
    shown acting, accused or criticised, or that "should pay" (a verdict), does not suffer.
denied hardship
    :func:`hardship_denied`: the target would suffer in a clause someone denies ("The
    minister rejected claims that the measure would burden families", "the company denied
    that households would pay more": :data:`DENYING_VERBS`, :data:`DENIED_NOUNS`, within
    :data:`DENIAL_REACH` tokens) or its hardship is negated ("insisted that the cut would
    not harm pensioners").
blamed for inaction
    The ``inaction:`` cue of :func:`workbench.stance.word_cues`: the target is the subject
    of "has yet to", "did little to", "has done nothing to", "was slow to" or "failed to"
    ("X has yet to put forward a plan"; also after another verb phrase of the subject,
    joined by "and" or "but": "X announced a review but has yet to publish it", within
    :data:`COORDINATION_REACH` tokens), not when it is the object of a preposition ("the
    payment to families has yet to be decided"); or of the main clause after a concession
    of words without deeds ("For all its strong words, X ...": :data:`CONCESSIVE_NOUNS`),
    also as an aside right after the subject ("X, for all its promises, has ...").
acting without due process
    The ``process:`` cue of :func:`workbench.stance.word_cues` (:func:`_unchecked`): the
    target is the subject of an active verb whose clause goes on "without" a word of
    :data:`PROCESS_NOUNS` ("Arvenia filled the reservoir without consulting its
    neighbour", "Farrow signed off the contract without asking a single bus user",
    "Moscow claimed, without offering any evidence, that ..."), not a target that
    undergoes it, a condition ("cannot be sold without approval") or another clause's.
actor
    The ``verb:`` cue of :func:`workbench.stance.word_cues`: the verb the target is the
    subject of, right after it (:data:`NEGATIVE_CONDUCT`: "Velm refused";
    :data:`POSITIVE_CONDUCT`: "Velm accepted"; :data:`DISTANCING_VERBS`: "Moscow claimed").
    :func:`speech_act` also reads these verbs as the verb of a reported clause.

Each function reads one mention of a sentence, ``text[start:end]``.
:func:`workbench.stance.mention_polarity` reads all of an event's mentions through the same
rules, each sentence tokenized once (``_tokens_of_texts``, ``_sides_in``; the rules on
tokens: ``_act``, ``_hardship``, ``_inaction``).

See Also
--------
workbench.stance.mention_polarity : weighs the model's reading of a mention by its role.
workbench.stance.stance_evidence : says, per sentence, which role changed its score.

Notes
-----
How the grammar was found. The reported clause ("Critics said families will pay more"),
the sufferer as the agent of a passive or the object of a preposition ("paid at the
checkout by shoppers", "falls hardest on families", "a burden for consumers") and the
relative clause between a group and its verb were first noticed in sentences of the
teaching events. The rules for them were then written and checked on development articles
written for them (``tests/fixtures/stance-dev/kestrel-bus-fares``), and the teaching
events measured afterwards as the outcome; but which constructions got a rule was not
chosen blind to the teaching text. The same holds for criticism by inaction and for the
denied hardship: noticed in teaching sentences, written as rules on the development event
``marrow-heating-allowance`` (written and annotated for them first; the inaction cue and
:data:`workbench.stance.DENIED_WEIGHT` were chosen there: its targets' taus 0.25 / 0.35 /
−0.25 before, 0.65 / 0.45 / 0.85 after, the other development targets unchanged), then
the teaching events measured: the mean tau over their 16 targets rose from 0.646 to 0.660
(consumers −0.22 → 0.00, from the one denied hardship the rule finds there; the inaction
cue fires once there, changing no tau), no target lower. Those rules read only the forms
above; two more were then added the same way. The concession as an aside right after the
subject ("X, for all their strong words, cannot ...") and the inaction after another verb
phrase of the subject ("X have for years done A and have done nothing to ...") were
noticed in teaching sentences; three articles were written and annotated for them first
(``tenants-voice``, ``enterprise-weekly`` and ``civic-post`` of
``marrow-heating-allowance``: both forms for and against every target, and forms that must
not blame: "for all we know", a concession about someone else, "has yet to be decided"
said of something else, "have yet to be told" said of what others do to the target). With
those articles, before the rules: marrow's targets 0.36 / 0.36 / 0.53, the 14 development
targets mean 0.565, lowest 0.17; after: 0.50 / 0.60 / 0.68, mean 0.603, the others
unchanged (the guard against a mention after a preposition removed the one false "yet to"
the old rule found there). Then the teaching events: mean 0.660 → 0.688, 12 → 13 of 16 at
0.6 or more, no target lower; the gain is all eu (0.45 → 0.89), from one sentence of
``sumy-strike-2025`` where the aside now fires ("European governments, for all their
strong words, ..."), the kind of sentence the form was noticed in, so this is not a blind
check. The coordinated form fires nowhere in the teaching events. Not read: "yet to be
..." after a coordination (read as what others have yet to do, not the subject's
inaction; right after the subject it still counts), a coordinated inaction whose
mention follows a word other than a clause opener ("asked Brannock to act but has yet to":
the asker's), or past a subordinate clause, or more than :data:`COORDINATION_REACH` tokens
on.

The ``process:`` cue was noticed in a teaching sentence the sentence model reads as
mildly positive toward its target (the Northern Standard's "Holm's surprise 25% levy ...
was announced on Tuesday without a published impact study, without consultation with
retailers"); that sentence is not read by it (Holm is the possessor of what was done, and
"Holm's farm was raided without warning" would blame the victim), so the cue changes no
teaching figure. It fires on five sentences of the teaching and development events, each
the doer blamed (Arvenia, Farrow, Orrin Water, "the Russian defence ministry claimed,
without offering any evidence", "Ukrainian and Western media repeated these figures
..., without any independent verification"), and changes no order there at −0.25, −0.5
or −1. On the 3,656 article-bias-prediction articles, 127 sentences have "without" and a
process word; with a capitalised word at the start of a clause standing in for a target
mention, the cue fired on 38, of which 8 were on words that are no names ("Through",
"Adding"); of the other 30, 22 blamed the doer ("Bill Clinton waged the Kosovo war without
congressional authorization", "Trump accused Scarborough without evidence", "Mueller
concluded his investigation without ever asking Trump"). Five of the 8 wrong ones were
faults of guards meant from the start (a contracted negation, a passive behind "being",
a name after a preposition, a reporting verb's reach, a name followed by "of") and were
mended on that same sample; after it, 18 of 22 blame the doer (the other four: "Democrats
were skeptical about ... the attack without prior authorization", a court's
jurisprudence, "Google is the leviathan unleashed without any oversight", "States
selected ... without clear notice"), and a few right ones went with the guards ("Trump
warned, claiming without evidence": three words after the reporting verb). So that
figure is not blind.

Like the weights of :mod:`workbench.stance`, the constants here were tuned on the
development events in ``tests/fixtures/stance-dev`` (written for the purpose) and nowhere
else; the teaching events are the held-out check, with the caveat above.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

__all__ = [
    "NEGATIVE_CONDUCT",
    "POSITIVE_CONDUCT",
    "DISTANCING_VERBS",
    "CONDEMNING_VERBS",
    "SPEAKER_HEADS",
    "ASIDE_LENGTH",
    "SUFFERING_VERBS",
    "HARMING_VERBS",
    "HARM_NOUNS",
    "RELATIVE_LENGTH",
    "DENYING_VERBS",
    "DENIED_NOUNS",
    "DENIAL_REACH",
    "CONCESSIVE_NOUNS",
    "COORDINATION_REACH",
    "CALLING_REACH",
    "HARSH_VALENCE",
    "PROCESS_NOUNS",
    "PROCESS_REACH",
    "speech_act",
    "is_speaker",
    "suffers",
    "hardship_denied",
]

# --- the words around a mention -----------------------------------------------------------

#: Words (with inner hyphens and apostrophes), a possessive ending, or one other character.
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*?(?=['’]s\b)|['’]s\b|\w+(?:[-'’]\w+)*|[^\w\s]")

#: What :data:`_TOKEN` finds in a text without a possessive ``'s`` (its first two branches
#: need one), cheaper to run.
_TOKEN_NO_POSSESSIVE = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[list[str], list[int], list[int]]:
    """Lower-case tokens of *text* (``’`` read as ``'``), their start and end offsets (a
    sentence is read once per mention in it, so the last few thousand are kept)."""
    pattern = _TOKEN if "'s" in text or "’s" in text else _TOKEN_NO_POSSESSIVE
    spans = [match.span() for match in pattern.finditer(text)]
    if not spans:
        return [], [], []
    if text.isascii():
        lower = text.lower()
        words = [lower[first:last] for first, last in spans]
    else:
        words = [text[first:last].lower().replace("’", "'") for first, last in spans]
    starts, ends = zip(*spans)
    return words, list(starts), list(ends)


#: Every character ``str.isspace`` (and the ``\s`` of :mod:`re`) calls white space comes
#: before U+3001 (the last is U+3000, the ideographic space).
_LAST_SPACE = 0x3000


@lru_cache(maxsize=1)
def _space_table() -> np.ndarray:
    """``table[c]``: whether the character with code point ``c`` is white space."""
    return np.asarray([chr(c).isspace() for c in range(_LAST_SPACE + 2)], dtype=bool)


def _tokens_of_texts(texts: list[str]) -> list[tuple[list[str], list[int], list[int]]]:
    """:func:`_tokens` of each of *texts*, all read at once.

    The texts are joined with line breaks and searched in one go; every character that
    is not white space is in exactly one token, in order, so a token starts at the
    character after the previous token's characters and the white space following them.
    """
    found: list[tuple[list[str], list[int], list[int]] | None] = [None] * len(texts)
    possessive = ["'s" in text or "’s" in text for text in texts]
    for pattern, wanted in ((_TOKEN, True), (_TOKEN_NO_POSSESSIVE, False)):
        chosen = [i for i, has in enumerate(possessive) if has is wanted]
        if not chosen:
            continue
        joined = "\n".join([texts[i] for i in chosen])
        tokens = pattern.findall(joined)
        sizes = np.fromiter(map(len, tokens), np.int64, len(tokens))
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        solid = np.flatnonzero(~_space_table()[np.minimum(points, _LAST_SPACE + 1)])
        if sizes.sum() != len(solid):  # not a tiling after all: one text at a time
            for i in chosen:
                found[i] = _tokens.__wrapped__(texts[i])
            continue
        starts = solid[np.cumsum(sizes) - sizes]
        lengths = np.fromiter(map(len, (texts[i] for i in chosen)), np.int64, len(chosen))
        text_start = np.cumsum(lengths + 1) - lengths - 1
        bounds = [*np.searchsorted(starts, text_start).tolist(), len(tokens)]
        starts = (starts - np.repeat(text_start, np.diff(bounds))).tolist()
        ends = (np.asarray(starts, dtype=np.int64) + sizes).tolist()
        words = list(map(str.lower, tokens))
        if "’" in joined:
            words = [word.replace("’", "'") for word in words]
        for j, i in enumerate(chosen):
            a, b = bounds[j], bounds[j + 1]
            found[i] = (words[a:b], starts[a:b], ends[a:b])
    return found  # type: ignore[return-value]


def _sides(text: str, start: int, end: int) -> tuple[list[str], list[str], list[str]]:
    """Lower-case tokens inside the span, left of it (nearest first) and right of it."""
    return _sides_in(_tokens(text), start, end)


def _sides_in(
    tokens: tuple[list[str], list[int], list[int]], start: int, end: int
) -> tuple[list[str], list[str], list[str]]:
    """:func:`_sides` of a text read as *tokens* (:func:`_tokens`).

    Tokens do not overlap, so their starts and ends both ascend: the tokens left of the
    span are a prefix, those right of it a suffix, those inside a run between.
    """
    words, starts, ends = tokens
    n_left = bisect.bisect_right(ends, start)
    inside = words[bisect.bisect_left(starts, start) : bisect.bisect_right(ends, end)]
    return inside, words[:n_left][::-1], words[bisect.bisect_left(starts, end) :]


# --- subjects and verbs -------------------------------------------------------------------

_IRREGULAR = {
    "break": ("broke", "broken"),
    "deny": ("denies", "denied"),
    "lie": ("lied", "lying"),
    "mislead": ("misled",),
    "pay": ("paid",),
    "lose": ("lost",),
    "bear": ("bore", "borne"),
    "hit": ("hitting",),
    "cost": ("costing",),
}


def _forms(verbs: tuple[str, ...]) -> list[str]:
    """Inflected forms of base verbs ("refuse" -> refuse, refuses, refused, refusing)."""
    forms = []
    for verb in verbs:
        stem = verb[:-1] if verb.endswith("e") else verb
        forms += [verb, verb + "s", verb + "es", stem + "ed", stem + "ing"]
        forms += list(_IRREGULAR.get(verb, ()))
    return forms


#: Words that may stand between a subject and its verb ("Moscow has repeatedly refused").
_BETWEEN = frozenset(
    "has have had is was were are be been will would did does do also again once still "
    "repeatedly already itself now then quickly not never n't yet".split()
)
_NEGATORS = frozenset({"not", "never", "n't"})
_CONTRACTED_NEGATION = ("n't", "n’t")  # "hasn't", "didn’t": one token, a negated auxiliary
_CLAUSE_BREAKS = frozenset(
    ', ; : ( ) — – " “ ” but while although though whereas because who which that'.split()
)

# --- actor: what the target is shown doing ------------------------------------------------

#: Reporting verbs that distance the outlet from what the target says ("Moscow claimed"):
#: the ``verb:`` cue of :func:`workbench.stance.word_cues` is worth
#: :data:`workbench.stance.DISTANCING_VALUE`.
DISTANCING_VERBS = ("claim", "allege", "insist", "purport")

#: Conduct verbs: what the target is shown doing, as the subject of the verb after it
#: (the ``verb:`` cue of :func:`workbench.stance.word_cues`, worth −/+
#: :data:`workbench.stance.CONDUCT_VALUE`).
NEGATIVE_CONDUCT = (
    "refuse",
    "ignore",
    "fail",
    "threaten",
    "break",
    "lie",
    "mislead",
    "block",
    "stonewall",
    "obstruct",
    "sabotage",
    "derail",
    "renege",
    "violate",
)
POSITIVE_CONDUCT = (
    "accept",
    "welcome",
    "help",
    "protect",
    "invite",
    "agree",
    "support",
    "settle",
    "share",
    "cooperate",
    "compromise",
    "respect",
    "apologise",
    "apologize",
)

# --- speaker and condemner ----------------------------------------------------------------

#: Verbs of condemnation. Their subject says that what follows is bad: the sentence's
#: negativity is the subject's reading of its object, not the outlet's of the subject
#: ("EU leaders condemned the attack"). (In NewsMTSC the subjects of these verbs are
#: labelled 6 times neutral, twice positive, once negative; those of "accuse", "blame",
#: "deny", "dismiss", "reject" mostly negative, so these are not among them.)
CONDEMNING_VERBS = (
    "condemn",
    "denounce",
    "decry",
    "deplore",
    "criticise",
    "criticize",
    "slam",
    "blast",
    "lambast",
    "rebuke",
    "censure",
)
_CONDEMNING = frozenset(_forms(CONDEMNING_VERBS)) | {"slammed", "slamming"}

#: Head nouns that make a subject of a mention before them ("EU officials said",
#: "Holm's spokesman said", "European governments condemned").
SPEAKER_HEADS = (
    "leader",
    "leaders",
    "official",
    "officials",
    "government",
    "governments",
    "minister",
    "ministers",
    "ministry",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "diplomat",
    "diplomats",
    "authorities",
    "capitals",
    "lawmakers",
    "politicians",
    "representatives",
    "envoy",
    "envoys",
    "ambassador",
    "office",
    "statement",
)
_HEADS = frozenset(SPEAKER_HEADS)

#: Longest aside between commas read through between a subject and its verb (tokens).
ASIDE_LENGTH = 12
_ASIDE_STOPS = frozenset('" “ ” ; : ( ) . but'.split())
#: "were quick to condemn": words (each followed by "to") read through before the verb.
_PASSIVE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_IRREGULAR_PARTICIPLES = frozenset({"said", "told", "written"})
_EAGER = frozenset({"quick", "swift", "rushed", "moved", "hurried", "hastened"})
#: Words that may follow a speaker named after its reporting verb before its clause ends
#: ("..., said Holm on Monday", "said Holm in a statement", "said Holm and Berg").
_AFTER_SPEAKER = frozenset(
    "on in at yesterday today tonight earlier later last this after before during when "
    "while and adding according".split()
)

#: Auxiliaries and modal verbs: after a mention, the verb of a clause the mention opens.
_AUXILIARIES = frozenset(
    "is are am was were be been being has have had do does did will would can could may "
    "might must shall should 'll cannot".split()
)


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    """One-word reporting verbs of the style lexicon (``workbench/lexicons/style.yaml``,
    ``attribution``: said, insists...)."""
    from workbench.terms import lexicon_words, read_lexicon

    entries = lexicon_words(read_lexicon("style"), "attribution", "style")
    return frozenset(entry.lower() for entry in entries if " " not in entry)


def speech_act(text: str, start: int, end: int) -> str:
    """What the mention ``text[start:end]`` does in the sentence, if it is the one who speaks.

    ``"condemns"`` when it is the subject of a verb of condemnation
    (:data:`CONDEMNING_VERBS`: "EU leaders condemned the attack") or its agent ("the
    strike was denounced by Brussels"); ``"speaks"`` when it is the subject of a
    reporting verb (``attribution`` of the style lexicon: "Holm said ...", "Moscow has
    insisted ...") or stands right after one and ends its clause ("...," said Holm", "said
    Holm's spokesman on Monday"); else ``""``. A mention right after a reporting verb that
    a verb follows opens the reported clause and is read as the subject of that clause
    ("Critics said families will pay more": ``""``; "Reports said EU leaders condemned
    the raid": ``"condemns"``); so is one followed by other words ("Critics accused Holm
    of lying", "urged Holm to resign").

    The subject may be the mention itself or a phrase it starts: a head noun of
    :data:`SPEAKER_HEADS` after it ("EU officials said", "Holm's spokesman said"), an
    aside between commas ("EU leaders, among them ..., said"), auxiliaries and adverbs
    ("has repeatedly said") and "quick to" ("were quick to condemn") may stand between
    it and the verb.
    """
    _, left, right = _sides(text, start, end)
    return _act(left, right)


def is_speaker(text: str, start: int, end: int) -> bool:
    """Whether the mention ``text[start:end]`` is who speaks in the sentence.

    True for "Holm said ...", "..., Holm says.", "Moscow has insisted ...", "...,"
    said Holm" and "EU leaders condemned ...": :func:`speech_act` is not ``""``.
    """
    return bool(speech_act(text, start, end))


def _is_participle(token: str) -> bool:
    """Whether *token* reads as a past participle after a form of "be" ("was accused",
    "were told"): a passive."""
    return token.endswith("ed") or token in _IRREGULAR_PARTICIPLES


def _starts_clause(left: list[str]) -> bool:
    """Whether a mention with *left* before it (nearest first) starts its clause: nothing,
    a punctuation mark or a word of :data:`_CLAUSE_OPENERS` before it."""
    return not (left and left[0][0].isalnum() and left[0] not in _CLAUSE_OPENERS)


def _act(left: list[str], right: list[str], at: int | None = None) -> str:
    """:func:`speech_act` of a mention read as its tokens (see :func:`_sides`); *at* is
    :func:`_after_subject` of *right* if the caller has it."""
    verbs = _speech_verbs()
    if left:
        if left[0] in verbs and _ends_clause(right):
            return "speaks"  # "..., said Holm.": not "Critics said families will pay"
        if left[0] == "by" and len(left) > 1 and left[1] in _CONDEMNING:
            return "condemns"
    at = _after_subject(right) if at is None else at
    negated = passive = False
    previous = ""
    for position, token in enumerate(right[at : at + 5], start=at):
        if token in _BETWEEN or token.endswith(_CONTRACTED_NEGATION):
            negated = negated or token in _NEGATORS or token.endswith(_CONTRACTED_NEGATION)
            passive = passive or token in _PASSIVE
        elif not (token in _EAGER or (token == "to" and previous in _EAGER)):
            if passive and _is_participle(token):
                return ""  # "Holm was accused", "Moscow was told": the target is spoken of
            if token in _CONDEMNING:
                return "" if negated else "condemns"
            if token in _CALLING and not negated and _names_it_badly(right, position):
                return "condemns"  # "calls it 'terrible'", "called the strike an attack"
            return "speaks" if token in verbs else ""
        previous = token
    return ""


#: "X calls Y <a harsh name>" condemns Y like "X condemned Y" (not "calls on", "calls for").
_CALLING = frozenset({"call", "calls", "called", "branded", "brands", "brand", "labelled"})
#: How far after the verb the harsh name may stand ("called the strike a deliberate attack").
CALLING_REACH = 8
#: How negative (VADER valence) a word must be to make the calling a condemnation.
HARSH_VALENCE = -1.5


def _names_it_badly(right: list[str], at: int) -> bool:
    """Whether the calling verb at ``right[at]`` names its object harshly: a word of
    VADER valence :data:`HARSH_VALENCE` or lower within
    :data:`CALLING_REACH` tokens, before a clause break, and the verb is no appeal ("call
    on", "called Wednesday for") nor "call off" / "call up" / "call out". On 2,000
    article-bias-prediction articles 257 sentences hold "<Name> called/calls/branded";
    20 read as condemnations at first (the misses: appeals with a word between the verb
    and "for"), 14 once those were read as appeals, 12 of them rightly (read one by one;
    "called Harris' criticism an 'incredible moment'" is not one)."""
    from workbench.polarity import _vader

    valences = _vader().lexicon
    following = right[at + 1 : at + 1 + CALLING_REACH]
    if following[:1] and following[0] in {"off", "up", "out"}:
        return False
    if any(token in {"on", "for"} for token in following[:3]):
        return False  # an appeal: "called on X to", "called Wednesday for", "not only for"
    for token in following:
        if token in _CLAUSE_BREAKS:
            return False
        if valences.get(token, 0.0) <= HARSH_VALENCE:
            return True
    return False


def _past_heads(right: list[str]) -> int:
    """Where *right* goes on after the subject phrase the mention starts: past a
    possessive "'s" before a head noun and up to three head nouns (:data:`SPEAKER_HEADS`;
    "Holm's spokesman", "EU officials")."""
    at = 0
    if right[:1] == ["'s"] and len(right) > 1 and right[1] in _HEADS:
        at = 1
    while at < len(right) and at < 3 and right[at] in _HEADS:
        at += 1
    return at


def _ends_clause(right: list[str]) -> bool:
    """Whether a mention after a reporting verb ends its clause, making it the speaker
    ("...," said Holm.", "said Holm's spokesman on Monday") rather than opening the
    reported clause ("Critics said families will pay more", "urged Holm to resign")."""
    at = _past_heads(right)
    if at >= len(right) or not right[at][0].isalnum():
        return True
    if right[at] not in _AFTER_SPEAKER:
        return False
    clause_verbs = _clause_verbs()
    for token in right[at : at + 8]:
        if not token[0].isalnum():
            return True
        if token in _AUXILIARIES or token in clause_verbs:
            return False  # "Critics said families in Orrin will pay more"
    return True


@lru_cache(maxsize=1)
def _clause_verbs() -> frozenset[str]:
    """Forms of the verbs the rules know (conduct, condemning, suffering, harming)."""
    suffering, harming, _ = _suffering_forms()
    conduct = frozenset(_forms(NEGATIVE_CONDUCT + POSITIVE_CONDUCT + DISTANCING_VERBS))
    return conduct | _CONDEMNING | suffering | harming


def _after_subject(right: list[str]) -> int:
    """Where the verb of a subject starting with the mention may begin in *right*: after a
    possessive and head nouns (:data:`SPEAKER_HEADS`) and one aside between commas."""
    at = _past_heads(right)
    if at < len(right) and right[at] == ",":
        for close in range(at + 1, min(len(right), at + 1 + ASIDE_LENGTH)):
            token = right[close]
            if token == ",":
                return close + 1 if close > at + 1 else at
            if token in _ASIDE_STOPS or token in _CONDEMNING or token in _speech_verbs():
                break
    return at


# --- blamed for inaction ------------------------------------------------------------------

#: "did little to", "has done nothing about": forms of "do", what was done, and the word
#: after it (not "did nothing wrong", which clears the subject).
_DO_FORMS = frozenset({"do", "does", "did", "done", "doing"})
_LITTLE = frozenset({"little", "nothing"})
_FAIL_FORMS = frozenset({"fail", "fails", "failed", "failing"})
#: Words read through before an inaction phrase besides :data:`_BETWEEN` ("has so far
#: done nothing to", "was too slow to").
_INACTION_BETWEEN = frozenset({"so", "far", "too", "very", "been"})

#: Nouns of words without deeds in a concession ("For all its strong words, ...").
CONCESSIVE_NOUNS = (
    "words",
    "talk",
    "promises",
    "pledges",
    "rhetoric",
    "bluster",
    "assurances",
    "announcements",
    "complaints",
)
_CONCESSIVE_NOUNS = frozenset(CONCESSIVE_NOUNS)
_POSSESSIVES = frozenset({"its", "their", "his", "her"})
#: Words that may stand right before a subject that starts its clause ("and the minister",
#: "many residents"), for :func:`_coordinated`.
_CLAUSE_OPENERS = frozenset(
    "and but so then yet the a an this these those many most some few several all both "
    "other our their its his her".split()
)


#: Words before a mention that make it the object of a preposition, not a subject ("the
#: first payment to families has yet to be decided").
_PREPOSITIONS = frozenset(
    "to for of on by with from at in into among about against over under between".split()
)
#: Words that end the search for a coordinated inaction ("X announced a review but has yet
#: to publish it"): the end of a sentence or a subordinate clause, whose verbs are another
#: subject's.
_COORDINATION_STOPS = frozenset(
    '. ; : ( ) — – " “ ” ? ! while although though whereas because who which that when '
    "if after before since until unless whether".split()
)
#: Longest stretch read after the subject for a coordinated inaction (tokens).
COORDINATION_REACH = 16


#: What an act done "without" lacks when the words blame its doer: due process, evidence
#: or warning ("imposed the levy without consultation", "claimed, without offering any
#: evidence, that ...", "filled the reservoir without warning").
PROCESS_NOUNS = (
    "consultation",
    "consulting",
    "evidence",
    "proof",
    "verification",
    "warning",
    "notice",
    "debate",
    "vote",
    "approval",
    "authorisation",
    "authorization",
    "permission",
    "consent",
    "study",
    "assessment",
    "analysis",
    "review",
    "explanation",
    "justification",
    "scrutiny",
    "oversight",
    "asking",
    "telling",
    "informing",
)
_PROCESS_NOUNS = frozenset(PROCESS_NOUNS)
_ARTICLES = frozenset({"the", "a", "an"})
#: Longest stretch read after the subject's verb for "without" (tokens).
PROCESS_REACH = 20
#: Words that may stand between "without" and its noun ("without a published impact study").
_PROCESS_GAP = 4
#: Words that make "without" a condition rather than a lapse ("cannot be sold without
#: approval", "no state shall, without consent, ...", "only with").
_REQUIREMENT = frozenset(
    "not never no cannot can't must shall should may might could would only unless if".split()
)
#: How far after a reporting verb "without" may stand to qualify the saying itself
#: ("claimed, without offering any evidence, that", "accused Scarborough without
#: evidence"), not the reported words ("said sharing information without permission").
_PROCESS_AFTER_SPEECH = 2


def _unchecked(left: list[str], right: list[str], at: int) -> str:
    """The words that blame a mention for acting without due process, evidence or warning
    (the ``process:`` cue of :func:`workbench.stance.word_cues`,
    :data:`workbench.stance.PROCESS_VALUE`), or ``""``: the mention starts its clause and
    is the subject of an active verb (auxiliaries and adverbs may stand between), and
    "without" follows in that clause within :data:`PROCESS_REACH` tokens, with a word of
    :data:`PROCESS_NOUNS` among the :data:`_PROCESS_GAP` words after it ("Arvenia filled
    the reservoir without consulting its neighbour", "Farrow signed off the contract
    without asking a single bus user"). After a reporting verb, "without" must qualify
    the saying ("Moscow claimed, without offering any evidence, that ...": within
    :data:`_PROCESS_AFTER_SPEECH` tokens), not the reported words. Not read: a target
    spoken of in the passive ("was dismissed without warning": the target undergoes it),
    a possessor ("Holm's levy was announced without ..."), a negation, modal or
    condition before "without" ("cannot be sold without approval"), or a subordinate
    or coordinated clause between (:data:`_COORDINATION_STOPS`, "but", ", and": "Velm
    signed the deal, and the council approved it without a vote")."""
    if not _starts_clause(left):
        return ""
    before = [token for token in left[:3] if token not in _ARTICLES]
    if before and before[0] in _PREPOSITIONS:
        return ""  # "as he did in the Canada case, without approval": not its subject
    verb, passive = at, False
    while verb < len(right) and (right[verb] in _BETWEEN or right[verb] == "being"):
        token = right[verb]
        if token in _REQUIREMENT or token in _NEGATORS or token.endswith(_CONTRACTED_NEGATION):
            return ""
        passive = passive or token in _PASSIVE
        verb += 1
    if verb >= len(right) or not right[verb][0].isalpha() or right[verb] in _PREPOSITIONS:
        return ""  # "Senator Reed of Rhode Island, ..., said": not followed by its verb
    if right[verb] in _REQUIREMENT or right[verb].endswith(_CONTRACTED_NEGATION):
        return ""  # "cannot sell the land without approval", "doesn't act without a vote"
    if passive and _is_participle(right[verb]):
        return ""  # "was dismissed without warning": the target undergoes it
    speaks = right[verb] in _speech_verbs()
    reach = verb + 1 + (_PROCESS_AFTER_SPEECH if speaks else PROCESS_REACH)
    for index in range(verb + 1, min(len(right), reach)):
        token = right[index]
        if token in _REQUIREMENT or token in _COORDINATION_STOPS or token == "but":
            return ""
        if token in {"and", "or"} and right[index - 1] == ",":
            return ""  # "Velm signed the deal, and the council approved it without a vote"
        if token == "without":
            for word in right[index + 1 : index + 1 + _PROCESS_GAP]:
                if not word[0].isalnum():
                    break
                if word in _PROCESS_NOUNS:
                    return f"without {word}"
            return ""
    return ""


def _inaction(
    left: list[str], right: list[str], at: int | None = None, mention: Sequence[str] = ()
) -> str:
    """The words that blame a mention for inaction or failure (the ``inaction:`` cue of
    :func:`workbench.stance.word_cues`, :data:`workbench.stance.INACTION_VALUE`), or
    ``""``: "yet to", "did little to", "done nothing about", "slow to", "failed to" after
    the subject (a head noun, auxiliaries and adverbs may stand between: "EU officials
    have so far done nothing to"), not negated ("was not slow to"), the mention not the
    object of a preposition ("the payment to families has yet to be decided"); or after
    another verb phrase of the subject, joined by "and" or "but" ("X announced a review but
    has yet to publish it", :func:`_coordinated`); or "for all <its> <words>" when the
    mention opens the main clause after that concession ("For all her warm words, the
    minister ..."), is its possessor ("For all Brannock's promises, it ...") or has it as
    an aside ("The minister, for all her promises, has ..."). *at* is
    :func:`_after_subject` of *right* if the caller has it; *mention* the mention's own
    tokens, to word the possessor's concession ("for all holm's promises").
    """
    at = _after_subject(right) if at is None else at
    if not (left and left[0] in _PREPOSITIONS):
        phrase = _inaction_at(right, at)
        if phrase is None:
            phrase = _coordinated(left, right, at)
        if phrase:
            return phrase
    return _concession(left, right, mention)


def _inaction_at(right: list[str], at: int, passive: bool = True) -> str | None:
    """The inaction phrase starting at ``right[at]`` (auxiliaries and adverbs may come
    first), ``""`` if it is negated (or, without *passive*, "yet to be ..."), ``None`` if
    there is none."""
    negated = False
    for index in range(at, min(len(right), at + 6)):
        token = right[index]
        following = right[index + 1 : index + 3]
        if token == "yet" and following[:1] == ["to"]:
            phrase = "yet to"
            if not passive and following[1:] == ["be"]:
                return ""  # "applied and have yet to be told": not their inaction
        elif (
            token in _DO_FORMS
            and following[:1]
            and following[0] in _LITTLE
            and (following[1:] and following[1] in {"to", "about"})
        ):
            phrase = " ".join([token, *following])
        elif token == "slow" and following[:1] == ["to"]:
            phrase = "slow to"
        elif token in _FAIL_FORMS and following[:1] == ["to"]:
            phrase = f"{token} to"
        elif (
            token in _BETWEEN or token in _INACTION_BETWEEN or token.endswith(_CONTRACTED_NEGATION)
        ):
            negated = negated or token in _NEGATORS or token.endswith(_CONTRACTED_NEGATION)
            continue
        else:
            return None
        return "" if negated else phrase
    return None


def _coordinated(left: list[str], right: list[str], at: int) -> str:
    """The inaction phrase right after "and" or "but" (auxiliaries and adverbs may stand
    between) within :data:`COORDINATION_REACH` tokens of the subject, in the same clause
    ("X have for years supplied A and have done nothing to B", "X announced a review but
    has yet to publish it"), else ``""``. The mention must start its clause (nothing, a
    punctuation mark or a word of :data:`_CLAUSE_OPENERS` before it) and be followed by a
    word, not a possessive; the first "and" or "but" followed by anything else (a new
    subject: "but the ministry has yet to") ends the search, and "yet to be ..." (what
    others have yet to do to the subject) does not count."""
    if not _starts_clause(left):
        return ""
    if at >= len(right) or not right[at][0].isalnum():
        return ""
    for index in range(at + 1, min(len(right), at + COORDINATION_REACH)):
        token = right[index]
        if token in _COORDINATION_STOPS:
            return ""
        if token in {"and", "but"}:
            return _inaction_at(right, index + 1, passive=False) or ""
    return ""


def _concession(left: list[str], right: list[str], mention: Sequence[str] = ()) -> str:
    """ "for all <its> <words>" when the mention is the subject the concession is about
    (see :func:`_inaction`), else ``""``; the possessor is worded as in the text ("for all
    her words", "for all holm's promises" with the *mention* tokens ``["holm"]``; "for all
    the promises" without them)."""
    aside = _past_heads(right)
    if right[aside : aside + 3] == [",", "for", "all"]:  # "The minister, for all her promises,"
        words: list[str] = []
        for token in right[aside + 3 : aside + 3 + ASIDE_LENGTH]:
            if token == ",":
                nouns = [noun for noun in words if noun in _CONCESSIVE_NOUNS]
                if words[:1] and words[0] in _POSSESSIVES and nouns:
                    return f"for all {words[0]} {nouns[0]}"
                return ""
            if token in _CLAUSE_BREAKS or not token[0].isalnum():
                return ""
            words.append(token)
        return ""
    if left[:1] == [","]:  # "For all its strong words about fairness, Brannock ..."
        for index in range(1, min(len(left) - 1, 12)):
            if left[index] in _CLAUSE_BREAKS or not left[index][0].isalnum():
                return ""
            if left[index] == "all" and left[index + 1] == "for":
                span = left[1:index]
                nouns = [word for word in span if word in _CONCESSIVE_NOUNS]
                if span and span[-1] in _POSSESSIVES and nouns:
                    return f"for all {span[-1]} {nouns[-1]}"
                return ""
        return ""
    if left[:2] == ["all", "for"] and right[:1] == ["'s"]:  # "For all Holm's promises, ..."
        for token in right[1:8]:
            if token in _CLAUSE_BREAKS or not token[0].isalnum():
                return ""
            if token in _CONCESSIVE_NOUNS:
                possessor = f"{' '.join(mention)}'s" if mention else "the"
                return f"for all {possessor} {token}"
    return ""


# --- sufferer -----------------------------------------------------------------------------

#: Verbs whose subject undergoes harm ("families face higher bills", "farmers are
#: struggling", "drivers will pay more"), as :func:`suffers` reads them.
SUFFERING_VERBS = (
    "suffer",
    "face",
    "pay",
    "lose",
    "struggle",
    "endure",
    "bear",
    "shoulder",
    "absorb",
    "fear",
)

#: Verbs whose object undergoes harm ("the rise will hit families", "it costs drivers
#: 20 minutes"); in the passive, their subject does ("tenants were hit", "farmers were
#: forced to sell").
HARMING_VERBS = (
    "hit",
    "hurt",
    "harm",
    "punish",
    "penalise",
    "penalize",
    "burden",
    "squeeze",
    "force",
    "cost",
    "threaten",
    "evict",
    "strand",
    "displace",
    "deprive",
    "kill",
    "injure",
    "wound",
    "overcharge",
)

#: Words a subject reads through before its verb, besides :data:`_BETWEEN`: modal verbs,
#: "to" ("forced to pay") and the auxiliaries of the passive and the progressive.
_SUFFERER_BETWEEN = frozenset(
    "will would can could may might must should shall 'll to being get gets got getting "
    "are am".split()
)

#: Words between a harming verb and its object ("will hit thousands of low-income families").
_OBJECT_GLUE = frozenset(
    "the a an many most some all our their its these those thousands hundreds millions of "
    "ordinary poor struggling typical average local low-income elderly older young "
    "working".split()
)

#: Prepositions of a short phrase after the subject ("Drivers in Kellport face ...").
_SUBJECT_PREPOSITIONS = frozenset({"in", "across", "from", "of", "on", "at", "around"})

#: Longest relative clause read through between a subject and its verb (tokens): enough
#: for "Pensioners [who rely on the 14 route to reach the hospital] fear ...". The
#: development taus are the same for 6, 8, 10 and 12.
RELATIVE_LENGTH = 10
_RELATIVES = frozenset({"who", "that"})
#: Words after "that" that show it opens a clause with a subject of its own.
_NOT_RELATIVE = frozenset(
    "they he she it we you i the a an this these those their his her its our".split()
)

#: Words after which a form of a suffering verb is not a main verb ("to pay", "their pay").
_NOT_BEFORE_VERB = frozenset("to the a an their his her its our my your this that".split())

#: Modal verbs of a verdict: "polluters should pay" says they deserve it.
_VERDICT = frozenset({"should", "ought"})

#: Participles of :data:`SUFFERING_VERBS` and "felt", whose agent suffers ("paid by
#: commuters", "the cost borne by families", "felt most by pensioners").
_SUFFERED_BY = frozenset("paid borne shouldered absorbed suffered endured faced lost felt".split())

#: Verbs whose subject (a cost, a burden) lands on the object of "on" ("the cost falls
#: hardest on families", "the rise weighs on pensioners").
_LANDING = frozenset("fall falls fell falling fallen weigh weighs weighed weighing".split())

#: Adverbs between a landing verb and "on" ("falls hardest on").
_LANDING_ADVERBS = frozenset(
    "hardest heaviest heavily most mostly squarely largely mainly chiefly directly "
    "disproportionately".split()
)

#: Nouns of a harm to whom "for", "to" or "on" names ("a blow to riders", "a burden on
#: families", "hardship for tenants").
HARM_NOUNS = (
    "burden",
    "blow",
    "hardship",
    "strain",
    "misery",
    "setback",
    "threat",
)
_HARM_NOUNS = frozenset([*HARM_NOUNS, *(noun + "s" for noun in HARM_NOUNS)])


@lru_cache(maxsize=1)
def _suffering_forms() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Forms of :data:`SUFFERING_VERBS`, active forms of :data:`HARMING_VERBS` and their
    past participles (read in the passive)."""
    harming = frozenset(_forms(HARMING_VERBS))
    participles = frozenset(
        form for form in harming if form.endswith("ed") or form in {"hit", "hurt", "cost"}
    )
    return frozenset(_forms(SUFFERING_VERBS)), harming, participles


def suffers(text: str, start: int, end: int) -> bool:
    """Whether the mention ``text[start:end]`` is who undergoes a harm in the sentence.

    True when it is the subject of a verb of :data:`SUFFERING_VERBS` ("Drivers in Kellport
    face longer journeys", "families will pay more", "tenants who struggle to pay"), the
    subject of a verb of :data:`HARMING_VERBS` in the passive ("pensioners will be hit",
    "farmers were forced to sell"), the object of one in the active ("the rise will hit
    low-income families", "it will cost a typical family 70 crowns"), or followed in its
    clause by "at a loss" ("family farms have been selling milk at a loss"). Also when it is
    the agent of a passive of :data:`SUFFERING_VERBS` ("the rise will be paid at the
    checkout by shoppers", "the cost borne by families"), what a cost falls or weighs on
    ("the burden falls hardest on pensioners and students") or to whom one of
    :data:`HARM_NOUNS` is done ("a heavy blow for riders", "the burden on families"). Not
    when the verb is negated ("families will not pay more", "the cut would not harm
    pensioners") or the clause is one that someone denies ("Lund rejected claims that the
    cut would hurt pensioners"; both :func:`hardship_denied`), nor when the target acts
    ("residents ignored the appeals"), is accused or criticised, nor when it "should"
    pay or suffer ("households that waste water should pay for it"): that is blame, which
    the model reads as it is. The subject may be followed by a short phrase ("in
    Kellport"), by auxiliaries, modal verbs and adverbs, and by a relative clause of up to
    :data:`RELATIVE_LENGTH` tokens ("tenants who struggle to pay", "Residents who fall
    behind are being threatened with eviction": the verb after the relative clause is its
    first auxiliary or finite suffering verb) before its verb.
    """
    _, left, right = _sides(text, start, end)
    return _suffers(left, right)


def _suffers(left: list[str], right: list[str]) -> bool:
    """:func:`suffers` of a mention read as its tokens (see :func:`_sides`)."""
    return _hardship(left, right) == "suffers"


def _suffering(left: list[str], right: list[str]) -> str:
    """``"suffers"`` when the mention undergoes a harm (:func:`suffers`), ``"negated"``
    when it would but the verb is negated ("families will not pay more", "the cut would
    not harm pensioners"), else ``""``."""
    suffering, harming, _ = _suffering_forms()
    # the object of a harming verb: "will hit (thousands of) families"
    at = _phrase_start(left)
    if at < len(left) and left[at] in harming:
        negators = left[at + 1 : at + 4]
        if any(word in _NEGATORS or word.endswith(_CONTRACTED_NEGATION) for word in negators):
            return "negated"  # "the cut would not harm pensioners"
        return "suffers"
    if _bears_from_the_left(left, at):
        return "suffers"
    # the subject, maybe with a relative clause or a short phrase after it
    at = 0
    if right[:1] and right[0] in _RELATIVES:
        at = -1  # "told families that they ...": "that" opens a clause of its own
        if len(right) > 1 and right[1] not in _NOT_RELATIVE:
            found, verb = _verb_suffers(right, 1)
            if found == "suffers":
                return found  # "tenants who struggle to pay"
            at = _main_verb(right, verb + 1)  # "Residents who fall behind are being evicted"
    elif right[:1] and right[0] in _SUBJECT_PREPOSITIONS:
        for close in range(2, 5):  # "in Kellport", "across the north"
            if close < len(right) and (
                right[close] in _BETWEEN
                or right[close] in _SUFFERER_BETWEEN
                or right[close] in suffering
            ):
                at = close
                break
    found = _verb_suffers(right, at)[0] if at >= 0 else ""
    if found:
        return found
    # "many family farms have been selling milk at a loss"
    clause = []
    for token in right[:12]:
        if token in _CLAUSE_BREAKS and token not in _RELATIVES:
            break
        clause.append(token)
    at_a_loss = any(clause[i : i + 3] == ["at", "a", "loss"] for i in range(len(clause)))
    return "suffers" if at_a_loss else ""


def _verb_suffers(right: list[str], at: int) -> tuple[str, int]:
    """Whether the verb group starting at ``right[at]`` tells that its subject suffers
    (``"suffers"``), would but is negated (``"negated"``) or neither (``""``), and where
    its main verb is (``len(right)`` when there is none)."""
    suffering, _, participles = _suffering_forms()
    negated = passive = False
    for index in range(at, min(len(right), at + 6)):
        token = right[index]
        if token in _BETWEEN or token in _SUFFERER_BETWEEN or token.endswith(_CONTRACTED_NEGATION):
            if token in _VERDICT:
                return "", index  # "households that waste water should pay": a verdict
            negated = negated or token in _NEGATORS or token.endswith(_CONTRACTED_NEGATION)
            passive = passive or token in _PASSIVE or token in {"get", "gets", "got", "getting"}
            continue
        if not ((passive and token in participles) or token in suffering):
            return "", index
        return ("negated" if negated else "suffers"), index
    return "", len(right)


def _main_verb(right: list[str], at: int) -> int:
    """Where the main clause's verb group starts after a relative clause ("[who fall
    behind] are being threatened", "[who rely on the bus] fear ..."): the first auxiliary,
    or finite form of :data:`SUFFERING_VERBS` not after "to" or a determiner, in the
    clause; −1 when there is none."""
    suffering = _suffering_forms()[0]
    for index in range(at, min(len(right), at + RELATIVE_LENGTH)):
        token = right[index]
        if token in _CLAUSE_BREAKS or not token[0].isalnum():
            return -1
        if token in _AUXILIARIES or (
            token in suffering
            and not token.endswith("ing")  # "who have trouble paying can ask": no main verb
            and right[index - 1] not in _NOT_BEFORE_VERB
        ):
            return index
    return -1


def _phrase_start(left: list[str]) -> int:
    """Where the word before the noun phrase a mention ends is in *left*: past words such
    as "thousands of", "low-income" (:data:`_OBJECT_GLUE`) and one conjunct before "and"
    or "or" ("on pensioners and students")."""
    at = 0
    while at < min(len(left), 4) and left[at] in _OBJECT_GLUE:
        at += 1
    if at + 1 < len(left) and left[at] in {"and", "or"} and left[at + 1][0].isalnum():
        at += 2  # the conjunct's noun
        while at < min(len(left), 8) and left[at] in _OBJECT_GLUE:
            at += 1
    return at


def _bears_from_the_left(left: list[str], at: int) -> bool:
    """Whether the words before a mention tell that it bears a harm: it is the agent of a
    suffering verb in the passive ("paid at the ticket machine by passengers"), what a
    cost falls on ("the burden falls hardest on pensioners") or to whom a harm is done ("a
    heavy blow for riders", "the burden on families"); *at* is :func:`_phrase_start`."""
    if at >= len(left):
        return False
    preposition, before = left[at], left[at + 1 : at + 7]
    if preposition == "by":
        for token in before:
            if token in _CLAUSE_BREAKS or not token[0].isalnum() or token in _NEGATORS:
                return False
            if token in _SUFFERED_BY:
                return not any(word in _NEGATORS for word in before[: before.index(token) + 3])
        return False
    if preposition not in {"on", "upon", "for", "to"}:
        return False
    if preposition in {"on", "upon"}:
        words = [token for token in before[:3] if token not in _LANDING_ADVERBS]
        if words[:1] and words[0] in _LANDING:
            return True
    return bool(before[:1]) and before[0] in _HARM_NOUNS


# --- denied hardship ----------------------------------------------------------------------

#: Verbs whose "that" clause, or the "that" clause of whose object (:data:`DENIED_NOUNS`),
#: is denied ("rejected claims that", "denied that"). Not the list of
#: ``workbench.claim_stance._DENIAL``, on purpose: there *disputed* is a hedge, not a
#: denial, and *rebut* is a denial; built from these lists, the claim grids change.
DENYING_VERBS = ("deny", "reject", "dismiss", "refute", "dispute")
_DENYING = frozenset(_forms(DENYING_VERBS))

#: Nouns of what is denied ("dismissed suggestions that", "rejected the claim that").
DENIED_NOUNS = (
    "claim",
    "suggestion",
    "fear",
    "warning",
    "report",
    "accusation",
    "allegation",
    "charge",
    "idea",
    "notion",
    "prediction",
)
_DENIED_NOUNS = frozenset([*DENIED_NOUNS, *(noun + "s" for noun in DENIED_NOUNS)])
#: Words between a denying verb and its noun ("rejected the claims that", "dismissed any
#: suggestion that", "firmly denied that").
_DENIAL_GLUE = frozenset({"the", "any", "all", "these", "those", "such", "firmly", "flatly"})

#: How far before the mention (tokens) the "that" of a denied clause is looked for, and
#: the tokens that end the search (another clause).
DENIAL_REACH = 20
_DENIAL_STOPS = frozenset('; : ( ) " “ ” . but while although though whereas because'.split())


def hardship_denied(text: str, start: int, end: int) -> bool:
    """Whether the mention ``text[start:end]`` would undergo a harm (as :func:`suffers`
    reads it) in a clause that someone denies, or its hardship is negated.

    Denied: the nearest "that" before the mention follows a verb of
    :data:`DENYING_VERBS`, directly or through one of :data:`DENIED_NOUNS` ("The minister
    rejected claims that the cut would burden pensioners", "the company denied that
    families would pay more", "dismissed any suggestion that tenants will struggle"), with
    no ";", ":", "but", parenthesis, quotation mark or reporting verb ("..., saying
    families would pay more") between. Negated: "families will not
    pay more", "insisted that the cut would not harm pensioners". What is denied is not
    the outlet's sympathy for the group; :func:`workbench.stance.mention_polarity`
    multiplies the model's reading of such a mention of a group by
    :data:`workbench.stance.DENIED_WEIGHT`.
    """
    _, left, right = _sides(text, start, end)
    return _hardship(left, right) == "denied"


def _hardship(left: list[str], right: list[str]) -> str:
    """``"suffers"`` when the mention suffers (:func:`_suffering`) in a clause no one
    denies, ``"denied"`` when it would suffer in a clause someone denies (:func:`_denied`:
    "Lund rejected claims that the cut would hurt pensioners") or its hardship is negated
    ("the cut would not harm pensioners"), else ``""``."""
    state = _suffering(left, right)
    if state == "suffers":
        return "denied" if _denied(left) else "suffers"
    return "denied" if state == "negated" else ""


def _denied(left: list[str]) -> bool:
    """Whether the clause a mention is in is one that someone denies: the nearest "that"
    before it follows a verb of :data:`DENYING_VERBS` ("denied that"), maybe through one
    of :data:`DENIED_NOUNS` ("rejected claims that", "dismissed any suggestion that"),
    with no stronger break (";", "but", a quotation mark) nor a reporting verb that opens
    a clause of its own ("..., saying families would pay more") between."""
    speech = _speech_verbs()
    for index in range(min(len(left), DENIAL_REACH)):
        token = left[index]
        if token in _DENIAL_STOPS or (token in speech and token not in _DENYING):
            return False
        if token != "that":
            continue
        before = [word for word in left[index + 1 : index + 4] if word not in _DENIAL_GLUE]
        if before[:1] and before[0] in _DENIED_NOUNS:
            before = before[1:]
        return bool(before[:1]) and before[0] in _DENYING
    return False
