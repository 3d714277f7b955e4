#!/usr/bin/env bash
# Drift check for the generated OpenVINO bindings, run by `./edge test` and CI.
#
# Regenerates bindings/src/main/java from bindings/openvino.jextract in memory (tools/bindgen with the
# project venv's libclang and OpenVINO headers), prints a unified diff against the committed sources,
# then runs the generator's own tests.
#
# Exit codes:
#   0  the committed bindings are exactly the generator's output, and the generator tests pass
#   1  drift: a generated file differs, is missing or is extra (the diff is on stdout)
#   2  the options file or headers cannot produce bindings (unknown symbol, missing dependency, ...)
#   3  environment: no <repo>/.venv/bin/python, no libclang, or no OpenVINO headers in the venv
#   4  the generator's tests (tools/bindgen/test_bindgen.py) failed
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
py="$root/.venv/bin/python"
if [[ ! -x "$py" ]]; then
    echo "check-bindings: $py not found: create the project venv (openvino==2026.4.1, libclang==18.1.1)" >&2
    exit 3
fi
export PYTHONDONTWRITEBYTECODE=1
cd "$root" || exit 3

"$py" tools/bindgen/bindgen.py --options bindings/openvino.jextract --check
status=$?
if (( status != 0 )); then
    exit "$status"
fi
"$py" tools/bindgen/test_bindgen.py || exit 4
