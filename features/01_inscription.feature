# language: fr
@inscription
Fonctionnalité: S'enregistrer dans un premier temps sur la page « EU Login »
  Il s'agit d'une étape de sécurité obligatoire. Chaque déclarant en douane susceptible
  d'utiliser TRACES NT doit créer un compte individuel propre, au nom d'une personne réelle,
  avec son adresse professionnelle personnelle. Une fois la requête envoyée, il reçoit
  automatiquement un courrier électronique afin de définir son mot de passe.

  @lent @guide
  @req:REG-1 @req:REG-3 @req:REG-7 @req:SIGN-1 @req:SIGN-2 @req:ENV-1
  Scénario: Un opérateur crée son compte EU Login puis se connecte à TRACES NT
    Soit un nouvel opérateur
    Et il ouvre la page d'accueil de TRACES NT
    Quand il clique sur le lien «S'inscrire au système TRACES»
    Alors l'écran d'enregistrement EU Login s'affiche
    Quand il complète tous les champs du formulaire
    Et il clique sur le bouton «Créer un compte»
    Alors EU Login lui confirme l'envoi d'un courrier électronique à son adresse
    Quand il ouvre le courrier électronique reçu
    Alors le courrier "EU Login : définissez votre mot de passe" vient de "automated-notifications@nomail.ec.europa.eu"
    Quand il clique sur le lien du courrier électronique
    Et il définit son mot de passe
    Alors EU Login confirme que son mot de passe est défini
    Quand il ouvre la page d'accueil de TRACES NT
    Et il clique sur le bouton vert «Se connecter à TRACES»
    Alors il est redirigé vers l'écran d'accès EU Login
    Quand il se connecte avec l'adresse mail de son compte EU Login
    Alors il est redirigé vers la page d'accueil de TRACES NT qui le salue par son nom
    Et l'environnement "Production" est affiché en haut à droite
