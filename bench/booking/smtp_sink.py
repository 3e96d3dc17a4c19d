"""A local SMTP sink for the booking benchmark: both sides (our task worker
and pretix) send their confirmation e-mails here over real SMTP on
127.0.0.1, and the sink only counts them. Run on the generator's core:
`python smtp_sink.py PORT COUNT_FILE`; it writes the number of messages
received to COUNT_FILE after each one, and stops on SIGTERM."""

import asyncio
import os
import sys
from pathlib import Path


async def main(port: int, count_file: Path) -> None:
    received = 0

    async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal received
        writer.write(b"220 bench-sink ESMTP\r\n")
        try:
            while line := await reader.readline():
                verb = line[:4].upper()
                if verb in {b"EHLO", b"HELO"}:
                    writer.write(b"250-bench-sink\r\n250 8BITMIME\r\n")
                elif verb == b"DATA":
                    writer.write(b"354 go on\r\n")
                    await writer.drain()
                    while (await reader.readline()) not in {b".\r\n", b".\n", b""}:
                        pass
                    received += 1
                    count_file.write_text(str(received))
                    writer.write(b"250 queued\r\n")
                elif verb == b"QUIT":
                    writer.write(b"221 bye\r\n")
                    await writer.drain()
                    break
                else:  # MAIL, RCPT, RSET, NOOP
                    writer.write(b"250 ok\r\n")
                await writer.drain()
        finally:
            writer.close()

    server = await asyncio.start_server(session, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) > 3:
        os.sched_setaffinity(0, {int(sys.argv[3])})
    asyncio.run(main(int(sys.argv[1]), Path(sys.argv[2])))
