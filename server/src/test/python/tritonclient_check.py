"""Drive a running `edge serve` with the stock Triton client library, unchanged, over HTTP and gRPC.

    python tritonclient_check.py HOST:PORT MODEL [http,grpc]

Both protocols share one port. Prints one JSON document: the input sent (seeded), and the first output
as the HTTP client (binary tensor extension) and the gRPC client (raw contents) decoded it, plus the
health and metadata answers. The Java test compares the outputs with the reference engine.
"""
import json
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient


def run(client_module, url, model, data):
    client = client_module.InferenceServerClient(url=url)
    result = {
        "live": client.is_server_live(),
        "ready": client.is_server_ready(),
        "model_ready": client.is_model_ready(model),
    }
    meta = client.get_model_metadata(model)
    if client_module is grpcclient:
        inp, out = meta.inputs[0], meta.outputs[0]
        name, datatype, out_name = inp.name, inp.datatype, out.name
        result["versions"] = list(meta.versions)
    else:
        name, datatype, out_name = meta["inputs"][0]["name"], meta["inputs"][0]["datatype"], meta["outputs"][0]["name"]
        result["versions"] = meta["versions"]
    infer_input = client_module.InferInput(name, list(data.shape), datatype)
    if client_module is httpclient:
        infer_input.set_data_from_numpy(data, binary_data=True)
        outputs = [httpclient.InferRequestedOutput(out_name, binary_data=True)]
    else:
        infer_input.set_data_from_numpy(data)
        outputs = [grpcclient.InferRequestedOutput(out_name)]
    response = client.infer(model, [infer_input], outputs=outputs, request_id="triton-1")
    result["output"] = response.as_numpy(out_name).reshape(-1).astype(float).tolist()
    result["output_shape"] = list(response.as_numpy(out_name).shape)
    try:
        client.infer("no_such_model", [infer_input])
        result["unknown_model_error"] = ""
    except Exception as e:  # tritonclient raises InferenceServerException for both protocols
        result["unknown_model_error"] = str(e)
    client.close()
    return result


def main():
    url, model = sys.argv[1], sys.argv[2]
    protocols = sys.argv[3].split(",") if len(sys.argv) > 3 else ["http", "grpc"]
    rng = np.random.default_rng(2024)
    data = rng.standard_normal((1, 3, 96, 96)).astype(np.float32)
    report = {"input": data.reshape(-1).astype(float).tolist()}
    for protocol in protocols:
        report[protocol] = run(httpclient if protocol == "http" else grpcclient, url, model, data)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
