# language: fr
@deux_facteurs @controle
Fonctionnalité: Se connecter en deux étapes avec l'application EU Login Mobile App
  TRACES NT demande depuis juin 2024 une vérification en deux étapes : après l'adresse
  électronique et «Suivant», on choisit sa méthode de vérification, puis on saisit le mot de
  passe et le code que l'application EU Login Mobile App affiche. L'application s'enregistre
  depuis la page du compte EU Login. Ici, l'environnement Acceptation le demande.

  Scénario: Enregistrer l'application EU Login Mobile App depuis son compte EU Login
    Soit un opérateur connecté à TRACES NT
    Quand il ouvre la page de son compte EU Login
    Et il clique sur «Enregistrer l'application EU Login Mobile App»
    Alors EU Login affiche un code QR et la clé à saisir dans l'application
    Quand il saisit le code que l'application affiche pour confirmer
    Alors EU Login confirme que l'application est enregistrée

  Scénario: Se connecter avec le mot de passe puis le code de l'application
    Soit un opérateur qui a enregistré l'application EU Login Mobile App
    Quand il ouvre la page d'accueil de TRACES NT
    Et il clique sur le bouton vert «Se connecter à TRACES»
    Et il s'identifie avec l'adresse mail de son compte EU Login
    Et il choisit la méthode de vérification «EU Login Mobile App Code PIN»
    Et il saisit son mot de passe
    Et il saisit le code affiché par l'application
    Alors il est redirigé vers la page d'accueil de TRACES NT qui le salue par son nom

  Scénario: Un code erroné est refusé, avec la raison
    Soit un opérateur qui a enregistré l'application EU Login Mobile App
    Quand il ouvre la page d'accueil de TRACES NT
    Et il clique sur le bouton vert «Se connecter à TRACES»
    Et il s'identifie avec l'adresse mail de son compte EU Login
    Et il choisit la méthode de vérification «EU Login Mobile App Code PIN»
    Et il saisit son mot de passe
    Et il saisit un code erroné
    Alors EU Login signale au champ «Code affiché par l'application EU Login Mobile App» : «Le code n'est pas correct, ou a déjà servi. Saisissez le code que l'application EU Login Mobile App affiche maintenant (vérifiez l'heure de votre téléphone).»
    Quand il saisit le code affiché par l'application
    Alors il est redirigé vers la page d'accueil de TRACES NT qui le salue par son nom

  Scénario: Un environnement qui demande deux étapes refuse le mot de passe seul
    Soit un opérateur qui a enregistré l'application EU Login Mobile App
    Quand il ouvre la page d'accueil de TRACES NT en "Acceptation"
    Alors TRACES NT indique que cet environnement demande une connexion en deux étapes
    Quand il clique sur le bouton vert «Se connecter à TRACES»
    Et il s'identifie avec l'adresse mail de son compte EU Login
    Et il choisit la méthode de vérification «Mot de passe»
    Et il saisit son mot de passe
    Alors EU Login signale au champ «Choisissez votre méthode de vérification» : «Ce service demande une vérification en deux étapes : choisissez «EU Login Mobile App Code PIN».»
    Quand il choisit la méthode de vérification «EU Login Mobile App Code PIN»
    Et il saisit son mot de passe
    Et il saisit le code affiché par l'application
    Alors l'environnement "Acceptation" est affiché en haut à droite
