"""Stance toward a claim: the shipped model against the official FNC-1 baseline.

Data: ``fnc-1/dev_stances.csv`` and ``dev_bodies.csv`` (the competition test pairs whose
Body ID is even). They are split by Body ID with :func:`workbench.claims.body_id_split`
(the split the shipped model was trained on: no body of the evaluation part was seen in
training). On the evaluation part the script scores

- the shipped claim model (:mod:`workbench.claims`);
- the re-implemented official FNC-1 baseline (hand features: word overlap, refuting
  words, polarity, n-gram co-occurrence; gradient boosting), trained here on the
  training part of the same split, with the feature code the training script uses;
- the majority class of the training part (always ``unrelated``),

and reports the FNC score (0.25 per correct related/unrelated decision, 0.75 more per
correct agree/disagree/discuss of a related pair, as a share of the best possible), the
per-class F1 and the macro-F1. Published: official baseline 75.2% on the full test set,
best teams about 82%.

Usage::

    python benchmarks/bench_claims.py [--data DIR]

Writes ``benchmarks/results/claims.json``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter

import harness
import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

sys.path.insert(0, str(harness.ROOT))

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = ("agree", "disagree", "discuss")
FNC_TARGET = 0.87
DISAGREE_TARGET = 0.50
PUBLISHED = {"official baseline (full test set, paper)": 0.752, "best teams (published)": 0.82}


def split_pairs(pairs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Body-ID split the shipped model was trained on: (train, evaluation)."""
    from workbench.claims import body_id_split

    return body_id_split(pairs)


def shipped_predictions(test: pd.DataFrame) -> np.ndarray:
    """The shipped claim model's stance for each evaluation pair.

    Stops if the model says it was evaluated on another number of held-out pairs (then
    it was not trained on this split and the figure would not be a held-out one).
    """
    from workbench.claims import load_claim_model

    model = load_claim_model()
    metadata = getattr(model, "metadata_", None) or {}
    held_out = (metadata.get("data") or {}).get("n_test_pairs")
    if held_out is not None and held_out != len(test):
        sys.exit(f"the shipped model held out {held_out} pairs, this split {len(test)}")
    return np.asarray(model.predict(test[["claim", "body"]]), dtype=object)


def baseline_predictions(train: pd.DataFrame, test: pd.DataFrame) -> np.ndarray:
    """The official FNC-1 baseline fitted on *train*, predicting *test*.

    Features: :func:`workbench.claims.baseline_features` (the re-implementation that
    ``scripts/train_claims.py`` also uses); classifier: as in the official
    ``fnc_kfold.py``, ``GradientBoostingClassifier(n_estimators=200,
    random_state=14128)``.
    """
    from sklearn.ensemble import GradientBoostingClassifier

    from workbench.claims import baseline_features

    model = GradientBoostingClassifier(n_estimators=200, random_state=14128)
    model.fit(baseline_features(train).to_numpy(), train["stance"].to_numpy())
    return np.asarray(model.predict(baseline_features(test).to_numpy()), dtype=object)


def fnc_score(truth: np.ndarray, predicted: np.ndarray) -> float:
    """The FNC-1 score as a share of the maximum (the competition's ``score_submission``)."""
    truth = np.asarray(truth, dtype=object)
    predicted = np.asarray(predicted, dtype=object)
    related_truth = truth != "unrelated"
    related_predicted = predicted != "unrelated"
    score = 0.25 * np.sum(related_truth == related_predicted) + 0.75 * np.sum(
        related_truth & (truth == predicted)
    )
    best = 0.25 * len(truth) + 0.75 * np.sum(related_truth)
    return float(score / best)


def scores(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """FNC score, accuracy, macro-F1 over the four classes and per-class F1."""
    per_class = f1_score(truth, predicted, labels=list(LABELS), average=None, zero_division=0)
    return {
        "fnc_score": fnc_score(truth, predicted),
        "accuracy": float(accuracy_score(truth, predicted)),
        "macro_f1": float(np.mean(per_class)),
        **{f"f1_{label}": float(value) for label, value in zip(LABELS, per_class)},
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="folder holding fnc-1/")
    args = parser.parse_args(argv)
    folder = harness.require(harness.data_folder(args.data) / "fnc-1")
    harness.require(folder / "dev_stances.csv")
    began = time.perf_counter()
    from workbench.claims import read_fnc_pairs

    pairs = read_fnc_pairs(folder)
    train, test = split_pairs(pairs)
    overlap = set(train["body_id"]) & set(test["body_id"])
    if overlap:
        sys.exit(f"the Body-ID split shares {len(overlap)} bodies between its parts")
    print(
        f"{len(pairs)} pairs: {len(train)} train ({train['body_id'].nunique()} bodies), "
        f"{len(test)} evaluation ({test['body_id'].nunique()} bodies)",
        flush=True,
    )
    truth = test["stance"].to_numpy(dtype=object)
    majority = Counter(train["stance"]).most_common(1)[0][0]

    timing: dict[str, float] = {}
    mark = time.perf_counter()
    ours = shipped_predictions(test)
    timing["shipped_predict_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    baseline = baseline_predictions(train, test)
    timing["baseline_fit_predict_s"] = time.perf_counter() - mark
    from workbench.claims import fnc_score as library_fnc_score

    if abs(library_fnc_score(truth, ours) - fnc_score(truth, ours)) > 1e-12:
        sys.exit("workbench.claims.fnc_score disagrees with this script's FNC score")
    systems = {
        "shipped model": scores(truth, ours),
        "FNC-1 baseline (GBDT)": scores(truth, baseline),
        "majority class": scores(truth, np.full(len(truth), majority, dtype=object)),
    }
    rows = [
        [
            name,
            f"{figures['fnc_score']:.3f}",
            f"{figures['macro_f1']:.3f}",
            *(f"{figures[f'f1_{label}']:.3f}" for label in LABELS),
        ]
        for name, figures in systems.items()
    ]
    harness.print_table(rows, ["system", "FNC", "macro-F1", *(f"F1 {x}" for x in LABELS)])
    ours_figures = systems["shipped model"]
    base_figures = systems["FNC-1 baseline (GBDT)"]
    result: dict = {
        "benchmark": "claims",
        "command": "python benchmarks/bench_claims.py",
        "data": "fnc-1/dev_stances.csv + dev_bodies.csv, Body-ID split",
        "n_train": len(train),
        "n_test": len(test),
        "n_test_bodies": int(test["body_id"].nunique()),
        "test_label_counts": dict(Counter(truth)),
        "majority_class": majority,
        "systems": systems,
        **{key: round(value, 2) for key, value in timing.items()},
        "measures": [
            harness.measure(
                f"claim stance FNC score, FNC-1 dev Body-ID split (n={len(test)})",
                ours_figures["fnc_score"],
                unit="",
                baselines={
                    "FNC-1 baseline": base_figures["fnc_score"],
                    "majority": systems["majority class"]["fnc_score"],
                    **PUBLISHED,
                },
                target=f">= {FNC_TARGET:.2f}",
                met=ours_figures["fnc_score"] >= FNC_TARGET,
                note="published figures are on the full competition test set",
            ),
            harness.measure(
                "claim stance disagree F1, same split",
                ours_figures["f1_disagree"],
                baselines={"FNC-1 baseline": base_figures["f1_disagree"]},
                target=f">= {DISAGREE_TARGET:.2f}",
                met=ours_figures["f1_disagree"] >= DISAGREE_TARGET,
            ),
            harness.measure(
                "claim stance macro-F1 (4 classes), same split",
                ours_figures["macro_f1"],
                baselines={
                    "FNC-1 baseline": base_figures["macro_f1"],
                    "majority": systems["majority class"]["macro_f1"],
                },
            ),
        ],
    }
    for label in ("agree", "discuss", "unrelated"):
        result["measures"].append(
            harness.measure(
                f"claim stance {label} F1, same split",
                ours_figures[f"f1_{label}"],
                baselines={"FNC-1 baseline": base_figures[f"f1_{label}"]},
            )
        )
    result["seconds"] = round(time.perf_counter() - began, 2)
    harness.print_measures(result["measures"])
    print(f"wrote {harness.write_result('claims', result)}")
    return result


if __name__ == "__main__":
    main()
