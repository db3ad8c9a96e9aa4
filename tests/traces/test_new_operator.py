"""II.1: "+ Créer un nouvel opérateur": mandatory fields, identifiers, duplicates, the role."""

import pytest

from mock_portal.traces.models import Operator

from ..html_page import Page
from .people import counters

# Refused by the form before anything is written: the database cannot change what is
# refused or said, so these run on the first backend only (see tests/backends.py).
refused_by_the_form = pytest.mark.any_database


def _errors(response) -> dict[str, list[str]]:
    assert response.status_code == 400, response.status_code
    return Page(response).all_errors()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("name", "Veuillez saisir le nom."),
        ("country", "Veuillez choisir un pays."),
        ("region", "Veuillez saisir la région administrative."),
        ("city", "Veuillez saisir la ville."),
        ("postal_code", "Veuillez saisir le code postal."),
        ("address", "Veuillez saisir l'adresse."),
    ],
)
@refused_by_the_form
def test_mandatory_field_left_empty_is_named(portal, marie, field, message):
    errors = _errors(marie.create_operator(**{field: ""}))
    assert errors[field] == [message]
    assert portal.operator_id("Les Vergers de Hesbaye") is None


@pytest.mark.parametrize(
    "field", ["name", "country", "region", "city", "postal_code", "address", "phone"]
)
@refused_by_the_form
def test_mandatory_field_carries_a_red_asterisk(marie, field):
    marie.search(country="BE")
    page = marie.page("/operators/new")
    assert page.is_marked_mandatory(field)


@refused_by_the_form
def test_no_way_of_contact_at_all_is_refused(portal, marie):
    errors = _errors(marie.create_operator(phone=""))
    assert errors == {
        "phone": [
            "Indiquez au moins un moyen de contacter l'opérateur : téléphone, fax, courriel "
            "ou site internet."
        ]
    }
    assert portal.operator_id("Les Vergers de Hesbaye") is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "+32 85 123456"),
        ("fax", "+32 85 654321"),
        ("email", "info@vergers.example"),
        ("website", "https://vergers.example"),
    ],
)
def test_one_way_of_contact_is_enough(portal, marie, field, value):
    response = marie.create_operator(**{"phone": "", field: value})
    assert response.status_code == 302
    operator = portal.operator(portal.operator_id("Les Vergers de Hesbaye"))
    assert getattr(operator, field) == value


@refused_by_the_form
def test_invalid_phone_is_refused(marie):
    assert _errors(marie.create_operator(phone="not a number"))["phone"] == [
        "Ce numéro de téléphone n'est pas valide."
    ]


@refused_by_the_form
def test_invalid_email_is_refused(marie):
    assert _errors(marie.create_operator(email="info@"))["email"] == [
        "Cette adresse électronique n'est pas valide."
    ]


@pytest.mark.parametrize("eori", ["123456", "B", "BE 0479-168518", "BE12345678901234567"])
@refused_by_the_form
def test_eori_in_a_wrong_format_is_refused(marie, eori):
    assert _errors(marie.create_operator(eori=eori))["eori"] == [
        "Un numéro EORI est un code pays suivi de 15 lettres ou chiffres au plus, "
        "par exemple BE0479168518."
    ]


@pytest.mark.parametrize("eori", ["ZZ0123456789", "QQ0123456789", "EU0123456789", "UK123456789"])
@refused_by_the_form
def test_eori_of_no_country_is_refused(portal, marie, eori):
    assert _errors(marie.create_operator(eori=eori))["eori"] == [
        f"Un numéro EORI commence par le code du pays qui l'a délivré ; {eori[:2]} n'est le "
        "code d'aucun pays (BE pour la Belgique, FR pour la France...)."
    ]
    assert portal.operator_id("Les Vergers de Hesbaye") is None


@pytest.mark.parametrize("eori", ["FR12345678901", "GB123456789000", "XI123456789000"])
def test_eori_of_a_country_or_of_northern_ireland_is_accepted(portal, marie, eori):
    assert marie.create_operator(eori=eori).status_code == 302
    assert portal.operator(portal.operator_id("Les Vergers de Hesbaye")).eori == eori


def test_eori_is_stored_in_capitals_without_spaces(portal, marie):
    assert marie.create_operator(eori="be 0123 456 789").status_code == 302
    assert portal.operator(portal.operator_id("Les Vergers de Hesbaye")).eori == "BE0123456789"


@pytest.mark.parametrize(
    ("section", "activity_type"),
    [
        ("IMPORTER", "IMPORTER:importer"),
        ("FLEGT", "FLEGT:timber_importer"),
        ("ORGANIC IMPORTER", "ORGANIC IMPORTER:organic_importer"),
    ],
)
def test_eori_is_mandatory_for_importing_sections(portal, marie, section, activity_type):
    errors = _errors(marie.create_operator(section=section, activity_type=activity_type))
    assert errors == {"eori": [f"Un numéro EORI est obligatoire pour la section {section}."]}
    created = marie.create_operator(
        section=section, activity_type=activity_type, eori="BE0999999999"
    )
    assert created.status_code == 302


def test_eori_is_not_mandatory_for_other_sections(marie):
    assert marie.create_operator(section="RFL", activity_type="RFL:responsible").status_code == 302


@pytest.mark.parametrize(
    ("country", "section", "activity_type", "country_label"),
    [
        ("BE", "TCPO", "TCPO:professional_operator", "Belgique (BE)"),
        ("AR", "FLEGT", "FLEGT:timber_importer", "Argentine (AR)"),
        ("AR", "ORGANIC IMPORTER", "ORGANIC IMPORTER:organic_importer", "Argentine (AR)"),
        ("CH", "FLEGT", "FLEGT:timber_importer", "Suisse (CH)"),
    ],
)
@refused_by_the_form
def test_section_must_apply_to_the_operators_country(
    marie, country, section, activity_type, country_label
):
    response = marie.create_operator(
        country=country, section=section, activity_type=activity_type, eori="BE0999999999"
    )
    assert _errors(response)["section"] == [
        f"La section {section} ne s'applique pas aux opérateurs de ce pays : {country_label}."
    ]


def test_eupo_is_open_to_an_argentinian_operator(marie):
    response = marie.create_operator(
        country="AR",
        section="EUPO",
        activity_type="EUPO:professional_operator_other_than_registered",
    )
    assert response.status_code == 302


@refused_by_the_form
def test_activity_type_must_belong_to_the_section(marie):
    errors = _errors(marie.create_operator(activity_type="TRANSPORTER:transporter"))
    assert errors == {
        "activity_type": ["Ce type d'activité n'appartient pas à la section choisie."]
    }


@refused_by_the_form
def test_section_and_activity_type_are_mandatory(marie):
    errors = _errors(marie.create_operator(section="", activity_type=""))
    assert errors == {
        "section": ["Veuillez choisir une section."],
        "activity_type": ["Veuillez choisir un type d'activité."],
    }


@pytest.mark.parametrize(
    "activity_type", ["QUA-CONF:quarantine_station", "QUA-CONF:confinement_facility"]
)
@refused_by_the_form
def test_quarantine_section_is_refused_with_oper_029(portal, marie, activity_type):
    errors = _errors(marie.create_operator(section="QUA-CONF", activity_type=activity_type))
    [message] = errors["section"]
    assert message.startswith("OPER-029")
    assert "QUA-CONF" in message
    assert portal.operator_id("Les Vergers de Hesbaye") is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("latitude", "90.5", "La latitude doit être comprise entre -90 et 90."),
        ("latitude", "-91", "La latitude doit être comprise entre -90 et 90."),
        ("longitude", "180.01", "La longitude doit être comprise entre -180 et 180."),
        ("longitude", "-200", "La longitude doit être comprise entre -180 et 180."),
    ],
)
@refused_by_the_form
def test_coordinates_out_of_range_are_refused(marie, field, value, message):
    assert _errors(marie.create_operator(**{field: value})) == {field: [message]}


def test_coordinates_in_range_are_stored(portal, marie):
    assert marie.create_operator(latitude="50.5186", longitude="5.2397").status_code == 302
    operator = portal.operator(portal.operator_id("Les Vergers de Hesbaye"))
    assert (operator.latitude, operator.longitude) == (50.5186, 5.2397)


def test_coordinates_on_the_equator_and_greenwich_meridian_are_kept(portal, marie):
    assert marie.create_operator(latitude="0", longitude="0").status_code == 302
    operator = portal.operator(portal.operator_id("Les Vergers de Hesbaye"))
    assert (operator.latitude, operator.longitude) == (0.0, 0.0)


def test_duplicate_eori_names_the_existing_operator_with_a_link(portal, marie):
    response = marie.create_operator(eori="BE0479168518")
    assert _errors(response)["eori"] == [
        "Un opérateur avec ce numéro EORI existe déjà : ABIAN BALI EU SPRL."
    ]
    link = Page(response).link("ABIAN BALI EU SPRL")
    found = Page(marie.client.get(link))
    assert [row[0] for row in found.rows("operators")] == ["ABIAN BALI EU SPRL EORI: BE0479168518"]
    assert portal.operator_id("Les Vergers de Hesbaye") is None


def test_duplicate_eori_is_found_whatever_the_typing(marie):
    errors = _errors(marie.create_operator(eori="be 0479 168 518"))
    assert errors["eori"] == ["Un opérateur avec ce numéro EORI existe déjà : ABIAN BALI EU SPRL."]


def test_duplicate_name_at_the_same_address_is_refused(portal, marie):
    response = marie.create_operator(
        name="abc test 2", address="Street 1", city="Macon", postal_code="6591"
    )
    assert _errors(response)["name"] == ["Cet opérateur existe déjà à cette adresse : ABC test 2."]
    assert Page(response).has_link("ABC test 2")
    assert portal.count(Operator, Operator.name.ilike("abc test 2")) == 3


def test_same_name_elsewhere_is_not_a_duplicate(marie):
    response = marie.create_operator(name="ABC test 2", address="Street 2", city="Namur")
    assert response.status_code == 302


@refused_by_the_form
def test_typed_values_are_kept_on_error(marie):
    response = marie.create_operator(
        name="",
        eori="BE0111222333",
        latitude="50.5",
        section="RFL",
        activity_type="RFL:responsible",
    )
    page = Page(response)
    assert page.errors("name") == ["Veuillez saisir le nom."]
    assert [page.value(name) for name in ("region", "city", "postal_code", "address", "phone")] == [
        "Liège",
        "Huy",
        "4500",
        "rue du Pont 12",
        "+32 85 123456",
    ]
    assert (page.value("eori"), page.value("latitude")) == ("BE0111222333", "50.5")
    assert (page.selected("country"), page.selected("section")) == ("BE", "RFL")
    assert page.selected("activity_type") == "RFL:responsible"


def test_country_of_the_search_is_chosen_in_the_new_operator_form(marie):
    page = Page(
        marie.client.get(Page(marie.search(country="AR")).link("+ Créer un nouvel opérateur"))
    )
    assert page.selected("country") == "AR"


def test_creation_records_the_operator_with_a_new_activity(portal, marie):
    marie.create_operator(eori="BE0111222333", latitude="50.5", longitude="5.2")
    operator_id = portal.operator_id("Les Vergers de Hesbaye")
    operator = portal.operator(operator_id)
    assert (operator.country, operator.region, operator.city, operator.postal_code) == (
        "BE",
        "Liège",
        "Huy",
        "4500",
    )
    assert (operator.address, operator.eori, operator.environment) == (
        "rue du Pont 12",
        "BE0111222333",
        "production",
    )
    [activity] = portal.activities(operator_id)
    assert (activity.section_code, activity.activity_code, activity.status) == (
        "EXPORTER",
        "exporter",
        "new",
    )


def test_creation_also_records_the_users_request_in_one_step(portal, marie):
    response = marie.create_operator()
    assert response.headers["Location"] == "/tracesnt/profile"
    profile = marie.follow(response)
    assert profile.flashes("success") == [
        "L'opérateur Les Vergers de Hesbaye a été créé et votre demande d'autorisation a été soumise."
    ]
    assert counters(profile)["requested"] == "1 Demandé"
    assert profile.rows("roles") == [
        ["Opérateur", "Les Vergers de Hesbaye rue du Pont 12 4500 Huy Belgique (BE)", "Demandé"]
    ]
    [role] = portal.roles_of(marie.email)
    assert (role.kind, role.status, role.operator_name) == (
        "operator",
        "requested",
        "Les Vergers de Hesbaye",
    )


def test_created_operator_is_then_found_by_the_search(marie):
    marie.create_operator()
    page = Page(marie.search(country="BE", q="Vergers de Hesbaye"))
    assert page.rows("operators")[0][:3] == [
        "Les Vergers de Hesbaye",
        "rue du Pont 12 4500 Huy Belgique",
        "Exportateur (EXPORTER)",
    ]
