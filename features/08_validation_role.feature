# language: fr
@validation @controle
Fonctionnalité: L'autorité valide la demande d'autorisation
  Votre autorité nationale ou l'administrateur de votre organisation sera chargé de valider votre
  rôle : l'autorité compétente du pays de l'opérateur trouve la demande dans «Demandes
  d'autorisation» et la valide. Le rôle devient alors «Valide» sur le profil de l'utilisateur,
  qui en est averti par courrier électronique. L'autorité peut aussi suspendre un rôle, puis le
  réactiver.

  Contexte:
    Soit un opérateur connecté à TRACES NT
    Et il a demandé une autorisation pour l'opérateur "ABIAN BALI EU SPRL" en "Belgique (BE)"

  @guide
  @req:AUTH-3 @req:AUTH-4
  Scénario: L'autorité belge valide la demande et l'opérateur en est averti
    Quand l'autorité "BEAFSCA04" se connecte à TRACES NT
    Et elle ouvre «Demandes d'autorisation»
    Alors elle voit sa demande pour "ABIAN BALI EU SPRL" au statut «Demandé»
    Quand elle valide sa demande pour "ABIAN BALI EU SPRL"
    Alors elle voit sa demande pour "ABIAN BALI EU SPRL" au statut «Valide»
    Quand il ouvre son profil
    Alors son rôle Opérateur pour "ABIAN BALI EU SPRL" est «Valide»
    Et le statut du rôle indique «1 Valide»
    Et le statut du rôle indique «0 Demandé»
    Quand il ouvre le courrier électronique reçu
    Alors le courrier "TRACES NT : votre rôle est maintenant Valide" vient de "automated-notifications@nomail.ec.europa.eu"

  @req:AUTH-5
  Scénario: Seule l'autorité du pays de l'opérateur reçoit la demande
    Quand l'autorité "ARSENASA01" se connecte à TRACES NT
    Et elle ouvre «Demandes d'autorisation»
    Alors elle ne voit pas sa demande pour "ABIAN BALI EU SPRL"

  @lent
  @req:AUTH-6
  Scénario: L'autorité suspend puis réactive le rôle
    Soit l'autorité "BEAFSCA04" a validé sa demande pour "ABIAN BALI EU SPRL"
    Quand elle suspend son rôle pour "ABIAN BALI EU SPRL"
    Alors elle voit sa demande pour "ABIAN BALI EU SPRL" au statut «Suspendu»
    Quand il ouvre son profil
    Alors son rôle Opérateur pour "ABIAN BALI EU SPRL" est «Suspendu»
    Et le statut du rôle indique «1 Suspendu»
    Et le statut du rôle indique «0 Valide»
    Quand il ouvre le courrier électronique reçu
    Alors le courrier "TRACES NT : votre rôle est maintenant Suspendu" vient de "automated-notifications@nomail.ec.europa.eu"
    Quand elle réactive son rôle pour "ABIAN BALI EU SPRL"
    Alors elle voit sa demande pour "ABIAN BALI EU SPRL" au statut «Valide»
    Quand il ouvre son profil
    Alors son rôle Opérateur pour "ABIAN BALI EU SPRL" est «Valide»
    Et le statut du rôle indique «0 Suspendu»
    Et le statut du rôle indique «1 Valide»
