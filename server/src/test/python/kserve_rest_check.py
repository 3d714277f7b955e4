"""Drive a running `edge serve` with the KServe Python SDK's v2 REST client (InferenceRESTClient), unchanged.

    python kserve_rest_check.py http://HOST:PORT

Against Triton's `simple` model: readiness, inference with JSON tensors and with the binary tensor extension
(the SDK's request carries `id`, `model_name` and `parameters`), and an unknown model. Prints one JSON report.
"""
import asyncio
import json
import sys

import numpy as np
from kserve import InferenceRESTClient, InferInput, InferRequest, RESTConfig
from kserve.protocol.infer_type import RequestedOutput

INPUT0 = np.arange(16, dtype=np.int32).reshape(1, 16)
INPUT1 = np.array([[3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3]], dtype=np.int32)


def request(binary):
    inputs = [InferInput("INPUT0", [1, 16], "INT32"), InferInput("INPUT1", [1, 16], "INT32")]
    inputs[0].set_data_from_numpy(INPUT0, binary_data=binary)
    inputs[1].set_data_from_numpy(INPUT1, binary_data=binary)
    outputs = [RequestedOutput("OUTPUT0", {"binary_data": binary}), RequestedOutput("OUTPUT1", {"binary_data": binary})]
    return InferRequest("simple", inputs, request_id="kserve-" + ("binary" if binary else "json"),
                        parameters={"priority": 1}, request_outputs=outputs)


def outputs(response):
    return {o.name: o.as_numpy().tolist() for o in response.outputs}


async def main():
    base = sys.argv[1]
    client = InferenceRESTClient(RESTConfig(protocol="v2", retries=0, timeout=60))
    report = {
        "live": await client.is_server_live(base),
        "ready": await client.is_server_ready(base),
        "model_ready": await client.is_model_ready(base, "simple"),
    }
    for binary in (False, True):
        r = await client.infer(base, request(binary), model_name="simple")
        report["binary" if binary else "json"] = {"model_name": r.model_name, "id": r.id, "outputs": outputs(r)}
    try:
        await client.infer(base, request(False), model_name="no_such_model")
        report["unknown_model_error"] = ""
    except Exception as e:  # httpx.HTTPStatusError carrying the server's error text
        report["unknown_model_error"] = str(e)
    await client.close()
    print(json.dumps(report))


if __name__ == "__main__":
    asyncio.run(main())
