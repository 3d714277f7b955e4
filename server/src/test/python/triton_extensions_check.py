"""Drive a running `edge serve` through Triton's protocol extensions with the stock tritonclient, unchanged.

    python triton_extensions_check.py HOST:PORT            # config, statistics, classification, repository
    python triton_extensions_check.py HOST:PORT refused    # repository control on a server that refuses it

The server serves Triton's `simple` model (INT32 [1, 16] inputs INPUT0, INPUT1; OUTPUT0 = sum, OUTPUT1 =
difference) and the small MobileNetV2 `mobilenet`. Prints one JSON report of what the client library returned,
for the Java test to check; the script itself decides nothing.
"""
import json
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from google.protobuf import json_format

INPUT0 = np.arange(16, dtype=np.int32).reshape(1, 16)
INPUT1 = np.array([[3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3]], dtype=np.int32)


def plain(value):
    """A protobuf message as a dict with int64 fields as ints, like the HTTP JSON."""
    if hasattr(value, "DESCRIPTOR"):
        value = json_format.MessageToDict(value, preserving_proto_field_name=True,
                                          always_print_fields_with_no_presence=True)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return value


def error_of(call):
    try:
        call()
        return ""
    except Exception as e:  # InferenceServerException for both protocols
        return str(e)


def infer(module, client, classes=0):
    inputs = [module.InferInput("INPUT0", [1, 16], "INT32"), module.InferInput("INPUT1", [1, 16], "INT32")]
    inputs[0].set_data_from_numpy(INPUT0)
    inputs[1].set_data_from_numpy(INPUT1)
    outputs = [module.InferRequestedOutput("OUTPUT0", class_count=classes), module.InferRequestedOutput("OUTPUT1")]
    result = client.infer("simple", inputs, outputs=outputs, request_id="simple-1")
    out0 = result.as_numpy("OUTPUT0")
    if out0.dtype == np.object_:
        out0 = [[b.decode("utf-8") if isinstance(b, bytes) else str(b) for b in row] for row in out0]
    else:
        out0 = out0.tolist()
    return {"OUTPUT0": out0, "OUTPUT1": result.as_numpy("OUTPUT1").tolist()}


def run(module, url):
    client = module.InferenceServerClient(url=url)
    grpc = module is grpcclient
    r = {}
    config = client.get_model_config("simple")
    r["config"] = plain(config.config if grpc else config)
    r["config_v1"] = plain(client.get_model_config("simple", "1").config if grpc else client.get_model_config("simple", "1"))
    r["mobilenet_config"] = plain(client.get_model_config("mobilenet").config if grpc
                                  else client.get_model_config("mobilenet"))
    meta = client.get_model_metadata("simple")
    r["metadata"] = plain(meta)
    r["infer"] = infer(module, client)
    r["classification"] = infer(module, client, classes=3)
    r["stats"] = plain(client.get_inference_statistics("simple"))
    r["stats_v1"] = plain(client.get_inference_statistics("simple", "1"))
    r["stats_all"] = plain(client.get_inference_statistics())
    r["stats_unknown_error"] = error_of(lambda: client.get_inference_statistics("no_such_model"))
    r["config_unknown_error"] = error_of(lambda: client.get_model_config("no_such_model"))
    r["bad_classification_error"] = error_of(lambda: infer(module, client, classes=-2))
    client.close()
    return r


def index(module, client):
    listed = plain(client.get_model_repository_index())
    return listed.get("models", []) if module is grpcclient else listed


def repository(load_module, unload_module, url):
    """Unload through one protocol and load through the other; what the index and readiness say meanwhile."""
    loader = load_module.InferenceServerClient(url=url)
    unloader = unload_module.InferenceServerClient(url=url)
    r = {"index_before": index(load_module, loader)}
    unloader.unload_model("simple")
    r["index_unloaded"] = index(unload_module, unloader)
    r["ready_unloaded"] = [unloader.is_model_ready("simple"), loader.is_model_ready("simple")]
    r["infer_unloaded_error"] = error_of(lambda: infer(unload_module, unloader))
    r["unload_again_error"] = error_of(lambda: unloader.unload_model("simple"))
    loader.load_model("simple")
    r["ready_after_load"] = loader.is_model_ready("simple")
    r["index_after_load"] = index(load_module, loader)
    r["infer_after_load"] = infer(load_module, loader)
    r["load_unknown_error"] = error_of(lambda: loader.load_model("no_such_model"))
    r["load_config_error"] = error_of(lambda: loader.load_model("simple", config='{"max_batch_size": 4}'))
    loader.close()
    unloader.close()
    return r


def refused(url):
    r = {}
    for name, module in (("http", httpclient), ("grpc", grpcclient)):
        client = module.InferenceServerClient(url=url)
        r[name] = {
            "index_error": error_of(lambda: client.get_model_repository_index()),
            "load_error": error_of(lambda: client.load_model("simple")),
            "unload_error": error_of(lambda: client.unload_model("simple")),
            "still_ready": client.is_model_ready("simple"),
        }
        client.close()
    return r


def main():
    url = sys.argv[1]
    if len(sys.argv) > 2 and sys.argv[2] == "refused":
        print(json.dumps(refused(url)))
        return
    report = {"http": run(httpclient, url), "grpc": run(grpcclient, url)}
    report["repository_http_unload_grpc_load"] = repository(grpcclient, httpclient, url)
    report["repository_grpc_unload_http_load"] = repository(httpclient, grpcclient, url)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
