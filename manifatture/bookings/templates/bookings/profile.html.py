BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'Profilo del visitatore') BBBBBBBB
BBBBB BBBBBBBBBBBBBB BBBBBBBBBBBBBBB BB BBBBBBBBBB gettext(u'Le mie prenotazioni')  gettext(u'Profilo del visitatore') BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB BBBBBBBBBBBBBBBBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBB BBBBBBBBBBBBBBBBBBBBBBB
BBBBB BBBBBBB
XXXX XXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXX
XXXX gettext(u'Profilo del visitatore') XXXXX
XX XXXXXXXXXXXXX gettext(u'Due informazioni facoltative che ci aiutano a capire da dove vengono i visitatori di Manifatture Aperte. Non servono per prenotare e non cambiano nulla delle vostre prenotazioni.') XXXX
XXX gettext(u'Prenotate come %(name)s (%(email)s).') SSSSSSSSS SSSS SSSSSSSS SSSSSSSSSSSSXXXX

XXXXX XXXXXXXXXXXXX XXXXXXXXBBB BBBBBBBBBBBBBBBBBBX XXXXXXXXXX XXXXXXXXXXXXX
  BBBBBBBBBB
  BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB BBBBBBBBB
  BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBB BBBB BBBBBBBBBBBBBBBBBBBB
  BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBB BBBB BBBBBBBBBBBBBBBBBBB
  BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBB BBBB BBBBBBBBBBBBBBBBBB
  BB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBXX XXXXXXXXXXXXXX gettext(u'Consenso dato il %(when)s.') SSSSSSSS SSSS SS SSSSSSSSSXXXXBBBBB
  XXXXXXX XXXXXXXXXXXXX XXXXXXXXXX XXXXXXXXXXXXX gettext(u'Salva') XXXXXXXXX
XXXXXXX

BB BBBBBBB
XXXXX XXXXXXXXXXXXX XXXXXXXXBBB BBBBBBBBBBBBBBBBBBBBBBBBX XXXXXXXXXXXXX
  BBBBBBBBBB
  XXXXXXX XXXXXXXXXXXXX XXXXXXXXXX XXXXXXXXXXXXXXXXXXXX gettext(u'Cancella questi dati e il consenso') XXXXXXXXX
XXXXXXX
BBBBB

XXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
  XXX XXXXXXXXXX XXXXXXXXXXXXXXXXXXXXX gettext(u'Come usiamo questi dati') XXXXX
  XXXX
    XXXX gettext(u"Titolare del trattamento è il Comune di Milano, che organizza Manifatture Aperte nell'ambito del programma Manifattura Milano.") XXXXX
    XXXX gettext(u"Il comune di residenza e la fascia d'età servono solo a statistiche anonime e aggregate (ad esempio: quanti visitatori vengono da ciascun Municipio o comune, di che età), per programmare le prossime edizioni. Non sono mai mostrati agli host, non sono ceduti a nessuno e non servono a mandarvi pubblicità.") XXXXX
    XXXX gettext(u'Darli è facoltativo: senza il vostro consenso non li conserviamo. Il consenso è registrato con data e ora.') XXXXX
    XXXX gettext(u"Potete cambiarli o cancellarli in ogni momento da questa pagina; cancellandoli ritirate anche il consenso. Restano finché non li cancellate o non chiudete l'account.") XXXXX
    XXXX gettext(u"Per il resto dei dati dell'account vale l'informativa sulla privacy della piattaforma.")  XX XXXXXXBBB BBBBBBBBBBBBBBBBBBXX gettext(u"Leggete l'informativa sulla privacy") XXXXXXXXX
  XXXXX
XXXXXXXXXX
XXXXXXXXXXXX
BBBBBBBB
