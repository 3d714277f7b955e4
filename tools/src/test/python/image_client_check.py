"""What Triton's classic image_client.py does, step by step, with the stock tritonclient against `edge serve`.

    python image_client_check.py HOST:PORT MODEL IMAGE CLASSES TENSOR_OUT

For HTTP and gRPC: read the model metadata and configuration; make image_client's checks on them (one input
and one output, an FP32 output that is a vector apart from the batch dimension, an input of three dimensions
besides the batch, in FORMAT_NHWC or FORMAT_NCHW); preprocess the image as it does (PIL: RGB, bilinear resize to
the input's width and height, the input's datatype, no scaling, CHW when NCHW, a batch of one when
max_batch_size > 0); infer asking for the top CLASSES through the classification extension and split each
"value:index:label" string the way it does. Writes the tensor it sent to TENSOR_OUT (raw bytes) and prints a
JSON report; the Java test decides whether the answers are right.
"""
import json
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.grpc.model_config_pb2 as mc
import tritonclient.http as httpclient
from PIL import Image
from tritonclient.utils import triton_to_np_dtype


def model_facts(module, client, model):
    metadata = client.get_model_metadata(model)
    config = client.get_model_config(model)
    if module is grpcclient:
        config = config.config
        inputs, outputs = metadata.inputs, metadata.outputs
        config_inputs = config.input
        max_batch = config.max_batch_size
        fmt = config_inputs[0].format
        input_shape = list(inputs[0].shape)
        name, datatype = inputs[0].name, inputs[0].datatype
        out_name, out_datatype, out_shape = outputs[0].name, outputs[0].datatype, list(outputs[0].shape)
    else:
        inputs, outputs = metadata["inputs"], metadata["outputs"]
        config_inputs = config["input"]
        max_batch = config["max_batch_size"]
        fmt = config_inputs[0]["format"]
        if isinstance(fmt, str):
            fmt = dict(mc.ModelInput.Format.items())[fmt]
        input_shape = inputs[0]["shape"]
        name, datatype = inputs[0]["name"], inputs[0]["datatype"]
        out_name, out_datatype, out_shape = outputs[0]["name"], outputs[0]["datatype"], outputs[0]["shape"]
    checks = {
        "one_input": len(inputs) == 1,
        "one_output": len(outputs) == 1,
        "one_config_input": len(config_inputs) == 1,
        "fp32_output": out_datatype == "FP32",
        "vector_output": sum(1 for d in out_shape[1 if max_batch > 0 else 0:] if d > 1) <= 1,
        "input_rank": len(input_shape) == 3 + (1 if max_batch > 0 else 0),
        "image_format": fmt in (mc.ModelInput.FORMAT_NHWC, mc.ModelInput.FORMAT_NCHW),
    }
    dims = input_shape[1:] if max_batch > 0 else input_shape
    if fmt == mc.ModelInput.FORMAT_NHWC:
        h, w, c = dims
    else:
        c, h, w = dims
    return {"max_batch_size": max_batch, "input": name, "datatype": datatype, "output": out_name,
            "format": mc.ModelInput.Format.Name(fmt), "c": c, "h": h, "w": w, "checks": checks}


def preprocess(path, facts):
    image = Image.open(path).convert("L" if facts["c"] == 1 else "RGB")
    pixels = np.array(image.resize((facts["w"], facts["h"]), Image.BILINEAR))
    if pixels.ndim == 2:
        pixels = pixels[:, :, np.newaxis]
    typed = pixels.astype(triton_to_np_dtype(facts["datatype"]))
    ordered = np.transpose(typed, (2, 0, 1)) if facts["format"] == "FORMAT_NCHW" else typed
    return np.stack([ordered], axis=0) if facts["max_batch_size"] > 0 else ordered


def classify(module, url, model, path, classes):
    client = module.InferenceServerClient(url=url)
    facts = model_facts(module, client, model)
    batch = preprocess(path, facts)
    infer_input = module.InferInput(facts["input"], list(batch.shape), facts["datatype"])
    infer_input.set_data_from_numpy(batch)
    output = module.InferRequestedOutput(facts["output"], class_count=classes)
    result = client.infer(model, [infer_input], outputs=[output])
    answers = result.as_numpy(facts["output"])
    rows = answers if facts["max_batch_size"] > 0 else [answers]
    split = []
    for row in rows:
        for cls in row:
            text = "".join(chr(x) for x in cls) if answers.dtype.type == np.object_ and not isinstance(cls, bytes) \
                else (cls.decode("utf-8") if isinstance(cls, bytes) else str(cls))
            value, index, label = text.split(":", 2)
            split.append({"value": float(value), "index": int(index), "label": label})
    client.close()
    return facts, batch, {"facts": facts, "shape": list(answers.shape), "classes": split}


def main():
    url, model, path, classes, tensor_out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    report = {}
    for name, module in (("http", httpclient), ("grpc", grpcclient)):
        facts, batch, report[name] = classify(module, url, model, path, classes)
        report[name]["tensor_shape"] = list(batch.shape)
    with open(tensor_out, "wb") as f:
        f.write(np.ascontiguousarray(batch).tobytes())
    print(json.dumps(report))


if __name__ == "__main__":
    main()
