// Runs an ONNX model in ONNX Runtime (onnxruntime-node, CPU) for the ONNX export tests.
// Usage: node run_onnx.js MODEL INPUTS.f32 ROWS WIDTH OUTPUTS.f32
// Finds onnxruntime-node in $MODELGEN_ONNXRUNTIME_DIR (default ~/.cache/modelgen/onnxruntime-node),
// where scripts/test-dependencies.sh installs it. Prints the graph's input and output names.
const fs = require('fs');
const path = require('path');
const os = require('os');

const [modelPath, inputsPath, rows, width, outputsPath] = process.argv.slice(2);
const root = process.env.MODELGEN_ONNXRUNTIME_DIR || path.join(os.homedir(), '.cache', 'modelgen', 'onnxruntime-node');
const ort = require(path.join(root, 'node_modules', 'onnxruntime-node'));

(async () => {
  const session = await ort.InferenceSession.create(modelPath);
  const raw = fs.readFileSync(inputsPath);
  const data = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
  const input = new ort.Tensor('float32', Float32Array.from(data), [Number(rows), Number(width)]);
  const results = await session.run({ [session.inputNames[0]]: input });
  const output = results[session.outputNames[0]];
  fs.writeFileSync(outputsPath, Buffer.from(output.data.buffer, output.data.byteOffset, output.data.byteLength));
  console.log(JSON.stringify({ inputs: session.inputNames, outputs: session.outputNames, dims: output.dims }));
})().catch(error => { console.error(error); process.exit(1); });
