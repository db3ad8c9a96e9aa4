# language: fr
@connexion
Fonctionnalité: Se connecter à TRACES NT avec son compte EU Login
  Cliquez sur le bouton vert «Se connecter à TRACES». Vous serez redirigé vers l'écran d'accès
  EU Login. Pour vous connecter, utilisez l'adresse mail de votre compte EU Login précédemment
  créé. Vous êtes ensuite redirigé vers la page d'accueil de TRACES NT.

  Contexte:
    Soit un opérateur titulaire d'un compte EU Login
    Et il ouvre la page d'accueil de TRACES NT
    Et il clique sur le bouton vert «Se connecter à TRACES»

  @req:SIGN-1 @req:SIGN-2 @req:ENV-1 @req:SIGN-5
  Scénario: L'opérateur se connecte avec l'adresse mail de son compte EU Login
    Quand il se connecte avec l'adresse mail de son compte EU Login
    Alors il est redirigé vers la page d'accueil de TRACES NT qui le salue par son nom
    Et l'environnement "Production" est affiché en haut à droite
    Et sa page d'accueil propose «Changer mes identifiants EU Login» et «Réinitialiser mon mot de passe»
    Quand il clique sur «Réinitialiser mon mot de passe»
    Alors EU Login lui propose d'envoyer un lien à l'adresse de son compte

  @erreurs
  @req:SIGN-3
  Scénario: Un mot de passe erroné est refusé
    Quand il s'identifie avec l'adresse mail de son compte EU Login
    Et il saisit le mot de passe "Mauvais-mot-2024!"
    Alors le champ "Mot de passe" signale "Le mot de passe est incorrect."
    Et la page ne présente aucune violation d'accessibilité

  @erreurs
  @req:SIGN-3
  Scénario: Une adresse inconnue d'EU Login est refusée
    Quand il s'identifie avec l'adresse "inconnu@example.org"
    Alors le champ "Adresse électronique" signale "Cet utilisateur n'existe pas. Vérifiez l'adresse ou créez un compte."
    Et la page ne présente aucune violation d'accessibilité

  @lien @controle
  @req:SIGN-4
  Scénario: Après un mot de passe perdu, l'opérateur en définit un nouveau et se connecte
    Quand il s'identifie avec l'adresse mail de son compte EU Login
    Et il clique sur le lien «Mot de passe perdu ?»
    Et il demande un lien pour l'adresse mail de son compte EU Login
    Alors EU Login lui confirme l'envoi d'un nouveau lien à son adresse
    Quand il clique sur le lien du dernier courrier électronique reçu
    Et il définit un nouveau mot de passe
    Alors EU Login confirme que son mot de passe est défini
    Quand il clique sur «Continuer»
    Et il se connecte avec l'adresse mail de son compte EU Login
    Alors il est redirigé vers la page d'accueil de TRACES NT qui le salue par son nom
