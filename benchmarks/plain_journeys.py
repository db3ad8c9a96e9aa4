"""The floor: two of the guide's journeys as a plain Playwright script (no pytest, no
pytest-bdd, no page objects), for ``benchmarks/speed.py`` to time beside the suite's own run
of the same @guide scenarios (01: registration to sign-in; 06: the role request).

    .venv/bin/python benchmarks/plain_journeys.py --base-url http://127.0.0.1:PORT

The portal must run with its control API (the captcha's test code is read from it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import uuid
from pathlib import Path
from urllib.request import Request, urlopen

from playwright.sync_api import Page, expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pages.browser import launch_options

PASSWORD = "Plain-Journey-2026!"


def _field(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(name)}\s*\*?\s*$")


def _captcha_code(base_url: str) -> str:
    request = Request(f"{base_url}/__admin/", headers={"X-Mock-Portal-Control": "1"})
    with urlopen(request, timeout=10) as response:
        return json.loads(response.read())["captcha_code"]


def _sign_in(page: Page, email: str) -> None:
    page.goto("/tracesnt/login")
    page.get_by_role("link", name="Se connecter à TRACES").click()
    page.get_by_label(_field("Adresse électronique")).fill(email)
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label(_field("Mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name=re.compile("^Bienvenue"))).to_be_visible()


def registration_to_sign_in(page: Page, base_url: str, email: str) -> None:
    """01: register in EU Login, set the password from the mail, sign in to TRACES NT."""
    page.goto("/tracesnt/login")
    page.get_by_role("link", name="S'inscrire au système TRACES").click()
    page.get_by_label(_field("Prénom")).fill("Camille")
    page.get_by_label(_field("Nom")).fill("Lambert")
    page.get_by_label(_field("Courrier électronique")).fill(email)
    page.get_by_label(_field("Confirmer le courrier électronique")).fill(email)
    page.get_by_label(_field("Saisissez le code")).fill(_captcha_code(base_url))
    page.get_by_role("checkbox", name=re.compile("déclaration de confidentialité")).check()
    page.get_by_role("button", name="Créer un compte").click()
    expect(page.get_by_role("status")).to_be_visible()
    page.goto(f"/mailbox/?to={email}")
    page.get_by_role("table").get_by_role("link").first.click()
    page.get_by_role("article").get_by_role("link", name=re.compile("^http")).click()
    page.get_by_label(_field("Nouveau mot de passe")).fill(PASSWORD)
    page.get_by_label(_field("Confirmer le nouveau mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("heading", name="Mot de passe défini")).to_be_visible()
    _sign_in(page, email)
    expect(page.get_by_text("Production", exact=True)).to_be_visible()


def role_request(page: Page, email: str) -> None:
    """06: find ABIAN BALI EU SPRL by country and EORI, request the Operator role."""
    _sign_in(page, email)
    page.get_by_role("link", name="Demander un nouveau rôle").click()
    page.get_by_role("link", name="Opérateur").click()
    page.get_by_label(_field("Pays")).select_option(label="Belgique (BE)")
    page.get_by_role("button", name="Recherche", exact=True).click()
    expect(page.get_by_role("cell", name="ABIAN BALI EU SPRL")).to_be_visible()
    page.get_by_label(_field("Recherche")).fill("BE0479168518")
    page.get_by_role("button", name="Recherche", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="1 opérateur trouvé")).to_be_visible()
    page.get_by_role("checkbox", name="Sélectionner ABIAN BALI EU SPRL").check()
    page.get_by_role("button", name="Demander une autorisation").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Message").fill("Je suis le déclarant en douane de la société.")
    dialog.get_by_role("button", name="Envoyer une demande d'autorisation").click()
    expect(page.get_by_text("Votre demande d'autorisation a été soumise.")).to_be_visible()


def main(argv: list[str]) -> int:
    cli = argparse.ArgumentParser(prog="benchmarks/plain_journeys.py")
    cli.add_argument("--base-url", required=True)
    base_url = cli.parse_args(argv).base_url.rstrip("/")
    email = f"camille.lambert+{uuid.uuid4().hex[:8]}@example.org"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        for journey in (registration_to_sign_in, role_request):
            context = browser.new_context(
                base_url=base_url, locale="fr-FR", viewport={"width": 1280, "height": 800}
            )
            page = context.new_page()
            if journey is registration_to_sign_in:
                journey(page, base_url, email)
            else:
                journey(page, email)
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
