# language: fr
@connexion @sso
Fonctionnalité: S'enregistrer dans chaque environnement de TRACES NT
  Notez que cette seconde étape doit être effectuée dans chaque environnement de TRACES NT que
  vous souhaitez utiliser. Le même compte EU Login sert pour tous les environnements : une fois
  connecté à EU Login, l'opérateur n'a pas à retaper son mot de passe.

  @req:ENV-1 @req:ENV-2
  Scénario: Entrer en Formation après Production sans retaper son mot de passe
    Soit un opérateur titulaire d'un compte EU Login
    Et il est connecté à TRACES NT en "Production"
    Quand il ouvre la page d'accueil de TRACES NT en "Formation"
    Alors l'environnement "Formation" est affiché en haut à droite
    Quand il clique sur le bouton vert «Se connecter à TRACES»
    Alors il arrive directement sur la page d'accueil de TRACES NT qui le salue par son nom
    Et l'environnement "Formation" est affiché en haut à droite
