#!/usr/bin/env bash
# ModelGen vs PyTorch, side by side, in one run. Usage: benchmarks/run.sh [--quick] [--rounds N] [--wait-quiet SECONDS]
# Builds the harness in Release, then for each model runs ModelGen and PyTorch back to back (so both
# see the same machine conditions on this shared host), repeats that for --rounds rounds (default
# 2; the table keeps each configuration's best round), and prints the comparison table.
# --wait-quiet S first waits up to S seconds for the 1-minute load average to fall below 1.
# Results (JSON and the table) go to benchmarks/results/.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=()
rounds=2
wait_quiet=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) quick=(--quick); rounds=1 ;;
    --rounds) rounds=$2; shift ;;
    --wait-quiet) wait_quiet=$2; shift ;;
    *) echo "usage: benchmarks/run.sh [--quick] [--rounds N] [--wait-quiet SECONDS]" >&2; exit 2 ;;
  esac
  shift
done
out=benchmarks/results
mkdir -p "$out"
rm -f "$out"/*.json
python=/usr/bin/python3
openmp_blas=/usr/lib/x86_64-linux-gnu/openblas-openmp
sudo=()
[[ "$(id -u)" -ne 0 ]] && command -v sudo >/dev/null && sudo=(sudo -n)

# --- Dependencies --------------------------------------------------------------------------------
apt_updated=0
apt_install() {
  # Returns non-zero rather than failing the script: ModelGen still runs without PyTorch.
  if [[ $apt_updated -eq 0 ]]; then "${sudo[@]}" apt-get update -qq || return 1; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" >/dev/null
}
has_torch() { [[ -x $python ]] && $python -c 'import torch' 2>/dev/null; }

torch_ok=1
if ! has_torch; then
  echo "PyTorch not found: installing python3-torch"
  apt_install python3-torch && has_torch || torch_ok=0
fi
if [[ $torch_ok -eq 1 ]]; then
  # Without an OpenBLAS, libblas.so.3 is Debian's reference BLAS (7-8 GFLOP/s): not a fair PyTorch.
  if ! ls /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas*.so* >/dev/null 2>&1; then
    apt_install libopenblas0-pthread || echo "note: could not install libopenblas0-pthread; PyTorch uses whatever BLAS is present"
  fi
  # The OpenMP build lets PyTorch's and OpenBLAS's threads cooperate on 2 threads (perf-anchors).
  [[ -d $openmp_blas ]] || apt_install libopenblas0-openmp || true
else
  echo "PyTorch is unavailable (python3-torch could not be installed): ModelGen results only."
fi

# --- Build ---------------------------------------------------------------------------------------
dotnet build benchmarks/ModelGen.Benchmarks -c Release -nologo -v q
harness=(dotnet benchmarks/ModelGen.Benchmarks/bin/Release/net10.0/ModelGen.Benchmarks.dll)

# PyTorch at its best (perf-anchors): OpenBLAS's AVX-512 kernels (the environment's
# OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE force AVX2 ones) and ATen's AVX-512 kernels; its command only.
pytorch_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ATEN_CPU_CAPABILITY=avx512)

# --- Measure: each configuration ModelGen then PyTorch, back to back -----------------------------
run_pair() { # model threads [VAR=value ... for PyTorch's command]
  local model=$1 threads=$2; shift 2
  local tag="$model-$threads-r$round"
  echo "== $model, $threads thread(s), round $round"
  # The harness's own table is left out here; compare.py prints the combined one at the end.
  "${harness[@]}" --model "$model" --threads "$threads" "${quick[@]}" --json "$out/modelgen-$tag.json" | grep -v '^|' || true
  if [[ $torch_ok -eq 1 ]]; then
    "${pytorch_env[@]}" "$@" $python benchmarks/pytorch_peer.py --model "$model" --threads "$threads" "${quick[@]}" \
      --json "$out/pytorch-$tag.json" >/dev/null || echo "PyTorch run failed for $model, $threads thread(s)"
  fi
}

run_pair_2_threads() { # model: PyTorch with OpenBLAS's OpenMP build where installed (perf-anchors)
  if [[ -d $openmp_blas ]]; then run_pair "$1" 2 LD_LIBRARY_PATH=$openmp_blas; else run_pair "$1" 2; fi
}

# Others' processes skew every figure on a 2-core host: wait for a quiet moment if asked, and say
# how busy the machine was either way.
for ((waited = 0; waited < wait_quiet; waited += 10)); do
  read -r load1 _ < /proc/loadavg
  awk -v l="$load1" 'BEGIN { exit !(l < 1) }' && break
  sleep 10
done
read -r load1 _ < /proc/loadavg
echo "Load average before measuring: $load1 (should be near 0; other jobs on the machine slow both sides, 2 threads most)"
[[ -d $openmp_blas ]] || echo "note: libopenblas0-openmp unavailable: PyTorch's 2-thread row uses the pthread OpenBLAS, whose pool contends with PyTorch's"
for ((round = 1; round <= rounds; round++)); do
  run_pair digits 1
  run_pair large 1
  run_pair_2_threads large
  run_pair residual 1
  run_pair_2_threads residual
done

# --- Table ---------------------------------------------------------------------------------------
echo
read -r load2 _ < /proc/loadavg
$python benchmarks/compare.py "$out"/modelgen-*.json $( [[ $torch_ok -eq 1 ]] && ls "$out"/pytorch-*.json ) | tee "$out/table.md"
echo "Load average (1 min): $load1 before measuring, $load2 at the end (which includes this run's own 1-2 threads); 2 cores, so more than that means others were running." | tee -a "$out/table.md"
