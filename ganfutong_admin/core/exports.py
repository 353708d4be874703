"""The one export path: a scoped queryset and a list of columns become a streamed .xlsx file.

Every text cell goes through `safe_text`: what staff typed (a service name, a failed login's user name)
is data, never a formula, and never a character the file format cannot hold.
"""

import io
import re
from datetime import datetime
from decimal import Decimal
from urllib.parse import quote

from django.http import StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What a spreadsheet (Excel, WPS, LibreOffice) reads as the start of a formula, also after a tab or a
# carriage return it drops; such a text is prefixed with an apostrophe, as OWASP advises.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The control characters XML 1.0 cannot hold (openpyxl refuses them and the whole export would fail):
# written as a visible escape, so that a security auditor sees what was typed.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _escape(match):
    return f"\\x{ord(match.group()):02x}" if ord(match.group()) < 0x100 else f"\\u{ord(match.group()):04x}"


def xml_text(value):
    """A text an XML document (xlsx, docx) can hold: the illegal control characters as visible escapes."""
    return ILLEGAL_CHARACTERS.sub(_escape, str(value))


def safe_text(value):
    """A text as a spreadsheet or CSV cell: illegal characters escaped, a formula turned into text."""
    text = xml_text(value)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return text


MONEY_FORMAT = "#,##0.00"


def _cell(sheet, value):
    if isinstance(value, Decimal):
        # Amounts stay numbers (sums and filters work in Excel and WPS), shown grouped as the office writes them.
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = MONEY_FORMAT
        return cell
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None:
        return ""
    if isinstance(value, (int, float, bool)):
        return value
    return safe_text(value)


def workbook_bytes(columns, rows, title):
    """Write-only workbook: memory stays flat however many rows (openpyxl streams to a temp file)."""
    return sheets_bytes([(title, columns, rows)])


def sheets_bytes(sheets):
    """A write-only workbook of several sheets: [(title, columns, rows)]."""
    wb = Workbook(write_only=True)
    for title, columns, rows in sheets:
        ws = wb.create_sheet(title=safe_text(title)[:31])
        ws.append([safe_text(label) for label, _ in columns])
        for row in rows:
            ws.append([_cell(ws, getter(row)) for _, getter in columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(columns, rows, filename, title="Sheet1"):
    """columns: [(label, callable(row) -> value)]; rows: an iterable (use .iterator() for big sets)."""
    return xlsx_sheets_response([(title, columns, rows)], filename)


def xlsx_sheets_response(sheets, filename):
    """Several sheets, [(title, columns, rows)], in one streamed file (e.g. a summary and its details)."""
    data = sheets_bytes(sheets)
    response = StreamingHttpResponse(iter([data]), content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{filename}-{stamp}.xlsx')}"
    return response
