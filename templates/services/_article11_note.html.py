BBBB BBBB
XXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXX
  XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX gettext(u'Article 11: updates and delisting') XXXXXX
  XXXX XXXXXXXXXXXXXXXX XXXXXXX
    XX XXXXXXXXXXXXX gettext(u'Updating or delisting a service needs a filing with the provincial authority first.') XXXX
    XX XXXXXXXXXXXXX gettext(u'In an emergency the service may be delisted at once after an oral report to the provincial authority; the written filing follows within the set number of working days.') XXXX
    XX XXXXXXXXXXXXX gettext(u'Every delisting is announced to the public on the platform by the operator.') XXXX
  XXXXXX
XXXXXX
