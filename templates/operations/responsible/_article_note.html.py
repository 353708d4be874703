BBBB BBBB
XXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXX
  XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX gettext(u'Article 12: responsible persons') XXXXXX
  XXXX XXXXXXXXXXXXXXXX XXXXXXX
    XX XXXXXXXXXXXXX gettext(u'Article 12: each org unit designates responsible persons for the operation of its services on the platform.') XXXX
    XX XXXXXXXXXXXXX gettext(u'Each org unit keeps one current person per duty: operations, maintenance, security, the 12345 hotline and data security. Mobile numbers are personal data: stored encrypted and shown masked.') XXXX
  XXXXXX
XXXXXX
