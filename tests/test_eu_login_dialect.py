"""EU Login's own validation endpoints: assurance levels, userDetails, groups, ticketTypes, and
the response shape of the real EU Login (attributes directly under authenticationSuccess)."""

import json

import pytest

from .conftest import PRODUCTION
from .support import ECAS_NS, cas_xml, failure_code, ticket_from

# What the database cannot change: EU Login's own answers (tests/backends.py).
pytestmark = pytest.mark.any_database

EMAIL = "marie.dupont@example.com"
GROUPS = ["TRACES_EXPORTERS", "TRACES_TRAINERS"]


@pytest.fixture
def uid(portal):
    return portal.create_account(email=EMAIL, groups=GROUPS)


def _validate(client, endpoint, ticket, **params):
    query = {"ticket": ticket, "service": PRODUCTION} | params
    return client.get(f"/cas/{endpoint}", query_string=query)


def _text(success, name):
    return success.findtext(f"cas:{name}", namespaces=ECAS_NS)


def test_lax_validate_answers_in_eu_logins_shape(portal, uid, client):
    answer = _validate(
        client,
        "laxValidate",
        portal.ticket(),
        userDetails="true",
        groups="*",
        ticketTypes="SERVICE",
    )
    success = cas_xml(answer).find("cas:authenticationSuccess", ECAS_NS)
    assert success.find("cas:attributes", ECAS_NS) is None  # no CAS 3.0 wrapper
    assert _text(success, "user") == uid
    assert _text(success, "email") == EMAIL
    assert (_text(success, "firstName"), _text(success, "lastName")) == ("Marie", "Dupont")
    assert _text(success, "domain") == "external"
    assert _text(success, "assuranceLevel") == "10"
    assert _text(success, "ticketType") == "SERVICE"
    assert _text(success, "sso") == "false"
    assert _text(success, "loginDate").endswith("Z")
    groups = success.find("cas:groups", ECAS_NS)
    assert groups.get("number") == "2"
    assert [g.text for g in groups.findall("cas:group", ECAS_NS)] == GROUPS
    strengths = success.find("cas:strengths", ECAS_NS)
    assert [s.text for s in strengths.findall("cas:strength", ECAS_NS)] == ["PASSWORD"]


def test_without_user_details_only_the_user_and_the_sign_in_are_told(portal, uid, client):
    success = cas_xml(_validate(client, "laxValidate", portal.ticket())).find(
        "cas:authenticationSuccess", ECAS_NS
    )
    assert _text(success, "user") == uid
    assert _text(success, "email") is None
    assert success.find("cas:groups", ECAS_NS) is None


def test_groups_can_be_asked_for_by_name(portal, uid, client):
    answer = _validate(client, "laxValidate", portal.ticket(), groups="TRACES_TRAINERS,OTHER")
    groups = cas_xml(answer).find("cas:authenticationSuccess/cas:groups", ECAS_NS)
    assert groups.get("number") == "1"
    assert [g.text for g in groups] == ["TRACES_TRAINERS"]


def test_an_account_without_groups_has_an_empty_groups_element(portal, client):
    portal.create_account(email="zoe@example.com")
    answer = _validate(client, "laxValidate", portal.ticket(email="zoe@example.com"), groups="*")
    groups = cas_xml(answer).find("cas:authenticationSuccess/cas:groups", ECAS_NS)
    assert groups.get("number") == "0" and list(groups) == []


@pytest.mark.parametrize(
    ("endpoint", "level"),
    [
        ("sponsorValidate", "MEDIUM (20)"),
        ("interinstitutionalValidate", "HIGH (30)"),
        ("strictValidate", "TOP (40)"),
    ],
)
def test_an_external_account_does_not_pass_a_higher_assurance_level(
    portal, uid, client, endpoint, level
):
    root = cas_xml(_validate(client, endpoint, portal.ticket()))
    assert failure_code(root) == "INVALID_USER"
    assert root.findtext("cas:authenticationFailure", namespaces=ECAS_NS).endswith(
        f"is LOW (10); {endpoint} needs {level}"
    )


def test_lax_validate_spends_the_ticket_like_any_validation(portal, uid, client):
    ticket = portal.ticket()
    _validate(client, "laxValidate", ticket)
    assert failure_code(cas_xml(_validate(client, "laxValidate", ticket))) == "INVALID_TICKET"


def test_groups_are_given_through_the_control_api(portal, uid, client):
    answer = client.put(f"/__admin/users/{EMAIL}/groups", json={"groups": ["B", "A", "A", " "]})
    assert answer.status_code == 200
    assert answer.json["groups"] == ["A", "B"]
    assert client.get(f"/__admin/users/{EMAIL}/groups").json["groups"] == ["A", "B"]
    groups = cas_xml(_validate(client, "laxValidate", portal.ticket(), groups="*")).find(
        "cas:authenticationSuccess/cas:groups", ECAS_NS
    )
    assert [g.text for g in groups] == ["A", "B"]


@pytest.mark.parametrize("body", [{"groups": "A"}, {"groups": [1]}, {"groups": ["x" * 101]}, {}])
def test_groups_that_are_no_list_of_names_are_refused(portal, uid, client, body):
    answer = client.put(f"/__admin/users/{EMAIL}/groups", json=body)
    assert answer.status_code == 400
    assert client.get(f"/__admin/users/{EMAIL}/groups").json["groups"] == GROUPS


def test_groups_of_an_unknown_account_are_not_found(client):
    answer = client.put("/__admin/users/nobody@example.com/groups", json={"groups": []})
    assert answer.status_code == 404


def test_the_dialect_answers_in_json(portal, uid, client):
    answer = _validate(
        client, "laxValidate", portal.ticket(), format="JSON", userDetails="true", groups="*"
    )
    assert answer.mimetype == "application/json"
    success = json.loads(answer.data)["serviceResponse"]["authenticationSuccess"]
    assert success["user"] == uid and success["email"] == EMAIL
    assert success["groups"] == GROUPS and success["strengths"] == ["PASSWORD"]


def test_traces_validates_with_lax_validate_and_reads_the_dialect(portal, uid, client):
    seen = []
    original = client.application.view_functions["eulogin.laxValidate"]

    def spying():
        from flask import request

        seen.append(dict(request.args))
        return original()

    client.application.view_functions["eulogin.laxValidate"] = spying
    ticket = portal.ticket()
    assert client.get("/tracesnt/login", query_string={"ticket": ticket}).status_code == 302
    [query] = seen
    assert (query["userDetails"], query["groups"], query["ticketTypes"]) == ("true", "*", "SERVICE")
    assert "authenticationLevel" not in query


# EU Login's own envelope


def test_the_envelope_is_eu_logins_namespace_with_server_date_and_version(portal, uid, client):
    root = cas_xml(_validate(client, "laxValidate", portal.ticket(), userDetails="true"))
    assert root.tag == "{https://ecas.ec.europa.eu/cas/schemas}serviceResponse"
    assert root.get("server").startswith("EU Login")
    assert root.get("version") == "6.3.0"
    assert root.get("date").endswith("Z")


def test_the_standard_endpoints_keep_the_specifications_namespace(portal, uid, client):
    answer = client.get(
        "/cas/p3/serviceValidate", query_string={"ticket": portal.ticket(), "service": PRODUCTION}
    )
    assert cas_xml(answer).tag == "{http://www.yale.edu/tp/cas}serviceResponse"


def test_failures_of_eu_logins_endpoints_are_in_its_envelope_too(client):
    root = cas_xml(_validate(client, "laxValidate", "ST-unknown"))
    assert root.tag == "{https://ecas.ec.europa.eu/cas/schemas}serviceResponse"
    assert failure_code(root) == "INVALID_TICKET"


def test_attributes_follow_eu_logins_order(portal, uid, client):
    root = cas_xml(
        _validate(client, "laxValidate", portal.ticket(), userDetails="true", groups="*")
    )
    success = root.find("cas:authenticationSuccess", ECAS_NS)
    names = [element.tag.split("}")[1] for element in success]
    assert names == [
        "user",
        "email",
        "firstName",
        "lastName",
        "domain",
        "domainUsername",
        "locale",
        "assuranceLevel",
        "uid",
        "groups",
        "strengths",
        "authenticationFactors",
        "loginDate",
        "sso",
        "ticketType",
    ]
    assert _text(success, "uid").startswith("n00") and _text(success, "uid") == uid
    factors = success.find("cas:authenticationFactors", ECAS_NS)
    assert factors.get("number") == "1"
    assert factors.findtext("cas:moniker", namespaces=ECAS_NS) == EMAIL


@pytest.mark.parametrize(
    ("method", "strength"), [("pin", "PASSWORD_MOBILE_APP"), ("qr", "PASSWORD_SOFTWARE_TOKEN")]
)
def test_a_sign_in_with_the_app_names_its_strength_and_device(
    portal, uid, client, method, strength
):
    phone = portal.add_mobile_device(EMAIL, name="Téléphone de Marie")
    if method == "pin":
        answer = portal.sign_in_with_pin(phone, EMAIL, service=PRODUCTION)
    else:
        answer = portal.sign_in_with_qr(phone.key, EMAIL, service=PRODUCTION)
    ticket = ticket_from(answer.headers["Location"])
    success = cas_xml(_validate(client, "laxValidate", ticket)).find(
        "cas:authenticationSuccess", ECAS_NS
    )
    assert [s.text for s in success.findall("cas:strengths/cas:strength", ECAS_NS)] == [strength]
    factors = success.find("cas:authenticationFactors", ECAS_NS)
    assert factors.get("number") == "2"
    device = factors.find("cas:mobileDevice", ECAS_NS)
    assert device.findtext("cas:deviceName", namespaces=ECAS_NS) == "Téléphone de Marie"
    assert device.findtext("cas:deviceIdentifier", namespaces=ECAS_NS)


def test_the_json_envelope_carries_the_factors_and_the_authentication_level(portal, uid, client):
    phone = portal.add_mobile_device(EMAIL)
    answer = portal.sign_in_with_qr(phone.key, EMAIL, service=PRODUCTION)
    ticket = ticket_from(answer.headers["Location"])
    body = json.loads(_validate(client, "laxValidate", ticket, format="JSON").data)
    response = body["serviceResponse"]
    assert response["version"] == "6.3.0" and response["server"].startswith("EU Login")
    success = response["authenticationSuccess"]
    assert success["authenticationLevel"] == "MEDIUM"
    assert success["strengths"] == ["PASSWORD_SOFTWARE_TOKEN"]
    assert success["authenticationFactors"]["moniker"] == EMAIL
    assert success["authenticationFactors"]["mobileDevice"]["deviceName"] == "Phone"
    client.get("/cas/logout")
    password_only = json.loads(
        _validate(client, "laxValidate", portal.ticket(), format="JSON").data
    )
    assert password_only["serviceResponse"]["authenticationSuccess"]["authenticationLevel"] == (
        "BASIC"
    )


def test_the_schema_is_served_at_the_namespaces_path(client):
    answer = client.get("/cas/schemas")
    assert answer.mimetype == "application/xml"
    assert b'targetNamespace="https://ecas.ec.europa.eu/cas/schemas"' in answer.data


@pytest.mark.parametrize(
    "xml",
    [
        # The right names in another namespace, and in none.
        "<cas:serviceResponse xmlns:cas='urn:other'><cas:authenticationSuccess>"
        "<cas:user>n00abc123</cas:user></cas:authenticationSuccess></cas:serviceResponse>",
        "<serviceResponse><authenticationSuccess><user>n00abc123</user>"
        "</authenticationSuccess></serviceResponse>",
    ],
)
def test_traces_refuses_an_answer_in_another_namespace(xml):
    from mock_portal.traces.cas_client import CasError, parse_response

    with pytest.raises(CasError, match="not a CAS serviceResponse"):
        parse_response(xml)


def test_traces_reads_both_envelopes(portal, uid, client):
    from mock_portal.traces.cas_client import parse_response

    for endpoint in ("laxValidate", "p3/serviceValidate"):
        answer = _validate(client, endpoint, portal.ticket(), userDetails="true")
        principal = parse_response(answer.get_data(as_text=True))
        assert (principal.user, principal.email) == (uid, EMAIL)
        client.get("/cas/logout")
