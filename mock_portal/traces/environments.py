"""The TRACES NT environments; each is the same blueprint mounted at its own path."""

from dataclasses import dataclass

from flask import request
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Environment:
    """One TRACES NT environment, with its own data."""

    code: str
    prefix: str
    label: str

    @property
    def endpoint(self) -> str:
        """The blueprint name this environment is mounted under."""
        return f"traces_{self.code}"


ENVIRONMENTS = (
    Environment("production", "/tracesnt", _l("Production")),
    Environment("training", "/training/tracesnt", _l("Training")),
    Environment("acceptance", "/acceptance/tracesnt", _l("Acceptance")),
)
_BY_ENDPOINT = {environment.endpoint: environment for environment in ENVIRONMENTS}


def current_environment() -> Environment:
    """The environment the current request was made in."""
    return _BY_ENDPOINT[request.blueprint]
