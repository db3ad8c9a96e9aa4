# language: fr
@activite
Fonctionnalité: Créer une activité
  Retrouver l'opérateur. Cliquer sur «Ajouter une activité». Renseigner la section : dans le
  menu déroulant chercher la section «Santé végétale» et sélectionner «EU professional operators
  other than EU registered professional operators (EUPO)». Renseigner l'activité «Professional
  operators other than those referred to in Article 45(1)(I) IMSOC». L'activité ajoutée reste au
  statut «Nouveau» jusqu'à sa validation par l'autorité compétente du pays de l'opérateur.

  Contexte:
    Soit un opérateur connecté à TRACES NT
    Et son rôle pour l'opérateur "PAT" en "Argentine (AR)" a été validé par l'autorité "ARSENASA01"

  @guide
  Scénario: L'opérateur ajoute à PAT l'activité de santé végétale
    Quand il ouvre son profil
    Et il clique sur l'opérateur "PAT"
    Alors la page de l'opérateur "PAT" montre les panneaux «Operator Details», «Activités d'opérateur» et «Utilisateurs»
    Et le panneau «Operator Details» indique :
      | Nom                   | PAT                 |
      | Région administrative | Buenos Aires        |
      | Ville                 | Buenos Aires        |
      | Adresse               | 36 CALLE CORRIENTES |
      | Téléphone             | 25694563215         |
    Et le panneau «Operator Details» indique le pays «Argentine (AR)»
    Et le panneau «Activités d'opérateur» indique «Pas d'activités d'opérateur.»
    Quand il clique sur «+ Ajouter une activité»
    Et il cherche la section «Santé végétale» et sélectionne «EU professional operators other than EU registered professional operators (EUPO)»
    Et il renseigne l'activité «Professional operators other than those referred to in Article 45(1)(I) IMSOC»
    Et il clique sur «Enregistrer»
    Alors la page de l'opérateur confirme «L'activité a été ajoutée. Elle reste au statut Nouveau jusqu'à sa validation par une autorité.»
    Et l'activité «EU professional operators other than EU registered professional operators (EUPO)» est listée au statut «Nouveau»

  @validation @lent
  Scénario: L'autorité argentine valide l'activité depuis «Activités à valider»
    Soit il a ajouté à "PAT" l'activité «Professional operators other than those referred to in Article 45(1)(I) IMSOC» de la section «EU professional operators other than EU registered professional operators (EUPO)»
    Quand l'autorité "ARSENASA01" se connecte à TRACES NT
    Et elle ouvre «Activités à valider»
    Alors elle voit l'activité «EU professional operators other than EU registered professional operators (EUPO)» de "PAT" au statut «Nouveau»
    Quand elle valide l'activité «EU professional operators other than EU registered professional operators (EUPO)» de "PAT"
    Alors elle voit l'activité «EU professional operators other than EU registered professional operators (EUPO)» de "PAT" au statut «Valide»
    Quand il ouvre son profil
    Et il clique sur l'opérateur "PAT"
    Alors l'activité «EU professional operators other than EU registered professional operators (EUPO)» est listée au statut «Valide»
