#!/usr/bin/env bash
# How the server answers /v2/health/live while CPU-bound requests keep it busy: it serves the embedded default
# model on the reference engine, CLIENTS curl loops post IMAGE to /classify for SECONDS, and /v2/health/live is
# timed 60 times meanwhile. Prints health p50 / p90 / max and the classifications answered, by status code.
#
#   tools/perf/busy-health.sh [IMAGE] [CLIENTS] [SECONDS]   default: ../shared/images/hot_dog.jpg, 3, 25
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
image="${1:-$repo/../shared/images/hot_dog.jpg}"
clients="${2:-3}"
seconds="${3:-25}"
[[ -f "$image" ]] || { echo "busy-health: no image $image" >&2; exit 2; }
work="$(mktemp -d)"
pid=""
trap '[[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

"$repo/edge" serve --engine reference --port 0 >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 1200); do
  grep -q 'ready (models' "$work/err" && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
  sleep 0.1
done
base=$(grep -m1 -o 'http://[0-9.]*:[0-9]*' "$work/out" | head -1)
model=$(grep -m1 -o 'ready (models \[[^],]*' "$work/err" | sed 's/.*\[//')
echo "busy-health: $base, model $model, $clients clients posting $(basename "$image") for $seconds s"

loops=()
for _ in $(seq 1 "$clients"); do
  (
    end=$((SECONDS + seconds))
    while [[ $SECONDS -lt $end ]]; do
      curl -s -o /dev/null -w '%{http_code}\n' --data-binary "@$image" -H 'Content-Type: image/jpeg' \
        "$base/v2/models/$model/classify"
    done
  ) >>"$work/codes" &
  loops+=($!)
done
sleep 3
for _ in $(seq 1 60); do
  curl -s -o /dev/null -w '%{time_total}\n' "$base/v2/health/live"
  sleep 0.2
done | sort -n | awk '{ms[NR] = $1 * 1000} END { printf "health: p50 %.1f ms, p90 %.1f ms, max %.1f ms (%d probes)\n", ms[int(NR * 0.5)], ms[int(NR * 0.9)], ms[NR], NR }'
wait "${loops[@]}"
echo "classify answers: $(sort "$work/codes" | uniq -c | awk '{printf "%s × %s  ", $1, $2}')"
