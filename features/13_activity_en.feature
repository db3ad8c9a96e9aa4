# language: en
@english @activite @controle
Feature: Create an activity, in English
  Part III of the operators' guide on the English interface (browser locale en-GB): find the
  operator, click "+ Add activity", look for the section "Plant health" and select "EU
  professional operators other than EU registered professional operators (EUPO)", then the
  activity "Professional operators other than those referred to in Article 45(1)(I) IMSOC".

  Background:
    Given an operator signed in to TRACES NT
    And they created their company in "Argentina (AR)" and the authority "ARSENASA01" validated their role

  @guide
  @req:ACT-1 @req:ACT-2
  Scenario: An operator adds the plant-health activity to their company
    When they open their profile
    And they click their company
    Then the page of their company shows the panels "Operator details", "Operator activities" and "Users"
    And the panel "Operator details" shows the details of their company
    And the panel "Operator details" shows the country "Argentina (AR)"
    When they click "+ Add activity"
    And they look for the section "Plant health" and select "EU professional operators other than EU registered professional operators (EUPO)"
    And they choose the activity "Professional operators other than those referred to in Article 45(1)(I) IMSOC"
    And they click "Save"
    Then the operator's page confirms "The activity has been added. It is New until an authority validates it."
    And the activity "EU professional operators other than EU registered professional operators (EUPO)" is listed as "New"
