"""PyTorch peer of the ModelGen Diabetes sample, plus scikit-learn Ridge and LinearRegression baselines.

Same rows (split.csv written by the C# sample), same standardization of features and target (train
rows' statistics; predictions mapped back to target units), same network (10-16-1, ReLU, MSELoss),
optimizer (AdamW lr 1e-3, weight decay 0.01), batch size (32), most epochs (500) and early stopping
(patience 30, best weights restored).

    dotnet run -c Release --project samples/Diabetes        # writes bin/Release/net10.0/split.csv
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 samples/Diabetes/pytorch_peer.py
"""
import gzip
import os
import sys

import numpy as np
import torch
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Tabular"))
import tabular_peer as peer  # noqa: E402


def load(directory):
    paths = [os.path.join(directory, name) for name in ("diabetes_data_raw.csv.gz", "diabetes_target.csv.gz")]
    for path in paths:
        if not os.path.exists(path):
            peer.fail(f"{path} is missing: pass --data DIR.")
    with gzip.open(paths[0], "rt") as f:
        features = np.loadtxt(f, ndmin=2)
    with gzip.open(paths[1], "rt") as f:
        targets = np.loadtxt(f, ndmin=1)
    if features.shape[1] != 10 or features.shape[0] != targets.shape[0]:
        peer.fail(f"{paths[0]} has shape {features.shape} and {paths[1]} {targets.shape}: expected n x 10 and n.")
    return features, targets


def figures(targets, predictions):
    mse = mean_squared_error(targets, predictions)
    return {"mse": mse, "rmse": float(np.sqrt(mse)), "mae": mean_absolute_error(targets, predictions), "r2": r2_score(targets, predictions)}


def run(args):
    """Trains the peer and the baselines; returns {model: {metric: value}} for the test rows (target units)."""
    peer.setup_torch(args.seed)
    features, targets = load(args.data)
    split = peer.read_split(args.split, len(targets))
    mean, scale = peer.standardizer(features, split["train"])
    y_mean, y_scale = peer.standardizer(targets, split["train"])
    x = (features - mean) / scale
    y = (targets - y_mean) / y_scale
    tensors = {role: (torch.from_numpy(x[rows].astype(np.float32)), torch.from_numpy(y[rows].astype(np.float32)).unsqueeze(1)) for role, rows in split.items()}
    if not args.quiet:
        print(f"PyTorch {torch.__version__} diabetes peer: {len(split['train'])} train, {len(split['validation'])} validation, {len(split['test'])} test (from {args.split})")

    model = peer.mlp([10, 16, 1])
    epochs, best = peer.fit_early_stopping(model, torch.nn.MSELoss(), *tensors["train"], *tensors["validation"],
                                           epochs=args.epochs, batch_size=32, lr=1e-3, weight_decay=0.01, patience=30, quiet=args.quiet, every=25)
    with torch.no_grad():
        predictions = model(tensors["test"][0]).squeeze(1).numpy().astype(np.float64) * y_scale + y_mean
    train, test = split["train"], split["test"]
    return {
        "pytorch": dict(figures(targets[test], predictions), epochs=epochs, best_epoch=best),
        "sklearn_ridge": figures(targets[test], Ridge(alpha=1.0).fit(x[train], targets[train]).predict(x[test])),
        "sklearn_linear": figures(targets[test], LinearRegression().fit(x[train], targets[train]).predict(x[test])),
    }


def main():
    args = peer.parse_args(__doc__.splitlines()[0], HERE, default_epochs=500)
    results = run(args)
    print(f"Stopped after {results['pytorch']['epochs']} epochs; best validation loss at epoch {results['pytorch']['best_epoch']}, whose weights were restored")
    print("Test results (target units):")
    print("  model                        MSE      RMSE     MAE      R²")
    for name, key in (("PyTorch MLP", "pytorch"), ("sklearn Ridge (alpha 1)", "sklearn_ridge"), ("sklearn LinearRegression", "sklearn_linear")):
        m = results[key]
        print(f"  {name:<24} {m['mse']:8.1f} {m['rmse']:8.2f} {m['mae']:8.2f} {m['r2']:8.4f}")


if __name__ == "__main__":
    main()
