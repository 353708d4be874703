"""The one upload validator: every file a person attaches (evidence, self-test screenshots, the catalog's
Excel import) passes here before it is stored or read.

- its size is at most UPLOAD_MAX_BYTES (the whole multipart body is capped before, by
  core.middleware.RequestSizeLimitMiddleware);
- its name has an allowed extension, and the content detected from the bytes (`filetype`, pure Python) is
  that kind of file: PDF bytes named .png, or HTML named .pdf, are refused;
- a PDF is a PDF to its end (`%%EOF`), and no file carries a web page in its first kilobyte (a browser that
  sniffs it would run it);
- an Office document (docx/xlsx, OFD) is a well-formed ZIP of its own kind, not too large unpacked, and
  holds no program (by name or by its first bytes).
"""

import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ALLOWED_EXTENSIONS = {"pdf", "png", "jpg", "jpeg", "docx", "xlsx", "doc", "xls", "ofd"}

# Declared extension -> the kinds `detect` may find in its bytes.
CONTENT_KINDS = {
    "pdf": {"pdf"}, "png": {"png"}, "jpg": {"jpg"}, "jpeg": {"jpg"},
    "docx": {"docx"}, "xlsx": {"xlsx"}, "ofd": {"ofd"},
    # Word 97-2003 and Excel 97-2003 are both OLE compound files; their directory tells them apart only
    # to a full parser, which this check does not need.
    "doc": {"ole"}, "xls": {"ole"},
}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_KINDS = {"docx", "xlsx", "ofd"}
# The member each ZIP-based kind must hold.
ZIP_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "ofd": "OFD.xml"}

HTML_MARKERS = (b"<html", b"<!doctype html", b"<script", b"<body", b"<iframe", b"<svg", b"<object", b"<embed",
                b"<meta http-equiv")
PROGRAM_EXTENSIONS = {
    "exe", "dll", "com", "scr", "pif", "msi", "msp", "bat", "cmd", "ps1", "psm1", "vbs", "vbe", "js", "jse",
    "wsf", "wsh", "hta", "jar", "sh", "elf", "so", "dylib", "apk", "app", "lnk", "reg", "cpl", "sys",
}
PROGRAM_SIGNATURES = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa")
# A ZIP bomb: more members, or more bytes unpacked, than any real office document.
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_UNPACKED = 200 * 1024 * 1024


def sniff(head):
    """The kind of file the leading bytes are ("pdf", "png", "docx", "ole", ...), or None."""
    if head.startswith(OLE_SIGNATURE):
        return "ole"
    kind = filetype.guess(head)
    return kind.extension if kind is not None else None


def _read_all(upload):
    handle = upload.open("rb") if hasattr(upload, "open") else upload
    if hasattr(handle, "seek"):
        handle.seek(0)
    data = handle.read()
    if hasattr(handle, "seek"):
        handle.seek(0)
    return data if isinstance(data, bytes) else bytes(data)


def _zip_kind(data):
    """docx / xlsx / ofd by the member that defines each, or None for another (or broken) ZIP."""
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None, None
    for kind, marker in ZIP_MARKERS.items():
        if marker in names:
            return kind, archive
    return "zip", archive


def _check_archive(archive):
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS or sum(m.file_size for m in members) > ZIP_MAX_UNPACKED:
        raise ValidationError(_("The document unpacks to more than any office document holds and is refused."))
    for member in members:
        name = member.filename.replace("\\", "/").rsplit("/", 1)[-1]
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension in PROGRAM_EXTENSIONS:
            raise ValidationError(_("The document holds a program (%(name)s) and is refused.")
                                  % {"name": member.filename})
        if member.is_dir():
            continue
        try:
            with archive.open(member) as inner:
                head = inner.read(8)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
            raise ValidationError(_("The document is damaged and cannot be checked.")) from None
        if head.startswith(PROGRAM_SIGNATURES):
            raise ValidationError(_("The document holds a program (%(name)s) and is refused.")
                                  % {"name": member.filename})


def validate_upload(upload, extensions=ALLOWED_EXTENSIONS, *, extension_message=None, content_message=None):
    """Raise ValidationError (the user's language) unless `upload` is an allowed, honest, safe file."""
    size = getattr(upload, "size", 0) or 0
    if size > settings.UPLOAD_MAX_BYTES:
        # filesizeformat: a limit that is not a whole number of MB is not shown as "0 MB".
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        )
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in extensions:
        raise ValidationError(extension_message or _("Only PDF, images (PNG/JPEG) and Office documents can be "
                                                     "attached."))
    mismatch = content_message or _("The file's content does not match an allowed type (PDF, PNG, JPEG, Office).")
    data = _read_all(upload)
    kind = sniff(data[:8192])
    archive = None
    if kind in {"zip", "docx", "xlsx"} or data.startswith(b"PK\x03\x04"):
        kind, archive = _zip_kind(data)
    expected = CONTENT_KINDS[extension]
    if kind is None or not expected & {kind}:
        if kind in {k for kinds in CONTENT_KINDS.values() for k in kinds} and content_message is None:
            raise ValidationError(_("The file's content is a %(kind)s file, not the .%(extension)s its name says.")
                                  % {"kind": kind.upper(), "extension": extension})
        raise ValidationError(mismatch)
    if any(marker in data[:1024].lower() for marker in HTML_MARKERS):
        raise ValidationError(_("The file holds a web page and is refused."))
    if kind == "pdf" and b"%%EOF" not in data[-1024:]:
        raise ValidationError(_("The PDF file is incomplete or damaged."))
    if archive is not None:
        _check_archive(archive)


def validate_evidence(upload):
    """Evidence and self-test attachments (the model fields' validator): PDF, images, Office documents."""
    validate_upload(upload, ALLOWED_EXTENSIONS)
