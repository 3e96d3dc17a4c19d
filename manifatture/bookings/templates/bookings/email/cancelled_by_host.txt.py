BBBB BBBBBBBBBBBBBB BBB gettext(u'Gentile %(name)s,') SSSSSSS SSSSSSSSS

 gettext(u"ci dispiace: la vostra prenotazione per «%(title)s» di %(organisation)s, %(day)s alle %(start)s, è stata annullata dall'organizzazione.") SS SSSSSSSSS SS SSSSSS SSSSSSSSSSSS SSS SSSSSSSSSSS SS SSSSSSSSSSSSSSSSS SSSSSSS SSSS SSSSSSSSSS S SSSSS SSSSSSSSS SSSSSSSSSSSSSSSSSSSS
BB BBBBBB
 gettext(u'Motivo:')  
BBBBB
 gettext(u'Il biglietto non è più valido. Nel programma trovate altre visite da prenotare:')  BBB BBBBBBBBBBBBBBBBBBBBBB

 gettext(u'Lo staff di Manifatture Aperte – Comune di Milano') 
BBBBBBBBBBBBB
