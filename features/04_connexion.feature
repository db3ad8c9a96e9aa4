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

  Scénario: L'opérateur se connecte avec l'adresse mail de son compte EU Login
    Quand il se connecte avec l'adresse mail de son compte EU Login
    Alors il est redirigé vers la page d'accueil de TRACES NT qui le salue par son nom
    Et l'environnement "Production" est affiché en haut à droite

  @erreurs
  Scénario: Un mot de passe erroné est refusé
    Quand il s'identifie avec l'adresse mail de son compte EU Login
    Et il saisit le mot de passe "Mauvais-mot-2024!"
    Alors le champ "Mot de passe" signale "Le mot de passe est incorrect."
    Et la page ne présente aucune violation d'accessibilité

  @erreurs
  Scénario: Une adresse inconnue d'EU Login est refusée
    Quand il s'identifie avec l'adresse "inconnu@example.org"
    Alors le champ "Adresse électronique" signale "Cet utilisateur n'existe pas. Vérifiez l'adresse ou créez un compte."
    Et la page ne présente aucune violation d'accessibilité

  @lien @controle
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
