"""Configuration read from the environment, with defaults fit for a local mock."""

import os
from datetime import timedelta


def _flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in {"1", "true", "yes", "on"}


class Config:
    """Default settings; ``create_app(config)`` overrides any of them."""

    SECRET_KEY = os.environ.get("MOCK_PORTAL_SECRET_KEY", "mock-portal-local-only")
    # None means an SQLite file in the instance folder, chosen in the factory.
    SQLALCHEMY_DATABASE_URI = os.environ.get("MOCK_PORTAL_DATABASE_URL")
    # The test-control API under /__admin answers 404 unless this is on.
    ADMIN_API = _flag("MOCK_PORTAL_ADMIN")
    # Seed of the Faker generator that fills the portal with operators.
    FAKER_SEED = int(os.environ.get("MOCK_PORTAL_SEED", "2024"))

    LANGUAGES = ("fr", "en")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = "translations"

    MAIL_SENDER = "automated-notifications@nomail.ec.europa.eu"
    PASSWORD_LINK_LIFETIME = timedelta(minutes=90)
    SERVICE_TICKET_LIFETIME = timedelta(minutes=5)
    SSO_SESSION_LIFETIME = timedelta(hours=8)

    # URL prefixes of the CAS services EU Login redirects to. None: the TRACES NT
    # environments served by this same portal, whatever host it is reached on.
    CAS_SERVICES = None
    # Where TRACES NT validates its tickets. None: this portal's own EU Login,
    # called in-process through WSGI; an URL makes it a plain HTTP client.
    CAS_SERVER_URL = os.environ.get("MOCK_PORTAL_CAS_SERVER_URL")
    # With the control API on, the captcha always asks for this code so that
    # scripted registrations are predictable.
    TEST_CAPTCHA_CODE = "TRACES"
