"""Import services from an Excel workbook (第十条: the catalog each org unit keeps).

Every row is validated before anything is written. A file with any error imports nothing, unless the
user asked for the valid rows only; then those rows are imported, in one transaction. The report
lists every rejected row: its row number in the sheet, the column and what is wrong.
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Upper
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.orgs.models import OrgUnit

from .models import Service, ServiceCategory, http_url

# (field, column header in the sheet, required). The headers are the contract with the users' files.
COLUMNS = [
    ("name", "服务名称", True),
    ("code", "服务编码", True),
    ("org", "所属单位编码", True),
    ("zone", "专区", False),
    ("category", "类别", False),
    ("entry_url", "入口地址", False),
]
HEADER = {key: header for key, header, _required in COLUMNS}
MAX_ROWS = 5000
MAX_LENGTH = {"name": 200, "code": 64, "zone": 100, "entry_url": 500}

# Category names people write, besides the code and the translated labels.
CATEGORY_ALIASES = {
    "行政权力事项": ServiceCategory.ADMINISTRATIVE,
    "行政权力": ServiceCategory.ADMINISTRATIVE,
    "公共服务": ServiceCategory.PUBLIC_SERVICE,
    "查询服务": ServiceCategory.QUERY,
    "查询": ServiceCategory.QUERY,
    "便民服务": ServiceCategory.CONVENIENCE,
}

EXAMPLE_ROW = ["新生儿出生医学证明办理", "360102-WJ-0001", "360102", "", "公共服务",
               "https://ganfutong.example.invalid/donghu/birth-certificate"]


@dataclass
class RowError:
    row: int  # the row number in the sheet, as Excel shows it (the header is row 1)
    column: str
    value: str
    message: str


@dataclass
class ImportReport:
    filename: str = ""
    rows_read: int = 0
    file_errors: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    valid_rows: list = field(default_factory=list)  # (row number, data dict)
    imported: list = field(default_factory=list)  # the created services
    only_valid: bool = False

    @property
    def has_errors(self):
        return bool(self.file_errors or self.errors)

    @property
    def rejected_rows(self):
        return sorted({e.row for e in self.errors})

    @property
    def imported_count(self):
        return len(self.imported)


def category_lookup():
    """Lower-cased code, English label, Chinese label or alias -> category code."""
    lookup = {alias.lower(): code for alias, code in CATEGORY_ALIASES.items()}
    for code, label in ServiceCategory.choices:
        lookup[code.lower()] = code
        for language in ("en", "zh-hans"):
            with translation.override(language):
                lookup[str(label).strip().lower()] = code
    return lookup


def category_names():
    """The names shown to the user in messages and in the template's notes."""
    return "、".join(CATEGORY_ALIASES_BY_CODE[code] for code in ServiceCategory.values)


CATEGORY_ALIASES_BY_CODE = {
    ServiceCategory.ADMINISTRATIVE: "行政权力事项",
    ServiceCategory.PUBLIC_SERVICE: "公共服务",
    ServiceCategory.QUERY: "查询服务",
    ServiceCategory.CONVENIENCE: "便民服务",
}


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 360102 typed as a number
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


def _normalize_header(value):
    return _text(value).replace(" ", "").replace("\u3000", "").rstrip("*＊")


def read_sheet(upload, report):
    """The data rows as (row number, {field: text}); problems with the file itself go to report.file_errors."""
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError, TypeError) as exc:  # not a workbook
        report.file_errors.append(_("The file could not be read as an Excel workbook (%(error)s).")
                                  % {"error": type(exc).__name__})
        return []
    except Exception:  # noqa: BLE001 - any parser failure of a hostile file is a rejected file
        report.file_errors.append(_("The file could not be read as an Excel workbook."))
        return []
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            report.file_errors.append(_("The sheet is empty."))
            return []
        positions = {}
        names = [_normalize_header(h) for h in header]
        for key, title, required in COLUMNS:
            if title in names:
                positions[key] = names.index(title)
            elif required:
                report.file_errors.append(_("The column “%(column)s” is missing from the first row.")
                                          % {"column": title})
        if report.file_errors:
            return []
        data = []
        for number, values in enumerate(rows, start=2):
            cells = {key: _text(values[pos]) if pos < len(values) else "" for key, pos in positions.items()}
            if not any(cells.values()):
                continue
            if len(data) >= MAX_ROWS:
                report.file_errors.append(_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
                return []
            for key, _title, _required in COLUMNS:
                cells.setdefault(key, "")
            data.append((number, cells))
        if not data:
            report.file_errors.append(_("The file has no data rows below the header."))
        return data
    finally:
        workbook.close()


def validate(upload, user):
    """Read and check every row. Nothing is written."""
    report = ImportReport(filename=getattr(upload, "name", ""))
    rows = read_sheet(upload, report)
    report.rows_read = len(rows)
    if not rows:
        return report

    codes = {cells["org"] for _n, cells in rows if cells["org"]}
    known_orgs = {o.code: o for o in OrgUnit.objects.filter(code__in=codes)}
    allowed_orgs = set(org_units_for(user, Service, "add").filter(code__in=codes).values_list("code", flat=True))
    upper_codes = {cells["code"].upper() for _n, cells in rows if cells["code"]}
    existing = set(Service.objects.annotate(upper_code=Upper("code")).filter(upper_code__in=upper_codes)
                   .values_list("upper_code", flat=True))
    categories = category_lookup()
    first_row_of_code = {}

    for number, cells in rows:
        problems = []

        def problem(key, message, cells=cells, problems=problems, number=number):
            problems.append(RowError(number, HEADER[key], cells[key], message))

        for key, limit in MAX_LENGTH.items():
            if len(cells[key]) > limit:
                problem(key, _("Too long: at most %(max)s characters.") % {"max": limit})
        if not cells["name"]:
            problem("name", _("The service name is missing."))
        code = cells["code"]
        if not code:
            problem("code", _("The service code is missing."))
        elif code.upper() in first_row_of_code:
            problem("code", _("The same code is already in row %(row)s of this file.")
                    % {"row": first_row_of_code[code.upper()]})
        else:
            first_row_of_code[code.upper()] = number
            if code.upper() in existing:
                problem("code", _("A service with this code already exists."))
        org_code = cells["org"]
        if not org_code:
            problem("org", _("The org unit code is missing."))
        elif org_code not in known_orgs:
            problem("org", _("Unknown org unit code."))
        elif org_code not in allowed_orgs:
            problem("org", _("This org unit is outside your jurisdiction."))
        category = ServiceCategory.PUBLIC_SERVICE
        if cells["category"]:
            category = categories.get(cells["category"].lower())
            if category is None:
                problem("category", _("Unknown category; use one of: %(choices)s.") % {"choices": category_names()})
        url = cells["entry_url"]
        if url and len(url) <= MAX_LENGTH["entry_url"]:
            try:
                http_url(url)
                if urlsplit(url).scheme.lower() not in ("http", "https"):
                    raise ValidationError("scheme")
            except ValidationError:
                problem("entry_url", _("Not a valid http:// or https:// address."))

        if problems:
            report.errors.extend(problems)
        else:
            report.valid_rows.append((number, {
                "name": cells["name"], "code": code, "owner_org": known_orgs[org_code], "zone": cells["zone"],
                "category": category, "entry_url": url,
            }))
    return report


def run_import(upload, user, only_valid=False):
    """Validate, then import everything, nothing, or only the valid rows (when the user chose so)."""
    report = validate(upload, user)
    report.only_valid = only_valid
    if report.file_errors or not report.valid_rows:
        return report
    if report.errors and not only_valid:
        return report
    try:
        with transaction.atomic():
            for number, data in report.valid_rows:
                service = Service(created_by=user, **data)
                service._change_reason = _("Imported from Excel (%(file)s, row %(row)s)") % {
                    "file": report.filename[:100], "row": number}
                service.save()
                report.imported.append(service)
    except IntegrityError:
        # Someone created one of these codes between the check and the write: nothing is kept.
        report.imported = []
        report.file_errors.append(_("Another user created one of these service codes meanwhile; nothing was "
                                    "imported. Upload the file again to see which rows."))
    return report


def template_workbook():
    """The import template: the header row, one example row and a sheet of notes."""
    wb = Workbook()
    ws = wb.active
    ws.title = "服务清单"
    ws.append([title for _key, title, _required in COLUMNS])
    ws.append(EXAMPLE_ROW)
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    for cell, (_key, _title, required) in zip(ws[1], COLUMNS, strict=True):
        cell.font = Font(bold=True)
        if required:
            cell.fill = required_fill
    for letter, width in zip("ABCDEF", (30, 20, 16, 16, 14, 50), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("填写说明")
    notes.append(["列", "是否必填", "说明"])
    notes.append(["服务名称", "必填", "服务在赣服通上显示的名称"])
    notes.append(["服务编码", "必填", "全省唯一，不可与已有服务或本文件其他行重复"])
    notes.append(["所属单位编码", "必填", "单位编码，如 360102（东湖区）、D3601（江西省公安厅），须在本人管辖范围内"])
    notes.append(["专区", "选填", "省直部门的专区名称，如“公安专区”"])
    notes.append(["类别", "选填", f"{category_names()}；不填为“公共服务”"])
    notes.append(["入口地址", "选填", "以 http:// 或 https:// 开头的地址"])
    notes.append([])
    notes.append(["", "", "第1行为表头，请勿修改；示例行导入前请删除或替换。"])
    notes.append(["", "", "任一行有错误时整个文件不导入，除非在导入页面勾选“其他行有错误时，仍导入无误的行”。"])
    for letter, width in zip("ABC", (16, 10, 80), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
