"""States reached through the control API, by the same rules as the screens."""

import pytest

from mock_portal.traces.models import OperatorActivity, Role

from .people import valid_operator

ABIAN = "ABIAN BALI EU SPRL"
EUPO = "EU professional operators other than EU registered professional operators (EUPO)"
EUPO_ACTIVITY = "Professional operators other than those referred to in Article 45(1)(I) IMSOC"


def _post(portal, path: str, body: dict):
    return portal.control.post(f"/__admin/environments/production/{path}", json=body)


def test_a_validated_role_is_what_the_authoritys_screens_leave(portal, marie):
    response = _post(
        portal,
        "roles",
        {"email": marie.email, "operator": ABIAN, "country": "be", "authority": "BEAFSCA04"},
    )
    assert response.status_code == 201, response.json
    assert response.json["status"] == "valid"
    profile = marie.page("/profile")
    assert "1 Valide" in " ".join(profile.text.split())
    # The operator is told, as when the authority validates on its screen.
    [mail] = portal.mails(to=marie.email)
    assert mail["subject"] == "TRACES NT : votre rôle est maintenant Valide"


def test_a_created_company_has_its_activity_and_a_validated_role(portal, marie):
    details = {k: v for k, v in valid_operator().items() if k not in ("section", "activity_type")}
    body = {
        "email": marie.email,
        "operator": {**details, "country": "AR", "eori": ""},
        "section": "Third country professional operators (TCPO)",
        "activity_type": "Professional operator",
        "authority": "ARSENASA01",
    }
    response = _post(portal, "operators", body)
    assert response.status_code == 201, response.json
    operator = portal.operator(response.json["operator_id"])
    assert (operator.country, operator.city) == ("AR", "Huy")
    of_it = OperatorActivity.operator_id == operator.id
    assert portal.count(OperatorActivity, of_it, OperatorActivity.section_code == "TCPO") == 1
    assert portal.count(Role, Role.operator_id == operator.id, Role.status == "valid") == 1
    # Twice: the same company exists already.
    assert _post(portal, "operators", body).status_code == 409


def test_an_added_activity_waits_for_validation(portal):
    body = {"operator": ABIAN, "country": "BE", "section": EUPO, "activity_type": EUPO_ACTIVITY}
    response = _post(portal, "activities", body)
    assert response.status_code == 201, response.json
    added = OperatorActivity.section_code == "EUPO", OperatorActivity.status == "new"
    assert portal.count(OperatorActivity, *added) == 1
    again = _post(portal, "activities", body)
    assert again.status_code == 409
    assert again.json["reason"] == "The operator already has this activity."


@pytest.mark.parametrize(
    ("path", "body", "status", "reason"),
    [
        (
            "roles",
            {
                "email": "nobody@example.com",
                "operator": ABIAN,
                "country": "BE",
                "authority": "BEAFSCA04",
            },
            404,
            "never signed in",
        ),
        (
            "roles",
            {
                "email": "marie.dupont@example.com",
                "operator": "Nobody SA",
                "country": "BE",
                "authority": "BEAFSCA04",
            },
            404,
            "No operator",
        ),
        (
            "roles",
            {
                "email": "marie.dupont@example.com",
                "operator": ABIAN,
                "country": "BE",
                "authority": "NOPE",
            },
            404,
            "No authority",
        ),
        ("roles", {"email": "", "operator": ABIAN}, 400, "email must be"),
        (
            "activities",
            {"operator": ABIAN, "country": "BE", "section": "NOPE", "activity_type": "x"},
            400,
            "No section",
        ),
        (
            "activities",
            {"operator": ABIAN, "country": "BE", "section": EUPO, "activity_type": "nothing"},
            400,
            "No activity type",
        ),
    ],
)
def test_what_cannot_be_reached_is_told_and_changes_nothing(
    portal, marie, path, body, status, reason
):
    roles, activities = portal.count(Role), portal.count(OperatorActivity)
    response = _post(portal, path, body)
    assert response.status_code == status
    assert reason in (response.json.get("reason") or response.json.get("message") or "")
    assert (portal.count(Role), portal.count(OperatorActivity)) == (roles, activities)


def test_an_unknown_environment_is_a_404(portal):
    assert portal.control.post("/__admin/environments/mars/roles", json={}).status_code == 404
