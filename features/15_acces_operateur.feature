# language: fr
@activite @acces @req:ACT-5
Fonctionnalité: Qui peut consulter et modifier la page d'un opérateur
  Seuls les utilisateurs dont le rôle pour l'opérateur est valide modifient sa page et lui
  ajoutent des activités. Tant que la demande attend sa validation, la page se consulte sans se
  modifier ; sans aucun rôle pour l'opérateur, elle est interdite.

  Contexte:
    Soit un opérateur connecté à TRACES NT

  @controle
  Scénario: Avec une demande en attente, la page de l'opérateur se consulte sans se modifier
    Soit il a demandé une autorisation pour l'opérateur "PAT" en "Argentine (AR)"
    Quand il ouvre son profil
    Et il clique sur l'opérateur "PAT"
    Alors la page de l'opérateur signale «Votre rôle pour cet opérateur n'est pas encore valide : vous pouvez consulter cette page mais pas la modifier.»
    Et le panneau «Operator Details» indique :
      | Nom                   | PAT                 |
      | Région administrative | Buenos Aires        |
      | Ville                 | Buenos Aires        |
      | Adresse               | 36 CALLE CORRIENTES |
      | Téléphone             | 25694563215         |
    Et le panneau «Operator Details» indique le pays «Argentine (AR)»
    Mais le bouton «+ Ajouter une activité» n'est pas proposé
    Et le champ "Nom" de «Operator Details» n'est pas modifiable

  Scénario: Sans rôle pour l'opérateur, sa page est interdite
    Soit l'autorité "ARSENASA01" lui a transmis l'adresse de la page de l'opérateur "PAT" en "Argentine (AR)"
    Quand il ouvre cette adresse
    Alors TRACES NT affiche «Erreur 403» : «Vous n'avez aucun rôle pour cet opérateur.»
