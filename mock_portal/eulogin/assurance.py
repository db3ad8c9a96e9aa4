"""How sure EU Login is of an account (assurance levels) and of a sign-in (strengths).

Assurance levels are EU Login's: each of its own validation endpoints asks for one, and
an account below it does not pass. Self-registered accounts are LOW. The strength of a
sign-in says which verification was made, by EU Login's own names: the password alone
(PASSWORD), the password then the EU Login Mobile App confirming a request with its PIN
code (PASSWORD_MOBILE_APP), or the password then the one-time password the app shows for a
QR code (PASSWORD_SOFTWARE_TOKEN). A service asks for two factors with
``authenticationLevel=MEDIUM``, on ``/cas/login`` and on validation.
"""

NO_ASSURANCE, LOW, MEDIUM, HIGH, TOP = 0, 10, 20, 30, 40
LEVEL_NAMES = {NO_ASSURANCE: "NO_ASSURANCE", LOW: "LOW", MEDIUM: "MEDIUM", HIGH: "HIGH", TOP: "TOP"}
EXTERNAL_ASSURANCE = LOW

# EU Login's validation endpoints and the assurance level each stands for.
VALIDATION_LEVELS = {
    "strictValidate": TOP,
    "interinstitutionalValidate": HIGH,
    "sponsorValidate": MEDIUM,
    "laxValidate": LOW,
}

PASSWORD = "PASSWORD"
PASSWORD_MOBILE_APP = "PASSWORD_MOBILE_APP"
PASSWORD_SOFTWARE_TOKEN = "PASSWORD_SOFTWARE_TOKEN"
# What each authentication level accepts. HIGH asks for a security key or an eID, which
# this mock does not offer: nothing meets it.
ACCEPTED_STRENGTHS = {
    "BASIC": {PASSWORD, PASSWORD_MOBILE_APP, PASSWORD_SOFTWARE_TOKEN},
    "MEDIUM": {PASSWORD_MOBILE_APP, PASSWORD_SOFTWARE_TOKEN},
    "HIGH": set(),
}
TWO_FACTORS = "MEDIUM"


def authentication_level(strength: str) -> str:
    """The authentication level a sign-in of ``strength`` reaches (BASIC or MEDIUM)."""
    return "MEDIUM" if strength in ACCEPTED_STRENGTHS["MEDIUM"] else "BASIC"


def accepted_strengths(authentication_level: str | None, accept_strengths: str | None) -> set:
    """The strengths a service accepts, from ``authenticationLevel`` and, as EU Login's own
    clients send it, ``acceptStrengths`` (a comma-separated list); every one by default."""
    accepted = set(ACCEPTED_STRENGTHS["BASIC"])
    if authentication_level:
        accepted &= ACCEPTED_STRENGTHS.get(authentication_level.upper(), set())
    if accept_strengths:
        accepted &= {name.strip().upper() for name in accept_strengths.split(",")}
    return accepted


def wants_two_factors(authentication_level: str | None) -> bool:
    """Whether a sign-in asked for with ``authenticationLevel`` needs the mobile app's code."""
    return PASSWORD not in accepted_strengths(authentication_level, None)
