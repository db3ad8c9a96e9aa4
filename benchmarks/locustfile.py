"""Locust: trainees doing the whole journey of the guide against a classroom portal.

Each simulated trainee registers in EU Login, reads the mail, sets the password, signs in
to TRACES NT, searches an operator and asks for authorisation, once, pausing between
steps as a person does. Every request is named after its step, so that Locust's figures
come per step. A trainee who meets an error stops there, as the portal's error page leaves
them. Run by ``benchmarks/load.py`` (``./dev load``), which starts the portal and checks the
database afterwards: each Locust process writes in ``$LOAD_RECORDS`` what the portal
confirmed to each trainee (``journal-PID.txt``) and every failed request with its times
(``failures-PID.txt``).
"""

import functools
import os
import random
import re
import threading
import time
import uuid
from pathlib import Path

import gevent
from locust import HttpUser, SequentialTaskSet, between, events, task

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
_CAPTCHA = re.compile(r'data-testid="captcha-code"[^>]*>([^<]+)<')
_MAIL = re.compile(r'href="(/mailbox/\d+)"')
_LINK = re.compile(r'href="(https?://[^"]*initialisePasswordLogin\.cgi\?token=[^"]+)"')
_OPERATOR = re.compile(r'name="operator" value="(\d+)"')
_VALIDATE = re.compile(r'action="(/tracesnt/role-requests/\d+/validate[^"]*)"')
# The seed's Belgian authority officer, competent for the operators the trainees ask for.
AUTHORITY_EMAIL = "beafsca04@autorite.example"
AUTHORITY_PASSWORD = "Autorite!2024"
# EU Login's answer to a second sign-in of one account while the first is checked, in the
# languages the portal may answer in.
_SIGN_IN_UNDER_WAY = (
    "Another sign-in of this account is under way",
    "Une autre connexion de ce compte est en cours",
)
_SIGN_IN_ATTEMPTS = 5
AUTHORITIES = int(os.environ.get("LOAD_AUTHORITIES") or 0)
# Each finds operators in Belgium: the guide's, and those generated in Dutch (straat).
SEARCHES = ("ABC", "test", "SPRL", "straat", "Street")

_records_lock = threading.Lock()
_finished = {"count": 0}


class StepFailed(Exception):
    """A request of the step did not get the answer the journey expects."""


def _csrf(html: str) -> str:
    match = _CSRF.search(html)
    if not match:
        raise StepFailed("no CSRF token on the page")
    return match.group(1) or match.group(2)


def _record(kind: str, line: str) -> None:
    """Add ``line`` to this process's ``kind`` file (journal, failures) in $LOAD_RECORDS."""
    path = Path(os.environ["LOAD_RECORDS"]) / f"{kind}-{os.getpid()}.txt"
    with _records_lock, path.open("a") as records:
        records.write(line + "\n")


def _record_failure(trainee: str, start: float, end: float, step: str, reason: object) -> None:
    reason = " ".join(str(reason).split())[:200]
    _record("failures", f"{start:.3f}\t{end:.3f}\t{step}\t{trainee}\t{reason}")


@events.request.add_listener
def _failed_request(name, response_time, exception, context, start_time=None, **_kwargs):
    # Start and end of each failed request: a fault run checks they were in flight at a fault.
    if exception is not None:
        started = start_time or time.time() - response_time / 1000
        ended = started + response_time / 1000
        _record_failure(context.get("trainee", ""), started, ended, name, exception)


def step(function):
    """A task of the journey; a trainee who meets an error there stops, with the reason."""

    @functools.wraps(function)
    def run(self):
        try:
            function(self)
        except StepFailed as error:
            self.finish("abandon", f"{function.__name__}: {' '.join(str(error).split())[:200]}")
        except (AttributeError, KeyError) as error:
            # A link or a form the page should have shown is not there: a failure too.
            now = time.time()
            _record_failure(self.email, now, now, f"{function.__name__} (page)", repr(error))
            self.finish("abandon", f"{function.__name__}: {' '.join(str(error).split())[:200]}")

    return task(run)


class Journey(SequentialTaskSet):
    """The guide's journey, step after step."""

    def on_start(self):
        self.email = self.user.email = f"trainee-{uuid.uuid4().hex[:12]}@example.com"
        self.password = f"Tr4inee-{uuid.uuid4().hex[:6]}!"
        _record("journal", f"start {self.email}")

    def _checked(self, response, path, expect, confirmation) -> str | None:
        """Why the answer is not the one the journey expects, or None."""
        if response.status_code not in expect:
            answer = response.error if response.status_code == 0 else response.text[:300]
            return f"{response.status_code} on {path}: {answer}"
        if confirmation and confirmation not in response.text:
            return f"{response.status_code} on {path} without {confirmation!r}"
        return None

    def _get(self, path, name, **kwargs):
        with self.client.get(path, name=name, catch_response=True, **kwargs) as response:
            problem = self._checked(response, path, range(100, 400), None)
            if problem:
                response.failure(problem)
        if problem:
            raise StepFailed(f"{name}: {problem[:100]}")
        return response

    def _post(self, path, name, data, expect=(200, 302), confirmation=None, **kwargs):
        """POST the form; ``confirmation``: what the answer must say (the step succeeded)."""
        with self.client.post(
            path, data=data, name=name, catch_response=True, allow_redirects=False, **kwargs
        ) as response:
            problem = self._checked(response, path, expect, confirmation)
            if problem:
                response.failure(problem)
        if problem:
            raise StepFailed(f"{name}: {problem[:100]}")
        return response

    def finish(self, outcome: str, reason: str = "") -> None:
        """Record how the journey ended (done, abandon); the last trainee ends the run."""
        _record("journal", f"{outcome} {self.email} {reason}".rstrip())
        with _records_lock:
            _finished["count"] += 1
            everyone = _finished["count"] >= int(os.environ.get("LOAD_TRAINEES", "50"))
        if everyone:
            # From a greenlet of its own: quitting stops every user, this one included.
            gevent.spawn_later(1, self.user.environment.runner.quit)
        # This trainee stays seated. (A stopped user would be replaced by a new one.)
        while True:
            gevent.sleep(60)

    @step
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
            confirmation="Thank you for registering",
        )
        _record("journal", f"account {self.email}")

    @step
    def read_mail(self):
        listing = self._get("/mailbox/", "3 mailbox").text
        mail = self._get(_MAIL.search(listing).group(1), "4 open the mail").text
        self.link = _LINK.search(mail).group(1).replace("&amp;", "&")

    @step
    def set_password(self):
        page = self._get(self.link, "5 password form").text
        self._post(
            self.link,
            "6 set the password",
            {"csrf_token": _csrf(page), "password": self.password, "confirmation": self.password},
            expect=(200,),
            confirmation="Password set",
        )
        _record("journal", f"password {self.email}")

    @step
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

    @step
    def search(self):
        query = {"country": "BE", "q": SEARCHES[hash(self.email) % len(SEARCHES)]}
        self.query = query
        results = self._get("/tracesnt/roles/new/operator", "13 operator search", params=query)
        self.results = results.text

    @step
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
        # A 302 from the dialog is the request recorded: a refusal shows the dialog again.
        _record("journal", f"request {self.email}")
        self._get("/tracesnt/profile", "17 profile")
        self.finish("done")


class Review(SequentialTaskSet):
    """An authority officer's work: sign in once, then open the authorisation requests and
    validate one of the first page's, again and again."""

    def on_start(self):
        service = {"service": f"{self.user.host}/tracesnt/login"}
        page = self.client.get("/cas/login", name="A1 EU Login sign-in", params=service).text
        page = self.client.post(
            "/cas/login",
            name="A2 e-mail, Next",
            data={"csrf_token": _csrf(page), "email": AUTHORITY_EMAIL},
            params=service,
        ).text
        for _attempt in range(_SIGN_IN_ATTEMPTS):
            with self.client.post(
                "/cas/login",
                name="A3 password, Sign in",
                data={
                    "csrf_token": _csrf(page),
                    "email": AUTHORITY_EMAIL,
                    "password": AUTHORITY_PASSWORD,
                },
                params=service,
                allow_redirects=False,
                catch_response=True,
            ) as signed_in:
                # The officers share the authority's one account, and EU Login takes one
                # password of an account at a time (lockout.count_try): the other officer is
                # told so, as a person would be, and signs in again a moment later.
                if signed_in.status_code == 400 and any(
                    told in signed_in.text for told in _SIGN_IN_UNDER_WAY
                ):
                    signed_in.success()
                    page = signed_in.text
                    gevent.sleep(random.uniform(0.2, 1.0))
                    continue
                break
        back = signed_in.headers["Location"].removeprefix(self.user.host)
        self.client.get(back, name="A4 back with the ticket", allow_redirects=False)

    @task
    def open_requests(self):
        self.page = self.client.get(
            "/tracesnt/role-requests", name="A5 authorisation requests"
        ).text

    @task
    def validate_one(self):
        actions = _VALIDATE.findall(getattr(self, "page", ""))
        if not actions:
            return
        # Another officer may take the same one: each picks its own.
        action = random.choice(actions).replace("&amp;", "&")
        self.client.post(
            action,
            name="A6 validate a request",
            data={"csrf_token": _csrf(self.page)},
            allow_redirects=False,
        )


def _think_time():
    low, _, high = os.environ.get("LOAD_THINK_TIME", "2-6").partition("-")
    return between(float(low), float(high or low))


class Trainee(HttpUser):
    """A trainee in a classroom: a person, who reads each screen before the next step
    (``$LOAD_THINK_TIME`` seconds, 2 to 6 by default; a real person takes longer)."""

    tasks = (Journey,)
    wait_time = _think_time()
    email = ""

    def context(self) -> dict:
        # Each failed request is recorded with its trainee.
        return {"trainee": self.email}


if AUTHORITIES:

    class Authority(HttpUser):
        """An authority officer of the seed (``$LOAD_AUTHORITIES`` of them, none by default),
        deciding on the trainees' requests and those already waiting."""

        fixed_count = AUTHORITIES
        tasks = (Review,)
        wait_time = _think_time()

        def context(self) -> dict:
            return {"trainee": "authority"}
