"""A small SMTP server for tests, in a thread: it speaks enough SMTP for
smtplib (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), records each message it
accepts, and can be told to refuse recipients or to hang before accepting a
message (as a stuck server would), to test what happens around it."""

import email
import email.policy
import socket
import threading


class FakeSMTPServer:
    def __init__(self, port: int = 0) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refuse_recipients = ""  # e.g. "550 5.1.1 no such user"
        self.hang = threading.Event()  # when set, hold each message unanswered
        self.holding = threading.Event()  # set once a message is being held
        self.dropped = 0  # held messages whose client went away (never accepted)
        self._release = threading.Event()
        self._sock = socket.create_server(("127.0.0.1", port))
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> "FakeSMTPServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        self._stopped.set()
        self._release.set()
        self._thread.join(timeout=5)
        self._sock.close()

    def release(self) -> None:
        """Stop hanging: later messages are answered again."""
        self.hang.clear()
        self._release.set()

    def _serve(self) -> None:
        while not self._stopped.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    @staticmethod
    def _client_gone(conn: socket.socket) -> bool:
        conn.setblocking(False)
        try:
            return conn.recv(1, socket.MSG_PEEK) == b""
        except BlockingIOError:
            return False
        except OSError:
            return True
        finally:
            conn.setblocking(True)
            conn.settimeout(30)

    def _session(self, conn: socket.socket) -> None:
        conn.settimeout(30)
        reader = conn.makefile("rb")

        def reply(line: str) -> None:
            conn.sendall(line.encode() + b"\r\n")

        try:
            reply("220 fake.smtp ESMTP")
            while True:
                line = reader.readline()
                if not line:
                    return
                verb = line.decode("latin-1").strip().split(" ", 1)[0].upper()
                if verb == "EHLO":
                    reply("250-fake.smtp")
                    reply("250 8BITMIME")
                elif verb in {"HELO", "MAIL", "RSET", "NOOP"}:
                    reply("250 OK")
                elif verb == "RCPT":
                    reply(self.refuse_recipients or "250 OK")
                elif verb == "DATA":
                    reply("354 go ahead")
                    data = b""
                    while not data.endswith(b"\r\n.\r\n"):
                        chunk = reader.readline()
                        if not chunk:
                            return  # the client went away: nothing accepted
                        data += chunk
                    if self.hang.is_set():
                        self.holding.set()
                        # Hold the message until released; a client that dies
                        # meanwhile never got its 250: nothing was accepted.
                        while True:
                            if self._client_gone(conn):
                                self.dropped += 1
                                return
                            if self._release.wait(0.1):
                                break
                        if self._stopped.is_set() or self._client_gone(conn):
                            return
                    body = data[: -len(b".\r\n")].replace(b"\r\n..", b"\r\n.")
                    self.messages.append(
                        email.message_from_bytes(body, policy=email.policy.default)
                    )
                    reply("250 accepted")
                elif verb == "QUIT":
                    reply("221 bye")
                    return
                else:
                    reply("502 not implemented")
        except OSError:
            return
        finally:
            reader.close()
            conn.close()
