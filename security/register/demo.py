"""Demo entries of the data-security register: complete ones for most services (among them the two whose
listing filings the services demo submits), an incomplete one for a listed service and a listed service with no
entry at all (both breach the supervision rule), and an incomplete one for a planned service."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import stored
from services import selectors as service_selectors

from .models import DataSecurityRegister

ID_AND_PHONE = ["name", "id_number", "phone"]
CONSENT = "首次使用时弹出个人信息授权页，用户勾选同意后方可办理；授权记录留存备查。"
COMPLETE = {"masking_on_display": True, "masking_note": "姓名保留姓氏，身份证号保留前3后4位，手机号保留前3后4位",
            "encrypted_in_transit": True, "encrypted_at_rest": True, "consent_method": CONSENT,
            "retention_months": 36, "no_classified_data": True}

# service code, personal data, fields (over COMPLETE)
ENTRIES = [
    ("360102-SB-0001", ID_AND_PHONE + ["financial"], {"sharing_recipients": "省人力资源和社会保障厅（参保核验）"}),
    ("360102-MZ-0002", ID_AND_PHONE + ["address"], {}),
    ("360100-GJJ-0001", ID_AND_PHONE + ["financial"], {"sharing_recipients": "南昌住房公积金中心（提取审核）"}),
    ("360100-SC-0003", ID_AND_PHONE + ["address"], {"retention_months": 60}),
    ("360400-SB-0001", ID_AND_PHONE + ["biometrics"], {"sharing_recipients": "九江市社会保险事业管理局（制卡）"}),
    ("D3601-HZ-0001", ID_AND_PHONE + ["address"], {"retention_months": 120}),
    ("D3601-HZ-0004", ID_AND_PHONE + ["address", "biometrics"], {"retention_months": 120}),
    ("D3601-CRJ-0002", ID_AND_PHONE + ["biometrics"], {}),
    ("D3602-SB-0001", ID_AND_PHONE + ["biometrics", "health"], {}),
    # listed, incomplete: no encryption at rest, no retention period
    ("360100-JT-0002", ID_AND_PHONE, {"encrypted_at_rest": False, "retention_months": None}),
    # planned, incomplete: authorisation and declaration still to come
    ("360102-WJ-0004", ["name", "id_number", "health", "minors"], {"consent_method": "", "no_classified_data": False}),
]
# 360400-GJJ-0002 (listed) has no entry: the supervision rule names it.


def seed(users):
    services = {s.code: s for s in service_selectors.services().filter(code__in=[e[0] for e in ENTRIES])}
    with transaction.atomic():
        for code, personal, fields in ENTRIES:
            service = services.get(code)
            if service is None or DataSecurityRegister.objects.filter(service=service).exists():
                continue
            values = {**COMPLETE, **fields}
            author = next((u for u in users.values() if u.org_unit_id == service.owner_org_id
                           and u.has_role("submitter")), None)
            entry = DataSecurityRegister(service=service, personal_data=personal, created_by=author, **values)
            if entry.no_classified_data:
                entry.declared_by, entry.declared_at = author, timezone.now()
            entry._change_reason = stored(lambda: _("Demo data"))
            entry.save()
