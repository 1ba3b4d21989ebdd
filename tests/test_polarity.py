"""Tests of workbench.polarity: features, the estimator contract, safe shipping, scoring."""

from __future__ import annotations

import json
import math
import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from workbench.errors import ColumnError, ModelError
from workbench.polarity import (
    MENTION_COLUMNS,
    NUMERIC_FEATURES,
    POLARITY_COLUMNS,
    TargetContextFeatures,
    TargetPolarityClassifier,
    load_polarity_model,
    polarity_of_mentions,
    save_model,
)

TINY = [
    ("Critics praised Ann for her courage.", "Ann", 1),
    ("Voters admired Ann and cheered her great victory.", "Ann", 1),
    ("Ann won a wonderful award.", "Ann", 1),
    ("Prosecutors accused Bob of fraud.", "Bob", -1),
    ("Bob was blamed for the terrible failure.", "Bob", -1),
    ("Bob lied and cheated.", "Bob", -1),
    ("Cal said the meeting is on Tuesday.", "Cal", 0),
    ("Cal will travel to Paris next week.", "Cal", 0),
    ("The report was written by Cal in May.", "Cal", 0),
]


def mentions(rows: list[tuple[str, str]]) -> pd.DataFrame:
    """A mention table from (sentence, mention) pairs, the mention's first occurrence."""
    return pd.DataFrame(
        [
            {"text": text, "start": text.index(target), "end": text.index(target) + len(target)}
            for text, target in rows
        ]
    )


@pytest.fixture(scope="module")
def tiny() -> tuple[pd.DataFrame, np.ndarray]:
    return mentions([(t, m) for t, m, _ in TINY]), np.asarray([y for *_, y in TINY])


@pytest.fixture(scope="module")
def tiny_model(tiny) -> TargetPolarityClassifier:
    X, y = tiny
    return TargetPolarityClassifier(min_df=1, C=10.0).fit(X, y)


# --- features ---------------------------------------------------------------------------


def block_names(features: TargetContextFeatures, block: str) -> set[str]:
    prefix = f"{block}__"
    return {n[len(prefix) :] for n in features.get_feature_names_out() if n.startswith(prefix)}


def test_position_tokens_carry_side_and_distance_bucket():
    # left: a(13) b(12) c(7) d(6) e(4) f(3) g(2) h(1); right: i(1) j(2) k(4)
    text = "a b x x x x c d x e f g h TARGET i j x k"
    features = TargetContextFeatures(min_df=1).fit(mentions([(text, "TARGET")]))
    names = block_names(features, "position")
    expected = {"lfar_a", "l12_b", "l12_c", "l6_d", "l6_e", "l3_f", "l3_g", "l1_h"}
    expected |= {"r1_i", "r3_j", "r6_k"}
    assert expected <= names
    assert "l1_target" not in names and "r1_target" not in names
    assert block_names(features, "target") == {"target"}


def test_clause_stops_at_the_nearest_break():
    text = "Yesterday, critics praised Ann because she won, said the paper"
    features = TargetContextFeatures(min_df=1).fit(mentions([(text, "Ann")]))
    assert block_names(features, "clause") == {"l_critics", "l_praised"}


def test_tfidf_block_matches_an_independent_computation():
    rows = [("x x y T z", "T"), ("y T", "T"), ("w T z z", "T")]
    X = mentions(rows)
    features = TargetContextFeatures(min_df=1).fit(X)
    matrix = features.transform(X).toarray()
    names = list(features.get_feature_names_out())
    left = [i for i, n in enumerate(names) if n.startswith("left__")]
    lefts = [["x", "x", "y", "x x", "x y"], ["y"], ["w"]]
    reference = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True, min_df=1)
    expected = reference.fit_transform(lefts).toarray()
    assert [names[i][len("left__") :] for i in left] == list(reference.get_feature_names_out())
    np.testing.assert_allclose(matrix[:, left], expected, rtol=1e-12)
    # by hand: idf(x) = ln(4/2) + 1, tf(x) = 1 + ln 2; row 1 has only "y" -> 1.0
    assert features.idf_["left"][left.index(names.index("left__x"))] == pytest.approx(
        math.log(2) + 1
    )
    assert matrix[1, names.index("left__y")] == pytest.approx(1.0)


def test_numeric_features_flag_negation_and_quotes():
    X = mentions(
        [("Officials said Dan did not win the vote.", "Dan"), ("“I think Eve is here”", "Eve")]
    )
    features = TargetContextFeatures(min_df=1, numeric_weight=0.3).fit(X)
    names = list(features.get_feature_names_out())
    values = features.transform(X).toarray()
    # two rows with flags 1/0: mean 0.5, std 0.5, so (1 - 0.5) / 0.5 * 0.3 = 0.3
    assert values[:, names.index("numeric__negation_near")] == pytest.approx([0.3, -0.3])
    assert values[:, names.index("numeric__inside_quotes")] == pytest.approx([-0.3, 0.3])


def test_vader_window_sees_sentiment_near_the_target():
    X = mentions([("Fay is a wonderful and brilliant leader.", "Fay"), ("Gus is here.", "Gus")])
    features = TargetContextFeatures(min_df=1, numeric_weight=1.0).fit(X)
    names = list(features.get_feature_names_out())
    values = features.transform(X).toarray()[:, names.index("numeric__vader_window_compound")]
    assert values[0] > 0 > values[1]


# --- estimator contract -------------------------------------------------------------------


def test_get_params_and_clone_keep_the_constructor_values():
    model = TargetPolarityClassifier(C=0.5, min_df=3, class_weight="balanced")
    params = model.get_params()
    assert params["C"] == 0.5 and params["min_df"] == 3 and params["class_weight"] == "balanced"
    copy = clone(model)
    assert copy.get_params() == params and copy is not model
    assert not hasattr(copy, "coef_")


def test_fit_returns_self_and_sets_fitted_attributes(tiny):
    X, y = tiny
    model = TargetPolarityClassifier(min_df=1)
    assert not hasattr(model, "features_")
    assert model.fit(X, y) is model
    assert list(model.classes_) == [-1, 0, 1]
    names = model.get_feature_names_out()
    assert model.coef_.shape == (3, len(names))
    assert model.features_.transform(X).shape == (len(X), len(names))
    assert model.intercept_.shape == (3,)
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert set(model.predict(X)) <= {-1, 0, 1}


def test_unfitted_model_refuses_to_predict(tiny):
    X, _ = tiny
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        TargetPolarityClassifier().predict(X)


def test_works_inside_a_pipeline(tiny):
    X, y = tiny
    features_then_regression = Pipeline(
        [("features", TargetContextFeatures(min_df=1)), ("regression", LogisticRegression())]
    ).fit(X, y)
    assert features_then_regression.predict(X).shape == (len(X),)
    as_floats = X.astype({"start": float, "end": float})
    assert np.array_equal(
        features_then_regression.predict_proba(as_floats), features_then_regression.predict_proba(X)
    )
    select = FunctionTransformer(lambda frame: frame[MENTION_COLUMNS])
    whole = Pipeline([("select", select), ("polarity", TargetPolarityClassifier(min_df=1))])
    assert whole.fit(X.assign(extra=1), y).predict(X).shape == (len(X),)


def test_bad_input_names_the_field(tiny):
    X, y = tiny
    with pytest.raises(ColumnError, match="'end'"):
        TargetPolarityClassifier().fit(X.drop(columns="end"), y)
    with pytest.raises(ColumnError, match="'start'"):
        TargetPolarityClassifier().fit(X.assign(end=1000), y)
    with pytest.raises(ColumnError, match="'start'"):
        TargetPolarityClassifier().fit(X.assign(start=0.5), y)
    with pytest.raises(ColumnError, match="polarities"):
        TargetPolarityClassifier().fit(X, y * 2)


# --- shipping -------------------------------------------------------------------------


def test_save_and_load_give_identical_probabilities(tiny, tiny_model, tmp_path):
    X, _ = tiny
    unseen = mentions([("Hal praised the team but Ivy criticised it.", "Ivy")])
    json_path, npz_path = save_model(tiny_model, tmp_path, metadata={"seed": 0})
    assert json_path == tmp_path / "polarity.json" and npz_path.is_file()
    loaded = load_polarity_model(json_path)
    for frame in (X, unseen):
        assert np.array_equal(loaded.predict_proba(frame), tiny_model.predict_proba(frame))
    assert loaded.get_params() == tiny_model.get_params()
    assert list(loaded.get_feature_names_out()) == list(tiny_model.get_feature_names_out())
    assert loaded.metadata_ == {"seed": 0}
    assert load_polarity_model(tmp_path).coef_.shape == tiny_model.coef_.shape


def test_saving_twice_writes_the_same_bytes(tiny_model, tmp_path):
    first = [p.read_bytes() for p in save_model(tiny_model, tmp_path / "a")]
    second = [p.read_bytes() for p in save_model(tiny_model, tmp_path / "b")]
    assert first == second


def test_missing_or_foreign_model_files_raise_model_error(tiny_model, tmp_path):
    with pytest.raises(ModelError, match="not found"):
        load_polarity_model(tmp_path / "nothing.json")
    json_path, _ = save_model(tiny_model, tmp_path)
    document = json.loads(json_path.read_text(encoding="utf-8"))
    document["version"] = 999
    json_path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ModelError, match="'version'"):
        load_polarity_model(json_path)


def test_shipped_model_loads_without_unpickling(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the model loader must not unpickle")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)
    model = load_polarity_model()
    assert list(model.classes_) == [-1, 0, 1]
    metadata = model.metadata_
    assert metadata["training_data"]["origin"] == "fhamborg/NewsMTSC @ b9d9b79"
    assert metadata["seed"] == 0
    assert {"dev_rw", "dev_mt"} <= set(metadata["dev_scores"]["majority class"])


@pytest.mark.parametrize(
    ("sentence", "target", "expected"),
    [
        ("Critics praised Maria Lopez for her courage.", "Maria Lopez", 1),
        ("Maria Lopez was accused of fraud and lying.", "Maria Lopez", -1),
        ("Maria Lopez said the meeting will be held on Tuesday.", "Maria Lopez", 0),
    ],
)
def test_shipped_model_gets_obvious_sentences_right(sentence, target, expected):
    scored = polarity_of_mentions(mentions([(sentence, target)]))
    assert scored["polarity"].tolist() == [expected]


# --- scoring a table ----------------------------------------------------------------------


def test_polarity_of_mentions_keeps_ids_and_adds_probabilities(tiny_model):
    frame = mentions([("Critics praised Ann for her courage.", "Ann"), ("Bob lied.", "Bob")])
    frame.index = [10, 20]
    frame.insert(0, "article_id", ["a1", "a2"])
    scored = polarity_of_mentions(frame, model=tiny_model)
    assert list(scored.columns) == ["article_id", *MENTION_COLUMNS, *POLARITY_COLUMNS]
    assert list(scored.index) == [10, 20] and list(scored["article_id"]) == ["a1", "a2"]
    proba = scored[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_allclose(scored["score"], proba[:, 2] - proba[:, 0])
    assert scored["polarity"].tolist() == (proba.argmax(axis=1) - 1).tolist()


def test_polarity_of_mentions_gives_zero_to_a_label_never_seen(tiny):
    X, y = tiny
    keep = y != 0
    binary = TargetPolarityClassifier(min_df=1).fit(X[keep], y[keep])
    scored = polarity_of_mentions(X, model=binary)
    assert (scored["p_neutral"] == 0).all()
    np.testing.assert_allclose(scored["p_negative"] + scored["p_positive"], 1.0)
    assert set(scored["polarity"]) <= {-1, 1}


def test_polarity_of_mentions_of_an_empty_table(tiny_model):
    empty = pd.DataFrame({"text": [], "start": [], "end": []})
    scored = polarity_of_mentions(empty, model=tiny_model)
    assert list(scored.columns) == [*MENTION_COLUMNS, *POLARITY_COLUMNS] and scored.empty


# --- the fast paths give what the plain computation gives ---------------------------------

VARIED = [
    ("Critics never praised Ann, but voters said she was not bad at all!", "Ann"),
    ("“Bob is a liar,” said Cal; Bob denied it — and nobody believed him?", "Bob"),
    ("Ann", "Ann"),
    ("The kind of leader Dee is: very, very good, hardly a failure.", "Dee"),
    ("At least Eve won't give up without doubt... no, never.", "Eve"),
    ("Fay's team (led by Fay) won 3-1 in the final, a great victory for Fay.", "Fay"),
]


def _reference_transform(features: TargetContextFeatures, X: pd.DataFrame) -> np.ndarray:
    """Each block's terms counted mention by mention and weighted as documented."""
    from workbench import polarity

    mentions_ = polarity._mentions(X)
    options = features._options()
    blocks = []
    for block in polarity.BLOCKS:
        column = {term: i for i, term in enumerate(features.vocabularies_[block])}
        counts = np.zeros((len(mentions_), len(column)))
        for row, mention in enumerate(mentions_):
            for term in polarity._BLOCK_TERMS[block](mention, options):
                if term in column:
                    counts[row, column[term]] += 1
        weights = np.where(counts > 0, 1.0 + np.log(np.maximum(counts, 1)), 0.0)
        weights = weights * features.idf_[block]
        norms = np.linalg.norm(weights, axis=1, keepdims=True)
        blocks.append(weights / np.where(norms > 0, norms, 1.0))
    rows = [polarity._numeric_row(mention, features.window) for mention in mentions_]
    numbers = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(NUMERIC_FEATURES))
    numbers = (numbers - features.numeric_mean_) / features.numeric_scale_
    blocks.append(numbers * features.numeric_weight)
    return np.hstack(blocks)


@pytest.mark.parametrize("windows", [(8, 6, 4), (0, 0, 0), (1, 1, 1)])
def test_vectorised_transform_matches_the_term_by_term_computation(windows):
    window, context_window, char_window = windows
    X = mentions(VARIED + [(t, m) for t, m, _ in TINY])
    features = TargetContextFeatures(
        min_df=1, window=window, context_window=context_window, char_window=char_window
    ).fit(X)
    other = mentions([(t.replace(m, "Gus"), "Gus") for t, m in VARIED])
    for table in (X, other, X.iloc[:0]):
        matrix = features.transform(table)
        assert matrix.shape == (len(table), features.n_features_out_)
        np.testing.assert_allclose(
            matrix.toarray(), _reference_transform(features, table), rtol=1e-12, atol=1e-15
        )


@pytest.mark.parametrize(
    "text",
    [
        "the food was not good but the service was great !",
        "no good no bad , kind of nice and sort of awful ??",
        "at least it is not the worst , never so bad",
        "without doubt the best , yeah right , the shit",
        "WONDERFUL work but TERRIBLE pay !!",
        "i love it 😀 and hate that 😡",
        "",
        "said the minister on tuesday",
        "this is great!!! really?? not bad at all!",
        "no , never so good -- kind of a bad ass win , at least",
        "what a beating heart ... yeah right ?!",
    ],
)
def test_vader_port_scores_as_vader_does(text):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from workbench.polarity import _vader_scores

    scores = SentimentIntensityAnalyzer().polarity_scores(text)
    assert _vader_scores(text) == (scores["compound"], scores["pos"], scores["neg"])


# VADER windows the numeric features score: negations, boosters, idioms, "but", "!", "?",
# capitals and emoji, near the target and at the edges of the windows
WINDOWS = [
    ("Critics never praised Ann, but voters said she was not bad at all!", "Ann"),
    ("No, Bob is not the worst, kind of a bad ass winner?!", "Bob"),
    ("At least Cal is very good, hardly a total failure, without doubt great.", "Cal"),
    ("Dee won't help, yeah right, but the shit hit the fan?? twice??", "Dee"),
    ("Eve 😀 was AMAZING and then TERRIBLE, sort of good but not really.", "Eve"),
    ("The extremely good and very bad Fay: so wonderful, this awful, never so nice.", "Fay"),
    ("Gus", "Gus"),
    ('Praise for Hal; "Hal is a liar", said Ivy, "and a cheat" - at least a bad one!!!', "Hal"),
]


@pytest.mark.parametrize("window", [8, 0, 1, 3])
def test_numeric_rows_equal_the_plain_row_by_row_reading(window):
    import re

    from workbench import polarity

    # every word of every sentence as a target, so that the windows cut everywhere
    spans = [
        {"text": text, "start": word.start(), "end": word.end()}
        for text, _ in WINDOWS + VARIED
        for word in re.finditer(r"\S+", text)
    ]
    assert len(spans) > 100
    X = pd.concat([mentions(WINDOWS + [(t, m) for t, m, _ in TINY]), pd.DataFrame(spans)])
    parsed = polarity._mentions(X)
    fast = polarity._numeric_rows(parsed, window)
    plain = np.asarray([polarity._numeric_row(m, window) for m in parsed], dtype=np.float64)
    assert fast.shape == (len(X), len(NUMERIC_FEATURES))
    assert fast.tobytes() == plain.tobytes()  # the same numbers to the bit


def test_word_valence_shortcut_agrees_with_the_rules():
    from workbench import polarity

    rng = np.random.default_rng(0)
    words = (
        sorted(polarity._modifiers())
        + (
            "good bad great awful the of at very or nor doubt n't isn't shit right death for "
            "to heart stop ass no kind"
        ).split()
    )
    for _ in range(3000):
        context = tuple(rng.choice(words, size=int(rng.integers(1, 7))).tolist())
        for i in range(len(context)):
            fast = polarity._word_valence.__wrapped__(context, i)
            rules = polarity._word_valence_rules(context, i)
            assert (type(fast), fast) == (type(rules), rules), (context, i)


def test_character_grams_of_many_words_match_word_by_word(tiny_model):
    lookup = tiny_model.features_._lookup
    words = ["ann", "praised", "her", "courage", "ann", "", "x", "naïve", "été", "ann"]
    right = np.asarray([False, False, True, True, True, False, True, False, True, False])
    expected = sorted(
        (i, column)
        for i, (word, side) in enumerate(zip(words, right))
        for column in lookup.char_columns("r" if side else "l", word)
    )
    assert expected  # the tiny vocabulary holds some of these grams
    which, columns = lookup.char_columns_of(words, right)
    assert sorted(zip(which.tolist(), columns.tolist())) == expected
    bits = lookup._char_bits
    try:
        lookup._char_bits = 0  # the word-by-word way, for alphabets too large to pack
        which, columns = lookup.char_columns_of(words, right)
    finally:
        lookup._char_bits = bits
    assert sorted(zip(which.tolist(), columns.tolist())) == expected


def test_bigram_lookup_finds_the_bigram_terms_and_nothing_else(tiny_model):
    from workbench import polarity

    features = tiny_model.features_
    lookup = features._lookup
    for block in polarity._WORD_BLOCKS:
        column_of = {
            tuple(term.split(" ")): column
            for column, term in enumerate(features.vocabularies_[block], lookup.offsets[block])
            if " " in term
        }
        assert column_of
        tokens = sorted({token for pair in column_of for token in pair})
        pairs = [(a, b) for a in tokens for b in tokens]
        first = np.asarray([lookup.token_ids[a] for a, _ in pairs])
        second = np.asarray([lookup.token_ids[b] for _, b in pairs])
        found = lookup.bigram_columns(lookup.bigram_key(block, first, second))
        assert found.tolist() == [column_of.get(pair, -1) for pair in pairs]


def test_rounding_arrays_rounds_as_python():
    from workbench import polarity

    rng = np.random.default_rng(1)
    values = np.concatenate(
        [
            rng.uniform(-1, 1, 20000),
            # ties and their neighbours, where a scaled product may fall either way
            np.arange(-2000, 2001) / 2000.0,
            np.nextafter(np.arange(-2000, 2001) / 2000.0, 2.0),
            np.nextafter(np.arange(-2000, 2001) / 2000.0, -2.0),
            np.arange(-20000, 20001) / 20000.0,
            [0.0, -0.0, 0.0005, -0.0005, 0.00015, 1.0, -1.0, 3.14159],
        ]
    )
    for digits in (3, 4):
        found = polarity._round(values, digits)
        expected = np.asarray([round(value, digits) for value in values.tolist()])
        assert found.tobytes() == expected.tobytes()
