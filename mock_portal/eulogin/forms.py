"""EU Login's forms; each rule has its own message, shown at its field."""

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, ValidationError

from ..validators import TextLimit
from . import captcha
from .accounts import (
    EU_LANGUAGES,
    find_account,
    is_eu_institution_address,
    is_valid_name,
    password_problems,
)
from .devices import DEVICE_NAME_LENGTH, is_pin

# The lengths of the account's columns; a password longer than this is no password anyone
# types, and hashing megabytes would let one request occupy a worker.
NAME_LENGTH = 100
EMAIL_LENGTH = 254
PASSWORD_LENGTH = 200


def mail_language_choices() -> list[tuple[str, str]]:
    """The EU languages, named in the interface language, with their codes."""
    names = Locale.parse(str(get_locale())).languages
    choices = [(code, f"{names.get(code, code)} ({code})") for code in EU_LANGUAGES]
    return sorted(choices, key=lambda choice: choice[1].casefold())


def _letters_only(message):
    def check(form, field):
        if field.data and not is_valid_name(field.data):
            raise ValidationError(message)

    return check


class RegistrationForm(FlaskForm):
    """The self-registration form (``register.cgi``)."""

    first_name = StringField(
        _l("First name"),
        validators=[
            TextLimit(NAME_LENGTH),
            DataRequired(_l("Please enter your first name.")),
            _letters_only(_l("The first name may contain letters only.")),
        ],
    )
    last_name = StringField(
        _l("Last name"),
        validators=[
            TextLimit(NAME_LENGTH),
            DataRequired(_l("Please enter your last name.")),
            _letters_only(_l("The last name may contain letters only.")),
        ],
    )
    email = EmailField(
        _l("E-mail"),
        validators=[
            TextLimit(EMAIL_LENGTH),
            DataRequired(_l("Please enter your e-mail address.")),
            Email(_l("This e-mail address is not valid."), check_deliverability=False),
        ],
    )
    email_confirmation = EmailField(
        _l("Confirm e-mail"),
        validators=[
            TextLimit(EMAIL_LENGTH),
            DataRequired(_l("Please confirm your e-mail address.")),
            EqualTo("email", _l("The two e-mail addresses are not the same.")),
        ],
    )
    mail_language = SelectField(_l("E-mail language"))
    captcha = StringField(
        _l("Enter the code"),
        validators=[TextLimit(20), DataRequired(_l("Please enter the code shown."))],
    )
    privacy = BooleanField(
        _l(
            "By checking this box, you acknowledge that you have read and understood the privacy statement"
        ),
        validators=[InputRequired(_l("You must accept the privacy statement."))],
    )
    service = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mail_language.choices = mail_language_choices()

    def validate_email(self, field):
        if is_eu_institution_address(field.data):
            raise ValidationError(
                _l("The addresses of the EU institutions cannot be used for an external account.")
            )
        if find_account(field.data):
            raise ValidationError(_l("An account already exists for this e-mail address."))

    def validate_captcha(self, field):
        if not captcha.matches(field.data):
            raise ValidationError(_l("The code you entered is not correct. Try the new code."))


class PasswordForm(FlaskForm):
    """New password, typed twice, checked against EU Login's rule."""

    password = PasswordField(
        _l("New password"),
        validators=[TextLimit(PASSWORD_LENGTH), DataRequired(_l("Please enter a password."))],
    )
    confirmation = PasswordField(
        _l("Confirm new password"),
        validators=[
            TextLimit(PASSWORD_LENGTH),
            DataRequired(_l("Please type the password a second time.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
    )

    def validate_password(self, field):
        # Every broken part of the rule is explained, not just the first one.
        if problems := password_problems(field.data):
            field.errors.extend(problems[:-1])
            raise ValidationError(problems[-1])


class IdentifierForm(FlaskForm):
    """First step of sign-in: who is signing in."""

    email = EmailField(
        _l("E-mail address"),
        validators=[TextLimit(EMAIL_LENGTH), DataRequired(_l("Please enter your e-mail address."))],
    )


# The verification methods offered after «Suivant», as the real EU Login names them; it also
# offers security keys and eID, which this mock does not.
PASSWORD_METHOD = "password"
MOBILE_APP_PIN_METHOD = "mobile-app-pin"
MOBILE_APP_QR_METHOD = "mobile-app-qr"
MOBILE_APP_METHODS = {MOBILE_APP_PIN_METHOD: "pin", MOBILE_APP_QR_METHOD: "qr"}


class PasswordSignInForm(FlaskForm):
    """Second step of sign-in: the verification method and the password of the account."""

    email = HiddenField(validators=[TextLimit(EMAIL_LENGTH)])
    method = SelectField(_l("Choose your verification method"), default=PASSWORD_METHOD)
    password = PasswordField(
        _l("Password"),
        validators=[TextLimit(PASSWORD_LENGTH), DataRequired(_l("Please enter your password."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.method.choices = [
            (PASSWORD_METHOD, _l("Password")),
            (MOBILE_APP_PIN_METHOD, _l("EU Login Mobile App PIN Code")),
            (MOBILE_APP_QR_METHOD, _l("EU Login Mobile App QR Code")),
        ]


class WaitingForAppForm(FlaskForm):
    """The PIN method's last step: the browser goes on once the app confirmed the request."""

    pending = HiddenField(validators=[TextLimit(64)])


class OneTimePasswordForm(FlaskForm):
    """The QR method's last step: the one-time password the app shows for the QR code."""

    pending = HiddenField(validators=[TextLimit(64)])
    code = StringField(
        _l("One-time password"),
        validators=[TextLimit(20), DataRequired(_l("Please enter the one-time password."))],
    )

    def validate_code(self, field):
        field.data = field.data.replace(" ", "")
        if not (field.data.isascii() and field.data.isdigit() and len(field.data) == 6):
            raise ValidationError(_l("The one-time password is six digits, such as 123456."))


def _four_digits(form, field):
    if field.data and not is_pin(field.data):
        raise ValidationError(_l("The PIN code is four digits, such as 2580."))


class MobileDeviceForm(FlaskForm):
    """«Add a mobile device»: its name, and the PIN code the app will ask for, twice."""

    name = StringField(
        _l("Your device name"),
        validators=[
            TextLimit(DEVICE_NAME_LENGTH),
            DataRequired(_l("Please enter a name for your device.")),
        ],
    )
    pin = PasswordField(
        _l("Your 4 digit PIN code"),
        validators=[TextLimit(20), DataRequired(_l("Please choose a PIN code.")), _four_digits],
    )
    pin_confirmation = PasswordField(
        _l("Confirm your PIN code"),
        validators=[
            TextLimit(20),
            DataRequired(_l("Please type the PIN code a second time.")),
            EqualTo("pin", _l("The two PIN codes are not the same.")),
        ],
    )


class LostPasswordForm(FlaskForm):
    """Ask for a new password link."""

    email = IdentifierForm.email


class AccountDetailsForm(FlaskForm):
    """The EU Login details a signed-in user may change."""

    first_name = RegistrationForm.first_name
    last_name = RegistrationForm.last_name
    mail_language = SelectField(_l("E-mail language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mail_language.choices = mail_language_choices()
