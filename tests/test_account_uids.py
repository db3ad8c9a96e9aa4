"""EU Login uids are drawn at random ("n00" and six hex digits): a new account whose draw
hits a uid already given gets another, and is never taken for an address registered twice."""

import pytest
from sqlalchemy import select

from mock_portal.eulogin import accounts
from mock_portal.eulogin.models import Account
from mock_portal.extensions import db

from .html_page import page

TAKEN = "n00aut001"  # a seeded authority's account


@pytest.fixture
def draws(monkeypatch):
    """The uids drawn, in order: the first one is taken."""
    drawn = iter([TAKEN, "n00f00001", "n00f00002"])
    monkeypatch.setattr(accounts, "_new_uid", lambda: next(drawn))


def _uid(app, email: str) -> str | None:
    with app.app_context():
        return db.session.scalar(select(Account.uid).where(Account.email == email))


def test_a_registration_whose_uid_is_taken_draws_another(app, portal, draws):
    response = portal.register()
    assert response.status_code == 200
    assert page(response).heading == "Thank you for registering"
    assert _uid(app, "marie.dupont@example.com") == "n00f00001"
    assert [mail["to"] for mail in portal.mails()] == ["marie.dupont@example.com"]


def test_an_account_made_by_the_control_api_draws_another_uid_too(app, portal, draws):
    assert portal.create_account("zoe@example.com") == "n00f00001"
    assert _uid(app, "zoe@example.com") == "n00f00001"


def test_an_address_registered_twice_is_still_refused(app, monkeypatch):
    monkeypatch.setattr(accounts, "_new_uid", iter(["n00f00001", "n00f00002"]).__next__)
    with app.app_context():
        accounts.create_activated_account("zoe@example.com", "Zoé", "Martin", "Tr4ces-Mock!")
        # The check before the insert misses a registration a moment earlier: the insert
        # itself tells an address taken from a uid taken.
        monkeypatch.setattr(accounts, "find_account", _missed_once(accounts.find_account))
        with pytest.raises(accounts.AccountError, match="already exists"):
            accounts.create_activated_account("zoe@example.com", "Zoé", "Martin", "Tr4ces-Mock!")


def _missed_once(find):
    calls = []

    def find_account(email):
        calls.append(email)
        return None if len(calls) == 1 else find(email)

    return find_account
