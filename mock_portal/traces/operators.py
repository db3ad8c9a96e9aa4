"""The operator register of one environment: search, duplicates, creation."""

from sqlalchemy import Select, func, or_
from sqlalchemy.orm import selectinload

from .. import clock
from ..extensions import db
from ..paging import any_containing
from .models import Operator, OperatorActivity, Organisation


def search_operators(
    environment: str,
    country: str,
    section: str = "",
    activity_type: str = "",
    text: str = "",
) -> Select:
    """Operators of ``country`` matching the filters, by name, as a query to page through."""
    query = db.select(Operator).where(
        Operator.environment == environment, Operator.country == country
    )
    if section or activity_type:
        activity = db.select(OperatorActivity.operator_id).where(
            OperatorActivity.status != "refused"
        )
        if section:
            activity = activity.where(OperatorActivity.section_code == section)
        if activity_type:
            section_code, _sep, activity_code = activity_type.partition(":")
            activity = activity.where(
                OperatorActivity.section_code == section_code,
                OperatorActivity.activity_code == activity_code,
            )
        query = query.where(Operator.id.in_(activity))
    if text := text.strip():
        query = query.where(
            or_(
                any_containing(
                    text, Operator.name, Operator.address, Operator.city, Operator.postal_code
                ),
                # EORI numbers are typed with spaces, and stored without.
                any_containing(text.replace(" ", ""), Operator.eori),
            )
        )
    # The page shows each operator's activities: read for the whole page in one statement,
    # not one a row (a page of a busy portal's search is twenty operators).
    return query.order_by(func.lower(Operator.name), Operator.id).options(
        selectinload(Operator.activities)
    )


def search_organisations(kind: str, country: str = "", text: str = "") -> list[Organisation]:
    """Authorities or control bodies matching a country and a text."""
    query = db.select(Organisation).where(Organisation.kind == kind)
    if country:
        query = query.where(Organisation.country == country)
    if text := text.strip():
        query = query.where(
            any_containing(text, Organisation.name, Organisation.code, Organisation.city)
        )
    return list(db.session.scalars(query.order_by(Organisation.country, Organisation.name)))


def find_duplicate(
    environment: str, eori: str, name: str, address: str, city: str, country: str
) -> tuple[str, Operator] | None:
    """An operator that already has this EORI, or this name at this address."""
    if eori:
        existing = db.session.scalar(
            db.select(Operator).where(Operator.environment == environment, Operator.eori == eori)
        )
        if existing is not None:
            return "eori", existing
    existing = db.session.scalar(
        db.select(Operator).where(
            Operator.environment == environment,
            Operator.country == country,
            func.lower(Operator.name) == name.strip().lower(),
            func.lower(Operator.address) == address.strip().lower(),
            func.lower(Operator.city) == city.strip().lower(),
        )
    )
    return ("name", existing) if existing is not None else None


def create_operator(environment: str, details: dict, section: str, activity_type: str) -> Operator:
    """Register an operator with its first activity, which waits for validation."""
    operator = Operator(environment=environment, created_at=clock.now(), **details)
    _section_code, _sep, activity_code = activity_type.partition(":")
    operator.activities.append(
        OperatorActivity(
            section_code=section, activity_code=activity_code, status="new", created_at=clock.now()
        )
    )
    db.session.add(operator)
    db.session.flush()
    return operator
