"""PyTorch side of the interop tests. Writes and reads safetensors by hand (struct + json, no
safetensors package), exactly as the format is specified, so the test also checks the format.

  pytorch_interop.py export SPEC DIR   builds the nn.Sequential of SPEC with seeded random weights,
                                       writes DIR/torch.safetensors and DIR/torch_outputs.f32
  pytorch_interop.py predict SPEC DIR  loads DIR/modelgen.safetensors into that nn.Sequential and
                                       writes DIR/torch_outputs_from_modelgen.f32

SPEC is a JSON file: {"layers": [{"in": 64, "out": 128, "activation": "Relu", "alpha": 0.0}, ...]}.
Both read DIR/inputs.f32: rows of float32 features.
"""
import json
import os
import struct
import sys

import torch


def activation(name, alpha):
    return {
        "Identity": None,
        "Relu": torch.nn.ReLU(),
        "Sigmoid": torch.nn.Sigmoid(),
        "Tanh": torch.nn.Tanh(),
        "LeakyRelu": torch.nn.LeakyReLU(alpha),
        "Gelu": torch.nn.GELU(),
        "GeluTanh": torch.nn.GELU(approximate="tanh"),
        "Silu": torch.nn.SiLU(),
        "Softplus": torch.nn.Softplus(),
    }[name]


def build(spec):
    modules = []
    for layer in spec["layers"]:
        modules.append(torch.nn.Linear(layer["in"], layer["out"]))
        act = activation(layer["activation"], layer["alpha"])
        if act is not None:
            modules.append(act)
    return torch.nn.Sequential(*modules)


def save_safetensors(tensors, path):
    header, data, offset = {}, b"", 0
    for name, tensor in tensors.items():
        values = tensor.detach().contiguous().view(-1).tolist()
        raw = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(raw)]}
        data += raw
        offset += len(raw)
    text = json.dumps(header).encode("utf-8")
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        f.write(data)


def load_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (length,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + length].decode("utf-8"))
    data = blob[8 + length :]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F32", entry
        begin, end = entry["data_offsets"]
        count = (end - begin) // 4
        values = struct.unpack("<%df" % count, data[begin:end])
        tensors[name] = torch.tensor(values, dtype=torch.float32).reshape(entry["shape"])
    return tensors


def read_inputs(directory, width):
    with open(os.path.join(directory, "inputs.f32"), "rb") as f:
        raw = f.read()
    values = struct.unpack("<%df" % (len(raw) // 4), raw)
    return torch.tensor(values, dtype=torch.float32).reshape(-1, width)


def write_outputs(tensor, path):
    values = tensor.detach().contiguous().view(-1).tolist()
    with open(path, "wb") as f:
        f.write(struct.pack("<%df" % len(values), *values))


def main():
    mode, spec_path, directory = sys.argv[1:4]
    with open(spec_path) as f:
        spec = json.load(f)
    torch.manual_seed(1234)
    model = build(spec)
    if mode == "export":
        # Non-zero biases, so a bias mapped to the wrong tensor cannot go unnoticed.
        with torch.no_grad():
            for module in model:
                if isinstance(module, torch.nn.Linear):
                    module.bias.uniform_(-0.5, 0.5)
        save_safetensors(model.state_dict(), os.path.join(directory, "torch.safetensors"))
        output = os.path.join(directory, "torch_outputs.f32")
    else:
        model.load_state_dict(load_safetensors(os.path.join(directory, "modelgen.safetensors")), strict=True)
        output = os.path.join(directory, "torch_outputs_from_modelgen.f32")
    with torch.no_grad():
        write_outputs(model(read_inputs(directory, spec["layers"][0]["in"])), output)


if __name__ == "__main__":
    main()
