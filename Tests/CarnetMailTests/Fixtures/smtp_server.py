"""SMTP server for the CarnetMail tests, built on aiosmtpd.

Listens on 127.0.0.1 on a free port, writes that port to FOLDER/port once it accepts
connections, and stores every accepted message as FOLDER/<n>.eml with its envelope in
FOLDER/<n>.json. It exits when its parent process goes away, so a crashed test run
cannot leave it behind.

Modes:
  accept         accept every message
  rcpt-451       answer 451 to every RCPT TO
  rcpt-550       answer 550 to every RCPT TO
  close-in-data  drop the connection instead of answering the end of DATA
  silent         accept TCP connections but never say a word
"""

import argparse
import json
import os
import signal
import socket
import ssl
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, folder, mode):
        self.folder = folder
        self.mode = mode
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "rcpt-451":
            return "451 4.3.0 Mailbox temporarily unavailable"
        if self.mode == "rcpt-550":
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "close-in-data":
            server.transport.abort()
            return "250 never sent"
        with self.lock:
            self.count += 1
            number = self.count
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "login": getattr(session, "carnet_login", None),
            "mechanism": getattr(session, "carnet_mechanism", None),
            "tls": server.transport.get_extra_info("ssl_object") is not None,
        }
        write_atomically(os.path.join(self.folder, f"{number}.eml"), envelope.original_content)
        write_atomically(os.path.join(self.folder, f"{number}.json"), json.dumps(meta).encode())
        return "250 2.0.0 Queued as %d" % number


class Authenticator:
    def __init__(self, username, password):
        self.username = username.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        session.carnet_mechanism = mechanism
        if isinstance(auth_data, LoginPassword):
            session.carnet_login = auth_data.login.decode()
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == self.username
            and auth_data.password == self.password
        )
        return AuthResult(success=ok, handled=False)


def write_atomically(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as file:
        file.write(data)
    os.replace(temporary, path)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def exit_with_parent():
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder")
    parser.add_argument("--mode", default="accept",
                        choices=["accept", "rcpt-451", "rcpt-550", "close-in-data", "silent"])
    parser.add_argument("--cert", help="PEM certificate; enables STARTTLS (or implicit TLS)")
    parser.add_argument("--key", help="PEM private key of --cert")
    parser.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte")
    parser.add_argument("--auth", metavar="USER:PASSWORD", help="require this login")
    parser.add_argument("--only-login", action="store_true", help="offer AUTH LOGIN but not PLAIN")
    parser.add_argument("--port", type=int, help="listen on this port instead of a free one")
    arguments = parser.parse_args()

    # The test runner may start us with signals blocked; the tests stop us with SIGTERM.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    threading.Thread(target=exit_with_parent, daemon=True).start()
    os.makedirs(arguments.folder, exist_ok=True)

    if arguments.mode == "silent":
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        write_atomically(os.path.join(arguments.folder, "port"), str(listener.getsockname()[1]).encode())
        while True:
            time.sleep(3600)

    context = None
    if arguments.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(arguments.cert, arguments.key)

    options = {}
    if arguments.auth:
        username, password = arguments.auth.split(":", 1)
        options["authenticator"] = Authenticator(username, password)
        options["auth_required"] = True
        options["auth_require_tls"] = True
        if arguments.only_login:
            options["auth_exclude_mechanism"] = ["PLAIN"]
    if context and not arguments.implicit_tls:
        options["tls_context"] = context
        options["require_starttls"] = True

    port = arguments.port or free_port()
    controller = Controller(
        Handler(arguments.folder, arguments.mode),
        hostname="127.0.0.1",
        port=port,
        ssl_context=context if arguments.implicit_tls else None,
        **options,
    )
    controller.start()
    write_atomically(os.path.join(arguments.folder, "port"), str(port).encode())
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
