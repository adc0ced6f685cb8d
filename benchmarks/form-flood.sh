#!/usr/bin/env bash
# A form flood against samples/Form's POST /login: an urlencoded body of FIELDS tiny fields ("k=12345&", 8 bytes
# each; 3.5 million make 28 MB, under the 30 MB body limit), CONCURRENT at once. Prints each answer's status and
# size, the server's CPU time spent on them and its resident memory before and at its peak (VmHWM).
# usage: benchmarks/form-flood.sh [FIELDS] [CONCURRENT]   (default: 3500000 fields, 1 request)
# TYPE=text/plain TARGET=/upload/avatar sends the same body as no form, to /upload/avatar (which looks for a file
# and finds none): the server loads the body but parses nothing, which gives the engine's share of the figures.
# environment: PORT, the port the server listens on (8143); ROLL_BENCH_OUT, where the build and the body go (/tmp/roll-bench).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${ROLL_BENCH_OUT:-/tmp/roll-bench}
fields=${1:-3500000}
concurrent=${2:-1}
port=${PORT:-8143}
type=${TYPE:-application/x-www-form-urlencoded}
target=${TARGET:-/login}
dotnet publish "$root/samples/Form" -c Release -o "$out/form" --nologo -v q >/dev/null
body="$out/form-flood.txt"
python3 -c 'import sys; sys.stdout.write("k=12345&" * int(sys.argv[1]))' "$fields" > "$body"
dotnet "$out/form/Form.dll" --quiet --port "$port" >/dev/null 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
until (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.05; done
# Warm up: JIT the form path with a small body, then take the baseline.
curl -s -o /dev/null -d 'username=a&password=b' "http://127.0.0.1:$port/login"
ticks=$(getconf CLK_TCK)
rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
cpu_before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
start=$(date +%s.%N)
for i in $(seq 1 "$concurrent"); do
  curl -s -o /dev/null -w "%{http_code} %{size_download} B\n" --data-binary "@$body" \
    -H "Content-Type: $type" "http://127.0.0.1:$port$target" &
done
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
end=$(date +%s.%N)
cpu_after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "body: $(stat -c %s "$body") bytes, $fields fields, $concurrent at once, $type to $target"
awk -v b="$cpu_before" -v a="$cpu_after" -v t="$ticks" -v s="$start" -v e="$end" -v r="$rss_before" -v h="$hwm" 'BEGIN {
  printf "server CPU: %.2f s   wall: %.2f s   RSS before: %.0f MB   peak RSS: %.0f MB\n", (a - b) / t, e - s, r / 1024, h / 1024 }'
