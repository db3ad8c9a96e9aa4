# language: en
@deux_facteurs @english @controle
Feature: Secure your EU Login account with the mobile app
  Since 11 June 2024 TRACES NT asks for two-factor sign-in: after the password, the EU Login
  Mobile App on your phone confirms that it is you. Install it on your phone, then add it to
  your EU Login account from your computer (the page "Add a mobile device"). At each sign-in,
  choose "EU Login Mobile App PIN Code" (the app asks for your PIN code) or "EU Login Mobile App
  QR Code" (the app reads a QR code and shows a one-time password).

  @guide
  @req:MOB-1
  Scenario: Add the EU Login Mobile App to your EU Login account
    Given an operator with an EU Login account
    When on their phone, they open the EU Login Mobile App and tap "Initialise"
    Then the app asks them to scan the QR code EU Login shows on their computer
    When on their computer, they open EU Login's page "Add a mobile device"
    And they sign in with the e-mail address of their EU Login account
    And they name their device "Work phone" and choose their 4-digit PIN code
    And they click "Submit"
    Then EU Login shows a QR code to scan with the app
    When they scan the QR code with their phone
    And they type their PIN code in the app
    Then EU Login adds the device "Work phone" to "Manage my mobile devices"
    And the app confirms that it is initialised

  @guide
  @req:MOB-2
  Scenario: Sign in to TRACES NT with the app: the PIN code
    Given an operator who has added the EU Login Mobile App to their account
    When they open the TRACES NT welcome page
    And they click the green button "Sign in to TRACES"
    And they identify with the e-mail address of their EU Login account
    And they choose the verification method "EU Login Mobile App PIN Code"
    And they type their password
    Then EU Login says that an authentication request was sent to their phone
    When on their phone, they tap "Continue" on the authentication request
    And they type their PIN code in the app
    Then they are taken to the TRACES NT home page, which greets them by name

  @guide
  @req:MOB-3
  Scenario: Sign in to TRACES NT with the app: the QR code
    Given an operator who has added the EU Login Mobile App to their account
    When they open the TRACES NT welcome page
    And they click the green button "Sign in to TRACES"
    And they identify with the e-mail address of their EU Login account
    And they choose the verification method "EU Login Mobile App QR Code"
    And they type their password
    Then EU Login shows a QR code and a field for the one-time password
    When on their phone, they tap "Scan QR code" and scan the QR code
    Then the app shows a one-time password
    When they type this one-time password on their computer
    Then they are taken to the TRACES NT home page, which greets them by name

  @req:MOB-4
  Scenario: A wrong PIN code refuses the sign-in, which can be tried again
    Given an operator who has added the EU Login Mobile App to their account
    When they open the TRACES NT welcome page
    And they click the green button "Sign in to TRACES"
    And they identify with the e-mail address of their EU Login account
    And they choose the verification method "EU Login Mobile App PIN Code"
    And they type their password
    And on their phone, they tap "Continue" on the authentication request
    And they type a wrong PIN code in the app
    Then the app says "Wrong PIN code: the authentication request was refused. Sign in again on your PC."
    And EU Login says "The PIN code typed in the EU Login Mobile App was wrong: the sign-in was refused. Please sign in again."
    When they identify with the e-mail address of their EU Login account
    And they choose the verification method "EU Login Mobile App PIN Code"
    And they type their password
    And on their phone, they tap "Continue" on the authentication request
    And they type their PIN code in the app
    Then they are taken to the TRACES NT home page, which greets them by name

  @req:MOB-5
  Scenario: A request left unanswered expires
    Given an operator who has added the EU Login Mobile App to their account
    When they open the TRACES NT welcome page
    And they click the green button "Sign in to TRACES"
    And they identify with the e-mail address of their EU Login account
    And they choose the verification method "EU Login Mobile App PIN Code"
    And they type their password
    Then EU Login says that an authentication request was sent to their phone
    When they leave the request unanswered for more than five minutes
    Then EU Login says "The EU Login Mobile App did not answer in time: the sign-in request has expired. Please sign in again."
    And the app shows no authentication request any more

  @req:MOB-6
  Scenario: A reinstalled phone: delete the device and add it again
    Given an operator who has added the EU Login Mobile App to their account
    And they are signed in to EU Login with the EU Login Mobile App
    When they open "My Account" from the menu at the top right
    And they click "Manage my mobile devices"
    And they delete the device "Work phone"
    Then EU Login says "The device «Work phone» has been deleted from your account."
    And the app says that the device was deleted from the account
    When they click "Add a mobile device"
    And they name their device "New phone" and choose their 4-digit PIN code
    And they click "Submit"
    And on their phone, they tap "Initialise"
    And they scan the QR code with their phone
    And they type their PIN code in the app
    Then EU Login adds the device "New phone" to "Manage my mobile devices"

  @req:MOB-7
  Scenario: An environment that asks for two factors refuses the password alone
    Given an operator who has added the EU Login Mobile App to their account
    When they open the TRACES NT welcome page in "Acceptance"
    Then TRACES NT says that this environment asks for two-factor sign-in
    When they click the green button "Sign in to TRACES"
    And they identify with the e-mail address of their EU Login account
    And they choose the verification method "Password"
    And they type their password
    Then EU Login reports at the field "Choose your verification method": "This service asks for two-factor verification: choose «EU Login Mobile App PIN Code» or «EU Login Mobile App QR Code»."
    When they choose the verification method "EU Login Mobile App PIN Code"
    And they type their password
    And on their phone, they tap "Continue" on the authentication request
    And they type their PIN code in the app
    Then the environment "Acceptance" is shown at the top right
