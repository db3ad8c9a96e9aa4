"""Deciding on roles: competent authorities, the operator's administrator, and nobody else."""

import pytest

from ..html_page import Page
from ..support import statements_sent
from .people import counters

ABIAN = "ABIAN BALI EU SPRL"


@pytest.fixture
def requested(portal, marie) -> int:
    """Marie's pending request for ABIAN BALI EU SPRL; its role id."""
    assert marie.request_authorisation(ABIAN, "BE", message="Déclarante").status_code == 302
    return portal.role_id(marie.email, ABIAN)


@pytest.fixture
def belgian_authority(portal):
    return portal.authority("BE")


def _status_cell(profile: Page) -> str:
    [row] = profile.rows("roles")
    return row[2]


def test_authority_sees_the_request_of_its_country(belgian_authority, requested):
    page = belgian_authority.page("/role-requests")
    assert page.heading == "Demandes d'autorisation"
    [row] = page.rows("requests")
    assert row[0] == "Marie Dupont marie.dupont@example.com"
    assert row[1:3] == ["Opérateur", f"{ABIAN} Belgique (BE)"]
    assert row[3].startswith("Déclarante")
    assert row[4:] == ["Demandé", "Valider Refuser"]


def test_authority_of_another_country_does_not_see_it(portal, requested):
    page = portal.authority("FR").page("/role-requests")
    assert page.find_all("table", class_="requests") == []
    assert "Aucune demande ici." in page.text


def test_validated_role_shows_valid_in_the_users_profile(marie, belgian_authority, requested):
    response = belgian_authority.decide_role(requested, "validate")
    assert belgian_authority.follow(response).flashes("success") == [
        f"Le rôle de Marie Dupont pour {ABIAN} est maintenant Valide."
    ]
    profile = marie.page("/profile")
    assert _status_cell(profile) == "Valide (administrateur)"
    assert counters(profile) == {
        "requested": "0 Demandé",
        "suspended": "0 Suspendu",
        "valid": "1 Valide",
    }


def test_validation_sends_the_user_a_mail(portal, belgian_authority, requested):
    belgian_authority.decide_role(requested, "validate")
    [mail] = portal.mails("marie.dupont@example.com")
    assert mail["subject"] == "TRACES NT : votre rôle est maintenant Valide"
    assert f"Votre rôle Opérateur pour {ABIAN} est maintenant Valide." in mail["body"]
    assert mail["from"] == "automated-notifications@nomail.ec.europa.eu"


def test_validation_mail_is_in_the_users_mail_language(portal, requested):
    portal.user("john@example.com", "John", "Smith", mail_language="en").request_authorisation(
        ABIAN, "BE"
    )
    portal.authority("BE").decide_role(portal.role_id("john@example.com", ABIAN), "validate")
    [mail] = portal.mails("john@example.com")
    assert mail["subject"] == "TRACES NT: your role is now Valid"


def test_refused_role_shows_refused(marie, belgian_authority, requested):
    belgian_authority.decide_role(requested, "refuse")
    profile = marie.page("/profile")
    assert _status_cell(profile) == "Refusé"
    assert counters(profile)["requested"] == "0 Demandé"


def test_suspended_role_shows_suspended(marie, belgian_authority, requested):
    belgian_authority.decide_role(requested, "validate")
    belgian_authority.decide_role(requested, "suspend")
    profile = marie.page("/profile")
    assert _status_cell(profile).startswith("Suspendu")
    assert counters(profile) == {
        "requested": "0 Demandé",
        "suspended": "1 Suspendu",
        "valid": "0 Valide",
    }


def test_reactivated_role_is_valid_again(marie, belgian_authority, requested):
    for action in ("validate", "suspend", "reactivate"):
        belgian_authority.decide_role(requested, action)
    assert _status_cell(marie.page("/profile")).startswith("Valide")


@pytest.mark.parametrize(
    ("earlier", "action", "status"),
    [
        ((), "suspend", "Demandé"),
        ((), "reactivate", "Demandé"),
        (("validate",), "validate", "Valide"),
        (("validate",), "refuse", "Valide"),
        (("refuse",), "validate", "Refusé"),
        (("validate", "suspend"), "suspend", "Suspendu"),
    ],
)
def test_impossible_transition_gives_a_message(
    portal, belgian_authority, requested, earlier, action, status
):
    for step in earlier:
        belgian_authority.decide_role(requested, step)
    before = portal.role(requested).status
    response = belgian_authority.decide_role(requested, action)
    assert response.status_code == 302
    assert belgian_authority.follow(response).flashes("error") == [
        f"Ce rôle est {status} : cette action n'est pas possible."
    ]
    assert portal.role(requested).status == before


def test_unknown_action_is_not_found(belgian_authority, requested):
    assert belgian_authority.decide_role(requested, "promote").status_code == 404


def test_unknown_role_is_not_found(belgian_authority):
    assert belgian_authority.decide_role(999999, "validate").status_code == 404


def test_role_of_another_environment_is_not_found(portal, requested):
    training_authority = portal.authority("BE", environment="training")
    assert training_authority.decide_role(requested, "validate").status_code == 404
    assert portal.role(requested).status == "requested"


def test_buttons_offered_follow_the_status(belgian_authority, requested):
    belgian_authority.decide_role(requested, "validate")
    [row] = belgian_authority.page("/role-requests", query_string={"status": "valid"}).rows(
        "requests"
    )
    assert row[4:] == ["Valide", "Suspendre"]
    belgian_authority.decide_role(requested, "suspend")
    [row] = belgian_authority.page("/role-requests", query_string={"status": "suspended"}).rows(
        "requests"
    )
    assert row[4:] == ["Suspendu", "Réactiver"]


def test_first_validated_user_becomes_the_operators_administrator(
    portal, marie, belgian_authority, requested
):
    belgian_authority.decide_role(requested, "validate")
    assert portal.role(requested).is_admin
    operator_page = marie.page(f"/operators/{portal.operator_id(ABIAN)}")
    [row] = operator_page.rows("users")
    assert row == ["Marie Dupont", "marie.dupont@example.com", "Valide (administrateur)"]


def test_administrator_validates_a_second_users_request(portal, marie, paul, requested):
    portal.authority("BE").decide_role(requested, "validate")
    paul.request_authorisation(ABIAN, "BE")
    pauls_role = portal.role_id(paul.email, ABIAN)
    [row] = marie.page("/role-requests").rows("requests")
    assert row[0] == "Paul Martin paul.martin@example.com"
    marie.decide_role(pauls_role, "validate")
    assert _status_cell(paul.page("/profile")) == "Valide"
    assert not portal.role(pauls_role).is_admin


def test_suspended_administrator_stays_the_only_administrator(portal, marie, paul, requested):
    belgian_authority = portal.authority("BE")
    belgian_authority.decide_role(requested, "validate")
    belgian_authority.decide_role(requested, "suspend")
    paul.request_authorisation(ABIAN, "BE")
    pauls_role = portal.role_id(paul.email, ABIAN)
    belgian_authority.decide_role(pauls_role, "validate")
    belgian_authority.decide_role(requested, "reactivate")
    assert portal.role(requested).is_admin
    assert not portal.role(pauls_role).is_admin


def test_administrator_sees_the_link_to_authorisation_requests(portal, marie, requested):
    assert not marie.page("/").has_link("Demandes d'autorisation")
    portal.authority("BE").decide_role(requested, "validate")
    assert marie.page("/").link("Demandes d'autorisation") == "/tracesnt/role-requests"


def test_administrator_only_sees_requests_for_its_own_operator(portal, marie, paul, requested):
    portal.authority("BE").decide_role(requested, "validate")
    paul.request_authorisation("ABC test 2", "BE")
    assert marie.page("/role-requests").find_all("table", class_="requests") == []
    response = marie.decide_role(portal.role_id(paul.email, "ABC test 2"), "validate")
    assert response.status_code == 403
    assert Page(response).alerts() == ["Cette demande ne relève pas de votre compétence."]


def test_non_administrator_operator_user_gets_403_on_requests(portal, marie, paul, requested):
    portal.authority("BE").decide_role(requested, "validate")
    portal.grant(paul, ABIAN, "BE")
    response = paul.get("/role-requests")
    assert response.status_code == 403
    assert Page(response).alerts() == [
        "Seules les autorités compétentes et les administrateurs d'opérateurs peuvent voir "
        "les demandes d'autorisation."
    ]
    assert paul.decide_role(requested, "suspend").status_code == 403
    assert portal.role(requested).status == "valid"


def test_user_with_a_pending_role_gets_403_on_requests(marie, requested):
    assert marie.get("/role-requests").status_code == 403


def test_operator_user_cannot_reach_activities_to_validate(portal, marie, requested):
    portal.authority("BE").decide_role(requested, "validate")
    response = marie.get("/activities")
    assert response.status_code == 403
    assert Page(response).alerts() == [
        "Seules les autorités compétentes peuvent valider des activités."
    ]


def test_nobody_decides_on_their_own_request(portal, belgian_authority):
    belgian_authority.request_authorisation("ABC test 2", "BE")
    own = portal.role_id("beafsca04@autorite.example", "ABC test 2")
    assert belgian_authority.page("/role-requests").find_all("table", class_="requests") == []
    response = belgian_authority.decide_role(own, "validate")
    assert response.status_code == 403
    assert Page(response).alerts() == ["Personne ne peut statuer sur sa propre demande."]
    assert portal.role(own).status == "requested"


def test_authority_of_another_country_gets_403(portal, requested):
    response = portal.authority("FR").decide_role(requested, "validate")
    assert response.status_code == 403
    assert Page(response).alerts() == ["Cette demande ne relève pas de votre compétence."]
    assert portal.role(requested).status == "requested"


def test_french_authority_validates_a_request_for_a_french_authority(portal, marie):
    marie.request_organisation("authority", "FRDGCCRF11")
    role_id = portal.role_id(marie.email, "DGCCRF Ile-de-France FRDGCCRF11")
    assert portal.authority("BE").decide_role(role_id, "validate").status_code == 403
    portal.authority("FR").decide_role(role_id, "validate")
    assert _status_cell(marie.page("/profile")) == "Valide"
    assert marie.get("/activities").status_code == 200


def test_status_tabs_filter_the_requests(portal, paul, belgian_authority, requested):
    paul.request_authorisation("ABC test 2", "BE")
    belgian_authority.decide_role(requested, "validate")
    requested_rows = belgian_authority.page("/role-requests").rows("requests")
    assert [row[0] for row in requested_rows] == ["Paul Martin paul.martin@example.com"]
    everything = belgian_authority.page("/role-requests", query_string={"status": "all"})
    names = {row[0].split()[0] for row in everything.rows("requests")}
    assert {"Paul", "Marie"} <= names


def test_refusal_page_keeps_the_traces_banner_and_sign_out(marie, requested):
    page = Page(marie.get("/role-requests"))
    assert page.find("span", **{"data-testid": "environment"}).text == "Production"
    assert page.link("Déconnexion") == "/tracesnt/logout"
    assert page.link("Accueil") == "/tracesnt/"


def test_a_decision_asks_the_database_for_the_administrator_rather_than_loading_every_role(
    portal, paul, requested
):
    # A busy operator has thousands of requests (a year of CI): none is loaded to decide.
    paul.request_authorisation(ABIAN, "BE")
    pauls_role = portal.role_id(paul.email, ABIAN)
    belgian_authority = portal.authority("BE")
    sent = statements_sent(
        portal.app, lambda: belgian_authority.decide_role(pauls_role, "validate")
    )
    loads = [s for s in sent if s.startswith("SELECT ROLE.ID") and "= ROLE.OPERATOR_ID" in s]
    assert loads == []
    assert any("EXISTS" in s and "ROLE.IS_ADMIN" in s for s in sent), sent
    assert portal.role(pauls_role).is_admin
