"""The rest of CAS 3.0: proxy validation with pgtUrl callbacks, /proxy, proxy tickets and their
chain, the specification's failure codes, and format=JSON on every validation endpoint."""

import json
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import PRODUCTION
from .support import CAS_NS, ECAS_NS, ProxyCallback, cas_xml, failure_code, is_eu_login_endpoint

# What the database cannot change: the CAS proxy protocol's answers (tests/backends.py).
pytestmark = pytest.mark.any_database

PARTNER = "http://localhost/acceptance/tracesnt/login"


@pytest.fixture
def callback(app):
    running = ProxyCallback()
    app.config["CAS_SERVICES"] = [running.base_url]
    yield running
    running.stop()


@pytest.fixture
def uid(portal):
    return portal.create_account()


def _get(client, endpoint, **params):
    return client.get(endpoint, query_string=params)


def _pgt(portal, client, callback, endpoint="/cas/proxyValidate"):
    """Validate a service ticket with pgtUrl: the PGT as the callback got it, and the IOU."""
    ticket = portal.ticket()
    root = cas_xml(_get(client, endpoint, ticket=ticket, service=PRODUCTION, pgtUrl=callback.url))
    namespaces = ECAS_NS if is_eu_login_endpoint(endpoint) else CAS_NS
    iou = root.findtext("cas:authenticationSuccess/cas:proxyGrantingTicket", namespaces=namespaces)
    [delivered] = callback.received
    assert delivered["pgtIou"] == iou
    return delivered["pgtId"], iou


def test_a_pgt_url_gets_the_pgt_and_the_answer_its_iou(portal, uid, client, callback):
    pgt, iou = _pgt(portal, client, callback)
    assert pgt.startswith("PGT-") and iou.startswith("PGTIOU-")


@pytest.mark.parametrize(
    "endpoint",
    [
        "/cas/serviceValidate",
        "/cas/p3/serviceValidate",
        "/cas/p3/proxyValidate",
        "/cas/laxValidate",
    ],
)
def test_every_validation_endpoint_takes_a_pgt_url(portal, uid, client, callback, endpoint):
    pgt, iou = _pgt(portal, client, callback, endpoint)
    assert pgt and iou


def test_a_callback_that_does_not_answer_200_gets_no_pgt(portal, uid, client, callback):
    callback.status = 404
    root = cas_xml(
        _get(
            client,
            "/cas/proxyValidate",
            ticket=portal.ticket(),
            service=PRODUCTION,
            pgtUrl=callback.url,
        )
    )
    assert root.find("cas:authenticationSuccess", CAS_NS) is not None
    assert root.find("cas:authenticationSuccess/cas:proxyGrantingTicket", CAS_NS) is None
    pgt = callback.received[0]["pgtId"]
    proxy = cas_xml(_get(client, "/cas/proxy", pgt=pgt, targetService=PARTNER))
    assert proxy.find("cas:proxyFailure", CAS_NS).get("code") == "INVALID_TICKET"


@pytest.mark.parametrize(
    "pgt_url",
    [
        "http://partner.example/callback",  # plain http off loopback
        "https://unregistered.example/callback",  # not a registered service
        "ftp://127.0.0.1/callback",
    ],
)
def test_an_unacceptable_callback_is_an_invalid_proxy_callback(portal, uid, client, pgt_url):
    root = cas_xml(
        _get(
            client, "/cas/proxyValidate", ticket=portal.ticket(), service=PRODUCTION, pgtUrl=pgt_url
        )
    )
    assert failure_code(root) == "INVALID_PROXY_CALLBACK"


def test_a_pgt_gives_proxy_tickets_for_a_registered_service(portal, uid, client, callback):
    pgt, _iou = _pgt(portal, client, callback)
    root = cas_xml(_get(client, "/cas/proxy", pgt=pgt, targetService=PARTNER))
    ticket = root.findtext("cas:proxySuccess/cas:proxyTicket", namespaces=CAS_NS)
    assert ticket.startswith("PT-")
    validated = cas_xml(_get(client, "/cas/p3/proxyValidate", ticket=ticket, service=PARTNER))
    success = validated.find("cas:authenticationSuccess", CAS_NS)
    assert success.findtext("cas:user", namespaces=CAS_NS) == uid
    proxies = [p.text for p in success.findall("cas:proxies/cas:proxy", CAS_NS)]
    assert proxies == [callback.url]


def test_a_proxy_ticket_does_not_pass_service_validation(portal, uid, client, callback):
    pgt, _iou = _pgt(portal, client, callback)
    ticket = cas_xml(_get(client, "/cas/proxy", pgt=pgt, targetService=PARTNER)).findtext(
        "cas:proxySuccess/cas:proxyTicket", namespaces=CAS_NS
    )
    root = cas_xml(_get(client, "/cas/serviceValidate", ticket=ticket, service=PARTNER))
    assert failure_code(root) == "INVALID_TICKET_SPEC"


def test_a_proxy_ticket_passes_eu_logins_endpoint_only_when_proxy_tickets_are_asked_for(
    portal, uid, client, callback
):
    pgt, _iou = _pgt(portal, client, callback)

    def proxy_ticket():
        return cas_xml(_get(client, "/cas/proxy", pgt=pgt, targetService=PARTNER)).findtext(
            "cas:proxySuccess/cas:proxyTicket", namespaces=CAS_NS
        )

    refused = cas_xml(_get(client, "/cas/laxValidate", ticket=proxy_ticket(), service=PARTNER))
    assert failure_code(refused) == "INVALID_TICKET_SPEC"
    answer = cas_xml(
        _get(
            client,
            "/cas/laxValidate",
            ticket=proxy_ticket(),
            service=PARTNER,
            ticketTypes="SERVICE,PROXY",
        )
    )
    assert (
        answer.findtext("cas:authenticationSuccess/cas:ticketType", namespaces=ECAS_NS) == "PROXY"
    )


def test_a_chain_of_proxies_lists_the_nearest_first(portal, uid, client, callback):
    pgt, _iou = _pgt(portal, client, callback)
    first = cas_xml(_get(client, "/cas/proxy", pgt=pgt, targetService=callback.url)).findtext(
        "cas:proxySuccess/cas:proxyTicket", namespaces=CAS_NS
    )
    second_callback = f"{callback.url}/second"
    validated = cas_xml(
        _get(
            client, "/cas/proxyValidate", ticket=first, service=callback.url, pgtUrl=second_callback
        )
    )
    assert validated.find("cas:authenticationSuccess", CAS_NS) is not None
    second_pgt = callback.received[-1]["pgtId"]
    ticket = cas_xml(_get(client, "/cas/proxy", pgt=second_pgt, targetService=PARTNER)).findtext(
        "cas:proxySuccess/cas:proxyTicket", namespaces=CAS_NS
    )
    success = cas_xml(_get(client, "/cas/proxyValidate", ticket=ticket, service=PARTNER)).find(
        "cas:authenticationSuccess", CAS_NS
    )
    proxies = [p.text for p in success.findall("cas:proxies/cas:proxy", CAS_NS)]
    assert proxies == [second_callback, callback.url]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "INVALID_REQUEST"),
        ({"pgt": "PGT-unknown-mock", "targetService": PARTNER}, "INVALID_TICKET"),
        ({"pgt": "ST-1", "targetService": PARTNER}, "INVALID_TICKET"),
    ],
)
def test_proxy_failures_carry_the_specifications_codes(client, params, code):
    root = cas_xml(_get(client, "/cas/proxy", **params))
    assert root.find("cas:proxyFailure", CAS_NS).get("code") == code


def test_a_proxy_ticket_for_an_unregistered_service_is_refused(portal, uid, client, callback):
    pgt, _iou = _pgt(portal, client, callback)
    root = cas_xml(_get(client, "/cas/proxy", pgt=pgt, targetService="https://elsewhere.example/"))
    assert root.find("cas:proxyFailure", CAS_NS).get("code") == "UNAUTHORIZED_SERVICE"


def test_signing_out_ends_the_pgts(portal, uid, client, callback):
    pgt, _iou = _pgt(portal, client, callback)
    client.get("/cas/logout")
    root = cas_xml(_get(client, "/cas/proxy", pgt=pgt, targetService=PARTNER))
    assert root.find("cas:proxyFailure", CAS_NS).get("code") == "INVALID_TICKET"


# format=JSON


@pytest.mark.parametrize(
    ("endpoint", "attributes"),
    [
        ("/cas/serviceValidate", False),
        ("/cas/p3/serviceValidate", True),
        ("/cas/proxyValidate", False),
        ("/cas/p3/proxyValidate", True),
        ("/cas/validate", False),
    ],
)
def test_every_validation_endpoint_answers_json(portal, uid, client, endpoint, attributes):
    answer = _get(client, endpoint, ticket=portal.ticket(), service=PRODUCTION, format="JSON")
    assert answer.mimetype == "application/json"
    success = json.loads(answer.data)["serviceResponse"]["authenticationSuccess"]
    assert success["user"] == uid
    assert ("attributes" in success) is attributes
    if attributes:
        assert success["attributes"]["email"] == ["marie.dupont@example.com"]


def test_a_json_failure_has_its_code_and_description(client):
    answer = _get(
        client, "/cas/p3/serviceValidate", ticket="ST-1-mock", service=PRODUCTION, format="json"
    )
    failure = json.loads(answer.data)["serviceResponse"]["authenticationFailure"]
    assert failure["code"] == "INVALID_TICKET" and "not recognized" in failure["description"]


def test_an_unknown_format_is_an_invalid_request(client):
    root = cas_xml(
        _get(client, "/cas/serviceValidate", ticket="ST-1-mock", service=PRODUCTION, format="YAML")
    )
    assert failure_code(root) == "INVALID_REQUEST"


# Appendix A


def test_the_authentication_date_is_the_time_of_the_sign_in(portal, uid, client):
    ticket = portal.ticket()
    portal.advance_clock(minutes=3)
    success = json.loads(
        _get(
            client, "/cas/p3/serviceValidate", ticket=ticket, service=PRODUCTION, format="JSON"
        ).data
    )["serviceResponse"]["authenticationSuccess"]
    signed_in = datetime.fromisoformat(
        success["attributes"]["authenticationDate"][0].removesuffix("Z")
    )
    now = datetime.fromisoformat(client.get("/__admin/clock").json["now"].removesuffix("Z"))
    assert 170 <= (now - signed_in).total_seconds() <= 190


def test_a_ticket_from_the_sso_session_is_not_from_a_new_login(portal, uid, client):
    portal.ticket()
    sso = client.get("/cas/login", query_string={"service": PRODUCTION})
    ticket = parse_qs(urlsplit(sso.headers["Location"]).query)["ticket"][0]
    attributes = json.loads(
        _get(
            client, "/cas/p3/serviceValidate", ticket=ticket, service=PRODUCTION, format="JSON"
        ).data
    )["serviceResponse"]["authenticationSuccess"]["attributes"]
    assert attributes["isFromNewLogin"] == ["false"]
    assert attributes["longTermAuthenticationRequestTokenUsed"] == ["false"]
