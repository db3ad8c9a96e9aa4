# language: fr
@inscription @erreurs @controle
Fonctionnalité: Compléter tous les champs du formulaire d'enregistrement EU Login
  Chaque erreur de saisie est signalée au champ concerné ; aucun compte n'est créé et aucun
  courrier électronique n'est envoyé tant que le formulaire n'est pas correct.

  Contexte:
    Soit un compte EU Login existe déjà pour l'adresse "deja.inscrit@example.org"
    Et un nouvel opérateur
    Et il ouvre l'écran d'enregistrement EU Login

  @req:REG-3 @req:REG-4 @req:REG-5 @req:REG-6
  Plan du scénario: Le formulaire signale l'erreur au champ concerné : <cas>
    Quand il complète tous les champs du formulaire
    Mais <saisie>
    Et il clique sur le bouton «Créer un compte»
    Alors le champ "<champ>" signale "<message>"
    Et aucun courrier électronique n'est envoyé
    Et la page ne présente aucune violation d'accessibilité

    Exemples:
      | cas                                  | saisie                                                       | champ                                                                                          | message                                                                             |
      | prénom vide                          | il laisse le prénom vide                                     | Prénom                                                                                         | Veuillez saisir votre prénom.                                                       |
      | nom d'entreprise                     | il saisit "Dupont & Fils" comme nom                          | Nom                                                                                            | Le nom ne peut contenir que des lettres.                                            |
      | adresse mal formée                   | il saisit l'adresse "jean.dupont@"                           | Courrier électronique                                                                          | Cette adresse électronique n'est pas valide.                                        |
      | confirmation différente              | il confirme l'adresse "autre.adresse@example.org"            | Confirmer le courrier électronique                                                             | Les deux adresses électroniques ne sont pas identiques.                             |
      | adresse déjà enregistrée             | il saisit l'adresse "deja.inscrit@example.org"               | Courrier électronique                                                                          | Un compte existe déjà pour cette adresse électronique.                              |
      | adresse d'une institution européenne | il saisit l'adresse "jean.dupont@ec.europa.eu"               | Courrier électronique                                                                          | Les adresses des institutions européennes ne peuvent pas être utilisées pour un compte externe. |
      | code erroné                          | il saisit le code "FAUX42"                                   | Saisissez le code                                                                              | Le code saisi est incorrect. Essayez le nouveau code.                               |
      | déclaration non acceptée             | il ne coche pas la case de la déclaration de confidentialité | En cochant cette case, vous reconnaissez avoir lu et compris la déclaration de confidentialité | Vous devez accepter la déclaration de confidentialité.                              |
