"""Claim stance: features by hand, the FNC score by hand, the split, shipping without pickle."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from workbench.claims import (
    HAND_FEATURES,
    PROBA_COLUMNS,
    STANCE_LABELS,
    ClaimPairFeatures,
    ClaimStanceClassifier,
    baseline_features,
    body_id_split,
    claim_stance_of_sentences,
    fnc_score,
    load_claim_model,
    save_model,
)
from workbench.errors import ColumnError, ModelError

MAYOR = "Mayor Lund resigns after budget scandal"
DAM = "Rivertown dam breaks after heavy storm"

#: Hand-written pairs about two made-up events, every stance twice per claim.
TINY = [
    (MAYOR, "Mayor Lund resigned on Monday after the budget scandal, aides confirmed.", "agree"),
    (MAYOR, "Lund officially resigns as mayor; the budget scandal ended his term.", "agree"),
    (MAYOR, "Reports that Mayor Lund resigned are false; he denied the budget hoax.", "disagree"),
    (MAYOR, "Lund did not resign. The resignation story is fake, his office said.", "disagree"),
    (MAYOR, "Lund may resign over the budget scandal, according to unconfirmed posts.", "discuss"),
    (MAYOR, "Lund reportedly considers resigning as the budget scandal grows.", "discuss"),
    (MAYOR, "The Rivertown dam held during the storm and engineers found no cracks.", "unrelated"),
    (MAYOR, "A bakery opened a second shop selling rye bread and cinnamon rolls.", "unrelated"),
    (DAM, "The Rivertown dam broke on Sunday after the heavy storm, officials confirmed.", "agree"),
    (DAM, "Rivertown's dam breaks as the storm floods the valley.", "agree"),
    (DAM, "Claims that the Rivertown dam broke are a hoax; the dam is intact.", "disagree"),
    (DAM, "The dam did not break, engineers said, denying the false storm reports.", "disagree"),
    (DAM, "The Rivertown dam might break if the storm continues, according to reports.", "discuss"),
    (DAM, "Residents fear the dam could reportedly fail in the heavy storm.", "discuss"),
    (DAM, "Mayor Lund presented the budget to the council on Monday.", "unrelated"),
    (DAM, "A bakery opened a second shop selling rye bread and cinnamon rolls.", "unrelated"),
]  # fmt: skip


@pytest.fixture(scope="module")
def tiny_pairs() -> pd.DataFrame:
    return pd.DataFrame(TINY, columns=["claim", "body", "stance"])


@pytest.fixture(scope="module")
def tiny_model(tiny_pairs) -> ClaimStanceClassifier:
    model = ClaimStanceClassifier(
        features=ClaimPairFeatures(max_terms=40),
        hidden_layer_sizes=(8,),
        batch_size=4,
        relatedness_batch_size=4,
        max_iter=20,
        random_state=0,
    )
    return model.fit(tiny_pairs[["claim", "body"]], tiny_pairs["stance"])


def features_of(claim: str, body: str, **params) -> pd.Series:
    transformer = ClaimPairFeatures(term_vectors=False, **params)
    pairs = pd.DataFrame({"claim": [claim], "body": [body]})
    values = transformer.fit(pairs).transform(pairs)
    return pd.Series(values[0], index=transformer.get_feature_names_out())


# --- the metric --------------------------------------------------------------------


def test_fnc_score_by_hand():
    truth = ["agree", "disagree", "unrelated", "discuss"]
    guess = ["agree", "discuss", "unrelated", "unrelated"]
    # agree/agree: 0.25 + 0.75; disagree/discuss: 0.25 (both related, wrong stance);
    # unrelated/unrelated: 0.25; discuss/unrelated: 0. Best: 4 * 0.25 + 3 * 0.75 = 3.25.
    assert fnc_score(truth, guess) == pytest.approx(1.5 / 3.25)
    assert fnc_score(truth, truth) == 1.0


def test_fnc_score_rejects_lengths_that_differ():
    with pytest.raises(ColumnError, match="y_pred"):
        fnc_score(["agree", "discuss"], ["agree"])


# --- the split ---------------------------------------------------------------------


def test_body_id_split_never_puts_one_body_on_both_sides():
    body_ids = np.repeat(np.arange(20), [1, 2, 3, 4, 5] * 4)
    stances = pd.DataFrame({"Headline": "h", "Body ID": body_ids, "Stance": "unrelated"})
    train, test = body_id_split(stances, test_size=0.2, random_state=0)
    assert set(train["Body ID"]).isdisjoint(test["Body ID"])
    assert sorted(train.index.tolist() + test.index.tolist()) == list(range(len(stances)))
    assert test["Body ID"].nunique() == 4  # 20 % of 20 bodies, whatever their sizes
    again = body_id_split(stances.rename(columns={"Body ID": "body_id"}))
    assert again[1].index.equals(test.index)  # same split for either column name


def test_body_id_split_needs_a_body_id():
    with pytest.raises(ColumnError, match="Body ID"):
        body_id_split(pd.DataFrame({"Headline": ["h"]}))


# --- features ----------------------------------------------------------------------


def test_refuting_cue_fires_near_the_claims_words():
    claim = "Mayor resigns"
    hoax = features_of(claim, "The mayor resigns story is a hoax")
    plain = features_of(claim, "The mayor resigns today")
    # 7 tokens, one refuting cue ("hoax"), 4 tokens after "resigns" (a claim word).
    assert hoax["body_refuting_rate"] == pytest.approx(100 / 7)
    assert hoax["body_has_strong_refuting"] == 1.0
    # anchors: "mayor" (1) and "resigns" (2); "hoax" (6) is within 6 tokens of both,
    # and the share is taken over the 2 anchors: 1 / 2.
    assert hoax["refuting_near_claim_words"] == pytest.approx(0.5)
    assert hoax["body_polarity"] == 1.0 and hoax["same_polarity"] == 0.0
    assert plain["body_refuting_rate"] == 0.0
    assert plain["refuting_near_claim_words"] == 0.0
    assert plain["same_polarity"] == 1.0


def test_contractions_count_as_negation_and_hedges_as_phrases():
    row = features_of("Mayor didn't resign", "According to aides, the mayor may stay")
    assert row["claim_refuting"] == 1.0  # "didn't" -> "did not"
    assert row["claim_polarity"] == 1.0
    # 7 tokens; hedges: "according to" (phrase) and "may" (word)
    assert row["body_hedging_rate"] == pytest.approx(100 * 2 / 7)


def test_overlap_and_numbers_by_hand():
    row = features_of("Storm kills 12 in Rivertown", "Rivertown storm: 12 dead, 40 hurt")
    # claim content lemmas {storm, kill, 12, rivertown}; body {rivertown, storm, 12, dead, 40, hurt}
    assert row["claim_coverage"] == pytest.approx(3 / 4)
    assert row["lemma_jaccard"] == pytest.approx(3 / 7)
    assert row["claim_numbers_found"] == 1.0 and row["numbers_mismatch"] == 0.0
    mismatch = features_of("Storm kills 12 in Rivertown", "The storm killed 30 in Rivertown")
    assert mismatch["numbers_mismatch"] == 1.0


def test_identical_texts_have_cosine_one():
    row = features_of("Rivertown dam breaks", "Rivertown dam breaks")
    assert row["tfidf_cosine"] == pytest.approx(1.0)
    assert row["max_sentence_cosine"] == pytest.approx(1.0)


def test_features_follow_the_estimator_contract(tiny_pairs):
    transformer = ClaimPairFeatures(max_terms=30, window=4)
    assert clone(transformer).get_params() == transformer.get_params()
    assert transformer.fit(tiny_pairs) is transformer
    names = transformer.get_feature_names_out()
    matrix = transformer.transform(tiny_pairs)
    assert matrix.shape == (len(tiny_pairs), len(names))
    assert list(names[: len(HAND_FEATURES)]) == HAND_FEATURES
    assert len(names) == len(HAND_FEATURES) + 2 * 30
    assert "claim_tf_mayor" in names and "body_tf_mayor" in names


def test_hand_features_as_pandas_in_a_pipeline(tiny_pairs):
    pipeline = Pipeline(
        [
            ("features", ClaimPairFeatures(term_vectors=False)),
            ("classify", LogisticRegression(max_iter=5000)),
        ]
    )
    pipeline.fit(tiny_pairs[["claim", "body"]], tiny_pairs["stance"])
    assert set(pipeline.predict(tiny_pairs[["claim", "body"]])) <= set(STANCE_LABELS)
    table = ClaimPairFeatures(term_vectors=False).set_output(transform="pandas")
    frame = table.fit_transform(tiny_pairs)
    assert list(frame.columns) == HAND_FEATURES
    assert frame.index.equals(tiny_pairs.index)


def test_missing_body_column_names_the_field():
    with pytest.raises(ColumnError, match="'body'"):
        ClaimPairFeatures().fit(pd.DataFrame({"claim": ["x"]}))


def test_baseline_features_by_hand():
    pairs = pd.DataFrame({"claim": ["Cats eat fish hoax"], "body": ["Cats eat mice"]})
    row = baseline_features(pairs).iloc[0]
    assert len(row) == 44
    # lemmas {cat, eat, fish, hoax} and {cat, eat, mice}: 2 shared of 5
    assert row["word_overlap"] == pytest.approx(2 / 5)
    assert row["refuting_hoax"] == 1.0 and row["refuting_fake"] == 0.0
    assert row["polarity_claim"] == 1.0 and row["polarity_body"] == 0.0
    # bigrams "cats eat", "eat fish", "fish hoax": only the first is in the body
    assert row["ngram2_hits"] == 1.0


# --- the classifier ----------------------------------------------------------------


def test_classifier_follows_the_estimator_contract(tiny_pairs, tiny_model):
    fresh = clone(tiny_model)
    assert fresh.get_params()["hidden_layer_sizes"] == (8,)
    assert not hasattr(fresh, "networks_")
    assert fresh.fit(tiny_pairs[["claim", "body"]], tiny_pairs["stance"]) is fresh
    assert list(fresh.classes_) == list(STANCE_LABELS)
    probabilities = tiny_model.predict_proba(tiny_pairs[["claim", "body"]])
    assert probabilities.shape == (len(tiny_pairs), 4)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    # seeded: a second fit gives the same probabilities
    assert np.array_equal(fresh.predict_proba(tiny_pairs[["claim", "body"]]), probabilities)


def test_predict_follows_the_two_stages(tiny_pairs, tiny_model):
    probabilities = tiny_model.predict_proba(tiny_pairs)
    labels = tiny_model.predict(tiny_pairs)
    for row, label in zip(probabilities, labels):
        if row[3] >= 0.5:
            assert label == "unrelated"
        else:
            assert label == STANCE_LABELS[int(np.argmax(row[:3]))]


def test_one_network_for_four_classes(tiny_pairs):
    model = ClaimStanceClassifier(
        features=ClaimPairFeatures(max_terms=20),
        hidden_layer_sizes=(4,),
        batch_size=8,
        max_iter=5,
        two_stage=False,
    ).fit(tiny_pairs, tiny_pairs["stance"])
    assert set(model.networks_) == {"single"}
    assert model.predict_proba(tiny_pairs).shape == (len(tiny_pairs), 4)


def test_unknown_stance_is_refused(tiny_pairs):
    labels = tiny_pairs["stance"].replace({"discuss": "maybe"})
    with pytest.raises(ColumnError, match="maybe"):
        ClaimStanceClassifier(max_iter=1).fit(tiny_pairs, labels)


# --- shipping ----------------------------------------------------------------------


def test_save_and_load_predict_identically(tmp_path, tiny_pairs, tiny_model):
    json_path, npz_path = save_model(tiny_model, tmp_path / "tiny", metadata={"seed": 0})
    assert json_path.name == "tiny.json" and npz_path.name == "tiny.npz"
    loaded = load_claim_model(json_path)
    before = tiny_model.predict_proba(tiny_pairs)
    after = loaded.predict_proba(tiny_pairs)
    assert np.array_equal(before, after)
    assert list(loaded.predict(tiny_pairs)) == list(tiny_model.predict(tiny_pairs))
    assert loaded.metadata_ == {"seed": 0}
    assert loaded.get_params()["hidden_layer_sizes"] == (8,)
    # saving the same model again gives the same bytes
    again = save_model(loaded, tmp_path / "again", metadata={"seed": 0})
    assert again[0].read_bytes() == json_path.read_bytes()
    assert again[1].read_bytes() == npz_path.read_bytes()


def test_loading_a_changed_feature_list_is_refused(tmp_path, tiny_model):
    json_path, _ = save_model(tiny_model, tmp_path / "tiny")
    document = json.loads(json_path.read_text(encoding="utf-8"))
    document["hand_features"] = document["hand_features"][:-1]
    json_path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ModelError, match="hand_features"):
        load_claim_model(json_path)


def test_missing_model_file_says_how_to_make_one(tmp_path):
    with pytest.raises(ModelError, match=r"train_claims\.py"):
        load_claim_model(tmp_path / "nothing.json")


def refuse(*args, **kwargs):
    raise AssertionError("a model file must never be unpickled")


def test_shipped_model_loads_without_unpickling(monkeypatch):
    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    model = load_claim_model()
    pairs = pd.DataFrame(
        {
            "claim": ["Volcano erupts in Iceland, grounding flights across Europe"],
            "body": [
                "The city council approved a new budget for public libraries and parks. "
                "Councillors said the libraries will open longer on weekends."
            ],
        }
    )
    assert list(model.predict(pairs)) == ["unrelated"]
    assert model.metadata_["split"]["random_state"] == 0


# --- scoring an event --------------------------------------------------------------


def test_claim_stance_of_sentences_keeps_the_ids(tiny_model):
    claims = pd.DataFrame({"claim_id": ["c1", "c2"], "text": [MAYOR, DAM]})
    sentences = pd.DataFrame(
        {
            "sentence_id": ["a:0", "a:1", "b:0"],
            "article_id": ["a", "a", "b"],
            "start": [0, 40, 0],
            "end": [39, 80, 30],
            "text": [
                "Mayor Lund resigned after the budget scandal.",
                "The dam did not break.",
                "A bakery sells rye bread.",
            ],
        }
    )
    table = claim_stance_of_sentences(claims, sentences, model=tiny_model)
    expected_columns = ["claim_id", "sentence_id", "article_id", "start", "end", "label"]
    assert list(table.columns) == expected_columns + PROBA_COLUMNS
    assert list(table["claim_id"]) == ["c1", "c1", "c1", "c2", "c2", "c2"]
    assert list(table["sentence_id"]) == ["a:0", "a:1", "b:0"] * 2
    assert list(table["start"]) == [0, 40, 0] * 2
    assert np.allclose(table[PROBA_COLUMNS].sum(axis=1), 1.0)
    pairs = pd.DataFrame({"claim": [DAM], "body": ["The dam did not break."]})
    assert table.loc[4, PROBA_COLUMNS].tolist() == pytest.approx(
        tiny_model.predict_proba(pairs)[0].tolist()
    )


def test_claim_stance_of_sentences_of_nothing_is_an_empty_table(tiny_model):
    claims = pd.DataFrame({"claim_id": [], "text": []})
    sentences = pd.DataFrame({"article_id": ["a"], "text": ["Something."]})
    table = claim_stance_of_sentences(claims, sentences, model=tiny_model)
    assert table.empty
    assert list(table.columns) == ["claim_id", "article_id", "label", *PROBA_COLUMNS]


def test_claim_stance_of_sentences_needs_claim_ids(tiny_model):
    with pytest.raises(ColumnError, match="claim_id"):
        claim_stance_of_sentences(
            pd.DataFrame({"text": ["x"]}), pd.DataFrame({"text": ["y"]}), model=tiny_model
        )


# --- features read in bulk ---------------------------------------------------------


def test_character_grams_are_the_share_of_the_claims_grams_in_the_body():
    claim, body = "Dam breaks", "The dam broke. " + "x " * 130 + "dam breaks"
    row = features_of(claim, body)
    joined_claim, joined_body = "dam breaks", " ".join(["the", "dam", "broke"] + ["x"] * 130)
    joined_body += " dam breaks"
    for n in (4, 8):
        grams = {joined_claim[i : i + n] for i in range(len(joined_claim) - n + 1)}
        in_body = sum(g in joined_body for g in grams) / len(grams)
        in_lead = sum(g in joined_body[:255] for g in grams) / len(grams)
        assert row[f"chargram{n}_overlap"] == in_body == 1.0
        assert row[f"chargram{n}_overlap_lead"] == pytest.approx(in_lead)
        assert in_lead < 1.0  # "dam breaks" itself is past the first 255 characters


def test_pairs_read_together_get_the_features_they_get_alone(tiny_pairs):
    """Per-text parts, shortcuts for pairs without shared words and the character grams
    of many bodies at once give each pair what reading it alone gives."""
    longer = " ".join(tiny_pairs["body"].iloc[:6])  # several sentences, several cues
    pairs = pd.concat(
        [
            tiny_pairs[["claim", "body"]],
            pd.DataFrame({"claim": [MAYOR, DAM, "Is it 3 or 4?"], "body": [longer] * 3}),
            pd.DataFrame({"claim": ["Is it 3 or 4?"], "body": ["It was 4, not 3."]}),
        ],
        ignore_index=True,
    )
    transformer = ClaimPairFeatures(max_terms=40).fit(pairs)
    together = transformer.transform(pairs).toarray()
    for row in range(len(pairs)):
        alone = transformer.transform(pairs.iloc[[row]]).toarray()
        np.testing.assert_array_equal(together[row], alone[0])
    names = list(transformer.get_feature_names_out())
    assert together[-1, names.index("claim_numbers_found")] == 1.0
    assert together[-2, names.index("numbers_mismatch")] == 1.0


TRICKY_BODY = (
    "It isn't over.' Then they didn't stop! \"Why not?\" she asked.\n\n"
    "QZXQJ is a made-up word; qzxqj again. Nothing is certain (yet). "
    "“We can’t,” he said.\nEnd"
)


@pytest.mark.parametrize(
    "text",
    [
        TRICKY_BODY,
        TRICKY_BODY.replace("QZXQJ is", "Zebras are").replace("qzxqj", "zebras"),
        "  One sentence.  ",
        "One. Two. One. Two.",
    ],
)
def test_a_text_reads_as_its_sentences_end_to_end(text):
    """Tokens and lemmas of a text, read sentence by sentence in one pass (even when
    the text holds the word that separates them), are those of the text read whole, and
    each sentence's are those of the sentence read alone."""
    from workbench.claims import _content_lemmas, _sentences, _Text, _tokens

    features = ClaimPairFeatures().fit(pd.DataFrame({"claim": ["x"], "body": [text]}))
    parsed = _Text(text, features, {})
    assert parsed.tokens == _tokens(text)
    assert parsed.content == _content_lemmas(_tokens(text))
    parts = parsed.sentence_parts or [parsed._own]
    assert len(parts) == len(_sentences(text))
    for part, sentence in zip(parts, _sentences(text)):
        assert part.tokens == _tokens(sentence)
        assert part.lemmas == _content_lemmas(_tokens(sentence))


def test_near_counts_and_positions_as_read_one_by_one():
    from workbench.claims import _lemma, _n_near, _Text

    rng = np.random.default_rng(0)
    for _ in range(200):
        positions = sorted(rng.choice(60, size=rng.integers(0, 8), replace=False).tolist())
        anchors = sorted(rng.choice(60, size=rng.integers(0, 8), replace=False).tolist())
        expected = sum(1 for p in positions if any(abs(a - p) <= 6 for a in anchors))
        assert _n_near(positions, anchors, 6) == expected
    body = "Dams break. The dam broke, and dams breaking is not new: the dam holds."
    parsed = _Text(
        body, ClaimPairFeatures().fit(pd.DataFrame({"claim": ["x"], "body": [body]})), {}
    )
    for lemmas in ({"dam"}, {"break", "hold"}, {"absent"}):
        expected = [i for i, t in enumerate(parsed.tokens) if _lemma(t) in lemmas]
        assert parsed.positions(lemmas) == expected
    assert parsed.positions({"dam"}) == [0, 3, 6, 12]  # dams, dam, dams, dam
