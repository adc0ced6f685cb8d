"""Clients of non-reading.sh: N connections that each pipeline M MB of small GETs and never read an answer."""
import asyncio
import socket
import sys
import time

port, clients, megabytes, hold = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
request = b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
payload = request * int(megabytes * 1024 * 1024 / len(request))


async def client():
    sock = socket.socket()
    # A small receive buffer, as a client that reads nothing keeps: the server's answers back up sooner.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", port))
    reader, writer = await asyncio.open_connection(sock=sock)
    writer.write(payload)
    return writer


async def main():
    start = time.monotonic()
    writers = await asyncio.gather(*(client() for _ in range(clients)))
    print(f"{clients} clients connected and pipelining {megabytes:g} MB each in {time.monotonic() - start:.1f} s", flush=True)
    await asyncio.sleep(hold)
    for w in writers:
        w.transport.abort()


asyncio.run(main())
