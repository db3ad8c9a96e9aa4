"""Self-registration (register.cgi): every rule has its own message, shown at its field."""

import pytest

from .html_page import page

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}
# What the form refuses or shows, before an account is written: the database cannot change
# it, so these run on the first backend only (see tests/backends.py).
refused_or_shown_by_the_form = pytest.mark.any_database


def test_registration_creates_an_account_and_mails_its_password_link(portal):
    accounts = portal.account_count()
    response = portal.register()
    assert response.status_code == 200
    assert page(response).heading == "Thank you for registering"
    assert portal.account_count() == accounts + 1
    assert [mail["to"] for mail in portal.mails()] == ["marie.dupont@example.com"]


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"first_name": ""}, "first_name", "Please enter your first name."),
        ({"first_name": "   "}, "first_name", "Please enter your first name."),
        ({"last_name": ""}, "last_name", "Please enter your last name."),
        ({"first_name": "M4rie"}, "first_name", "The first name may contain letters only."),
        ({"last_name": "Dupont!"}, "last_name", "The last name may contain letters only."),
        ({"email": "marie.dupont"}, "email", "This e-mail address is not valid."),
        ({"email": "marie@@example.com"}, "email", "This e-mail address is not valid."),
        (
            {"email_confirmation": ""},
            "email_confirmation",
            "Please confirm your e-mail address.",
        ),
        (
            {"email_confirmation": "marie.dupond@example.com"},
            "email_confirmation",
            "The two e-mail addresses are not the same.",
        ),
        ({"captcha": ""}, "captcha", "Please enter the code shown."),
        (
            {"captcha": "WRONG1"},
            "captcha",
            "The code you entered is not correct. Try the new code.",
        ),
        ({"privacy": None}, "privacy", "You must accept the privacy statement."),
    ],
)
@refused_or_shown_by_the_form
def test_broken_rule_is_explained_at_its_field(portal, fields, field_id, message):
    accounts = portal.account_count()
    response = portal.register(**fields)
    assert response.status_code == 400
    assert page(response).all_errors() == {field_id: [message]}
    assert portal.account_count() == accounts
    assert portal.mails() == []


@refused_or_shown_by_the_form
def test_empty_email_is_asked_for(portal):
    response = portal.register(email="", email_confirmation="")
    assert response.status_code == 400
    assert page(response).all_errors() == {
        "email": ["Please enter your e-mail address."],
        "email_confirmation": ["Please confirm your e-mail address."],
    }


@pytest.mark.parametrize("name", ["R2D2", "Jean@", "#", "Anne_Marie", "123", "Jean--Luc", "-Jean"])
@refused_or_shown_by_the_form
def test_names_with_digits_or_symbols_are_refused(portal, name):
    response = portal.register(first_name=name, last_name=name)
    assert response.status_code == 400
    assert page(response).all_errors() == {
        "first_name": ["The first name may contain letters only."],
        "last_name": ["The last name may contain letters only."],
    }


@pytest.mark.parametrize(
    "name",
    [
        "Ζωή",
        "Jean-Luc",
        "O'Neil",
        "O\u2019Neil",
        "Élodie",
        "Nguyễn",
        "Łukasz",
        "Anne Marie",
        "Дмитрий",
        "محمد",
        "张伟",
        "अनिल",
        "e\u0301lise",
    ],
)
def test_names_in_letters_of_any_alphabet_are_accepted(portal, name):
    accounts = portal.account_count()
    response = portal.register(first_name=name, last_name=name)
    assert response.status_code == 200, page(response).all_errors()
    assert portal.account_count() == accounts + 1


@pytest.mark.parametrize(
    "email", ["agent@europa.eu", "agent@ec.europa.eu", "Agent@EC.Europa.EU", "a@x.ec.europa.eu"]
)
@refused_or_shown_by_the_form
def test_eu_institution_addresses_are_refused(portal, email):
    accounts = portal.account_count()
    response = portal.register(email=email)
    assert response.status_code == 400
    assert page(response).errors("email") == [
        "The addresses of the EU institutions cannot be used for an external account."
    ]
    assert portal.account_count() == accounts


@pytest.mark.parametrize("email", ["agent@noteuropa.eu", "agent@europa.eu.example.com"])
def test_addresses_that_only_resemble_eu_institutions_are_accepted(portal, email):
    assert portal.register(email=email).status_code == 200


@pytest.mark.parametrize("email", ["marie.dupont@example.com", "Marie.Dupont@EXAMPLE.com"])
def test_address_already_registered_is_refused_whatever_its_case(portal, email):
    portal.register()
    accounts = portal.account_count()
    response = portal.register(email=email)
    assert response.status_code == 400
    assert page(response).errors("email") == ["An account already exists for this e-mail address."]
    assert portal.account_count() == accounts
    assert len(portal.mails()) == 1


def test_refused_form_keeps_what_was_typed(portal):
    response = portal.register(
        first_name="Ζωή",
        last_name="O'Neil",
        email="zoe@example.com",
        email_confirmation="zoe@example.org",
        mail_language="el",
    )
    form = page(response)
    assert response.status_code == 400
    assert form.value("first_name") == "Ζωή"
    assert form.value("last_name") == "O'Neil"
    assert form.value("email") == "zoe@example.com"
    assert form.value("email_confirmation") == "zoe@example.org"
    assert form.selected("mail_language") == "el"
    assert form.is_checked("privacy")


def test_refused_form_does_not_show_the_typed_code_again(portal):
    form = page(portal.register(first_name=""))
    assert form.value("captcha") == ""


@refused_or_shown_by_the_form
def test_form_lists_the_24_eu_languages_for_mails(client):
    form = page(client.get("/cas/eim/external/register.cgi"))
    select = form.find("select", name="mail_language")
    options = [o.attrs["value"] for o in select.find_all("option")]
    assert len(options) == 24
    assert {"fr", "en", "el", "ga", "mt"} <= set(options)


@pytest.mark.parametrize(("accept", "language"), [("fr-FR,fr;q=0.9", "fr"), ("de", "de")])
@refused_or_shown_by_the_form
def test_mail_language_defaults_to_the_browser_language(client, accept, language):
    form = page(client.get("/cas/eim/external/register.cgi", headers={"Accept-Language": accept}))
    assert form.selected("mail_language") == language


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"first_name": ""}, "first_name", "Veuillez saisir votre prénom."),
        ({"last_name": "Dupont3"}, "last_name", "Le nom ne peut contenir que des lettres."),
        ({"email": "marie"}, "email", "Cette adresse électronique n'est pas valide."),
        (
            {"email": "marie@ec.europa.eu"},
            "email",
            "Les adresses des institutions européennes ne peuvent pas être utilisées pour un"
            " compte externe.",
        ),
        ({"captcha": "FAUX"}, "captcha", "Le code saisi est incorrect. Essayez le nouveau code."),
        ({"privacy": None}, "privacy", "Vous devez accepter la déclaration de confidentialité."),
    ],
)
@refused_or_shown_by_the_form
def test_rule_messages_are_in_french_for_a_french_browser(portal, fields, field_id, message):
    response = portal.register(headers=FRENCH, **fields)
    assert response.status_code == 400
    assert page(response).errors(field_id) == [message]


@refused_or_shown_by_the_form
def test_rule_messages_follow_the_language_chosen_at_the_top_right(portal, client):
    client.get("/language/fr")
    response = portal.register(email_confirmation="autre@example.com")
    assert page(response).errors("email_confirmation") == [
        "Les deux adresses électroniques ne sont pas identiques."
    ]


def test_captcha_asks_for_the_configured_test_code_with_the_control_api(app, portal, client):
    app.config["TEST_CAPTCHA_CODE"] = "ZEBRA7"
    form = page(client.get("/cas/eim/external/register.cgi"))
    assert form.find(data_testid="captcha-code").text == "ZEBRA7"
    assert portal.register(captcha="zebra7").status_code == 200


@pytest.fixture
def closed_client(make_app):
    """A portal as served without ``--admin``: its captcha code is drawn at random."""
    return make_app(ADMIN_API=False).test_client()


def _register_with(client, code):
    form = page(client.get("/cas/eim/external/register.cgi"))
    return client.post(
        "/cas/eim/external/register.cgi",
        data={
            "csrf_token": form.csrf_token(),
            "first_name": "Marie",
            "last_name": "Dupont",
            "email": "marie.dupont@example.com",
            "email_confirmation": "marie.dupont@example.com",
            "mail_language": "fr",
            "captcha": code,
            "privacy": "y",
            "action": "register",
        },
    )


def test_captcha_is_random_and_shown_without_the_control_api(closed_client):
    code = page(closed_client.get("/cas/eim/external/register.cgi")).find(
        data_testid="captcha-code"
    )
    assert code.text != "TRACES"
    assert len(code.text) == 6
    assert _register_with(closed_client, code.text).status_code == 200


def test_captcha_test_code_is_refused_without_the_control_api(closed_client):
    response = _register_with(closed_client, "TRACES")
    assert response.status_code == 400
    assert page(response).errors("captcha") == [
        "The code you entered is not correct. Try the new code."
    ]


def test_new_code_button_draws_another_code(closed_client):
    form = page(closed_client.get("/cas/eim/external/register.cgi"))
    first = form.find(data_testid="captcha-code").text
    response = closed_client.post(
        "/cas/eim/external/register.cgi",
        data={"csrf_token": form.csrf_token(), "action": "refresh-captcha"},
    )
    second = page(response).find(data_testid="captcha-code").text
    assert response.status_code == 200
    assert second != first
    assert _register_with(closed_client, first).status_code == 400
