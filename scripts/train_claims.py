"""Train the claim-stance model that workbench ships (``workbench/models/claims.*``).

Data
----
FNC-1, from FakeNewsChallenge/fnc-1 @ 29d473a: the competition test pairs whose Body ID
is even (``dev_stances.csv``, 13,305 headline/body pairs over 457 bodies, with
``dev_bodies.csv``), plus ``train_bodies.csv`` (1,683 further bodies without labels, read
for the vocabulary and the inverse document frequencies only). The official training
stances are not used. Nothing of the data is copied into the project; the model files
hold a vocabulary of lemmas, frequencies and network weights.

Split and scores
----------------
:func:`workbench.claims.body_id_split` (GroupShuffleSplit by Body ID, 20 % of the
bodies held out, seed 0) splits the pairs; every model here is fitted on the 80 % part
only, so the scores printed for the 20 % part are honest held-out scores, and the same
scores are written into ``claims.json`` (``metadata.dev_scores``). Rows of the table:

- majority class (``unrelated`` for everything);
- the official FNC-1 baseline, re-implemented (:func:`workbench.claims.baseline_features`
  into ``GradientBoostingClassifier(n_estimators=200, random_state=14128)``, as in
  FakeNewsChallenge/fnc-1-baseline);
- our :class:`workbench.claims.ClaimStanceClassifier`.

``--compare`` adds the alternatives tried on the way (the UCL recipe alone, gradient
boosting on our hand features, one four-class network, stacking).

Reproduce
---------
::

    .venv/bin/python scripts/train_claims.py                 # $WORKBENCH_DATA/fnc-1,
                                                             # else ../shared/data/fnc-1
    .venv/bin/python scripts/train_claims.py --data PATH --out workbench/models/claims

Seeded throughout: a re-run writes byte-identical model files.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GroupKFold
from sklearn.neural_network import MLPClassifier

from workbench.claims import (
    HAND_FEATURES,
    STANCE_LABELS,
    ClaimPairFeatures,
    ClaimStanceClassifier,
    baseline_features,
    body_id_split,
    fnc_score,
    read_fnc_pairs,
    save_model,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = 0
DATA_ORIGIN = "FakeNewsChallenge/fnc-1 @ 29d473a"
PAIR = ["claim", "body"]


def default_data() -> Path:
    """``$WORKBENCH_DATA/fnc-1``, else ``../shared/data/fnc-1`` beside the repository."""
    base = os.environ.get("WORKBENCH_DATA")
    return (Path(base) if base else ROOT.parent / "shared" / "data") / "fnc-1"


def scores(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    """FNC score, accuracy and per-class F1, rounded for a stable JSON."""
    f1 = f1_score(y_true, y_pred, labels=list(STANCE_LABELS), average=None, zero_division=0)
    row = {"fnc_score": fnc_score(y_true, y_pred), "accuracy": accuracy_score(y_true, y_pred)}
    row |= {f"f1_{label}": value for label, value in zip(STANCE_LABELS, f1)}
    row["macro_f1"] = float(np.mean(f1))
    return {key: round(float(value), 6) for key, value in row.items()}


def print_table(rows: dict[str, dict[str, float]]) -> None:
    table = pd.DataFrame(rows).T
    with pd.option_context("display.width", 160, "display.float_format", "{:.4f}".format):
        print(table.to_string())


def compare(train: pd.DataFrame, test: pd.DataFrame, extra: list[str], model) -> dict:
    """The alternatives tried on the way to the shipped model (slow: several fits)."""
    rows = {}
    y_train, y_test = train["stance"].to_numpy(), test["stance"].to_numpy()
    features = ClaimPairFeatures().fit(train[PAIR], extra_texts=extra)
    z_train, z_test = features.transform(train[PAIR]), features.transform(test[PAIR])
    n_hand = len(HAND_FEATURES)
    cosine = HAND_FEATURES.index("term_cosine")
    ucl = np.r_[cosine, np.arange(n_hand, z_train.shape[1])]
    recipe = MLPClassifier((100,), batch_size=500, max_iter=30, random_state=SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a fixed budget of epochs
        recipe.fit(z_train[:, ucl], y_train)
    rows["UCL recipe (tf vectors + cosine, MLP)"] = scores(y_test, recipe.predict(z_test[:, ucl]))
    hand_train, hand_test = z_train[:, :n_hand].toarray(), z_test[:, :n_hand].toarray()
    boosting = HistGradientBoostingClassifier(max_iter=300, random_state=SEED)
    boosting.fit(hand_train, y_train)
    rows["gradient boosting, hand features"] = scores(y_test, boosting.predict(hand_test))
    single = ClaimStanceClassifier(two_stage=False, random_state=SEED)
    single.fit(train[PAIR], y_train, extra_texts=extra)
    rows["one four-class MLP, all features"] = scores(y_test, single.predict(test[PAIR]))
    # Stacking: logistic regression on out-of-fold probabilities of the two-stage model
    # and of the boosted trees (folds by Body ID inside the training part).
    folds = GroupKFold(n_splits=3).split(train, groups=train["body_id"])
    out_of_fold = np.zeros((len(train), 8))
    for fit_rows, held_rows in folds:
        part, held = train.iloc[fit_rows], train.iloc[held_rows]
        two = ClaimStanceClassifier(random_state=SEED)
        two.fit(part[PAIR], part["stance"], extra_texts=extra)
        trees = HistGradientBoostingClassifier(max_iter=300, random_state=SEED)
        trees.fit(hand_train[fit_rows], part["stance"])
        out_of_fold[held_rows] = np.hstack(
            [two.predict_proba(held[PAIR]), trees.predict_proba(hand_train[held_rows])]
        )
    stack = LogisticRegression(max_iter=1000).fit(out_of_fold, y_train)
    stacked = np.hstack([model.predict_proba(test[PAIR]), boosting.predict_proba(hand_test)])
    rows["stacking (two-stage + boosting -> logistic)"] = scores(y_test, stack.predict(stacked))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=default_data(), help="FNC-1 folder")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "workbench" / "models" / "claims", help="model stem"
    )
    parser.add_argument("--compare", action="store_true", help="also fit the alternatives")
    args = parser.parse_args(argv)

    pairs = read_fnc_pairs(args.data)
    extra_path = args.data / "train_bodies.csv"
    extra = pd.read_csv(extra_path)["articleBody"].astype(str).tolist()
    train, test = body_id_split(pairs, test_size=0.2, random_state=SEED)
    y_train, y_test = train["stance"].to_numpy(), test["stance"].to_numpy()
    print(
        f"{len(train)} training pairs ({train['body_id'].nunique()} bodies), "
        f"{len(test)} held-out pairs ({test['body_id'].nunique()} bodies), "
        f"{len(extra)} unlabelled bodies for the vocabulary"
    )

    rows = {}
    majority = pd.Series(y_train).mode().iloc[0]
    rows[f"majority class ({majority})"] = scores(y_test, np.full(len(test), majority))

    started = time.perf_counter()
    baseline = GradientBoostingClassifier(n_estimators=200, random_state=14128)
    baseline.fit(baseline_features(train[PAIR]), y_train)
    rows["FNC-1 baseline (re-implemented)"] = scores(
        y_test, baseline.predict(baseline_features(test[PAIR]))
    )
    baseline_seconds = time.perf_counter() - started

    started = time.perf_counter()
    model = ClaimStanceClassifier(random_state=SEED)
    model.fit(train[PAIR], y_train, extra_texts=extra)
    training_seconds = time.perf_counter() - started
    rows["ClaimStanceClassifier (two-stage MLP)"] = scores(y_test, model.predict(test[PAIR]))

    if args.compare:
        rows |= compare(train, test, extra, model)
    print_table(rows)
    print(f"training: baseline {baseline_seconds:.0f} s, model {training_seconds:.0f} s")

    metadata = {
        "data": {
            "origin": DATA_ORIGIN,
            "files": ["dev_stances.csv", "dev_bodies.csv", "train_bodies.csv"],
            "description": "FNC-1 competition test pairs whose Body ID is even; "
            "train_bodies.csv read for the vocabulary only",
            "n_train_pairs": len(train),
            "n_test_pairs": len(test),
            "n_train_bodies": int(train["body_id"].nunique()),
            "n_test_bodies": int(test["body_id"].nunique()),
            "n_vocabulary_only_bodies": len(extra),
        },
        "split": {
            "function": "workbench.claims.body_id_split",
            "test_size": 0.2,
            "random_state": SEED,
        },
        "seed": SEED,
        "trained_on": "the training part of the split only",
        "dev_scores": {name: rows[name] for name in list(rows)[:3]},
        "script": "scripts/train_claims.py",
    }
    for path in save_model(model, args.out, metadata=metadata):
        print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
