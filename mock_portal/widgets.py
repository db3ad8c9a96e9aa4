"""Form widgets: WTForms' select, its options written faster.

The country select of the operator search and of the operator form lists some 250 countries.
WTForms writes each option through ``html_params`` (its attributes sorted, each escaped and
formatted on its own): half of the search page's time went there. A plain option, the only
kind the portal's selects hold, is written here in one string, the same markup to the byte;
any other option (attributes of its own, a boolean value) goes through WTForms as before.
"""

from __future__ import annotations

from markupsafe import Markup, escape
from wtforms import SelectField
from wtforms.widgets import Select


class QuickSelect(Select):
    """WTForms' ``Select``: the same markup, plain options written without ``html_params``."""

    @classmethod
    def render_option(cls, choice, **kwargs) -> Markup:
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        # html_params sorts the attributes: "selected" comes before "value".
        selected = "selected " if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option {selected}value="{escape(choice.value)}">{label}</option>')


class QuickSelectField(SelectField):
    """A ``SelectField`` drawn by ``QuickSelect``."""

    widget = QuickSelect()
