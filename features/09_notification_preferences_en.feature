# language: en
@english @notifications @controle
Feature: Notification preferences and signing out, in English
  Part II.3 of the operators' guide on the English interface (browser locale en-GB): on your
  profile you can also set your notification preferences, each ticked box sending an e-mail
  when its event happens. To sign out, click "Sign out" at the top right.

  Background:
    Given an operator signed in to TRACES NT
    And they have requested authorisation for the operator "ABIAN BALI EU SPRL" in "Belgium (BE)"

  @guide @deconnexion
  @req:NOTIF-1 @req:OUT-1
  Scenario: An operator sets their notification preferences, then signs out
    When they open their profile
    Then the box "Changes to the status of my roles" is ticked
    When they untick the box "Changes to the status of my roles"
    And they click "Save preferences"
    Then their profile confirms "Your preferences have been saved."
    And the box "Changes to the status of my roles" is unticked
    When they click "Sign out" at the top right
    Then TRACES NT confirms that they are signed out

  @req:NOTIF-2
  Scenario: Box unticked, validating the role sends no e-mail
    Given they unticked the box "Changes to the status of my roles" in their preferences
    When the authority "BEAFSCA04" validates their request for "ABIAN BALI EU SPRL"
    And they open their profile
    Then their Operator role for "ABIAN BALI EU SPRL" is "Valid"
    When they look at their mailbox
    Then they have received no e-mail
