BBBB BBBB
XXXX XXXXXXXXXXX XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXX
  XXXX XXXXXXXXXXXXXXXXXXXXXX XXXXXXXXX XXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX gettext(u'Article 17: daily inspection and monitoring') XXXXXX
  XXXX XXXXXXXXXXXXXXXX XXXXXXX
    XX XXXXXXXXXXXXX gettext(u'Each org unit names the people responsible for operation and maintenance, inspects daily, monitors how its services run on the platform, watches anomalies and complaints in real time, responds quickly and rectifies in time.') XXXX
    XX XXXXXXXXXXXXX gettext(u'The entry URL of every listed service is probed every %(minutes)s minutes. After %(threshold)s failed checks in a row an anomaly opens and the owner org unit and the operator are notified; the next successful check resolves it.') SSS SSSSS SSS SS SSSSS SSSSSS SSSSSSS SS SSSSSS SSSSS SSSSSSSSSSS SSSSSSSS SSSSS SSSSSSSSSSSSS SSSSSS SSSSSS SS S SSS SS SSSSSSS SSSSS SSS SSS SSSSS SSS SSSS SSS SSS SSSSSSSS SSS SSSSSSSSS SSS SSSS SSSSSSSSSS SSSSS SSSSSSSS SSSXXXX
    XX XXXXXXXXXXXXX gettext(u'Uptime counts the checks that succeeded (HTTP 2xx or 3xx after redirects, within the time limit).') XXXX
  XXXXXX
XXXXXX
