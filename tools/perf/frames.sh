#!/usr/bin/env bash
# Real frames against the model's own ceiling, in one run: benchmark_app (b=1, THROUGHPUT) on the served model,
# then edge loadtest --images for each frame kind and protocol (camera streams, unary gRPC Classify, HTTP
# /classify) against one warmed-up edge serve, then
# benchmark_app again; each load figure is divided by the mean of the two benchmark_app figures.
#
#   tools/perf/frames.sh [MODEL_DIR] [SECONDS] [WARMUP_SECONDS]
# MODEL_DIR defaults to the pulled .edge/models/mobilenet_v2_imagenet. Frames: ../shared/images/cat_720p.jpg and a
# 1920x1080 JPEG scaled from it (made in a temp directory, never committed), and raw 640x480 RGB frames.
# Every row first runs unmeasured for WARMUP_SECONDS (default 30): edge serve compiles with C2 alone, and a path's
# code runs interpreted until it has been called ~10,000 times, so a cold row reads up to 1.5x the steady CPU per frame.
# PIN=1 gives the load generator a core of its own (taskset: it on core 0, edge serve and benchmark_app on core 1):
# the reading where the client's CPU is not taken from the server, against the model's speed on the same one core.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
model=${1:-$repo/.edge/models/mobilenet_v2_imagenet}
secs=${2:-15}
warm=${3:-30}
port=18950
server_cpus=() client_cpus=()
if [[ -n "${PIN:-}" ]]; then server_cpus=(taskset -c 1) client_cpus=(taskset -c 0); fi
name=$(basename "$model")
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/720" "$work/1080"
cp "$repo/../shared/images/cat_720p.jpg" "$work/720/"
cat > "$work/Upscale.java" <<'JAVA'
import java.awt.RenderingHints; import java.awt.image.BufferedImage; import java.io.File; import javax.imageio.*;
public class Upscale { public static void main(String[] a) throws Exception {
  BufferedImage src = ImageIO.read(new File(a[0])), dst = new BufferedImage(1920, 1080, BufferedImage.TYPE_3BYTE_BGR);
  var g = dst.createGraphics(); g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
  g.drawImage(src, 0, 0, 1920, 1080, null); g.dispose();
  var w = ImageIO.getImageWritersByFormatName("jpeg").next(); var p = w.getDefaultWriteParam();
  p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT); p.setCompressionQuality(0.9f);
  try (var out = ImageIO.createImageOutputStream(new File(a[1]))) { w.setOutput(out); w.write(null, new IIOImage(dst, null, null), p); } } }
JAVA
java=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java
"$java" "$work/Upscale.java" "$work/720/cat_720p.jpg" "$work/1080/cat_1080p.jpg"

bench() {
  "${server_cpus[@]}" "$repo/.venv/bin/benchmark_app" -m "$model/model.xml" -d CPU -hint throughput -b 1 -t "$secs" 2>&1 \
    | sed -n 's/.*Throughput: *\([0-9.]*\) FPS.*/\1/p'
}
"$repo/edge" --version > /dev/null   # builds once, before anything is timed
# benchmark_app runs with no server alive (an idle server's JIT still compiles after its warm-up).
b1=$(bench)
"${server_cpus[@]}" "$repo/edge" serve --model "$model" --port "$port" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 120); do curl -sf "localhost:$port/v2/health/ready" >/dev/null && break; sleep 0.5; done
# A run with failed frames exits 1 but still reports them: keep going and print what it counted.
lt() { "${client_cpus[@]}" "$repo/edge" loadtest --target "http://127.0.0.1:$port" --model "$name" --json --warmup "$warm" "$@" 2>"$work/loadtest.err" || true; }
lt --images "$work/720" --protocol stream --concurrency 4 --duration 10 > /dev/null   # warm-up
declare -A fps
for run in "720p stream:--images $work/720 --protocol stream --concurrency 8 --duration $secs" \
           "720p grpc:--images $work/720 --protocol grpc --concurrency 8 --duration $secs" \
           "720p http:--images $work/720 --protocol http --concurrency 8 --duration $secs" \
           "1080p stream:--images $work/1080 --protocol stream --concurrency 8 --duration $secs" \
           "1080p grpc:--images $work/1080 --protocol grpc --concurrency 8 --duration $secs" \
           "1080p http:--images $work/1080 --protocol http --concurrency 8 --duration $secs" \
           "raw640x480 stream:--images $work/720 --raw 640x480 --protocol stream --concurrency 8 --duration $secs" \
           "raw640x480 grpc:--images $work/720 --raw 640x480 --protocol grpc --concurrency 8 --duration $secs" \
           "raw640x480 http:--images $work/720 --raw 640x480 --protocol http --concurrency 8 --duration $secs"; do
  label=${run%%:*}; args=${run#*:}
  # shellcheck disable=SC2086
  json=$(lt $args)
  echo "$label: $(echo "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); s=d.get("server") or {}; l=d["latencyMillis"] or {}
f=lambda v: "-" if v is None else "%.2f" % v
print("%.1f frames/s (sent %s, dropped %s, failed %s), p50 %s p99 %s ms; server per frame: decode %s, preprocess %s, queue %s, inference %s, CPU %s ms (%s cores)" % (d["requestsPerSecond"],
 d["framesSent"], d["framesDropped"], d["framesFailed"], f(l.get("p50")), f(l.get("p99")), f(s.get("decodeMillis")), f(s.get("preprocessMillis")),
 f(s.get("queueWaitMillis")), f(s.get("inferenceMillis")), f(s.get("cpuMillis")), f(s.get("cpuCores"))))' 2>/dev/null || echo "$json" | head -c 600)"
  fps[$label]=$(echo "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requestsPerSecond"])' 2>/dev/null || echo 0)
done
kill "$server"; wait "$server" 2>/dev/null || true
b2=$(bench)
echo "benchmark_app b=1: $b1 and $b2 FPS"
for k in "${!fps[@]}"; do
  awk -v k="$k" -v f="${fps[$k]}" -v a="$b1" -v b="$b2" 'BEGIN{printf "%-18s %.3fx benchmark_app\n", k, f/((a+b)/2)}'
done | sort
