# Shared by the stress scripts: builds and starts benchmarks/stress/Server on a free loopback port,
# and reads its memory from /proc. Source it; it sets $port and $pid, and stops the server on exit.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/benchmarks/stress"
out=${ROLL_STRESS_OUT:-/tmp/roll-stress}
mkdir -p "$out"

start_server() {
  dotnet publish "$here/Server" -c Release -o "$out/server" --nologo -v q >/dev/null
  # The environment deploy/hello.service gives an app.
  DOTNET_GCgen0size=200000 dotnet "$out/server/StressServer.dll" --port 0 "$@" >"$out/server.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
  for _ in $(seq 100); do
    port=$(sed -n 's#.*http://127\.0\.0\.1:\([0-9]*\).*#\1#p' "$out/server.log" | head -1)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "the server did not start:" >&2; cat "$out/server.log" >&2; exit 1; }
}

# Resident memory now, and its peak (VmHWM), in MiB.
rss_mib() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status"; }
peak_rss_mib() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status"; }

# Connections the server holds open (server side, established).
server_connections() { ss -Htn state established "( sport = :$port )" | wc -l; }
