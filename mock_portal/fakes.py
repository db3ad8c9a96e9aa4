"""Faker by country: operators whose names, addresses and phones look like their country's.

Faker quietly falls back to American providers where a locale has none of its own
(``fr_BE`` has names but no addresses: «141 Müller Mountains, Alabama»), so each part
comes from those of the country's locales that do provide it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec

from faker import Faker

# The languages a country's operators are named and addressed in, most common first.
COUNTRY_LOCALES = {
    "AR": ("es_AR",),
    "BE": ("fr_BE", "nl_BE"),
    "CH": ("de_CH", "fr_CH"),
    "DE": ("de_DE",),
    "ES": ("es_ES",),
    "FR": ("fr_FR",),
    "IT": ("it_IT",),
    "NL": ("nl_NL",),
    "PL": ("pl_PL",),
    "US": ("en_US",),
}
PARTS = ("person", "company", "address", "phone_number")


@cache
def provides(locale: str, part: str) -> bool:
    """Whether Faker has ``part`` (a provider such as "address") of ``locale``'s own."""
    return find_spec(f"faker.providers.{part}.{locale}") is not None


@dataclass(frozen=True)
class CountryFaker:
    """One seeded Faker per part, each on the locales of the country that provide it."""

    country: str
    parts: dict[str, Faker]

    def __getattr__(self, name: str):
        # Faker's methods by the part they belong to; names and the rest from "person".
        for part, methods in _METHODS.items():
            if name in methods:
                return getattr(self.parts[part], name)
        return getattr(self.parts["person"], name)


_METHODS = {
    "company": {"company", "company_suffix"},
    "address": {
        "street_address",
        "street_name",
        "city",
        "postcode",
        "administrative_unit",
        "state",
        "region",
        "province",
    },
    "phone_number": {"phone_number"},
}


def country_faker(country: str, seed: int) -> CountryFaker:
    """A Faker for operators of ``country`` (ISO code), the same for the same seed."""
    locales = COUNTRY_LOCALES.get(country.upper(), ("en_US",))
    parts = {}
    for offset, part in enumerate(PARTS):
        own = [locale for locale in locales if provides(locale, part)] or list(locales)
        fake = Faker(own)
        fake.seed_instance(seed + offset)
        _in_order(fake)
        parts[part] = fake
    return CountryFaker(country.upper(), parts)


# Faker's lists made from a set: their order follows the process's string hashing, which
# Python draws anew for each process, so the same seed drew other values in another process.
_UNORDERED = {("faker.providers.address.it_IT", "cities")}


def _in_order(fake: Faker) -> None:
    """Sort the lists Faker makes from sets: the same seed then draws the same values in
    every process (Italian cities did not)."""
    for locale in fake.locales:
        for provider in fake[locale].get_providers():
            for module, name in _UNORDERED:
                if type(provider).__module__ == module:
                    setattr(provider, name, sorted(getattr(provider, name)))
