#!/usr/bin/env python3
"""Pools the measurements that compare.py --raw FILE wrote, from one run or several, and gives each server's paired
ratio to the reference server (roll): every measurement divided by the reference's of the same run, round and
endpoint, then the geometric mean of those ratios, per endpoint and over all, with a 95 % interval.

Two builds of Roll whose difference is smaller than the noise between two processes of one build (10 to 15 % here)
are told apart by many such pairs: the interval narrows with the square root of their number.

usage: pairs.py [--reference NAME] RAW [RAW ...]
"""
import argparse, collections, math, statistics


def summary(logs):
    mean = statistics.fmean(logs)
    half = 1.96 * statistics.stdev(logs) / math.sqrt(len(logs)) if len(logs) > 1 else float("nan")
    return f"{math.exp(mean):9.3f} {math.exp(mean - half):7.3f}-{math.exp(mean + half):.3f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reference", default="roll")
    ap.add_argument("raw", nargs="+")
    a = ap.parse_args()
    runs = collections.defaultdict(dict)  # (file, round, endpoint) -> server -> (req/s, cpu us/req)
    for path in a.raw:
        for line in open(path):
            round_, endpoint, server, rps, cpu = line.split("\t")
            runs[(path, int(round_), endpoint)][server] = (float(rps), float(cpu))
    endpoints = list(dict.fromkeys(key[2] for key in runs))
    others = sorted({s for measured in runs.values() for s in measured} - {a.reference})
    print(f"{'server':24} {'endpoint':10} {'pairs':>5} {'rps ratio':>9} {'95% interval':>13} {'cpu ratio':>9} {'95% interval':>13}")
    for server in others:
        for endpoint in endpoints + ["all"]:
            pairs = [(m[server], m[a.reference]) for key, m in runs.items()
                     if server in m and a.reference in m and endpoint in (key[2], "all")]
            if not pairs:
                continue
            rps = summary([math.log(s[0] / r[0]) for s, r in pairs])
            cpu = summary([math.log(s[1] / r[1]) for s, r in pairs])
            print(f"{server:24} {endpoint:10} {len(pairs):5} {rps} {cpu}")


if __name__ == "__main__":
    main()
