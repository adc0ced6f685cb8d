#!/usr/bin/env python3
"""Stands in for systemd's Type=notify where no systemd runs (a container, a CI machine).

    python3 notify.py COMMAND [ARG...] [NAME=VALUE...]

Binds a unix datagram socket, starts COMMAND with NOTIFY_SOCKET naming it (and the NAME=VALUE
variables given), prints each datagram it gets as "notify: ..." (lines joined by " | "),
sends SIGTERM three seconds after the first one, and prints the command's exit code.
"""
import os, signal, socket, subprocess, sys, tempfile

args = [a for a in sys.argv[1:] if "=" not in a or a.startswith("-")]
env = dict(os.environ, **dict(a.split("=", 1) for a in sys.argv[1:] if a not in args))
path = os.path.join(tempfile.mkdtemp(), "notify.sock")
with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as notify:
    notify.bind(path)
    process = subprocess.Popen(args, env=dict(env, NOTIFY_SOCKET=path))
    notify.settimeout(3)
    heard = stopping = False
    while process.poll() is None:
        try:
            print("notify: " + notify.recv(4096).decode().strip().replace("\n", " | "), flush=True)
            heard = True
        except socket.timeout:
            if heard and not stopping:
                process.send_signal(signal.SIGTERM)
                stopping = True
    print(f"exit code: {process.wait()}")
