#!/usr/bin/env bash
# Drift check for the generated bindings, run by `./edge test` and CI.
#
# For every options file bindings/*.jextract (OpenVINO, TurboJPEG), regenerates bindings/src/main/java
# in memory (tools/bindgen with the project venv's libclang), prints a unified diff against the committed
# sources, then runs the generator's own tests.
#
# bindings/openvino.jextract is always checked: its headers are in the project venv. Other options files
# bind system libraries whose headers come from a distribution package (turbojpeg.jextract:
# libturbojpeg0-dev). Where those headers are missing (bindgen exit 3), the file is skipped with a warning
# outside CI; under CI=true that is a failure, because CI installs the package (.ci/run).
#
# Exit codes:
#   0  the committed bindings are exactly the generator's output, and the generator tests pass
#   1  drift: a generated file differs, is missing or is extra (the diff is on stdout)
#   2  an options file or its headers cannot produce bindings (unknown symbol, missing dependency, ...)
#   3  environment: no <repo>/.venv/bin/python, no libclang, or a binding's headers are not installed
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

for options in bindings/openvino.jextract $(ls bindings/*.jextract | grep -v '^bindings/openvino.jextract$'); do
    "$py" tools/bindgen/bindgen.py --options "$options" --check
    status=$?
    if (( status == 3 )) && [[ "$options" != bindings/openvino.jextract && "${CI:-}" != "true" ]]; then
        echo "check-bindings: WARNING: $options not checked: its headers are not installed here (see the" \
             "message above; CI installs them and fails instead of skipping)" >&2
        continue
    fi
    if (( status != 0 )); then
        exit "$status"
    fi
done
"$py" tools/bindgen/test_bindgen.py || exit 4
