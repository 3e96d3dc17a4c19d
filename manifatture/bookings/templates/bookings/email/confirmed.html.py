BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
BBBB BBBB
BBBBB BBBBBBBBBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
BBBBB BBBB
XXX gettext(u'Gentile %(name)s,') SSSSSSS SSSSSSSSSXXXX
XXX gettext(u'la vostra prenotazione per «%(title)s» di %(organisation)s è confermata.') SS SSSSSS SSSSSSSSSSSS SSS SSSSSSSSSSS SS SSSSSSSSSSSSSSSS S SSSSSSSSSSSXXXX
XXXX
  XXXX gettext(u'Quando:')  FFFFFFF F F FFX FFFFFFFFFFXFFFFFFFFFFXXXXX
  XXXX gettext(u'Dove:')  BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBXXXXX
  BB BBBBBBBBBBBB BB BBBBBBBXXXX gettext(u'Gruppo:')  XXXXXBBBBB
  XXXX gettext(u'Persone:')  XXXXX
  XXXX gettext(u'Codice del biglietto:')  XXXXXXXXXXXXXXXXXXXXXX
XXXXX
XXX gettext(u"All'ingresso mostrate il codice QR allegato a questa e-mail, oppure dite il codice del biglietto. Il file .ics allegato aggiunge la visita al vostro calendario.") XXXX
BB BBBBBBBBBBBBBBBBBBBBBXXX gettext(u'Note di sicurezza:') XXXXFFFFFFFFFFFFXXXXBBBBB
XXXXX XXXXXXBBB BBBBBBBBBBBBBBBXX gettext(u"Le mie prenotazioni: annullate se non potete più venire, così il posto passa a chi è in lista d'attesa") XXXXXXXX
BBBBBBBB
