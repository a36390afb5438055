"""A real SMTP server for the mail tests (aiosmtpd), on loopback.

Usage: smtp_server.py MAILDIR [--fail-first N] [--delay SECONDS]
                      [--tls starttls|implicit --cert PEM --key PEM] [--auth USER:PASSWORD]

Prints the port it listens on, then saves every accepted message as MAILDIR/NNNN.eml,
and appends one JSON line per accepted message to MAILDIR.log: the authenticated
user (or null) and whether the session was encrypted.

--fail-first N   the first N messages get a transient 451 reply (to exercise retries)
--delay S        wait S seconds before accepting each message (to catch a merge mid-way)
--tls starttls   offer STARTTLS and require it before MAIL and AUTH
--tls implicit   TLS from the first byte (smtps)
--auth U:P       require AUTH (PLAIN or LOGIN) with this user and password
--hold-after N    accept N messages, then hold every further one until the file
                 MAILDIR.release exists (so a test can signal a merge mid-way, no race)
--close-after-each  close the connection right after accepting each message, as
                 some relays do (a client must reconnect, not count it as a failure)

Runs until its standard input closes, so it dies with the test.
"""
import argparse
import asyncio
import json
import logging
import os
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Saver:
    def __init__(self, maildir, fail_first, delay, close_after_each=False, hold_after=None):
        self.close_after_each = close_after_each
        self.hold_after = hold_after
        self.maildir = maildir
        self.fail_left = fail_first
        self.delay = delay
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.hold_after is not None and self.count >= self.hold_after:
            while not os.path.exists(self.maildir.rstrip("/") + ".release"):
                await asyncio.sleep(0.02)
        with self.lock:
            if self.fail_left > 0:
                self.fail_left -= 1
                return "451 4.3.0 Temporary failure, try again"
            self.count += 1
            n = self.count
        path = os.path.join(self.maildir, f"{n:04}.eml")
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(path + ".tmp", path)
        user = session.auth_data if session.authenticated else None
        # STARTTLS sets session.ssl; implicit TLS shows only on the transport.
        encrypted = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        with self.lock, open(self.maildir.rstrip("/") + ".log", "a") as log:
            log.write(json.dumps({"n": n, "user": user, "tls": encrypted}) + "\n")
        if self.close_after_each:
            # After the reply is on its way: the client sees 250, then a closed socket.
            asyncio.get_running_loop().call_later(0.02, server.transport.close)
        return "250 2.0.0 OK"


class BoundController(Controller):
    """Serves on a socket bound here to port 0, so the port the kernel chose is the
    one served: binding, closing and binding again let another test take it between."""

    def __init__(self, handler, sock, **kwargs):
        self._sock = sock
        super().__init__(handler, hostname="127.0.0.1", port=sock.getsockname()[1], **kwargs)

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


def main():
    # The tests provoke failed TLS handshakes and dropped sessions on purpose; aiosmtpd
    # logs each with a traceback. Kept quiet unless PREP_PDF_TEST_VERBOSE is set.
    if not os.environ.get("PREP_PDF_TEST_VERBOSE"):
        logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    p = argparse.ArgumentParser()
    p.add_argument("maildir")
    p.add_argument("--fail-first", type=int, default=0)
    p.add_argument("--delay", type=float, default=0.0)
    p.add_argument("--tls", choices=["starttls", "implicit"])
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--auth")
    p.add_argument("--close-after-each", action="store_true")
    p.add_argument("--hold-after", type=int)
    a = p.parse_args()
    os.makedirs(a.maildir, exist_ok=True)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    port = sock.getsockname()[1]
    kwargs = {}
    context = None
    if a.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.cert, a.key)
    if a.tls == "starttls":
        kwargs.update(tls_context=context, require_starttls=True, auth_require_tls=True)
    elif a.tls == "implicit":
        kwargs.update(ssl_context=context, auth_require_tls=False)
    if a.auth:
        user, password = a.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok, auth_data=user if ok else None)

        kwargs.update(authenticator=authenticator, auth_required=True)
    if not a.tls:
        kwargs.update(auth_require_tls=False)
    controller = BoundController(
        Saver(a.maildir, a.fail_first, a.delay, a.close_after_each, a.hold_after),
        sock,
        **kwargs,
    )
    controller.start()
    print(port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
