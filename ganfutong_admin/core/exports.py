"""The one export path: a scoped queryset and a list of columns become a streamed .xlsx file."""

import io
from datetime import datetime
from urllib.parse import quote

from django.http import StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None:
        return ""
    if isinstance(value, (int, float, bool)):
        return value
    return str(value)


def workbook_bytes(columns, rows, title):
    """Write-only workbook: memory stays flat however many rows (openpyxl streams to a temp file)."""
    return sheets_bytes([(title, columns, rows)])


def sheets_bytes(sheets):
    """A write-only workbook of several sheets: [(title, columns, rows)]."""
    wb = Workbook(write_only=True)
    for title, columns, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        ws.append([str(label) for label, _ in columns])
        for row in rows:
            ws.append([_cell(getter(row)) for _, getter in columns])
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
