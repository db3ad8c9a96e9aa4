"""The quick select writes the markup of WTForms' own, byte for byte."""

import pytest
from wtforms import Form, SelectField

from mock_portal.widgets import QuickSelectField

TRICKY = [
    ("", ""),
    ("BE", "Belgique (BE)"),
    ('"><script>', "<b>&amp; 'quoted'</b>"),
    ("CI", "Côte d’Ivoire (CI)"),
    ("NL", None),
    ("X", "with attributes", {"disabled": True, "data_code": "x"}),
]
GROUPED = {
    "": [("", "")],
    "Chapitre <1> & «2»": [("EXPORTER", "Exporter"), ("A&B", "<i>A</i> & B")],
    "Other": [("IMPORTER", "Importer")],
}


class Both(Form):
    ours = QuickSelectField()
    theirs = SelectField()
    ours_grouped = QuickSelectField()
    theirs_grouped = SelectField()
    ours_flags = QuickSelectField(coerce=bool)
    theirs_flags = SelectField(coerce=bool)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Given after the fields are made, as the portal's forms give theirs.
        for side in ("ours", "theirs"):
            self[side].choices = TRICKY
            self[f"{side}_grouped"].choices = GROUPED
            self[f"{side}_flags"].choices = [(True, "yes"), (False, "no")]


def _same(form: Form, name: str, **kwargs) -> str:
    ours = form[f"ours{name}"](**kwargs)
    theirs = form[f"theirs{name}"](**kwargs)
    # The fields' own names and ids differ; nothing else may.
    assert ours.replace("ours", "theirs") == theirs
    return ours


@pytest.mark.parametrize("chosen", ["", "BE", '"><script>', "NL", "X", "missing"])
def test_each_choice_selected_or_not_gives_wtforms_markup(chosen):
    form = Both(data={"ours": chosen, "theirs": chosen})
    html = _same(form, "", aria_invalid="true", required=True)
    # A real check that the chosen option is marked, not only that both agree.
    if chosen == "BE":
        assert '<option selected value="BE">Belgique (BE)</option>' in html
    assert "<script>" not in html


@pytest.mark.parametrize("chosen", ["", "A&B", "IMPORTER"])
def test_grouped_choices_give_wtforms_markup(chosen):
    form = Both(data={"ours_grouped": chosen, "theirs_grouped": chosen})
    html = _same(form, "_grouped")
    assert html.count("<optgroup") == 3


def test_boolean_values_give_wtforms_markup():
    _same(Both(data={"ours_flags": True, "theirs_flags": True}), "_flags")


def test_the_portal_country_selects_are_quick():
    from mock_portal.traces.forms import OperatorForm, OperatorSearchForm

    for form in (OperatorSearchForm, OperatorForm):
        assert form.country.field_class is QuickSelectField
