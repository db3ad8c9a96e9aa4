"""Which services EU Login may send a ticket to.

Only registered services get a redirect: ``service`` must never turn the
sign-in page into an open redirect.
"""

from urllib.parse import urlencode, urlsplit, urlunsplit

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
    # The origin must match exactly: a prefix written without its final "/" must not
    # let "http://host:5000@elsewhere/" or "http://host:50001/" through.
    return any(
        (parts.scheme, parts.netloc) == urlsplit(prefix)[:2] and service.startswith(prefix)
        for prefix in _registered_prefixes()
    )


def with_query(url: str, **params: str) -> str:
    """``url`` with ``params`` appended to its query string (before any fragment)."""
    parts = urlsplit(url)
    query = f"{parts.query}&{urlencode(params)}" if parts.query else urlencode(params)
    return urlunsplit(parts._replace(query=query))
