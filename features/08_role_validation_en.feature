# language: en
@english @validation @controle
Feature: The authority validates the authorisation request, in English
  Part II.2 of the operators' guide on the English interface (browser locale en-GB): the
  competent authority of the operator's country finds the request in "Authorisation requests"
  and validates it. The role then becomes "Valid" on the user's profile, and the user is told
  so by e-mail.

  Background:
    Given an operator signed in to TRACES NT
    And they have requested authorisation for the operator "ABIAN BALI EU SPRL" in "Belgium (BE)"

  @guide
  @req:AUTH-3 @req:AUTH-4
  Scenario: The Belgian authority validates the request and the operator is told by e-mail
    When the authority "BEAFSCA04" signs in to TRACES NT
    And it opens "Authorisation requests"
    Then it sees their request for "ABIAN BALI EU SPRL" with the status "Requested"
    When it validates their request for "ABIAN BALI EU SPRL"
    Then it sees their request for "ABIAN BALI EU SPRL" with the status "Valid"
    When they open their profile
    Then their Operator role for "ABIAN BALI EU SPRL" is "Valid"
    And the role status shows "1 Valid"
    And the role status shows "0 Requested"
    When they open the e-mail they received
    Then the e-mail "TRACES NT: your role is now Valid" comes from "automated-notifications@nomail.ec.europa.eu"

  @req:AUTH-5
  Scenario: Only the authority of the operator's country receives the request
    When the authority "ARSENASA01" signs in to TRACES NT
    And it opens "Authorisation requests"
    Then it does not see their request for "ABIAN BALI EU SPRL"
