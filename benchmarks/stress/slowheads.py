#!/usr/bin/env python3
"""Opens COUNT connections to 127.0.0.1:PORT that each send part of a request head and hold it.

usage: slowheads.py PORT COUNT HOLD_SECONDS
Prints how many connected, holds them HOLD_SECONDS, closes them all, then prints
"closed at EPOCH_SECONDS" so a caller can time what follows.
"""
import selectors
import socket
import sys
import time

port, count, hold = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
partial = b"GET / HTTP/1.1\r\nHost: slow\r\nX-Slow: "
selector = selectors.DefaultSelector()
sockets = []
for _ in range(count):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    s.connect_ex(("127.0.0.1", port))
    selector.register(s, selectors.EVENT_WRITE)
    sockets.append(s)

# A connection in the server's listen backlog is connected for the client: the head goes to the kernel's buffer.
sent = 0
deadline = time.monotonic() + min(hold, 10)
while sent < count and time.monotonic() < deadline:
    for key, _ in selector.select(timeout=0.2):
        try:
            key.fileobj.send(partial)
            sent += 1
        except OSError:
            pass
        selector.unregister(key.fileobj)
print(f"{sent} of {count} clients sent a partial head", flush=True)
time.sleep(max(0.0, hold - (time.monotonic() - (deadline - min(hold, 10)))))
for s in sockets:
    s.close()
print(f"closed at {time.time():.3f}", flush=True)
