# language: fr
@inscription
Fonctionnalité: L'écran d'enregistrement EU Login : sa langue, et de l'aide
  Vous avez maintenant accès à l'écran d'enregistrement EU Login (vous pouvez choisir la langue
  souhaitée dans le coin supérieur droit). Si vous ne recevez pas le courrier électronique
  automatique, vous pouvez trouver de l'aide sur la page de contact d'EU Login.

  Contexte:
    Soit un nouvel opérateur
    Et il ouvre l'écran d'enregistrement EU Login

  @req:REG-2
  Scénario: La langue de l'écran se choisit dans le coin supérieur droit
    Quand il choisit la langue «English (en)» dans le coin supérieur droit
    Alors l'écran d'enregistrement EU Login s'affiche, avec le bouton «Create an account»
    Quand il choisit la langue «Français (fr)» dans le coin supérieur droit
    Alors l'écran d'enregistrement EU Login s'affiche, avec le bouton «Créer un compte»

  @req:REG-11
  Scénario: Le courrier électronique n'arrive pas : l'opérateur trouve de l'aide
    Quand il complète tous les champs du formulaire
    Et il clique sur le bouton «Créer un compte»
    Alors EU Login lui confirme l'envoi d'un courrier électronique à son adresse
    Quand il clique sur «Trouver de l'aide»
    Alors la page d'aide d'EU Login explique «Le courrier électronique pour définir votre mot de passe n'est pas arrivé»
