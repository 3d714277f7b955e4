#!/usr/bin/env bash
# gRPC saturation against `edge bench`, interleaved so each ratio compares neighbours in time (this box's speed
# drifts by 20 % between minutes). One `edge serve` is started and warmed up under load for a minute (C2
# compiles the hot paths), then: bench, load, bench, load, …, bench. Each load window (closed loop, raw tensors)
# is divided by the mean of the two benches around it (native, throughput hint, f32, as the server compiles the
# model), so a drift that is linear over a window cancels. The server idles while bench runs. For each window the
# server's CPU is split between OpenVINO's threads and the rest, and its highest RSS sampled, from /proc.
# EDGE_SERVE_OPTS adds JVM flags to the server alone (EDGE_JAVA_OPTS would reach bench and the client).
# PORT picks the server's port (default: any free one). SERVER_CPUS / CLIENT_CPUS (taskset lists, e.g. 1 and 0)
# pin the server and bench to some cores and the load generator to others, so the client's CPU is not taken
# from the server's. Each line also gives the server's own threads' CPU per request as a share of OpenVINO's
# CPU per inference, which neither pinning nor the box's speed moves much.
#
#   [PROTOCOL=http] [SERVER_CPUS=1 CLIENT_CPUS=0] tools/perf/saturation.sh [MODEL_DIR] [ROUNDS] [CLIENTS]
#   default: grpc, unpinned, .edge/models/mobilenet_v2_imagenet, 3, 8
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:-$repo/.edge/models/mobilenet_v2_imagenet}"
rounds="${2:-3}"
clients="${3:-8}"
protocol="${PROTOCOL:-grpc}" # or http: the binary tensor extension
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

server_pin=(); client_pin=()
[[ -n "${SERVER_CPUS:-}" ]] && server_pin=(taskset -c "$SERVER_CPUS")
[[ -n "${CLIENT_CPUS:-}" ]] && client_pin=(taskset -c "$CLIENT_CPUS")

bench() {
  "${server_pin[@]}" "$repo/edge" bench --model "$model" --engine native --hint throughput --inference-precision f32 --seconds 20 \
    --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["imagesPerSecond"])'
}

"$repo/edge" --version >/dev/null 2>&1 # builds if needed, outside the timed runs
EDGE_JAVA_OPTS="${EDGE_SERVE_OPTS:-}" "${server_pin[@]}" "$repo/edge" serve --model "$model" --port "${PORT:-0}" >"$work/url" 2>"$work/err" &
server=$! # ./edge execs the JVM
for _ in $(seq 1 600); do grep -q 'ready' "$work/err" && break; sleep 0.05; done
url=$(grep -o 'http://[0-9.:]*' "$work/url" | head -1)
[[ -n "$url" ]] || { cat "$work/err" >&2; exit 1; }
# Warm-up: the server runs C2 alone, which compiles a method after 10,000 calls; code that runs once per request
# (~300 a second) gets there only after about half a minute. After 30 s, round 1 took 0.60-0.76 ms of server CPU
# per request where later rounds took 0.46-0.57; after 60 s, 0.61 against 0.46-0.53.
"${client_pin[@]}" "$repo/edge" loadtest --target "$url" --model "$name" --protocol "$protocol" --concurrency "$clients" --duration 60 \
  >/dev/null 2>&1

benches=("$(bench)")
for round in $(seq 1 "$rounds"); do
  "${client_pin[@]}" "$repo/edge" loadtest --target "$url" --model "$name" --protocol "$protocol" --concurrency "$clients" --warmup 2 \
    --duration 20 --json >"$work/load" 2>/dev/null &
  load=$!
  sleep 4
  read -r ov0 rest0 < <(cpu_split "$server")
  rss=0
  for _ in $(seq 1 32); do # the server's highest resident set over the window, sampled every 0.5 s
    sleep 0.5
    r=$(awk '/^VmRSS/ {print $2}' /proc/"$server"/status)
    (( r > rss )) && rss=$r
  done
  read -r ov1 rest1 < <(cpu_split "$server")
  wait "$load"
  benches+=("$(bench)")
  python3 - "$round" "${benches[-2]}" "${benches[-1]}" "$work/load" "$ov0" "$ov1" "$rest0" "$rest1" "$rss" \
    >>"$work/rounds" <<'EOF'
import json, sys
rnd, before, after, load = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), json.load(open(sys.argv[4]))
ov, rest = (int(sys.argv[6]) - int(sys.argv[5])) / 1600, (int(sys.argv[8]) - int(sys.argv[7])) / 1600
rps, bench = load["requestsPerSecond"], (before + after) / 2
# CPU per request is steadier than req/s on a box whose speed drifts: the server's own share is what it costs.
print(json.dumps({"ratio": 100 * rps / bench, "line":
      f"round {rnd}: bench {before:.1f} / {after:.1f} img/s, server {rps:.1f} req/s ({load['errors']} errors),"
      f" {100 * rps / bench:.1f} % of bench; server CPU: OpenVINO {ov:.2f} cores, rest {rest:.2f}"
      f" ({1000 * rest / rps:.3f} ms per request, {100 * rest / ov:.1f} % of OpenVINO's {1000 * ov / rps:.3f});"
      f" load generator {load.get('clientCpuCores', float('nan')):.2f};"
      f" server RSS max {int(sys.argv[9]) / 1024:.1f} MB"}))
EOF
  tail -1 "$work/rounds" | python3 -c 'import json,sys; print(json.load(sys.stdin)["line"])'
done
peak=$(awk '/^VmHWM/ {print $2}' /proc/"$server"/status) # highest resident set since the server started
kill -TERM "$server"; wait "$server" 2>/dev/null || true; server=""
python3 - "$work/rounds" "$peak" <<'EOF'
import json, statistics, sys
ratios = sorted(json.loads(l)["ratio"] for l in open(sys.argv[1]))
print(f"saturation: median {statistics.median(ratios):.1f} % of bench over {len(ratios)} rounds"
      f" (min {ratios[0]:.1f}, max {ratios[-1]:.1f}); server RSS peak since start {int(sys.argv[2]) / 1024:.1f} MB")
EOF
