"""Which services EU Login may send a ticket to.

Only registered services get a redirect: ``service`` must never turn the
sign-in page into an open redirect.
"""

from urllib.parse import urlsplit

from flask import current_app, request


def _registered_prefixes() -> list[str]:
    configured = current_app.config["CAS_SERVICES"]
    if configured is not None:
        return list(configured)
    from ..traces.environments import ENVIRONMENTS

    base = request.host_url.rstrip("/")
    return [f"{base}{environment.prefix}/" for environment in ENVIRONMENTS]


def is_registered(service: str | None) -> bool:
    """Whether ``service`` belongs to a registered CAS client."""
    if not service:
        return False
    parts = urlsplit(service)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return False
    return any(service.startswith(prefix) for prefix in _registered_prefixes())


def with_query(url: str, **params: str) -> str:
    """``url`` with ``params`` appended to its query string."""
    from urllib.parse import urlencode

    separator = "&" if urlsplit(url).query else "?"
    return f"{url}{separator}{urlencode(params)}"
