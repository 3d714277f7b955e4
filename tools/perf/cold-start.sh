#!/usr/bin/env bash
# Time from `./edge serve` to ready, N times each with OpenVINO's compiled-model cache off, cold (emptied before
# each run) and warm. Prints the server's own "ready … ms after JVM start" and the wall time from the launcher's
# start to that line (the launcher's bash checks and the JVM's start included).
#
#   tools/perf/cold-start.sh [MODEL_DIR] [RUNS]     default: .edge/models/mobilenet_v2_imagenet, 5
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:-$repo/.edge/models/mobilenet_v2_imagenet}"
runs="${2:-5}"
[[ -f "$model/model.xml" ]] || { echo "cold-start: no $model/model.xml (./edge models pull mobilenet_v2_imagenet --from ../shared/models/coral)" >&2; exit 2; }
cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT

# One start: prints "<ms after JVM start> <wall ms>"; stops the server with SIGTERM once it is ready.
start_once() {
  local err t0 line pid
  err="$(mktemp)"
  t0=$(date +%s%N)
  "$repo/edge" serve --model "$model" --port 0 "$@" 2>"$err" >/dev/null &
  pid=$!
  for _ in $(seq 1 600); do
    if line=$(grep -m1 -o 'ready (models .*) [0-9]* ms after JVM start' "$err"); then
      echo "$(sed 's/.* \([0-9]*\) ms after JVM start/\1/' <<<"$line") $(( ($(date +%s%N) - t0) / 1000000 ))"
      kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; rm -f "$err"; return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then cat "$err" >&2; rm -f "$err"; return 1; fi
    sleep 0.01
  done
  kill -TERM "$pid"; cat "$err" >&2; rm -f "$err"; return 1
}

"$repo/edge" --version >/dev/null # builds if needed, outside the timed runs
start_once --cache-dir "$cache" >/dev/null # the class-data archive and the page cache, not timed
for mode in off cold warm; do
  for _ in $(seq 1 "$runs"); do
    case "$mode" in
      off) r=$(start_once --cache-dir none) ;;
      cold) rm -rf "${cache:?}"/*; r=$(start_once --cache-dir "$cache") ;;
      warm) r=$(start_once --cache-dir "$cache") ;;
    esac
    echo "cache $mode: ready ${r% *} ms after JVM start, ${r#* } ms after ./edge serve"
  done
done
