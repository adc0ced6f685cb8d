#!/usr/bin/env bash
# Side-by-side HTTP benchmark of samples/Bench against the reference servers of
# benchmarks/peers (raw Kestrel, ASP.NET Core Minimal APIs, the C floor), with
# benchmarks/peers/compare.py: servers on CPU 0, wrk on CPU 1, ratios to Roll.
#
# usage: benchmarks/compare.sh [--rounds N] [--seconds S] [--conns C] [--port P] [--aot] [--with-bare] [--with-kestrel] [--pipeline] [--base=DIR] [--without-telemetry] [--no-peers]
#   --aot           run the native AOT build of the Bench sample instead of the JIT one
#   --with-kestrel  also run the Bench sample behind Kestrel through Roll.Kestrel's bridge
#   --with-bare     also run the Bench sample without Roll's runtime settings (RollRuntimeDefaults=false, no DOTNET_GCgen0size)
#   --pipeline      only /hello/minimal, 16 pipelined requests per write (benchmarks/pipeline.py), against Kestrel
#   --base=DIR      also run the Bench sample built from another checkout (git worktree add DIR COMMIT), as roll-base,
#                   interleaved with this one: what a change costs, from the same run
#   --without-telemetry  also run the Bench sample built from this checkout's commit (HEAD, not uncommitted changes)
#                   with benchmarks/without-telemetry.patch applied, which takes Roll's metric and span calls out of
#                   the engine, as roll-without-telemetry: what the instrumentation costs when nobody listens
#   --no-peers      run only the builds of Roll (with --base or --without-telemetry): no Kestrel, Minimal APIs or floor
#   extra arguments go to compare.py: --rounds (3), --seconds per endpoint (3), --conns (64), --port (8000),
#                   --fresh (a new process per endpoint and server, warmed up on that endpoint: for telling two builds apart),
#                   --raw FILE (every measurement appended to FILE; benchmarks/peers/pairs.py pools such files)
# environment: ROLL_BENCH_OUT, where builds go (/tmp/roll-bench); ROLL_BENCH_PEERS, another copy of benchmarks/peers
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
peers=${ROLL_BENCH_PEERS:-$root/benchmarks/peers}
out=${ROLL_BENCH_OUT:-/tmp/roll-bench}
case " $* " in
  *" --help "*|*" -h "*) sed -n '/^# usage:/,/^# environment:/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
for tool in wrk taskset gcc python3; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install wrk util-linux gcc python3)" >&2; exit 1; }
done

aot=0
with_kestrel=0
with_bare=0
pipeline=0
base=
without_telemetry=0
no_peers=0
args=()
for a in "$@"; do
  case "$a" in
    --aot) aot=1 ;;
    --with-kestrel) with_kestrel=1 ;;
    --with-bare) with_bare=1 ;;
    --pipeline) pipeline=1 ;;
    --base=*) base=${a#--base=} ;;
    --without-telemetry) without_telemetry=1 ;;
    --no-peers) no_peers=1 ;;
    *) args+=("$a") ;;
  esac
done

mkdir -p "$out"
if [ ! -x "$out/peers/floor" ]; then
  bash "$peers/build-peers.sh" "$out/peers" >/dev/null
fi
# The environment deploy/hello.service gives an app (the one runtime setting that cannot live in the build).
env="DOTNET_GCgen0size=200000"
if [ "$aot" = 1 ]; then
  dotnet publish "$root/samples/Bench" -c Release -p:PublishAot=true -o "$out/bench-aot" --nologo -v q >/dev/null
  roll="$env exec $out/bench-aot/Bench --quiet --port \$PORT"
else
  dotnet publish "$root/samples/Bench" -c Release -o "$out/bench" --nologo -v q >/dev/null
  roll="$env exec dotnet $out/bench/Bench.dll --quiet --port \$PORT"
fi

servers=(roll="$roll")
if [ -n "$base" ]; then
  dotnet publish "$base/samples/Bench" -c Release -o "$out/bench-base" --nologo -v q >/dev/null
  servers+=(roll-base="$env exec dotnet $out/bench-base/Bench.dll --quiet --port \$PORT")
fi
if [ "$without_telemetry" = 1 ]; then
  plain=$out/without-telemetry
  git -C "$root" worktree remove --force "$plain" 2>/dev/null || rm -rf "$plain"
  git -C "$root" worktree prune
  git -C "$root" worktree add --detach --quiet "$plain" HEAD
  git -C "$plain" apply "$root/benchmarks/without-telemetry.patch"
  dotnet publish "$plain/samples/Bench" -c Release -o "$out/bench-without-telemetry" --nologo -v q >/dev/null
  servers+=(roll-without-telemetry="$env exec dotnet $out/bench-without-telemetry/Bench.dll --quiet --port \$PORT")
fi
if [ "$with_bare" = 1 ]; then
  dotnet publish "$root/samples/Bench" -c Release -p:RollRuntimeDefaults=false -o "$out/bench-bare" --nologo -v q >/dev/null
  servers+=(roll-bare="exec dotnet $out/bench-bare/Bench.dll --quiet --port \$PORT")
fi
if [ "$with_kestrel" = 1 ]; then
  dotnet publish "$root/benchmarks/Roll.Kestrel.Bench" -c Release -o "$out/bench-kestrel" --nologo -v q >/dev/null
  servers+=(roll-on-kestrel="exec dotnet $out/bench-kestrel/Roll.Kestrel.Bench.dll --quiet --port \$PORT")
fi

if [ "$pipeline" = 1 ]; then
  exec python3 "$root/benchmarks/pipeline.py" "$peers" "${args[@]}" \
    "${servers[@]}" \
    kestrel="exec dotnet $out/peers/platform/platform.dll \$PORT" \
    floor="exec $out/peers/floor \$PORT"
fi

if [ "$no_peers" = 1 ]; then
  exec python3 "$peers/compare.py" "${args[@]}" "${servers[@]}"
fi
python3 "$peers/compare.py" "${args[@]}" \
  "${servers[@]}" \
  kestrel="exec dotnet $out/peers/platform/platform.dll \$PORT" \
  minimalapi="ASPNETCORE_URLS=http://127.0.0.1:\$PORT exec dotnet $out/peers/minimalapi/minimalapi.dll" \
  floor="exec $out/peers/floor \$PORT"
