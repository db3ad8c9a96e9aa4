# language: fr
@activite @controle
Fonctionnalité: Créer une activité
  Retrouver l'opérateur. Cliquer sur «Ajouter une activité». Renseigner la section : dans le
  menu déroulant chercher la section «Santé végétale» et sélectionner «EU professional operators
  other than EU registered professional operators (EUPO)». Renseigner l'activité «Professional
  operators other than those referred to in Article 45(1)(I) IMSOC». L'activité ajoutée reste au
  statut «Nouveau» jusqu'à sa validation par l'autorité compétente du pays de l'opérateur.

  Contexte:
    Soit un opérateur connecté à TRACES NT
    Et il a créé sa société en "Argentine (AR)" et l'autorité "ARSENASA01" a validé son rôle

  @guide
  @req:ACT-1 @req:ACT-2
  Scénario: L'opérateur ajoute à sa société l'activité de santé végétale
    Quand il ouvre son profil
    Et il clique sur sa société
    Alors la page de sa société montre les panneaux «Operator Details», «Activités d'opérateur» et «Utilisateurs»
    Et le panneau «Operator Details» indique les coordonnées de sa société
    Et le panneau «Operator Details» indique le pays «Argentine (AR)»
    Quand il clique sur «+ Ajouter une activité»
    Et il cherche la section «Santé végétale» et sélectionne «EU professional operators other than EU registered professional operators (EUPO)»
    Et il renseigne l'activité «Professional operators other than those referred to in Article 45(1)(I) IMSOC»
    Et il clique sur «Enregistrer»
    Alors la page de l'opérateur confirme «L'activité a été ajoutée. Elle reste au statut Nouveau jusqu'à sa validation par une autorité.»
    Et l'activité «EU professional operators other than EU registered professional operators (EUPO)» est listée au statut «Nouveau»

  @validation @lent
  @req:ACT-3
  Scénario: L'autorité argentine valide l'activité depuis «Activités à valider»
    Soit il a ajouté à sa société l'activité «Professional operators other than those referred to in Article 45(1)(I) IMSOC» de la section «EU professional operators other than EU registered professional operators (EUPO)»
    Quand l'autorité "ARSENASA01" se connecte à TRACES NT
    Et elle ouvre «Activités à valider»
    Alors elle voit l'activité «EU professional operators other than EU registered professional operators (EUPO)» de sa société au statut «Nouveau»
    Quand elle valide l'activité «EU professional operators other than EU registered professional operators (EUPO)» de sa société
    Alors elle voit l'activité «EU professional operators other than EU registered professional operators (EUPO)» de sa société au statut «Valide»
    Quand il ouvre son profil
    Et il clique sur sa société
    Alors l'activité «EU professional operators other than EU registered professional operators (EUPO)» est listée au statut «Valide»
