"""Lists that grow with use, a page at a time: the database pages them (a count, then
LIMIT/OFFSET), never Python, so that a portal shared for a year answers as fast as a new one.
"""

from math import ceil

from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import lazyload

from .extensions import db
from .guards import page_number, page_or_none

# Longest text a list's search field takes; more is cut, never refused.
SEARCH_LENGTH = 100


def page_of(query: Select, per_page: int | None = None) -> Pagination:
    """The page of ``query`` the address asks for (``?page=``; ``PAGE_SIZE`` rows a page).

    A page past the end (the list shrank, or the address was typed) shows the last page
    rather than an empty one; a page number that is no number is refused (400) by
    :func:`page_number`."""
    per_page = per_page or current_app.config["PAGE_SIZE"]
    asked = page_number()
    # Counted first, so that a page past the end is known before any row is read.
    rows = query.options(lazyload("*")).order_by(None).subquery()
    total = db.session.scalar(select(func.count()).select_from(rows))
    last = max(ceil(total / per_page), 1)
    pages = db.paginate(
        query,
        page=min(asked, last),
        per_page=per_page,
        error_out=False,
        max_per_page=None,
        count=False,
    )
    pages.total = total
    return pages


def search_text(name: str = "q") -> str:
    """The text typed in a list's search field, trimmed."""
    return request.args.get(name, "").strip()[:SEARCH_LENGTH]


def any_containing(text: str, *columns) -> ColumnElement[bool]:
    """Rows where one of ``columns`` holds ``text`` as typed, whatever the case (a ``%`` or
    ``_`` in it is no wildcard). Case is folded in any alphabet on both databases: SQLite's
    own ``lower``, ASCII only, is replaced (see :mod:`mock_portal.database`)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(*(column.ilike(f"%{escaped}%", escape="\\") for column in columns))


def kept_list_args(**defaults: str) -> dict[str, str]:
    """The status, search text and page of the list a decision was taken from, to go back
    to it as it was (a page the list would refuse, by :func:`page_or_none`, is left out)."""
    kept = {name: request.args.get(name, default) for name, default in defaults.items()}
    if text := search_text():
        kept["q"] = text
    page = page_or_none(request.args.get("page"))
    if page is not None and page > 1:
        kept["page"] = str(page)
    return kept
