"""II.3: notification preferences, and the mails they allow or stop."""

from .people import AUTHORITIES

ABIAN = "ABIAN BALI EU SPRL"
PREFERENCES = ("notify_role_status", "notify_new_requests", "notify_activity_status")


def test_every_notification_is_ticked_at_first(marie):
    profile = marie.page("/profile")
    assert [profile.is_checked(name) for name in PREFERENCES] == [True, True, True]
    assert [profile.label(name) for name in PREFERENCES] == [
        "Changements de statut de mes rôles",
        "Nouvelles demandes d'autorisation que je peux valider",
        "Changements des activités de mes opérateurs",
    ]


def test_preferences_are_saved(marie):
    response = marie.save_preferences("notify_new_requests")
    assert response.headers["Location"] == "/tracesnt/profile"
    profile = marie.follow(response)
    assert profile.flashes("success") == ["Vos préférences ont été enregistrées."]
    assert [profile.is_checked(name) for name in PREFERENCES] == [False, True, False]


def test_preferences_are_kept_after_signing_in_again(portal, marie):
    marie.save_preferences("notify_activity_status")
    again = portal.sign_in(marie.email, "Tr4ces-Mock!")
    profile = again.page("/profile")
    assert [profile.is_checked(name) for name in PREFERENCES] == [False, False, True]


def test_no_mail_on_validation_when_role_status_changes_are_unticked(portal, marie):
    marie.save_preferences("notify_new_requests", "notify_activity_status")
    portal.grant(marie, ABIAN, "BE")
    assert portal.mails(marie.email) == []


def test_one_mail_on_validation_when_role_status_changes_are_ticked(portal, marie):
    marie.save_preferences("notify_role_status")
    portal.grant(marie, ABIAN, "BE")
    [mail] = portal.mails(marie.email)
    assert mail["subject"] == "TRACES NT : votre rôle est maintenant Valide"
    assert mail["body"].split("\n\n") == [
        "Cher/Chère Marie Dupont,",
        f"Votre rôle Opérateur pour {ABIAN} est maintenant Valide.",
        "Vous pouvez suivre vos demandes depuis votre profil TRACES NT.",
        "Ceci est un message automatique, merci de ne pas y répondre.",
    ]


def test_refusal_is_mailed_too(portal, marie):
    marie.request_authorisation(ABIAN, "BE")
    portal.authority("BE").decide_role(portal.role_id(marie.email, ABIAN), "refuse")
    [mail] = portal.mails(marie.email)
    assert mail["subject"] == "TRACES NT : votre rôle est maintenant Refusé"


def test_authority_receives_a_new_request_mail(portal, marie):
    marie.request_authorisation(ABIAN, "BE")
    [mail] = portal.mails(AUTHORITIES["BE"])
    assert mail["subject"] == "TRACES NT : nouvelle demande d'autorisation"
    assert f"Marie Dupont demande le rôle Opérateur pour {ABIAN}." in mail["body"]


def test_authority_that_opted_out_receives_no_new_request_mail(portal, marie):
    portal.authority("BE").save_preferences("notify_role_status")
    marie.request_authorisation(ABIAN, "BE")
    assert portal.mails(AUTHORITIES["BE"]) == []


def test_authority_of_another_country_receives_no_mail(portal, marie):
    marie.request_authorisation(ABIAN, "BE")
    assert portal.mails(AUTHORITIES["FR"]) == []
    assert portal.mails(AUTHORITIES["AR"]) == []


def test_creating_an_operator_tells_the_authority_of_its_country(portal, marie):
    marie.create_operator(name="Les Vergers de Hesbaye")
    [mail] = portal.mails(AUTHORITIES["BE"])
    assert "Les Vergers de Hesbaye" in mail["body"]


def test_administrator_receives_the_new_request_mail_for_its_operator(portal, marie, paul):
    portal.grant(marie, ABIAN, "BE")
    before = len(portal.mails(marie.email))
    paul.request_authorisation(ABIAN, "BE")
    mails = portal.mails(marie.email)[before:]
    assert [mail["subject"] for mail in mails] == ["TRACES NT : nouvelle demande d'autorisation"]


def test_authority_request_is_mailed_to_the_countrys_authorities(portal, marie):
    marie.request_organisation("authority", "FRDGCCRF11")
    mails = portal.mails(AUTHORITIES["FR"])
    assert [mail["subject"] for mail in mails] == ["TRACES NT : nouvelle demande d'autorisation"]
    assert portal.mails(AUTHORITIES["BE"]) == []


def test_requester_receives_no_mail_for_their_own_request(portal, marie):
    marie.request_authorisation(ABIAN, "BE")
    assert portal.mails(marie.email) == []
