"""TRACES NT's reference data: countries, chapters, sections and activity types.

Section and activity codes are the real portal's; French names are the guide's
where it gives them (it keeps some names in English, and so do we).
"""

import re
from dataclasses import dataclass
from functools import cache

from babel import Locale
from flask_babel import get_locale

EU_MEMBERS = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
EFTA_MEMBERS = frozenset({"CH", "IS", "LI", "NO"})
# Babel also names regions and pseudo-territories; these are not countries.
_NOT_COUNTRIES = frozenset({"EA", "EU", "EZ", "IC", "QO", "UN", "XA", "XB", "ZZ", "CP", "DG"})

# Economic Operators Registration and Identification number: the country code
# of the issuing state followed by up to 15 letters or digits.
EORI_PATTERN = re.compile(r"^[A-Z]{2}[A-Z0-9]{1,15}$")
# Northern Ireland's traders get XI numbers, though XI is no ISO 3166 code.
EORI_EXTRA_PREFIXES = frozenset({"XI"})


def _language() -> str:
    return "fr" if str(get_locale()).startswith("fr") else "en"


@cache
def _territories(language: str) -> dict[str, str]:
    names = Locale.parse(language).territories
    return {
        code: name
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


def country_codes() -> list[str]:
    """Every ISO 3166 alpha-2 country code the portal knows."""
    return sorted(_territories("en"))


def is_eori_country(eori: str) -> bool:
    """Whether the EORI number's first two letters name a country that issues them."""
    prefix = eori[:2]
    return prefix in EORI_EXTRA_PREFIXES or prefix in _territories("en")


def country_name(code: str) -> str:
    """The country's name in the interface language."""
    return _territories(_language()).get(code, code)


def country_label(code: str) -> str:
    """The country as TRACES NT shows it: ``Belgique (BE)``."""
    return f"{country_name(code)} ({code})"


def country_choices() -> list[tuple[str, str]]:
    """Countries for a select, sorted by their name in the interface language."""
    return list(_sorted_country_choices(_language()))


@cache
def _sorted_country_choices(language: str) -> tuple[tuple[str, str], ...]:
    # Sorted once per language: every search page and operator form lists them all.
    names = _territories(language)
    return tuple(
        sorted(
            ((code, f"{name} ({code})") for code, name in names.items()),
            key=lambda choice: names[choice[0]].casefold(),
        )
    )


@dataclass(frozen=True)
class Scope:
    """The set of countries a section applies to."""

    code: str
    name_en: str
    name_fr: str

    def applies_to(self, country: str) -> bool:
        if self.code == "EU_EFTA":
            return country in EU_MEMBERS or country in EFTA_MEMBERS
        if self.code == "EU":
            return country in EU_MEMBERS
        if self.code == "THIRD":
            return country not in EU_MEMBERS and country not in EFTA_MEMBERS
        return True


ALL_COUNTRIES = Scope("ALL", "All countries", "All countries")
EU_EFTA = Scope("EU_EFTA", "EFTA, European Union", "AELE, Union européenne")
EU_ONLY = Scope("EU", "European Union", "Union européenne")
THIRD_COUNTRIES = Scope("THIRD", "Third countries", "Pays tiers")


@dataclass(frozen=True)
class Chapter:
    """A family of sections (plant health, CITES, organic...)."""

    code: str
    name_en: str
    name_fr: str


PLANT_HEALTH = Chapter("PLANT_HEALTH", "Plant health", "Santé végétale")
CITES = Chapter("EU_CITES", "EU Cites", "EU Cites")
TIMBER = Chapter("TIMBER", "Imported timber", "Bois importé")
ORGANIC = Chapter("ORGANIC", "Organic", "Produits biologiques")
GENERAL = Chapter("GENERAL", "General", "Général")
CHAPTERS = (PLANT_HEALTH, CITES, TIMBER, ORGANIC, GENERAL)


@dataclass(frozen=True)
class ActivityType:
    """An activity an operator can carry out within a section."""

    code: str
    name_en: str
    name_fr: str

    @property
    def name(self) -> str:
        return self.name_fr if _language() == "fr" else self.name_en


@dataclass(frozen=True)
class Section:
    """A section of the operator register, with its activity types."""

    code: str
    chapter: Chapter
    scope: Scope
    name_en: str
    name_fr: str
    activity_types: tuple[ActivityType, ...]
    requires_eori: bool = False
    # An official number (registration, approval) must come with the activity.
    needs_identifier: bool = False
    # Managed through the lists of approved establishments: operators cannot add it.
    approved_list: bool = False
    # Open to operators of any country, whatever heading it is listed under.
    open_to_all_countries: bool = False

    def applies_to(self, country: str) -> bool:
        """Whether operators of ``country`` may carry out this section's activities."""
        return self.open_to_all_countries or self.scope.applies_to(country)

    @property
    def name(self) -> str:
        return self.name_fr if _language() == "fr" else self.name_en

    @property
    def label(self) -> str:
        """``EU professional operators other than ... (EUPO)``, as in the guide."""
        return f"{self.name} ({self.code})"

    @property
    def group_label(self) -> str:
        """The heading the section is listed under: ``Santé végétale (All countries)``."""
        french = _language() == "fr"
        chapter = self.chapter.name_fr if french else self.chapter.name_en
        scope = self.scope.name_fr if french else self.scope.name_en
        return f"{chapter} ({scope})"

    def activity_type(self, code: str) -> ActivityType | None:
        return next((a for a in self.activity_types if a.code == code), None)


def _activity(code: str, en: str, fr: str | None = None) -> ActivityType:
    return ActivityType(code, en, fr or en)


# The guide writes "45(1)(I)"; the regulation reads 45(1)(l). The guide's
# label is what users look for, so it is the one offered.
EUPO_ACTIVITY = _activity(
    "professional_operator_other_than_registered",
    "Professional operators other than those referred to in Article 45(1)(I) IMSOC",
)

SECTIONS = (
    Section(
        "PLANTS",
        PLANT_HEALTH,
        ALL_COUNTRIES,
        "Plant (establishment)",
        "Etablissement végétal",
        (
            _activity("nursery", "Nursery", "Pépinière"),
            _activity("plant_estab", "Plant establishment", "Établissement de production végétale"),
        ),
    ),
    Section(
        "EUPO",
        PLANT_HEALTH,
        EU_EFTA,
        "EU professional operators other than EU registered professional operators",
        "EU professional operators other than EU registered professional operators",
        (EUPO_ACTIVITY,),
        # Listed under "AELE, Union européenne", yet the guide's own part III adds
        # it to PAT, an Argentinian operator: the guide's journey must work.
        open_to_all_countries=True,
    ),
    Section(
        "EURPO",
        PLANT_HEALTH,
        EU_EFTA,
        "EU registered professional operators",
        "EU registered professional operators",
        (
            _activity(
                "registered_professional_operator",
                "Registered professional operator",
                "Opérateur professionnel enregistré",
            ),
        ),
        needs_identifier=True,
    ),
    Section(
        "QUA-CONF",
        PLANT_HEALTH,
        EU_EFTA,
        "Quarantine stations and confinement facilities",
        "Quarantine stations and confinement facilities",
        (
            _activity("quarantine_station", "Quarantine station", "Station de quarantaine"),
            _activity("confinement_facility", "Confinement facility", "Structure de confinement"),
        ),
        approved_list=True,
    ),
    Section(
        "TCPO",
        PLANT_HEALTH,
        THIRD_COUNTRIES,
        "Third country professional operators",
        "Opérateurs professionnels de pays tiers",
        (_activity("professional_operator", "Professional operator", "Opérateur professionnel"),),
    ),
    Section(
        "EU_CITES",
        CITES,
        ALL_COUNTRIES,
        "EU Cites",
        "EU Cites",
        (_activity("cites_operator", "CITES Operator", "Opérateur CITES"),),
    ),
    Section(
        "FLEGT",
        TIMBER,
        EU_ONLY,
        "Timber import",
        "Importation de bois",
        (_activity("timber_importer", "Timber import", "Importation de bois"),),
        requires_eori=True,
    ),
    Section(
        "ORGANIC IMPORTER",
        ORGANIC,
        EU_ONLY,
        "Organic importer",
        "Importateur de produits biologiques",
        (_activity("organic_importer", "Organic importer", "Importateur de produits biologiques"),),
        requires_eori=True,
    ),
    Section(
        "ORGANIC EXPORTER",
        ORGANIC,
        THIRD_COUNTRIES,
        "Organic exporter",
        "Exportateur de produits biologiques",
        (_activity("organic_exporter", "Organic exporter", "Exportateur de produits biologiques"),),
    ),
    Section(
        "ORGANIC PRODUCER",
        ORGANIC,
        ALL_COUNTRIES,
        "Organic producer",
        "Producteur de produits biologiques",
        (_activity("organic_producer", "Organic producer", "Producteur de produits biologiques"),),
    ),
    Section(
        "ORGANIC OPERATOR",
        ORGANIC,
        ALL_COUNTRIES,
        "Organic operator",
        "Opérateur de produits biologiques",
        (_activity("organic_operator", "Organic operator", "Opérateur de produits biologiques"),),
    ),
    Section(
        "ORGANIC TRADER",
        ORGANIC,
        ALL_COUNTRIES,
        "Organic trader",
        "Négociant de produits biologiques",
        (_activity("organic_trader", "Organic trader", "Négociant de produits biologiques"),),
    ),
    Section(
        "RFL",
        GENERAL,
        ALL_COUNTRIES,
        "Responsible for the load",
        "Responsable du chargement",
        (_activity("responsible", "Responsible for the load", "Responsable du chargement"),),
    ),
    Section(
        "IMPORTER",
        GENERAL,
        ALL_COUNTRIES,
        "Importer",
        "Importateur",
        (_activity("importer", "Importer", "Importateur"),),
        requires_eori=True,
    ),
    Section(
        "EXPORTER",
        GENERAL,
        ALL_COUNTRIES,
        "Exporter",
        "Exportateur",
        (_activity("exporter", "Exporter", "Exportateur"),),
    ),
    Section(
        "TRANSPORTER",
        GENERAL,
        ALL_COUNTRIES,
        "Transporter",
        "Transporteur",
        (_activity("transporter", "Transporter", "Transporteur"),),
    ),
)
_SECTIONS_BY_CODE = {section.code: section for section in SECTIONS}


def section(code: str | None) -> Section | None:
    """The section with this code, if any."""
    return _SECTIONS_BY_CODE.get(code or "")


def sections_for(country: str) -> list[Section]:
    """The sections that apply to operators of ``country``."""
    return [s for s in SECTIONS if s.applies_to(country)]


def grouped_section_choices(sections=SECTIONS) -> list[tuple[str, list[tuple[str, str]]]]:
    """Sections grouped under their chapter-and-scope heading, for an optgroup select."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for s in sections:
        groups.setdefault(s.group_label, []).append((s.code, s.label))
    return list(groups.items())


def grouped_activity_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Activity types grouped by section; values are ``SECTION:activity``."""
    return [(s.code, [(f"{s.code}:{a.code}", a.name) for a in s.activity_types]) for s in SECTIONS]
