"""Reference data: countries named by Babel, the real sections and activity types, their scopes."""

import pytest
from babel import Locale

from mock_portal.traces import referential

from .people import ENGLISH

# portal-facts.md, "Sections and activity types (real codes)".
SECTIONS = {
    "EUPO": {"professional_operator_other_than_registered"},
    "EURPO": {"registered_professional_operator"},
    "PLANTS": {"nursery", "plant_estab"},
    "QUA-CONF": {"quarantine_station", "confinement_facility"},
    "TCPO": {"professional_operator"},
    "EU_CITES": {"cites_operator"},
    "FLEGT": {"timber_importer"},
    "ORGANIC IMPORTER": {"organic_importer"},
    "ORGANIC EXPORTER": None,
    "ORGANIC PRODUCER": None,
    "ORGANIC OPERATOR": None,
    "ORGANIC TRADER": None,
    "RFL": {"responsible"},
    "IMPORTER": None,
    "EXPORTER": None,
    "TRANSPORTER": None,
}
EUPO_ACTIVITY = "Professional operators other than those referred to in Article 45(1)(I) IMSOC"


def test_countries_are_named_in_french_with_their_code(marie):
    options = marie.page("/roles/new/operator").options("country")
    assert (None, "BE", "Belgique (BE)") in options
    assert (None, "AR", "Argentine (AR)") in options


def test_countries_are_named_in_english_with_an_english_interface(portal):
    visitor = portal.user(language=ENGLISH)
    options = visitor.page("/roles/new/operator").options("country")
    assert (None, "BE", "Belgium (BE)") in options
    assert (None, "AR", "Argentina (AR)") in options


def test_countries_are_babels_french_names_and_no_region(marie):
    names = Locale.parse("fr").territories
    options = [(v, t) for _, v, t in marie.page("/roles/new/operator").options("country") if v]
    assert len(options) >= 240
    assert all(text == f"{names[code]} ({code})" for code, text in options)
    assert not {"EU", "UN", "ZZ", "150"} & {code for code, _ in options}


@pytest.mark.parametrize("code", sorted(SECTIONS))
def test_section_of_the_real_portal_exists_with_its_activity_types(marie, code):
    options = marie.page("/roles/new/operator").options("activity_type")
    offered = {value.partition(":")[2] for group, value, _ in options if group == code}
    assert offered, f"no activity type offered under {code}"
    if SECTIONS[code] is not None:
        assert offered == SECTIONS[code]
    assert {value for _, value, _ in marie.page("/roles/new/operator").options("section")} >= {code}


def test_eupo_offers_the_guides_activity_word_for_word(marie):
    options = marie.page("/roles/new/operator").options("activity_type")
    assert [text for group, _, text in options if group == "EUPO"] == [EUPO_ACTIVITY]


def test_eupo_is_listed_under_plant_health_eu_efta_with_the_guides_label(marie):
    options = marie.page("/roles/new/operator").options("section")
    assert (
        "Santé végétale (AELE, Union européenne)",
        "EUPO",
        "EU professional operators other than EU registered professional operators (EUPO)",
    ) in options


@pytest.mark.parametrize(
    ("group", "code", "label"),
    [
        ("Santé végétale (AELE, Union européenne)", "EURPO", "EU registered professional operators (EURPO)"),
        ("Santé végétale (AELE, Union européenne)", "QUA-CONF", "Quarantine stations and confinement facilities (QUA-CONF)"),
        ("Santé végétale (All countries)", "PLANTS", "Etablissement végétal (PLANTS)"),
        ("EU Cites (All countries)", "EU_CITES", "EU Cites (EU_CITES)"),
        ("Produits biologiques (Union européenne)", "ORGANIC IMPORTER", "Importateur de produits biologiques (ORGANIC IMPORTER)"),
        ("Bois importé (Union européenne)", "FLEGT", "Importation de bois (FLEGT)"),
    ],
)  # fmt: skip
def test_section_carries_the_guides_french_label_under_its_heading(marie, group, code, label):
    assert (group, code, label) in marie.page("/roles/new/operator").options("section")


@pytest.mark.parametrize(
    ("code", "country", "applies"),
    [
        ("TCPO", "AR", True),
        ("TCPO", "US", True),
        ("TCPO", "BE", False),
        ("TCPO", "CH", False),
        ("FLEGT", "BE", True),
        ("FLEGT", "AR", False),
        ("FLEGT", "CH", False),
        ("ORGANIC IMPORTER", "FR", True),
        ("ORGANIC IMPORTER", "AR", False),
        ("ORGANIC IMPORTER", "NO", False),
        ("EUPO", "BE", True),
        ("EUPO", "CH", True),
        ("EUPO", "AR", True),
        ("EUPO", "US", True),
        ("EURPO", "CH", True),
        ("EURPO", "AR", False),
        ("EU_CITES", "AR", True),
    ],
)
def test_section_applies_to_the_countries_of_its_scope(code, country, applies):
    assert referential.section(code).applies_to(country) is applies
