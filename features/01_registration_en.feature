# language: en
@english @inscription @lent
Feature: Register in EU Login first, in English
  The same journey as in the operators' guide, on the English interface (browser locale
  en-GB): EU Login registration, the password mail, then the sign-in to TRACES NT. ("Sign out"
  comes with the notification preferences, as in the guide.)

  @guide
  @req:REG-1 @req:REG-3 @req:REG-7 @req:SIGN-1 @req:SIGN-2 @req:ENV-1
  Scenario: An operator creates their EU Login account, then signs in to TRACES NT
    Given a new operator
    And they open the TRACES NT welcome page
    When they click the link "Register to the TRACES system"
    Then the EU Login registration screen is shown
    When they fill in every field of the form
    And they click the button "Create an account"
    Then EU Login confirms that an e-mail was sent to their address
    When they open the e-mail they received
    Then the e-mail "EU Login: set your password" comes from "automated-notifications@nomail.ec.europa.eu"
    When they follow the link in the e-mail
    And they set their password
    Then EU Login confirms that their password is set
    When they open the TRACES NT welcome page
    And they click the green button "Sign in to TRACES"
    Then they are taken to the EU Login sign-in screen
    When they sign in with the e-mail address of their EU Login account
    Then they are taken to the TRACES NT home page, which greets them by name
    And the environment "Production" is shown at the top right
