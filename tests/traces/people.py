"""The people who use the portal in these tests, and the portal's records they leave."""

import itertools

from sqlalchemy import func, select

from mock_portal.extensions import db
from mock_portal.traces.models import Operator, OperatorActivity, Organisation, Role, TracesUser
from mock_portal.traces.seeddata import AUTHORITY_PASSWORD

from ..html_page import Page

PASSWORD = "Tr4ces-Mock!"
FRENCH = "fr-FR"
ENGLISH = "en"
PREFIXES = {
    "production": "/tracesnt",
    "training": "/training/tracesnt",
    "acceptance": "/acceptance/tracesnt",
}
# The seeded authority account of each country the tests act in.
AUTHORITIES = {
    "BE": "beafsca04@autorite.example",
    "AR": "arsenasa01@autorite.example",
    "FR": "fr007@autorite.example",
}


class Visitor:
    """One person's browser, signed in to one TRACES NT environment."""

    def __init__(self, client, prefix: str, email: str):
        self.client = client
        self.prefix = prefix
        self.email = email

    def get(self, path: str, **kwargs):
        return self.client.get(self.prefix + path, **kwargs)

    def post(self, path: str, data=None, **kwargs):
        return self.client.post(self.prefix + path, data=data or {}, **kwargs)

    def page(self, path: str, status: int = 200, **kwargs) -> Page:
        """GET a page of this environment and check its status."""
        response = self.get(path, **kwargs)
        assert response.status_code == status, response.get_data(as_text=True)[:2000]
        return Page(response)

    def follow(self, response) -> Page:
        """The page a redirect leads to."""
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return Page(self.client.get(response.headers["Location"]))

    def search(self, **params):
        """The operator search (II.1) with these filters."""
        return self.get("/roles/new/operator", query_string=params)

    def tick(self, country: str, text: str, *names: str):
        """Search, tick the operators named ``names`` and press "Demander une autorisation"."""
        results = Page(self.search(country=country, q=text))
        chosen = [_checkbox_ending_with(results, name) for name in names]
        return self.post(
            "/roles/new/operator",
            {"operator": chosen},
            query_string={"country": country, "q": text},
        )

    def request_authorisation(self, operator: str, country: str, action="send", **details):
        """Tick ``operator`` and answer the dialog; the answer is returned unfollowed."""
        dialog = self.tick(country, operator, operator)
        assert dialog.status_code == 302, dialog.get_data(as_text=True)[:2000]
        return self.client.post(dialog.headers["Location"], data={"action": action, **details})

    def request_organisation(self, kind: str, code: str, action="send", **details):
        """Ask for an authority or control-body role (``kind``: authority, control-body)."""
        results = Page(self.get(f"/roles/new/{kind}", query_string={"q": code}))
        [box] = results.find_all("input", type="checkbox", name="organisation")
        dialog = self.post(
            f"/roles/new/{kind}", {"organisation": box.attrs["value"]}, query_string={"q": code}
        )
        assert dialog.status_code == 302, dialog.get_data(as_text=True)[:2000]
        return self.client.post(dialog.headers["Location"], data={"action": action, **details})

    def create_operator(self, **fields):
        """Search in the operator's country, then send "+ Créer un nouvel opérateur"."""
        data = valid_operator() | fields
        self.search(country=data.get("country") or "BE")
        return self.post("/operators/new", {k: v for k, v in data.items() if v is not None})

    def decide_role(self, role_id: int, action: str):
        return self.post(f"/role-requests/{role_id}/{action}")

    def decide_activity(self, activity_id: int, action: str):
        return self.post(f"/activities/{activity_id}/{action}")

    def add_activity(self, operator_id: int, section: str, activity_type: str, identifier=""):
        data = {"section": section, "activity_type": activity_type, "identifier": identifier}
        return self.post(f"/operators/{operator_id}/activities/new", data)

    def save_preferences(self, *ticked: str):
        """Save the notification preferences with only ``ticked`` boxes ticked."""
        return self.post("/profile/preferences", dict.fromkeys(ticked, "y"))


def _checkbox_ending_with(results: Page, name: str) -> str:
    boxes = [
        box.attrs["value"]
        for box in results.find_all("input", type="checkbox", name="operator")
        if box.attrs["aria-label"].endswith(" " + name)
    ]
    assert len(boxes) == 1, f"{len(boxes)} operators named {name!r}"
    return boxes[0]


def valid_operator() -> dict:
    """A new Belgian operator that the portal accepts as it is."""
    return {
        "name": "Les Vergers de Hesbaye",
        "country": "BE",
        "region": "Liège",
        "city": "Huy",
        "postal_code": "4500",
        "address": "rue du Pont 12",
        "phone": "+32 85 123456",
        "section": "EXPORTER",
        "activity_type": "EXPORTER:exporter",
    }


class Portal:
    """The portal under test: its control API, its records, and people signing in."""

    def __init__(self, app):
        self.app = app
        self.control = app.test_client()
        self._names = itertools.count(1)

    def create_account(self, email, first_name="Marie", last_name="Dupont", mail_language="fr"):
        """An activated EU Login account, made through the control API."""
        body = {
            "email": email,
            "password": PASSWORD,
            "first_name": first_name,
            "last_name": last_name,
            "mail_language": mail_language,
        }
        response = self.control.post("/__admin/users", json=body)
        assert response.status_code == 201, response.json

    def sign_in(self, email, password, environment="production", language=FRENCH) -> Visitor:
        """Sign in through EU Login and come back to TRACES NT with the ticket."""
        client = self.app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        prefix = PREFIXES[environment]
        service = {"service": f"http://localhost{prefix}/login"}
        # Straight to the password step: its form names the account itself and EU Login keeps
        # nothing between the two steps. The address page, an eighth of a traces test when
        # every person passed it, is tested where it is the subject (tests/test_signin.py).
        signed_in = client.post(
            "/cas/login", query_string=service, data={"email": email, "password": password}
        )
        assert signed_in.status_code == 302, signed_in.get_data(as_text=True)[:2000]
        back = client.get(signed_in.headers["Location"])
        assert back.status_code == 302 and back.headers["Location"] == f"{prefix}/"
        return Visitor(client, prefix, email)

    def user(
        self,
        email=None,
        first_name="Marie",
        last_name="Dupont",
        environment="production",
        language=FRENCH,
        mail_language="fr",
    ) -> Visitor:
        """A new person, signed in to ``environment``."""
        email = email or f"user{next(self._names)}@example.com"
        self.create_account(email, first_name, last_name, mail_language)
        return self.sign_in(email, PASSWORD, environment, language)

    def authority(self, country_or_email, environment="production", language=FRENCH) -> Visitor:
        """A seeded authority officer (``BE``, ``AR``, ``FR`` or an account address)."""
        email = AUTHORITIES.get(country_or_email, country_or_email)
        return self.sign_in(email, AUTHORITY_PASSWORD, environment, language)

    def grant(self, visitor: Visitor, operator: str, country: str) -> int:
        """Ask for ``operator`` as ``visitor`` and have the country's authority validate it."""
        # Follow to the profile, as a browser would, so that its message is consumed.
        visitor.follow(visitor.request_authorisation(operator, country))
        environment = next(e for e, p in PREFIXES.items() if p == visitor.prefix)
        role_id = self.role_id(visitor.email, operator, environment)
        decided = self.authority(country, environment).decide_role(role_id, "validate")
        assert decided.status_code == 302
        assert self.role(role_id).status == "valid"
        return role_id

    def validated_role(self, visitor: Visitor, operator: str, country: str) -> int:
        """``visitor``'s Operator role for ``operator``, asked for and validated by the
        country's authority in one call of the control API, as a scenario's Given reaches it
        (what the screens of both do is tested by ``grant``'s users, test_role_review.py)."""
        environment = next(e for e, p in PREFIXES.items() if p == visitor.prefix)
        body = {"email": visitor.email, "operator": operator, "country": country}
        body["authority"] = AUTHORITIES[country].partition("@")[0].upper()
        answer = self.control.post(f"/__admin/environments/{environment}/roles", json=body)
        assert answer.status_code == 201, answer.json
        return answer.json["role"]

    def mails(self, to=None) -> list[dict]:
        """Captured mail, oldest first."""
        query = {"to": to} if to else {}
        return self.control.get("/__admin/mails", query_string=query).json["mails"]

    def reset(self):
        response = self.control.post("/__admin/reset", json={})
        assert response.status_code == 200, response.json

    def scalar(self, statement):
        with self.app.app_context():
            return db.session.scalar(statement)

    def rows(self, statement) -> list:
        with self.app.app_context():
            return db.session.execute(statement).all()

    def count(self, model, *where) -> int:
        return self.scalar(select(func.count()).select_from(model).where(*where))

    def operator_id(self, name: str, environment="production") -> int:
        return self.scalar(
            select(Operator.id).where(Operator.name == name, Operator.environment == environment)
        )

    def operator(self, operator_id: int):
        """The operator's columns as a row."""
        [row] = self.rows(select(Operator.__table__).where(Operator.id == operator_id))
        return row

    def organisation_id(self, code: str) -> int:
        return self.scalar(select(Organisation.id).where(Organisation.code == code))

    def role_id(self, email: str, target: str, environment="production") -> int:
        """The id of the user's role for the operator or organisation named ``target``."""
        ids = [
            row.id
            for row in self.roles_of(email, environment)
            if row.operator_name == target or row.organisation_name == target
        ]
        assert len(ids) == 1, f"{len(ids)} roles of {email} for {target}"
        return ids[0]

    def roles_of(self, email: str, environment="production") -> list:
        return self.rows(
            select(
                Role.id,
                Role.kind,
                Role.status,
                Role.is_admin,
                Role.message,
                Role.contact_email,
                Role.contact_phone,
                Operator.name.label("operator_name"),
                Organisation.name.label("organisation_name"),
            )
            .join(TracesUser, Role.user_id == TracesUser.id)
            .outerjoin(Operator, Role.operator_id == Operator.id)
            .outerjoin(Organisation, Role.organisation_id == Organisation.id)
            .where(TracesUser.email == email, Role.environment == environment)
            .order_by(Role.id)
        )

    def role(self, role_id: int):
        [row] = self.rows(select(Role.__table__).where(Role.id == role_id))
        return row

    def activities(self, operator_id: int) -> list:
        return self.rows(
            select(OperatorActivity.__table__)
            .where(OperatorActivity.operator_id == operator_id)
            .order_by(OperatorActivity.id)
        )

    def activity_id(self, operator_id: int, section: str) -> int:
        [row] = [a for a in self.activities(operator_id) if a.section_code == section]
        return row.id


def counters(page: Page) -> dict[str, str]:
    """The role counters by status, as shown: ``{"requested": "1 Demandé", ...}``."""
    table = page.find("table", class_="counters")
    return {
        td.attrs["data-status"]: td.text for td in table.find_all("td") if "data-status" in td.attrs
    }
