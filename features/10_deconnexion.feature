# language: fr
@deconnexion
Fonctionnalité: Déconnexion
  Vous pouvez vous déconnecter en cliquant sur «Déconnexion» dans le coin supérieur droit.
  La déconnexion met fin à la session TRACES NT et à la session EU Login.

  Contexte:
    Soit un opérateur titulaire d'un compte EU Login
    Et il est connecté à TRACES NT en "Production"

  @req:OUT-1
  Scénario: Après la déconnexion, revenir à TRACES NT demande de se connecter à nouveau
    Quand il clique sur «Déconnexion» dans le coin supérieur droit
    Alors TRACES NT lui confirme qu'il est déconnecté
    Quand il retourne sur sa page d'accueil de TRACES NT
    Alors TRACES NT lui propose de se connecter
    Quand il clique sur le bouton vert «Se connecter à TRACES»
    Alors EU Login lui demande de se connecter à nouveau

  @sso
  @req:OUT-2
  Scénario: Se déconnecter dans un environnement déconnecte aussi l'autre, qui demande de se connecter à nouveau
    Soit il est entré en "Formation" sans retaper son mot de passe
    Quand il clique sur «Déconnexion» dans le coin supérieur droit
    Alors TRACES NT lui confirme qu'il est déconnecté
    Quand il retourne sur sa page d'accueil de TRACES NT en "Production"
    Alors TRACES NT lui propose de se connecter
    Et l'environnement "Production" est affiché en haut à droite
    Quand il clique sur le bouton vert «Se connecter à TRACES»
    Alors EU Login lui demande de se connecter à nouveau
