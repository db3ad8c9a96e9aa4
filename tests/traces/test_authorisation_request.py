"""II.2: the dialog "Confirmer la demande d'autorisation pour ..." and what it records."""

from sqlalchemy import select

from mock_portal.traces.models import Role

from ..html_page import Page
from .people import ENGLISH, counters

ABIAN = "ABIAN BALI EU SPRL"


def _dialog(marie) -> Page:
    response = marie.tick("BE", ABIAN, ABIAN)
    assert response.status_code == 302
    return Page(marie.client.get(response.headers["Location"]))


def test_ticking_an_operator_opens_the_confirmation_dialog(marie):
    dialog = _dialog(marie).find(role="dialog")
    assert dialog.find("h2").text == f"Confirmer la demande d'autorisation pour {ABIAN}"
    assert "À titre facultatif, vous pouvez fournir des informations utiles supplémentaires." in (
        dialog.text
    )


def test_dialog_offers_optional_message_email_and_phone(marie):
    page = _dialog(marie)
    assert [page.label(name) for name in ("message", "contact_email", "contact_phone")] == [
        "Message",
        "Courriel",
        "Téléphone",
    ]
    dialog = page.find(role="dialog")
    assert dialog.find_all("span", class_="required") == []
    # The guide's own example values show until the user types.
    assert dialog.find("input", name="contact_email").attrs["placeholder"] == "name@domain.com"
    assert dialog.find("input", name="contact_phone").attrs["placeholder"] == "+32 02 123456"
    assert [b.text for b in dialog.find_all("button")] == [
        "Annuler",
        "Envoyer une demande d'autorisation",
    ]


def test_sending_shows_the_profile_with_the_green_message_and_one_requested(marie):
    response = marie.request_authorisation(ABIAN, "BE")
    assert response.headers["Location"] == "/tracesnt/profile"
    profile = marie.follow(response)
    assert profile.flashes("success") == ["Votre demande d'autorisation a été soumise."]
    assert counters(profile) == {
        "requested": "1 Demandé",
        "suspended": "0 Suspendu",
        "valid": "0 Valide",
    }
    assert profile.rows("roles") == [
        ["Opérateur", f"{ABIAN} route du condroz 210 4120 Neupré Belgique (BE)", "Demandé"]
    ]


def test_sending_records_the_optional_details(portal, marie):
    marie.request_authorisation(
        ABIAN,
        "BE",
        message="Je suis déclarante en douane.",
        contact_email="marie@transit.example",
        contact_phone="+32 02 123456",
    )
    [role] = portal.roles_of(marie.email)
    assert (role.status, role.message, role.contact_email, role.contact_phone) == (
        "requested",
        "Je suis déclarante en douane.",
        "marie@transit.example",
        "+32 02 123456",
    )


def test_invalid_email_is_refused_and_nothing_is_recorded(portal, marie):
    response = marie.request_authorisation(ABIAN, "BE", contact_email="name@")
    assert response.status_code == 400
    page = Page(response)
    assert page.errors("contact_email") == ["Cette adresse électronique n'est pas valide."]
    assert page.value("contact_email") == "name@"
    assert portal.roles_of(marie.email) == []


def test_invalid_phone_is_refused_and_nothing_is_recorded(portal, marie):
    response = marie.request_authorisation(ABIAN, "BE", contact_phone="call me")
    assert response.status_code == 400
    assert Page(response).errors("contact_phone") == ["Ce numéro de téléphone n'est pas valide."]
    assert portal.roles_of(marie.email) == []


def test_cancel_records_nothing_and_goes_back_to_the_search(portal, marie):
    response = marie.request_authorisation(ABIAN, "BE", action="cancel", message="Ignored")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/tracesnt/roles/new/operator?")
    assert "country=BE" in response.headers["Location"]
    assert portal.roles_of(marie.email) == []


def test_second_request_while_pending_is_refused(portal, marie):
    marie.request_authorisation(ABIAN, "BE")
    response = marie.request_authorisation(ABIAN, "BE")
    assert response.status_code == 400
    assert Page(response).find(role="dialog").find(role="alert").text == (
        "Vous avez déjà une demande en attente pour cette organisation."
    )
    assert len(portal.roles_of(marie.email)) == 1


def test_request_for_an_operator_one_already_works_for_is_refused(portal, marie):
    portal.grant(marie, ABIAN, "BE")
    response = marie.request_authorisation(ABIAN, "BE")
    assert response.status_code == 400
    assert "Vous avez déjà un rôle pour cette organisation." in Page(response).alerts()


def test_a_refused_request_can_be_made_again(portal, marie):
    marie.request_authorisation(ABIAN, "BE")
    portal.authority("BE").decide_role(portal.role_id(marie.email, ABIAN), "refuse")
    assert marie.request_authorisation(ABIAN, "BE").status_code == 302
    assert [role.status for role in portal.roles_of(marie.email)] == ["refused", "requested"]


def test_authority_dialog_is_titled_with_its_code(marie):
    results = Page(marie.get("/roles/new/authority", query_string={"q": "FRDGCCRF11"}))
    [box] = results.find_all("input", type="checkbox", name="organisation")
    ticked = marie.post(
        "/roles/new/authority",
        {"organisation": box.attrs["value"]},
        query_string={"q": "FRDGCCRF11"},
    )
    dialog = Page(marie.client.get(ticked.headers["Location"])).find(role="dialog")
    assert dialog.find("h2").text == "Confirmer la demande d'autorisation pour FRDGCCRF11"


def test_authority_request_is_recorded_as_requested(portal, marie):
    profile = marie.follow(marie.request_organisation("authority", "FRDGCCRF11"))
    assert profile.flashes("success") == ["Votre demande d'autorisation a été soumise."]
    assert profile.rows("roles") == [
        ["Autorité", "DGCCRF Ile-de-France FRDGCCRF11 75013 Paris France (FR)", "Demandé"]
    ]


def test_control_body_request_is_recorded_as_requested(portal, marie):
    profile = marie.follow(marie.request_organisation("control-body", "BE-BIO-01"))
    assert profile.rows("roles") == [
        [
            "Organisme de contrôle biologique",
            "Certisys BE-BIO-01 1040 Bruxelles Belgique (BE)",
            "Demandé",
        ]
    ]
    [role] = portal.roles_of(marie.email)
    assert role.kind == "control_body"


def test_authority_request_with_invalid_email_records_nothing(portal, marie):
    response = marie.request_organisation("authority", "FR007", contact_email="nope")
    assert response.status_code == 400
    assert Page(response).errors("contact_email") == [
        "Cette adresse électronique n'est pas valide."
    ]
    assert portal.roles_of(marie.email) == []


def test_authority_request_cancelled_records_nothing(portal, marie):
    response = marie.request_organisation("authority", "FR007", action="cancel")
    assert response.headers["Location"].startswith("/tracesnt/roles/new/authority")
    assert portal.roles_of(marie.email) == []


def test_second_authority_request_while_pending_is_refused(portal, marie):
    marie.request_organisation("authority", "FRDGCCRF11")
    response = marie.request_organisation("authority", "FRDGCCRF11")
    assert response.status_code == 400
    assert (
        "Vous avez déjà une demande en attente pour cette organisation." in Page(response).alerts()
    )
    assert len(portal.roles_of(marie.email)) == 1


def test_authority_search_by_country_lists_the_french_authorities(marie):
    page = Page(marie.get("/roles/new/authority", query_string={"country": "FR"}))
    assert page.result_line() == "4 organisations trouvées"
    names = [row.find_all("td")[0].text for row in page.find("tbody").find_all("tr")]
    assert "Perpignan Phyto test PCF FR007" in names
    assert "AFSCA – Unité provinciale de contrôle Liège BEAFSCA04" not in names


def test_organisation_request_with_nothing_ticked_says_so(portal, marie):
    response = marie.post("/roles/new/authority", query_string={"country": "FR"})
    assert marie.follow(response).flashes("error") == ["Cochez d'abord une organisation."]
    assert portal.roles_of(marie.email) == []


def test_unknown_kind_of_organisation_is_not_found(marie):
    assert marie.get("/roles/new/ministry").status_code == 404


def test_control_body_cannot_be_asked_for_as_an_authority(portal, marie):
    control_body = portal.organisation_id("BE-BIO-01")
    assert marie.get(f"/roles/new/authority/{control_body}/request").status_code == 404


def test_operator_of_another_environment_cannot_be_asked_for(portal, marie):
    training_abian = portal.operator_id(ABIAN, "training")
    response = marie.post(f"/roles/new/operator/{training_abian}/request", {"action": "send"})
    assert response.status_code == 404
    assert portal.count(Role, Role.operator_id == training_abian) == 0


def test_role_request_keeps_its_environment(portal, marie):
    marie.request_authorisation(ABIAN, "BE")
    assert portal.rows(select(Role.environment).where(Role.kind == "operator")) == [("production",)]


def test_dialog_and_profile_speak_english_to_an_english_browser(portal):
    john = portal.user("john@example.com", "John", "Smith", language=ENGLISH)
    dialog = john.tick("BE", ABIAN, ABIAN)
    title = Page(john.client.get(dialog.headers["Location"])).find(role="dialog").find("h2")
    assert title.text == f"Confirm the authorisation request for {ABIAN}"
    profile = john.follow(john.request_authorisation("PAT", "AR"))
    assert profile.flashes("success") == ["Your authorisation request has been submitted."]
    assert profile.rows("roles") == [
        ["Operator", "PAT 36 CALLE CORRIENTES 1043 Buenos Aires Argentina (AR)", "Requested"]
    ]


def test_second_control_body_request_while_pending_is_refused(portal, marie):
    marie.request_organisation("control-body", "BE-BIO-01")
    response = marie.request_organisation("control-body", "BE-BIO-01")
    assert response.status_code == 400
    assert "Vous avez déjà une demande en attente pour cette organisation." in (
        Page(response).alerts()
    )
    assert len(portal.roles_of(marie.email)) == 1
