"""Stance aggregation: bootstrap intervals, source × target cells, how a mention's role weighs
its reading, criticism by inaction (the roles themselves: test_roles; claims:
test_claim_stance)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from tiny_events import one_article, target_mentions

from workbench.event import TARGET_COLUMNS
from workbench.roles import COORDINATION_REACH
from workbench.stance import (
    CLAIM_POSITION_COLUMNS,
    CLAIM_VALUES,
    CLAIM_VERBS,
    CONDEMNER_WEIGHT,
    DENIED_WEIGHT,
    INACTION_VALUE,
    LEXICON_WEIGHT,
    MENTION_POLARITY_COLUMNS,
    PROCESS_VALUE,
    SPEAKER_WEIGHT,
    STANCE_COLUMNS,
    STANCE_EVIDENCE_COLUMNS,
    SUFFERER_WEIGHT,
    bootstrap_interval,
    mention_polarity,
    stance_evidence,
    stance_table,
    word_cues,
)


def test_bootstrap_interval_matches_an_independent_resampling() -> None:
    values = np.array([-1.0, 0.0, 0.5, 1.0])
    low, high = bootstrap_interval(values, n_boot=200, level=0.8, random_state=7)
    rng = np.random.default_rng(7)
    draws = rng.integers(0, 4, size=(200, 4))
    expected = np.percentile(values[draws].mean(axis=1), [10, 90])
    assert (low, high) == (pytest.approx(expected[0]), pytest.approx(expected[1]))
    assert low <= values.mean() <= high


def test_bootstrap_interval_of_constant_values_is_a_point() -> None:
    assert bootstrap_interval(np.array([0.5, 0.5, 0.5])) == (0.5, 0.5)
    assert all(np.isnan(bootstrap_interval(np.array([]))))


def mention_rows() -> pd.DataFrame:
    rows = [
        # source, target, sentence, voice, score
        ("A", "russia", "a:0", "authorial", -0.8),
        ("A", "russia", "a:0", "authorial", -0.4),
        ("A", "russia", "a:1", "quoted", 0.6),
        ("B", "russia", "b:0", "authorial", 0.2),
    ]
    return pd.DataFrame(
        [
            {
                "target_id": target,
                "alias": "Russia",
                "sentence_id": sentence,
                "article_id": sentence[0],
                "source": source,
                "sentence_index": int(sentence[-1]),
                "start": 0,
                "end": 6,
                "voice": voice,
                "speaker": "x" if voice == "quoted" else None,
                "polarity": 0,
                "p_negative": 0.0,
                "p_neutral": 0.0,
                "p_positive": 0.0,
                "score": score,
                "sentence": "Russia ...",
            }
            for source, target, sentence, voice, score in rows
        ]
    )


TARGETS = pd.DataFrame(
    [
        {"target_id": "russia", "name": "Russia", "kind": "country", "aliases": ("Russia",)},
        {"target_id": "eu", "name": "EU", "kind": "organisation", "aliases": ("EU",)},
    ],
    columns=TARGET_COLUMNS,
)
SENTENCES = pd.DataFrame({"source": ["A", "A", "A", "A", "B", "B"]})


def test_stance_cell_is_the_mean_of_sentence_means_per_voice() -> None:
    # without shrinkage and with no weight column, a cell is the plain mean of sentence means
    table = stance_table(
        mention_rows(), SENTENCES, targets=TARGETS, sources=["A", "B"], shrinkage=0.0
    )
    assert list(table.columns) == STANCE_COLUMNS
    cells = table.set_index(["source", "target_id", "voice"])
    # sentence a:0 = mean(-0.8, -0.4) = -0.6; a:1 = 0.6; all = mean(-0.6, 0.6) = 0
    assert cells.loc[("A", "russia", "all"), "stance"] == pytest.approx(0.0)
    assert cells.loc[("A", "russia", "authorial"), "stance"] == pytest.approx(-0.6)
    assert cells.loc[("A", "russia", "quoted"), "stance"] == pytest.approx(0.6)
    assert cells.loc[("A", "russia", "all"), "n_mentions"] == 3
    assert cells.loc[("A", "russia", "all"), "share_sentences"] == pytest.approx(2 / 4)
    assert bool(cells.loc[("A", "russia", "all"), "small_sample"]) is True
    assert np.isnan(cells.loc[("A", "eu", "all"), "stance"])
    assert cells.loc[("B", "russia", "all"), "stance"] == pytest.approx(0.2)


def test_stance_evidence_contributions_sum_to_the_stance() -> None:
    evidence = stance_evidence(mention_rows(), "A", "russia")
    assert evidence["contribution"].sum() == pytest.approx(0.0)
    assert set(evidence["sentence_id"]) == {"a:0", "a:1"}
    quoted = stance_evidence(mention_rows(), "A", "russia", voice="quoted")
    assert list(quoted["speaker"]) == ["x"]


# --- a target that condemns or speaks -------------------------------------------------------


class NegativeModel:
    """The polarity model's seam: p_negative 0.9, p_positive 0 for every mention."""

    classes_ = np.array([-1, 0, 1])

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return np.tile([0.9, 0.1, 0.0], (len(X), 1))


class NeutralModel:
    """The polarity model's seam: p_negative = p_positive = 0.2 for every mention."""

    classes_ = np.array([-1, 0, 1])

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return np.tile([0.2, 0.6, 0.2], (len(X), 1))


def test_a_condemning_target_does_not_take_the_blame() -> None:
    texts = [
        "European leaders condemned the attack.",
        "Critics condemned the EU.",
        "EU officials said the attack was a crime.",
    ]
    sentences = one_article(texts)
    assert sentences["start"].tolist() == [0, 39, 65]
    found = [("European leaders", 0, 0), ("EU", 1, texts[1].index("EU")), ("EU", 2, 0)]
    mentions = target_mentions(sentences, [("eu", alias, index, at) for alias, index, at in found])
    table = mention_polarity(mentions, sentences, None, model=NegativeModel())
    assert list(table.columns) == MENTION_POLARITY_COLUMNS
    assert table["speech_act"].tolist() == ["condemns", "", "speaks"]
    # the model's -0.9 counts CONDEMNER_WEIGHT, 1 and SPEAKER_WEIGHT of itself
    assert table["score"].tolist() == pytest.approx(
        [CONDEMNER_WEIGHT * -0.9, -0.9, SPEAKER_WEIGHT * -0.9]
    )
    assert table["target_speaks"].tolist() == [True, False, True]
    assert CONDEMNER_WEIGHT < SPEAKER_WEIGHT


# --- a group that suffers ------------------------------------------------------------------


def test_the_hardship_of_a_group_reads_as_sympathy() -> None:
    texts = [
        "Families will pay more.",
        "Drivers face delays.",
        "Families met the mayor.",
        "Tenants in Millbank have suffered for weeks.",
    ]
    sentences = one_article(texts)
    mentions = target_mentions(
        sentences,
        [
            ("families", "Families", 0, 0),
            ("drivers", "Drivers", 1, 0),
            ("families", "Families", 2, 0),
            ("families", "Tenants", 3, 0),
        ],
    )
    targets = pd.DataFrame(
        {
            "target_id": ["families", "drivers"],
            "name": ["Families", "Drivers"],
            "kind": ["group", "organisation"],
            "aliases": [(), ()],
        }
    )
    table = mention_polarity(mentions, sentences, None, model=NegativeModel(), targets=targets)
    assert list(table.columns) == MENTION_POLARITY_COLUMNS
    # a group that pays or suffers: the model's -0.9 counts SUFFERER_WEIGHT of itself; a
    # target of another kind that faces something and a group that acts keep the reading
    assert table["suffers"].tolist() == [True, False, False, True]
    assert table["score"].tolist() == pytest.approx(
        [SUFFERER_WEIGHT * -0.9, -0.9, -0.9, SUFFERER_WEIGHT * -0.9]
    )
    assert SUFFERER_WEIGHT < 0
    # without the targets' kinds nothing suffers
    plain = mention_polarity(mentions, sentences, None, model=NegativeModel())
    assert not plain["suffers"].any() and plain["score"].tolist() == pytest.approx([-0.9] * 4)


def test_a_group_in_a_reported_clause_suffers_and_does_not_speak() -> None:
    # "Critics said families will pay more": the critics speak; the families pay
    text = "Critics said families will pay more."
    sentences = one_article([text])
    mentions = target_mentions(sentences, [("families", "families", 0, text.index("families"))])
    targets = pd.DataFrame(
        {"target_id": ["families"], "name": ["Families"], "kind": ["group"], "aliases": [()]}
    )
    table = mention_polarity(mentions, sentences, None, model=NegativeModel(), targets=targets)
    assert table["speech_act"].tolist() == [""] and not table["target_speaks"].any()
    assert table["suffers"].tolist() == [True]
    assert table["score"].tolist() == pytest.approx([SUFFERER_WEIGHT * -0.9])


# --- why a sentence's score reads as it does ------------------------------------------------


class PositiveModel:
    """The polarity model's seam: p_positive 0.9, p_negative 0 for every mention."""

    classes_ = np.array([-1, 0, 1])

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return np.tile([0.0, 0.1, 0.9], (len(X), 1))


GROUPS = pd.DataFrame(
    {
        "target_id": ["eu", "families"],
        "name": ["EU", "Families"],
        "kind": ["organisation", "group"],
        "aliases": [(), ()],
    }
)


def test_stance_evidence_says_which_reading_rule_changed_a_score() -> None:
    texts = [
        "European leaders condemned the attack.",
        "EU officials said the attack was a crime.",
        "Critics condemned the EU.",
        '"The EU failed us," said Berg.',
        "EU officials said the EU failed.",
        "Families will pay more.",
        "Families met the mayor.",
    ]
    sentences = one_article(texts)
    found = [
        ("eu", "European leaders", 0, 0),
        ("eu", "EU", 1, 0),
        ("eu", "EU", 2, texts[2].index("EU")),
        ("eu", "EU", 3, texts[3].index("EU")),
        ("eu", "EU", 4, 0),
        ("eu", "EU", 4, texts[4].rindex("EU")),
        ("families", "Families", 5, 0),
        ("families", "Families", 6, 0),
    ]
    mentions = target_mentions(sentences, found)
    start = int(sentences["start"][3])
    quotes = pd.DataFrame(
        {
            "article_id": ["a"],
            "sentence_index": [3],
            "start": [start],
            "end": [start + texts[3].index(",") + 2],
            "kind": ["direct"],
            "speaker": ["Berg"],
            "target_id": [None],
        }
    )
    table = mention_polarity(mentions, sentences, quotes, model=NegativeModel(), targets=GROUPS)
    evidence = pd.concat(
        [stance_evidence(table, "A", target, n=100) for target in ("eu", "families")]
    )
    assert list(evidence.columns) == STANCE_EVIDENCE_COLUMNS
    reading = evidence.set_index("sentence_id")["reading"]
    speaks = "the target speaks: the model's reading counts half"
    assert reading.to_dict() == {
        "a:0": "the target condemns something: its negativity (and the evaluative words "
        "of its clause) are not about the target, the model's reading counts nothing",
        "a:1": speaks,
        "a:2": "",
        "a:3": "quoted: counts half",
        # one of the sentence's two mentions speaks
        "a:4": speaks + " (1 of 2 mentions)",
        "a:5": "hardship of a group: read as sympathy, the model's negative reading is reversed",
        "a:6": "",
    }
    # the phrases name the rules' columns and the amounts of the weights they applied
    rules = table.groupby("sentence_id")[["speech_act", "suffers", "voice"]].agg(tuple)
    assert rules.loc["a:0", "speech_act"] == ("condemns",) and CONDEMNER_WEIGHT == 0
    assert rules.loc["a:4", "speech_act"] == ("speaks", "") and SPEAKER_WEIGHT == 0.5
    assert rules.loc["a:5", "suffers"] == (True,) and SUFFERER_WEIGHT == -1
    assert rules.loc["a:3", "voice"] == ("quoted",)
    # the rule each mention's score applied, and its factor
    assert table["rule"].tolist() == ["condemns", "speaks", "", "", "speaks", "", "suffers", ""]
    assert table["rule_factor"].tolist() == [0.0, 0.5, 1.0, 1.0, 0.5, 1.0, -1.0, 1.0]
    assert evidence.set_index("sentence_id").loc["a:5", "score"] == pytest.approx(0.9)
    # the same sentences voiced: the authorial evidence leaves out the quote
    authorial = stance_evidence(table, "A", "eu", voice="authorial")
    assert "quoted" not in " ".join(authorial["reading"])


def test_the_reading_words_the_weights_the_table_was_made_with() -> None:
    # a caller's own weights: the reading says what they did to the score
    texts = ["EU leaders condemned the attack.", "EU officials said so.", "Families will pay."]
    sentences = one_article(texts)
    found = [("eu", "EU", 0, 0), ("eu", "EU", 1, 0), ("families", "Families", 2, 0)]
    mentions = target_mentions(sentences, found)
    options = {"condemner_weight": 0.25, "speaker_weight": 0.0, "sufferer_weight": 0.5}
    table = mention_polarity(
        mentions, sentences, None, model=NegativeModel(), targets=GROUPS, **options
    )
    assert table["rule"].tolist() == ["condemns", "speaks", "suffers"]
    assert table["rule_factor"].tolist() == [0.25, 0.0, 0.5]
    assert table["score"].tolist() == pytest.approx([0.25 * -0.9, 0.0, 0.5 * -0.9])
    reading = pd.concat(
        [stance_evidence(table, "A", target) for target in ("eu", "families")]
    ).set_index("sentence_id")["reading"]
    assert reading.to_dict() == {
        "a:0": "the target condemns something: its negativity (and the evaluative words "
        "of its clause) are not about the target, the model's reading counts a quarter",
        "a:1": "the target speaks: the model's reading counts nothing",
        "a:2": "hardship of a group: read as sympathy, the model's negative reading counts half",
    }


def test_a_group_read_positively_keeps_the_reading_and_says_nothing() -> None:
    # the sufferer rule changes only a negative model reading: nothing to explain here
    sentences = one_article(["Families will pay more."])
    mentions = target_mentions(sentences, [("families", "Families", 0, 0)])
    table = mention_polarity(mentions, sentences, None, model=PositiveModel(), targets=GROUPS)
    assert table["suffers"].tolist() == [True]
    assert stance_evidence(table, "A", "families")["reading"].tolist() == [""]


def test_stance_evidence_of_an_older_table_and_of_claims_explains_what_it_can() -> None:
    # a table without the rule columns: only the quote can be told, without its weight
    evidence = stance_evidence(mention_rows(), "A", "russia").set_index("sentence_id")
    assert evidence["reading"].to_dict() == {"a:0": "", "a:1": "quoted"}
    positions = pd.DataFrame(
        [
            ("A", "russia", "hit", "agree", -1.0, "a:0"),
            ("A", "russia", "lied", "disagree", 1.0, "a:1"),
            ("A", "russia", "talks", "discuss", 0.5, "a:1"),
        ],
        columns=["source", "target_id", "claim_id", "label", "bearing", "sentence_id"],
    ).assign(
        score=lambda frame: frame["label"].map(CLAIM_VALUES) * frame["bearing"],
        weight=1.0,
        article_id="a",
        sentence_index=0,
        start=0,
        end=6,
        sentence="Russia ...",
    )[CLAIM_POSITION_COLUMNS]
    claimed = stance_evidence(mention_rows(), "A", "russia", claim_positions=positions)
    by_claim = claimed[claimed["voice"] == "claim"].set_index("claim_id")["reading"]
    assert by_claim.to_dict() == {
        "hit": "the claim goes against the target (bearing -1)",
        "lied": "the claim takes the target's side (bearing +1)",
        "talks": "no side taken: scores 0",
    }
    # what the source does with the claim is the cue's label (the views word it)
    cues = claimed[claimed["voice"] == "claim"].set_index("claim_id")["cues"]
    assert cues.to_dict() == {
        "hit": ("agree hit",),
        "lied": ("disagree lied",),
        "talks": ("discuss talks",),
    }
    assert CLAIM_VERBS == {"agree": "asserts", "disagree": "disputes", "discuss": "reports"}


# --- criticism by inaction or failure --------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "mention", "cue"),
    [
        ("The ministry has yet to put forward a realistic plan.", "The ministry", "yet to"),
        ("Lund did little to consult the councils.", "Lund", "did little to"),
        ("The operator has done nothing to cut fares.", "The operator", "done nothing to"),
        ("EU officials have so far done nothing about it.", "EU", "done nothing about"),
        ("The council was slow to publish the figures.", "The council", "slow to"),
        ("The council has been far too slow to act.", "The council", "slow to"),
        ("Brannock failed to explain the tariff.", "Brannock", "failed to"),
        (
            "For all her warm words, the minister changed nothing.",
            "the minister",
            "for all her words",
        ),
        (
            "For all its strong words about fairness, Brannock raised bills.",
            "Brannock",
            "for all its words",
        ),
        # the possessor as the text names it, not "its"
        ("For all Holm's promises, prices rose.", "Holm", "for all holm's promises"),
        (
            "For all Brannock Energy's assurances, bills rose.",
            "Brannock Energy",
            "for all brannock energy's assurances",
        ),
        # the concession as an aside right after the subject
        (
            "European leaders, for all their strong words, cannot agree on a plan.",
            "European leaders",
            "for all their words",
        ),
        (
            "The ministry, for all its promises, has changed nothing.",
            "The ministry",
            "for all its promises",
        ),
        ("Lund, for all her talk of warm homes, cut the allowance.", "Lund", "for all her talk"),
        # inaction after another verb phrase of the same subject, joined by "and" or "but"
        (
            "EU states have for years supplied arms and have done nothing to stop the war.",
            "EU",
            "done nothing to",
        ),
        (
            "The ministry announced a review but has yet to publish it.",
            "The ministry",
            "yet to",
        ),
        ("Brannock raised its tariff, and did little to warn anyone.", "Brannock", "did little to"),
        # not blame: negated, cleared, a concession about something else, not the subject
        ("Lund, for all we know, may extend the grants.", "Lund", None),
        ("Pensioners, for all the minister's promises, will pay more.", "Pensioners", None),
        ("Brannock, for all the complaints about it, kept the heat on.", "Brannock", None),
        ("The first payment to families has yet to be decided.", "families", None),
        ("Families applied in May and have yet to be paid.", "Families", None),
        ("The ministry announced a review but the EU has yet to reply.", "The ministry", None),
        ("The ministry asked Brannock to act but has yet to hear back.", "Brannock", None),
        ("Lund met the mayors, who have yet to agree.", "Lund", None),
        ("Holm's levy passed and has yet to take effect.", "Holm", None),
        ("Lund announced a review and has not failed to publish it.", "Lund", None),
        ("The council was not slow to act.", "The council", None),
        ("Brannock did nothing wrong.", "Brannock", None),
        ("Lund has never failed to answer.", "Lund", None),
        ("For all its flaws, the plan is fair.", "the plan", None),
        ("For all its strong words, the EU praised Lund.", "Lund", None),
        ("Critics say the plan has yet to win support.", "Critics", None),
    ],
)
def test_inaction_and_failure_blame_their_subject(sentence, mention, cue) -> None:
    start = sentence.index(mention)
    value, cues = word_cues(sentence, start, start + len(mention))
    found = [name for name in cues if name.startswith("inaction:")]
    if cue is None:
        assert not found and value >= 0
    else:
        assert found == [f"inaction:{cue}"]
        assert value == pytest.approx(np.tanh(INACTION_VALUE)) and INACTION_VALUE < 0
        assert not any(name.startswith("verb:") for name in cues)  # "failed to" counts once


def test_coordinated_inaction_is_read_only_near_its_subject() -> None:
    near = "The ministry announced a review but has yet to publish it."
    far = (
        "The ministry announced a very detailed review of the grants for older flats"
        " in the north of the province but has yet to publish it."
    )
    for text, found in ((near, True), (far, False)):
        cues = word_cues(text, 0, len("The ministry"))[1]
        assert (cues == ("inaction:yet to",)) is found, cues
    # "but" stands COORDINATION_REACH or more tokens after the subject's verb
    assert far.split().index("but") - far.split().index("announced") >= COORDINATION_REACH


def test_failed_without_to_stays_a_conduct_verb() -> None:
    text = "EU officials said the EU failed."
    assert word_cues(text, text.rindex("EU"), text.rindex("EU") + 2)[1] == ("verb:failed",)


# --- acting without due process, evidence or warning ---------------------------------------


@pytest.mark.parametrize(
    ("sentence", "mention", "cue"),
    [
        ("Arvenia filled the reservoir without consulting its neighbour.", "Arvenia", "consulting"),
        ("Farrow signed off the contract without asking a single user.", "Farrow", "asking"),
        ("Orrin Water raised its bills without any warning.", "Orrin Water", "warning"),
        ("The minister imposed the levy without a published impact study.", "minister", "study"),
        # a reporting verb: "without" qualifies the saying
        (
            "Moscow claimed, without offering any evidence, that it hit soldiers.",
            "Moscow",
            "evidence",
        ),
        ("Trump accused Scarborough without evidence of a crime.", "Trump", "evidence"),
        # not blame: undergoes it, a condition, another clause, the reported words, a
        # possessor, the object of a preposition, a condemner, no process word
        ("Velm was dismissed without warning.", "Velm", None),
        ("Lupron is also being used without approval.", "Lupron", None),
        ("Velm cannot sell the land without approval.", "Velm", None),
        ("The trust doesn't act without a vote.", "The trust", None),
        ("Velm signed the deal, and the council approved it without a vote.", "Velm", None),
        ("Velm signed the deal but the council acted without a vote.", "Velm", None),
        ("Senator Reed said sharing data without permission breaks the rules.", "Reed", None),
        ("Senator Reed of Harnwick said the bill passed without debate.", "Reed", None),
        ("Holm's levy was announced without consultation.", "Holm", None),
        ("As Velm did in the Tarrow case, without approval, the mayor signed.", "Tarrow", None),
        ("Boreland deplored the decision to fill the dam without warning.", "Boreland", None),
        ("The council met the crews without delay.", "The council", None),
        ("Lund met the mayors who acted without consultation.", "Lund", None),
    ],
)
def test_acting_without_due_process_blames_the_doer(sentence, mention, cue) -> None:
    start = sentence.index(mention)
    value, cues = word_cues(sentence, start, start + len(mention))
    found = [name for name in cues if name.startswith("process:")]
    if cue is None:
        assert not found, cues
    else:
        assert found == [f"process:without {cue}"], cues
        assert PROCESS_VALUE < 0 and value < 0


def test_the_process_cue_lowers_the_mention_score_like_a_conduct_verb() -> None:
    """The cue adds LEXICON_WEIGHT * tanh(PROCESS_VALUE) to the model's reading."""
    texts = [
        "Arvenia filled the reservoir without consulting its neighbour.",
        "Arvenia filled the reservoir after consulting its neighbour.",
    ]
    sentences = one_article(texts)
    mentions = target_mentions(
        sentences, [("arvenia", "Arvenia", 0, 0), ("arvenia", "Arvenia", 1, 0)]
    )
    table = mention_polarity(mentions, sentences, None, model=NeutralModel())
    assert table["cues"].tolist() == [("process:without consulting",), ()]
    assert table["score"].tolist() == pytest.approx([LEXICON_WEIGHT * np.tanh(PROCESS_VALUE), 0])


# --- a group's hardship that someone denies -------------------------------------------------


def test_a_denied_hardship_is_not_read_as_sympathy() -> None:
    texts = [
        "The minister rejected claims that the measure would burden families.",
        "The measure will burden families.",
        "The minister rejected claims that the measure would burden the EU.",
    ]
    sentences = one_article(texts)
    mentions = target_mentions(
        sentences,
        [
            ("families", "families", 0, texts[0].index("families")),
            ("families", "families", 1, texts[1].index("families")),
            ("eu", "EU", 2, texts[2].index("EU")),
        ],
    )
    table = mention_polarity(mentions, sentences, None, model=NegativeModel(), targets=GROUPS)
    assert list(table.columns) == MENTION_POLARITY_COLUMNS
    # a group whose hardship is denied: the model's -0.9 counts DENIED_WEIGHT of itself;
    # the same hardship told as fact reads as sympathy; a target of another kind keeps it
    assert table["hardship_denied"].tolist() == [True, False, False]
    assert table["suffers"].tolist() == [False, True, False]
    assert table["score"].tolist() == pytest.approx(
        [DENIED_WEIGHT * -0.9, SUFFERER_WEIGHT * -0.9, -0.9]
    )
    assert DENIED_WEIGHT == 0
    reading = stance_evidence(table, "A", "families", n=10).set_index("sentence_id")["reading"]
    assert reading.to_dict() == {
        "a:0": "hardship of a group that is denied or negated: not read as sympathy, "
        "the model's reading counts nothing",
        "a:1": "hardship of a group: read as sympathy, the model's negative reading is reversed",
    }


def test_stance_evidence_says_when_the_target_acted_without_due_process() -> None:
    texts = ["Velm filled the dam without consulting Carsk.", "Velm filled the dam."]
    sentences = one_article(texts)
    mentions = target_mentions(sentences, [("velm", "Velm", 0, 0), ("velm", "Velm", 1, 0)])
    table = mention_polarity(mentions, sentences, None, model=PositiveModel(), targets=GROUPS)
    assert table["cues"].tolist() == [("process:without consulting",), ()]
    reading = stance_evidence(table, "A", "velm", n=10).set_index("sentence_id")["reading"]
    assert reading.to_dict() == {
        "a:0": "the target acted without consulting (due process, evidence or warning): "
        "a negative word cue",
        "a:1": "",
    }


def test_stance_evidence_says_when_the_target_is_blamed_for_inaction() -> None:
    texts = ["The EU has yet to put forward a plan.", "The EU met on Monday."]
    sentences = one_article(texts)
    mentions = target_mentions(
        sentences, [("eu", "EU", 0, texts[0].index("EU")), ("eu", "EU", 1, texts[1].index("EU"))]
    )
    table = mention_polarity(mentions, sentences, None, model=PositiveModel(), targets=GROUPS)
    # the model's +0.9 and the cue's LEXICON_WEIGHT * tanh(INACTION_VALUE)
    assert table["cues"].tolist() == [("inaction:yet to",), ()]
    assert table["score"].iloc[0] < table["score"].iloc[1]
    reading = stance_evidence(table, "A", "eu", n=10).set_index("sentence_id")["reading"]
    assert reading.to_dict() == {
        "a:0": 'the target is blamed for inaction or failure ("yet to"): a negative word cue',
        "a:1": "",
    }
