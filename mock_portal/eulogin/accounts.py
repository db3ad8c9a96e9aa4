"""Account rules and life cycle: registration, password links, password checks."""

import re
import secrets
import unicodedata

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from .. import clock
from ..extensions import db
from ..mailbox import send_mail
from ..public_url import external_url
from .lockout import forgive
from .models import Account, AccountGroup, PasswordLink

# Letters of any alphabet, with the spaces, hyphens and apostrophes of compound names.
_NAME = re.compile(r"^[^\W\d_]+(?:[ '\u2019\-][^\W\d_]+)*$")
_EU_INSTITUTIONS = "europa.eu"
PASSWORD_MIN_LENGTH = 10
# Uids drawn for a new account before giving up: 16 million of them, a clash is rare and two
# in a row far rarer.
UID_DRAWS = 5
# The 24 official languages of the EU, offered for the mails.
EU_LANGUAGES = "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split()


class AlreadyRegistered(Exception):
    """Another request registered the same address first."""


def hash_password(password: str) -> str:
    """The stored form of ``password``, with the portal's hashing method."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


class AccountError(ValueError):
    """A request that breaks an account rule; ``status`` is the HTTP answer for APIs."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def is_valid_name(name: str) -> bool:
    """Names are made of letters, of any alphabet."""
    letters: list[str] = []
    for char in unicodedata.normalize("NFC", name.strip()):
        # A combining mark (a Devanagari vowel sign, a decomposed accent) is part of its letter.
        if unicodedata.category(char).startswith("M") and letters and letters[-1].isalpha():
            continue
        letters.append(char)
    return bool(_NAME.match("".join(letters)))


def is_eu_institution_address(email: str) -> bool:
    """Addresses of the EU institutions are refused for external accounts."""
    domain = email.rpartition("@")[2].lower()
    return domain == _EU_INSTITUTIONS or domain.endswith("." + _EU_INSTITUTIONS)


def find_account(email: str) -> Account | None:
    """The account registered with ``email``, whatever its case."""
    return db.session.scalar(db.select(Account).where(Account.email == email.strip().lower()))


def password_problems(password: str) -> list[str]:
    """Each way ``password`` breaks EU Login's rule, explained; empty when it complies."""
    problems = []
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(
            _("The password must be at least %(count)d characters long.", count=PASSWORD_MIN_LENGTH)
        )
    if not any(c.isupper() for c in password):
        problems.append(_("The password must contain an upper-case letter."))
    if not any(c.islower() for c in password):
        problems.append(_("The password must contain a lower-case letter."))
    if not any(c.isdigit() for c in password):
        problems.append(_("The password must contain a digit."))
    if all(c.isalnum() for c in password):
        problems.append(_("The password must contain a special character, such as ! ? # or %."))
    return problems


def _new_uid() -> str:
    # EU Login identifiers look like "n00a1b2c3".
    return "n00" + secrets.token_hex(3)


def _add_account(**fields) -> Account | None:
    """Store a new account under a new uid, drawn again when another account has it; None
    when another account has its address (registered first, maybe a moment ago)."""
    draws = UID_DRAWS
    while True:
        account = Account(uid=_new_uid(), **fields)
        db.session.add(account)
        try:
            db.session.commit()
            return account
        except IntegrityError:
            db.session.rollback()
            draws -= 1
            if find_account(fields["email"]) is not None:
                return None
            if not draws:
                raise


def register_account(
    first_name: str, last_name: str, email: str, mail_language: str, service: str | None = None
) -> Account:
    """Record a new, not yet activated, account and mail its password link.

    The address is unique in the database: of simultaneous registrations of one address,
    one wins and the others raise ``AlreadyRegistered``.
    """
    account = _add_account(
        email=email.strip().lower(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        mail_language=mail_language,
        created_at=clock.now(),
    )
    if account is None:
        raise AlreadyRegistered(email)
    send_password_link(account, service=service)
    return account


def create_activated_account(
    email: str, first_name: str, last_name: str, password: str, mail_language: str = "en"
) -> Account:
    """Create an account that can sign in at once; the rules of registration still apply."""
    email = email.strip().lower()
    if not is_valid_name(first_name) or not is_valid_name(last_name):
        raise AccountError("first_name and last_name must be made of letters.")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise AccountError(f"{email!r} is not an e-mail address: {exc}") from None
    if mail_language not in EU_LANGUAGES:
        raise AccountError(f"mail_language must be one of {', '.join(EU_LANGUAGES)}.")
    if is_eu_institution_address(email):
        raise AccountError("Addresses of the EU institutions cannot be used for external accounts.")
    if find_account(email):
        raise AccountError(f"An account already exists for {email}.", status=409)
    if problems := password_problems(password):
        raise AccountError(" ".join(problems))
    account = _add_account(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        mail_language=mail_language,
        password_hash=hash_password(password),
        created_at=clock.now(),
    )
    if account is None:
        raise AccountError(f"An account already exists for {email}.", status=409)
    return account


def _mail_locale(account: Account) -> str:
    # Mails go out in the language chosen at registration, whatever the interface says.
    languages = current_app.config["LANGUAGES"]
    return account.mail_language if account.mail_language in languages else "en"


def send_password_link(account: Account, service: str | None = None) -> PasswordLink:
    """Mail ``account`` a one-time link to set its password, valid 90 minutes."""
    link = PasswordLink(
        token=secrets.token_urlsafe(24),
        account=account,
        created_at=clock.now(),
        service=service,
    )
    db.session.add(link)
    db.session.commit()
    address = external_url("eulogin.set_password", token=link.token)
    minutes = int(current_app.config["PASSWORD_LINK_LIFETIME"].total_seconds() // 60)
    with force_locale(_mail_locale(account)):
        if account.activated:
            subject = _("EU Login: reset your password")
            opening = _("You asked to reset the password of your EU Login account.")
        else:
            subject = _("EU Login: set your password")
            opening = _("You have been registered in EU Login.")
        body = "\n\n".join(
            [
                _("Dear %(name)s,", name=account.display_name),
                opening,
                _("Your e-mail address is %(email)s.", email=account.email),
                _("To create your password, follow the link below:"),
                address,
                _(
                    "You have a maximum of %(minutes)d minutes, starting from the time this "
                    "message was sent, to create your password, but you are encouraged to do "
                    "so immediately if possible.",
                    minutes=minutes,
                ),
                _("This is an automatic message, please do not reply."),
            ]
        )
    send_mail(account.email, subject, body)
    return link


def link_state(link: PasswordLink | None) -> str:
    """``valid``, ``used``, ``expired`` or ``unknown``, by the portal's clock."""
    if link is None:
        return "unknown"
    if link.used_at is not None:
        return "used"
    if clock.now() - link.created_at > current_app.config["PASSWORD_LINK_LIFETIME"]:
        return "expired"
    return "valid"


def set_password(link: PasswordLink, password: str) -> Account | None:
    """Set the account's password and spend the link, and every older link with it.

    None if the link was spent meanwhile (the same form sent twice at once): a link sets
    one password only.
    """
    spent_at = clock.now()
    spent = db.session.execute(
        db.update(PasswordLink)
        .where(PasswordLink.token == link.token, PasswordLink.used_at.is_(None))
        .values(used_at=spent_at)
        .execution_options(synchronize_session=False)
    ).rowcount
    if spent != 1:
        db.session.rollback()
        return None
    db.session.execute(
        db.update(PasswordLink)
        .where(PasswordLink.account_id == link.account_id, PasswordLink.used_at.is_(None))
        .values(used_at=spent_at)
        .execution_options(synchronize_session=False)
    )
    account = link.account
    account.password_hash = hash_password(password)
    # A new password is the way out of a lock, as the lock's message says.
    forgive(account)
    db.session.commit()
    db.session.refresh(link)
    return account


def password_matches(account: Account, password: str) -> bool:
    """Whether ``password`` is the account's password."""
    return account.activated and check_password_hash(account.password_hash, password)


def set_groups(account: Account, names: list[str]) -> None:
    """Give ``account`` exactly the groups ``names``."""
    # Emptied first: a group kept in the list is a new row with the old one's name.
    account.groups.clear()
    db.session.flush()
    account.groups.extend(AccountGroup(name=name) for name in names)
    db.session.commit()
