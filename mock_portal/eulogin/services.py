"""Which services EU Login may send a ticket to.

Only registered services get a redirect: ``service`` must never turn the sign-in page
into an open redirect. The TRACES NT environments of this portal are always
registered, at the portal's public address; ``CAS_SERVICES`` (``--service``) adds
other clients' URL prefixes.
"""

from urllib.parse import urlencode, urlsplit, urlunsplit

from flask import abort, current_app, request
from flask_babel import gettext as _

from ..guards import checked_redirect_target, has_control_characters
from ..public_url import public_origin

# Service addresses are stored with their tickets; longer ones are no address a browser sends.
MAX_SERVICE_LENGTH = 2000


def registered_prefixes() -> list[str]:
    """The URL prefixes of every registered CAS service."""
    from ..traces.environments import ENVIRONMENTS

    base = public_origin()
    own = [f"{base}{environment.prefix}/" for environment in ENVIRONMENTS]
    return own + list(current_app.config["CAS_SERVICES"])


def is_registered(service: str | None) -> bool:
    """Whether ``service`` belongs to a registered CAS client."""
    if not service or len(service) > MAX_SERVICE_LENGTH or has_control_characters(service):
        return False
    parts = urlsplit(service)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return False
    # The origin must match exactly: a prefix written without its final "/" must not
    # let "http://host:5000@elsewhere/" or "http://host:50001/" through.
    return any(
        (parts.scheme, parts.netloc) == urlsplit(prefix)[:2] and service.startswith(prefix)
        for prefix in registered_prefixes()
    )


def requested_service(source=None) -> str | None:
    """The ``service`` a request names, or None; 400 if it cannot be an address at all."""
    service = (source if source is not None else request.args).get("service") or None
    checked_redirect_target(
        service, lambda: _("The address of the service contains control characters.")
    )
    if service and len(service) > MAX_SERVICE_LENGTH:
        abort(400, description=_("The address of the service is too long."))
    return service


def with_query(url: str, **params: str) -> str:
    """``url`` with ``params`` appended to its query string (before any fragment)."""
    parts = urlsplit(url)
    query = f"{parts.query}&{urlencode(params)}" if parts.query else urlencode(params)
    return urlunsplit(parts._replace(query=query))
