"""The enrolment QR code, drawn on the server as SVG (segno: pure Python, no image library, nothing from a CDN)."""

import io

import segno


def svg(text, *, title=""):
    """An SVG document of the QR code of `text`: black modules on white, a quiet zone of 4 modules as the
    standard asks, and only the SVG namespace (no link, script or style)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(
        buffer, kind="svg", scale=5, border=4, dark="#000", light="#fff", xmldecl=True, title=title or None,
        svgclass=None, lineclass=None,
    )
    return buffer.getvalue()
