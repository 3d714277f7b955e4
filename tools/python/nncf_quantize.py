"""Quantize an FP32 OpenVINO IR with NNCF post-training quantization, for comparison with `edge quantize`.

Both quantizers see identical calibration data: `edge quantize --export-calibration FILE.npy` writes the
preprocessed input tensors (shape [N, ...model input...]), and this script feeds them one by one.

    python nncf_quantize.py --model fp32/model.xml --calibration calib.npy --out nncf/model.xml \
        [--preset performance|mixed] [--fast-bias-correction|--no-bias-correction]

Prints one JSON line with the counts of inserted FakeQuantize layers.
"""
import argparse
import json
import sys

import numpy as np
import nncf
import openvino as ov


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True, help="FP32 IR .xml")
    p.add_argument("--calibration", required=True, help=".npy of preprocessed inputs, first axis = samples")
    p.add_argument("--out", required=True, help="output IR .xml")
    p.add_argument("--preset", choices=["performance", "mixed"], default="performance")
    p.add_argument("--no-bias-correction", action="store_true",
                   help="disable NNCF's fast bias correction (ours has none)")
    a = p.parse_args()

    data = np.load(a.calibration)
    if data.ndim < 2 or data.shape[0] == 0:
        print(f"error: {a.calibration} holds no samples (shape {data.shape})", file=sys.stderr)
        return 2
    core = ov.Core()
    model = core.read_model(a.model)
    expected = list(model.inputs[0].get_partial_shape().get_min_shape())
    sample_shape = [1] + list(data.shape[1:])
    if expected != sample_shape:
        print(f"error: model input {expected} but calibration samples are {sample_shape}", file=sys.stderr)
        return 2
    dataset = nncf.Dataset([data[i:i + 1] for i in range(data.shape[0])])
    preset = nncf.QuantizationPreset.PERFORMANCE if a.preset == "performance" else nncf.QuantizationPreset.MIXED
    quantized = nncf.quantize(model, dataset, preset=preset, subset_size=data.shape[0],
                              fast_bias_correction=True,
                              advanced_parameters=nncf.AdvancedQuantizationParameters(
                                  disable_bias_correction=a.no_bias_correction))
    ov.save_model(quantized, a.out, compress_to_fp16=False)
    ops = [op.get_type_name() for op in quantized.get_ordered_ops()]
    print(json.dumps({"samples": int(data.shape[0]), "preset": a.preset,
                      "fakeQuantize": ops.count("FakeQuantize"), "convolutions": ops.count("Convolution")
                      + ops.count("GroupConvolution")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
