#!/usr/bin/env python3
"""benchmarks/peers/compare.py, on one endpoint with pipelined requests: wrk sends
/hello/minimal 16 requests per write (benchmarks/pipeline.lua). Same method:
servers on CPU 0, wrk on CPU 1, rounds alternating, medians and ratios to the
first server. usage: pipeline.py PEERS_DIR [compare.py's arguments]
"""
import importlib.util, os, sys

peers = sys.argv.pop(1)
spec = importlib.util.spec_from_file_location("compare", os.path.join(peers, "compare.py"))
compare = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare)
script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pipeline.lua")
compare.ENDPOINTS = [("pipelined", "/hello/minimal", ["-s", script])]
compare.main()
