"""Serving the portal from a test process: a real HTTP server on a free local port."""

import threading
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import WSGIRequestHandler, make_server

from . import create_app


class _QuietRequestHandler(WSGIRequestHandler):
    """No access log: a test run's output is for the tests."""

    def log_request(self, code="-", size="-") -> None:
        pass


class LivePortal:
    """A running portal: its base URL and its Flask app."""

    def __init__(self, app, base_url: str):
        self.app = app
        self.base_url = base_url

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` on this portal."""
        return self.base_url + path


@contextmanager
def serve_portal(database_dir: Path, config: dict | None = None):
    """Serve a fresh portal on 127.0.0.1 and a free port until the block ends.

    The server is threaded so that TRACES NT can call EU Login over HTTP while
    a browser request is still open.
    """
    Path(database_dir).mkdir(parents=True, exist_ok=True)
    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(database_dir) / 'portal.db'}",
        "ADMIN_API": True,
    }
    settings.update(config or {})
    app = create_app(settings)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietRequestHandler)
    base_url = f"http://127.0.0.1:{server.port}"
    if "CAS_SERVER_URL" not in settings:
        # Validate tickets over real HTTP, as a separate CAS client would.
        app.config["CAS_SERVER_URL"] = f"{base_url}/cas"
    thread = threading.Thread(target=server.serve_forever, name="mock-portal", daemon=True)
    thread.start()
    try:
        yield LivePortal(app, base_url)
    finally:
        server.shutdown()
        thread.join(timeout=10)
