"""What the authority's lists have in common: a status filter and a decision button."""

from collections.abc import Callable

from flask import abort, flash, request
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from .forms import ActionForm
from .roles import NotAllowed, RoleError


def status_filter(labels: dict, default: str) -> str:
    """The status chosen in the list's tabs: one of ``labels``, ``all`` or ``default``."""
    status = request.args.get("status", default)
    return status if status in labels or status == "all" else default


def apply_decision(decide: Callable[[], object], done: Callable[[], str]) -> None:
    """Take a decision posted by a button: 403 when it is not the user's to take,
    a message on the next page either way."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        decide()
    except NotAllowed as error:
        abort(403, description=str(error))
    except RoleError as error:
        flash(str(error), "error")
    except StaleDataError:
        db.session.rollback()
        flash(_("Someone else decided on it at the same moment: see its status below."), "error")
    else:
        flash(done(), "success")
