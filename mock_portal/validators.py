"""Validators every text field of the portal carries: a length limit, no control characters,
finite numbers.

A value over the limit is refused with a message at its field and dropped, so that the
page never echoes megabytes back; the limits match the columns that store the values.
"""

import math

from flask_babel import lazy_gettext as _l
from wtforms.validators import StopValidation, ValidationError

from .guards import has_control_characters

# Where a text is multi-line (a message), line breaks and tabs are fine.
_LINE_BREAKS = "\r\n\t"


class TextLimit:
    """At most ``maximum`` characters, and none of them a control character."""

    def __init__(self, maximum: int, multiline: bool = False):
        self.maximum = maximum
        self.allowed = _LINE_BREAKS if multiline else ""
        # Rendered as the input's maxlength attribute, so a browser stops typing there.
        self.field_flags = {"maxlength": maximum}

    def __call__(self, form, field) -> None:
        value = field.data
        if not isinstance(value, str):
            return
        if len(value) > self.maximum:
            field.data = ""
            raise StopValidation(
                _l("This field can hold at most %(count)d characters.", count=self.maximum)
            )
        if has_control_characters(value, self.allowed):
            field.data = "".join(c for c in value if not has_control_characters(c))
            raise StopValidation(_l("This field contains characters that cannot be typed."))


def finite(form, field) -> None:
    """Refuse "nan" and "inf", which Python reads as numbers and no map knows."""
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError(_l("Please enter a number."))
