BBBB BBBBBBBBBBBBBB BBB gettext(u'Gentile %(name)s,') SSSSSSS SSSSSSSSS

 gettext(u'la vostra prenotazione per «%(title)s» di %(organisation)s è confermata.') SS SSSSSS SSSSSSSSSSSS SSS SSSSSSSSSSS SS SSSSSSSSSSSSSSSS S SSSSSSSSSSS

 gettext(u'Quando:')  FFFFFFF F F FFX FFFFFFFFFFXFFFFFFFFFF
 gettext(u'Dove:')  BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBB
BB BBBBBBBBBBBB BB BBBBBBB gettext(u'Gruppo:')  
BBBBB gettext(u'Persone:')  
 gettext(u'Codice del biglietto:')  

 gettext(u"All'ingresso mostrate il codice QR allegato a questa e-mail, oppure dite il codice del biglietto. Il file .ics allegato aggiunge la visita al vostro calendario.") 
BB BBBBBBBBBBBBBBBBBBBBB
 gettext(u'Note di sicurezza:') 

BBBBB
 gettext(u"Non potete più venire? Annullate la prenotazione, così il posto passa a chi è in lista d'attesa:")  BBB BBBBBBBBBBBBBBB

 gettext(u'Lo staff di Manifatture Aperte – Comune di Milano') 
BBBBBBBBBBBBB
