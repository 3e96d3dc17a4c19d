BBBB BBBBBBBBBBBBBB BBB gettext(u'Gentile %(name)s,') SSSSSSS SSSSSSSSS

 ngettext(u'si è liberato %(counter)s posto per «%(title)s», %(day)s alle %(start)s: lo teniamo per voi.', u'si sono liberati %(counter)s posti per «%(title)s», %(day)s alle %(start)s: li teniamo per voi.', count) SS S SSSSSSSS SSSSSSSSSSS SSSSS SSS SSSSSSSSSSSS SSSSSSS SSSS SSSSSSSSSS SS SSSSSSS SSS SSSSPP PPPP PPPPPPPP PPPPPPPPPPP PPPPP PPP PPPPPPPPPPPP PPPPPPP PPPP PPPPPPPPPP PP PPPPPPP PPP PPPP

 gettext(u"Accettate l'offerta entro %(day)s alle %(time)s; poi passerà alla persona successiva in lista d'attesa.") SSSSSSSSS SSSSSSSSS SSSSS SSSSSSS SSSS SSSSSSSSS SSS SSSSSSS SSSS SSSSSSS SSSSSSSSSS SS SSSSS SSSSSSSSS
BBB BBBBBBBBBBBBBBBBBBBBBBB BBBBBBBB

 gettext(u'Lo staff di Manifatture Aperte – Comune di Milano') 
BBBBBBBBBBBBB
