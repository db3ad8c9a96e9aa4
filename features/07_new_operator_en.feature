# language: en
@english @role @nouvel_operateur @controle
Feature: Create a new operator, in English
  Part II.1 of the operators' guide on the English interface (browser locale en-GB): when the
  operator you work for cannot be found, click "+ Create a New operator" and fill in every field
  marked with a red asterisk (*), and your EORI number to avoid duplicates. The new operator and
  your link to it are recorded at once, and your Operator role for it is requested.

  Background:
    Given an operator signed in to TRACES NT
    And they searched for their company among the operators of the country "Belgium (BE)"

  @guide
  @req:OPER-5 @req:OPER-6
  Scenario: An operator creates their company, for phytosanitary certificates
    When they click "+ Create a New operator"
    Then the screen "Create a New operator" is shown
    When they fill in the fields marked with a red asterisk, and the EORI number, with those of their company:
      | Name                  |
      | Administrative region |
      | City                  |
      | Postal code           |
      | Address               |
      | Phone                 |
      | EORI number           |
    And they look for the section "Plant health" and select "EU professional operators other than EU registered professional operators (EUPO)"
    And they choose the activity "Professional operators other than those referred to in Article 45(1)(I) IMSOC"
    And they click the button "Create a New operator"
    Then their profile confirms that their company has been created and that their authorisation request has been submitted
    And their Operator role for the new operator is "Requested"
    And the role status shows "1 Requested"

  @req:OPER-2
  Scenario: The mandatory fields carry a red asterisk
    When they click "+ Create a New operator"
    Then the fields marked with a red asterisk are:
      | Name                  |
      | Country               |
      | Administrative region |
      | City                  |
      | Postal code           |
      | Address               |
      | Phone                 |
      | Section               |
      | Activity type         |
    And the fields without an asterisk are:
      | Fax         |
      | E-mail      |
      | Website     |
      | EORI number |
      | Latitude    |
      | Longitude   |
