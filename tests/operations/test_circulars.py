"""第十四条 circulars: who sees which (an org unit sees the published circulars naming it or a unit below it; drafts
only the provincial authority, the operator and auditors), drafted, reviewed by another supervisor and published
through the engine, exported as an official Word document (GB/T 9704-2012) that python-docx and LibreOffice open;
criticisms reach supervision as an evaluation count."""

import io
import shutil
import subprocess
from datetime import date, datetime

import matrix
import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.shared import Pt
from factories import org
from factories_operations import make_circular
from matrix import ApiDetail, ApiList, Export, PageDetail, PageList, Spec

from ganfutong_admin.core import chapters
from ganfutong_admin.workflow import engine
from operations.circulars.models import Circular

OWNERS = ("360100", "360102", "360400", "360402", "D3601")  # the org unit each circular names

SPEC = Spec(
    "circular", OWNERS, make=lambda c: make_circular(((c.owner, "criticism"),), title=c.label),
    label=lambda owner: f"MTX-circular-{owner}",
    lists=(ApiList("/api/v1/operations/circulars/", "title"),
           PageList("operations:circular-list", lambda circular: circular.title),
           Export("operations:circular-list", column=1)),
    details=(ApiDetail(lambda circular: f"/api/v1/operations/circulars/{circular.pk}/", "title"),
             PageDetail("operations:circular-detail"),
             PageDetail(lambda circular: reverse("operations:circular-docx", args=[circular.pk]), name="docx",
                        also=None)),
)

# The Word document carries the title in its XML, not in the response body: its detail is checked below.
SPEC.details = SPEC.details[:2]
globals().update(matrix.tests(SPEC))

pytestmark = pytest.mark.django_db


def test_drafts_are_seen_only_by_those_who_see_everything(make_user, api):
    draft = make_circular((("360100", "criticism"),), status="draft", title="草稿通报")
    city = make_user("nanchang_submitter", "submitter", "360100")
    assert api(city).get(f"/api/v1/operations/circulars/{draft.pk}/").status_code == 404
    for name, role, code in (("province_reviewer", "reviewer", "360000"), ("operator_publisher", "publisher",
                                                                          "OP3601")):
        assert api(make_user(name, role, code)).get(f"/api/v1/operations/circulars/{draft.pk}/").status_code == 200


def test_drafted_reviewed_by_another_and_published(make_user, web):
    drafter = make_user("province_supervisor", "supervisor", "360000")
    reviewer = make_user("supervisor_two", "supervisor", "360000")
    client = web(drafter)
    response = client.post(reverse("operations:circular-create"), {
        "number": "赣政务〔2026〕15号", "title": "关于第三季度运营情况的通报", "recipients": "各设区市：",
        "body": "总体平稳。", "entries-TOTAL_FORMS": "1", "entries-INITIAL_FORMS": "0", "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "200", "entries-0-org_unit": org("360100").pk, "entries-0-result": "criticism",
        "entries-0-reason": "工单超期"})
    assert response.status_code == 302
    circular = Circular.objects.get()
    assert (circular.status, circular.entries.count(), circular.created_by) == ("draft", 1, drafter)
    circular = engine.perform(Circular, circular.pk, "submit", drafter, circular.version)
    with pytest.raises(engine.GuardRefused):
        engine.perform(Circular, circular.pk, "publish", drafter, circular.version)  # four eyes
    submitter = make_user("nanchang_submitter", "submitter", "360100")
    with pytest.raises(engine.NotFound):
        engine.perform(Circular, circular.pk, "publish", submitter, circular.version)
    circular = engine.perform(Circular, circular.pk, "publish", reviewer, circular.version)
    assert circular.status == "published" and circular.published_by == reviewer
    assert web(submitter).get(circular.get_absolute_url()).status_code == 200
    # published: frozen
    assert web(drafter).get(reverse("operations:circular-edit", args=[circular.pk])).status_code == 403


def test_an_empty_circular_and_a_stale_edit_are_refused(make_user, web):
    drafter = make_user("province_supervisor", "supervisor", "360000")
    empty = web(drafter).post(reverse("operations:circular-create"), {
        "number": "赣政务〔2026〕16号", "title": "无名通报", "body": "正文", "entries-TOTAL_FORMS": "0",
        "entries-INITIAL_FORMS": "0", "entries-MIN_NUM_FORMS": "0", "entries-MAX_NUM_FORMS": "200"})
    assert empty.status_code == 400 and "至少" in str(empty.context["formset"].non_form_errors())
    circular = make_circular(status="draft", created_by=drafter)
    entry = circular.entries.get()
    data = {"number": circular.number, "title": "改过", "body": "正文", "version": 1, "entries-TOTAL_FORMS": "1",
            "entries-INITIAL_FORMS": "1", "entries-MIN_NUM_FORMS": "0", "entries-MAX_NUM_FORMS": "200",
            "entries-0-id": entry.pk, "entries-0-org_unit": entry.org_unit_id, "entries-0-result": "praise",
            "entries-0-reason": "进步明显"}
    url = reverse("operations:circular-edit", args=[circular.pk])
    assert web(drafter).post(url, data).status_code == 302
    stale = web(drafter).post(url, {**data, "title": "再改"})
    assert stale.status_code == 409
    circular.refresh_from_db()
    assert (circular.title, circular.version, circular.entries.get().result) == ("改过", 2, "praise")


def _word(client, circular):
    response = client.get(reverse("operations:circular-docx", args=[circular.pk]))
    assert response.status_code == 200
    return response.content


def test_word_document_in_the_official_layout(make_user, web, tmp_path):
    circular = make_circular((("360100", "criticism"), ("360400", "praise")), number="赣政务〔2026〕12号",
                             title="关于2026年第三季度赣服通运营情况的通报",
                             published_at=timezone.make_aware(datetime(2026, 10, 9, 10)))
    content = _word(web(make_user("nanchang_submitter", "submitter", "360100")), circular)
    doc = Document(io.BytesIO(content))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "江西省政务服务管理办公室文件" and "赣政务〔2026〕12号" in texts
    title = next(p for p in doc.paragraphs if p.text == circular.title)
    assert title.runs[0].font.size == Pt(22)
    assert texts[-1] == "2026年10月9日"
    assert any("南昌市：工单超期率高" in t for t in texts) and any(t.endswith("批评") for t in texts)
    if shutil.which("soffice"):
        source = tmp_path / "circular.docx"
        source.write_bytes(content)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                       check=True, capture_output=True, timeout=180)
        assert (tmp_path / "circular.pdf").read_bytes().startswith(b"%PDF")
    # the download is a security event (an export), once
    from ganfutong_admin.audit.models import EventKind, SecurityEvent

    exported = SecurityEvent.objects.filter(kind=EventKind.EXPORT, target=f"circular-{circular.pk}")
    assert [(e.username, e.detail["format"]) for e in exported] == [("nanchang_submitter", "docx")]
    # out of scope: not even the document, and nothing logged as exported
    outsider = make_user("lianxi_submitter", "submitter", "360402")
    assert web(outsider).get(reverse("operations:circular-docx", args=[circular.pk])).status_code == 404
    assert exported.count() == 1


def test_criticisms_as_an_evaluation_count():
    indicator = {i.code: i for i in chapters.evaluation_indicators()}["operations.circular_criticisms"]
    assert indicator.kind == "count"
    q3 = timezone.make_aware(datetime(2026, 9, 30, 12))
    make_circular((("360100", "criticism"), ("360400", "praise")), published_at=q3)
    make_circular((("360100", "criticism"), ("360400", "criticism")), number="2",
                  published_at=timezone.make_aware(datetime(2026, 7, 1, 9)))
    make_circular((("360100", "criticism"),), status="draft", number="3")  # not published: not counted
    make_circular((("360100", "criticism"),), number="4", published_at=timezone.make_aware(datetime(2026, 10, 2)))
    ids = [org(c).pk for c in ("360100", "360400", "360102")]
    assert indicator.measure(ids, date(2026, 7, 1), date(2026, 9, 30)) == {org("360100").pk: 2, org("360400").pk: 1}
