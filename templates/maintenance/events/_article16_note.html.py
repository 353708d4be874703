BBBB BBBB
XXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXX
  XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX gettext(u'Article 16: operation and maintenance') XXXXXX
  XXXX XXXXXXXXXXXXXXXX XXXXXXX
    XX XXXXXXXXXXXXX gettext(u"Major events and business-system upgrades that may affect the platform's stable operation are filed with the provincial authority in advance.") XXXX
    XX XXXXXXXXXXXXX gettext(u'A major fault is reported at once and announced on the platform.') XXXX
  XXXXXX
XXXXXX
