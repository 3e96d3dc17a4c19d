BBBB BBBB gettext(u'Prenotazione confermata: %(title)s') SSSSSSSSSSSS SSSSSSSSSSS SSSSSSSSS
