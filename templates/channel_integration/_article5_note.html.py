BBBB BBBB
XXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXX
  XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX gettext(u'Article 5: channel integration') XXXXXX
  XXXX XXXXXXXXXXXXXXXX XXXXXXX
    XX XXXXXXXXXXXXX gettext(u'In principle no new standalone government-service app is built. Existing standalone apps and mini-programs migrate their services to the Ganfutong platform and are then retired.') XXXX
    XX XXXXXXXXXXXXX gettext(u'A new standalone app is only possible as an exception approved by the provincial authority, and the reason for the decision is kept on record.') XXXX
  XXXXXX
XXXXXX
