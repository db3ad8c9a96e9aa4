"""The welcome page, the CAS callback, the home page and sign-out."""

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..eulogin.assurance import TWO_FACTORS
from ..eulogin.services import with_query
from ..eulogin.tickets import TICKET_PATTERN
from ..extensions import csrf
from ..public_url import external_url
from . import bp
from .auth import current_user, end_session, sign_in, sign_out, signin_required
from .cas_client import CasError, validate_ticket
from .environments import current_environment
from .roles import counters

SAML_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol"
# A LogoutRequest names one ticket in a few hundred bytes; far more is no LogoutRequest.
MAX_LOGOUT_REQUEST = 16 * 1024


def _service_url() -> str:
    # The welcome page is also the CAS callback: EU Login sends the ticket here.
    return external_url(".login")


def _asks_two_factors() -> bool:
    return current_environment().code in current_app.config["TWO_FACTOR_ENVIRONMENTS"]


def _welcome(error: str | None = None, status: int = 200):
    """The welcome page: register in EU Login, or sign in through it."""
    service = _service_url()
    sign_in = {"service": service}
    if _asks_two_factors():
        sign_in["authenticationLevel"] = TWO_FACTORS
    return render_template(
        "traces/welcome.html",
        error=error,
        two_factors=_asks_two_factors(),
        register_url=with_query(url_for("eulogin.register"), service=service),
        sign_in_url=with_query(url_for("eulogin.login"), **sign_in),
    ), status


@bp.get("/login")
def login():
    """Welcome page; with ``ticket``, the end of the EU Login round trip."""
    ticket = request.args.get("ticket")
    if ticket:
        try:
            principal = validate_ticket(ticket, _service_url(), two_factors=_asks_two_factors())
        except CasError as error:
            if error.code == "INVALID_AUTHENTICATION_CONTEXT":
                message = _(
                    "This environment of TRACES NT asks for two-factor sign-in: sign in again "
                    "with the EU Login Mobile App."
                )
            else:
                message = _(
                    "EU Login could not confirm your sign-in (%(reason)s). Please sign in again.",
                    reason=error.code,
                )
            return _welcome(message, status=401)
        sign_in(principal, ticket)
        return redirect(url_for(".home"))
    if current_user() is not None:
        return redirect(url_for(".home"))
    return _welcome()


@bp.post("/login")
@csrf.exempt
def single_logout():
    """EU Login's back-channel ``LogoutRequest``: end the session of that ticket."""
    xml = request.form.get("logoutRequest", "")
    if len(xml) > MAX_LOGOUT_REQUEST:
        abort(413, description="A logoutRequest is a few hundred bytes, not this much.")
    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, DefusedXmlException):
        abort(400, description="logoutRequest must be a SAML LogoutRequest.")
    ticket = (root.findtext(f"{{{SAML_PROTOCOL}}}SessionIndex") or "").strip()
    if not TICKET_PATTERN.match(ticket):
        abort(400, description="logoutRequest names no ticket in its SessionIndex.")
    end_session(ticket)
    return "", 204


@bp.get("/")
@signin_required
def home():
    """The home page of a signed-in user."""
    user = current_user()
    return render_template("traces/home.html", user=user, counts=counters(user))


@bp.get("/logout")
def logout():
    """ "Déconnexion": ends the TRACES NT session, then the EU Login one."""
    sign_out()
    flash(_("You have been signed out."), "success")
    return redirect(with_query(url_for("eulogin.logout"), service=_service_url()))
