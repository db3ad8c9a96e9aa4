"""Locust: trainees doing the whole journey of the guide against a classroom portal.

Each simulated trainee registers in EU Login, reads the mail, sets the password, signs in
to TRACES NT, searches an operator and asks for authorisation, once, pausing between
steps as a person does. Every request is named after its step, so that Locust's figures
come per step. Run by ``benchmarks/load.py`` (``./dev load``), which starts the portal
and checks the database afterwards; the trainees it expects are in ``$LOAD_JOURNAL``.
"""

import os
import re
import threading
import uuid

import gevent
from locust import HttpUser, SequentialTaskSet, between, task

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
_CAPTCHA = re.compile(r'data-testid="captcha-code"[^>]*>([^<]+)<')
_MAIL = re.compile(r'href="(/mailbox/\d+)"')
_LINK = re.compile(r'href="(https?://[^"]*initialisePasswordLogin\.cgi\?token=[^"]+)"')
_OPERATOR = re.compile(r'name="operator" value="(\d+)"')
SEARCHES = ("ABC", "test", "SPRL", "rue", "Street")

_journal_lock = threading.Lock()
_done = {"count": 0}


def _csrf(html: str) -> str:
    match = _CSRF.search(html)
    if not match:
        raise AssertionError("no CSRF token on the page")
    return match.group(1) or match.group(2)


def _journal(line: str) -> None:
    with _journal_lock, open(os.environ["LOAD_JOURNAL"], "a") as journal:
        journal.write(line + "\n")


class Journey(SequentialTaskSet):
    """The guide's journey, step after step."""

    def on_start(self):
        self.email = f"trainee-{uuid.uuid4().hex[:12]}@example.com"
        self.password = f"Tr4inee-{uuid.uuid4().hex[:6]}!"
        _journal(f"start {self.email}")

    def _get(self, path, name, **kwargs):
        with self.client.get(path, name=name, catch_response=True, **kwargs) as response:
            if response.status_code >= 400:
                response.failure(f"{response.status_code} on {path}")
            return response

    def _post(self, path, name, data, expect=(200, 302), **kwargs):
        with self.client.post(
            path, data=data, name=name, catch_response=True, allow_redirects=False, **kwargs
        ) as response:
            if response.status_code not in expect:
                response.failure(f"{response.status_code} on {path}: {response.text[:300]}")
            return response

    @task
    def register(self):
        form = self._get("/cas/eim/external/register.cgi", "1 registration form").text
        code = _CAPTCHA.search(form).group(1).strip()
        self._post(
            "/cas/eim/external/register.cgi",
            "2 create an account",
            {
                "csrf_token": _csrf(form),
                "first_name": "Camille",
                "last_name": "Trainee",
                "email": self.email,
                "email_confirmation": self.email,
                "mail_language": "fr",
                "captcha": code,
                "privacy": "y",
                "action": "register",
            },
            expect=(200,),
        )

    @task
    def read_mail(self):
        listing = self._get("/mailbox/", "3 mailbox").text
        mail = self._get(_MAIL.search(listing).group(1), "4 open the mail").text
        self.link = _LINK.search(mail).group(1).replace("&amp;", "&")

    @task
    def set_password(self):
        page = self._get(self.link, "5 password form").text
        self._post(
            self.link,
            "6 set the password",
            {"csrf_token": _csrf(page), "password": self.password, "confirmation": self.password},
            expect=(200,),
        )

    @task
    def sign_in(self):
        self._get("/tracesnt/login", "7 TRACES NT welcome")
        service = {"service": f"{self.user.host}/tracesnt/login"}
        page = self._get("/cas/login", "8 EU Login sign-in", params=service).text
        page = self._post(
            "/cas/login",
            "9 e-mail, Next",
            {"csrf_token": _csrf(page), "email": self.email},
            params=service,
            expect=(200,),
        ).text
        signed_in = self._post(
            "/cas/login",
            "10 password, Sign in",
            {"csrf_token": _csrf(page), "email": self.email, "password": self.password},
            params=service,
            expect=(302,),
        )
        back = signed_in.headers["Location"]
        self._get(
            back.removeprefix(self.user.host), "11 back with the ticket", allow_redirects=False
        )
        self._get("/tracesnt/", "12 TRACES NT home")

    @task
    def search(self):
        query = {"country": "BE", "q": SEARCHES[hash(self.email) % len(SEARCHES)]}
        self.query = query
        results = self._get("/tracesnt/roles/new/operator", "13 operator search", params=query)
        self.results = results.text

    @task
    def request_authorisation(self):
        operator = _OPERATOR.search(self.results).group(1)
        ticked = self._post(
            "/tracesnt/roles/new/operator",
            "14 tick, Request Authorisation",
            {"csrf_token": _csrf(self.results), "operator": operator},
            params=self.query,
            expect=(302,),
        )
        dialog_path = ticked.headers["Location"]
        dialog = self._get(dialog_path, "15 authorisation dialog").text
        self._post(
            dialog_path,
            "16 Send authorisation request",
            {"csrf_token": _csrf(dialog), "action": "send", "message": "Load test"},
            expect=(302,),
        )
        self._get("/tracesnt/profile", "17 profile")
        _journal(f"done {self.email}")
        with _journal_lock:
            _done["count"] += 1
            everyone = _done["count"] >= int(os.environ.get("LOAD_TRAINEES", "50"))
        if everyone:
            # From a greenlet of its own: quitting stops every user, this one included.
            gevent.spawn_later(1, self.user.environment.runner.quit)
        # Done: this trainee stays seated. (A stopped user would be replaced by a new one.)
        while True:
            gevent.sleep(60)


def _think_time():
    low, _, high = os.environ.get("LOAD_THINK_TIME", "2-6").partition("-")
    return between(float(low), float(high or low))


class Trainee(HttpUser):
    """A trainee in a classroom: a person, who reads each screen before the next step
    (``$LOAD_THINK_TIME`` seconds, 2 to 6 by default; a real person takes longer)."""

    tasks = (Journey,)
    wait_time = _think_time()
