"""The profile and home pages: counters by status and the table of roles."""

import pytest

from .people import counters

# What the database cannot change: the profile's and home page's markup (tests/backends.py).
pytestmark = pytest.mark.any_database

ABIAN = "ABIAN BALI EU SPRL"


def test_two_operators_for_one_user_give_two_roles_in_the_profile(marie):
    marie.request_authorisation(ABIAN, "BE")
    marie.request_authorisation("PAT", "AR")
    profile = marie.page("/profile")
    assert [row[:1] + row[2:] for row in profile.rows("roles")] == [
        ["Opérateur", "Demandé"],
        ["Opérateur", "Demandé"],
    ]
    assert [row[1].split(" ")[0] for row in profile.rows("roles")] == ["ABIAN", "PAT"]
    assert counters(profile)["requested"] == "2 Demandé"


def test_roles_of_different_kinds_are_listed_together(portal, marie):
    portal.grant(marie, ABIAN, "BE")
    marie.request_organisation("authority", "FR007")
    profile = marie.page("/profile")
    assert [(row[0], row[2]) for row in profile.rows("roles")] == [
        ("Opérateur", "Valide (administrateur)"),
        ("Autorité", "Demandé"),
    ]
    assert counters(profile) == {
        "requested": "1 Demandé",
        "suspended": "0 Suspendu",
        "valid": "1 Valide",
    }


def test_profile_links_an_operator_role_to_the_operators_page(portal, marie):
    marie.request_authorisation(ABIAN, "BE")
    link = marie.page("/profile").link(ABIAN)
    assert link == f"/tracesnt/operators/{portal.operator_id(ABIAN)}"


def test_profile_without_roles_says_so_and_offers_a_new_role(marie):
    profile = marie.page("/profile")
    assert "Vous n'avez pas encore de rôle." in profile.text
    assert profile.link("Demander un nouveau rôle") == "/tracesnt/roles/new"


def test_authority_profile_shows_the_guides_authority_row(portal):
    profile = portal.authority("FR").page("/profile")
    assert profile.rows("roles") == [
        ["Autorité", "Perpignan Phyto test PCF FR007 66000 Perpignan France (FR)", "Valide"]
    ]


def test_home_welcomes_the_user_and_invites_a_first_role(marie):
    home = marie.page("/")
    assert home.heading == "Bienvenue, Marie Dupont"
    assert "Vous n'avez pas encore de rôle dans TRACES NT." in home.text
    assert home.link("Demander un nouveau rôle") == "/tracesnt/roles/new"


def test_home_shows_the_counters_once_a_role_is_asked_for(marie):
    marie.request_authorisation(ABIAN, "BE")
    home = marie.page("/")
    assert counters(home)["requested"] == "1 Demandé"
    assert home.link("Mon profil") == "/tracesnt/profile"
