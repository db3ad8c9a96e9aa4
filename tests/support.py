"""Reading the portal's answers: CAS XML and redirects; signing in over HTTP.

HTML pages are read with :mod:`tests.html_page`.
"""

import contextlib
import re
import threading
from collections.abc import Iterator
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psutil
import requests
from lxml import etree
from sqlalchemy import event

from mock_portal.eulogin import responses
from mock_portal.eulogin.assurance import VALIDATION_LEVELS
from mock_portal.eulogin.tickets import CAS_NAMESPACE
from mock_portal.extensions import db
from mock_portal.testing import SHUTDOWN_POLL_SECONDS

from .html_page import Page

CAS_NS = {"cas": CAS_NAMESPACE}
# EU Login's own envelope: its validation endpoints answer in this namespace.
ECAS_NS = {"cas": responses.ECAS_NAMESPACE}
TICKET = re.compile(r"^ST-[A-Za-z0-9-]+$")
SCHEMAS = Path(responses.__file__).with_name("schemas")


def runs(pid: int) -> bool:
    """Whether process ``pid`` runs: neither gone nor a zombie its parent has not reaped."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def statements_with_parameters(app, action) -> list[tuple[str, object]]:
    """The SQL ``action`` sends to ``app``'s database, as sent, each with its parameters."""
    sent = []

    def record(_conn, _cursor, statement, parameters, *_args):
        sent.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return sent


def statements_sent(app, action) -> list[str]:
    """The SQL ``action`` sends to ``app``'s database, upper-cased on one line each."""
    return [
        " ".join(statement.split()).upper()
        for statement, _ in statements_with_parameters(app, action)
    ]


def ticket_from(location: str) -> str:
    """The ``ticket`` parameter of a redirect to a CAS service."""
    [ticket] = parse_qs(urlsplit(location).query)["ticket"]
    return ticket


@cache
def schema(name: str) -> etree.XMLSchema:
    """One of the XML schemas the mock's answers follow (``mock_portal/eulogin/schemas``)."""
    return etree.XMLSchema(etree.parse(SCHEMAS / name))


def is_eu_login_endpoint(path: str) -> bool:
    """Whether ``path`` is one of EU Login's own validation endpoints (``/cas/laxValidate``...)."""
    return path.rsplit("/", 1)[-1] in VALIDATION_LEVELS


def cas_xml(response) -> etree._Element:
    """The ``cas:serviceResponse`` of a validation answer, in the namespace its endpoint
    answers in (EU Login's for its own endpoints, the specification's otherwise) and valid
    against that namespace's schema: a namespace-checking reader, as strict clients are."""
    if is_eu_login_endpoint(response.request.path):
        namespace, schema_name = responses.ECAS_NAMESPACE, "eu-login.xsd"
    else:
        namespace, schema_name = CAS_NAMESPACE, "cas-3.0.xsd"
    root = etree.fromstring(response.get_data())
    assert root.tag == f"{{{namespace}}}serviceResponse", root.tag
    schema(schema_name).assertValid(root)
    return root


def failure_code(root: etree._Element) -> str:
    """The code of an ``authenticationFailure``; fails the test on a success."""
    failure = root.find(f"{{{etree.QName(root).namespace}}}authenticationFailure")
    assert failure is not None, etree.tostring(root)
    return failure.get("code")


def http_sign_in(
    base_url: str, email: str, password: str, service: str, session=None
) -> requests.Response:
    """Sign in to a live portal's EU Login the way a browser does (in ``session`` if given);
    the redirect is not followed."""
    browser = session or requests.Session()
    login = f"{base_url}/cas/login"
    params = {"service": service}
    form = Page(browser.get(login, params=params, timeout=10).text)
    identified = browser.post(
        login,
        params=params,
        data={"csrf_token": form.csrf_token(), "email": email},
        timeout=10,
    )
    password_form = Page(identified.text)
    return browser.post(
        login,
        params=params,
        data={"csrf_token": password_form.csrf_token(), "email": email, "password": password},
        allow_redirects=False,
        timeout=10,
    )


def at_once(calls) -> list:
    """Run every call in its own thread, all released at the same moment; their results."""
    start, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        start.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def everyone_past(check, parties: int):
    """``check``, made to let every one of ``parties`` requests through before any of them
    goes on: the unluckiest timing, every time. Only the database can then stop twins."""
    together = threading.Barrier(parties, timeout=15)

    def checked(*args, **kwargs):
        result = check(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            together.wait()
        return result

    return checked


@contextlib.contextmanager
def served_locally(handler) -> Iterator[str]:
    """``handler`` (a request handler class) served on 127.0.0.1 at a free port, in a thread,
    for the block: the server's base URL, ending in ``/``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, args=(SHUTDOWN_POLL_SECONDS,), daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class ProxyCallback:
    """A proxy callback on 127.0.0.1 that keeps what EU Login sends it."""

    def __init__(self, status: int = 200):
        self.received: list[dict] = []
        self.status = status
        callback = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                callback.received.append(
                    {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                )
                self.send_response(callback.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self._serving = contextlib.ExitStack()
        self.base_url = self._serving.enter_context(served_locally(Handler))
        self.url = f"{self.base_url}pgt-callback"

    def stop(self):
        self._serving.close()
