"""``python -m mock_portal``: serve EU Login and TRACES NT on one local port."""

import argparse
import contextlib

from werkzeug.serving import make_server

from . import create_app
from .traces.environments import ENVIRONMENTS


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m mock_portal", description="Serve the EU Login and TRACES NT mock."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=5000, help="port (0 picks a free one)")
    parser.add_argument(
        "--db", help="SQLAlchemy URL; default an SQLite file in the instance folder"
    )
    parser.add_argument("--seed", type=int, help="Faker seed of the generated data")
    parser.add_argument(
        "--admin", action="store_true", help="switch the test-control API (/__admin) on"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Start the portal and print the addresses of its entry pages."""
    args = parse_args(argv)
    config: dict = {}
    if args.db:
        config["SQLALCHEMY_DATABASE_URI"] = args.db
    if args.seed is not None:
        config["FAKER_SEED"] = args.seed
    if args.admin:
        config["ADMIN_API"] = True
    app = create_app(config)
    server = make_server(args.host, args.port, app, threaded=True)
    base = f"http://{'127.0.0.1' if args.host in {'0.0.0.0', '::'} else args.host}:{server.port}"
    print(f"EU Login:        {base}/cas/login", flush=True)
    for environment in ENVIRONMENTS:
        print(f"TRACES NT {environment.code:<11} {base}{environment.prefix}/login", flush=True)
    print(f"Mailbox:         {base}/mailbox/", flush=True)
    print(f"Control API:     {base}/__admin/" if args.admin else "Control API:     off", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
