"""The floor: the guide's journeys (the French @guide scenarios) as plain Playwright code, no
pytest-bdd and no page objects, for ``benchmarks/floor.py`` to time beside the suite's own run
of the same scenarios, in the same process and the same browser.

Each journey does what its scenario does, screen for screen and check for check, including
the screens its Givens replay (a @guide scenario never takes the control API's shortcuts);
accounts are made through the control API, as the suite makes them. Alone, for a look:

    .venv/bin/python benchmarks/plain_journeys.py --base-url http://127.0.0.1:PORT
"""

from __future__ import annotations

import argparse
import re
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import Browser, Page, expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pages.browser import launch_options
from pages.control import PortalControl

PASSWORD = "Plain-Journey-2026!"
AUTHORITY_PASSWORD = "Autorite!2024"
VIEWPORT = {"width": 1280, "height": 800}
SENDER = "automated-notifications@nomail.ec.europa.eu"
BELGIUM = "Belgique (BE)"
ABIAN = "ABIAN BALI EU SPRL"
EUPO = "EU professional operators other than EU registered professional operators (EUPO)"
EUPO_TYPE = "Professional operators other than those referred to in Article 45(1)(I) IMSOC"
TCPO = "Opérateurs professionnels de pays tiers (TCPO)"


@dataclass
class Run:
    """What the journeys share: the browser, the portal and its control API."""

    browser: Browser
    base_url: str

    @property
    def control(self) -> PortalControl:
        return PortalControl(self.base_url)

    def page(self) -> Page:
        context = self.browser.new_context(
            base_url=self.base_url, locale="fr-FR", viewport=VIEWPORT
        )
        return context.new_page()

    def account(self) -> str:
        email = f"plain.{uuid.uuid4().hex[:10]}@example.org"
        self.control.create_user(email, "Camille", "Lambert", PASSWORD)
        return email


def _label(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(name)}\s*\*?\s*$")


def _sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/tracesnt/login")
    page.get_by_role("link", name="Se connecter à TRACES").click()
    page.get_by_label(_label("Adresse électronique")).fill(email)
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label(_label("Mot de passe")).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("^Bienvenue, "))).to_be_visible()


def _signed_in(run: Run) -> tuple[Page, str]:
    page, email = run.page(), run.account()
    _sign_in(page, email)
    return page, email


def _search(page: Page, country: str, text: str = "") -> None:
    form = page.get_by_role("search")
    form.get_by_label(_label("Pays")).select_option(label=country)
    form.get_by_label(_label("Recherche")).fill(text)
    with page.expect_navigation():
        form.get_by_role("button", name="Recherche").click()


def _request_abian(page: Page) -> None:
    page.goto("/tracesnt/roles/new/operator")
    _search(page, BELGIUM, ABIAN)
    _tick_box(page, ABIAN).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Demander une autorisation").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer une demande d'autorisation").click()
    expect(page.get_by_role("main").get_by_role("status")).to_be_visible()


def _tick_box(page: Page, name: str):
    return page.get_by_role("main").get_by_role("checkbox", name=f"Sélectionner {name}")


def _choose_activity(page: Page, section: str, activity_type: str, under: str = "") -> None:
    sections = page.get_by_role("main").get_by_label(_label("Section"))
    if under:
        group = sections.locator(f'optgroup[label^="{under}"]')
        value = group.get_by_role("option", name=section, exact=True).get_attribute("value")
        sections.select_option(value=value)
    else:
        sections.select_option(label=section)
    page.get_by_role("main").get_by_label(_label("Type d'activité")).select_option(
        label=activity_type
    )


def _create_operator(page: Page, name: str, details: dict[str, str], country: str) -> None:
    page.goto("/tracesnt/roles/new/operator")
    _search(page, country, name)
    with page.expect_navigation():
        page.get_by_role("link", name="+ Créer un nouvel opérateur").click()
    heading = page.get_by_role("heading", level=1, name=re.compile("Créer un nouvel opérateur$"))
    expect(heading).to_be_visible()
    main = page.get_by_role("main")
    main.get_by_label(_label("Nom")).fill(name)
    for label, value in details.items():
        main.get_by_label(_label(label)).fill(value)


def _authority_validates(run: Run, code: str, email: str, organisation: str) -> Page:
    desk = run.page()
    _sign_in(desk, f"{code.lower()}@autorite.example", AUTHORITY_PASSWORD)
    desk.get_by_role("banner").get_by_role("link", name="Demandes d'autorisation").click()
    with desk.expect_navigation():
        desk.get_by_role("navigation", name="Statut").get_by_role(
            "link", name="Tous", exact=True
        ).click()
    with desk.expect_navigation():
        _request_row(desk, email, organisation).get_by_role(
            "button", name=re.compile("^Valider")
        ).click()
    return desk


def _request_row(desk: Page, email: str, organisation: str):
    return (
        desk.get_by_role("main")
        .get_by_role("row")
        .filter(has=desk.get_by_role("cell", name=re.compile(rf"{re.escape(email)}\s*$")))
        .filter(has=desk.get_by_role("cell", name=re.compile(rf"^\s*{re.escape(organisation)}")))
    )


def _role_status(page: Page, organisation: str):
    return (
        page.get_by_role("region", name="Rôles")
        .get_by_role("row")
        .filter(has=page.get_by_role("link", name=organisation, exact=True))
        .get_by_role("cell")
        .last
    )


def _starting(status: str) -> re.Pattern[str]:
    # A first validated user is the operator's administrator: «Valide (administrateur)».
    return re.compile(rf"^\s*{re.escape(status)}(?!\w)")


def _counter(page: Page, text: str):
    return page.get_by_role("table", name="Statut du rôle").get_by_role(
        "cell", name=text, exact=True
    )


def _latest_mail(page: Page, email: str, subject: str) -> None:
    page.goto(f"/mailbox/?{urlencode({'to': email})}")
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_role("article").get_by_role("heading", level=1)).to_have_text(subject)
    expect(page.get_by_role("article")).to_contain_text(SENDER)


def registration(run: Run) -> None:
    """01: register in EU Login, set the password from the mail, sign in to TRACES NT."""
    page = run.page()
    email = f"camille.lambert+{uuid.uuid4().hex[:10]}@example.org"
    page.goto("/tracesnt/login")
    page.get_by_role("link", name="S'inscrire au système TRACES").click()
    expect(page.get_by_role("heading", level=1, name="Créer un compte")).to_be_visible()
    page.get_by_label(_label("Prénom")).fill("Camille")
    page.get_by_label(_label("Nom")).fill("Lambert")
    page.get_by_label(_label("Courrier électronique")).fill(email)
    page.get_by_label(_label("Confirmer le courrier électronique")).fill(email)
    code = page.get_by_test_id("captcha-code").inner_text()
    page.get_by_label(_label("Saisissez le code")).fill(code)
    page.get_by_role("checkbox", name=re.compile("déclaration de confidentialité")).check()
    page.get_by_role("button", name="Créer un compte").click()
    expect(page.get_by_role("status")).to_contain_text(email)
    _latest_mail(page, email, "EU Login : définissez votre mot de passe")
    page.get_by_role("article").get_by_role("link", name=re.compile(r"^https?:\/\/")).click()
    page.get_by_label(_label("Nouveau mot de passe")).fill(PASSWORD)
    page.get_by_label(_label("Confirmer le nouveau mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("heading", name="Mot de passe défini")).to_be_visible()
    _sign_in(page, email)
    expect(page.get_by_role("banner").get_by_text("Production", exact=True)).to_be_visible()


def role_request(run: Run) -> None:
    """06: find ABIAN BALI EU SPRL by country and EORI, request the Operator role."""
    page, _email = _signed_in(run)
    page.get_by_role("main").get_by_role("link", name="Demander un nouveau rôle").click()
    page.get_by_role("main").get_by_role("link", name="Opérateur").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("existant$"))).to_be_visible()
    _search(page, BELGIUM)
    expect(_tick_box(page, ABIAN)).to_be_visible()
    _search(page, BELGIUM, "BE0479168518")
    expect(page.get_by_role("status").filter(has_text="1 opérateur trouvé")).to_be_visible()
    _tick_box(page, ABIAN).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Demander une autorisation").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f"Confirmer la demande d'autorisation pour {ABIAN}")
    dialog.get_by_label(_label("Message")).fill("Je suis le déclarant en douane de la société.")
    dialog.get_by_label(_label("Courriel")).fill("name@example.com")
    dialog.get_by_label(_label("Téléphone")).fill("+32 02 123456")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Envoyer une demande d'autorisation").click()
    expect(page.get_by_text("Votre demande d'autorisation a été soumise.")).to_be_visible()
    expect(_counter(page, "1 Demandé")).to_be_visible()
    expect(_role_status(page, ABIAN)).to_have_text(_starting("Demandé"))


def new_operator(run: Run) -> None:
    """07: search the company, find nothing, create it with the guide's section."""
    page, _email = _signed_in(run)
    mark = uuid.uuid4().hex[:8].upper()
    name = f"Dupont {mark} SPRL"
    details = {
        "Région administrative": "Namur",
        "Ville": "Namur",
        "Code postal": "5000",
        "Adresse": "Rue de Fer 12",
        "Téléphone": "+32 81 22 33 44",
        "Numéro EORI": f"BE0{int(mark, 16) % 10**9:09d}",
    }
    _create_operator(page, name, details, BELGIUM)
    _choose_activity(page, EUPO, EUPO_TYPE, under="Santé végétale")
    with page.expect_navigation():
        page.get_by_role("button", name="Créer un nouvel opérateur").click()
    expect(page.get_by_role("main").get_by_role("status")).to_be_visible()
    expect(_role_status(page, name)).to_have_text(_starting("Demandé"))
    expect(_counter(page, "1 Demandé")).to_be_visible()


def role_validation(run: Run) -> None:
    """08: the Belgian authority validates the request; the operator sees it and is told."""
    page, email = _signed_in(run)
    _request_abian(page)
    desk = run.page()
    _sign_in(desk, "beafsca04@autorite.example", AUTHORITY_PASSWORD)
    desk.get_by_role("banner").get_by_role("link", name="Demandes d'autorisation").click()
    status = _request_row(desk, email, ABIAN).get_by_role("cell").nth(4)
    expect(status).to_have_text("Demandé")
    with desk.expect_navigation():
        desk.get_by_role("navigation", name="Statut").get_by_role(
            "link", name="Tous", exact=True
        ).click()
    with desk.expect_navigation():
        _request_row(desk, email, ABIAN).get_by_role("button", name=re.compile("^Valider")).click()
    expect(status).to_have_text("Valide")
    page.goto("/tracesnt/profile")
    expect(_role_status(page, ABIAN)).to_have_text(_starting("Valide"))
    expect(_counter(page, "1 Valide")).to_be_visible()
    expect(_counter(page, "0 Demandé")).to_be_visible()
    _latest_mail(page, email, "TRACES NT : votre rôle est maintenant Valide")


def notification_preferences(run: Run) -> None:
    """09: untick the role-status mail, save, sign out."""
    page, _email = _signed_in(run)
    _request_abian(page)
    page.goto("/tracesnt/profile")
    box = page.get_by_role("region", name="Préférences de notification").get_by_role(
        "checkbox", name="Changements de statut de mes rôles", exact=True
    )
    expect(box).to_be_checked()
    box.uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer les préférences").click()
    expect(page.get_by_role("main").get_by_role("status")).to_have_text(
        "Vos préférences ont été enregistrées."
    )
    expect(box).not_to_be_checked()
    page.get_by_role("banner").get_by_role("link", name="Déconnexion").click()
    expect(page.get_by_role("status").filter(has_text="Vous êtes déconnecté.")).to_be_visible()


def activity(run: Run) -> None:
    """13: an Argentinian company, its role validated, gets the plant-health activity."""
    page, email = _signed_in(run)
    name = f"Gómez {uuid.uuid4().hex[:8].upper()} S.A."
    details = {
        "Région administrative": "Buenos Aires",
        "Ville": "La Plata",
        "Code postal": "B1900",
        "Adresse": "Calle 7 1234",
        "Téléphone": "+54 11 4321-8765",
    }
    _create_operator(page, name, details, "Argentine (AR)")
    _choose_activity(page, TCPO, "Opérateur professionnel")
    with page.expect_navigation():
        page.get_by_role("button", name="Créer un nouvel opérateur").click()
    expect(page.get_by_role("main").get_by_role("status")).to_be_visible()
    _authority_validates(run, "ARSENASA01", email, name).context.close()
    page.goto("/tracesnt/profile")
    page.get_by_role("region", name="Rôles").get_by_role("link", name=name, exact=True).click()
    for panel in ("Operator Details", "Activités d'opérateur", "Utilisateurs"):
        expect(page.get_by_role("region", name=panel, exact=True)).to_be_visible()
    details_panel = page.get_by_role("region", name="Operator Details")
    shown = {"Nom": name, **details}
    del shown["Code postal"]
    for label, value in shown.items():
        expect(details_panel.get_by_label(_label(label))).to_have_value(value)
    country = details_panel.get_by_label(_label("Pays")).get_by_role("option", selected=True)
    expect(country).to_have_text("Argentine (AR)")
    activities = page.get_by_role("region", name="Activités d'opérateur")
    activities.get_by_role("link", name="+ Ajouter une activité").click()
    _choose_activity(page, EUPO, EUPO_TYPE, under="Santé végétale")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("main").get_by_role("status")).to_have_text(
        "L'activité a été ajoutée. Elle reste au statut Nouveau jusqu'à sa validation par une "
        "autorité."
    )
    row = activities.get_by_role("row").filter(has=page.get_by_role("cell", name=EUPO, exact=True))
    expect(row.get_by_role("cell").last).to_have_text("Nouveau")


# Each journey with the suite's scenario it stands for (its test module and its name).
JOURNEYS: dict[str, tuple[Callable[[Run], None], str]] = {
    "test_01_inscription.py": (registration, "Un opérateur crée son compte EU Login"),
    "test_06_role_operateur.py": (role_request, "L'opérateur trouve sa société par pays"),
    "test_07_nouvel_operateur.py": (new_operator, "L'opérateur crée sa société"),
    "test_08_validation_role.py": (role_validation, "L'autorité belge valide la demande"),
    "test_09_preferences_notification.py": (
        notification_preferences,
        "L'opérateur définit ses préférences de notification",
    ),
    "test_13_activite.py": (activity, "L'opérateur ajoute à sa société l'activité"),
}


def run_journey(journey: Callable[[Run], None], browser: Browser, base_url: str) -> None:
    """Play ``journey`` in contexts of its own, closed after it as the suite closes its own."""
    before = set(browser.contexts)
    try:
        journey(Run(browser, base_url.rstrip("/")))
    finally:
        for context in set(browser.contexts) - before:
            context.close()


def main(argv: list[str]) -> int:
    cli = argparse.ArgumentParser(prog="benchmarks/plain_journeys.py")
    cli.add_argument("--base-url", required=True)
    base_url = cli.parse_args(argv).base_url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        for module, (journey, _scenario) in JOURNEYS.items():
            run_journey(journey, browser, base_url)
            print(f"{module}: {journey.__doc__.splitlines()[0]}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
