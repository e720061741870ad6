"""A real SMTP server on loopback for the tests: aiosmtpd keeping every message it receives in a maildir.

    python e2e/smtp_sink.py DIR

prints the port it listens on (one line), then serves until its standard input is closed, so it ends with the
process that started it (the Swift tests and the browser tests both use it).
"""
import socket
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    folder = sys.argv[1]
    port = free_port()
    controller = Controller(Mailbox(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
