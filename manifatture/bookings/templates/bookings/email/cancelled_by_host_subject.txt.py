BBBB BBBB gettext(u'Prenotazione annullata: %(title)s') SSSSSSSSSSSS SSSSSSSSSS SSSSSSSSS
