"""Drive a TLS `edge serve` with the stock Triton client library over HTTPS and gRPC-over-TLS.

    python tls_check.py HOST:PORT CA_FILE MODE...

MODE is `none`, `token=TOKEN` or `cert=CERT_FILE,KEY_FILE`. For each mode and protocol prints whether the open
health call and the authenticated server-metadata call succeeded, or the client's error text, as one JSON
document keyed by mode.
"""
import json
import sys

import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient


def attempt(call):
    try:
        return {"ok": True, "value": call()}
    except Exception as e:  # tritonclient raises InferenceServerException for both protocols
        return {"ok": False, "error": str(e)}


def check(url, ca, cert, key, token):
    headers = None if token is None else {"authorization": "Bearer " + token}
    report = {}
    options = {"ca_certs": ca}
    if cert:
        options["certfile"] = cert
        options["keyfile"] = key
    http = httpclient.InferenceServerClient(url=url, ssl=True, ssl_options=options)
    report["http"] = {
        "live": attempt(lambda: http.is_server_live(headers=headers)),
        "metadata": attempt(lambda: http.get_server_metadata(headers=headers)["name"]),
    }
    http.close()
    grpc = grpcclient.InferenceServerClient(url=url, ssl=True, root_certificates=ca, private_key=key,
                                            certificate_chain=cert)
    report["grpc"] = {
        "live": attempt(lambda: grpc.is_server_live(headers=headers)),
        "metadata": attempt(lambda: grpc.get_server_metadata(headers=headers).name),
    }
    grpc.close()
    return report


def main():
    url, ca = sys.argv[1:3]
    out = {}
    for mode in sys.argv[3:]:
        kind, _, value = mode.partition("=")
        if kind == "none":
            out[mode] = check(url, ca, None, None, None)
        elif kind == "token":
            out[mode] = check(url, ca, None, None, value)
        else:
            cert, key = value.split(",")
            out[kind] = check(url, ca, cert, key, None)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
