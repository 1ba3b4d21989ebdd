"""The role a target plays in a sentence (workbench.roles): who speaks, who condemns, who
suffers, whose hardship is denied. How stance weighs each role: test_stance."""

from __future__ import annotations

import pytest
from tiny_events import TRICKY, one_article, target_mentions

from workbench import roles, stance
from workbench.roles import hardship_denied, is_speaker, speech_act, suffers

# --- who condemns, who speaks -------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "mention", "act"),
    [
        # calling something by a harsh name condemns it; an appeal does not
        ("Trump calls Sumy strike 'terrible,' says he was told", "Trump", "condemns"),
        ("Zelensky called the strike a deliberate attack on civilians.", "Zelensky", "condemns"),
        ("Holm called the plan fair.", "Holm", "speaks"),
        ("The union has called on Kestrel to keep the night buses.", "union", "speaks"),
        ("The mayor called Wednesday for criminal charges.", "mayor", "speaks"),
        ("European leaders also condemned the attack.", "European leaders", "condemns"),
        ("EU leaders were quick to condemn the strike.", "EU", "condemns"),
        ("Leaders in Berlin and Brussels denounced the raid.", "Brussels", "condemns"),
        ("The strike was denounced by Brussels within hours.", "Brussels", "condemns"),
        ("The EU has not condemned the attack.", "EU", ""),
        ("Moscow refused to condemn the attack.", "Moscow", ""),
        ("Critics condemned Holm for the levy.", "Holm", ""),
        ("Holm was criticised by farmers.", "Holm", ""),
        # a head noun, a possessive and an aside between the mention and its verb
        ("EU officials said Russia must be stopped.", "EU", "speaks"),
        ("Holm's spokesman said the levy would stay.", "Holm", "speaks"),
        (
            "EU leaders, among them the Commission President, said that it was a crime.",
            "EU",
            "speaks",
        ),
        ("Holm, the agriculture minister, said the levy would stay.", "Holm", "speaks"),
        ('"We will win," said Holm.', "Holm", "speaks"),
        # after its reporting verb, a mention speaks only when its clause ends there
        ("The levy will stay, said Holm on Monday.", "Holm", "speaks"),
        ("The levy will stay, said Holm's spokesman in a statement.", "Holm", "speaks"),
        ("Critics said families will pay more.", "families", ""),
        ("Critics said families in Orrin will pay more.", "families", ""),
        ("Critics said Holm had hidden the study.", "Holm", ""),
        ("Critics accused Holm of hiding the study.", "Holm", ""),
        ("Reports said EU leaders condemned the raid.", "EU", "condemns"),
        # the target spoken of, not speaking
        ("Holm was accused of hiding the study.", "Holm", ""),
        ("Russia, the EU said, fired the missiles.", "Russia", ""),
        ("Holm's party has lost ground.", "Holm", ""),
    ],
)
def test_speech_act_finds_who_condemns_and_who_speaks(sentence, mention, act) -> None:
    start = sentence.index(mention)
    assert speech_act(sentence, start, start + len(mention)) == act
    assert is_speaker(sentence, start, start + len(mention)) is bool(act)


# --- a group that suffers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "mention", "found"),
    [
        ("Drivers in Kellport face longer journeys from Tuesday.", "Drivers", True),
        ("Families will pay for it.", "Families", True),
        ("Many pensioners are already struggling to heat their homes.", "pensioners", True),
        ("Tenants have suffered weeks of brown water.", "Tenants", True),
        ("Customers who struggle to pay can ask for a plan.", "Customers", True),
        ("Pensioners will be hit by a bill they cannot cut.", "Pensioners", True),
        ("Farmers were forced to sell their herds.", "Farmers", True),
        ("The rise will hit thousands of low-income families.", "families", True),
        ("It will cost a typical family 70 crowns a year.", "family", True),
        ("Many family farms have been selling milk at a loss.", "family farms", True),
        # the agent of a passive, what a cost falls on, to whom a harm is done
        ("The rise will be paid at the checkout by shoppers.", "shoppers", True),
        ("The cost falls hardest on pensioners and students.", "pensioners", True),
        ("The cost falls hardest on pensioners and students.", "students", True),
        ("It is a heavy blow for tenants on low wages.", "tenants", True),
        ("The rise will hit pensioners and students.", "students", True),
        # a relative clause between the group and its verb
        ("Residents who fall behind are being threatened with eviction.", "Residents", True),
        ("Pensioners who rely on the bus to reach the clinic fear the cuts.", "Pensioners", True),
        ("Critics said families will pay more.", "families", True),
        # blame, action, negation: not suffering
        ("Residents ignored repeated appeals to cut their use.", "Residents", False),
        ("Households that waste water should pay for it.", "Households", False),
        ("Polluting farms should pay more.", "farms", False),
        ("Passengers who dodge fares cost the operator millions.", "Passengers", False),
        ("Customers who prefer paying by card can ask for a receipt.", "Customers", False),
        ("Passengers who buy a pass will save money.", "Passengers", False),
        ("The rise will not be paid by shoppers.", "shoppers", False),
        ("The cuts were welcomed by commuters.", "commuters", False),
        ("Kestrel said passengers had ignored the appeals.", "passengers", False),
        ("Families will not pay more.", "Families", False),
        ("Farmers were accused of hiding the figures.", "Farmers", False),
        ("Critics blamed drivers for the jams.", "drivers", False),
    ],
)
def test_suffers_finds_a_target_that_undergoes_a_harm(sentence, mention, found) -> None:
    start = sentence.index(mention)
    assert suffers(sentence, start, start + len(mention)) is found


# --- a group's hardship that someone denies -------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "mention", "denied"),
    [
        ("The minister rejected claims that the measure would burden families.", "families", True),
        ("The company denied that households would pay more.", "households", True),
        ("She dismissed any suggestion that tenants will struggle this winter.", "tenants", True),
        (
            "Lund rejected the claims that the cut, which starts in May, would hit pensioners.",
            "pensioners",
            True,
        ),
        ("The minister insisted that the cut would not harm pensioners.", "pensioners", True),
        ("Families will not pay more.", "Families", True),
        # not denied: the hardship stands, or nothing is suffered
        ("The minister rejected the plan, but families will pay more.", "families", False),
        ("Lund denied the report; pensioners face higher bills.", "pensioners", False),
        (
            "Critics rejected claims that the rise was needed, saying families would pay more.",
            "families",
            False,
        ),
        ("The company denied that households had ignored the appeals.", "households", False),
        ("Families will pay more.", "Families", False),
    ],
)
def test_hardship_denied_finds_a_harm_someone_denies(sentence, mention, denied) -> None:
    start = sentence.index(mention)
    end = start + len(mention)
    assert hardship_denied(sentence, start, end) is denied
    if denied:
        assert not suffers(sentence, start, end)


def test_a_negated_verb_in_a_relative_clause_does_not_hide_the_main_verb() -> None:
    text = "Tenants who cannot pay are being evicted."
    assert suffers(text, 0, 7) and not hardship_denied(text, 0, 7)


# --- the module's names ---------------------------------------------------------------------


def test_roles_exports_its_rules_and_word_lists() -> None:
    assert sorted(roles.__all__) == sorted(
        [
            "ASIDE_LENGTH",
            "CALLING_REACH",
            "CONCESSIVE_NOUNS",
            "CONDEMNING_VERBS",
            "COORDINATION_REACH",
            "DENIAL_REACH",
            "DENIED_NOUNS",
            "DENYING_VERBS",
            "DISTANCING_VERBS",
            "HARMING_VERBS",
            "HARM_NOUNS",
            "HARSH_VALENCE",
            "NEGATIVE_CONDUCT",
            "POSITIVE_CONDUCT",
            "PROCESS_NOUNS",
            "PROCESS_REACH",
            "RELATIVE_LENGTH",
            "SPEAKER_HEADS",
            "SUFFERING_VERBS",
            "hardship_denied",
            "is_speaker",
            "speech_act",
            "suffers",
        ]
    )
    assert all(hasattr(roles, name) for name in roles.__all__)


@pytest.mark.parametrize(
    "name",
    [
        "CONCESSIVE_NOUNS",
        "CONDEMNING_VERBS",
        "DENIED_NOUNS",
        "DENYING_VERBS",
        "HARMING_VERBS",
        "HARM_NOUNS",
        "SPEAKER_HEADS",
        "SUFFERING_VERBS",
        "hardship_denied",
        "is_speaker",
        "speech_act",
        "suffers",
    ],
)
def test_stance_still_exports_the_names_it_had(name: str) -> None:
    # callers import these from workbench.stance, where they lived before
    assert name in stance.__all__
    assert getattr(stance, name) is getattr(roles, name)


@pytest.mark.parametrize(
    ("sentence", "mention", "speaks"),
    [
        ("Holm said the levy would save farms.", "Holm", True),
        ('"We will win," said Holm.', "Holm", True),
        ("Moscow has insisted that it hit a military target.", "Moscow", True),
        ("Holm's party has lost ground.", "Holm", False),
        ("The union called on Holm to publish the study.", "Holm", False),
    ],
)
def test_is_speaker(sentence: str, mention: str, speaks: bool) -> None:
    start = sentence.index(mention)
    assert is_speaker(sentence, start, start + len(mention)) is speaks


# --- the table-wide paths read each mention as the one-mention functions do --------------


def test_texts_read_together_give_the_tokens_of_each_text() -> None:
    together = roles._tokens_of_texts(TRICKY + TRICKY[:2])
    assert together == [roles._tokens.__wrapped__(text) for text in TRICKY + TRICKY[:2]]
    assert together[0][0][:3] == ["the", "kremlin", "'s"]


def test_a_condemners_clause_describes_what_it_condemns() -> None:
    """Evaluative words near a target that condemns are not cues toward it; near one
    that only speaks they still are."""
    texts = ["Trump calls the strike terrible and shocking.", "Trump says the plan is terrible."]
    sentences = one_article(texts)
    starts = [0, 0]
    mentions = target_mentions(
        sentences, [("trump", "Trump", index, at) for index, at in enumerate(starts)]
    )
    read = stance.mention_polarity(mentions, sentences, None)
    condemns, speaks = read.iloc[0], read.iloc[1]
    assert condemns["speech_act"] == "condemns"
    assert not any(cue.startswith("clause:") for cue in condemns["cues"])
    assert speaks["speech_act"] == "speaks"
    assert any(cue.startswith("clause:") for cue in speaks["cues"]), speaks["cues"]
