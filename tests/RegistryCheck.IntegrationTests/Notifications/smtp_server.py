#!/usr/bin/python3
"""A real SMTP server for the e-mail tests (Debian's python3-aiosmtpd), on 127.0.0.1 and an ephemeral port.

Prints the port on the first line of stdout, then serves until killed. Every accepted message is written to --out as
<n>.eml (the bytes as received) with <n>.json beside it (envelope: sender, recipients, authenticated user).
Recipients steer failures: refuse4...@ answers 450, refuse5...@ answers 550, drop...@ closes the connection.
--tls CERT KEY offers and requires STARTTLS; --auth USER PASS requires AUTH; --delay S waits S seconds in DATA.
"""
import argparse
import asyncio
import json
import os
import ssl

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def user_of(session):
    data = getattr(session, "auth_data", None)
    if isinstance(data, LoginPassword):
        data = data.login
    return data.decode() if isinstance(data, bytes) else data


class Handler:
    def __init__(self, out, delay):
        self.out = out
        self.delay = delay
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("refuse4"):
            return "450 4.2.1 Mailbox temporarily unavailable"
        if local.startswith("refuse5"):
            return "550 5.1.1 No such user here"
        if local.startswith("drop"):
            server.transport.close()
            return "421 4.4.2 Closing connection"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.count += 1
        name = os.path.join(self.out, "%d-%d" % (os.getpid(), self.count))
        with open(name + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(name + ".json", "w") as f:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos, "user": user_of(session)}, f)
        # Renamed last: a test that sees an .eml sees all of it.
        os.rename(name + ".tmp", name + ".eml")
        return "250 Message accepted"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--tls", nargs=2)
    p.add_argument("--auth", nargs=2)
    p.add_argument("--delay", type=float, default=0)
    a = p.parse_args()
    handler = Handler(a.out, a.delay)
    context = None
    if a.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.tls[0], a.tls[1])

    def authenticator(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and a.auth and data.login == a.auth[0].encode() and data.password == a.auth[1].encode()
        return AuthResult(success=bool(ok), handled=False, auth_data=data.login if ok else None)

    def factory():
        return SMTP(handler, hostname="localhost", tls_context=context, require_starttls=context is not None,
                    auth_required=a.auth is not None, auth_require_tls=context is not None,
                    authenticator=authenticator if a.auth else None, enable_SMTPUTF8=True, decode_data=False)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(factory, "127.0.0.1", 0))
    print(server.sockets[0].getsockname()[1], flush=True)
    loop.run_forever()


if __name__ == "__main__":
    main()
