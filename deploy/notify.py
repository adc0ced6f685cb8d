#!/usr/bin/env python3
"""Stands in for systemd's Type=notify where no systemd runs (a container, a CI machine).

    python3 notify.py COMMAND [ARG...] [NAME=VALUE...]

Binds a unix datagram socket, starts COMMAND with NOTIFY_SOCKET naming it (and the NAME=VALUE
variables given), prints each datagram it gets as "notify: ..." (lines joined by " | "), and, once
the command has ended, its exit code. Stop the command as systemctl stop does, with SIGTERM: send it
to the command (kill -TERM PID), or press Ctrl+C, which notify.py passes on to it as SIGTERM.
"""
import os, signal, socket, subprocess, sys, tempfile

args = [a for a in sys.argv[1:] if "=" not in a or a.startswith("-")]
env = dict(os.environ, **dict(a.split("=", 1) for a in sys.argv[1:] if a not in args))
path = os.path.join(tempfile.mkdtemp(), "notify.sock")
with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as notify:
    notify.bind(path)
    # A session of its own: Ctrl+C reaches notify.py only, which stops the command as systemd would.
    process = subprocess.Popen(args, env=dict(env, NOTIFY_SOCKET=path), start_new_session=True)
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, lambda *_: process.send_signal(signal.SIGTERM))
    notify.settimeout(0.1)
    # Until the command has ended and every datagram it sent is printed.
    while True:
        try:
            print("notify: " + notify.recv(4096).decode().strip().replace("\n", " | "), flush=True)
        except socket.timeout:
            if process.poll() is not None:
                break
    print(f"exit code: {process.wait()}")
    os.remove(path)
    os.rmdir(os.path.dirname(path))
