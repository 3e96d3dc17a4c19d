BBBB BBBB gettext(u'Si sono liberati dei posti: %(title)s') SS SSSS SSSSSSSS SSS SSSSSS SSSSSSSSS
