# language: fr
@connexion
Fonctionnalité: Un scénario qui échoue exprès, pour vérifier ce que les rapports en disent
  Le test des rapports (tests/test_reports.py) le lance avec d'autres ; aucune autre
  exécution ne le collecte.

  Scénario: L'environnement attendu n'est pas celui qui est affiché
    Soit un opérateur titulaire d'un compte EU Login
    Et il est connecté à TRACES NT en "Production"
    Alors l'environnement "Formation" est affiché en haut à droite
    Quand il clique sur «Déconnexion» dans le coin supérieur droit
