# language: en
@deux_facteurs @english @controle
Feature: Signing in with two factors and the EU Login Mobile App
  Since June 2024 TRACES NT asks for two-factor verification: after the e-mail address and
  "Next", the user chooses a verification method, then types the password and the code the
  EU Login Mobile App shows. The app is enrolled from the EU Login account page. Here, the
  Acceptance environment asks for it.

  Scenario: Enrol the EU Login Mobile App from the EU Login account page
    Given an operator signed in to TRACES NT
    When they open their EU Login account page
    And they click "Enrol the EU Login Mobile App"
    Then EU Login shows a QR code and the key to type into the app
    When they type the code the app shows to confirm
    Then EU Login confirms that the app is enrolled

  Scenario: Sign in with the password, then the app's code
    Given an operator who has enrolled the EU Login Mobile App
    When they open the TRACES NT welcome page
    And they click the green button "Sign in to TRACES"
    And they identify with the e-mail address of their EU Login account
    And they choose the verification method "EU Login Mobile App PIN Code"
    And they type their password
    And they type the code the app shows
    Then they are taken to the TRACES NT home page, which greets them by name

  Scenario: A wrong code is refused, with the reason
    Given an operator who has enrolled the EU Login Mobile App
    When they open the TRACES NT welcome page
    And they click the green button "Sign in to TRACES"
    And they identify with the e-mail address of their EU Login account
    And they choose the verification method "EU Login Mobile App PIN Code"
    And they type their password
    And they type a wrong code
    Then EU Login reports at the field "Code shown by the EU Login Mobile App": "The code is not correct, or was already used. Type the code the EU Login Mobile App shows now (check that your phone is on time)."
    And the page has no accessibility violation

  Scenario: An environment that asks for two factors refuses the password alone
    Given an operator who has enrolled the EU Login Mobile App
    When they open the TRACES NT welcome page in "Acceptance"
    Then TRACES NT says that this environment asks for two-factor sign-in
    When they click the green button "Sign in to TRACES"
    And they identify with the e-mail address of their EU Login account
    And they choose the verification method "Password"
    And they type their password
    Then EU Login reports at the field "Choose your verification method": "This service asks for two-factor verification: choose «EU Login Mobile App PIN Code»."
    And the page has no accessibility violation
    When they choose the verification method "EU Login Mobile App PIN Code"
    And they type their password
    And they type the code the app shows
    Then the environment "Acceptance" is shown at the top right
