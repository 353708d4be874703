BBBB BBBB
XXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXX
  XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX gettext(u'Article 13: promotion') XXXXXX
  XXXX XXXXXXXXXXXXXXXX XXXXXXX
    XX XXXXXXXXXXXXX gettext(u"Article 13: org units draw up promotion plans and promote the platform online and offline, including by reposting the platform's content.") XXXX
    XX XXXXXXXXXXXXX gettext(u'Record each activity once it has taken place, with its reach (views, participants, new registrations) and evidence files.') XXXX
  XXXXXX
XXXXXX
