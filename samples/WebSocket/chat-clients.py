#!/usr/bin/python3
# Two clients of the chat (with Debian's python3-websockets), one per URL: the second says hello, the first answers.
# Each line is what a client sent (>) or received (<), after the port it is connected to. With two processes that
# share one Redis, each message crosses from one process to the other.
import asyncio
import sys
from urllib.parse import urlsplit

import websockets


async def main(first_url, second_url):
    async with websockets.connect(first_url) as first, websockets.connect(second_url) as second:
        clients = {first: urlsplit(first_url).port, second: urlsplit(second_url).port}
        # Both are welcomed, so both are in their process's store, before anyone speaks.
        print(clients[first], "<", await first.recv())
        print(clients[second], "<", await second.recv())
        for sender, receiver, text in [(second, first, f"hello from {clients[second]}"), (first, second, f"hi, this is {clients[first]}")]:
            print(clients[sender], ">", text)
            await sender.send(text)
            # A message that does not cross would leave the receiver waiting: 10 s, then an error.
            print(clients[receiver], "<", await asyncio.wait_for(receiver.recv(), 10))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} ws://HOST:PORT/chat ws://HOST:PORT/chat")
    asyncio.run(main(sys.argv[1], sys.argv[2]))
