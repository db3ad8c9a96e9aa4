"""In shared use the mailbox shows a browser only the mail of the accounts registered or
signed in from it; the control API still reads the whole mailbox."""

import pytest

from .conftest import PASSWORD, PRODUCTION, PortalActions
from .html_page import page

MARIE = "marie.dupont@example.com"
PAUL = "paul.martin@example.com"


@pytest.fixture
def classroom(make_app):
    return make_app(CLASSROOM=True)


def _browser(app) -> PortalActions:
    return PortalActions(app, app.test_client())


def _recipients(client, **query) -> list[str]:
    listing = page(client.get("/mailbox/", query_string=query))
    return [row[0] for row in listing.rows("mails")] if listing.find_all("table") else []


def _mail_ids(actions, to) -> list[int]:
    return [mail["id"] for mail in actions.mails(to)]


def test_each_browser_sees_the_mail_of_the_account_it_registered(classroom):
    marie, paul = _browser(classroom), _browser(classroom)
    marie.register(email=MARIE)
    paul.register(email=PAUL, first_name="Paul", last_name="Martin")
    assert _recipients(marie.client) == [MARIE]
    assert _recipients(paul.client) == [PAUL]


def test_a_browser_cannot_open_another_accounts_mail(classroom):
    marie, paul = _browser(classroom), _browser(classroom)
    marie.register(email=MARIE)
    paul.register(email=PAUL, first_name="Paul", last_name="Martin")
    [maries_mail] = _mail_ids(marie, MARIE)
    assert marie.client.get(f"/mailbox/{maries_mail}").status_code == 200
    assert paul.client.get(f"/mailbox/{maries_mail}").status_code == 404


def test_filtering_on_another_address_shows_nothing(classroom):
    marie, paul = _browser(classroom), _browser(classroom)
    marie.register(email=MARIE)
    paul.register(email=PAUL, first_name="Paul", last_name="Martin")
    assert _recipients(paul.client, to=MARIE) == []


def test_a_browser_that_signs_in_reads_that_accounts_mail(classroom):
    owner = _browser(classroom)
    owner.create_account(email=MARIE)
    owner.register(email=PAUL, first_name="Paul", last_name="Martin")  # some mail for Paul
    elsewhere = _browser(classroom)
    assert _recipients(elsewhere.client) == []
    assert elsewhere.sign_in(MARIE, PASSWORD, service=PRODUCTION).status_code == 302
    lost = page(elsewhere.client.get("/cas/init/passwordResetRequest.cgi"))
    elsewhere.client.post(
        "/cas/init/passwordResetRequest.cgi", data={"csrf_token": lost.csrf_token(), "email": MARIE}
    )
    assert _recipients(elsewhere.client) == [MARIE]


def test_asking_a_link_for_another_address_does_not_show_its_mail(classroom):
    marie, stranger = _browser(classroom), _browser(classroom)
    marie.register(email=MARIE)
    lost = page(stranger.client.get("/cas/init/passwordResetRequest.cgi"))
    stranger.client.post(
        "/cas/init/passwordResetRequest.cgi", data={"csrf_token": lost.csrf_token(), "email": MARIE}
    )
    assert _recipients(stranger.client) == []
    assert len(marie.mails(MARIE)) == 2  # the link was sent, to Marie's own mailbox


def test_the_shared_mailbox_says_what_it_shows(classroom):
    listing = page(_browser(classroom).client.get("/mailbox/"))
    assert "only the mail of the accounts registered or signed in from this browser" in (
        listing.text
    )


def test_the_control_api_reads_the_whole_mailbox(classroom):
    marie, paul = _browser(classroom), _browser(classroom)
    marie.register(email=MARIE)
    paul.register(email=PAUL, first_name="Paul", last_name="Martin")
    assert {mail["to"] for mail in _browser(classroom).mails()} == {MARIE, PAUL}


def test_outside_shared_use_every_browser_reads_every_mail(portal, make_app):
    portal.register(email=MARIE)
    assert _recipients(_browser(portal.app).client) == [MARIE]


def test_the_mailbox_is_read_a_page_at_a_time(portal):
    for number in range(55):
        portal.create_account(email=f"user{number}@example.com")
        lost = page(portal.client.get("/cas/init/passwordResetRequest.cgi"))
        portal.client.post(
            "/cas/init/passwordResetRequest.cgi",
            data={"csrf_token": lost.csrf_token(), "email": f"user{number}@example.com"},
        )
    first = page(portal.client.get("/mailbox/"))
    assert len(first.rows("mails")) == 50
    second = page(portal.client.get("/mailbox/", query_string={"page": 2}))
    assert len(second.rows("mails")) == 5
    assert second.find_link("Newer mail")
