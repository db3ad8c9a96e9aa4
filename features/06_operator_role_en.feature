# language: en
@english @role @req:ROLE-2
Feature: Create your Operator role, in English
  The operators' guide's role request on the English interface (browser locale en-GB): find the
  company by country and EORI number, tick it, "Request Authorisation", then send the request
  from the confirmation dialog; the request shows on the profile.

  Background:
    Given an operator signed in to TRACES NT

  @guide @controle
  @req:ROLE-1 @req:ROLE-3 @req:AUTH-1 @req:AUTH-3
  Scenario: An operator finds their company by country and EORI number and requests authorisation
    When they click "Request a new role"
    And they click "Operator"
    Then the screen "Select an existing operator" is shown
    When they search the operators of the country "Belgium (BE)"
    Then "ABIAN BALI EU SPRL" is among the operators found
    When they search "BE0479168518" among the operators of the country "Belgium (BE)"
    Then the search says "1 operator found"
    And "ABIAN BALI EU SPRL" is among the operators found
    When they tick the box to the right of "ABIAN BALI EU SPRL"
    And they click the button "Request Authorisation"
    Then the dialog "Confirm the authorisation request for ABIAN BALI EU SPRL" opens
    When they provide additional information:
      | Message | I am the company's customs declarant. |
      | E-mail  | name@example.com                      |
      | Phone   | +32 02 123456                         |
    And they click "Send authorisation request"
    Then their profile confirms "Your authorisation request has been submitted."
    And the role status shows "1 Requested"
    And their Operator role for "ABIAN BALI EU SPRL" is "Requested"

  @erreurs
  Scenario: The country is mandatory to search for an operator
    Given they opened the screen "Select an existing operator"
    When they search "ABIAN" without choosing a country
    Then the field "Country" says "Please choose a country."
