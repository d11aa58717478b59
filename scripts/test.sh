#!/usr/bin/env bash
# Runs every test: the whole suite at the machine's widest SIMD tier, then the runtime suite again
# (kernels, gradient checks, training) with the runtime's ISA switches forcing the AVX2+FMA,
# 128-bit and scalar tiers. Each forced run
# names the tier it expects (MODELGEN_EXPECT_TIER), so a switch the runtime ignores fails a test.
# The PTX suite assembles the generated kernels with ptxas, which scripts/fetch-ptxas.sh fetches
# first (without it those tests fail with a message saying so).
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
config=Release
results=$(mktemp -d)
passed=0
failed=0
status=0

# PyTorch and ONNX Runtime for the shipping tests, installed only when missing.
bash scripts/test-dependencies.sh

if ! dotnet build ModelGen.sln -c "$config" -warnaserror -nologo -v quiet; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

run() { # name, project, extra dotnet test args..., with the environment already set by the caller
  local name=$1 project=$2; shift 2
  local log="$results/$name.log"
  echo "== $name"
  dotnet test "$project" -c "$config" --no-build --nologo "$@" >"$log" 2>&1
  local rc=$?
  grep -E "^(Passed|Failed)!|error|\[FAIL\]" "$log" | head -40
  local line
  line=$(grep -E "(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+" "$log" | tail -1)
  if [ -z "$line" ]; then
    echo "   no test summary from $name (exit $rc); last lines:"; tail -20 "$log"
    failed=$((failed + 1)); status=1; return
  fi
  local f p
  f=$(echo "$line" | sed -E 's/.*Failed: +([0-9]+),.*/\1/')
  p=$(echo "$line" | sed -E 's/.*Passed: +([0-9]+),.*/\1/')
  passed=$((passed + p)); failed=$((failed + f))
  [ "$rc" -eq 0 ] || status=1
}

if ptxas=$(bash scripts/fetch-ptxas.sh); then
  export PTXAS="$ptxas"
else
  echo "fetch-ptxas.sh could not provide ptxas; the PTX validation tests will fail."
fi

run_script() { # name, script: a test outside dotnet test, counted as one test
  local name=$1 script=$2
  local log="$results/$name.log"
  echo "== $name"
  if bash "$script" >"$log" 2>&1; then
    passed=$((passed + 1)); tail -1 "$log"
  else
    failed=$((failed + 1)); status=1
    echo "   $name failed; last lines:"; tail -20 "$log"
  fi
}

run generator tests/ModelGen.Generator.Tests
run analyzers tests/ModelGen.Analyzers.Tests
run ptx tests/ModelGen.Ptx.Tests
run runtime-widest tests/ModelGen.Tests
MODELGEN_EXPECT_TIER=Vector256 DOTNET_EnableAVX512F=0 DOTNET_EnableAVX512=0 \
  run runtime-avx2 tests/ModelGen.Tests
MODELGEN_EXPECT_TIER=Vector128 DOTNET_EnableAVX2=0 \
  run runtime-128bit tests/ModelGen.Tests
MODELGEN_EXPECT_TIER=Scalar DOTNET_EnableHWIntrinsic=0 \
  run runtime-scalar tests/ModelGen.Tests

run_script package scripts/package-test.sh
run_script nativeaot scripts/aot-test.sh

rm -rf "$results"
echo "$passed passed, $failed failed"
exit $status
