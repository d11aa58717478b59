"""Runs a tabular sample and its PyTorch peer over several seeds and prints mean, std and min per metric.

For each seed the C# sample (already built in Release) trains with --seed S and writes split.csv and
results.csv into a temporary folder; the peer trains on that split with torch seed S. One split is one
draw: a test set of ~100 rows moves accuracy by ~1 point a sample, so the spread over seeds is the
fair comparison.

    dotnet build -c Release samples/BreastCancer && dotnet build -c Release samples/Diabetes
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 samples/Tabular/seed_sweep.py BreastCancer --seeds 0 1 2 3 4
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 samples/Tabular/seed_sweep.py Diabetes --seeds 0 1 2 3 4
"""
import argparse
import csv
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)


def load_peer(sample):
    spec = importlib.util.spec_from_file_location(f"{sample}_peer", os.path.join(SAMPLES, sample, "pytorch_peer.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_csharp(sample, seed, out):
    dll = os.path.join(SAMPLES, sample, "bin", "Release", "net10.0", f"{sample}.dll")
    if not os.path.exists(dll):
        sys.exit(f"{dll} is missing: build it first (dotnet build -c Release samples/{sample}).")
    subprocess.run(["dotnet", dll, "--seed", str(seed), "--out", out, "--quiet"], check=True, stdout=subprocess.DEVNULL)
    results = {}
    with open(os.path.join(out, "results.csv"), newline="") as f:
        for row in csv.DictReader(f):
            results.setdefault(row["model"], {})[row["metric"]] = float(row["value"])
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sample", choices=["BreastCancer", "Diabetes"])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    args = parser.parse_args()
    peer = load_peer(args.sample)
    epochs = 300 if args.sample == "BreastCancer" else 500
    collected = {}
    with tempfile.TemporaryDirectory() as folder:
        for seed in args.seeds:
            out = os.path.join(folder, str(seed))
            runs = run_csharp(args.sample, seed, out)
            runs.update(peer.run(argparse.Namespace(split=os.path.join(out, "split.csv"), data=os.path.join(SAMPLES, args.sample, "Data"),
                                                    seed=seed, epochs=epochs, quiet=True)))
            for model, metrics in runs.items():
                for metric, value in metrics.items():
                    collected.setdefault((metric, model), []).append(value)
            print(f"seed {seed}: " + ", ".join(f"{model} {metrics.get('accuracy', metrics.get('r2')):.4f}" for model, metrics in runs.items()), flush=True)
    print(f"{args.sample}, seeds {' '.join(map(str, args.seeds))}: mean ± std (min .. max) of the test figures")
    for (metric, model), values in sorted(collected.items()):
        spread = statistics.stdev(values) if len(values) > 1 else 0.0
        print(f"  {metric:<20} {model:<15} {statistics.mean(values):10.4f} ± {spread:.4f}  ({min(values):.4f} .. {max(values):.4f})")


if __name__ == "__main__":
    main()
