"""Environments: each keeps its own roles and operators; one EU Login account serves all."""

from ..html_page import Page
from .people import PASSWORD, counters

ABIAN = "ABIAN BALI EU SPRL"


def test_role_asked_in_production_is_not_in_trainings_profile(portal, marie):
    marie.request_authorisation(ABIAN, "BE")
    training = portal.sign_in(marie.email, PASSWORD, "training")
    profile = training.page("/profile")
    assert "Vous n'avez pas encore de rôle." in profile.text
    assert counters(profile)["requested"] == "0 Demandé"
    assert counters(marie.page("/profile"))["requested"] == "1 Demandé"


def test_role_asked_in_training_is_not_in_productions_profile(portal, marie):
    training = portal.sign_in(marie.email, PASSWORD, "training")
    assert training.request_authorisation(ABIAN, "BE").status_code == 302
    assert portal.roles_of(marie.email, "training")[0].status == "requested"
    assert portal.roles_of(marie.email, "production") == []
    assert "Vous n'avez pas encore de rôle." in marie.page("/profile").text


def test_operator_created_in_production_is_not_found_in_training(portal, marie):
    assert marie.create_operator(name="Les Vergers de Hesbaye").status_code == 302
    training = portal.sign_in(marie.email, PASSWORD, "training")
    page = Page(training.search(country="BE", q="Vergers de Hesbaye"))
    assert page.result_line() == "0 opérateur trouvé"
    found = Page(marie.search(country="BE", q="Vergers de Hesbaye"))
    assert found.result_line() == "1 opérateur trouvé"


def test_operator_of_production_has_no_page_in_training(portal, marie):
    marie.create_operator(name="Les Vergers de Hesbaye")
    operator_id = portal.operator_id("Les Vergers de Hesbaye")
    assert marie.get(f"/operators/{operator_id}").status_code == 200
    training = portal.sign_in(marie.email, PASSWORD, "training")
    assert training.get(f"/operators/{operator_id}").status_code == 404


def test_training_authority_does_not_see_production_requests(portal, marie):
    marie.request_authorisation(ABIAN, "BE")
    training_authority = portal.authority("BE", environment="training")
    assert "Aucune demande ici." in training_authority.page("/role-requests").text
    assert len(portal.authority("BE").page("/role-requests").rows("requests")) == 1


def test_environment_is_shown_at_the_top_right(portal, marie):
    training = portal.sign_in(marie.email, PASSWORD, "training")
    acceptance = portal.sign_in(marie.email, PASSWORD, "acceptance")
    shown = [
        visitor.page("/").find(**{"data-testid": "environment"}).text
        for visitor in (marie, training, acceptance)
    ]
    assert shown == ["Production", "Formation", "Acceptation"]


def test_a_production_session_does_not_open_training(marie):
    response = marie.client.get("/training/tracesnt/profile")
    assert response.status_code == 302
    assert response.headers["Location"] == "/training/tracesnt/login"
