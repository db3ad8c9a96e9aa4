"""Remote browsers: connect to Playwright browser servers instead of launching Chromium.

``--browser-server ws://host:port/`` (or ``$PLAYWRIGHT_BROWSER_SERVER``) names one server,
or several separated by commas: a pool, where pytest-xdist worker ``gwN`` takes server
``N mod count``. A server is ``playwright run-server --host HOST --port PORT --unsafe``
(``--unsafe`` lets it launch the Chromium path the suite sends); the path is the server
host's, given by ``--browser-server-chromium`` (default: the Chromium found here).
The browsers must reach the portal: against servers on other hosts, name a shared portal
with ``--base-url``.
"""

from __future__ import annotations

import json
import os

import pytest

SERVER_ENV = "PLAYWRIGHT_BROWSER_SERVER"
SERVER_CHROMIUM_ENV = "PLAYWRIGHT_BROWSER_SERVER_CHROMIUM"
_CONNECT_TIMEOUT_MS = 30_000


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("traces-nt")
    group.addoption(
        "--browser-server",
        default=os.environ.get(SERVER_ENV),
        metavar="WS[,WS...]",
        help=f"connect to these Playwright browser servers (also ${SERVER_ENV}); "
        "pytest-xdist workers share them out",
    )
    group.addoption(
        "--browser-server-chromium",
        default=os.environ.get(SERVER_CHROMIUM_ENV),
        metavar="PATH",
        help="the Chromium of the browser servers' hosts (default: the one found here)",
    )


def browser_servers(config: pytest.Config) -> list[str]:
    """The browser servers named for this run, in order."""
    given = config.getoption("browser_server", None) or ""
    servers = [server.strip() for server in given.split(",") if server.strip()]
    for server in servers:
        if not server.startswith(("ws://", "wss://")):
            raise pytest.UsageError(
                f"--browser-server {server!r}: a Playwright browser server's address starts "
                "with ws:// or wss:// (playwright run-server prints it)."
            )
    return servers


def server_for_worker(servers: list[str], worker: str) -> str:
    """The server of the pool that the xdist worker ``worker`` («gw3») uses."""
    index = int(worker.removeprefix("gw")) if worker.startswith("gw") else 0
    return servers[index % len(servers)]


def pytest_configure(config: pytest.Config) -> None:
    browser_servers(config)  # a bad address is a usage error before anything runs


def pytest_report_header(config: pytest.Config) -> str | None:
    servers = browser_servers(config)
    if not servers:
        return None
    return f"browsers: remote, {len(servers)} server(s): {', '.join(servers)}"


def _camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


def server_launch_options(launch_args: dict) -> str:
    """The launch options a browser server reads, in its own (camelCase) spelling."""
    return json.dumps({_camel_case(name): value for name, value in launch_args.items()})


@pytest.fixture(scope="session")
def connect_options(pytestconfig: pytest.Config, browser_type_launch_args: dict) -> dict | None:
    """pytest-playwright connects to the worker's browser server when one is named."""
    servers = browser_servers(pytestconfig)
    if not servers:
        return None
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return {
        "endpoint": server_for_worker(servers, worker),
        "timeout": _CONNECT_TIMEOUT_MS,
        # pytest-playwright sends the options with Python's names (executable_path), which
        # the server does not read: the path would be lost and Playwright's own looked for.
        "headers": {"x-playwright-launch-options": server_launch_options(browser_type_launch_args)},
    }
