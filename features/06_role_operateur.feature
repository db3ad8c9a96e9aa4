# language: fr
@role
Fonctionnalité: Créer votre rôle Opérateur
  Le rôle Opérateur concerne les exportateurs, transitaires, responsable au chargement, etc.
  Vous pouvez chercher par pays, section, type d'activité, nom de l'organisation, etc. Une fois
  votre société trouvée, cochez la case à droite de l'opérateur et ensuite cliquez sur le bouton
  «Demander une autorisation» pour soumettre votre demande. Une nouvelle fenêtre s'ouvre : vous
  pouvez fournir des informations supplémentaires, puis envoyer la demande d'autorisation. Votre
  demande sera visible depuis votre profil.

  Contexte:
    Soit un opérateur connecté à TRACES NT

  @guide @controle
  @req:ROLE-1 @req:ROLE-2 @req:ROLE-3 @req:AUTH-1 @req:AUTH-3
  Scénario: L'opérateur trouve sa société par pays et par numéro EORI, et demande une autorisation
    Quand il clique sur «Demander un nouveau rôle»
    Et il clique sur «Opérateur»
    Alors l'écran «Sélectionner un opérateur existant» s'affiche
    Quand il cherche les opérateurs du pays "Belgique (BE)"
    Alors "ABIAN BALI EU SPRL" figure parmi les opérateurs trouvés
    Quand il cherche "BE0479168518" parmi les opérateurs du pays "Belgique (BE)"
    Alors la recherche indique «1 opérateur trouvé»
    Et "ABIAN BALI EU SPRL" figure parmi les opérateurs trouvés
    Quand il coche la case à droite de "ABIAN BALI EU SPRL"
    Et il clique sur le bouton «Demander une autorisation»
    Alors la fenêtre «Confirmer la demande d'autorisation pour ABIAN BALI EU SPRL» s'ouvre
    Quand il fournit des informations supplémentaires :
      | Message   | Je suis le déclarant en douane de la société. |
      | Courriel  | name@example.com                              |
      | Téléphone | +32 02 123456                                 |
    Et il clique sur «Envoyer une demande d'autorisation»
    Alors son profil confirme «Votre demande d'autorisation a été soumise.»
    Et le statut du rôle indique «1 Demandé»
    Et son rôle Opérateur pour "ABIAN BALI EU SPRL" est «Demandé»

  @req:AUTH-2
  Scénario: «Annuler» dans la fenêtre de confirmation n'enregistre aucune demande
    Soit il a ouvert l'écran «Sélectionner un opérateur existant»
    Quand il cherche "BE0479168518" parmi les opérateurs du pays "Belgique (BE)"
    Et il coche la case à droite de "ABIAN BALI EU SPRL"
    Et il clique sur le bouton «Demander une autorisation»
    Et il clique sur «Annuler»
    Alors la fenêtre de confirmation se ferme
    Quand il ouvre son profil
    Alors le statut du rôle indique «0 Demandé»
    Et il n'a encore aucun rôle

  @erreurs
  @req:ROLE-3
  Scénario: «Demander une autorisation» sans cocher d'opérateur
    Soit il a ouvert l'écran «Sélectionner un opérateur existant»
    Quand il cherche les opérateurs du pays "Belgique (BE)"
    Et il clique sur le bouton «Demander une autorisation»
    Alors l'écran de recherche signale «Cochez d'abord la case de l'opérateur pour lequel vous travaillez.»

  @erreurs
  @req:ROLE-2
  Scénario: Le pays est obligatoire pour chercher un opérateur
    Soit il a ouvert l'écran «Sélectionner un opérateur existant»
    Quand il cherche "ABIAN" sans choisir de pays
    Alors le champ "Pays" signale "Veuillez choisir un pays."

  @req:OPER-1
  Scénario: «+ Créer un nouvel opérateur» n'est proposé qu'après une recherche
    Soit il a ouvert l'écran «Sélectionner un opérateur existant»
    Alors le bouton «+ Créer un nouvel opérateur» est désactivé
    Quand il cherche sa société, que TRACES NT ne connaît pas encore, parmi les opérateurs du pays "Belgique (BE)"
    Alors la recherche indique «0 opérateur trouvé»
    Et le bouton «+ Créer un nouvel opérateur» est proposé
