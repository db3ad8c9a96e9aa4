"""Part III: "+ Ajouter une activité", its rules, and the authority's validation."""

import pytest
from sqlalchemy import select

from mock_portal.traces.models import Operator, OperatorActivity

from ..html_page import Page

EUPO = "EUPO"
EUPO_TYPE = "EUPO:professional_operator_other_than_registered"
EUPO_LABEL = "EU professional operators other than EU registered professional operators (EUPO)"
EUPO_ACTIVITY = "Professional operators other than those referred to in Article 45(1)(I) IMSOC"
ABIAN = "ABIAN BALI EU SPRL"


@pytest.fixture
def argentinian_authority(portal):
    return portal.authority("AR")


@pytest.fixture
def new_eupo(portal, pat_user, pat) -> int:
    """The guide's EUPO activity added to PAT, waiting for validation; its id."""
    assert pat_user.add_activity(pat, EUPO, EUPO_TYPE).status_code == 302
    return portal.activity_id(pat, EUPO)


def _section_errors(response) -> list[str]:
    assert response.status_code == 400
    return Page(response).errors("section")


def test_add_activity_form_offers_the_guides_section_and_activity(pat_user, pat):
    page = pat_user.page(f"/operators/{pat}/activities/new")
    # The heading names the page; the «+» belongs to the button that leads to it.
    assert page.heading == "← Ajouter une activité"
    assert ("Santé végétale (AELE, Union européenne)", EUPO, EUPO_LABEL) in page.options("section")
    assert (EUPO, EUPO_TYPE, EUPO_ACTIVITY) in page.options("activity_type")
    assert page.label("identifier") == "Identifiant"


def test_guides_eupo_activity_is_added_to_pat_as_new(portal, pat_user, pat):
    response = pat_user.add_activity(pat, EUPO, EUPO_TYPE)
    page = pat_user.follow(response)
    assert page.flashes("success") == [
        "L'activité a été ajoutée. Elle reste au statut Nouveau jusqu'à sa validation par une "
        "autorité."
    ]
    assert page.rows("activities") == [[EUPO_LABEL, EUPO_ACTIVITY, "", "Nouveau"]]
    assert "Pas d'activités d'opérateur." not in page.text
    [activity] = portal.activities(pat)
    assert activity.status == "new"


def test_same_activity_twice_is_refused(portal, pat_user, pat, new_eupo):
    response = pat_user.add_activity(pat, EUPO, EUPO_TYPE)
    assert response.status_code == 400
    assert Page(response).errors("activity_type") == ["L'opérateur a déjà cette activité."]
    assert len(portal.activities(pat)) == 1


def test_refused_activity_can_be_asked_for_again(
    portal, pat_user, pat, new_eupo, argentinian_authority
):
    argentinian_authority.decide_activity(new_eupo, "refuse")
    assert pat_user.add_activity(pat, EUPO, EUPO_TYPE).status_code == 302
    assert [a.status for a in portal.activities(pat)] == ["refused", "new"]


def test_third_country_section_is_refused_for_an_eu_operator(portal, abian_user, abian):
    response = abian_user.add_activity(abian, "TCPO", "TCPO:professional_operator")
    assert _section_errors(response) == [
        "La section TCPO ne s'applique pas aux opérateurs de ce pays : Belgique (BE)."
    ]
    assert len(portal.activities(abian)) == 2


def test_eu_only_section_is_refused_for_a_third_country_operator(portal, pat_user, pat):
    response = pat_user.add_activity(pat, "FLEGT", "FLEGT:timber_importer")
    assert _section_errors(response) == [
        "La section FLEGT ne s'applique pas aux opérateurs de ce pays : Argentine (AR)."
    ]
    assert portal.activities(pat) == []


def test_third_country_section_is_accepted_for_pat(pat_user, pat):
    assert pat_user.add_activity(pat, "TCPO", "TCPO:professional_operator").status_code == 302


def test_quarantine_section_is_refused_with_oper_029(portal, abian_user, abian):
    response = abian_user.add_activity(abian, "QUA-CONF", "QUA-CONF:quarantine_station")
    [message] = _section_errors(response)
    assert message.startswith("OPER-029")
    assert len(portal.activities(abian)) == 2


def test_competent_authority_adds_an_approved_list_section_valid_at_once(portal, abian):
    belgian_authority = portal.authority("BE")
    response = belgian_authority.add_activity(abian, "QUA-CONF", "QUA-CONF:quarantine_station")
    assert response.status_code == 302
    [added] = [a for a in portal.activities(abian) if a.section_code == "QUA-CONF"]
    assert added.status == "valid"


def test_authority_of_another_country_cannot_add_an_activity(portal, abian):
    response = portal.authority("FR").add_activity(abian, "EUPO", EUPO_TYPE)
    assert response.status_code == 403


def test_registered_operator_section_without_identifier_is_refused(portal, abian_user, abian):
    response = abian_user.add_activity(abian, "EURPO", "EURPO:registered_professional_operator")
    assert response.status_code == 400
    page = Page(response)
    assert page.errors("identifier") == [
        "Cette activité demande un identifiant, par exemple le numéro d'enregistrement officiel."
    ]
    assert page.label("identifier") == "Identifiant"
    assert len(portal.activities(abian)) == 2


def test_registered_operator_section_with_identifier_is_added(portal, abian_user, abian):
    response = abian_user.add_activity(
        abian, "EURPO", "EURPO:registered_professional_operator", identifier="BE-RPO-4120"
    )
    rows = abian_user.follow(response).rows("activities")
    assert rows[-1] == [
        "EU registered professional operators (EURPO)",
        "Opérateur professionnel enregistré",
        "BE-RPO-4120",
        "Nouveau",
    ]


def test_importer_section_is_refused_for_an_operator_without_eori(portal, pat_user, pat):
    response = pat_user.add_activity(pat, "IMPORTER", "IMPORTER:importer")
    assert _section_errors(response) == ["Un numéro EORI est obligatoire pour la section IMPORTER."]
    assert portal.activities(pat) == []


def test_importer_section_is_accepted_for_an_operator_with_eori(abian_user, abian):
    assert abian_user.add_activity(abian, "IMPORTER", "IMPORTER:importer").status_code == 302


def test_activity_type_outside_the_section_is_refused(pat_user, pat):
    response = pat_user.add_activity(pat, EUPO, "TCPO:professional_operator")
    assert response.status_code == 400
    assert Page(response).errors("activity_type") == [
        "Ce type d'activité n'appartient pas à la section choisie."
    ]


def test_section_and_activity_type_are_mandatory(pat_user, pat):
    response = pat_user.add_activity(pat, "", "")
    assert Page(response).all_errors() == {
        "section": ["Veuillez choisir une section."],
        "activity_type": ["Veuillez choisir un type d'activité."],
    }


def test_authority_sees_the_new_activity_to_validate(argentinian_authority, new_eupo):
    page = argentinian_authority.page("/activities")
    assert page.heading == "Activités à valider"
    [row] = page.rows("activities")
    assert row == [
        "PAT Argentine (AR)",
        EUPO_LABEL,
        EUPO_ACTIVITY,
        "",
        "Nouveau",
        "Valider Refuser",
    ]


def test_authority_validates_the_activity(portal, pat_user, pat, argentinian_authority, new_eupo):
    response = argentinian_authority.decide_activity(new_eupo, "validate")
    assert argentinian_authority.follow(response).flashes("success") == [
        f"L'activité {EUPO_LABEL} de PAT est maintenant Valide."
    ]
    assert pat_user.page(f"/operators/{pat}").rows("activities")[0][3] == "Valide"
    assert "Aucune activité ici." in argentinian_authority.page("/activities").text


def test_authority_refuses_another_activity(portal, pat_user, pat, argentinian_authority, new_eupo):
    pat_user.add_activity(pat, "TCPO", "TCPO:professional_operator")
    argentinian_authority.decide_activity(new_eupo, "validate")
    response = argentinian_authority.decide_activity(portal.activity_id(pat, "TCPO"), "refuse")
    assert (
        "L'activité Opérateurs professionnels de pays tiers (TCPO) de PAT est maintenant Refusé."
        in argentinian_authority.follow(response).flashes("success")
    )
    statuses = [row[3] for row in pat_user.page(f"/operators/{pat}").rows("activities")]
    assert statuses == ["Valide", "Refusé"]


def test_decided_activity_cannot_be_decided_again(portal, argentinian_authority, new_eupo):
    argentinian_authority.decide_activity(new_eupo, "validate")
    response = argentinian_authority.decide_activity(new_eupo, "refuse")
    assert argentinian_authority.follow(response).flashes("error") == [
        "Cette activité est Valide : cette action n'est pas possible."
    ]
    assert [a.status for a in portal.activities(portal.operator_id("PAT"))] == ["valid"]


def test_status_tabs_filter_the_activities(portal, pat_user, pat, argentinian_authority, new_eupo):
    pat_user.add_activity(pat, "TCPO", "TCPO:professional_operator")
    argentinian_authority.decide_activity(new_eupo, "validate")
    waiting = argentinian_authority.page("/activities").rows("activities")
    assert [row[1] for row in waiting] == ["Opérateurs professionnels de pays tiers (TCPO)"]
    valid = argentinian_authority.page("/activities", query_string={"status": "valid"})
    assert valid.rows("activities")[0][:2] == ["PAT Argentine (AR)", EUPO_LABEL]
    assert {row[4] for row in valid.rows("activities")} == {"Valide"}
    everything = argentinian_authority.page("/activities", query_string={"status": "all"})
    argentinian = portal.count(
        OperatorActivity,
        OperatorActivity.operator_id.in_(
            select(Operator.id).where(
                Operator.country == "AR", Operator.environment == "production"
            )
        ),
    )
    # More than the twenty a page shows: the summary counts them all.
    assert argentinian > 20
    assert len(everything.rows("activities")) == 20
    assert everything.find("p", class_="pager-summary").text == (
        f"Affichage de 1 à 20 sur {argentinian}"
    )


def test_validation_is_mailed_to_the_operators_valid_users(portal, argentinian_authority, new_eupo):
    argentinian_authority.decide_activity(new_eupo, "validate")
    activity_mails = [
        m for m in portal.mails("marie.dupont@example.com") if "activité" in m["subject"]
    ]
    assert [m["subject"] for m in activity_mails] == ["TRACES NT : activité Valide pour PAT"]
    assert f"L'activité {EUPO_LABEL} de PAT est maintenant Valide." in activity_mails[0]["body"]


def test_refusal_is_mailed_too(portal, argentinian_authority, new_eupo):
    argentinian_authority.decide_activity(new_eupo, "refuse")
    subjects = [m["subject"] for m in portal.mails("marie.dupont@example.com")]
    assert "TRACES NT : activité Refusé pour PAT" in subjects


def test_no_activity_mail_for_a_user_who_opted_out(
    portal, pat_user, argentinian_authority, new_eupo
):
    pat_user.save_preferences("notify_role_status")
    argentinian_authority.decide_activity(new_eupo, "validate")
    assert not [m for m in portal.mails(pat_user.email) if "activité" in m["subject"]]


def test_no_activity_mail_for_a_user_whose_role_is_pending(
    portal, paul, argentinian_authority, new_eupo
):
    paul.request_authorisation("PAT", "AR")
    argentinian_authority.decide_activity(new_eupo, "validate")
    assert not [m for m in portal.mails(paul.email) if "activité" in m["subject"]]


def test_french_authority_cannot_act_on_argentinian_activities(portal, new_eupo):
    french = portal.authority("FR")
    assert "Aucune activité ici." in french.page("/activities").text
    response = french.decide_activity(new_eupo, "validate")
    assert response.status_code == 403
    assert Page(response).alerts() == ["Cet opérateur ne relève pas de votre compétence."]
    assert [a.status for a in portal.activities(portal.operator_id("PAT"))] == ["new"]


def test_operator_user_cannot_validate_activities(portal, pat_user, new_eupo):
    response = pat_user.decide_activity(new_eupo, "validate")
    assert response.status_code == 403
    assert [a.status for a in portal.activities(portal.operator_id("PAT"))] == ["new"]


def test_unknown_activity_action_is_not_found(argentinian_authority, new_eupo):
    assert argentinian_authority.decide_activity(new_eupo, "suspend").status_code == 404


def test_activity_of_another_environment_is_not_found(portal, new_eupo):
    training = portal.authority("AR", environment="training")
    assert training.decide_activity(new_eupo, "validate").status_code == 404
