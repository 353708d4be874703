"""The one Word path (GB/T 9704-2012 layout): the parts a reader checks are where the standard puts them, and a
real office suite opens the file."""

import io
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document
from docx.shared import Mm, Pt

from ganfutong_admin.core.documents import OfficialDocument, Section, chinese_date, document_bytes

DOC = OfficialDocument(
    issuer="江西省政务服务管理办公室", number="赣政务〔2026〕12号", title="关于2026年第三季度赣服通运营情况的通报",
    recipients="各设区市、县（市、区）政务服务管理办公室：",
    sections=[Section("一、总体情况", ["第三季度，全省新上架服务120项。", "=SUM(A1) 不作为公式。"]),
              Section("二、存在问题", ["部分单位工单超期。"])],
    date=date(2026, 10, 9), tables=[("附表", ["单位", "得分"], [["南昌市", 96.5], ["九江市", None]])],
)


def test_the_layout_of_the_standard():
    doc = Document(io.BytesIO(document_bytes(DOC)))
    section = doc.sections[0]
    def mm(length):  # the file keeps twips: compare to a tenth of a millimetre
        return round(length / Mm(1), 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert [mm(m) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)] == [
        37, 35, 28, 26]
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "江西省政务服务管理办公室文件"
    assert texts[1] == "赣政务〔2026〕12号"
    title = next(p for p in doc.paragraphs if p.text == DOC.title)
    assert title.runs[0].font.size == Pt(22) and title.runs[0].font.name == "方正小标宋简体"
    body = next(p for p in doc.paragraphs if p.text.startswith("第三季度"))
    assert body.runs[0].font.size == Pt(16) and body.runs[0].font.name == "仿宋_GB2312"
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert texts[-1] == "2026年10月9日" and texts[-2] == "江西省政务服务管理办公室"
    assert [c.text for c in doc.tables[0].rows[2].cells] == ["九江市", ""]
    assert "PAGE" in section.footer._element.xml


def test_chinese_dates_use_arabic_numerals_without_padding():
    assert chinese_date(date(2026, 1, 5)) == "2026年1月5日"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_it_to_pdf(tmp_path):
    source = tmp_path / "circular.docx"
    source.write_bytes(document_bytes(DOC))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    assert (tmp_path / "circular.pdf").read_bytes().startswith(b"%PDF")
