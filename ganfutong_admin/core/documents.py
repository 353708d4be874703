"""The one Word path: official documents (circulars, reports, evaluation results) in the layout of
GB/T 9704-2012 《党政机关公文格式》, so that a WPS or Word user prints them without reformatting.

What the layout fixes: A4, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; the issuer's mark
(发文机关标志) in red 小标宋 above a red rule; the document number (发文字号, e.g. 赣政务〔2026〕12号) centred
below the mark; the title in 小标宋 size 2 (22 pt) centred; the recipients (主送机关) flush left; the body in
仿宋 size 3 (16 pt), first lines indented two characters, headings of the first level in 黑体; the issuer and
the date (成文日期, in Arabic numerals, 2026年12月2日) right-aligned at the end; page numbers in 宋体 size 4
(14 pt) as "— 1 —", at the foot. Fonts are named as WPS and Word on government desktops name them, with the
system fallbacks after them.
"""

import io
from dataclasses import dataclass, field
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .exports import xml_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
RED = RGBColor(0xC0, 0x00, 0x00)
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
MARK_SIZE = Pt(36)  # the issuer's mark: this large, unless that makes it wider than the text block
TEXT_WIDTH = Mm(210 - 28 - 26)
LINE = Pt(28.9)  # exact line pitch: 22 lines in the 225 mm text block


@dataclass
class Section:
    """A first-level heading (黑体, "一、…") and its paragraphs; a heading may be empty."""

    heading: str = ""
    paragraphs: list = field(default_factory=list)


@dataclass
class OfficialDocument:
    issuer: str  # 发文机关 (the mark and the signature)
    number: str  # 发文字号
    title: str
    sections: list  # [Section]
    date: object = None  # 成文日期 (a date); today when None
    recipients: str = ""  # 主送机关, e.g. "各设区市、县（市、区）政务服务管理办公室："
    tables: list = field(default_factory=list)  # [(caption, [header cells], [[cells]...])], after the body


def _font(run, name, size, bold=False, color=None):
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    # East-Asian text takes its font from eastAsia, not from the Latin name.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc, text, font=BODY_FONT, size=SIZE_3, align=None, indent=True, bold=False, color=None,
               space_after=0, exact=True):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    if align is not None:
        p.alignment = align
    if text:
        _font(p.add_run(xml_text(text)), font, size, bold=bold, color=color)
    return p


def _red_rule(paragraph):
    """A red 2.25 pt rule under the issuer's mark (the 版头 separator)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "6"), ("w:color", "C00000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _page_numbers(section):
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(footer.add_run("— "), PAGE_NUMBER_FONT, SIZE_4)
    run = footer.add_run()
    _font(run, PAGE_NUMBER_FONT, SIZE_4)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _font(footer.add_run(" —"), PAGE_NUMBER_FONT, SIZE_4)


def chinese_date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def document_bytes(document):
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_numbers(section)

    mark = document.issuer + "文件"
    mark_size = Pt(min(MARK_SIZE.pt, int(TEXT_WIDTH.pt / len(mark))))  # one line, never wider than the text
    _paragraph(doc, mark, font=TITLE_FONT, size=mark_size, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, color=RED,
               space_after=12, exact=False)
    number = _paragraph(doc, document.number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=6)
    _red_rule(number)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, document.title, font=TITLE_FONT, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, "", indent=False)
    if document.recipients:
        _paragraph(doc, document.recipients, indent=False)
    for part in document.sections:
        if part.heading:
            _paragraph(doc, part.heading, font=HEADING_FONT)
        for text in part.paragraphs:
            _paragraph(doc, text)
    for caption, header, rows in document.tables:
        _paragraph(doc, caption, font=HEADING_FONT, indent=False)
        table = doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(xml_text(text)), HEADING_FONT, Pt(12))
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = ""
                _font(cell.paragraphs[0].add_run("" if text is None else xml_text(text)), BODY_FONT, Pt(12))
    _paragraph(doc, "", indent=False)
    _paragraph(doc, document.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(doc, chinese_date(document.date or timezone.localdate()), align=WD_ALIGN_PARAGRAPH.RIGHT,
               indent=False)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def docx_response(document, filename):
    response = HttpResponse(document_bytes(document), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename + '.docx')}"
    return response
