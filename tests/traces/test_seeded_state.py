"""The seeded state: the guide's operators and authorities, generated operators, reset."""

import pytest
from sqlalchemy import select

from mock_portal.extensions import db
from mock_portal.traces import seeddata
from mock_portal.traces.models import Operator, OperatorActivity, Organisation, Role
from mock_portal.traces.referential import EORI_PATTERN, section

ENVIRONMENTS = ("production", "training", "acceptance")


def _operators(portal, environment="production") -> list:
    return portal.rows(
        select(Operator.name, Operator.country, Operator.eori, Operator.city)
        .where(Operator.environment == environment)
        .order_by(Operator.id)
    )


@pytest.mark.parametrize(
    ("name", "address", "postal_code", "city"),
    [
        ("ABC test 2", "Street 1", "6591", "Macon"),
        ("ABC test Operator", "Street 1", "3294", "Diest"),
        ("ABIAN BALI EU SPRL", "route du condroz 210", "4120", "Neupré"),
    ],
)
@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_guides_belgian_operator_is_seeded(portal, environment, name, address, postal_code, city):
    operator = portal.operator(portal.operator_id(name, environment))
    assert (operator.country, operator.address, operator.postal_code, operator.city) == (
        "BE",
        address,
        postal_code,
        city,
    )


def test_abian_bali_has_its_eori_and_organic_importer_and_flegt(portal):
    operator_id = portal.operator_id("ABIAN BALI EU SPRL")
    assert portal.operator(operator_id).eori == "BE0479168518"
    activities = [(a.section_code, a.activity_code) for a in portal.activities(operator_id)]
    assert activities == [("ORGANIC IMPORTER", "organic_importer"), ("FLEGT", "timber_importer")]


def test_abc_operators_are_organic_importers_without_eori(portal):
    for name in ("ABC test 2", "ABC test Operator"):
        operator_id = portal.operator_id(name)
        assert portal.operator(operator_id).eori is None
        assert [a.section_code for a in portal.activities(operator_id)] == ["ORGANIC IMPORTER"]


def test_pat_is_in_argentina_with_the_guides_details_and_no_activity(portal):
    operator_id = portal.operator_id("PAT")
    operator = portal.operator(operator_id)
    assert (operator.country, operator.region, operator.city, operator.address) == (
        "AR",
        "Buenos Aires",
        "Buenos Aires",
        "36 CALLE CORRIENTES",
    )
    assert operator.phone == "25694563215"
    assert portal.activities(operator_id) == []


@pytest.mark.parametrize(
    ("code", "name", "postal_code", "city"),
    [
        ("FR007", "Perpignan Phyto test PCF FR007", "66000", "Perpignan"),
        ("FRCDG4H", "Roissy Charles-De-Gaulle PCF FRCDG4H", "95701", "Roissy Ch De Gaulle Cedex"),
        ("FRARC012", "Ile-de-France – SRAL/Pole phytosanitaire RUNGIS FRARC012", "94150", "Rungis"),
        ("FRDGCCRF11", "DGCCRF Ile-de-France FRDGCCRF11", "75013", "Paris"),
    ],
)
def test_guides_french_authority_is_seeded(portal, code, name, postal_code, city):
    [row] = portal.rows(select(Organisation.__table__).where(Organisation.code == code))
    assert (row.kind, row.name, row.postal_code, row.city, row.country) == (
        "authority",
        name,
        postal_code,
        city,
        "FR",
    )


def test_seeded_authority_officers_hold_a_valid_role_in_every_environment(portal):
    for environment in ENVIRONMENTS:
        [role] = portal.roles_of("fr007@autorite.example", environment)
        assert (role.kind, role.status, role.organisation_name) == (
            "authority",
            "valid",
            "Perpignan Phyto test PCF FR007",
        )


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_a_few_hundred_operators_are_generated_per_environment(portal, environment):
    count = portal.count(Operator, Operator.environment == environment)
    assert 200 <= count < 1000
    assert count == portal.count(Operator, Operator.environment == "production")
    countries = {row.country for row in _operators(portal, environment)}
    assert {"BE", "FR", "DE", "AR", "US", "CH"} <= countries


def test_generated_operators_carry_an_eori_of_their_country_in_the_right_format(portal):
    guide = {operator[0] for operator in seeddata.GUIDE_OPERATORS}
    generated = [row for row in _operators(portal) if row.name not in guide]
    assert len(generated) >= 200
    assert all(row.eori for row in generated)
    assert all(EORI_PATTERN.match(row.eori) for row in generated)
    assert all(row.eori.startswith(row.country) for row in generated)


def test_generated_operators_have_activities_allowed_in_their_country(portal):
    rows = portal.rows(
        select(Operator.country, OperatorActivity.section_code)
        .join(OperatorActivity)
        .where(Operator.environment == "production")
    )
    assert rows
    assert all(section(code).applies_to(country) for country, code in rows)


def test_same_faker_seed_gives_the_same_operators(fresh_app):
    first = fresh_app(FAKER_SEED=7)
    seeddata.generated_operators.cache_clear()
    second = fresh_app(FAKER_SEED=7)
    assert _listing(first) == _listing(second)


def test_another_faker_seed_gives_other_operators(fresh_app):
    assert _listing(fresh_app(FAKER_SEED=7)) != _listing(fresh_app(FAKER_SEED=8))


def _listing(app) -> list:
    with app.app_context():
        return db.session.execute(
            select(Operator.name, Operator.eori, Operator.city).order_by(Operator.id)
        ).all()


def test_reset_removes_a_created_operator_and_its_role(portal, marie):
    before = _operators(portal)
    assert marie.create_operator(name="Opérateur éphémère").status_code == 302
    assert portal.operator_id("Opérateur éphémère") is not None
    portal.reset()
    assert portal.operator_id("Opérateur éphémère") is None
    assert portal.count(Role, Role.kind == "operator") == 0
    assert _operators(portal) == before


def test_reset_restores_a_decided_role_and_the_seeded_counts(portal, marie):
    counts = {model: portal.count(model) for model in (Operator, OperatorActivity, Role)}
    portal.grant(marie, "ABIAN BALI EU SPRL", "BE")
    portal.reset()
    assert {model: portal.count(model) for model in counts} == counts
    assert portal.roles_of("marie.dupont@example.com") == []
    assert portal.mails() == []
