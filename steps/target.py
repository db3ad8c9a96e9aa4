"""The portal the scenarios run against, and what it lets them do.

Three cases: a fresh mock served by each session (the default), a running portal named by
``--base-url`` (a shared mock, a classroom), or another portal described by a target
profile (``--target``, a TOML file): EU Login's address, each TRACES NT environment's,
pre-registered accounts (their secrets in environment variables) and the tags that can run
there. Scenarios tagged ``@controle`` need the mock's control API; where the portal has
none, they are deselected and the header says so.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pages import portal as layout
from pages.control import PortalControl
from pages.portal import MOCK_ENVIRONMENTS, PortalLayout
from steps.people import SEEDED_AUTHORITIES, Authority, Person

TARGET_ENV = "TRACES_TARGET"
CONTROL_MARKER = "controle"
_PROFILE = pytest.StashKey["TargetProfile | None"]()
_CONTROL = pytest.StashKey[bool]()


class ProfileError(pytest.UsageError):
    """A target profile that cannot be used as written."""


@dataclass(frozen=True)
class TargetProfile:
    """Another portal: its layout, its accounts and the scenarios that can run there."""

    name: str
    base_url: str
    layout: PortalLayout
    tags: str | None
    operator: Person | None
    authorities: dict[str, Authority] = field(default_factory=dict)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("traces-nt")
    group.addoption(
        "--target",
        default=os.environ.get(TARGET_ENV),
        metavar="PROFILE.toml",
        help=f"run against the portal a target profile describes (also ${TARGET_ENV}); "
        "see targets/ and the README",
    )
    group.addoption(
        "--eu-login-url",
        default=None,
        metavar="URL",
        help="EU Login's base address (ending in /cas) when it is not /cas on --base-url",
    )
    group.addoption(
        "--givens-through-screens",
        action="store_true",
        help="reach every precondition through the screens, as @guide scenarios do, rather "
        "than through the control API",
    )


def _secret(section: dict, key: str, where: str) -> str:
    """``key`` of ``section``, or the environment variable its ``<key>_env`` names."""
    if key in section:
        return str(section[key])
    variable = section.get(f"{key}_env")
    if not variable:
        raise ProfileError(f"{where}: give {key} or {key}_env.")
    value = os.environ.get(variable)
    if not value:
        raise ProfileError(f"{where}: the environment variable {variable} ({key}) is not set.")
    return value


def _operator(section: dict | None, where: str) -> Person | None:
    if section is None:
        return None
    return Person(
        first_name=_secret(section, "first_name", where),
        last_name=_secret(section, "last_name", where),
        email=_secret(section, "email", where),
        password=_secret(section, "password", where),
        street_address="",
        postcode="",
        city="",
    )


def load_profile(path: Path) -> TargetProfile:
    """Read the target profile at ``path``; a usage error says what is wrong with it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(f"Cannot read the target profile {path}: {exc.strerror}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"The target profile {path} is not valid TOML: {exc}.") from None
    where = str(path)
    site = data.get("portal")
    if not isinstance(site, dict) or "base_url" not in site or "eu_login" not in site:
        raise ProfileError(f"{where}: [portal] needs base_url and eu_login.")
    environments = site.get("environments") or {}
    unknown = set(environments) - set(MOCK_ENVIRONMENTS)
    if not environments or unknown:
        raise ProfileError(
            f"{where}: [portal.environments] maps {', '.join(MOCK_ENVIRONMENTS)} to addresses"
            + (f" (unknown: {', '.join(sorted(unknown))})." if unknown else ".")
        )
    accounts = data.get("accounts", {})
    authorities = {}
    for code, section in accounts.get("authorities", {}).items():
        code = code.upper()
        known = SEEDED_AUTHORITIES.get(code)
        authorities[code] = Authority(
            code,
            _secret(section, "email", f"{where} [accounts.authorities.{code}]"),
            section.get("full_name") or (known.full_name if known else code),
            _secret(section, "password", f"{where} [accounts.authorities.{code}]"),
        )
    return TargetProfile(
        name=data.get("name", path.stem),
        base_url=str(site["base_url"]).rstrip("/"),
        layout=PortalLayout(
            eu_login=str(site["eu_login"]),
            environments={code: str(url) for code, url in environments.items()},
            mailbox=site.get("mailbox") or None,
            mobile_app=site.get("mobile_app") or None,
        ),
        tags=data.get("run", {}).get("tags"),
        operator=_operator(accounts.get("operator"), f"{where} [accounts.operator]"),
        authorities=authorities,
    )


def target_profile(config: pytest.Config) -> TargetProfile | None:
    """The run's target profile, read once."""
    if _PROFILE not in config.stash:
        given = config.getoption("target", None)
        config.stash[_PROFILE] = load_profile(Path(given)) if given else None
    return config.stash[_PROFILE]


def given_base_url(config: pytest.Config) -> str | None:
    """The running portal to drive: the profile's, or --base-url ($PYTEST_BASE_URL, ini)."""
    profile = target_profile(config)
    if profile is not None:
        return profile.base_url
    return config.getoption("base_url", None) or config.getini("base_url") or None


def has_control_api(config: pytest.Config) -> bool:
    """Whether the portal under test lets scenarios use the control API (asked once)."""
    if _CONTROL not in config.stash:
        base_url = given_base_url(config)
        config.stash[_CONTROL] = base_url is None or PortalControl(base_url).is_available()
    return config.stash[_CONTROL]


def portal_layout(config: pytest.Config) -> PortalLayout:
    """Where EU Login, the environments and the mailbox are on the portal under test."""
    profile = target_profile(config)
    if profile is not None:
        return profile.layout
    eu_login = config.getoption("eu_login_url", None)
    return PortalLayout(eu_login=eu_login.rstrip("/")) if eu_login else PortalLayout()


def _and(expression: str | None, more: str) -> str:
    return f"({expression}) and ({more})" if expression else more


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    layout.use(portal_layout(config))
    # Deselection through -m, so that pytest counts the scenarios left out ("N deselected").
    profile = target_profile(config)
    expression = config.option.markexpr or None
    if profile is not None and profile.tags:
        expression = _and(expression, profile.tags)
    if given_base_url(config) is not None and not has_control_api(config):
        expression = _and(expression, f"not {CONTROL_MARKER}")
    config.option.markexpr = expression or ""


def pytest_report_header(config: pytest.Config) -> list[str]:
    profile = target_profile(config)
    lines = []
    if profile is not None:
        lines.append(f"target: {profile.name} (runs only: {profile.tags or 'every tag'})")
    base_url = given_base_url(config)
    if base_url is not None and not has_control_api(config):
        lines.append(
            f"control API: none at {base_url}/__admin/ - scenarios tagged @{CONTROL_MARKER} "
            "are deselected"
        )
    return lines
