BBBB BBBB
XXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXX
  XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX gettext(u'Time limits of the measures') XXXXXX
  XXXX XXXXXXXXXXXXXXXX XXXXXXX
    XX XXXXXXXXXXXXX gettext(u'The measures are still a draft for comments: their time limits will change. Each limit is a policy parameter with dated versions, set by the provincial authority.') XXXX
    XX XXXXXXXXXXXXX gettext(u'A record keeps the value in force when its clock started: a new version applies to filings, rectifications, work orders and reports whose clock starts on or after its effective date, never to deadlines already running.') XXXX
    XX XXXXXXXXXXXXX gettext(u'A version takes effect today at the earliest (never retroactively), and every change is written to the security log.') XXXX
  XXXXXX
XXXXXX
