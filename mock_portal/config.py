"""Configuration read from the environment, with defaults fit for a local mock."""

import os
import re
from datetime import timedelta


def _flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in {"1", "true", "yes", "on"}


def words(value: str | None) -> list[str]:
    """The items of a list given as one string, separated by spaces or commas."""
    return [item for item in re.split(r"[\s,]+", value or "") if item]


def whole_number(name: str, default: int | None) -> int | None:
    """``$name`` as a whole number from 0, or ``default`` when it is not set."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()):
        raise ValueError(f"${name} must be a whole number from 0, not {value[:40]!r}")
    return int(value)


class Config:
    """Default settings; ``create_app(config)`` overrides any of them."""

    # None: a random key made at each start and kept in the instance folder, so that
    # the workers of one portal share it. A fixed, published default would let anyone
    # forge a session.
    SECRET_KEY = os.environ.get("MOCK_PORTAL_SECRET_KEY") or None
    # None means an SQLite file in the instance folder, chosen in the factory.
    SQLALCHEMY_DATABASE_URI = os.environ.get("MOCK_PORTAL_DATABASE_URL")
    # The address people type to reach the portal. Mail links, the registered CAS
    # services and the targets of single logout are built from it, never from the
    # Host header a request brings; a request for any other host is refused.
    PUBLIC_URL = os.environ.get("MOCK_PORTAL_PUBLIC_URL") or "http://127.0.0.1:5000"
    # Further host[:port] names accepted in the Host header (a load balancer's name).
    ALLOWED_HOSTS = words(os.environ.get("MOCK_PORTAL_ALLOWED_HOSTS"))
    # The test-control API under /__admin answers 404 unless this is on.
    ADMIN_API = _flag("MOCK_PORTAL_ADMIN")
    # Shared use (a classroom, a CI fleet): the mailbox shows a browser only the mail
    # of the accounts registered or signed in from it.
    CLASSROOM = _flag("MOCK_PORTAL_CLASSROOM")
    # Seed of the Faker generator that fills the portal with operators.
    FAKER_SEED = int(os.environ.get("MOCK_PORTAL_SEED", "2024"))
    # Days the data that scenarios and trainees make is kept (accounts, roles, operators,
    # activities, mail...); once a day the older data goes, the seeded data never. None (or 0):
    # kept for ever.
    RETAIN_DAYS = whole_number("MOCK_PORTAL_RETAIN_DAYS", None) or None
    # Real seconds between two looks, by each worker, at whether today's purge has run.
    PURGE_CHECK_SECONDS = 300
    # Mail the mailbox keeps at most; each new mail pushes the oldest out. 0: no limit.
    MAILBOX_MAX = whole_number("MOCK_PORTAL_MAILBOX_MAX", 10_000)
    # Rows a page of TRACES NT's lists (operator search, authorisation requests, activities
    # to validate) and of the mailbox.
    PAGE_SIZE = 20
    MAILBOX_PAGE_SIZE = 50

    LANGUAGES = ("fr", "en")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = "translations"

    # Every form of the portal is a few kilobytes; anything far bigger is refused (413).
    MAX_CONTENT_LENGTH = 256 * 1024
    MAX_FORM_MEMORY_SIZE = 256 * 1024
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True

    MAIL_SENDER = "automated-notifications@nomail.ec.europa.eu"
    PASSWORD_LINK_LIFETIME = timedelta(minutes=90)
    SERVICE_TICKET_LIFETIME = timedelta(minutes=5)
    SSO_SESSION_LIFETIME = timedelta(hours=8)
    # Wrong passwords: from the third one in a row each further try waits (30 s, then
    # twice as long each time); the fifth locks the account for 30 minutes.
    SIGN_IN_DELAY_AFTER = 3
    SIGN_IN_FIRST_DELAY = timedelta(seconds=30)
    SIGN_IN_LOCK_AFTER = 5
    SIGN_IN_LOCK_DURATION = timedelta(minutes=30)
    # How often, in milliseconds, a page waiting for the EU Login Mobile App asks where
    # things stand, and the app's home screen asks for new requests (a push, on a phone).
    APP_WAIT_POLL_MS = 1000
    PHONE_POLL_MS = 2000
    # scrypt at the cost its author gives for interactive sign-in (N=2^14, 16 MiB): about
    # 50 ms a hash, half Werkzeug's default, which a classroom signing in at once feels.
    PASSWORD_HASH_METHOD = os.environ.get("MOCK_PORTAL_PASSWORD_HASH") or "scrypt:16384:8:1"

    # URL prefixes of further CAS services EU Login may send tickets to, besides the
    # TRACES NT environments of this portal (always registered).
    CAS_SERVICES = words(os.environ.get("MOCK_PORTAL_CAS_SERVICES"))
    # TRACES NT environments (production, training, acceptance) that ask EU Login for
    # two-factor sign-in. None by default, so that the guide's journey stays as it shows it.
    TWO_FACTOR_ENVIRONMENTS = words(os.environ.get("MOCK_PORTAL_TWO_FACTOR"))
    # How TRACES NT validates its tickets: EU Login's own endpoint and dialect, as its real
    # clients do ("p3/serviceValidate" makes it a plain CAS 3.0 client).
    CAS_VALIDATION_PATH = os.environ.get("MOCK_PORTAL_CAS_VALIDATION_PATH") or "laxValidate"
    # Where TRACES NT validates its tickets. None: this portal's own EU Login,
    # called in-process through WSGI; an URL makes it a plain HTTP client.
    CAS_SERVER_URL = os.environ.get("MOCK_PORTAL_CAS_SERVER_URL")
    # With the control API on, the captcha always asks for this code so that
    # scripted registrations are predictable.
    TEST_CAPTCHA_CODE = "TRACES"
