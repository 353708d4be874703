BBBB BBBB
XXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXX
  XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX gettext(u'Article 19: funding') XXXXXX
  XXXX XXXXXXXXXXXXXXXX XXXXXXX
    XX XXXXXXXXXXXXX gettext(u'Platform maintenance funding is included in the budget at each level, with an annual plan based on the actual maintenance needs.') XXXX
    XX XXXXXXXXXXXXX gettext(u'Each org unit keeps one plan per year: its items with planned and actual amounts. The head of the org unit signs it off.') XXXX
  XXXXXX
XXXXXX
