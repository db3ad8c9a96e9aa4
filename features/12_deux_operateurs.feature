# language: fr
@role @controle @req:ROLE-4
Fonctionnalité: Travailler pour deux opérateurs différents
  Au sein de votre type de rôle, vous pouvez avoir plusieurs postes. Par exemple vous pouvez
  travailler pour deux opérateurs différents : chaque demande d'autorisation porte sur un
  opérateur, et chacune a sa ligne dans le tableau des rôles du profil.

  Contexte:
    Soit un opérateur connecté à TRACES NT
    Et il a demandé une autorisation pour l'opérateur "ABIAN BALI EU SPRL" en "Belgique (BE)"

  Scénario: L'opérateur demande un second rôle Opérateur pour une autre société
    Quand il clique sur «Demander un nouveau rôle»
    Et il clique sur «Opérateur»
    Et il cherche "PAT" parmi les opérateurs du pays "Argentine (AR)"
    Et il coche la case à droite de "PAT"
    Et il clique sur le bouton «Demander une autorisation»
    Et il clique sur «Envoyer une demande d'autorisation»
    Alors le statut du rôle indique «2 Demandé»
    Et son tableau des rôles compte 2 lignes
    Et son rôle Opérateur pour "ABIAN BALI EU SPRL" est «Demandé»
    Et son rôle Opérateur pour "PAT" est «Demandé»

  @erreurs
  Scénario: Une seconde demande pour le même opérateur est refusée
    Quand il clique sur «Demander un nouveau rôle»
    Et il clique sur «Opérateur»
    Et il cherche "BE0479168518" parmi les opérateurs du pays "Belgique (BE)"
    Et il coche la case à droite de "ABIAN BALI EU SPRL"
    Et il clique sur le bouton «Demander une autorisation»
    Et il clique sur «Envoyer une demande d'autorisation»
    Alors la fenêtre signale «Vous avez déjà une demande en attente pour cette organisation.»
    Quand il ouvre son profil
    Alors le statut du rôle indique «1 Demandé»
    Et son tableau des rôles compte 1 ligne
