"""Clients of large-bodies.sh: N concurrent Content-Length POSTs of M MB, then one 100 MB chunked POST."""
import hashlib
import os
import socket
import sys
import threading
import time

port, clients, megabytes = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
body = os.urandom(megabytes * 1024 * 1024)
expected = f"{len(body)} {hashlib.sha256(body).hexdigest()}"


def read_response(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        if not piece:
            return None, data
        data += piece
    head, _, rest = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(rest) < length:
        piece = sock.recv(65536)
        if not piece:
            break
        rest += piece
    return status, rest[:length].decode()


results = []


def post():
    with socket.create_connection(("127.0.0.1", port), timeout=120) as sock:
        sock.sendall(f"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n".encode())
        sock.sendall(body)
        results.append(read_response(sock))


start = time.monotonic()
threads = [threading.Thread(target=post) for _ in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
good = sum(1 for status, text in results if status == 200 and text == expected)
print(f"{clients} concurrent {megabytes} MB POSTs: {good} answered 200 with the right length and SHA-256 "
      f"in {time.monotonic() - start:.1f} s")

# A chunked body of 100 MB against the 30,000,000-byte limit: how much goes out before the answer comes.
sent = 0
answer = {}
with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
    sock.sendall(b"POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")

    def reader():
        answer["status"], _ = read_response(sock)

    r = threading.Thread(target=reader)
    r.start()
    chunk = b"10000\r\n" + body[:65536] + b"\r\n"
    try:
        while sent < 100 * 1024 * 1024 and r.is_alive():
            sock.sendall(chunk)
            sent += 65536
    except OSError:
        pass
    r.join(30)
print(f"100 MB chunked POST: answered {answer.get('status')} after the client sent {sent / 1e6:.1f} MB "
      f"(the limit is 30.0 MB; the rest sat in the kernel's socket buffers)")
