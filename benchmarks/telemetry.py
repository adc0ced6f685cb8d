#!/usr/bin/env python3
"""What observing a request costs: each server measured without and with the
OpenTelemetry SDK (BENCH_TELEMETRY=1), on GET /hello/world with a W3C
traceparent, by benchmarks/peers/compare.py's method: server pinned to CPU 0,
wrk to CPU 1, a warm-up, then a measure; rounds alternate the servers, in
reverse order every other round, so that drift hits all alike.

It prints each measure as it is made, then per server the medians, and per
framework the microseconds the SDK adds to a request, as the median over rounds
of the difference within a round (with and without run back to back):
  wall: 1e6/rps_with - 1e6/rps_without, the time of the one core the server has
        per request (the server is pinned to one core and wrk keeps it busy);
  cpu:  cpu_with - cpu_without, the CPU the server process spent per request
        (all its threads, the SDK's export threads too), read from /proc; on a
        loaded machine it is the steadier figure, since time other processes
        take from CPU 0 lowers rps but is not counted in it.

usage: telemetry.py PEERS_DIR [--rounds N] [--warmup S] [--seconds S] [--conns C] [--port P] name='command' ...
The environment gives the defaults of --warmup (TELEMETRY_WARMUP, 3; 0 skips it), --seconds (TELEMETRY_SECONDS, 10)
and --port (PORT, 8000); 0 and 1 second make a quick check that the script runs, not a figure.
Servers come in pairs, NAME then NAME+otel; each command listens on 127.0.0.1:$PORT.
"""
import argparse, importlib.util, os, signal, statistics, subprocess, sys, time

peers = sys.argv.pop(1)
spec = importlib.util.spec_from_file_location("compare", os.path.join(peers, "compare.py"))
compare = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare)

PATH = "/hello/world"
HEADERS = ["-H", "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"]


def measure(cmd, port, warmup, seconds, conns):
    env = dict(os.environ, PORT=str(port))
    proc = subprocess.Popen(["taskset", "-c", "0", "bash", "-c", cmd], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        if not compare.wait_port(port):
            raise RuntimeError(f"server did not listen: {cmd}")
        url = f"http://127.0.0.1:{port}{PATH}"
        if warmup > 0:
            compare.wrk(url, warmup, conns, HEADERS)
        c0, t0 = compare.cpu_seconds(proc.pid), time.time()
        reqs, bad, errs = compare.wrk(url, seconds, conns, HEADERS)
        c1, t1 = compare.cpu_seconds(proc.pid), time.time()
        return reqs / (t1 - t0), 1e6 * (c1 - c0) / max(reqs, 1), bad, errs
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=int(os.environ.get("TELEMETRY_WARMUP", 3)))
    ap.add_argument("--seconds", type=int, default=int(os.environ.get("TELEMETRY_SECONDS", 10)))
    ap.add_argument("--conns", type=int, default=64)
    ap.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    ap.add_argument("servers", nargs="+")
    a = ap.parse_args()
    servers = [s.split("=", 1) for s in a.servers]
    names = [n for n, _ in servers]
    frameworks = [n for n in names if not n.endswith("+otel")]
    for f in frameworks:
        if f + "+otel" not in names:
            sys.exit(f"{f} has no {f}+otel to compare with")
    data = {n: [] for n in names}
    for r in range(a.rounds):
        for name, cmd in (servers if r % 2 == 0 else servers[::-1]):
            rps, cpu, bad, errs = measure(cmd, a.port, a.warmup, a.seconds, a.conns)
            data[name].append((rps, cpu))
            print(f"# round {r + 1} {name:18} {rps:9.0f} req/s {cpu:7.2f} cpu us/req", file=sys.stderr, flush=True)
            if bad or errs:
                print(f"# {name}: non-2xx={bad} socket-errors={errs}", file=sys.stderr)
    print(f"{'server':18} {'req/s':>9} {'cpu us/req':>10}")
    for name in names:
        print(f"{name:18} {statistics.median(v[0] for v in data[name]):9.0f} "
              f"{statistics.median(v[1] for v in data[name]):10.2f}")
    print(f"\nadded by the SDK, us per request (median over {a.rounds} rounds of with - without in the round)")
    print(f"{'framework':18} {'wall':>9} {'cpu':>10}")
    for f in frameworks:
        pairs = list(zip(data[f], data[f + "+otel"]))
        wall = statistics.median(1e6 / w[0] - 1e6 / wo[0] for wo, w in pairs)
        cpu = statistics.median(w[1] - wo[1] for wo, w in pairs)
        print(f"{f:18} {wall:9.2f} {cpu:10.2f}")


if __name__ == "__main__":
    main()
