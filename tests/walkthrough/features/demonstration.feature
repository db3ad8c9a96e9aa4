# language: fr
Fonctionnalité: Démonstration du guide pas à pas
  Une fonctionnalité écrite pour les tests du générateur de guides : elle ouvre des écrans
  d'EU Login, remplit des champs, coche une case, clique, puis vérifie.

  Contexte:
    Soit une opératrice de démonstration au mot de passe "Demo-Secret-2026!"

  @guide
  Scénario: Compléter le formulaire d'enregistrement avec un code erroné
    Soit elle ouvre l'écran d'enregistrement EU Login
    Quand elle saisit son prénom et son nom
    Et elle saisit le code "FAUX42"
    Et elle coche la case de la déclaration de confidentialité
    Et elle clique sur «Créer un compte»
    Alors le code est signalé comme erroné
    Et EU Login n'envoie aucun courrier électronique

  @guide
  Scénario: Se connecter à EU Login
    Soit elle ouvre l'écran de connexion EU Login
    Quand elle saisit son adresse électronique et clique sur «Suivant»
    Et elle saisit le mot de passe "Demo-Secret-2026!" et se connecte
    Alors EU Login lui confirme qu'elle est connectée

  # Not in the guide: chosen with --tags "not guide" to check how a failure is told.
  Scénario: Une vérification qui échoue
    Soit elle ouvre l'écran de connexion EU Login
    Alors l'écran affiche «Ce texte n'existe pas»
