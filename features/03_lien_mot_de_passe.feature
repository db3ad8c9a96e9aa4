# language: fr
@inscription @lien
Fonctionnalité: Définir son mot de passe avec le lien reçu par courrier électronique
  Une fois la requête envoyée, vous recevrez automatiquement un courrier électronique afin de
  définir votre mot de passe. Vous avez 90 minutes pour cliquer sur le lien (ce dernier
  expirera au-delà de ce délai).

  Contexte:
    Soit un nouvel opérateur
    Et il a créé son compte EU Login

  @controle
  @req:REG-8
  Scénario: Le lien est encore valable après 89 minutes
    Soit 89 minutes se sont écoulées depuis l'envoi du courrier électronique
    Quand il clique sur le lien du dernier courrier électronique reçu
    Et il définit son mot de passe
    Alors EU Login confirme que son mot de passe est défini

  @controle
  @req:REG-8
  Scénario: Au-delà de 90 minutes le lien a expiré, et un nouveau lien fonctionne
    Soit 91 minutes se sont écoulées depuis l'envoi du courrier électronique
    Quand il clique sur le lien du dernier courrier électronique reçu
    Alors EU Login indique "Ce lien a expiré : il était valable 90 minutes après son envoi."
    Et EU Login lui propose un nouveau lien
    Quand il demande un nouveau lien
    Alors EU Login lui confirme l'envoi d'un nouveau lien à son adresse
    Quand il clique sur le lien du dernier courrier électronique reçu
    Et il définit son mot de passe
    Alors EU Login confirme que son mot de passe est défini

  @req:REG-9
  Scénario: Le lien ne sert qu'une seule fois
    Soit il a défini son mot de passe avec le lien du courrier électronique
    Quand il clique sur le lien du dernier courrier électronique reçu
    Alors EU Login indique "Ce lien a déjà été utilisé : un lien ne définit le mot de passe qu'une seule fois."

  @erreurs
  @req:REG-10
  Scénario: Le mot de passe compte au moins 10 caractères : 9 sont refusés, 10 acceptés
    Quand il clique sur le lien du dernier courrier électronique reçu
    Et il définit le mot de passe "Court!202"
    Alors le champ "Nouveau mot de passe" signale "Le mot de passe doit comporter au moins 10 caractères."
    Quand il définit le mot de passe "Court!2024"
    Alors EU Login confirme que son mot de passe est défini
