#!/usr/bin/env bash
# Ships the trained digits model as a NativeAOT app: trains with samples/Digits (which saves
# digits.safetensors), publishes samples/DigitsApp with PublishAot=true, requires a publish with no
# warnings, runs the binary on the saved weights and requires >= 97% test accuracy. Prints the
# binary's size and start-up time. Where the .NET 10 NativeAOT runtime pack cannot be restored, it
# publishes tests/DigitsApp.AotCheck instead (the same sources for net9.0; see that project).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet run -c Release --project "$repo/samples/Digits" -- --out "$work/model" >"$work/train.log"
grep -E "Test accuracy|Saved weights" "$work/train.log"
weights="$work/model/digits.safetensors"

project="$repo/samples/DigitsApp"
if ! dotnet publish "$project" -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" -nologo >"$work/publish.log" 2>&1; then
  if grep -q "NU1101.*Microsoft.NETCore.App.Runtime.NativeAOT" "$work/publish.log"; then
    echo "note: the .NET 10 NativeAOT runtime pack is not restorable here; publishing tests/DigitsApp.AotCheck (same sources, net9.0)"
    project="$repo/tests/DigitsApp.AotCheck"
    dotnet publish "$project" -c Release -r linux-x64 -o "$work/aot" -nologo >"$work/publish.log" 2>&1 || { tail -30 "$work/publish.log"; exit 1; }
  else
    tail -30 "$work/publish.log"; exit 1
  fi
fi
if grep -E ": warning [A-Z]+[0-9]+" "$work/publish.log"; then
  echo "the NativeAOT publish of $(basename "$project") has warnings (above)"; exit 1
fi
echo "published $(basename "$project") with NativeAOT: 0 warnings"

binary="$work/aot/DigitsApp"
"$binary" "$weights" >"$work/run.log"
head -2 "$work/run.log"
accuracy=$(sed -nE 's/.*accuracy ([0-9.]+) %.*/\1/p' "$work/run.log" | head -1)
awk -v a="$accuracy" 'BEGIN { exit !(a >= 97) }' || { echo "accuracy $accuracy % is below 97 %"; exit 1; }

size=$(stat -c %s "$binary")
runs=40
times=()
for _ in $(seq $runs); do
  start=$(date +%s%N); "$binary" "$weights" >/dev/null; end=$(date +%s%N)
  times+=($(( (end - start) / 100000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
tenths() { awk -v t="$1" 'BEGIN { printf "%.1f", t / 10 }'; }
echo "binary $(awk -v s="$size" 'BEGIN { printf "%.1f MiB (%d bytes)", s / 1048576, s }');" \
  "wall time per run (start, load, classify 360 digits, exit) over $runs runs: best $(tenths "${sorted[0]}") ms, median $(tenths "${sorted[$((runs / 2))]}") ms"
echo "aot test passed"
