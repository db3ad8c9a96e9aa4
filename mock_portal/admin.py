"""The test-control API, like Mailpit's and WireMock's: off unless switched on.

Every route answers 404 while ``ADMIN_API`` is off, so a portal started
without ``--admin`` cannot be reset or have its clock moved. When it is on, a web
page of another site must not be able to use it through a visitor's browser: a
change needs a JSON body or the ``X-Mock-Portal-Control`` header (neither of which
a cross-site form can send), and a request that says it comes from another origin
is refused.
"""

from datetime import UTC, datetime, timedelta

from flask import Blueprint, abort, current_app, request

from . import clock, retention
from .eulogin import devices
from .eulogin.accounts import AccountError, create_activated_account, find_account, set_groups
from .eulogin.models import PasswordLink, PendingSignIn
from .extensions import db
from .guards import has_control_characters
from .mobile_app.models import install
from .mobile_app.views import COOKIE as INSTALLATION_COOKIE
from .models import Mail
from .public_url import public_origin
from .seed import reset_portal
from .traces.environments import ENVIRONMENTS
from .traces.preconditions import (
    PreconditionError,
    added_activity,
    created_company,
    section_and_activity,
    validated_role,
)
from .traces.roles import NotAllowed, RoleError

bp = Blueprint("admin", __name__, url_prefix="/__admin")

CONTROL_HEADER = "X-Mock-Portal-Control"
MAX_GROUPS = 100
# A century: any longer is surely a mistake.
MAX_PURGE_DAYS = 36_500


@bp.before_request
def only_when_switched_on():
    if not current_app.config["ADMIN_API"]:
        abort(404)


@bp.before_request
def only_from_this_site():
    origin = request.headers.get("Origin")
    if origin is not None and origin != public_origin():
        abort(403, description=f"The control API does not answer pages of {origin[:100]}.")
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        abort(403, description="The control API does not answer pages of other sites.")
    if request.method not in {"GET", "HEAD", "OPTIONS"} and not (
        request.is_json or request.headers.get(CONTROL_HEADER)
    ):
        abort(
            400,
            description=f"Send a JSON body (Content-Type: application/json) or the "
            f"{CONTROL_HEADER} header.",
        )


def _json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, description="Send a JSON object as the request body.")
    return body


@bp.get("/")
def index():
    """What the control API offers."""
    return {
        "reset": "POST /__admin/reset",
        "clock": "GET|POST /__admin/clock (advance_minutes, advance_seconds, now, freeze)",
        "mails": "GET|DELETE /__admin/mails?to=<address>",
        "users": "POST /__admin/users",
        "groups": 'GET|PUT /__admin/users/<email>/groups ({"groups": [...]})',
        "password_links": 'POST /__admin/users/<email>/password-links/age ({"minutes": 91})',
        "devices": 'GET|POST /__admin/users/<email>/devices ({"name": "Phone", "pin": "2580"})',
        "sign_in_requests": 'POST /__admin/users/<email>/sign-in-requests/age ({"minutes": 6})',
        "roles": "POST /__admin/environments/<env>/roles (email, operator, country, authority)",
        "operators": "POST /__admin/environments/<env>/operators (email, operator, section, "
        "activity_type, authority)",
        "activities": "POST /__admin/environments/<env>/activities (operator, country, section, "
        "activity_type)",
        "purge": 'POST /__admin/purge ({"older_than_days": 30}; default --retain-days)',
        "captcha_code": current_app.config["TEST_CAPTCHA_CODE"],
    }


@bp.post("/reset")
def reset():
    """Restore the seeded state: data, mail and clock."""
    reset_portal()
    return {"status": "reset", "now": clock.now().isoformat(timespec="seconds") + "Z"}


@bp.post("/purge")
def purge():
    """Delete what scenarios and trainees made more than ``{"older_than_days": N}`` days ago
    (by default the portal's ``--retain-days``); the seeded data stays. Answers the counts."""
    # No body (the control header alone) takes the default; any other body must say what it
    # wants, or a typo in it would purge with the default. (A form body is read already: the
    # guards look into forms.)
    sent = request.content_length or request.get_data() or request.form
    body = _json_body() if sent else {}
    days = body.get("older_than_days", current_app.config.get("RETAIN_DAYS"))
    if days is None:
        abort(400, description="Give older_than_days, or start the portal with --retain-days.")
    if (
        isinstance(days, bool)
        or not isinstance(days, int | float)
        or not 0 <= days <= MAX_PURGE_DAYS
    ):
        abort(400, description=f"older_than_days must be a number from 0 to {MAX_PURGE_DAYS}.")
    older_than, deleted = retention.purge_older_than_days(days)
    return {
        "older_than": older_than.isoformat(timespec="seconds") + "Z",
        "older_than_days": days,
        "deleted": deleted,
    }


def _clock_state() -> dict:
    return {
        "now": clock.now().isoformat(timespec="seconds") + "Z",
        "offset_seconds": round(clock.offset().total_seconds(), 3),
        "frozen": clock.is_frozen(),
    }


@bp.get("/clock")
def read_clock():
    """The portal's time and how far it was moved."""
    return _clock_state()


@bp.post("/clock")
def move_clock():
    """Move the clock: ``{"advance_minutes": 91}``, ``{"advance_seconds": 30}``, ``{"now": ISO}``;
    ``{"freeze": true}`` stops it (with or without a move), ``{"freeze": false}`` restarts it."""
    body = _json_body()
    if "freeze" in body and not isinstance(body["freeze"], bool):
        abort(400, description="freeze must be true or false.")
    try:
        if "now" in body:
            moment = datetime.fromisoformat(str(body["now"]).removesuffix("Z"))
            if moment.tzinfo is not None:
                moment = moment.astimezone(UTC)
            clock.set_now(moment.replace(tzinfo=None))
        elif "advance_minutes" in body or "advance_seconds" in body:
            seconds = float(body.get("advance_seconds", 0)) + 60 * float(
                body.get("advance_minutes", 0)
            )
            delta = timedelta(seconds=seconds)
            clock.now() + delta  # out of the calendar: refuse it before it is stored
            clock.advance(delta)
        elif "freeze" not in body:
            abort(400, description="Give one of advance_minutes, advance_seconds, now or freeze.")
    except (TypeError, ValueError, OverflowError) as exc:
        abort(400, description=f"Not a valid time or duration: {exc}")
    if "freeze" in body:
        clock.freeze(body["freeze"])
    return _clock_state()


@bp.get("/mails")
def list_mails():
    """Captured mail as JSON, oldest first, optionally for one recipient (``?to=``)."""
    query = db.select(Mail).order_by(Mail.id)
    if recipient := request.args.get("to", "").strip().lower():
        query = query.where(Mail.recipient == recipient)
    return {"mails": [mail.as_json() for mail in db.session.scalars(query)]}


@bp.delete("/mails")
def delete_mails():
    """Empty the mailbox."""
    deleted = db.session.execute(db.delete(Mail)).rowcount
    db.session.commit()
    return {"deleted": deleted}


@bp.post("/users")
def create_user():
    """Create an activated EU Login account, for scenarios that skip registration."""
    body = _json_body()

    def text(name: str, default: str = "") -> str:
        # A number or null where a string belongs breaks the rules like an empty field.
        value = body.get(name, default)
        return value if isinstance(value, str) else ""

    try:
        account = create_activated_account(
            email=text("email"),
            first_name=text("first_name"),
            last_name=text("last_name"),
            password=text("password"),
            mail_language=text("mail_language", "en") or "en",
        )
    except AccountError as exc:
        return {"error": "Bad Request", "reason": str(exc)}, exc.status
    if "groups" in body:
        set_groups(account, _group_names(body["groups"]))
    return {"uid": account.uid, "email": account.email, "groups": account.group_names}, 201


def _group_names(value) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        abort(400, description="groups must be a list of names.")
    names = sorted({name.strip() for name in value if name.strip()})
    if len(names) > MAX_GROUPS or any(
        len(name) > 100 or has_control_characters(name) for name in names
    ):
        abort(400, description=f"At most {MAX_GROUPS} groups, each of 100 printable characters.")
    return names


def _account(email: str):
    account = find_account(email)
    if account is None:
        abort(404, description=f"No EU Login account for {email[:254]!r}.")
    return account


@bp.get("/users/<path:email>/groups")
def read_groups(email: str):
    """The groups of an account, as EU Login's validation gives them."""
    return {"email": email, "groups": _account(email).group_names}


@bp.put("/users/<path:email>/groups")
def replace_groups(email: str):
    """Give an account exactly these groups: ``{"groups": ["TRACES_EXPORTERS", ...]}``."""
    account = _account(email)
    set_groups(account, _group_names(_json_body().get("groups")))
    return {"email": account.email, "groups": account.group_names}


# Two days: past every expiry a scenario tests, within any calendar.
MAX_AGE_MINUTES = 2 * 24 * 60


def _age_minutes() -> float:
    minutes = _json_body().get("minutes")
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int | float)
        or not 0 <= minutes <= MAX_AGE_MINUTES
    ):
        abort(400, description=f"minutes must be a number from 0 to {MAX_AGE_MINUTES}.")
    return minutes


def _made_older(records, minutes: float) -> int:
    aged = 0
    for record in records:
        record.created_at -= timedelta(minutes=minutes)
        aged += 1
    db.session.commit()
    return aged


@bp.post("/users/<path:email>/password-links/age")
def age_password_links(email: str):
    """Make an account's password links ``{"minutes": 91}`` older, as if sent that long ago.

    Unlike moving the clock, this touches one account only: scenarios that share a portal
    (parallel workers, CI jobs, a classroom) can each age their own mail's link."""
    account = _account(email)
    minutes = _age_minutes()
    links = db.session.scalars(db.select(PasswordLink).where(PasswordLink.account == account))
    return {"email": account.email, "aged_links": _made_older(links, minutes), "minutes": minutes}


@bp.post("/users/<path:email>/sign-in-requests/age")
def age_sign_in_requests(email: str):
    """Make the account's sign-in requests to the EU Login Mobile App ``{"minutes": 6}`` older:
    one left unanswered expires, and nobody else's time moves."""
    account = _account(email)
    minutes = _age_minutes()
    waiting = db.session.scalars(db.select(PendingSignIn).where(PendingSignIn.account == account))
    return {
        "email": account.email,
        "aged_requests": _made_older(waiting, minutes),
        "minutes": minutes,
    }


def _device(device) -> dict:
    return {
        "identifier": device.identifier,
        "name": device.name,
        "added_at": device.created_at.isoformat(timespec="seconds") + "Z",
        "blocked": not device.usable,
    }


@bp.get("/users/<path:email>/devices")
def read_devices(email: str):
    """The mobile devices of an account."""
    account = _account(email)
    return {"email": account.email, "devices": [_device(d) for d in account.devices]}


@bp.post("/users/<path:email>/devices")
def add_device(email: str):
    """``{"name": "Phone", "pin": "2580"}``: a device added by the rules of «Add a mobile
    device», held by a new installation of the app. The answer gives the key its one-time
    passwords come from, and the cookie that makes a browser that phone."""
    account = _account(email)
    body = _json_body()
    name, pin = body.get("name", "EU Login Mobile App"), body.get("pin")
    if not isinstance(name, str) or not 0 < len(name.strip()) <= devices.DEVICE_NAME_LENGTH:
        abort(400, description=f"name must be 1 to {devices.DEVICE_NAME_LENGTH} characters.")
    if has_control_characters(name):
        abort(400, description="name must be printable.")
    if not isinstance(pin, str) or not devices.is_pin(pin):
        abort(400, description="pin must be four digits.")
    answer = devices.confirm_enrolment(devices.start_enrolment(account, name, pin), pin)
    installation = install(answer.device)
    return _device(answer.device) | {
        "key": answer.device.secret,
        "installation": {"cookie": INSTALLATION_COOKIE, "value": installation.id},
    }, 201


# -- Preconditions: states reached through the same rules as the screens ------------------


def _environment(code: str) -> str:
    if code not in {environment.code for environment in ENVIRONMENTS}:
        abort(404, description=f"No TRACES NT environment {code[:40]!r}.")
    return code


def _texts(body: dict, *names: str) -> list[str]:
    values = []
    for name in names:
        value = body.get(name)
        if not isinstance(value, str) or not value.strip() or has_control_characters(value):
            abort(400, description=f"{name} must be a non-empty text.")
        values.append(value.strip()[:254])
    return values


def _reached(reach):
    try:
        return reach()
    except PreconditionError as exc:
        db.session.rollback()
        return {"error": "Bad Request", "reason": str(exc)}, exc.status
    except (RoleError, NotAllowed) as exc:
        db.session.rollback()
        return {"error": "Conflict", "reason": str(exc)}, 409


def _role(role) -> tuple[dict, int]:
    return {
        "role": role.id,
        "status": role.status,
        "operator": role.operator.name,
        "operator_id": role.operator.id,
    }, 201


@bp.post("/environments/<environment>/roles")
def validated_role_of(environment: str):
    """``{"email", "operator", "country", "authority"}``: the user (who signed in there once)
    asks for the Operator role of an existing operator, and the authority validates it."""
    code = _environment(environment)
    body = _json_body()
    email, name, country, authority = _texts(body, "email", "operator", "country", "authority")
    return _reached(lambda: _role(validated_role(code, email, name, country.upper(), authority)))


@bp.post("/environments/<environment>/operators")
def created_company_of(environment: str):
    """``{"email", "operator": {name, country, region, city, postal_code, address, phone,
    eori}, "section", "activity_type", "authority"}``: the user creates the company with its
    first activity and asks for its role; the authority validates the role."""
    code = _environment(environment)
    body = _json_body()
    email, section, activity_type, authority = _texts(
        body, "email", "section", "activity_type", "authority"
    )
    details = body.get("operator")
    if not isinstance(details, dict):
        abort(400, description="operator must be an object of the company's details.")
    return _reached(
        lambda: _role(
            created_company(
                code, email, details, section_and_activity(section, activity_type), authority
            )
        )
    )


@bp.post("/environments/<environment>/activities")
def added_activity_of(environment: str):
    """``{"operator", "country", "section", "activity_type"}``: the operator gets the
    activity, waiting for an authority's validation."""
    code = _environment(environment)
    body = _json_body()
    name, country, section, activity_type = _texts(
        body, "operator", "country", "section", "activity_type"
    )

    def add():
        activity = added_activity(
            code, name, country.upper(), section_and_activity(section, activity_type)
        )
        return {"operator": name, "operator_id": activity.operator_id, "status": "new"}, 201

    return _reached(add)
