"""A misbehaving SMTP server on loopback, for the mail tests' failure cases.

Usage: raw_smtp.py MODE COUNTFILE

MODE is one of
  greet-only       send the 220 greeting, then never answer again
  hang-after-data  answer everything until the end of a message's data, then never
                   answer (the message may or may not have been taken: a client must
                   not send it again)
Binds port 0 and prints the port the kernel chose (no bind, close and rebind race),
then serves connections until its standard input closes. Every complete message
received is counted: COUNTFILE holds the count.
"""
import socket
import sys
import threading

mode, countfile = sys.argv[1], sys.argv[2]
count = 0
lock = threading.Lock()


def serve(conn):
    global count
    f = conn.makefile("rb")
    conn.sendall(b"220 raw.test ESMTP\r\n")
    if mode == "greet-only":
        f.read()  # until the client goes away
        return
    while True:
        line = f.readline()
        if not line:
            return
        word = line[:4].upper()
        if word in (b"EHLO", b"HELO"):
            conn.sendall(b"250 raw.test\r\n")
        elif word == b"DATA":
            conn.sendall(b"354 go on\r\n")
            while True:
                data = f.readline()
                if not data or data == b".\r\n":
                    break
            with lock:
                count += 1
                with open(countfile, "w") as out:
                    out.write(str(count))
            f.read()  # never answer; wait for the client to give up
            return
        elif word == b"QUIT":
            conn.sendall(b"221 bye\r\n")
            return
        else:
            conn.sendall(b"250 OK\r\n")


def main():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    print(s.getsockname()[1], flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), s.close()), daemon=True).start()
    while True:
        try:
            conn, _ = s.accept()
        except OSError:
            return
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
