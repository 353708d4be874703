BBBB BBBB
XXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXX
  XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX gettext(u'Article 15: third-party partners') XXXXXX
  XXXX XXXXXXXXXXXXXXXX XXXXXXX
    XX XXXXXXXXXXXXX gettext(u'Article 15: a third-party partner applies in writing before offering services on the platform.') XXXX
    XX XXXXXXXXXXXXX gettext(u"A partner whose services affect the platform's normal operation or cause a major public opinion incident is forced to exit: its services are delisted, its open filings withdrawn and its accounts disabled, at once.") XXXX
  XXXXXX
XXXXXX
