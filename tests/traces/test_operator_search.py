"""II.1: finding the operator one works for, and "Demander une autorisation"."""

import math

from sqlalchemy import select

from mock_portal.traces.models import Operator, OperatorActivity, Role

from ..html_page import Page

GUIDE_OPERATORS = ["ABC test 2", "ABC test Operator", "ABIAN BALI EU SPRL"]


def _names(page: Page) -> list[str]:
    """Operator names of a result page, without the EORI line."""
    return [row[0].split(" EORI: ")[0] for row in page.rows("operators")]


def _all_names(visitor, **params) -> list[str]:
    names, number = [], 1
    while True:
        page = Page(visitor.search(**params, page=number))
        names += _names(page)
        if not page.has_link("Suivant"):
            return names
        number += 1


def test_country_is_mandatory(marie):
    response = marie.search(country="", q="ABIAN")
    assert response.status_code == 400
    assert Page(response).errors("country") == ["Veuillez choisir un pays."]


def test_search_page_without_a_search_shows_no_results_and_no_message(marie):
    page = marie.page("/roles/new/operator")
    assert page.find_all("table", class_="operators") == []
    assert page.all_errors() == {}


def test_country_is_marked_mandatory_with_a_red_asterisk(marie):
    page = marie.page("/roles/new/operator")
    assert page.is_marked_mandatory("country")
    assert not page.is_marked_mandatory("section")
    assert page.label("country") == "Pays"


def test_search_by_country_belgium_finds_the_three_guide_operators(portal, marie):
    names = _all_names(marie, country="BE")
    assert set(GUIDE_OPERATORS) <= set(names)
    assert len(names) == portal.count(
        Operator, Operator.country == "BE", Operator.environment == "production"
    )


def test_search_results_are_only_of_the_chosen_country(portal, marie):
    names = _all_names(marie, country="AR")
    assert "PAT" in names
    assert not set(names) & set(GUIDE_OPERATORS)
    assert len(names) == portal.count(
        Operator, Operator.country == "AR", Operator.environment == "production"
    )


def test_search_by_eori_finds_abian_bali(marie):
    page = Page(marie.search(country="BE", q="BE0479168518"))
    assert _names(page) == ["ABIAN BALI EU SPRL"]
    assert page.result_line() == "1 opérateur trouvé"


def test_search_by_name_ignores_case(marie):
    assert _names(Page(marie.search(country="BE", q="abc test"))) == GUIDE_OPERATORS[:2]


def test_search_by_section_keeps_only_operators_with_that_section(portal, marie):
    names = _all_names(marie, country="BE", section="FLEGT")
    assert "ABIAN BALI EU SPRL" in names
    assert "ABC test 2" not in names
    with_flegt = portal.count(
        Operator,
        Operator.environment == "production",
        Operator.country == "BE",
        Operator.id.in_(
            select(OperatorActivity.operator_id).where(OperatorActivity.section_code == "FLEGT")
        ),
    )
    assert len(names) == with_flegt


def test_search_by_activity_type_keeps_only_operators_with_that_activity(marie):
    names = _all_names(marie, country="BE", activity_type="ORGANIC IMPORTER:organic_importer")
    assert set(GUIDE_OPERATORS) <= set(names)
    flegt = _all_names(marie, country="BE", activity_type="FLEGT:timber_importer")
    assert "ABC test 2" not in flegt
    assert "ABIAN BALI EU SPRL" in flegt


def test_activity_type_outside_the_chosen_section_is_refused(marie):
    response = marie.search(
        country="BE", section="FLEGT", activity_type="ORGANIC IMPORTER:organic_importer"
    )
    assert response.status_code == 400
    assert Page(response).errors("activity_type") == [
        "Ce type d'activité n'appartient pas à la section choisie."
    ]


def test_results_show_name_address_activities_and_eori_as_in_the_guide(marie):
    page = Page(marie.search(country="BE", q="ABIAN"))
    assert page.headers("operators")[:3] == ["Nom", "Adresse", "Activités"]
    [row] = page.rows("operators")
    assert row[:3] == [
        "ABIAN BALI EU SPRL EORI: BE0479168518",
        "route du condroz 210 4120 Neupré Belgique",
        "Importateur de produits biologiques (ORGANIC IMPORTER) Importation de bois (FLEGT)",
    ]


def test_operator_without_eori_shows_no_eori_line(marie):
    [row] = Page(marie.search(country="BE", q="ABC test 2")).rows("operators")
    assert row[0] == "ABC test 2"


def test_results_are_paged_by_twenty(portal, marie):
    total = portal.count(Operator, Operator.country == "FR", Operator.environment == "production")
    pages = math.ceil(total / 20)
    first = Page(marie.search(country="FR"))
    assert pages >= 2
    assert len(first.rows("operators")) == 20
    assert f"Page 1 sur {pages}" in first.find("nav", class_="pager").text
    second = Page(marie.get(first.link("Suivant")[len(marie.prefix) :]))
    assert "Page 2 sur" in second.find("nav", class_="pager").text
    assert len(second.rows("operators")) == min(20, total - 20)
    assert not set(_names(first)) & set(_names(second))
    assert second.has_link("Précédent")


def test_request_authorisation_with_nothing_ticked_says_so(portal, marie):
    response = marie.tick("BE", "ABIAN")
    assert response.status_code == 400
    assert Page(response).alerts() == [
        "Cochez d'abord la case de l'opérateur pour lequel vous travaillez."
    ]
    assert portal.count(Role, Role.kind == "operator") == 0


def test_request_authorisation_with_two_ticked_says_one_only(portal, marie):
    response = marie.tick("BE", "ABC test", "ABC test 2", "ABC test Operator")
    assert response.status_code == 400
    assert Page(response).alerts() == [
        "Cochez un seul opérateur : chaque demande porte sur un opérateur."
    ]
    assert portal.count(Role, Role.kind == "operator") == 0


def test_request_authorisation_keeps_the_results_on_the_page(marie):
    page = Page(marie.tick("BE", "ABC test"))
    assert _names(page) == GUIDE_OPERATORS[:2]


def test_create_operator_is_disabled_before_any_search(marie):
    page = marie.page("/roles/new/operator")
    [button] = page.buttons("+ Créer un nouvel opérateur")
    assert "disabled" in button.attrs
    assert not page.has_link("+ Créer un nouvel opérateur")
    # Said on the page, not only in a tooltip, and tied to the button for screen readers.
    hint = page.find(id=button.attrs["aria-describedby"])
    assert hint.text == (
        "«+ Créer un nouvel opérateur» devient disponible une fois la recherche faite : "
        "l'opérateur existe peut-être déjà."
    )


def test_the_explanation_goes_once_the_search_is_done(marie):
    page = Page(marie.search(country="BE"))
    assert "devient disponible une fois la recherche faite" not in page.text


def test_create_operator_is_offered_after_a_search(marie):
    page = Page(marie.search(country="BE", q="nothing like this"))
    assert page.result_line() == "0 opérateur trouvé"
    assert page.link("+ Créer un nouvel opérateur") == "/tracesnt/operators/new?country=BE"
    assert page.buttons("+ Créer un nouvel opérateur") == []


def test_a_refused_search_does_not_count_as_a_search(marie):
    marie.search(country="")
    assert marie.page("/roles/new/operator").buttons("+ Créer un nouvel opérateur")


def test_new_operator_before_a_search_goes_back_to_the_search(marie):
    response = marie.get("/operators/new")
    assert response.status_code == 302
    assert response.headers["Location"] == "/tracesnt/roles/new/operator"
    assert marie.follow(response).flashes("info") == [
        "Cherchez d'abord l'opérateur : il existe peut-être déjà."
    ]


def test_a_search_in_production_does_not_open_creation_in_training(portal):
    production = portal.user("lea@example.com")
    production.search(country="BE")
    training = portal.sign_in("lea@example.com", "Tr4ces-Mock!", "training")
    assert training.get("/operators/new").status_code == 302


def test_choose_role_offers_operator_control_body_and_authority(marie):
    page = marie.page("/roles/new")
    assert page.heading == "Demander un nouveau rôle"
    assert [a.text for a in page.find("ul", class_="role-types").find_all("a")] == [
        "Opérateur",
        "Organisme de contrôle biologique",
        "Autorité",
    ]
