"""A real SMTP server for the mail tests (aiosmtpd), on loopback.

Usage: smtp_server.py MAILDIR [--fail-first N]

Prints the port it listens on, then saves every accepted message as MAILDIR/NNNN.eml.
With --fail-first N, the first N messages get a transient 451 reply, to exercise the
client's retries. Runs until its standard input closes, so it dies with the test.
"""
import os
import socket
import sys
import threading

from aiosmtpd.controller import Controller


class Saver:
    def __init__(self, maildir, fail_first):
        self.maildir = maildir
        self.fail_left = fail_first
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
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
        return "250 2.0.0 OK"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    maildir = sys.argv[1]
    fail_first = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--fail-first" else 0
    os.makedirs(maildir, exist_ok=True)
    port = free_port()
    controller = Controller(Saver(maildir, fail_first), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
