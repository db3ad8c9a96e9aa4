"""Property-based tests (Hypothesis) over every form and endpoint of the portal.

Whatever is typed (arbitrary Unicode, control characters, very long values, markup,
SQL-looking text), three things hold: the portal never answers 5xx; markup comes back
escaped wherever it is shown; and a refused request changes nothing already saved.
"""

from __future__ import annotations

import hashlib
import re
import weakref
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from mock_portal.eulogin.models import Account
from mock_portal.extensions import db

# Markup that would run if it came back unescaped, and text that would break naive SQL.
MARKUP = [
    "<script>alert('traces')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "javascript:alert(1)//<b>x</b>",
]
SQL = ["' OR '1'='1", "'; DROP TABLE account; --", '" OR ""="', "%' AND 1=0 UNION SELECT 1 --"]
# Typed by people, so no surrogates (no browser sends one); everything else may come.
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)
LONG_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=250, max_size=5000)
NUMBERISH = st.sampled_from(["0", "-1", "1e400", "nan", "inf", "18446744073709551616", "3.5", ""])
HOSTILE = st.one_of(
    TEXT,
    LONG_TEXT,
    NUMBERISH,
    st.sampled_from(MARKUP + SQL),
    st.tuples(st.sampled_from(MARKUP + SQL), TEXT).map("".join),
)
# Volatile by design: a refused registration draws a new captcha, a wrong password counts.
_VOLATILE = {
    "captcha": None,
    "account": {"failed_sign_ins", "last_failed_sign_in_at", "locked_until"},
}


def fingerprint(app) -> str:
    """A digest of everything the portal has saved, volatile records aside."""
    digest = hashlib.sha256()
    with app.app_context():
        connection = db.session.connection()
        for table in db.metadata.sorted_tables:
            if table.name in _VOLATILE and _VOLATILE[table.name] is None:
                continue
            digest.update(f"{table.name}\n{_rows_as_text(connection, table)}\n".encode())
        db.session.remove()
    return digest.hexdigest()


def _rows_as_text(connection, table) -> str:
    """The table's rows, volatile columns aside, in the order of their key, as the database
    writes them out: one query a table, and no row through Python (a seeded portal has
    thousands, read before and after each example). PostgreSQL digests them itself."""
    quote = connection.dialect.identifier_preparer.quote
    skipped = _VOLATILE.get(table.name) or set()
    columns = [quote(column.name) for column in table.columns if column.name not in skipped]
    order = ", ".join(quote(column.name) for column in table.primary_key.columns)
    name = quote(table.name)
    if connection.dialect.name == "postgresql":
        row = f"CAST(ROW({', '.join(columns)}) AS text)"
        sql = f"SELECT md5(coalesce(string_agg({row}, E'\\n' ORDER BY {order}), '')) FROM {name}"
    else:
        line = " || ',' || ".join(f"quote({column})" for column in columns)
        sql = (
            f"SELECT coalesce(group_concat(line, char(10)), '') "
            f"FROM (SELECT {line} AS line FROM {name} ORDER BY {order})"
        )
    return connection.exec_driver_sql(sql).scalar_one()


@dataclass
class Target:
    """One form or endpoint: how to send it, and the fields a person (or a script) fills."""

    name: str
    method: str
    path: str
    fields: tuple[str, ...]
    who: str = "anyone"  # anyone, marie (signed in, valid role for PAT), authority, sso
    fixed: dict = field(default_factory=dict)
    json: bool = False


TARGETS = [
    Target(
        "registration",
        "POST",
        "/cas/eim/external/register.cgi",
        ("first_name", "last_name", "email", "email_confirmation", "mail_language", "captcha",
         "privacy", "service"),
        fixed={"action": "register"},
    ),
    Target("sign-in address", "POST", "/cas/login", ("email",), fixed={}),
    Target("sign-in password", "POST", "/cas/login", ("email", "password")),
    Target("lost password", "POST", "/cas/init/passwordResetRequest.cgi", ("email",)),
    Target("new password", "POST", "/cas/init/initialisePasswordLogin.cgi", ("token", "password", "confirmation")),
    Target("new link", "POST", "/cas/init/resendPasswordLink.cgi", ("token",)),
    Target("account details", "POST", "/cas/userdata/myAccount.cgi", ("first_name", "last_name", "mail_language"), who="sso"),
    Target("CAS login", "GET", "/cas/login", ("service", "renew", "gateway")),
    Target("CAS logout", "GET", "/cas/logout", ("service",)),
    Target("CAS 1.0", "GET", "/cas/validate", ("ticket", "service", "renew")),
    Target("CAS 2.0", "GET", "/cas/serviceValidate", ("ticket", "service", "renew", "pgtUrl")),
    Target("CAS 3.0", "GET", "/cas/p3/serviceValidate", ("ticket", "service", "format")),
    Target("proxy validation", "GET", "/cas/p3/proxyValidate", ("ticket", "service", "pgtUrl", "format", "authenticationLevel")),
    Target("proxy ticket", "GET", "/cas/proxy", ("pgt", "targetService", "format")),
    Target("EU Login validation", "GET", "/cas/laxValidate", ("ticket", "service", "userDetails", "groups", "ticketTypes", "acceptStrengths")),
    Target("mobile app code", "POST", "/cas/login", ("pending", "code")),
    Target("sign-in method", "POST", "/cas/login", ("email", "method", "password"), fixed={}),
    Target("CAS login level", "GET", "/cas/login", ("service", "authenticationLevel")),
    Target("add a mobile device", "POST", "/cas/mobile", ("name", "pin", "pin_confirmation"), who="sso"),
    Target("phone scan", "POST", "/mobile-app/initialise", ("text",)),
    Target("phone sign-in scan", "POST", "/mobile-app/scan", ("text",)),
    Target("control API groups", "PUT", "/__admin/users/zoe@example.com/groups", ("groups",), json=True),
    Target("single logout", "POST", "/tracesnt/login", ("logoutRequest",)),
    Target("traces callback", "GET", "/tracesnt/login", ("ticket",)),
    Target("language", "GET", "/language/fr", ("next",)),
    Target("mailbox", "GET", "/mailbox/", ("to", "page")),
    Target("operator search", "GET", "/tracesnt/roles/new/operator", ("country", "section", "activity_type", "q", "page"), who="marie"),
    Target("tick operators", "POST", "/tracesnt/roles/new/operator", ("operator",), who="marie"),
    Target("organisation search", "GET", "/tracesnt/roles/new/authority", ("country", "q"), who="marie"),
    Target("authorisation request", "POST", "/tracesnt/roles/new/operator/1/request", ("message", "contact_email", "contact_phone", "action"), who="marie"),
    Target(
        "new operator",
        "POST",
        "/tracesnt/operators/new",
        ("name", "country", "region", "city", "postal_code", "address", "phone", "fax", "email",
         "website", "eori", "latitude", "longitude", "section", "activity_type"),
        who="marie",
    ),
    Target(
        "operator details",
        "POST",
        "/tracesnt/operators/{pat}",
        ("name", "country", "region", "city", "postal_code", "address", "phone", "fax", "email",
         "website", "eori", "latitude", "longitude"),
        who="marie",
    ),
    Target("new activity", "POST", "/tracesnt/operators/{pat}/activities/new", ("section", "activity_type", "identifier"), who="marie"),
    Target("preferences", "POST", "/tracesnt/profile/preferences", ("notify_role_status", "notify_new_requests", "notify_activity_status"), who="marie"),
    Target("role decision", "POST", "/tracesnt/role-requests/1/validate", ("status",), who="authority"),
    Target("role requests", "GET", "/tracesnt/role-requests", ("status",), who="authority"),
    Target("activities to validate", "GET", "/tracesnt/activities", ("status",), who="authority"),
    Target("control API users", "POST", "/__admin/users", ("email", "first_name", "last_name", "password", "mail_language"), json=True),
    Target("control API clock", "POST", "/__admin/clock", ("advance_minutes", "advance_seconds", "now", "freeze"), json=True),
    Target("control API mails", "GET", "/__admin/mails", ("to",)),
]  # fmt: skip


@pytest.fixture
def clients(portal, pat_user):
    """The browsers the targets are sent from, each signed in as its target needs."""
    anyone = portal.app.test_client()
    sso = portal.app.test_client()
    portal.create_account("zoe@example.com", "Zoé", "Ardant")
    sso.post("/cas/login", data={"email": "zoe@example.com"})
    sso.post("/cas/login", data={"email": "zoe@example.com", "password": "Tr4ces-Mock!"})
    return {
        "anyone": anyone,
        "sso": sso,
        "marie": pat_user.client,
        "authority": portal.authority("AR").client,
    }


def _json_value(value: str):
    # The control API takes JSON: strings, and sometimes what a script sends instead.
    return {"nan": float("nan"), "inf": 1e308, "": None, "0": 0, "-1": -1}.get(value, value)


# The digest of each test's portal as its last refused example left it.
_known_state: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.name)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_no_input_breaks_the_portal(portal, clients, pat, target, data):
    values = {name: data.draw(HOSTILE, label=name) for name in target.fields}
    client = clients[target.who]
    path = target.path.format(pat=pat)
    # The examples share the test's portal: after a refused one, its digest is still true.
    before = _known_state.pop(portal.app, None) or fingerprint(portal.app)
    if target.json:
        response = client.open(
            path, method=target.method, json={k: _json_value(v) for k, v in values.items()}
        )
    elif target.method == "GET":
        query = "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in values.items())
        response = client.get(f"{path}?{query}")
    else:
        response = client.open(path, method=target.method, data=target.fixed | values)
    assert response.status_code < 500, response.get_data(as_text=True)[:3000]
    body = response.get_data(as_text=True)
    for value in values.values():
        for markup in MARKUP:
            if markup in value:
                assert markup not in body, f"{markup!r} came back unescaped"
    if response.status_code >= 400:
        assert fingerprint(portal.app) == before, "a refused request changed saved data"
        _known_state[portal.app] = before


RULE_VALUES = ["1", "0", "-1", "18446744073709551616", "abc", "%00", "%0d%0a", "..", "a" * 300]


def test_every_route_answers_arbitrary_path_values_without_5xx(portal, clients):
    """Each route of the portal, with every variable part replaced by hostile values."""
    client = clients["marie"]
    checked = 0
    for rule in portal.app.url_map.iter_rules():
        if rule.endpoint == "static" or not rule.arguments:
            continue
        for value in RULE_VALUES:
            path = re.sub(r"<[^>]+>", value, rule.rule)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(path, method=method)
                assert response.status_code < 500, f"{method} {path}: {response.status_code}"
                checked += 1
    assert checked > 100  # every route was reached, not just a few


def test_markup_typed_by_a_user_is_shown_escaped_on_the_pages_that_show_it(portal, marie):
    markup = MARKUP[0]
    response = marie.request_authorisation("ABC test 2", "BE", message=markup)
    assert response.status_code == 302
    review = portal.authority("BE").get("/role-requests")
    body = review.get_data(as_text=True)
    assert markup not in body
    assert "&lt;script&gt;" in body


def test_the_digest_sees_every_saved_change_but_the_volatile_ones(portal):
    before = fingerprint(portal.app)

    def change(edit) -> str:
        with portal.app.app_context():
            edit(db.session.scalars(select(Account).order_by(Account.id).limit(1)).one())
            db.session.commit()
        return fingerprint(portal.app)

    assert change(lambda account: setattr(account, "failed_sign_ins", 3)) == before
    renamed = change(lambda account: setattr(account, "last_name", account.last_name + "e"))
    assert renamed != before
    assert change(lambda account: setattr(account, "last_name", account.last_name[:-1])) == before
    with portal.app.app_context():
        db.session.delete(db.session.scalars(select(Account).order_by(Account.id.desc())).first())
        db.session.commit()
    assert fingerprint(portal.app) not in (before, renamed)
