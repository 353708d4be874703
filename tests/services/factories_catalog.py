"""Builders for the catalog tests (第十条): services, standard versions with checklists, self-tests, Excel files.

Records are created in the state a test needs directly (a "listed" service is inserted as listed); the catalog's
own operations (activation, self-tests, import) are exercised by the tests through the pages and the API.
"""

import io
from datetime import date

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import org
from openpyxl import Workbook

from services.models import SelfTestReport, SelfTestResult, Service, StandardItem, TechStandard

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HEADER = ["服务名称", "服务编码", "所属单位编码", "专区", "类别", "入口地址"]


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    owner_org = factory.LazyFunction(lambda: org("360102"))
    name = factory.Sequence(lambda n: f"目录测试服务 {n}")
    code = factory.Sequence(lambda n: f"CAT-{n:05d}")
    category = "public_service"
    entry_url = factory.Sequence(lambda n: f"https://ganfutong.example.invalid/s/{n}")


def make_standard(version="2.0", in_force=True, items=("统一身份认证接入", "个人信息脱敏展示", "页面响应时间≤2秒"),
                  optional=()):
    """A standard version with required items `items` and optional items `optional`."""
    if in_force:
        TechStandard.objects.filter(in_force=True).update(in_force=False)
    std = TechStandard.objects.create(version=version, title="赣服通平台技术管理规范", published_on=date(2026, 1, 1),
                                      in_force=in_force)
    order = 0
    for text in items:
        order += 1
        StandardItem.objects.create(standard=std, order=order, text=text, required=True)
    for text in optional:
        order += 1
        StandardItem.objects.create(standard=std, order=order, text=text, required=False)
    return std


def make_report(service, standard, failed=(), tested_on=None, tester="测试员"):
    """A self-test report; the items whose text is in `failed` failed. `passed` is recomputed."""
    report = SelfTestReport.objects.create(service=service, owner_org=service.owner_org, standard=standard,
                                           tested_on=tested_on or date(2026, 9, 1), tester=tester)
    for item in standard.items.all():
        SelfTestResult.objects.create(report=report, item=item, passed=item.text not in failed,
                                      note="未通过" if item.text in failed else "")
    report.recompute_passed()
    report.save()
    return report


def xlsx_upload(rows, header=HEADER, name="services.xlsx"):
    """An uploaded .xlsx with the header row and the given rows."""
    wb = Workbook()
    ws = wb.active
    if header is not None:
        ws.append(header)
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def pdf_upload(name="evidence.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")
