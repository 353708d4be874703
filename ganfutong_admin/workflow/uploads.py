"""Evidence uploads: size limit and a type check from the content itself, not the file name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Leading bytes of the formats staff attach as evidence.
SIGNATURES = {
    b"%PDF-": "PDF",
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"PK\x03\x04": "Office (docx/xlsx)",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "Office 97-2003 (doc/xls)",
}
ALLOWED_EXTENSIONS = {"pdf", "png", "jpg", "jpeg", "docx", "xlsx", "doc", "xls", "ofd"}


def sniff(head):
    for signature, label in SIGNATURES.items():
        if head.startswith(signature):
            return label
    return None


def validate_evidence(upload):
    size = getattr(upload, "size", 0) or 0
    if size > settings.UPLOAD_MAX_BYTES:
        # filesizeformat: a limit that is not a whole number of MB is not shown as "0 MB".
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        )
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(_("Only PDF, images (PNG/JPEG) and Office documents can be attached."))
    handle = upload.open("rb") if hasattr(upload, "open") else upload
    position = handle.tell() if hasattr(handle, "tell") else 0
    head = handle.read(16)
    if hasattr(handle, "seek"):
        handle.seek(position)
    if sniff(head) is None:
        raise ValidationError(_("The file's content does not match an allowed type (PDF, PNG, JPEG, Office)."))
