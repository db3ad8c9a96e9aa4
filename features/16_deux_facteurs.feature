# language: fr
@deux_facteurs @controle
Fonctionnalité: Sécuriser votre compte EU Login avec l'application mobile
  Depuis le 11 juin 2024, TRACES NT demande une connexion en deux étapes : après le mot de
  passe, l'application EU Login Mobile App de votre téléphone confirme qu'il s'agit bien de
  vous. Installez-la sur votre téléphone, puis ajoutez-la à votre compte EU Login depuis votre
  ordinateur (page «Ajouter un appareil mobile»). À chaque connexion, choisissez ensuite «EU
  Login Mobile App Code PIN» (l'application vous demande votre code PIN) ou «EU Login Mobile App
  Code QR» (l'application lit un code QR et affiche un mot de passe à usage unique).

  @guide
  @req:MOB-1
  Scénario: Ajouter l'application EU Login Mobile App à son compte EU Login
    Soit un opérateur titulaire d'un compte EU Login
    Quand sur son téléphone, il ouvre l'application EU Login Mobile App et appuie sur «Initialiser»
    Alors l'application lui demande de scanner le code QR affiché par EU Login sur son ordinateur
    Quand sur son ordinateur, il ouvre la page «Ajouter un appareil mobile» d'EU Login
    Et il se connecte avec l'adresse mail de son compte EU Login
    Et il nomme son appareil "Téléphone professionnel" et choisit son code PIN à 4 chiffres
    Et il clique sur «Envoyer»
    Alors EU Login affiche un code QR à scanner avec l'application
    Quand il scanne le code QR avec son téléphone
    Et il saisit son code PIN dans l'application
    Alors EU Login ajoute l'appareil "Téléphone professionnel" à «Gérer mes appareils mobiles»
    Et l'application confirme qu'elle est initialisée

  @guide
  @req:MOB-2
  Scénario: Se connecter à TRACES NT avec l'application : le code PIN
    Soit un opérateur qui a ajouté l'application EU Login Mobile App à son compte
    Quand il ouvre la page d'accueil de TRACES NT
    Et il clique sur le bouton vert «Se connecter à TRACES»
    Et il s'identifie avec l'adresse mail de son compte EU Login
    Et il choisit la méthode de vérification «EU Login Mobile App Code PIN»
    Et il saisit son mot de passe
    Alors EU Login indique qu'une demande d'authentification a été envoyée à son téléphone
    Quand sur son téléphone, il appuie sur «Continuer» dans la demande d'authentification
    Et il saisit son code PIN dans l'application
    Alors il est redirigé vers la page d'accueil de TRACES NT qui le salue par son nom

  @guide
  @req:MOB-3
  Scénario: Se connecter à TRACES NT avec l'application : le code QR
    Soit un opérateur qui a ajouté l'application EU Login Mobile App à son compte
    Quand il ouvre la page d'accueil de TRACES NT
    Et il clique sur le bouton vert «Se connecter à TRACES»
    Et il s'identifie avec l'adresse mail de son compte EU Login
    Et il choisit la méthode de vérification «EU Login Mobile App Code QR»
    Et il saisit son mot de passe
    Alors EU Login affiche un code QR et un champ pour le mot de passe à usage unique
    Quand sur son téléphone, il appuie sur «Scanner un code QR» et scanne le code QR
    Alors l'application affiche un mot de passe à usage unique
    Quand il saisit ce mot de passe à usage unique sur son ordinateur
    Alors il est redirigé vers la page d'accueil de TRACES NT qui le salue par son nom

  @req:MOB-4
  Scénario: Un code PIN erroné refuse la connexion, qui peut être reprise
    Soit un opérateur qui a ajouté l'application EU Login Mobile App à son compte
    Quand il ouvre la page d'accueil de TRACES NT
    Et il clique sur le bouton vert «Se connecter à TRACES»
    Et il s'identifie avec l'adresse mail de son compte EU Login
    Et il choisit la méthode de vérification «EU Login Mobile App Code PIN»
    Et il saisit son mot de passe
    Et sur son téléphone, il appuie sur «Continuer» dans la demande d'authentification
    Et il saisit un code PIN erroné dans l'application
    Alors l'application indique «Code PIN erroné : la demande d'authentification a été refusée. Connectez-vous à nouveau sur votre ordinateur.»
    Et EU Login indique «Le code PIN saisi dans l'application EU Login Mobile App était erroné : la connexion a été refusée. Veuillez vous connecter à nouveau.»
    Quand il s'identifie avec l'adresse mail de son compte EU Login
    Et il choisit la méthode de vérification «EU Login Mobile App Code PIN»
    Et il saisit son mot de passe
    Et sur son téléphone, il appuie sur «Continuer» dans la demande d'authentification
    Et il saisit son code PIN dans l'application
    Alors il est redirigé vers la page d'accueil de TRACES NT qui le salue par son nom

  @req:MOB-5
  Scénario: Une demande laissée sans réponse expire
    Soit un opérateur qui a ajouté l'application EU Login Mobile App à son compte
    Quand il ouvre la page d'accueil de TRACES NT
    Et il clique sur le bouton vert «Se connecter à TRACES»
    Et il s'identifie avec l'adresse mail de son compte EU Login
    Et il choisit la méthode de vérification «EU Login Mobile App Code PIN»
    Et il saisit son mot de passe
    Alors EU Login indique qu'une demande d'authentification a été envoyée à son téléphone
    Quand il laisse la demande sans réponse plus de cinq minutes
    Alors EU Login indique «L'application EU Login Mobile App n'a pas répondu à temps : la demande de connexion a expiré. Veuillez vous connecter à nouveau.»
    Et l'application n'affiche plus de demande d'authentification

  @req:MOB-6
  Scénario: Un téléphone réinstallé : supprimer l'appareil et l'ajouter à nouveau
    Soit un opérateur qui a ajouté l'application EU Login Mobile App à son compte
    Et il est connecté à EU Login avec l'application EU Login Mobile App
    Quand il ouvre «Mon compte» depuis le menu en haut à droite
    Et il clique sur «Gérer mes appareils mobiles»
    Et il supprime l'appareil "Téléphone professionnel"
    Alors EU Login indique «L'appareil «Téléphone professionnel» a été supprimé de votre compte.»
    Et l'application indique que l'appareil a été supprimé du compte
    Quand il clique sur «Ajouter un appareil mobile»
    Et il nomme son appareil "Nouveau téléphone" et choisit son code PIN à 4 chiffres
    Et il clique sur «Envoyer»
    Et sur son téléphone, il appuie sur «Initialiser»
    Et il scanne le code QR avec son téléphone
    Et il saisit son code PIN dans l'application
    Alors EU Login ajoute l'appareil "Nouveau téléphone" à «Gérer mes appareils mobiles»

  @req:MOB-7
  Scénario: Un environnement qui demande deux étapes refuse le mot de passe seul
    Soit un opérateur qui a ajouté l'application EU Login Mobile App à son compte
    Quand il ouvre la page d'accueil de TRACES NT en "Acceptation"
    Alors TRACES NT indique que cet environnement demande une connexion en deux étapes
    Quand il clique sur le bouton vert «Se connecter à TRACES»
    Et il s'identifie avec l'adresse mail de son compte EU Login
    Et il choisit la méthode de vérification «Mot de passe»
    Et il saisit son mot de passe
    Alors EU Login signale au champ «Choisissez votre méthode de vérification» : «Ce service demande une vérification en deux étapes : choisissez «EU Login Mobile App Code PIN» ou «EU Login Mobile App Code QR».»
    Quand il choisit la méthode de vérification «EU Login Mobile App Code PIN»
    Et il saisit son mot de passe
    Et sur son téléphone, il appuie sur «Continuer» dans la demande d'authentification
    Et il saisit son code PIN dans l'application
    Alors l'environnement "Acceptation" est affiché en haut à droite
