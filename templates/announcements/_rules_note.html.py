BBBB BBBB
XXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXX
  XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX gettext(u'Why announcements are published') XXXXXX
  XXXX XXXXXXXXXXXXXXXX XXXXXXX
    XX XXXXXXXXXXXXX gettext(u'Article 11: when a service is delisted, including an emergency delisting reported orally first, the platform publishes an announcement. Every delisting filing opens a draft here for the operator.') XXXX
    XX XXXXXXXXXXXXX gettext(u'Article 16: a major fault is reported at once and announced on the platform; planned maintenance that affects users is announced in advance.') XXXX
    XX XXXXXXXXXXXXX gettext(u'A published announcement with a future publication time is scheduled: it appears in the public feed at that time by itself and leaves it at the expiry time.') XXXX
  XXXXXX
XXXXXX
