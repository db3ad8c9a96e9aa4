"""Part III: the operator's page, its three panels, and who may read or change it."""

from ..html_page import Page

DETAILS_HEADING = "Operator Details"  # as in the guide's screenshot, even in French


def _pat_details(**changes) -> dict:
    details = {
        "name": "PAT",
        "country": "AR",
        "region": "Buenos Aires",
        "city": "Buenos Aires",
        "postal_code": "1043",
        "address": "36 CALLE CORRIENTES",
        "phone": "25694563215",
    }
    return details | changes


def _headings(page: Page) -> list[str]:
    return [h.text for h in page.find("div", class_="panels").find_all("h2")]


def test_operator_page_has_the_guides_three_panels(pat_user, pat):
    page = pat_user.page(f"/operators/{pat}")
    assert page.heading == "PAT"
    assert _headings(page) == [DETAILS_HEADING, "Activités d'opérateur", "Utilisateurs"]


def test_details_panel_shows_pat_with_the_guides_labels(pat_user, pat):
    page = pat_user.page(f"/operators/{pat}")
    labels = [page.label(name) for name in ("name", "country", "region", "city", "address")]
    assert labels == ["Nom", "Pays", "Région administrative", "Ville", "Adresse"]
    assert page.find("fieldset", class_="coordinates").find("legend").text == "Coordonnée"
    assert [page.label("latitude"), page.label("longitude"), page.label("phone")] == [
        "Latitude",
        "Longitude",
        "Téléphone",
    ]
    values = [page.value(name) for name in ("name", "region", "city", "address", "phone")]
    assert values == ["PAT", "Buenos Aires", "Buenos Aires", "36 CALLE CORRIENTES", "25694563215"]
    assert page.selected("country") == "AR"
    assert (None, "AR", "Argentine (AR)") in page.options("country")


def test_pat_has_no_operator_activities_yet(pat_user, pat):
    page = pat_user.page(f"/operators/{pat}")
    assert "Pas d'activités d'opérateur." in page.text
    assert page.link("+ Ajouter une activité") == f"/tracesnt/operators/{pat}/activities/new"


def test_users_panel_lists_the_operators_users_and_their_status(portal, pat_user, paul, pat):
    paul.request_authorisation("PAT", "AR")
    rows = pat_user.page(f"/operators/{pat}").rows("users")
    assert rows == [
        ["Marie Dupont", "marie.dupont@example.com", "Valide (administrateur)"],
        ["Paul Martin", "paul.martin@example.com", "Demandé"],
    ]


def test_users_panel_leaves_refused_requests_out(portal, pat_user, paul, pat):
    paul.request_authorisation("PAT", "AR")
    pat_user.decide_role(portal.role_id(paul.email, "PAT"), "refuse")
    rows = pat_user.page(f"/operators/{pat}").rows("users")
    assert [row[0] for row in rows] == ["Marie Dupont"]


def test_unrelated_user_gets_403(marie, pat):
    response = marie.get(f"/operators/{pat}")
    assert response.status_code == 403
    assert Page(response).alerts() == ["Vous n'avez aucun rôle pour cet opérateur."]


def test_user_with_a_refused_role_gets_403(portal, marie, pat):
    marie.request_authorisation("PAT", "AR")
    portal.authority("AR").decide_role(portal.role_id(marie.email, "PAT"), "refuse")
    assert marie.get(f"/operators/{pat}").status_code == 403


def test_pending_role_reads_the_page_without_changing_it(marie, pat):
    marie.request_authorisation("PAT", "AR")
    page = marie.page(f"/operators/{pat}")
    assert "disabled" in page.find("fieldset", class_="plain").attrs
    assert not page.has_link("+ Ajouter une activité")
    assert page.buttons("Enregistrer") == []
    assert page.find("p", class_="flash-info").text == (
        "Votre rôle pour cet opérateur n'est pas encore valide : vous pouvez consulter cette page "
        "mais pas la modifier."
    )


def test_pending_role_cannot_post_changes_nor_add_activities(portal, marie, pat):
    marie.request_authorisation("PAT", "AR")
    response = marie.post(f"/operators/{pat}", _pat_details(city="Rosario"))
    assert response.status_code == 403
    assert Page(response).alerts() == [
        "Seuls les utilisateurs ayant un rôle valide pour cet opérateur peuvent le modifier."
    ]
    assert portal.operator(pat).city == "Buenos Aires"
    assert marie.get(f"/operators/{pat}/activities/new").status_code == 403
    added = marie.add_activity(pat, "EUPO", "EUPO:professional_operator_other_than_registered")
    assert added.status_code == 403
    assert portal.activities(pat) == []


def test_suspended_role_is_read_only(portal, pat_user, pat):
    portal.authority("AR").decide_role(portal.role_id(pat_user.email, "PAT"), "suspend")
    page = pat_user.page(f"/operators/{pat}")
    assert "disabled" in page.find("fieldset", class_="plain").attrs
    assert not page.has_link("+ Ajouter une activité")


def test_valid_role_edits_the_details(pat_user, pat):
    page = pat_user.page(f"/operators/{pat}")
    assert "disabled" not in page.find("fieldset", class_="plain").attrs
    assert page.buttons("Enregistrer")


def test_latitude_out_of_range_is_refused_on_the_details(portal, pat_user, pat):
    response = pat_user.post(f"/operators/{pat}", _pat_details(latitude="-95", city="Rosario"))
    assert response.status_code == 400
    page = Page(response)
    assert page.errors("latitude") == ["La latitude doit être comprise entre -90 et 90."]
    assert page.value("city") == "Rosario"
    assert portal.operator(pat).city == "Buenos Aires"


def test_longitude_out_of_range_is_refused_on_the_details(pat_user, pat):
    response = pat_user.post(f"/operators/{pat}", _pat_details(longitude="181"))
    assert Page(response).errors("longitude") == [
        "La longitude doit être comprise entre -180 et 180."
    ]


def test_details_without_any_contact_are_refused(pat_user, pat):
    response = pat_user.post(f"/operators/{pat}", _pat_details(phone=""))
    assert response.status_code == 400
    assert Page(response).errors("phone") == [
        "Indiquez au moins un moyen de contacter l'opérateur : téléphone, fax, courriel "
        "ou site internet."
    ]


def test_saved_details_are_shown(portal, pat_user, pat):
    response = pat_user.post(
        f"/operators/{pat}",
        _pat_details(latitude="-34.6037", longitude="-58.3816", email="pat@pat.example"),
    )
    page = pat_user.follow(response)
    assert page.flashes("success") == ["Les informations de l'opérateur ont été enregistrées."]
    shown = [page.value(name) for name in ("latitude", "longitude", "email")]
    assert shown == ["-34.6037", "-58.3816", "pat@pat.example"]
    assert (portal.operator(pat).latitude, portal.operator(pat).longitude) == (-34.6037, -58.3816)


def test_authority_of_the_country_sees_the_details_read_only_and_may_add_activities(portal, pat):
    authority = portal.authority("AR")
    page = authority.page(f"/operators/{pat}")
    assert _headings(page) == [DETAILS_HEADING, "Activités d'opérateur", "Utilisateurs"]
    assert "disabled" in page.find("fieldset", class_="plain").attrs
    assert page.has_link("+ Ajouter une activité")
    assert authority.post(f"/operators/{pat}", _pat_details(city="Rosario")).status_code == 403


def test_authority_of_another_country_gets_403(portal, pat):
    response = portal.authority("BE").get(f"/operators/{pat}")
    assert response.status_code == 403
    assert Page(response).alerts() == ["Vous n'avez aucun rôle pour cet opérateur."]


def test_unknown_operator_is_not_found(marie):
    assert marie.get("/operators/999999").status_code == 404


def test_search_links_a_name_to_the_page_only_with_access(portal, marie):
    assert not Page(marie.search(country="AR", q="PAT")).has_link("PAT")
    marie.request_authorisation("PAT", "AR")
    link = Page(marie.search(country="AR", q="36 CALLE")).link("PAT")
    assert link == f"/tracesnt/operators/{portal.operator_id('PAT')}"


def _abian_details(**changes) -> dict:
    details = {
        "name": "ABIAN BALI EU SPRL",
        "country": "BE",
        "region": "Liège",
        "city": "Neupré",
        "postal_code": "4120",
        "address": "route du condroz 210",
        "phone": "+32 4 3711111",
        "eori": "BE0479168518",
    }
    return details | changes


def test_details_keep_their_own_eori_when_saved(portal, abian_user, abian):
    response = abian_user.post(f"/operators/{abian}", _abian_details(city="Liège"))
    assert response.status_code == 302
    assert (portal.operator(abian).city, portal.operator(abian).eori) == ("Liège", "BE0479168518")


def test_eori_cannot_be_removed_while_an_activity_requires_it(portal, abian_user, abian):
    response = abian_user.post(f"/operators/{abian}", _abian_details(eori=""))
    assert response.status_code == 400
    assert Page(response).errors("eori") == [
        "Un numéro EORI est obligatoire pour la section ORGANIC IMPORTER."
    ]
    assert portal.operator(abian).eori == "BE0479168518"


def test_eori_of_another_operator_is_refused_on_the_details(portal, marie):
    portal.grant(marie, "ABC test 2", "BE")
    abc = portal.operator_id("ABC test 2")
    details = _abian_details(
        name="ABC test 2", city="Macon", postal_code="6591", address="Street 1"
    )
    response = marie.post(f"/operators/{abc}", details)
    assert response.status_code == 400
    assert Page(response).errors("eori") == [
        "Un opérateur avec ce numéro EORI existe déjà : ABIAN BALI EU SPRL."
    ]
    assert portal.operator(abc).eori is None


def test_country_its_activities_do_not_apply_to_is_refused(portal, abian_user, abian):
    response = abian_user.post(f"/operators/{abian}", _abian_details(country="AR"))
    assert response.status_code == 400
    assert Page(response).errors("country") == [
        "La section ORGANIC IMPORTER ne s'applique pas aux opérateurs de ce pays : Argentine (AR)."
    ]
    assert portal.operator(abian).country == "BE"
