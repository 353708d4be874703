BBBBBBB BBBBBBBBBBB
BBBB BBBB
BBBBB BBBBB gettext(u'New standalone app exception request') BBBBBBBB
BBBBB BBBBBBBBBBBB BBBBBB gettext(u'Revise exception request %(reference)s') SSSSSS SSSSSSSSS SSSSSSS SSSSSSSSSSSSSBBBB gettext(u'New standalone app exception request') BBBBBBBBBBBBB
BBBBB BBBBBBBBBBBBBBBBBB
XXXX XXXXXXXXXXXXXXXXXXXXX gettext(u'Saved as a draft filing; submit it to the provincial authority from the filing page.') XXXXXX
BBBBBBBB
BBBBB BBBBBBB
XXXX XXXXXXXXXX XXXXX
  XXXX XXXXXXXXXXXXXXXXX
    XXXX XXXXXXXXXXXX XXXXXXXXXX XXXXXX XXXXX XXXXXXXXXXXXXXXXXX XXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXX
      XX XXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXX XXXXXXXXXXXXXXXXXXXXXXX
      XXXXX
        XXXX XXXXXXXXXXXXXXXXXXXX gettext(u'In principle no new standalone government-service app is built (Article 5).') XXXXXX
         gettext(u'Services go onto the Ganfutong platform. A new standalone app is approved by the provincial authority only as an exception, and the reason for its decision is recorded. Explain why the platform cannot serve this need.') 
      XXXXXX
    XXXXXX
    XXXX XXXXXXXXXXX XXXXXX
      XXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXX XXXXXXXXXX XXXXXXXXXXXXXXXXXXX XXXXXXXXXX XXXXXXXXXX
        BBBBBBBBBB
        BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBB
        XXXX XXXXXXXXXXXXXXXXXXXXXXXXX
          XXXXXXX XXXXXXXXXXXXX XXXXXXXXXX XXXXXXXXXXX XXXXXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX  gettext(u'Save as draft') XXXXXXXXX
          XX XXXXXXBB BBBBBBBBB BBBBBBBBBBBBBBBBBBBBBBBB BBBBBBBBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBBBBBBBBBBBBBBX XXXXXXXXXX XXXXXXXXXXXXXXXXXXXXX XXXXXXXX gettext(u'Cancel') XXXX
        XXXXXX
      XXXXXXX
    XXXXXX
  XXXXXX
  XXXX XXXXXXXXXXXXXXXXX
    BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
    XXXX XXXXXXXXXXX XXXXXX
      XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX gettext(u'What happens next') XXXXXX
      XXX XXXXXXXXXXXXXXXX XXXXX XXXX XXXXXX
        XXXX gettext(u'Save the request: it becomes a draft filing of your org unit.') XXXXX
        XXXX gettext(u'Submit it from the filing page; the provincial authority reviews it within 10 working days.') XXXXX
        XXXX gettext(u'The provincial authority approves it as an exception with a recorded reason, returns it for revision, or rejects it.') XXXXX
      XXXXX
    XXXXXX
  XXXXXX
XXXXXX
BBBBBBBB
