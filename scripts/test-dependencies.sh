#!/usr/bin/env bash
# Installs what the shipping tests need outside .NET, only when it is missing:
#   - PyTorch (Debian's python3-torch) for the PyTorch interop tests;
#   - ONNX Runtime for node (onnxruntime-node, CPU build) for the ONNX export tests, into a cache
#     directory the tests find through MODELGEN_ONNXRUNTIME_DIR.
# A dependency that cannot be installed is reported; the tests that need it then fail (never skip).
set -uo pipefail

if ! /usr/bin/python3 -c "import torch" >/dev/null 2>&1; then
  echo "== installing python3-torch"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-torch >/dev/null 2>&1 \
    || echo "   could not install python3-torch: the PyTorch interop tests will fail"
fi

onnx_dir="${MODELGEN_ONNXRUNTIME_DIR:-$HOME/.cache/modelgen/onnxruntime-node}"
if [ ! -d "$onnx_dir/node_modules/onnxruntime-node" ]; then
  echo "== installing onnxruntime-node@1.30.0 into $onnx_dir"
  mkdir -p "$onnx_dir"
  (cd "$onnx_dir" && npm install --ignore-scripts --no-audit --no-fund --silent onnxruntime-node@1.30.0 >/dev/null 2>&1) \
    || echo "   could not install onnxruntime-node: the ONNX export tests will fail"
fi
