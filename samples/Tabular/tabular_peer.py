"""Shared parts of the PyTorch peers of the tabular samples (BreastCancer, Diabetes).

The C# sample writes split.csv (row,role with role train, validation or test); a peer reads it so both
train on exactly the same rows. Standardization uses the train rows' statistics only (population std,
like the C# Standardizer and scikit-learn's StandardScaler). Training mirrors ModelGen's
TrainingOptions with EarlyStopping: AdamW, shuffled mini-batches, validation loss after every epoch,
stop after `patience` epochs without a lower validation loss, restore the best epoch's weights.
Initialization mirrors ModelGen's defaults: He normal for ReLU layers, Xavier uniform for the linear
output layer, zero biases.
"""
import argparse
import copy
import csv
import os
import sys

import numpy as np
import torch


def parse_args(description, script_dir, default_epochs):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--split", default=os.path.join(script_dir, "bin", "Release", "net10.0", "split.csv"),
                        help="split.csv written by the C# sample (default: its Release output folder)")
    parser.add_argument("--data", default=os.path.join(script_dir, "Data"), help="folder with the data files")
    parser.add_argument("--seed", type=int, default=42, help="torch seed (initialization and shuffling)")
    parser.add_argument("--epochs", type=int, default=default_epochs, help="most epochs (early stopping usually ends sooner)")
    parser.add_argument("--quiet", action="store_true", help="no per-epoch lines")
    return parser.parse_args()


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(3)


def read_split(path, rows):
    """Row indices per role from split.csv; checks it covers rows 0..rows-1 once each."""
    if not os.path.exists(path):
        fail(f"{path} is missing: run the C# sample first (it writes split.csv next to its output), or pass --split PATH.")
    roles = {"train": [], "validation": [], "test": []}
    seen = set()
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header != ["row", "role"]:
            fail(f"{path} line 1: expected the header 'row,role', found {header}.")
        for line_number, fields in enumerate(reader, start=2):
            if len(fields) != 2 or fields[1] not in roles or not fields[0].isdigit():
                fail(f"{path} line {line_number}: expected 'row,role' with role train, validation or test, found {fields}.")
            row = int(fields[0])
            if row >= rows or row in seen:
                fail(f"{path} line {line_number}: row {row} is out of range (data has {rows} rows) or repeated.")
            seen.add(row)
            roles[fields[1]].append(row)
    if len(seen) != rows:
        fail(f"{path} assigns {len(seen)} rows, the data has {rows}: the split was written for other data.")
    return {role: np.array(sorted(indices), dtype=np.int64) for role, indices in roles.items()}


def standardizer(values, fit_rows):
    """(mean, scale) of the fit rows; population std, a constant column gets scale 1."""
    mean = values[fit_rows].mean(axis=0)
    scale = np.atleast_1d(values[fit_rows].std(axis=0))
    scale[scale == 0] = 1.0
    return mean, scale if values.ndim > 1 else scale[0]


def mlp(widths):
    """Linear + ReLU for each hidden width, then a linear output; ModelGen's default initialization."""
    layers = []
    for i in range(len(widths) - 1):
        linear = torch.nn.Linear(widths[i], widths[i + 1])
        last = i == len(widths) - 2
        if last:
            torch.nn.init.xavier_uniform_(linear.weight)
        else:
            torch.nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
        torch.nn.init.zeros_(linear.bias)
        layers.append(linear)
        if not last:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def fit_early_stopping(model, loss_fn, x_train, y_train, x_val, y_val, epochs, batch_size, lr, weight_decay, patience, quiet, every):
    """Returns (epochs run, best epoch); the model ends with the best epoch's weights."""
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    best_loss, best_epoch, best_state, waited = float("inf"), None, None, 0
    n = x_train.shape[0]
    epoch = 0
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(n)
        total = 0.0
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        model.eval()
        with torch.no_grad():
            val_loss = loss_fn(model(x_val), y_val).item()
        if not quiet and (epoch == 1 or epoch % every == 0):
            print(f"  epoch {epoch:3d}: train loss {total / n:.4f}, validation loss {val_loss:.4f}")
        if val_loss < best_loss:
            best_loss, best_epoch, best_state, waited = val_loss, epoch, copy.deepcopy(model.state_dict()), 0
        else:
            waited += 1
            if waited >= patience:
                break
    model.load_state_dict(best_state)
    return epoch, best_epoch


def setup_torch(seed):
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
