"""Steps around the mail EU Login sends: the mailbox, the password link, the password."""

from dataclasses import replace

from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from pages.control import PortalControl
from pages.eu_login import (
    EuLoginLostPasswordPage,
    PasswordLinkInvalidPage,
    PasswordLinkSentPage,
    PasswordPage,
    PasswordSetPage,
)
from pages.mailbox import MailboxPage
from steps.people import People, Person


@when("il ouvre le courrier électronique reçu")
@when("they open the e-mail they received")
def open_received_mail(mailbox_page: MailboxPage, operator: Person) -> None:
    mailbox_page.open_latest_mail(operator.email)


@then(parsers.parse('le courrier "{subject}" vient de "{sender}"'))
@then(parsers.parse('the e-mail "{subject}" comes from "{sender}"'))
def mail_is_from(mailbox_page: MailboxPage, subject: str, sender: str) -> None:
    expect(mailbox_page.subject).to_have_text(subject)
    expect(mailbox_page.mail).to_contain_text(sender)


@when("il clique sur le lien du courrier électronique")
@when("they follow the link in the e-mail")
def follow_link_in_mail(mailbox_page: MailboxPage) -> None:
    mailbox_page.follow_link()


@when("il clique sur le lien du dernier courrier électronique reçu")
def follow_link_in_latest_mail(mailbox_page: MailboxPage, operator: Person) -> None:
    mailbox_page.follow_link_in_latest_mail(operator.email)


@given(
    parsers.parse("{minutes:d} minutes se sont écoulées depuis l'envoi du courrier électronique")
)
def time_passes(portal: PortalControl, operator: Person, minutes: int) -> None:
    """The operator's link is that much older; the portal's clock, which other scenarios
    sharing the portal read, stays."""
    portal.age_password_links(operator.email, minutes)


@when("il définit son mot de passe")
@when("they set their password")
def set_password(password_page: PasswordPage, operator: Person) -> None:
    password_page.set_password(operator.password)


@when("il définit un nouveau mot de passe", target_fixture="operator")
def set_new_password(password_page: PasswordPage, people: People, operator: Person) -> Person:
    """From now on the operator's password is the new one."""
    operator = replace(operator, password=people.new_password())
    password_page.set_password(operator.password)
    return operator


@when(parsers.parse('il définit le mot de passe "{password}"'), target_fixture="operator")
def set_given_password(password_page: PasswordPage, operator: Person, password: str) -> Person:
    """Type the password the scenario names twice and submit it; later steps sign in with it
    (when EU Login's rule refuses it, the account has no password yet)."""
    password_page.set_password(password)
    return replace(operator, password=password)


@given("il a défini son mot de passe avec le lien du courrier électronique")
def has_set_password(
    mailbox_page: MailboxPage,
    password_page: PasswordPage,
    password_set_page: PasswordSetPage,
    operator: Person,
) -> None:
    mailbox_page.follow_link_in_latest_mail(operator.email)
    password_page.set_password(operator.password)
    expect(password_set_page.heading).to_be_visible()


@then("EU Login confirme que son mot de passe est défini")
@then("EU Login confirms that their password is set")
def password_is_set(password_set_page: PasswordSetPage, operator: Person) -> None:
    expect(password_set_page.heading).to_be_visible()
    expect(password_set_page.confirmation).to_contain_text(operator.email)


@when("il clique sur «Continuer»")
def continue_to_sign_in(password_set_page: PasswordSetPage) -> None:
    password_set_page.continue_to_sign_in()


@then(parsers.parse('EU Login indique "{message}"'))
def link_refused(password_link_invalid_page: PasswordLinkInvalidPage, message: str) -> None:
    expect(password_link_invalid_page.heading).to_be_visible()
    expect(password_link_invalid_page.reason).to_have_text(message)


@then("EU Login lui propose un nouveau lien")
def new_link_offered(password_link_invalid_page: PasswordLinkInvalidPage) -> None:
    expect(password_link_invalid_page.new_link_button).to_be_visible()


@when("il demande un nouveau lien")
def ask_for_new_link(password_link_invalid_page: PasswordLinkInvalidPage) -> None:
    password_link_invalid_page.ask_for_new_link()


@when("il demande un lien pour l'adresse mail de son compte EU Login")
def ask_for_lost_password_link(
    lost_password_page: EuLoginLostPasswordPage, operator: Person
) -> None:
    lost_password_page.send_link(operator.email)


@then("EU Login lui confirme l'envoi d'un nouveau lien à son adresse")
def new_link_sent(password_link_sent_page: PasswordLinkSentPage, operator: Person) -> None:
    expect(password_link_sent_page.heading).to_be_visible()
    expect(password_link_sent_page.confirmation).to_contain_text(operator.email)
