"""Clients of slow-clients.sh: N connections, half trickling a request head, half a body, for S seconds.

Each sends one byte a second, slower than the 240 bytes/s minimum for bodies; when the server cuts one
(408, or a close), it connects again, so that N slow connections stay open the whole time."""
import asyncio
import sys
import time

port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
cut = {"head": 0, "body": 0}


async def slow(kind, deadline):
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            if kind == "head":
                writer.write(b"GET /hello HTTP/1.1\r\nHost: x\r\n")
                trickle = b"X-Slow: " + b"a" * 10_000
            else:
                writer.write(b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
                trickle = b"b" * 100_000
            for byte in trickle:
                if time.monotonic() >= deadline or reader.at_eof():
                    break
                writer.write(bytes([byte]))
                await writer.drain()
                try:
                    if await asyncio.wait_for(reader.read(1024), 1.0) == b"":
                        break
                    break  # an answer (408) came: the server cut this one
                except asyncio.TimeoutError:
                    pass
            else:
                continue
            if time.monotonic() < deadline:
                cut[kind] += 1
            writer.close()
        except OSError:
            await asyncio.sleep(0.1)


async def main():
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(slow("head" if i % 2 == 0 else "body", deadline) for i in range(count)))
    print(f"slow clients: {count} kept open for {seconds:g} s; cut by the server and reconnected: "
          f"{cut['head']} heads, {cut['body']} bodies")


asyncio.run(main())
