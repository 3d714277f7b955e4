#!/usr/bin/env bash
# gRPC saturation against `edge bench`, in alternating rounds so each ratio compares neighbours in time (this
# box's speed drifts by 20 % between windows). Each round: `edge bench` (native, throughput hint, f32), then a
# fresh `edge serve` loaded by `edge loadtest` (closed loop, raw tensors) after a warm-up, with the server's
# CPU split between OpenVINO's threads and the rest, and its highest RSS, sampled from /proc over the measured
# window. EDGE_SERVE_OPTS adds JVM flags to the server alone (EDGE_JAVA_OPTS would reach bench and the client).
#
#   tools/perf/saturation.sh [MODEL_DIR] [ROUNDS] [CLIENTS]   default: .edge/models/mobilenet_v2_imagenet, 3, 8
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:-$repo/.edge/models/mobilenet_v2_imagenet}"
rounds="${2:-3}"
clients="${3:-8}"
name="$(basename "$model")"
[[ -f "$model/model.xml" ]] || { echo "saturation: no $model/model.xml (./edge models pull mobilenet_v2_imagenet --from ../shared/models/coral)" >&2; exit 2; }
work="$(mktemp -d)"
server=""
trap '[[ -n "$server" ]] && kill -TERM "$server" 2>/dev/null; rm -rf "$work"' EXIT

# CPU seconds (user+system) of a process's threads, summed by whether the thread is OpenVINO's (threads
# OpenVINO starts inherit the name of the Java thread that compiled the model: model-loader).
cpu_split() {
  local pid=$1 t comm stat ov=0 rest=0 f
  for t in /proc/"$pid"/task/*; do
    comm=$(cat "$t/comm" 2>/dev/null) || continue
    stat=$(cat "$t/stat" 2>/dev/null) || continue
    read -ra f <<<"${stat##*) }"
    if [[ "$comm" == model-loader* ]]; then ov=$((ov + f[11] + f[12])); else rest=$((rest + f[11] + f[12])); fi
  done
  echo "$ov $rest"
}

"$repo/edge" --version >/dev/null 2>&1 # builds if needed, outside the timed runs
for round in $(seq 1 "$rounds"); do
  bench=$("$repo/edge" bench --model "$model" --engine native --hint throughput --inference-precision f32 \
    --seconds 20 --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["imagesPerSecond"])')
  EDGE_JAVA_OPTS="${EDGE_SERVE_OPTS:-}" "$repo/edge" serve --model "$model" --port 0 >"$work/url" 2>"$work/err" &
  server=$!
  for _ in $(seq 1 600); do grep -q 'ready' "$work/err" && break; sleep 0.05; done
  url=$(grep -o 'http://[0-9.:]*' "$work/url" | head -1)
  [[ -n "$url" ]] || { cat "$work/err" >&2; exit 1; }
  "$repo/edge" loadtest --target "$url" --model "$name" --protocol grpc --concurrency "$clients" --warmup 30 \
    --duration 20 --json >"$work/load" 2>/dev/null &
  load=$!
  sleep 32
  pid=$server # ./edge execs the JVM
  read -r ov0 rest0 < <(cpu_split "$pid")
  rss=0
  for _ in $(seq 1 32); do # the server's highest resident set over the window, sampled every 0.5 s
    sleep 0.5
    r=$(awk '/^VmRSS/ {print $2}' /proc/"$pid"/status)
    (( r > rss )) && rss=$r
  done
  read -r ov1 rest1 < <(cpu_split "$pid")
  peak=$(awk '/^VmHWM/ {print $2}' /proc/"$pid"/status) # highest resident set since the server started
  wait "$load"
  kill -TERM "$server"; wait "$server" 2>/dev/null || true; server=""
  python3 - "$round" "$bench" "$work/load" "$ov0" "$ov1" "$rest0" "$rest1" "$rss" "$peak" <<'EOF'
import json, sys
rnd, bench, load = sys.argv[1], float(sys.argv[2]), json.load(open(sys.argv[3]))
ov, rest = (int(sys.argv[5]) - int(sys.argv[4])) / 1600, (int(sys.argv[7]) - int(sys.argv[6])) / 1600
rps = load["requestsPerSecond"]
# CPU per request is steadier than req/s on a box whose speed drifts: the server's own share is what it costs.
print(f"round {rnd}: bench {bench:.1f} img/s, server {rps:.1f} req/s ({load['errors']} errors),"
      f" {100 * rps / bench:.1f} % of bench; server CPU: OpenVINO {ov:.2f} cores, rest {rest:.2f}"
      f" ({1000 * rest / rps:.3f} ms per request); load generator {load.get('clientCpuCores', float('nan')):.2f};"
      f" server RSS max {int(sys.argv[8]) / 1024:.1f} MB in the window, {int(sys.argv[9]) / 1024:.1f} MB since start")
EOF
done
