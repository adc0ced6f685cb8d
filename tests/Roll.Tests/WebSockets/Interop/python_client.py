"""A websocket client that is not .NET: Debian's python3-websockets, driven by PythonInteropTests.

Usage: /usr/bin/python3 python_client.py ws://127.0.0.1:PORT
Talks to the test's app (/echo, /bye) and prints one JSON object of what it saw.
"""

import asyncio
import json
import sys

import websockets


async def main(base):
    seen = {}
    # The client offers permessage-deflate by default (compression="deflate").
    async with websockets.connect(base + "/echo", subprotocols=["other", "echo"]) as ws:
        seen["subprotocol"] = ws.subprotocol
        seen["extensions"] = ws.response_headers.get("Sec-WebSocket-Extensions")
        await ws.send("héllo")
        seen["text"] = await ws.recv()
        await ws.send(b"\x00\x01\xff")
        seen["bytes"] = list(await ws.recv())
        # An iterable is sent as one message in several frames.
        await ws.send(["frag", "men", "ted"])
        seen["fragmented"] = await ws.recv()
        await ws.send("x" * 200_000)
        seen["large"] = len(await ws.recv())
        pong = await ws.ping(b"roll")
        await asyncio.wait_for(pong, 5)
        seen["pong"] = True
        # Idle for longer than the server's keep-alive timeout: its pings are answered meanwhile.
        await asyncio.sleep(5)
        await ws.send("still here")
        seen["after_pings"] = await ws.recv()
        await ws.close(code=1000, reason="bye")
        seen["client_close"] = ws.close_code

    async with websockets.connect(base + "/echo") as ws:
        await ws.send("y" * 300_000)
        try:
            await ws.recv()
        except websockets.ConnectionClosed as closed:
            seen["too_big"] = closed.code

    async with websockets.connect(base + "/bye") as ws:
        seen["server_message"] = await ws.recv()
        try:
            await ws.recv()
        except websockets.ConnectionClosed as closed:
            seen["server_close"] = closed.code

    print(json.dumps(seen))


asyncio.run(main(sys.argv[1].rstrip("/")))
