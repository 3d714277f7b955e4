#!/usr/bin/env bash
# Dynamic batching against the model's own ceilings, in one run: benchmark_app (THROUGHPUT) at batch 1, 4 and 8
# on the served model, then edge loadtest (gRPC ModelInfer tensors, closed loop) at 8 and 16 clients against one
# fresh edge serve per configuration, alternating batching off / on / on with EDGE_CONCURRENCY=2, twice; then a
# half-load open-loop run (p99 against 2 x p50 + max-queue-delay) off and on; then benchmark_app again.
# Each server's rows per inference come from its /metrics (edge_batch_size sum / count).
#
#   tools/perf/batching.sh [MODEL_DIR] [SECONDS] [MAX_QUEUE_DELAY_US] [WARMUP_SECONDS]
# MODEL_DIR defaults to the pulled .edge/models/mobilenet_v2_imagenet (pulled with --force since the Reshape
# rewrite, so it batches). Each fresh server is first loaded unmeasured for WARMUP_SECONDS (default 30), so the rows
# compare compiled code, not the JIT's warm-up.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
model=${1:-$repo/.edge/models/mobilenet_v2_imagenet}
secs=${2:-10}
delay=${3:-2000}
warm=${4:-30}
port=18960
name=$(basename "$model")
server=
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

bench() {
  "$repo/.venv/bin/benchmark_app" -m "$model/model.xml" -d CPU -hint throughput -b "$1" -t "$secs" 2>&1 \
    | sed -n 's/.*Throughput: *\([0-9.]*\) FPS.*/\1/p'
}
start() { # label, then env assignments and serve flags
  local label=$1; shift
  local envs=() flags=()
  for a in "$@"; do if [[ $a == *=* && $a != --* ]]; then envs+=("$a"); else flags+=("$a"); fi; done
  env "${envs[@]}" "$repo/edge" serve --model "$model" --port "$port" "${flags[@]}" > "$work/$label.log" 2>&1 &
  server=$!
  for _ in $(seq 240); do curl -sf "localhost:$port/v2/health/ready" >/dev/null && return; sleep 0.5; done
  echo "server $label did not start: $(tail -5 "$work/$label.log")" >&2; exit 1
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }
lt() {
  "$repo/edge" loadtest --target "http://127.0.0.1:$port" --model "$name" --protocol grpc --json "$@" \
    2>"$work/loadtest.err" || true
}
summary() {
  python3 -c 'import json,sys; d=json.load(sys.stdin); l=d["latencyMillis"] or {}
print("%.1f req/s, p50 %.1f p99 %.1f ms, errors %s" % (d["requestsPerSecond"], l.get("p50") or 0, l.get("p99") or 0, d.get("errors")))'
}
rows_per_batch() {
  curl -s "localhost:$port/metrics" | awk '/^edge_batch_size_sum/{s+=$2} /^edge_batch_size_count/{c+=$2}
    END{if (c) printf "%d rows in %d inferences = %.2f per batch", s, c, s/c; else print "no batches"}'
}

"$repo/edge" --version > /dev/null   # builds once, before anything is timed
b1=$(bench 1); b4=$(bench 4); b8=$(bench 8)
echo "benchmark_app b=1 $b1, b=4 $b4, b=8 $b8 img/s"
on=(--max-batch-size 8 --max-queue-delay "$delay")
for round in 1 2; do
  for cfg in off on on2; do
    case $cfg in
      off) start "$cfg" ;;
      on) start "$cfg" "${on[@]}" ;;
      on2) start "$cfg" EDGE_CONCURRENCY=2 "${on[@]}" ;;
    esac
    lt --concurrency 16 --duration "$warm" --warmup 0 > /dev/null   # warm-up
    for c in 8 16; do
      echo "round $round, $cfg, c=$c: $(lt --concurrency "$c" --duration "$secs" --warmup 1 | summary)"
    done
    [[ $cfg == off ]] || echo "round $round, $cfg: $(rows_per_batch)"
    stop
  done
done
for cfg in off on; do
  if [[ $cfg == on ]]; then start "$cfg" "${on[@]}"; else start "$cfg"; fi
  lt --concurrency 16 --duration "$warm" --warmup 0 > /dev/null
  half=$(awk -v a="$b1" 'BEGIN{printf "%d", a/2}')
  echo "half load ($half req/s), $cfg: $(lt --concurrency 16 --rate "$half" --duration "$secs" --warmup 1 | summary)"
  stop
done
echo "benchmark_app again: b=1 $(bench 1), b=8 $(bench 8) img/s"
