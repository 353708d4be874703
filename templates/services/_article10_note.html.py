BBBB BBBB
XXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXX
  XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX gettext(u'Article 10: unified standards') XXXXXX
  XXXX XXXXXXXXXXXXXXXX XXXXXXX
    XX XXXXXXXXXXXXX gettext(u"The provincial authority publishes the platform's technical management standard; one version is in force at a time.") XXXX
    XX XXXXXXXXXXXXX gettext(u'Each org unit files the list of services it will put on the platform in advance, so that every service that should be listed is listed.') XXXX
    XX XXXXXXXXXXXXX gettext(u'Before a service is listed it must pass a full-process self-test against the checklist of the standard in force.') XXXX
  XXXXXX
XXXXXX
