"""Write Triton's `simple` example model as an OpenVINO IR, with OpenVINO's own Python API.

    python make_simple_model.py OUT_DIR

Two INT32 [1, 16] inputs INPUT0 and INPUT1; OUTPUT0 = INPUT0 + INPUT1 and OUTPUT1 = INPUT0 - INPUT1, as in
Triton's model repository examples. Writes OUT_DIR/model.xml and OUT_DIR/model.bin.
"""
import sys
from pathlib import Path

import openvino as ov
import openvino.opset13 as ops


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    a = ops.parameter([1, 16], ov.Type.i32, name="INPUT0")
    b = ops.parameter([1, 16], ov.Type.i32, name="INPUT1")
    a.output(0).set_names({"INPUT0"})
    b.output(0).set_names({"INPUT1"})
    total = ops.add(a, b)
    difference = ops.subtract(a, b)
    total.output(0).set_names({"OUTPUT0"})
    difference.output(0).set_names({"OUTPUT1"})
    model = ov.Model([total.output(0), difference.output(0)], [a, b], "simple")
    ov.save_model(model, str(out / "model.xml"), compress_to_fp16=False)


if __name__ == "__main__":
    main()
