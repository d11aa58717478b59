"""PyTorch peer of the ModelGen BreastCancer sample, plus a scikit-learn LogisticRegression baseline.

Same rows (split.csv written by the C# sample), same standardization (train rows' statistics), same
network (30-32-16-1, ReLU, one logit, BCEWithLogitsLoss), optimizer (AdamW lr 1e-3, weight decay 0.01),
batch size (32), most epochs (300) and early stopping (patience 20, best weights restored).

    dotnet run -c Release --project samples/BreastCancer        # writes bin/Release/net10.0/split.csv
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 samples/BreastCancer/pytorch_peer.py
"""
import os
import sys

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, precision_score, recall_score, roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Tabular"))
import tabular_peer as peer  # noqa: E402


def load(path):
    if not os.path.exists(path):
        peer.fail(f"{path} is missing: pass --data DIR.")
    with open(path) as f:
        header = f.readline().strip().split(",")
    table = np.loadtxt(path, delimiter=",", skiprows=1)
    if table.shape != (int(header[0]), 31):
        peer.fail(f"{path}: expected {header[0]} rows of 31 fields, found {table.shape}.")
    return table[:, :30], table[:, 30].astype(np.int64)


def figures(labels, scores, threshold):
    predicted = (scores > threshold).astype(np.int64)
    return {
        "accuracy": accuracy_score(labels, predicted), "roc_auc": roc_auc_score(labels, scores),
        "precision_benign": precision_score(labels, predicted, pos_label=1), "recall_benign": recall_score(labels, predicted, pos_label=1),
        "precision_malignant": precision_score(labels, predicted, pos_label=0), "recall_malignant": recall_score(labels, predicted, pos_label=0),
    }


def report(name, m):
    print(f"{name}:")
    print(f"  accuracy             {100 * m['accuracy']:.2f} %")
    print(f"  ROC AUC              {m['roc_auc']:.4f}")
    print(f"  precision / recall   {m['precision_benign']:.4f} / {m['recall_benign']:.4f}  (benign)")
    print(f"  precision / recall   {m['precision_malignant']:.4f} / {m['recall_malignant']:.4f}  (malignant)")


def run(args):
    """Trains the peer and the baseline; returns {model: {metric: value}} for the test rows."""
    peer.setup_torch(args.seed)
    features, labels = load(os.path.join(args.data, "breast_cancer.csv"))
    split = peer.read_split(args.split, len(labels))
    mean, scale = peer.standardizer(features, split["train"])
    x = ((features - mean) / scale).astype(np.float32)
    tensors = {role: (torch.from_numpy(x[rows]), torch.from_numpy(labels[rows].astype(np.float32)).unsqueeze(1)) for role, rows in split.items()}
    if not args.quiet:
        print(f"PyTorch {torch.__version__} breast-cancer peer: {len(split['train'])} train, {len(split['validation'])} validation, {len(split['test'])} test (from {args.split})")

    model = peer.mlp([30, 32, 16, 1])
    epochs, best = peer.fit_early_stopping(model, torch.nn.BCEWithLogitsLoss(), *tensors["train"], *tensors["validation"],
                                           epochs=args.epochs, batch_size=32, lr=1e-3, weight_decay=0.01, patience=20, quiet=args.quiet, every=10)
    with torch.no_grad():
        logits = model(tensors["test"][0]).squeeze(1).numpy().astype(np.float64)
    test_labels = labels[split["test"]]
    results = {"pytorch": dict(figures(test_labels, logits, 0.0), epochs=epochs, best_epoch=best)}
    # Baseline for context: L2-regularized logistic regression (C = 1) on the same standardized train rows.
    baseline = LogisticRegression(max_iter=10000).fit(x[split["train"]], labels[split["train"]])
    results["sklearn"] = figures(test_labels, baseline.decision_function(x[split["test"]]), 0.0)
    return results


def main():
    args = peer.parse_args(__doc__.splitlines()[0], HERE, default_epochs=300)
    results = run(args)
    print(f"Stopped after {results['pytorch']['epochs']} epochs; best validation loss at epoch {results['pytorch']['best_epoch']}, whose weights were restored")
    report("PyTorch test results (class 1 = benign)", results["pytorch"])
    report("scikit-learn LogisticRegression (C=1) test results", results["sklearn"])


if __name__ == "__main__":
    main()
