"""Quantize an FP32 ONNX model with ONNX Runtime's own static quantization (QDQ), for `edge bench --engine onnxruntime`.

The calibration samples are the ones `edge quantize` calibrates on (written as .npy by `edge models export-onnx
--int8-out`), fed one by one. ONNX Runtime's recommended CPU recipe: shape inference and graph optimisation first
(quant_pre_process), QDQ format, uint8 activations and per-channel int8 weights (the u8s8 kernels of x86 VNNI/AMX).

    python ort_quantize.py --model fp32.onnx --calibration calib.npy --out int8.onnx \
        [--activation-type uint8|int8] [--calibrate minmax|entropy|percentile] [--per-tensor]

Prints one JSON line with the counts of QuantizeLinear/DequantizeLinear nodes.
"""
import argparse
import json
import os
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime as ort
from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType,
                                      quantize_static)
from onnxruntime.quantization.shape_inference import quant_pre_process


class Samples(CalibrationDataReader):
    def __init__(self, name, data):
        self.name = name
        self.data = data
        self.at = 0

    def get_next(self):
        if self.at >= self.data.shape[0]:
            return None
        sample = {self.name: self.data[self.at:self.at + 1]}
        self.at += 1
        return sample

    def rewind(self):
        self.at = 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True, help="FP32 .onnx")
    p.add_argument("--calibration", required=True, help=".npy of preprocessed inputs, first axis = samples")
    p.add_argument("--out", required=True, help="output QDQ .onnx")
    p.add_argument("--activation-type", choices=["uint8", "int8"], default="uint8")
    p.add_argument("--calibrate", choices=["minmax", "entropy", "percentile"], default="minmax")
    p.add_argument("--per-tensor", action="store_true", help="per-tensor weights instead of per-channel")
    a = p.parse_args()

    data = np.load(a.calibration)
    if data.ndim < 2 or data.shape[0] == 0:
        print(f"error: {a.calibration} holds no samples (shape {data.shape})", file=sys.stderr)
        return 2
    model = onnx.load(a.model)
    onnx.checker.check_model(model, full_check=True)
    inputs = [i for i in model.graph.input if i.name not in {t.name for t in model.graph.initializer}]
    if len(inputs) != 1:
        print(f"error: expected one model input, found {[i.name for i in inputs]}", file=sys.stderr)
        return 2
    dims = [d.dim_value for d in inputs[0].type.tensor_type.shape.dim]
    if dims != [1] + list(data.shape[1:]):
        print(f"error: model input {dims} but calibration samples are {[1] + list(data.shape[1:])}", file=sys.stderr)
        return 2
    method = {"minmax": CalibrationMethod.MinMax, "entropy": CalibrationMethod.Entropy,
              "percentile": CalibrationMethod.Percentile}[a.calibrate]
    with tempfile.TemporaryDirectory() as tmp:
        prepared = os.path.join(tmp, "prepared.onnx")
        # Static shapes throughout: ONNX shape inference suffices, symbolic inference (sympy) is not needed.
        quant_pre_process(a.model, prepared, skip_symbolic_shape=True)
        quantize_static(prepared, a.out, Samples(inputs[0].name, data),
                        quant_format=QuantFormat.QDQ, per_channel=not a.per_tensor, reduce_range=False,
                        activation_type=QuantType.QUInt8 if a.activation_type == "uint8" else QuantType.QInt8,
                        weight_type=QuantType.QInt8, calibrate_method=method)
    ops = [n.op_type for n in onnx.load(a.out).graph.node]
    print(json.dumps({"samples": int(data.shape[0]), "onnxruntime": ort.__version__, "format": "QDQ",
                      "activations": a.activation_type, "weights": "int8 per-tensor" if a.per_tensor
                      else "int8 per-channel", "calibrate": a.calibrate,
                      "quantizeLinear": ops.count("QuantizeLinear"), "dequantizeLinear": ops.count("DequantizeLinear")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
