# language: fr
@activite @erreurs @controle @req:ACT-4
Fonctionnalité: Les règles d'ajout d'une activité
  Une activité n'est ajoutée qu'une fois, dans une section qui s'applique au pays de
  l'opérateur. Certaines sections demandent un numéro EORI ou un identifiant officiel ; celles
  des listes d'établissements agréés ne sont ajoutées que par l'autorité compétente. Chaque
  refus est signalé au champ concerné.

  Contexte:
    Soit un opérateur connecté à TRACES NT

  Scénario: La même activité ne s'ajoute pas deux fois
    Soit il a créé sa société en "Argentine (AR)" et l'autorité "ARSENASA01" a validé son rôle
    Et il a ajouté à sa société l'activité «Professional operators other than those referred to in Article 45(1)(I) IMSOC» de la section «EU professional operators other than EU registered professional operators (EUPO)»
    Et il a ouvert «+ Ajouter une activité» pour sa société
    Quand il sélectionne la section «EU professional operators other than EU registered professional operators (EUPO)»
    Et il renseigne l'activité «Professional operators other than those referred to in Article 45(1)(I) IMSOC»
    Et il clique sur «Enregistrer»
    Alors le champ "Type d'activité" signale "L'opérateur a déjà cette activité."
    Et la page ne présente aucune violation d'accessibilité

  Plan du scénario: L'ajout est refusé : <cas>
    Soit son rôle pour l'opérateur "<opérateur>" en "<pays>" a été validé par l'autorité "<autorité>"
    Et il a ouvert «+ Ajouter une activité» pour l'opérateur "<opérateur>"
    Quand il sélectionne la section «<section>»
    Et il renseigne l'activité «<activité>»
    Et il clique sur «Enregistrer»
    Alors le champ "<champ>" signale "<message>"

    Exemples:
      | cas                                   | opérateur          | pays           | autorité   | section                                                    | activité                           | champ       | message                                                                                                                             |
      | FLEGT ne s'applique pas à l'Argentine | PAT                | Argentine (AR) | ARSENASA01 | Importation de bois (FLEGT)                                | Importation de bois                | Section     | La section FLEGT ne s'applique pas aux opérateurs de ce pays : Argentine (AR).                                                      |
      | numéro EORI obligatoire               | PAT                | Argentine (AR) | ARSENASA01 | Importateur (IMPORTER)                                     | Importateur                        | Section     | Un numéro EORI est obligatoire pour la section IMPORTER.                                                                            |
      | QUA-CONF réservée à l'autorité        | ABIAN BALI EU SPRL | Belgique (BE)  | BEAFSCA04  | Quarantine stations and confinement facilities (QUA-CONF)  | Station de quarantaine             | Section     | OPER-029 : la section QUA-CONF est gérée par les listes d'établissements agréés ; seule l'autorité compétente peut l'ajouter.       |
      | EURPO sans identifiant                | ABIAN BALI EU SPRL | Belgique (BE)  | BEAFSCA04  | EU registered professional operators (EURPO)               | Opérateur professionnel enregistré | Identifiant | Cette activité demande un identifiant, par exemple le numéro d'enregistrement officiel.                                             |
