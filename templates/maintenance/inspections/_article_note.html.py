BBBB BBBB
XXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX
  XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX gettext(u'Articles 16 and 17: inspections') XXXXXX
  XXXX XXXXXXXXXXXXXXXX XXXXXXX
    XX XXXXXXXXXXXXX gettext(u'Article 16: the provincial authority strengthens platform inspections and urges every org unit to rectify the problems found.') XXXX
    XX XXXXXXXXXXXXX gettext(u'Article 17: each org unit names a responsible person and runs daily inspections of its services on the platform, watching anomalies and complaints and rectifying quickly.') XXXX
    XX XXXXXXXXXXXXX gettext(u'Completing an inspection opens a rectification for every problem found; the inspected org unit answers it and the provincial authority accepts or reopens it.') XXXX
  XXXXXX
XXXXXX
