"""The claim grid: relatedness, voice and polarity of sentences, and the cell they make."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbench import stance
from workbench.claim_stance import (
    CLAIM_EVIDENCE_COLUMNS,
    CLAIM_SENTENCE_COLUMNS,
    CLAIM_STANCE_COLUMNS,
    PREDICATE_SHARE,
    claim_evidence,
    claim_sentence_scores,
    claim_stance_table,
    claim_terms,
)
from workbench.corpus import load_event
from workbench.errors import ColumnError
from workbench.event import TARGET_COLUMNS
from workbench.prepare import sentence_table

DEV = Path(__file__).resolve().parent / "fixtures" / "claim-stance-dev"


class FixedModel:
    """The model seam: every sentence related; an article body (several sentences)
    unrelated with probability *body_unrelated*."""

    def __init__(self, body_unrelated: float = 0.0) -> None:
        self.body_unrelated = body_unrelated

    def predict_proba(self, pairs: pd.DataFrame) -> np.ndarray:
        body = pairs["body"].str.count(r"[.!?](?:\s|$)") > 1
        unrelated = np.where(body, self.body_unrelated, 0.0)
        related = 1.0 - unrelated
        return np.column_stack([0.5 * related, 0.2 * related, 0.3 * related, unrelated])


def sentences_of(texts: dict[str, str]) -> pd.DataFrame:
    """One article per source, its id the source in lower case."""
    articles = pd.DataFrame(
        {
            "article_id": [s.lower() for s in texts],
            "source": list(texts),
            "text": list(texts.values()),
        }
    )
    return sentence_table(articles)


def claims_of(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"claim_id": [f"c{i}" for i in range(len(texts))], "text": list(texts)})


def grid(
    texts: dict[str, str], *claims: str, targets: pd.DataFrame | None = None, body: float = 0.0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences = sentences_of(texts)
    claim_table = claims_of(*claims)
    scores = claim_sentence_scores(claim_table, sentences, targets=targets, model=FixedModel(body))
    table = claim_stance_table(scores, claim_table, sources=list(texts))
    return scores, table


MISTAKE = {
    "A": "The strike was not a mistake. Officials said the weather was fine.",
    "B": "The strike was a terrible mistake, the ministry said. "
    "Critics claimed the strike was a mistake.",
    "C": "Whether the strike was a mistake is unclear. The strike hit the station.",
}


# ------------------------------------------------------------------------------ claims
def test_claim_terms_split_subject_from_what_is_said_of_it() -> None:
    parts = claim_terms("The strike was a mistake.")
    assert parts.terms == ["strik", "mistak"]
    assert parts.subject == ["strik"]
    assert not parts.negated and parts.scope == []


def test_claim_terms_of_a_negated_claim_keep_what_the_negation_covers() -> None:
    parts = claim_terms("Passengers were not consulted before the decision.")
    assert parts.negated
    assert parts.scope == ["consult"]  # "before" ends the negated phrase


def test_a_target_name_in_a_claim_becomes_one_term() -> None:
    targets = pd.DataFrame(
        [("russia", "Russia", "country", ("Russia", "Moscow", "the Kremlin"))],
        columns=TARGET_COLUMNS,
    )
    parts = claim_terms("Russia deliberately targeted civilians.", targets=targets)
    assert parts.terms == ["@russia", "deliberat", "target", "civilian"]
    assert parts.subject == ["@russia"]


@pytest.mark.parametrize(
    ("claim", "subject"),
    [
        ("Orrin Water neglected repairs to the mains.", ["orrin", "water"]),
        ("The river's flow into Boreland fell by a third.", ["river", "flow", "boreland"]),
        ("Russia deliberately targeted civilians.", ["russia"]),  # the adverb is said of it
        ("The proposed plan is fair.", ["propos", "plan"]),  # a participle after "the"
        ("The strike hit a meeting.", ["strik"]),
    ],
)
def test_a_claims_subject_ends_at_its_verb_in_the_past(claim: str, subject: list[str]) -> None:
    assert claim_terms(claim).subject == subject


# --------------------------------------------------------------------------- sentences
def test_sentence_scores_keep_ids_offsets_and_columns() -> None:
    scores, _ = grid(MISTAKE, "The strike was a mistake.")
    assert list(scores.columns) == CLAIM_SENTENCE_COLUMNS
    assert len(scores) == 6
    texts = {s.lower(): t for s, t in MISTAKE.items()}
    sentences = sentences_of(MISTAKE).set_index("sentence_id")["text"]
    for row in scores.itertuples():
        assert texts[row.article_id][row.start : row.end] == sentences[row.sentence_id]


def test_overlap_is_the_idf_weighted_share_of_the_claim() -> None:
    scores, _ = grid(MISTAKE, "The strike was a mistake.")
    # six sentences: "strike" in five of them, "mistake" in four
    strike, mistake = math.log(7 / 6) + 1, math.log(7 / 5) + 1
    rows = scores.set_index("sentence_id")
    assert rows.loc["c:1", "overlap"] == pytest.approx(strike / (strike + mistake))
    assert rows.loc["a:0", "overlap"] == pytest.approx(1.0)
    assert rows.loc["a:1", "overlap"] == 0.0
    assert rows.loc["a:0", "related"] == pytest.approx(1.0)  # the model calls it related


@pytest.mark.parametrize(
    ("sentence_id", "label", "voice", "cue"),
    [
        ("a:0", "disagree", "authorial", "negation"),
        ("a:1", "unrelated", "authorial", ""),
        ("b:0", "agree", "reported", "adopted"),  # "..., the ministry said."
        ("b:1", "discuss", "reported", "attributed"),  # "Critics claimed ..."
        ("c:0", "discuss", "authorial", "hedge"),  # "Whether ... is unclear."
        ("c:1", "unrelated", "authorial", "subject only"),  # names the strike only
    ],
)
def test_each_sentence_gets_a_verdict(sentence_id, label, voice, cue) -> None:
    scores, _ = grid(MISTAKE, "The strike was a mistake.")
    row = scores.set_index("sentence_id").loc[sentence_id]
    assert (row["label"], row["voice"], row["cue"]) == (label, voice, cue)


def test_aliases_of_a_target_match_its_name_in_the_claim() -> None:
    targets = pd.DataFrame(
        [("russia", "Russia", "country", ("Russia", "Moscow", "the Kremlin"))],
        columns=TARGET_COLUMNS,
    )
    texts = {"X": "Moscow targeted civilians in the square.", "Y": "Russia was silent."}
    with_aliases, _ = grid(texts, "Russia targeted civilians.", targets=targets)
    without, _ = grid(texts, "Russia targeted civilians.")
    assert with_aliases.set_index("sentence_id").loc["x:0", "matched"] == (
        "@russia",
        "target",
        "civilian",
    )
    assert without.set_index("sentence_id").loc["x:0", "matched"] == ("target", "civilian")


def test_terms_are_found_where_each_sentence_read_alone_finds_them() -> None:
    """The event-wide index of stems and target names finds, sentence by sentence, the
    token positions that matching every term against the sentence's own tokens finds."""
    from workbench.claim_stance import _alias_patterns, _Claim, _EventSentences, _matches

    targets = pd.DataFrame(
        [("russia", "Russia", "country", ("Russia", "Moscow", "the Kremlin"))],
        columns=TARGET_COLUMNS,
    )
    texts = {
        "X": "Moscow's strikes targeted civilians. The Kremlin denied targeting anyone.",
        "Y": "Russia was silent.\n\nRussian protection of civilians is a myth, inspectors said.",
        "Z": "Inspection teams protected 12 civilians; the Kremlin-backed media protested.",
    }
    sentences = sentences_of(texts)
    claim = claim_terms("Russia targeted civilians, inspectors protect 12 people.", targets=targets)
    event = _EventSentences(sentences, targets, {})
    found = event.found(_Claim("c", claim.terms, set(claim.terms), False, set()))
    expected = {}
    for row in range(len(sentences)):
        terms = {t: _matches(t, event.sentence(row)) for t in claim.terms}
        if any(terms.values()):
            expected[row] = {t: at for t, at in terms.items() if at}
    assert found == expected
    assert {term for terms in found.values() for term in terms} >= {"@russia", "civilian"}
    (target_id, pattern), *_ = _alias_patterns(targets)
    for row, sentence in enumerate(sentences.itertuples()):
        spans = [
            (sentence.start + m.start(), sentence.start + m.end())
            for m in pattern.finditer(sentence.text)
        ]
        assert event.sentence(row).targets == ({target_id: spans} if spans else {})


def test_a_claim_is_found_in_its_near_synonyms() -> None:
    """A sentence that retells the claim in other words (talks/negotiations, making
    progress/moving forward) relates to it as much as one in the claim's own words;
    "making" is a light verb, not a term."""
    assert claim_terms("The talks are making progress.").terms == ["talk", "progress"]
    texts = {
        "A": "The talks are making progress.",
        "B": "The negotiations are moving forward.",
        "C": "The negotiations moved on to fishing quotas.",  # "move" without "forward"
        "D": "Officials described the negotiations as moving forward.",
    }
    scores, table = grid(texts, "The talks are making progress.")
    rows = scores.set_index("sentence_id")
    assert rows.loc["a:0", "overlap"] == rows.loc["b:0", "overlap"] == pytest.approx(1.0)
    assert rows.loc["b:0", "matched"] == ("talk", "progress")
    assert (rows.loc["c:0", "label"], rows.loc["c:0", "cue"]) == ("unrelated", "subject only")
    labels = table.set_index("source")["label"]
    assert list(labels) == ["agree", "agree", "absent", "discuss"]


def test_a_phrase_synonym_matches_only_its_words_in_a_row() -> None:
    from workbench.claim_stance import _forms, _matches

    assert ("mov", "forward") in _forms("progress")
    assert _forms("@russia") == (("@russia",),) and _forms("12") == (("12",),)
    sentences = sentences_of({"A": "Talks moved forward.", "B": "They moved the forward base."})
    event_rows = {row.sentence_id: row for row in sentences.itertuples()}
    assert set(event_rows) == {"a:0", "b:0"}
    from workbench.claim_stance import _EventSentences

    event = _EventSentences(sentences, None, {})
    assert _matches("progress", event.sentence(0)) == [1, 2]
    assert _matches("progress", event.sentence(1)) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The levy is meant to protect dairy farms.",
        "The levy is designed to protect dairy farms.",
        "The levy is supposed to protect dairy farms.",
        "The levy aims to protect dairy farms.",
    ],
)
def test_a_purpose_is_not_an_outcome(sentence: str) -> None:
    scores, table = grid({"H": sentence}, "The levy will protect dairy farms.")
    row = scores.iloc[0]
    assert (row["label"], row["cue"]) == ("discuss", "hedge")
    assert table.loc[0, "label"] == "discuss"
    # the outcome itself, in the outlet's voice
    _, asserted = grid(
        {"H": "The levy will protect dairy farms."}, "The levy will protect dairy farms."
    )
    assert asserted.loc[0, "label"] == "agree"


def test_a_report_framed_as_ignoring_the_facts_is_disputed() -> None:
    texts = {
        "F": "Statements describing the change as a breach of contract ignore the facts.",
        "G": "The union described the change as a breach of contract.",
    }
    scores, table = grid(texts, "The change was a breach of contract.")
    rows = scores.set_index("sentence_id")
    assert (rows.loc["f:0", "label"], rows.loc["f:0", "cue"]) == ("disagree", "discredited")
    assert (rows.loc["g:0", "label"], rows.loc["g:0", "cue"]) == ("discuss", "attributed")
    assert list(table["label"]) == ["disagree", "discuss"]


def test_a_passing_sentence_in_the_outlets_voice_does_not_outvote_a_report() -> None:
    """Only a sentence that takes up the claim by itself (``related`` at least the
    threshold) decides as the outlet's own voice; one that shares a word or two with the
    claim counts, but not first."""
    texts = {
        "W": "The union accused the company of breaking the crew contract. "
        "The company employs 240 crew.",
        "X": "Crew members met. The company runs ferries. Crew pay rose.",
    }
    scores, table = grid(texts, "The company broke the crew contract.")
    rows = scores.set_index("sentence_id")
    assert (rows.loc["w:1", "label"], rows.loc["w:1", "cue"]) == ("agree", "assert")
    assert 0.25 <= rows.loc["w:1", "related"] < 0.4
    assert table.loc[0, "label"] == "discuss"
    assert table.loc[0, "evidence"] == ("w:0", "w:1")
    assert table.loc[1, "label"] == "absent"  # X only shares words with the claim


def test_a_report_refuted_in_the_next_sentence_is_disputed() -> None:
    texts = {"K": "The ministry claimed that the strike hit a military meeting. This is a lie."}
    scores, table = grid(texts, "The strike hit a military meeting.")
    row = scores.set_index("sentence_id").loc["k:0"]
    assert (row["label"], row["cue"]) == ("disagree", "refuted next")
    assert table.loc[0, "label"] == "disagree"


@pytest.mark.parametrize(
    ("claim", "sentence", "label", "cue"),
    [
        ("The talks are making progress.", "The talks have stalled.", "disagree", "antonym"),
        ("The talks are making progress.", "The talks have not stalled.", "agree", "assert"),
        ("The talks are making progress.", "The talks went nowhere.", "disagree", "antonym"),
        ("Fares will rise.", "Fares will fall.", "disagree", "antonym"),
        ("Fares will fall.", "Fares will go up.", "disagree", "antonym"),
        ("The levy will protect farms.", "The levy will harm farms.", "disagree", "antonym"),
        ("The levy will protect farms.", "The levy will not harm farms.", "agree", "assert"),
        ("The ballot was lawful.", "The ballot was unlawful.", "disagree", "antonym"),
        ("Prices will rise sharply.", "Prices will rise slightly.", "disagree", "antonym"),
        ("People were not in immediate danger.", "People were safe.", "agree", "assert"),
    ],
)
def test_a_claim_said_with_its_opposite(claim: str, sentence: str, label: str, cue: str) -> None:
    """An antonym of the claim's predicate beside its subject says the opposite; a negated
    antonym says the claim."""
    scores, table = grid({"A": sentence}, claim)
    row = scores.iloc[0]
    assert (row["label"], row["cue"], row["voice"]) == (label, cue, "authorial")
    assert row["overlap"] == pytest.approx(1.0)  # the opposite is a way of saying the term
    assert table.loc[0, "label"] == label


def test_an_opposite_counts_only_in_a_clause_with_the_claims_subject() -> None:
    texts = {
        "A": "Fuel costs fell sharply.",  # not the fares
        "B": "Fares will rise, while fuel costs fall.",  # the fall is the costs'
        "C": "Fares will rise, the operator said, as wages went down.",
    }
    scores, table = grid(texts, "Fares will rise.")
    rows = scores.set_index("sentence_id")
    assert rows.loc["a:0", "matched"] == ()
    assert (rows.loc["b:0", "label"], rows.loc["b:0", "polarity"]) == ("agree", 1)
    assert rows.loc["c:0", "polarity"] == 1
    assert list(table["label"]) == ["absent", "agree", "agree"]


def test_an_opposite_degree_counts_only_beside_what_it_qualifies() -> None:
    texts = {"A": "The levy will barely raise prices.", "B": "The levy was barely debated."}
    scores, table = grid(texts, "The levy will raise prices sharply.")
    rows = scores.set_index("sentence_id")
    assert (rows.loc["a:0", "label"], rows.loc["a:0", "cue"]) == ("disagree", "antonym")
    assert rows.loc["b:0", "matched"] == ("levy",)  # "barely" qualifies nothing of the claim
    assert list(table["label"]) == ["disagree", "absent"]


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Rents will rise by at most 2% a year.", "disagree"),
        ("Rents will go up by no more than 2% a year.", "disagree"),
        ("Rents will not rise by more than 2% a year.", "disagree"),
        ("Rents will rise sharply.", "agree"),
        # the bound is the people's, not the rise's: too far from the claim's words
        ("At most 40 people attended the hearing on rents.", "agree"),
    ],
)
def test_an_upper_bound_limits_a_degree(sentence: str, label: str) -> None:
    """*at most* / *no more than* beside the claim's predicate say the rise is slight
    (the model seam here calls every sentence related, so a sentence naming rents at all
    reads ``agree``)."""
    _, table = grid({"A": sentence}, "The rules will raise rents sharply.")
    assert table.loc[0, "label"] == label


def test_a_general_statement_does_not_deny_what_was_done() -> None:
    """A present-tense "are not" states a rule ("Civilians are not targets"), it neither
    denies nor asserts that civilians were targeted; a past-tense negation denies it."""
    texts = {
        "A": "Civilians are not targets.",
        "B": "Russia did not target civilians.",
        "C": "Civilians were not targeted by Russia.",
    }
    scores, table = grid(texts, "Russia deliberately targeted civilians.")
    rows = scores.set_index("sentence_id")
    assert (rows.loc["a:0", "label"], rows.loc["a:0", "cue"]) == ("discuss", "hedge")
    assert rows.loc["b:0", "label"] == "disagree"
    assert rows.loc["c:0", "label"] == "disagree"
    assert list(table["label"]) == ["discuss", "disagree", "disagree"]


def test_a_negation_that_opens_a_hedge_leaves_the_claim_open() -> None:
    """*is not yet known* hedges what it follows; it does not deny it."""
    texts = {
        "A": "Whether owners will sell and reduce the number of homes is not yet known.",
        "B": "Owners will not sell or reduce the number of homes.",
    }
    scores, table = grid(texts, "Owners will reduce the number of homes.")
    rows = scores.set_index("sentence_id")
    assert (rows.loc["a:0", "label"], rows.loc["a:0", "cue"]) == ("discuss", "hedge")
    assert rows.loc["b:0", "label"] == "disagree"
    assert list(table["label"]) == ["discuss", "disagree"]


def test_the_opposites_are_no_way_of_saying_the_word_itself() -> None:
    """No expression of the lexicon is both a form and an opposite of one claim word."""
    from workbench.claim_stance import (
        OPPOSITE_DEGREES,
        OPPOSITES,
        _forms,
        _opposite_forms,
        _stem,
    )

    words = {word for pair in (*OPPOSITES, *OPPOSITE_DEGREES) for side in pair for word in side}
    for word in words:
        if " " in word:
            continue
        term = _stem(word)
        opposites, _ = _opposite_forms(term)
        assert opposites, word
        assert not set(opposites) & set(_forms(term)), word
    assert _opposite_forms("@russia") == ((), False)
    assert ("stall",) in _opposite_forms("progress")[0]
    assert _opposite_forms("sharp")[1] and not _opposite_forms("progress")[1]


CONTRAST_CLAIM = "The tariff will sharply raise dairy prices."


@pytest.mark.parametrize(
    ("text", "label", "cue"),
    [
        # the outlet answers the report with the claim's opposite
        (
            "Critics say the tariff will sharply raise dairy prices, "
            "but dairy prices have fallen since it took effect.",
            "disagree",
            "countered",
        ),
        # ... or with the claim, answering a report of its opposite
        (
            "The ministry says the tariff will barely raise dairy prices, "
            "but dairy prices have already risen sharply.",
            "agree",
            "countered",
        ),
        (
            "Critics say the tariff will sharply raise dairy prices, but it will not.",
            "disagree",
            "countered",
        ),
        (
            "Critics say the tariff will sharply raise dairy prices, "
            "but there is no evidence for that.",
            "disagree",
            "countered",
        ),
        # an answer that does not contradict the report, or that is someone else's
        (
            "Critics say the tariff will sharply raise dairy prices, "
            "but the tariff only starts in July.",
            "discuss",
            "attributed",
        ),
        (
            "Critics say the tariff will sharply raise dairy prices, "
            "but the ministry says dairy prices will fall.",
            "discuss",
            "attributed",
        ),
        (
            "Critics say the tariff will sharply raise dairy prices, "
            "but dairy prices have risen sharply already.",
            "discuss",
            "attributed",
        ),
    ],
)
def test_a_report_the_outlet_contradicts_in_a_contrast_clause(
    text: str, label: str, cue: str
) -> None:
    scores, table = grid({"A": text}, CONTRAST_CLAIM)
    row = scores.iloc[0]
    assert (row["voice"], row["label"], row["cue"]) == ("reported", label, cue)
    assert table.loc[0, "label"] == label


def test_a_report_the_outlet_contradicts_in_the_next_sentence() -> None:
    texts = {
        "A": "Officials say the talks are making progress. "
        "But the talks have been deadlocked for weeks.",
        "B": "Officials say the talks are making progress. "
        "But both sides will meet again on Friday.",
        "C": "Officials say the talks are making progress. "
        "However, union leaders say the talks have stalled.",
    }
    scores, table = grid(texts, "The talks are making progress.")
    rows = scores.set_index("sentence_id")
    assert (rows.loc["a:0", "label"], rows.loc["a:0", "cue"]) == ("disagree", "countered next")
    assert (rows.loc["a:1", "label"], rows.loc["a:1", "cue"]) == ("disagree", "antonym")
    assert (rows.loc["b:0", "label"], rows.loc["b:0", "cue"]) == ("agree", "adopted")
    assert rows.loc["c:0", "cue"] != "countered next"  # the answer is the union's
    assert list(table["label"]) == ["disagree", "agree", "discuss"]


def test_a_denial_says_the_opposite_of_what_it_denies() -> None:
    texts = {"F": "Officials dismissed suggestions that the tariff breaks trade rules."}
    scores, table = grid(texts, "The tariff breaks trade rules.")
    row = scores.set_index("sentence_id").loc["f:0"]
    assert (row["label"], row["cue"], row["polarity"]) == ("disagree", "adopted", -1)
    assert table.loc[0, "label"] == "disagree"


@pytest.mark.parametrize(
    ("sentence", "label", "cue"),
    [
        ("Arvenia refused to share its measurements.", "disagree", "negation"),
        ("Arvenia has declined to share its measurements.", "disagree", "negation"),
        ("Arvenia failed to share its measurements in time.", "disagree", "negation"),
        ("Arvenia shared its measurements.", "agree", "assert"),
        ("Arvenia refused to hide its measurements and shared them.", "agree", "assert"),
    ],
)
def test_a_refusal_says_that_what_is_refused_is_not_done(
    sentence: str, label: str, cue: str
) -> None:
    scores, _ = grid({"R": sentence}, "Arvenia has offered to share its measurements.")
    row = scores.iloc[0]
    assert (row["label"], row["cue"]) == (label, cue)


def test_a_refusal_that_is_the_claims_own_word_says_the_claim() -> None:
    scores, _ = grid(
        {"R": "Arvenia refused to share its measurements."}, "Arvenia refused to share."
    )
    assert (scores.loc[0, "label"], scores.loc[0, "cue"]) == ("agree", "assert")


def test_a_reporting_word_after_without_is_no_report() -> None:
    """*warning* is a reporting cue, but *without warning* names nobody speaking."""
    claim = "The company raised its prices."
    scores, _ = grid({"W": "The company raised its prices without warning."}, claim)
    assert tuple(scores.loc[0, ["label", "voice", "cue"]]) == ("agree", "authorial", "assert")
    scores, _ = grid({"W": "Critics warned that the company raised its prices."}, claim)
    assert tuple(scores.loc[0, ["label", "voice"]]) == ("discuss", "reported")


@pytest.mark.parametrize(
    ("following", "label", "cue"),
    [
        ("They are not: the union has walked out twice.", "disagree", "refuted next"),
        ("It is not.", "disagree", "refuted next"),
        ("They are not happy with the pace.", "discuss", "attributed"),
    ],
)
def test_a_report_answered_by_an_elliptic_denial_is_disputed(
    following: str, label: str, cue: str
) -> None:
    texts = {"K": f"Commuters have been told that the talks are moving forward. {following}"}
    scores, _ = grid(texts, "The talks are making progress.")
    row = scores.set_index("sentence_id").loc["k:0"]
    assert (row["label"], row["cue"]) == (label, cue)


@pytest.mark.parametrize(
    ("speaker", "label", "cue"),
    [
        ("a source close to the investigation", "discuss", "attributed"),
        ("an official who asked not to be named", "discuss", "attributed"),
        ("the fire chief", "agree", "adopted"),
    ],
)
def test_a_source_the_outlet_does_not_name_speaks_for_one_side(
    speaker: str, label: str, cue: str
) -> None:
    texts = {"S": f"The fire was started deliberately, {speaker} told the Star."}
    scores, _ = grid(texts, "The fire was started deliberately.")
    assert (scores.loc[0, "label"], scores.loc[0, "cue"]) == (label, cue)


def test_words_inside_an_organisations_name_do_not_say_the_claims_words() -> None:
    """*Water* in *Orrin Water* is no water; a group's alias keeps its words."""
    targets = pd.DataFrame(
        [
            ("orrin_water", "Orrin Water", "organisation", ("Orrin Water", "the utility")),
            ("savers", "water savers", "group", ("water savers",)),
        ],
        columns=TARGET_COLUMNS,
    )
    texts = {
        "A": "Orrin Water said households can pay in instalments.",
        "B": "Households waste water.",
        "C": "Water savers say households pay too much.",
    }
    scores, _ = grid(texts, "Households waste water.", targets=targets)
    matched = scores.set_index("sentence_id")["matched"]
    assert matched["a:0"] == ("household",)
    assert matched["b:0"] == ("household", "wast", "water")
    assert matched["c:0"] == ("household", "water")


def test_a_compound_is_not_the_word_it_starts_with() -> None:
    scores, _ = grid(
        {"A": "Households can ask for the WaterAssist discount.", "B": "The watering can."},
        "Households waste water.",
    )
    matched = scores.set_index("sentence_id")["matched"]
    assert matched["a:0"] == ("household",)
    assert matched["b:0"] == ("water",)  # an ending is still the word


def test_a_sentence_holding_little_of_the_predicate_does_not_take_the_claim_up() -> None:
    """Subject and one common word of the predicate: related is scaled down by the share
    of the predicate the sentence holds (PREDICATE_SHARE)."""
    texts = {
        "A": "Orrin households wasted scarce water.",
        "B": "Orrin households pay for their water. " + "Water is clean. " * 7,
    }
    scores, table = grid(texts, "Orrin households wasted scarce water.")
    row = scores.set_index("sentence_id").loc["b:0"]
    assert row["predicate_overlap"] < PREDICATE_SHARE
    assert row["related"] == pytest.approx(row["overlap"] * row["predicate_overlap"] / 0.3)
    assert row["related"] < 0.4 <= row["overlap"]
    assert table.set_index("source")["label"].to_dict() == {"A": "agree", "B": "absent"}


def test_a_quote_that_says_a_negated_claim_agrees_with_it() -> None:
    texts = {"M": '"There was no immediate danger to people," the engineer said.'}
    scores, table = grid(texts, "People were not in immediate danger.")
    row = scores.set_index("sentence_id").loc["m:0"]
    assert (row["voice"], row["label"], row["polarity"]) == ("quoted", "agree", 1)
    assert table.loc[0, "label"] == "agree"


# -------------------------------------------------------------------------------- grid
def test_the_grid_takes_the_outlets_voice_first_then_the_strongest_report() -> None:
    _, table = grid(MISTAKE, "The strike was a mistake.", "The bridge collapsed.")
    assert list(table.columns) == CLAIM_STANCE_COLUMNS
    cells = table.set_index(["source", "claim_id"])
    assert cells.loc[("A", "c0"), "label"] == "disagree"
    assert cells.loc[("A", "c0"), "evidence"] == ("a:0",)
    assert cells.loc[("A", "c0"), "confidence"] == pytest.approx(1.0)
    # B: adopted "agree" (1.0 × 0.8) beats the attributed "discuss" (1.0 × 0.7)
    assert cells.loc[("B", "c0"), "label"] == "agree"
    assert cells.loc[("B", "c0"), "evidence"] == ("b:0", "b:1")
    assert cells.loc[("B", "c0"), "n_related"] == 2
    assert cells.loc[("B", "c0"), "p_agree"] == pytest.approx(0.8 / 1.5)
    assert cells.loc[("B", "c0"), "p_discuss"] == pytest.approx(0.7 / 1.5)
    assert cells.loc[("B", "c0"), "confidence"] == pytest.approx(0.8 / 1.5)
    assert cells.loc[("C", "c0"), "label"] == "discuss"
    # nobody writes about a bridge
    for source in MISTAKE:
        cell = cells.loc[(source, "c1")]
        assert (cell["label"], cell["confidence"], cell["evidence"]) == ("absent", 1.0, ())


def test_voices_on_both_sides_without_the_outlets_own_make_a_discussion() -> None:
    texts = {
        "W": "The institute said runoff caused the deaths. "
        "The farmers said runoff did not cause the deaths."
    }
    scores, table = grid(texts, "Runoff caused the deaths.")
    labels = scores.set_index("sentence_id")["label"]
    assert (labels["w:0"], labels["w:1"]) == ("agree", "disagree")
    assert table.loc[0, "label"] == "discuss"
    evidence = claim_evidence(scores, "W", "c0")
    assert set(evidence.loc[evidence["counts"], "cue"]) == {"two sides"}


def test_a_body_the_model_calls_unrelated_leaves_the_claim_out() -> None:
    # "costly" is used elsewhere, so Z's sentences hold most of the claim, not all of it
    texts = {
        "Z": "The strike was a mistake. The strike was a mistake again.",
        "Y": "Costly repairs followed.",
    }
    _, related = grid(texts, "The strike was a costly mistake.")
    _, unrelated = grid(texts, "The strike was a costly mistake.", body=0.95)
    assert related.loc[0, "label"] == "agree"
    assert unrelated.loc[0, "label"] == "absent"
    assert unrelated.loc[0, "confidence"] == pytest.approx(0.95)


def test_a_sentence_holding_the_whole_claim_outweighs_the_models_doubt() -> None:
    """The model judges relatedness by shared words: a paraphrase that holds every term
    of the claim keeps the claim in even where the model calls the article unrelated."""
    texts = {
        "P": "The negotiations are moving forward. The weather was fine.",
        "Q": "The talks resumed on Monday.",
    }
    scores, table = grid(texts, "The talks are making progress.", body=0.95)
    assert scores.set_index("sentence_id").loc["p:0", "overlap"] == pytest.approx(1.0)
    assert table.set_index("source").loc["P", "label"] == "agree"
    assert table.set_index("source").loc["Q", "label"] == "absent"  # names the talks only


def test_a_sentence_holding_the_whole_predicate_outweighs_the_models_doubt() -> None:
    """So does a paraphrase that takes the claim up and holds all of what it says of its
    subject, the subject being named in other words or not at all."""
    texts = {
        "P": "The talks are moving forward. The weather was fine.",
        "Q": "The pay talks resumed on Monday. The weather was fine.",
    }
    scores, table = grid(texts, "The pay talks are making progress.", body=0.95)
    row = scores.set_index("sentence_id").loc["p:0"]
    assert row["overlap"] < 1.0 and row["predicate_overlap"] == pytest.approx(1.0)
    assert table.set_index("source")["label"].to_dict() == {"P": "agree", "Q": "absent"}


def test_evidence_lists_the_cells_sentences_first_with_their_offsets() -> None:
    scores, _ = grid(MISTAKE, "The strike was a mistake.")
    evidence = claim_evidence(scores, "B", "c0", n=5)
    assert list(evidence.columns) == CLAIM_EVIDENCE_COLUMNS
    assert list(evidence["sentence_id"]) == ["b:0", "b:1"]
    assert list(evidence["counts"]) == [True, True]
    text = MISTAKE["B"]
    assert text[evidence.loc[0, "start"] : evidence.loc[0, "end"]].startswith("The strike was")
    absent = claim_evidence(scores, "A", "c0", n=5)
    assert list(absent["sentence_id"]) == ["a:0", "a:1"]  # the counting one, then the rest
    assert list(absent["counts"]) == [True, False]


def test_the_grid_names_a_missing_column() -> None:
    scores, _ = grid(MISTAKE, "The strike was a mistake.")
    with pytest.raises(ColumnError, match="'cue'"):
        claim_stance_table(scores.drop(columns="cue"), claims_of("x"), sources=["A"])


def test_stance_module_names_stay_for_callers() -> None:
    sentences = sentences_of(MISTAKE)
    claims = claims_of("The strike was a mistake.")
    scores = stance.claim_sentence_scores(claims, sentences, model=FixedModel())
    pd.testing.assert_frame_equal(
        stance.claim_stance_table(scores, claims, sources=list(MISTAKE)),
        claim_stance_table(scores, claims, sources=list(MISTAKE)),
    )
    pd.testing.assert_frame_equal(
        stance.claim_evidence(scores, "B", "c0"), claim_evidence(scores, "B", "c0")
    )


# -------------------------------------------------------------------- development set
def grid_cells(folder: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(article id, claim id) -> (annotated label, label read) of one event's claim grid."""
    loaded = load_event(folder)
    scores = claim_sentence_scores(loaded.claims, loaded.sentences, targets=loaded.targets)
    cells = claim_stance_table(scores, loaded.claims, sources=loaded.sources)
    label = cells.set_index(["source", "claim_id"])["label"]
    source = dict(zip(loaded.articles["article_id"], loaded.articles["source"]))
    return {
        (article_id, claim_id): (truth, label[(source[article_id], claim_id)])
        for article_id, annotation in loaded.annotations["articles"].items()
        for claim_id, truth in annotation.get("claims", {}).items()
    }


def grid_agreement(folder: Path) -> tuple[int, int]:
    """(cells read as annotated, annotated cells) of one event's claim grid."""
    pairs = grid_cells(folder).values()
    return sum(truth == found for truth, found in pairs), len(pairs)


#: A development event written to check one rule (upper bounds as degrees), not to tune
#: the constants: its other claims are read as well or as badly as on unseen text.
BOUNDS_EVENT = "sella-rent-rules"


@pytest.mark.parametrize(
    "event", sorted(p.name for p in DEV.iterdir() if p.is_dir() and p.name != BOUNDS_EVENT)
)
def test_development_events_keep_their_agreement(event: str) -> None:
    """The constants were tuned on these events (the teaching events are held out)."""
    right, total = grid_agreement(DEV / event)
    assert right / total >= 0.8


def test_the_bounds_event_reads_its_degree_claim() -> None:
    """sella-rent-rules was written (labels first) for *at most* / *no more than* against
    *sharply*, with decoys that bound something else: its degree claim is read on every
    article (it was 4 of 5 before the bounds); the whole grid, 11 of 15, is a guard."""
    cells = grid_cells(DEV / BOUNDS_EVENT)
    degree = [pair for (_, claim_id), pair in cells.items() if claim_id == "rents_soar"]
    assert len(degree) == 5
    assert all(truth == found for truth, found in degree), degree
    right = sum(truth == found for truth, found in cells.values())
    assert len(cells) == 15 and right >= 11, right


#: Events whose claims were written after the reader was built and never tuned on.
STANCE_DEV = Path(__file__).resolve().parent / "fixtures" / "stance-dev"


def test_the_grid_on_claims_it_was_not_built_on() -> None:
    """The stance development events' claims and labels (16 claims, 132 cells) were written
    for checking CLAIM_WEIGHT, after every rule of the reader: measured 88 of 132 (0.67),
    well under the 0.8 of the events the rules were built on. The fourth round of rules was
    then chosen on two of them (orrin-water-bills 15 -> 18 of 30, tessel-dam 24 -> 26 of
    32) with the other two held out (dockers-strike 26 -> 25 of 35, kestrel-bus-fares
    23 -> 23 of 35): 92 of 132 (0.70) in all, 48 of 70 (0.69) held out. A fifth event,
    voss-cod-quota (4 claims, 20 cells), written later for the stance and never used to
    choose a rule of the reader, reads 11 of 20 (0.55): "The crews doubt that the cut will
    save the fleet" is read as asserting it, and sentences sharing only "the bay" or "the
    coming year" with "The crews overfished the bay for years" as taking it up. In all 103
    of 152 (0.68). A guard, not a target: the bound stays below."""
    right, total = map(
        sum,
        zip(
            *(
                grid_agreement(folder)
                for folder in sorted(STANCE_DEV.iterdir())
                if (folder / "event.yaml").is_file()
            )
        ),
    )
    assert total == 152
    assert right / total >= 0.65, (right, total)


def test_the_model_reads_only_the_sentences_that_can_count() -> None:
    """Sentences whose verdict is ``unrelated`` never reach the grid: the model skips
    them (its columns stay empty) and their ``related`` is the overlap the model did not
    discount."""
    from workbench import compare

    corpora = Path(__file__).resolve().parents[1] / "corpora"
    scores = compare(load_event(corpora / "sumy-strike-2025")).claim_sentences
    unread = scores["label"] == "unrelated"
    assert 0 < unread.sum() < len(scores)
    assert (scores.loc[unread, "matched"].map(len) > 0).any()  # shares words, yet unrelated
    assert ((scores["model_label"] == "") == unread).all()
    assert scores.loc[unread, ["p_agree", "p_unrelated"]].isna().all().all()
    assert scores.loc[~unread, ["p_agree", "p_unrelated"]].notna().all().all()
    # the model does not discount them: only the share of the predicate they hold does
    share = np.minimum(1.0, scores["predicate_overlap"] / PREDICATE_SHARE)
    assert np.allclose(scores.loc[unread, "related"], (scores["overlap"] * share)[unread])
    assert scores.loc[~unread, "body_p_unrelated"].notna().all()


def test_a_term_is_found_in_any_form_however_the_sentence_writes_it() -> None:
    """The search that picks the sentences to read misses no form of a term: plurals in
    -ies, number words, curly apostrophes, capitals, a word after a digit or inside a
    longer one, a Kelvin sign before a word."""
    from workbench.claim_stance import _Claim, _EventSentences, _matches

    texts = {
        "P": "The PARTIES met. Twelve inspectors came; 12 stayed. 2law and outlaws.",
        "Q": "O’Neil’s party protected 3 parks. \u212alaw is law. Inspectors' reports.",
        "R": "Nothing here matches. The parts of a partial story.",
    }
    sentences = sentences_of(texts)
    event = _EventSentences(sentences, None, {})
    claim = claim_terms("O'Neil's party, twelve inspectors, the law, protected parks.")
    assert {"o'neil", "party", "12", "inspector", "law", "protect", "park"} <= set(claim.terms)
    found = event.found(_Claim("c", claim.terms, set(claim.terms), False, set()))
    expected = {}
    for row in range(len(sentences)):
        terms = {t: _matches(t, event.sentence(row)) for t in claim.terms}
        if any(terms.values()):
            expected[row] = {t: at for t, at in terms.items() if at}
    assert found == expected
    matched = {term for terms in found.values() for term in terms}
    assert matched >= {"o'neil", "party", "12", "inspector", "law", "protect", "park"}


def test_the_claim_lexicons_are_read_from_the_shipped_yaml() -> None:
    """The word lists come from ``lexicons/claims.yaml``, as tuples in the file's order."""
    from importlib.resources import files

    from workbench.claim_stance import (
        _IRREGULAR_PAST,
        _REFUSALS,
        NEAR_SYNONYMS,
        OPPOSITE_DEGREES,
        OPPOSITES,
        _read_claim_lexicon,
    )

    assert files("workbench").joinpath("lexicons", "claims.yaml").is_file()
    assert len(NEAR_SYNONYMS) == 33 and len(OPPOSITES) == 16
    assert NEAR_SYNONYMS[0] == ("talks", "negotiations", "negotiate")
    assert NEAR_SYNONYMS[14] == ("cause", "lead to", "result in", "responsible for")
    assert NEAR_SYNONYMS[17] == (
        "raise", "rise", "rose", "risen", "increase", "push up", "drive up", "hike", "go up",
        "goes up", "went up", "gone up",
    )  # fmt: skip
    assert NEAR_SYNONYMS[-1] == ("crack", "fracture")
    assert OPPOSITES[0] == (
        ("progress", "move forward", "headway"),
        ("stall", "deadlock", "stalemate", "impasse", "collapse", "go nowhere", "goes nowhere",
         "going nowhere", "went nowhere", "gone nowhere"),
    )  # fmt: skip
    assert OPPOSITES[7] == (("lawful",), ("unlawful", "illegal"))
    assert OPPOSITES[-1] == (("accurate",), ("inaccurate", "incorrect"))
    assert OPPOSITE_DEGREES == (
        (
            ("significantly", "substantially", "sharply", "steeply", "considerably",
             "dramatically"),
            ("slightly", "marginally", "barely", "hardly", "modestly", "negligible", "minimal",
             "at most", "no more than"),
        ),
    )  # fmt: skip
    for table in (NEAR_SYNONYMS, OPPOSITES, OPPOSITE_DEGREES):
        assert isinstance(table, tuple) and all(isinstance(entry, tuple) for entry in table)
    assert all(isinstance(side, tuple) for pair in OPPOSITES for side in pair)
    assert len(_REFUSALS) == 12 and {"refused", "declining", "fails"} <= _REFUSALS
    assert len(_IRREGULAR_PAST) == 63 and {"began", "fell", "risen", "written"} <= _IRREGULAR_PAST
    assert _read_claim_lexicon().near_synonyms == NEAR_SYNONYMS


_GOOD_LEXICON = """\
near_synonyms:
  - [talks, negotiations]
opposites:
  - - [rise, go up]
    - [fall]
opposite_degrees:
  - - [sharply]
    - [slightly]
refusals: [refused]
irregular_past: [fell]
"""


@pytest.mark.parametrize(
    ("old", "new", "field", "what"),
    [
        ("  - [talks, negotiations]\n", "  - [talks]\n", "near_synonyms", "group 1 needs two"),
        ("  - [talks, negotiations]\n", "  - talks\n", "near_synonyms", "group 1 must be"),
        ("    - [fall]\n", "    - [fall]\n    - [drop]\n", "opposites", "two sides"),
        ("    - [slightly]\n", "    - [\"\"]\n", "opposite_degrees", "pair 1, side 2 holds"),
        ("refusals: [refused]\n", 'refusals: ["no", on]\n', "refusals", r"words: \[True\]"),
        ("irregular_past: [fell]\n", "irregular_past: [Fell]\n", "irregular_past", "lower-case"),
        ("irregular_past: [fell]\n", "", "irregular_past", "non-empty list of words; found None"),
    ],
)  # fmt: skip
def test_a_malformed_claim_lexicon_is_a_model_error_naming_file_and_list(
    tmp_path: Path, old: str, new: str, field: str, what: str
) -> None:
    from workbench.claim_stance import _read_claim_lexicon
    from workbench.errors import ModelError

    path = tmp_path / "claims.yaml"
    path.write_text(_GOOD_LEXICON, encoding="utf-8")
    lexicon = _read_claim_lexicon(path)
    assert lexicon.opposites == ((("rise", "go up"), ("fall",)),)
    assert lexicon.refusals == ("refused",)
    path.write_text(_GOOD_LEXICON.replace(old, new), encoding="utf-8")
    with pytest.raises(ModelError, match=rf"claims\.yaml: field '{field}': .*{what}") as error:
        _read_claim_lexicon(path)
    assert str(path) in str(error.value)
    with pytest.raises(ModelError, match="not found"):
        _read_claim_lexicon(tmp_path / "missing.yaml")


def test_the_claim_lexicon_is_read_on_first_use_not_at_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A malformed ``claims.yaml`` fails the names read from it, not ``import workbench``."""
    import workbench.claim_stance as claim_stance
    from workbench.errors import ModelError

    path = tmp_path / "claims.yaml"
    path.write_text(_GOOD_LEXICON.replace("refusals: [refused]\n", ""), encoding="utf-8")
    monkeypatch.setattr(claim_stance, "_LEXICON_FILE", path)
    claim_stance._claim_lexicon.cache_clear()
    try:
        with pytest.raises(ModelError, match=r"claims\.yaml: field 'refusals'"):
            claim_stance.NEAR_SYNONYMS  # noqa: B018 - reading it reads the file
        path.write_text(_GOOD_LEXICON, encoding="utf-8")
        assert claim_stance.NEAR_SYNONYMS == (("talks", "negotiations"),)
        assert claim_stance.OPPOSITE_DEGREES == ((("sharply",), ("slightly",)),)
    finally:
        monkeypatch.undo()
        claim_stance._claim_lexicon.cache_clear()
    assert len(claim_stance.NEAR_SYNONYMS) == 33
    with pytest.raises(AttributeError, match="NEAR_SYNONYM"):
        claim_stance.NEAR_SYNONYM  # noqa: B018
