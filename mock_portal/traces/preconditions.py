"""States that scenarios reach in one call of the control API instead of through screens.

A role validated by an authority, a company created with its role, an activity added:
each goes through the same rules as the screens (``request_role``, ``decide``,
``create_operator``, ``add_activity``), so the state, the mail and the notifications are
those the screens would leave. Only the browser's round trips are saved.
"""

from __future__ import annotations

import re

from ..extensions import db
from .activities import add_activity
from .models import Operator, OperatorActivity, Organisation, Role, TracesUser
from .operators import create_operator, find_duplicate
from .referential import country_codes, is_eori_country, section
from .roles import decide, request_role


class PreconditionError(ValueError):
    """A precondition that cannot be reached; ``status`` is the HTTP answer (400, 404, 409)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


_CODE_IN_LABEL = re.compile(r"\(([^()]+)\)\s*$")
OPERATOR_FIELDS = ("name", "region", "city", "postal_code", "address", "phone", "eori")


def traces_user(environment: str, email: str) -> TracesUser:
    """The user of ``email`` in ``environment``: known once they signed in there."""
    user = db.session.scalar(
        db.select(TracesUser).where(
            TracesUser.environment == environment, db.func.lower(TracesUser.email) == email.lower()
        )
    )
    if user is None:
        raise PreconditionError(
            f"{email[:254]!r} has never signed in to TRACES NT {environment}: sign in first.", 404
        )
    return user


def _authority_user(environment: str, code: str) -> TracesUser:
    user = db.session.scalar(
        db.select(TracesUser)
        .join(Role, Role.user_id == TracesUser.id)
        .join(Organisation, Role.organisation_id == Organisation.id)
        .where(
            Role.environment == environment,
            Role.kind == "authority",
            Role.status == "valid",
            Organisation.code == code.upper(),
        )
    )
    if user is None:
        raise PreconditionError(f"No authority {code[:40]!r} in {environment}.", 404)
    return user


def _operator(environment: str, name: str, country: str) -> Operator:
    found = db.session.scalars(
        db.select(Operator).where(
            Operator.environment == environment, Operator.name == name, Operator.country == country
        )
    ).all()
    if len(found) != 1:
        state = "No" if not found else "More than one"
        raise PreconditionError(f"{state} operator {name[:200]!r} in {country}.", 404)
    return found[0]


def section_and_activity(section_text: str, activity_text: str) -> tuple[str, str]:
    """A section named by code or label (``… (EUPO)``) and its activity type named by code or
    name: ``("EUPO", "EUPO:professional_operator…")``."""
    match = _CODE_IN_LABEL.search(section_text or "")
    chosen = section(section_text) or section(match.group(1) if match else None)
    if chosen is None:
        raise PreconditionError(f"No section {section_text[:200]!r}.")
    for activity in chosen.activity_types:
        if activity_text in (activity.code, activity.name_en, activity.name_fr):
            return chosen.code, f"{chosen.code}:{activity.code}"
    raise PreconditionError(f"No activity type {activity_text[:200]!r} in {chosen.code}.")


def validated_role(
    environment: str, email: str, operator_name: str, country: str, authority: str
) -> Role:
    """``email`` asks for the Operator role of an existing operator; ``authority`` validates."""
    if country not in country_codes():
        raise PreconditionError(f"No country {country[:10]!r}.")
    user = traces_user(environment, email)
    operator = _operator(environment, operator_name, country)
    validator = _authority_user(environment, authority)
    return decide(validator, request_role(user, operator=operator), "validate")


def created_company(
    environment: str, email: str, details: dict, activity: tuple[str, str], authority: str
) -> Role:
    """``email`` creates a company with its first activity and asks for its role, which
    ``authority`` validates, as «+ Créer un nouvel opérateur» then the authority would."""
    country = details.get("country", "")
    if country not in country_codes():
        raise PreconditionError(f"No country {str(country)[:10]!r}.")
    clean = {"country": country}
    for name in OPERATOR_FIELDS:
        value = details.get(name, "")
        if not isinstance(value, str) or len(value) > 200:
            raise PreconditionError(f"{name} must be a text of at most 200 characters.")
        clean[name] = value.strip() or None
    if not clean["name"] or not clean["city"] or not clean["address"]:
        raise PreconditionError("name, city and address are mandatory.")
    if clean["eori"] and not is_eori_country(clean["eori"]):
        raise PreconditionError(f"The EORI number {clean['eori']!r} names no country.")
    twin = find_duplicate(
        environment, clean["eori"], clean["name"], clean["address"], clean["city"], country
    )
    if twin is not None:
        raise PreconditionError(f"The operator {twin[1].name!r} exists already ({twin[0]}).", 409)
    user = traces_user(environment, email)
    validator = _authority_user(environment, authority)
    section_code, activity_type = activity
    operator = create_operator(environment, clean, section_code, activity_type)
    return decide(validator, request_role(user, operator=operator), "validate")


def added_activity(
    environment: str, operator_name: str, country: str, activity: tuple[str, str]
) -> OperatorActivity:
    """The operator gets the activity, waiting for validation, as «+ Ajouter une activité»."""
    section_code, activity_type = activity
    operator = _operator(environment, operator_name, country)
    return add_activity(operator, section_code, activity_type, "")
