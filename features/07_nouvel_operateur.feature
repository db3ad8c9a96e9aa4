# language: fr
@role @nouvel_operateur @controle
Fonctionnalité: Créer un nouvel opérateur
  Si vous êtes certain de ne pas trouver l'opérateur pour lequel vous travaillez, vous avez la
  possibilité de créer ce dernier en cliquant sur le bouton «Créer un nouvel opérateur».
  Complétez alors toutes les informations pour lesquelles un astérisque rouge (*) est présent à
  côté du champ (à la place du numéro de téléphone vous pouvez choisir un numéro de fax, un mail,
  ou un site internet). Merci de renseigner votre numéro EORI afin d'éviter les doublons.
  Automatiquement la demande de création de cet opérateur ainsi que votre rattachement à celui-ci
  seront enregistrés dans le système.

  Contexte:
    Soit un opérateur connecté à TRACES NT
    Et il a cherché sa société parmi les opérateurs du pays "Belgique (BE)"

  @guide
  @req:OPER-5 @req:OPER-6
  Scénario: L'opérateur crée sa société, pour des certificats phytosanitaires
    Quand il clique sur «+ Créer un nouvel opérateur»
    Alors l'écran «Créer un nouvel opérateur» s'affiche
    Quand il complète les informations marquées d'un astérisque rouge, et le numéro EORI, avec celles de sa société :
      | Nom                   |
      | Région administrative |
      | Ville                 |
      | Code postal           |
      | Adresse               |
      | Téléphone             |
      | Numéro EORI           |
    Et il cherche la section «Santé végétale» et sélectionne «EU professional operators other than EU registered professional operators (EUPO)»
    Et il renseigne l'activité «Professional operators other than those referred to in Article 45(1)(I) IMSOC»
    Et il clique sur le bouton «Créer un nouvel opérateur»
    Alors son profil confirme que sa société a été créée et que sa demande d'autorisation a été soumise
    Et son rôle Opérateur pour le nouvel opérateur est «Demandé»
    Et le statut du rôle indique «1 Demandé»

  @req:OPER-2
  Scénario: Les champs obligatoires portent un astérisque rouge
    Quand il clique sur «+ Créer un nouvel opérateur»
    Alors les champs marqués d'un astérisque rouge sont :
      | Nom                   |
      | Pays                  |
      | Région administrative |
      | Ville                 |
      | Code postal           |
      | Adresse               |
      | Téléphone             |
      | Section               |
      | Type d'activité       |
    Et les champs sans astérisque sont :
      | Fax           |
      | Courriel      |
      | Site internet |
      | Numéro EORI   |
      | Latitude      |
      | Longitude     |

  @req:OPER-3
  Scénario: À la place du numéro de téléphone, un courriel suffit
    Quand il clique sur «+ Créer un nouvel opérateur»
    Et il complète toutes les informations obligatoires du nouvel opérateur
    Mais il efface le champ "Téléphone"
    Et il saisit "contact@example.com" dans le champ "Courriel"
    Et il clique sur le bouton «Créer un nouvel opérateur»
    Alors son rôle Opérateur pour le nouvel opérateur est «Demandé»
    Et le statut du rôle indique «1 Demandé»

  @erreurs
  @req:OPER-2 @req:OPER-3 @req:OPER-4 @req:OPER-5
  Plan du scénario: Le formulaire signale l'erreur au champ concerné : <cas>
    Quand il clique sur «+ Créer un nouvel opérateur»
    Et il complète toutes les informations obligatoires du nouvel opérateur
    Mais <saisie>
    Et il clique sur le bouton «Créer un nouvel opérateur»
    Alors le champ "<champ>" signale "<message>"

    Exemples:
      | cas                           | saisie                                                                           | champ                 | message                                                                                             |
      | nom manquant                  | il efface le champ "Nom"                                                         | Nom                   | Veuillez saisir le nom.                                                                             |
      | région manquante              | il efface le champ "Région administrative"                                       | Région administrative | Veuillez saisir la région administrative.                                                           |
      | ville manquante               | il efface le champ "Ville"                                                       | Ville                 | Veuillez saisir la ville.                                                                           |
      | code postal manquant          | il efface le champ "Code postal"                                                 | Code postal           | Veuillez saisir le code postal.                                                                     |
      | adresse manquante             | il efface le champ "Adresse"                                                     | Adresse               | Veuillez saisir l'adresse.                                                                          |
      | aucun moyen de contact        | il efface le champ "Téléphone"                                                   | Téléphone             | Indiquez au moins un moyen de contacter l'opérateur : téléphone, fax, courriel ou site internet.   |
      | numéro EORI mal formé         | il saisit "123-ABC" dans le champ "Numéro EORI"                                  | Numéro EORI           | Un numéro EORI est un code pays suivi de 15 lettres ou chiffres au plus, par exemple BE0479168518. |
      | numéro EORI déjà enregistré   | il saisit "BE0479168518" dans le champ "Numéro EORI"                             | Numéro EORI           | Un opérateur avec ce numéro EORI existe déjà : ABIAN BALI EU SPRL.                                  |
      | section d'un autre pays       | il sélectionne la section «Opérateurs professionnels de pays tiers (TCPO)»       | Section               | La section TCPO ne s'applique pas aux opérateurs de ce pays : Belgique (BE).                        |
