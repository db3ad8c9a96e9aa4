"""TRACES NT's forms: operator search, new operator, authorisation request, preferences."""

import re

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    FloatField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    NumberRange,
    Optional,
    ValidationError,
)

from ..validators import TextLimit, finite
from ..widgets import QuickSelectField
from . import referential

_PHONE = re.compile(r"^\+?[0-9 ()./-]{6,20}$")


def _phone(form, field):
    if field.data and not _PHONE.match(field.data.strip()):
        raise ValidationError(_l("This phone number is not valid."))


def _no_choice() -> tuple[str, str]:
    return ("", "")


class OperatorSearchForm(FlaskForm):
    """Search existing operators: country (mandatory), section, activity type, free text."""

    class Meta:
        csrf = False  # a search changes nothing

    country = QuickSelectField(
        _l("Country"), validators=[DataRequired(_l("Please choose a country."))]
    )
    section = QuickSelectField(_l("Section"), default="")
    activity_type = QuickSelectField(_l("Activity type"), default="")
    q = StringField(_l("Search"), validators=[TextLimit(200)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [_no_choice(), *referential.country_choices()]
        self.section.choices = {"": [_no_choice()], **dict(referential.grouped_section_choices())}
        self.activity_type.choices = {
            "": [_no_choice()],
            **dict(referential.grouped_activity_choices()),
        }

    def validate_activity_type(self, field):
        if field.data and self.section.data and not field.data.startswith(self.section.data + ":"):
            raise ValidationError(_l("This activity type does not belong to the chosen section."))


class OrganisationSearchForm(FlaskForm):
    """Search competent authorities or organic control bodies."""

    class Meta:
        csrf = False

    country = QuickSelectField(_l("Country"))
    q = StringField(_l("Search"), validators=[TextLimit(200)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [_no_choice(), *referential.country_choices()]


class AuthorisationRequestForm(FlaskForm):
    """The optional details sent with an authorisation request."""

    message = TextAreaField(_l("Message"), validators=[TextLimit(2000, multiline=True), Optional()])
    contact_email = EmailField(
        lazy_pgettext("authorisation request", "E-mail"),
        validators=[TextLimit(254), Optional(), Email(_l("This e-mail address is not valid."))],
        # The guide's own example values (part II.2), shown until the user types.
        render_kw={"placeholder": "name@domain.com"},
    )
    contact_phone = StringField(
        lazy_pgettext("authorisation request", "Phone"),
        validators=[TextLimit(40), Optional(), _phone],
        render_kw={"placeholder": "+32 02 123456"},
    )


def _section_choices(field: SelectField) -> None:
    field.choices = {"": [_no_choice()], **dict(referential.grouped_section_choices())}


def _activity_choices(field: SelectField) -> None:
    field.choices = {"": [_no_choice()], **dict(referential.grouped_activity_choices())}


def _check_section(section_code: str, country: str, by_authority: bool = False):
    """The chosen section, if it exists, applies to ``country`` and may be added by this user."""
    chosen = referential.section(section_code)
    if chosen is None:
        raise ValidationError(_l("Please choose a section."))
    if country and not chosen.applies_to(country):
        raise ValidationError(
            _l(
                "The section %(section)s does not apply to operators of %(country)s.",
                section=chosen.code,
                country=referential.country_label(country),
            )
        )
    if chosen.approved_list and not by_authority:
        # The real portal's code: such activities come from the official lists only.
        raise ValidationError(
            _l(
                "OPER-029: the section %(section)s is managed through the lists of approved "
                "establishments; only the competent authority can add it.",
                section=chosen.code,
            )
        )
    return chosen


def _check_activity_type(value: str, section_code: str) -> None:
    chosen_section, _sep, activity_code = (value or "").partition(":")
    chosen = referential.section(section_code)
    if chosen is not None and (
        chosen_section != chosen.code or chosen.activity_type(activity_code) is None
    ):
        raise ValidationError(_l("This activity type does not belong to the chosen section."))


class OperatorDetailsForm(FlaskForm):
    """An operator's name, address, contacts and identifiers."""

    name = StringField(
        _l("Name"), validators=[TextLimit(200), DataRequired(_l("Please enter the name."))]
    )
    country = QuickSelectField(
        _l("Country"), validators=[DataRequired(_l("Please choose a country."))]
    )
    region = StringField(
        _l("Administrative region"),
        validators=[TextLimit(100), DataRequired(_l("Please enter the administrative region."))],
    )
    city = StringField(
        _l("City"), validators=[TextLimit(100), DataRequired(_l("Please enter the city."))]
    )
    postal_code = StringField(
        _l("Postal code"),
        validators=[TextLimit(20), DataRequired(_l("Please enter the postal code."))],
    )
    address = StringField(
        _l("Address"), validators=[TextLimit(200), DataRequired(_l("Please enter the address."))]
    )
    phone = StringField(lazy_pgettext("operator", "Phone"), validators=[TextLimit(40), _phone])
    fax = StringField(_l("Fax"), validators=[TextLimit(40), _phone])
    email = EmailField(
        lazy_pgettext("operator", "E-mail"),
        validators=[TextLimit(254), Optional(), Email(_l("This e-mail address is not valid."))],
    )
    website = URLField(_l("Website"), validators=[TextLimit(200), Optional()])
    # Typed with spaces sometimes ("BE 0479 168 518"); stored without them, 17 at most.
    eori = StringField(_l("EORI number"), validators=[TextLimit(30)])
    latitude = FloatField(
        _l("Latitude"),
        validators=[
            Optional(),
            finite,
            NumberRange(-90, 90, _l("The latitude must lie between -90 and 90.")),
        ],
    )
    longitude = FloatField(
        _l("Longitude"),
        validators=[
            Optional(),
            finite,
            NumberRange(-180, 180, _l("The longitude must lie between -180 and 180.")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The operator being edited, if any: its activities bind its country and its EORI.
        self.operator = kwargs.get("obj")
        self.country.choices = [_no_choice(), *referential.country_choices()]

    def _current_sections(self) -> list:
        activities = getattr(self.operator, "activities", None) or []
        found = [referential.section(a.section_code) for a in activities if a.status != "refused"]
        return [chosen for chosen in found if chosen is not None]

    def validate_country(self, field):
        for chosen in self._current_sections():
            if not chosen.applies_to(field.data):
                raise ValidationError(
                    _l(
                        "The section %(section)s does not apply to operators of %(country)s.",
                        section=chosen.code,
                        country=referential.country_label(field.data),
                    )
                )

    def validate_phone(self, field):
        if not any(
            (getattr(self, name).data or "").strip()
            for name in ("phone", "fax", "email", "website")
        ):
            raise ValidationError(
                _l("Give at least one way to contact the operator: phone, fax, e-mail or website.")
            )

    def eori_required_by(self) -> str | None:
        """The code of the section that makes the EORI number mandatory, if any."""
        return next((s.code for s in self._current_sections() if s.requires_eori), None)

    def validate_eori(self, field):
        value = (field.data or "").strip().upper().replace(" ", "")
        field.data = value
        if not value:
            if section_code := self.eori_required_by():
                raise ValidationError(
                    _l(
                        "An EORI number is mandatory for the section %(section)s.",
                        section=section_code,
                    )
                )
            return
        if not referential.EORI_PATTERN.match(value):
            raise ValidationError(
                _l(
                    "An EORI number is a country code followed by up to 15 letters or digits, "
                    "such as BE0479168518."
                )
            )
        if not referential.is_eori_country(value):
            raise ValidationError(
                _l(
                    "An EORI number starts with the code of the country that issued it; "
                    "%(prefix)s is no country code (BE for Belgium, FR for France...).",
                    prefix=value[:2],
                )
            )


class OperatorForm(OperatorDetailsForm):
    """A new operator, with the one activity chosen at creation."""

    section = QuickSelectField(
        _l("Section"), validators=[DataRequired(_l("Please choose a section."))]
    )
    activity_type = QuickSelectField(
        _l("Activity type"), validators=[DataRequired(_l("Please choose an activity type."))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _section_choices(self.section)
        _activity_choices(self.activity_type)

    def eori_required_by(self) -> str | None:
        chosen = referential.section(self.section.data)
        return chosen.code if chosen is not None and chosen.requires_eori else None

    def validate_section(self, field):
        _check_section(field.data, self.country.data)

    def validate_activity_type(self, field):
        _check_activity_type(field.data, self.section.data)


class ActivityForm(FlaskForm):
    """ "+ Ajouter une activité": a section, its activity type, an identifier if needed."""

    section = QuickSelectField(
        _l("Section"), validators=[DataRequired(_l("Please choose a section."))]
    )
    activity_type = QuickSelectField(
        _l("Activity type"), validators=[DataRequired(_l("Please choose an activity type."))]
    )
    # No Optional(): it would stop the chain before validate_identifier, which must
    # refuse a blank identifier for sections that need one.
    identifier = StringField(_l("Identifier"), validators=[TextLimit(64)])

    def __init__(self, operator, *args, by_authority: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.operator = operator
        self.by_authority = by_authority
        _section_choices(self.section)
        _activity_choices(self.activity_type)

    def validate_section(self, field):
        chosen = _check_section(field.data, self.operator.country, self.by_authority)
        if chosen.requires_eori and not self.operator.eori:
            raise ValidationError(
                _l("An EORI number is mandatory for the section %(section)s.", section=chosen.code)
            )

    def validate_activity_type(self, field):
        _check_activity_type(field.data, self.section.data)
        section_code, _sep, activity_code = field.data.partition(":")
        if any(
            activity.section_code == section_code
            and activity.activity_code == activity_code
            and activity.status != "refused"
            for activity in self.operator.activities
        ):
            raise ValidationError(_l("The operator already has this activity."))

    def validate_identifier(self, field):
        chosen = referential.section(self.section.data)
        if chosen is not None and chosen.needs_identifier and not (field.data or "").strip():
            raise ValidationError(
                _l("This activity needs an identifier, such as the official registration number.")
            )


class PreferencesForm(FlaskForm):
    """Which events send the user a mail."""

    notify_role_status = BooleanField(_l("Changes to the status of my roles"))
    notify_new_requests = BooleanField(_l("New authorisation requests I can validate"))
    notify_activity_status = BooleanField(_l("Changes to the activities of my operators"))


class ActionForm(FlaskForm):
    """A CSRF-protected button (validate, refuse, cancel...)."""
