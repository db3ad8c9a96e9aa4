"""The app's forms: a picture (or the text) of a QR code, and the PIN code."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import PasswordField, TextAreaField
from wtforms.validators import DataRequired, ValidationError

from ..eulogin.devices import is_pin
from ..validators import TextLimit


class ScanForm(FlaskForm):
    """What the camera sees: a picture of the QR code, or of the screen that shows it."""

    # On a phone the file input opens the camera.
    picture = FileField(
        _l("Picture of the QR code"), render_kw={"accept": "image/*", "capture": "environment"}
    )
    text = TextAreaField(_l("Or paste the QR code's text"), validators=[TextLimit(2000)])


class PinForm(FlaskForm):
    """The app's PIN code: four digits."""

    pin = PasswordField(
        _l("PIN code"),
        validators=[TextLimit(20), DataRequired(_l("Please type your PIN code."))],
    )

    def validate_pin(self, field):
        if not is_pin(field.data):
            raise ValidationError(_l("The PIN code is four digits, such as 2580."))
