BBBB BBBB
XXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXX
  XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX gettext(u'Article 18: complaint handling') XXXXXX
  XXXX XXXXXXXXXXXXXXXX XXXXXXX
    XX XXXXXXXXXXXXX gettext(u'Consultations, complaints, bad reviews of handled cases and suggestions go through the 12345 hotline in a closed loop: dispatched to the responsible org unit, handled within the time limit, answered, and called back.') XXXX
    XX XXXXXXXXXXXXX gettext(u'Lights: yellow when less than one working day is left, red when the deadline has passed.') XXXX
    XX XXXXXXXXXXXXX gettext(u"Article 21: citizens' names, phone numbers and ID numbers are encrypted and shown masked; unmasking needs a permission and is logged.") XXXX
  XXXXXX
XXXXXX
