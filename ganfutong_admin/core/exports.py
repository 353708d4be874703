"""The one export path: a scoped queryset and a list of columns become a streamed .xlsx or .csv file.

Every text cell goes through `safe_text`: what staff typed (a service name, a failed login's user name)
is data, never a formula, and never a character the file format cannot hold.

Memory stays flat however many rows: the .xlsx is written row by row (openpyxl's write-only mode) into a temporary
file that spills to disk past 1 MiB and is sent in chunks; the .csv is written while it is sent, row by row, so
its first bytes leave before the last row is read (the rows should be a queryset's .iterator()).
"""

import csv
import io
import re
import tempfile
from datetime import datetime
from decimal import Decimal
from urllib.parse import quote

from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
EXPORT_FORMATS = ("xlsx", "csv")
CHUNK_BYTES = 64 * 1024
# Rows per chunk of a streamed CSV: big enough that a chunk is not a write per row, small enough to stay flat.
CSV_ROWS_PER_CHUNK = 200

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
    """One sheet as bytes (for tests and attachments; a response streams instead)."""
    return sheets_bytes([(title, columns, rows)])


def write_workbook(sheets, out):
    """A write-only workbook of several sheets, [(title, columns, rows)], saved into the file object `out`."""
    wb = Workbook(write_only=True)
    for title, columns, rows in sheets:
        ws = wb.create_sheet(title=safe_text(title)[:31])
        ws.append([safe_text(label) for label, _ in columns])
        for row in rows:
            ws.append([_cell(ws, getter(row)) for _, getter in columns])
    wb.save(out)
    return out


def sheets_bytes(sheets):
    """A write-only workbook of several sheets, [(title, columns, rows)], as bytes."""
    return write_workbook(sheets, io.BytesIO()).getvalue()


def _chunks(file):
    """The file's content in chunks; the file is closed when the response is (also when a client goes away)."""
    try:
        file.seek(0)
        while chunk := file.read(CHUNK_BYTES):
            yield chunk
    finally:
        file.close()


def _attachment(response, filename, extension):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{filename}-{stamp}.{extension}')}"
    return response


def xlsx_response(columns, rows, filename, title="Sheet1"):
    """columns: [(label, callable(row) -> value)]; rows: an iterable (use .iterator() for big sets)."""
    return xlsx_sheets_response([(title, columns, rows)], filename)


def xlsx_sheets_response(sheets, filename):
    """Several sheets, [(title, columns, rows)], in one streamed file (e.g. a summary and its details). The file is
    complete before the response starts (an .xlsx is a zip whose directory comes last), so an error while writing it
    is the view's error, not a truncated download."""
    file = write_workbook(sheets, tempfile.SpooledTemporaryFile(max_size=16 * CHUNK_BYTES))  # noqa: SIM115
    return _attachment(StreamingHttpResponse(_chunks(file), content_type=XLSX), filename, "xlsx")


def csv_value(value):
    """A value as a CSV cell: the same rules as a spreadsheet cell (a formula is text), dates in local time."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, Decimal)):
        return str(value)
    return safe_text(value)


class _Line:
    """What csv.writer writes to: each row comes back as its text."""

    def write(self, text):
        return text


def csv_lines(columns, rows):
    """The CSV text, a chunk of rows at a time: a byte-order mark (Excel and WPS then read UTF-8, not GBK), the
    header, the rows. The labels and values are made in the language of the request, also while the response is
    being sent after the view returned."""
    writer = csv.writer(_Line())
    language = translation.get_language()
    with translation.override(language):
        header = "\ufeff" + writer.writerow([safe_text(label) for label, _ in columns])
    yield header
    chunk = []
    iterator = iter(rows)
    while True:
        with translation.override(language):
            for row in iterator:
                chunk.append(writer.writerow([csv_value(getter(row)) for _, getter in columns]))
                if len(chunk) >= CSV_ROWS_PER_CHUNK:
                    break
        if not chunk:
            return
        yield "".join(chunk)
        chunk = []


def csv_response(columns, rows, filename):
    """columns: [(label, callable(row) -> value)]; rows: an iterable, read while the response is sent (a queryset's
    .iterator() keeps memory flat)."""
    return _attachment(StreamingHttpResponse(csv_lines(columns, rows), content_type=CSV), filename, "csv")


def write_export(file_format, columns, rows, out, title):
    """The export in `file_format` written into the binary file object `out` (a background export's file)."""
    if file_format == "xlsx":
        return write_workbook([(title, columns, rows)], out)
    if file_format == "csv":
        for text in csv_lines(columns, rows):
            out.write(text.encode("utf-8"))
        return out
    raise ValueError(f"unknown export format {file_format!r}")


def export_response(file_format, columns, rows, filename, title=None):
    """The export in `file_format` (one of EXPORT_FORMATS)."""
    if file_format == "csv":
        return csv_response(columns, rows, filename)
    if file_format == "xlsx":
        return xlsx_response(columns, rows, filename, title=title or filename)
    raise ValueError(f"unknown export format {file_format!r}")
