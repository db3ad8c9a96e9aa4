"""``python -m mock_portal``: serve EU Login and TRACES NT on one local port."""

import argparse
import contextlib
import ipaddress
import os
import sys

from werkzeug.serving import make_server

from . import create_app
from .config import Config
from .instance import renew_secret_key
from .public_url import checked_public_url
from .traces.environments import ENVIRONMENTS

UNSAFE_ADMIN_FLAG = "--dangerously-expose-admin"


def _whole_number(minimum: int):
    """An argparse type: a whole number from ``minimum``."""

    def parse(text: str) -> int:
        if not (text.isascii() and text.isdigit()) or int(text) < minimum:
            raise argparse.ArgumentTypeError(f"a whole number from {minimum}, not {text!r}")
        return int(text)

    return parse


def add_portal_options(parser: argparse.ArgumentParser) -> None:
    """The options every way of serving the portal shares (this command, the classroom)."""
    parser.add_argument(
        "--db", help="SQLAlchemy URL; default an SQLite file in the instance folder"
    )
    parser.add_argument("--seed", type=int, help="Faker seed of the generated data")
    parser.add_argument(
        "--public-url",
        help="the address people type, http(s)://host:port (also $MOCK_PORTAL_PUBLIC_URL); "
        "mail links and CAS services are built from it, other Host names get 400. "
        "Default: the address listened on",
    )
    parser.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="HOST[:PORT]",
        help="a further name accepted in the Host header, such as a load balancer's (repeatable)",
    )
    parser.add_argument(
        "--service",
        action="append",
        default=[],
        metavar="URL-PREFIX",
        help="register a further CAS service, such as your own CAS client (repeatable; also "
        "$MOCK_PORTAL_CAS_SERVICES, separated by spaces)",
    )
    parser.add_argument(
        "--two-factor",
        action="append",
        default=[],
        choices=[environment.code for environment in ENVIRONMENTS],
        metavar="ENVIRONMENT",
        help="a TRACES NT environment (production, training, acceptance) that asks for "
        "two-factor sign-in (repeatable; also $MOCK_PORTAL_TWO_FACTOR)",
    )
    parser.add_argument("--instance", help="folder of the secret key and the default SQLite file")
    parser.add_argument(
        "--retain-days",
        type=_whole_number(1),
        metavar="N",
        help="once a day, delete what scenarios and trainees made more than N days ago "
        "(accounts, roles, operators, activities, mail...; never the seeded data); also "
        "$MOCK_PORTAL_RETAIN_DAYS. Default: keep everything",
    )
    parser.add_argument(
        "--mailbox-max",
        type=_whole_number(0),
        metavar="N",
        help="mail the mailbox keeps, the newest (also $MOCK_PORTAL_MAILBOX_MAX; default "
        f"{Config.MAILBOX_MAX}, 0: no limit)",
    )
    parser.add_argument(
        "--admin", action="store_true", help="switch the test-control API (/__admin) on"
    )
    parser.add_argument(
        UNSAFE_ADMIN_FLAG,
        action="store_true",
        dest="expose_admin",
        help="allow --admin on an address other than loopback: anyone who reaches the "
        "portal can then reset it, move its clock and read every mail",
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m mock_portal", description="Serve the EU Login and TRACES NT mock."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=5000, help="port (0 picks a free one)")
    parser.add_argument(
        "--classroom",
        action="store_true",
        help="shared use: each browser's mailbox shows only its own accounts' mail",
    )
    add_portal_options(parser)
    return parser.parse_args(argv)


def is_loopback(host: str) -> bool:
    """Whether ``host`` can be reached from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """Whether ``host`` means every address of the machine."""
    return host in {"0.0.0.0", "::", ""}


class StartRefused(SystemExit):
    """The options ask for something unsafe or impossible; the message says why."""

    def __init__(self, message: str):
        super().__init__(f"error: {message}")


def check_start(args: argparse.Namespace) -> None:
    """Refuse what cannot work or is unsafe, before any work: the control API on a network
    address without the loud flag, every address without a public URL, a bad public URL."""
    if args.admin and not is_loopback(args.host) and not args.expose_admin:
        raise StartRefused(
            f"--admin on {args.host} would let anyone on the network reset the portal, move "
            f"its clock and read every mail. Serve on 127.0.0.1, or add {UNSAFE_ADMIN_FLAG} "
            "if that is really what you want."
        )
    if args.public_url:
        try:
            checked_public_url(args.public_url)
        except ValueError as exc:
            raise StartRefused(str(exc)) from None
    elif is_wildcard(args.host):
        raise StartRefused(
            f"--host {args.host or '0.0.0.0'} listens on every address: say with --public-url "
            "which one people type, such as http://192.168.1.20:5000"
        )


def portal_config(args: argparse.Namespace) -> dict:
    """The portal settings the shared options ask for (only those given)."""
    config: dict = {}
    if args.db:
        config["SQLALCHEMY_DATABASE_URI"] = args.db
    if args.seed is not None:
        config["FAKER_SEED"] = args.seed
    if args.admin:
        config["ADMIN_API"] = True
    if getattr(args, "classroom", False):
        config["CLASSROOM"] = True
    if args.instance:
        config["INSTANCE_PATH"] = args.instance
    if args.allowed_host:
        config["ALLOWED_HOSTS"] = list(args.allowed_host)
    if args.two_factor:
        config["TWO_FACTOR_ENVIRONMENTS"] = sorted(set(args.two_factor))
    if args.service:
        config["CAS_SERVICES"] = [*Config.CAS_SERVICES, *args.service]
    if args.retain_days is not None:
        config["RETAIN_DAYS"] = args.retain_days
    if args.mailbox_max is not None:
        config["MAILBOX_MAX"] = args.mailbox_max
    return config


def public_url_for(args: argparse.Namespace, port: int) -> str:
    """The public URL asked for, else the address listened on (``check_start`` first)."""
    if args.public_url:
        return checked_public_url(args.public_url)
    host = f"[{args.host}]" if ":" in args.host else args.host
    return f"http://{host}:{port}"


def keeps_its_own_secret() -> bool:
    """Whether the secret key is given by the environment rather than made at each start."""
    return bool(os.environ.get("MOCK_PORTAL_SECRET_KEY"))


def print_addresses(base: str, admin: bool) -> None:
    """The entry pages, for the person who started the portal."""
    print(f"EU Login:        {base}/cas/login", flush=True)
    for environment in ENVIRONMENTS:
        print(f"TRACES NT {environment.code:<11} {base}{environment.prefix}/login", flush=True)
    print(f"Mailbox:         {base}/mailbox/", flush=True)
    print(f"Control API:     {base}/__admin/" if admin else "Control API:     off", flush=True)


def main(argv: list[str] | None = None) -> None:
    """Start the portal and print the addresses of its entry pages."""
    args = parse_args(argv)
    check_start(args)
    app = create_app(portal_config(args))
    if not keeps_its_own_secret():
        # Each start signs with a new key: sessions of an earlier start open nothing.
        app.config["SECRET_KEY"] = renew_secret_key(app.instance_path)
    server = make_server(args.host, args.port, app, threaded=True)
    base = app.config["PUBLIC_URL"] = public_url_for(args, server.port)
    print_addresses(base, args.admin)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
