"""gunicorn's access log, when switched on, never writes query strings or referrers (issue 11, point 1: searched
personal data must not reach a log in clear). Read from gunicorn.conf.py without loading it (loading it needs
production settings)."""

import ast

from django.conf import settings


def test_the_access_log_format_has_no_query_string_and_no_referrer():
    tree = ast.parse((settings.BASE_DIR / "gunicorn.conf.py").read_text(encoding="utf-8"))
    formats = [node.value.value for node in tree.body if isinstance(node, ast.Assign)
               and any(getattr(t, "id", "") == "access_log_format" for t in node.targets)]
    assert len(formats) == 1
    (log_format,) = formats
    assert "%(U)s" in log_format and "%(s)s" in log_format
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%({"):  # request line (with query), query, referrer, any header
        assert atom not in log_format
