"""PyTorch peer of the ModelGen ResidualDigits sample.

Same rows (the fixed UCI digits split: digits.csv.gz and digits_split.csv, pixels scaled 0..16 to 0..1),
same network (Linear 64-128 stem; two pre-norm residual blocks h = h + Linear(256, 128)(Dropout(0.1)(
ReLU(Linear(128, 256)(LayerNorm(h))))); a final LayerNorm; a Linear 128-10 head; CrossEntropyLoss),
same initialization as ModelGen's (He normal for the ReLU layers, Xavier uniform for the others, zero
biases, LayerNorm gamma 1 and beta 0), optimizer (AdamW lr 2e-3, weight decay 0.01), schedule (linear
warmup over the first epoch's updates, then cosine decay to 0 at the last update), batch size (64,
shuffled every epoch, the last batch smaller) and epochs (40).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 samples/ResidualDigits/pytorch_peer.py
"""
import argparse
import gzip
import math
import os
import statistics
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
WIDTH, INNER, DROPOUT = 128, 256, 0.1


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.path.join(HERE, "..", "Digits", "Data"), help="folder with digits.csv.gz and digits_split.csv")
    parser.add_argument("--seed", type=int, default=42, help="torch seed (initialization, shuffling, dropout)")
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    parser.add_argument("--quiet", action="store_true", help="no per-epoch lines")
    return parser.parse_args()


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(3)


def load(directory):
    """(train x, train y, test x, test y) in the split file's order, like samples/Digits/DigitsData.cs."""
    data_path, split_path = os.path.join(directory, "digits.csv.gz"), os.path.join(directory, "digits_split.csv")
    for path in (data_path, split_path):
        if not os.path.exists(path):
            fail(f"The digits data is missing: expected {data_path} and {split_path}.")
    with gzip.open(data_path, "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.float32, ndmin=2)
    if table.shape[1] != 65:
        fail(f"{data_path}: expected 65 fields per line, found {table.shape[1]}.")
    pixels, labels = table[:, :64] / 16.0, table[:, 64].astype(np.int64)
    roles = {"train": [], "test": []}
    with open(split_path) as f:
        if f.readline().strip() != "row,split":
            fail(f"{split_path} line 1: expected the header 'row,split'.")
        for number, line in enumerate(f, start=2):
            if not line.strip():
                continue
            row, role = line.strip().split(",")
            roles["train" if role == "train" else "test"].append(int(row))
    return tuple(torch.from_numpy(a) for a in (pixels[roles["train"]], labels[roles["train"]], pixels[roles["test"]], labels[roles["test"]]))


def linear(inputs, outputs, relu):
    layer = torch.nn.Linear(inputs, outputs)
    if relu:
        torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
    else:
        torch.nn.init.xavier_uniform_(layer.weight)
    torch.nn.init.zeros_(layer.bias)
    return layer


class Block(torch.nn.Module):
    """h + Down(Dropout(ReLU(Up(LayerNorm(h))))): pre-norm, the residual path keeps the width."""

    def __init__(self):
        super().__init__()
        self.norm = torch.nn.LayerNorm(WIDTH, eps=1e-5)
        self.up = linear(WIDTH, INNER, relu=True)
        self.drop = torch.nn.Dropout(DROPOUT)
        self.down = linear(INNER, WIDTH, relu=False)

    def forward(self, h):
        return h + self.down(self.drop(torch.relu(self.up(self.norm(h)))))


class ResidualDigitsNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = linear(64, WIDTH, relu=False)
        self.blocks = torch.nn.Sequential(Block(), Block())
        self.final_norm = torch.nn.LayerNorm(WIDTH, eps=1e-5)
        self.head = linear(WIDTH, 10, relu=False)

    def forward(self, x):
        return self.head(self.final_norm(self.blocks(self.stem(x))))


def warmup_cosine(warmup_steps, total_steps):
    """ModelGen's WarmupCosine with minLr 0, as a LambdaLR factor of the update index (0-based)."""
    def factor(step):
        if step < warmup_steps:
            return step / warmup_steps
        progress = min(1.0, (step - warmup_steps) / (total_steps - warmup_steps))
        return 0.5 * (1.0 + math.cos(math.pi * progress))
    return factor


def main():
    args = parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    x_train, y_train, x_test, y_test = load(args.data)
    batch_size, n = 64, x_train.shape[0]
    steps_per_epoch = (n + batch_size - 1) // batch_size
    model = ResidualDigitsNet()
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, warmup_cosine(steps_per_epoch, args.epochs * steps_per_epoch))
    loss_fn = torch.nn.CrossEntropyLoss()
    parameters = sum(p.numel() for p in model.parameters())
    print(f"PyTorch {torch.__version__} residual digits peer: {n} training and {x_test.shape[0]} test images, seed {args.seed}, {args.threads} thread(s)")
    print(f"Model: {parameters:,} parameters; AdamW(lr 0.002, weight decay 0.01), batch {batch_size}, {args.epochs} epochs, "
          f"warmup 1 epoch then cosine to 0 ({args.epochs * steps_per_epoch} steps)")

    times = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        started = time.perf_counter()
        order = torch.randperm(n)
        total, correct = 0.0, 0
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            optimizer.zero_grad()
            logits = model(x_train[idx])
            loss = loss_fn(logits, y_train[idx])
            loss.backward()
            optimizer.step()
            schedule.step()
            total += loss.item() * len(idx)
            correct += (logits.argmax(1) == y_train[idx]).sum().item()
        times.append(1000 * (time.perf_counter() - started))
        if not args.quiet and (epoch == 1 or epoch % 5 == 0 or epoch == args.epochs):
            print(f"  epoch {epoch:3d}: train loss {total / n:.4f}, train accuracy {100 * correct / n:.2f} %, {times[-1]:.0f} ms")

    model.eval()
    with torch.no_grad():
        logits = model(x_test)
        test_loss = loss_fn(logits, y_test).item()
        accuracy = (logits.argmax(1) == y_test).float().mean().item()
    print(f"Test accuracy: {100 * accuracy:.2f} % (loss {test_loss:.4f} on {x_test.shape[0]} samples)")
    print(f"Time per epoch: {statistics.median(times):.1f} ms median, {statistics.mean(times):.1f} ms mean of {len(times)} (total {sum(times):.0f} ms)")


if __name__ == "__main__":
    main()
