# language: fr
@notifications @controle
Fonctionnalité: Préférences de notification et déconnexion
  Sur la page de votre profil, vous pouvez également définir vos préférences en matière de
  notification : chaque case cochée fait envoyer un courrier électronique quand l'événement se
  produit. Vous pouvez vous déconnecter en cliquant sur «Déconnexion» dans le coin supérieur droit.

  Contexte:
    Soit un opérateur connecté à TRACES NT
    Et il a demandé une autorisation pour l'opérateur "ABIAN BALI EU SPRL" en "Belgique (BE)"

  @guide @deconnexion
  @req:NOTIF-1 @req:OUT-1
  Scénario: L'opérateur définit ses préférences de notification puis se déconnecte
    Quand il ouvre son profil
    Alors la case «Changements de statut de mes rôles» est cochée
    Quand il décoche la case «Changements de statut de mes rôles»
    Et il clique sur «Enregistrer les préférences»
    Alors son profil confirme «Vos préférences ont été enregistrées.»
    Et la case «Changements de statut de mes rôles» est décochée
    Quand il clique sur «Déconnexion» dans le coin supérieur droit
    Alors TRACES NT lui confirme qu'il est déconnecté

  @req:NOTIF-2
  Scénario: Case décochée, la validation du rôle n'envoie aucun courrier
    Soit il a décoché la case «Changements de statut de mes rôles» dans ses préférences
    Quand l'autorité "BEAFSCA04" valide sa demande pour "ABIAN BALI EU SPRL"
    Et il ouvre son profil
    Alors son rôle Opérateur pour "ABIAN BALI EU SPRL" est «Valide»
    Quand il consulte sa boîte aux lettres
    Alors il n'a reçu aucun courrier électronique

  @req:NOTIF-2
  Scénario: Case cochée, la validation du rôle envoie un courrier
    Soit il a coché la case «Changements de statut de mes rôles» dans ses préférences
    Quand l'autorité "BEAFSCA04" valide sa demande pour "ABIAN BALI EU SPRL"
    Et il ouvre le courrier électronique reçu
    Alors le courrier "TRACES NT : votre rôle est maintenant Valide" vient de "automated-notifications@nomail.ec.europa.eu"
