#!/usr/bin/env python3
"""Opens COUNT keep-alive connections to 127.0.0.1:PORT, makes one request on each, then keeps them all idle.

usage: idle.py PORT COUNT HOLD_SECONDS
Prints "answered N" once every connection has its answer, holds them HOLD_SECONDS, then closes them.
"""
import selectors
import socket
import sys
import time

port, count, hold = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
request = b"GET / HTTP/1.1\r\nHost: idle\r\n\r\n"
selector = selectors.DefaultSelector()
sockets = []
pending = 0
for i in range(count):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    s.connect_ex(("127.0.0.1", port))
    selector.register(s, selectors.EVENT_WRITE, b"")
    sockets.append(s)
    pending += 1
    # Bounded bursts keep the listen backlog from overflowing.
    if i % 500 == 499:
        time.sleep(0.05)
answered = 0
deadline = time.monotonic() + 60
while answered < count and time.monotonic() < deadline:
    for key, events in selector.select(timeout=1):
        s = key.fileobj
        if events & selectors.EVENT_WRITE:
            s.send(request)
            selector.modify(s, selectors.EVENT_READ, b"")
        else:
            data = key.data + s.recv(4096)
            if b"\r\n\r\n" in data and data.endswith(b"OK"):
                selector.unregister(s)
                answered += 1
            else:
                selector.modify(s, selectors.EVENT_READ, data)
print(f"answered {answered}", flush=True)
time.sleep(hold)
for s in sockets:
    s.close()
