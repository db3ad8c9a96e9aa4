# language: fr
@role @environnement @controle
Fonctionnalité: Un rôle par environnement de TRACES NT
  Notez que cette seconde étape doit être effectuée dans chaque environnement de TRACES NT que
  vous souhaitez utiliser. Lorsque vous demandez un rôle dans un environnement, celui-ci n'est
  pas automatiquement transféré dans les autres.

  @req:ENV-2 @req:ENV-3
  Scénario: Un rôle demandé en Production n'apparaît pas en Formation
    Soit un opérateur connecté à TRACES NT
    Et il a demandé une autorisation pour l'opérateur "ABIAN BALI EU SPRL" en "Belgique (BE)"
    Quand il ouvre la page d'accueil de TRACES NT en "Formation"
    Et il clique sur le bouton vert «Se connecter à TRACES»
    Alors il arrive directement sur la page d'accueil de TRACES NT qui le salue par son nom
    Quand il ouvre son profil en "Formation"
    Alors l'environnement "Formation" est affiché en haut à droite
    Et le statut du rôle indique «0 Demandé»
    Et il n'a encore aucun rôle
    Quand il ouvre son profil en "Production"
    Alors son rôle Opérateur pour "ABIAN BALI EU SPRL" est «Demandé»
