#!/usr/bin/env bash
# The NuGet package as a user meets it: packs ModelGen into a temporary local feed, creates a fresh
# console project outside the repository (so none of its build settings apply), adds the package
# from the feed, writes a model class, builds, trains a few epochs on random data and predicts.
# An isolated NuGet cache makes sure the package just packed is the one used.
# Prints "package test passed" and exits 0 on success.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NUGET_PACKAGES="$work/packages"
version="0.0.0-localtest"

dotnet pack "$repo/src/ModelGen" -c Release -o "$work/feed" -p:Version=$version -nologo -v quiet
package="$work/feed/ModelGen.$version.nupkg"
contents=$(unzip -Z1 "$package")
for expected in lib/net10.0/ModelGen.dll analyzers/dotnet/cs/ModelGen.Generator.dll buildTransitive/ModelGen.props; do
  grep -qx "$expected" <<<"$contents" || { echo "the package lacks $expected"; exit 1; }
done
for optional in ModelGen.Analyzers ModelGen.CodeFixes; do
  if [ -f "$repo/analyzers/$optional/$optional.csproj" ]; then
    grep -qx "analyzers/dotnet/cs/$optional.dll" <<<"$contents" || { echo "the package lacks $optional.dll"; exit 1; }
  fi
done

app="$work/Consumer"
dotnet new console -o "$app" --framework net10.0 >/dev/null
cat > "$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
(cd "$app" && dotnet add package ModelGen --version $version >/dev/null)

# No AllowUnsafeBlocks here: the package's buildTransitive props must set it.
cat > "$app/Program.cs" <<'CS'
using ModelGen;
using ModelGen.Runtime;

var rng = new Rng(7);
const int rows = 256;
var features = new float[rows * 8];
var labels = new int[rows];
for (int r = 0; r < rows; r++)
{
    float sum = 0;
    for (int c = 0; c < 8; c++) { features[r * 8 + c] = (float)rng.NextGaussian(); sum += features[r * 8 + c]; }
    labels[r] = sum > 0 ? 1 : 0; // learnable: the sign of the sum
}
var data = Dataset.ForClassification(features, 8, labels);
var net = new TinyNet(seed: 1);
var history = net.Fit(data, epochs: 20, batchSize: 32, optimizer: new Adam(1e-2f));
var result = net.Evaluate(data);
Console.WriteLine($"epochs {history.Epochs.Count}, first loss {history.Epochs[0].Loss:F4}, last loss {history.Last.Loss:F4}, {result}");
Console.WriteLine($"prediction for row 0: {net.Predict(data.Row(0))} (label {labels[0]})");
net.SaveWeights("tiny.safetensors");
var loaded = new TinyNet(seed: 2);
loaded.LoadWeights("tiny.safetensors");
if (loaded.Predict(data.Row(0)) != net.Predict(data.Row(0))) return 1;
return result.Accuracy >= 0.9 && history.Last.Loss < history.Epochs[0].Loss ? 0 : 1;

[Model]
public partial class TinyNet
{
    [Input(8)] public partial Tensor X { get; }
    [Dense(16), Relu] public partial Tensor Hidden { get; }
    [Dense(2)] public partial Tensor Logits { get; }
    [SoftmaxCrossEntropy] public partial Loss Loss { get; }
}
CS
(cd "$app" && dotnet build -c Release -nologo -v quiet -warnaserror)
(cd "$app" && dotnet run -c Release --no-build)
echo "package test passed"
