"""deploy/ganfutong.env.example lists every setting the code reads, and only those (issue 16, point 1)."""

from deploysupport import ENV_TEMPLATE, template_variables, variables_the_code_reads


def test_the_template_lists_every_variable_the_code_reads():
    missing = variables_the_code_reads() - set(template_variables())
    assert not missing, f"add these to {ENV_TEMPLATE.name} with their meaning: {sorted(missing)}"


def test_the_template_lists_nothing_the_code_does_not_read():
    unknown = set(template_variables()) - variables_the_code_reads()
    assert not unknown, f"{ENV_TEMPLATE.name} lists variables nothing reads: {sorted(unknown)}"


def test_the_reader_finds_the_settings_it_must():
    # The scan itself: if it stopped finding env reads, the first test would pass vacuously.
    found = variables_the_code_reads()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PERSONAL_DATA_KEY", "TRUSTED_PROXY_COUNT",
            "GUNICORN_BIND", "GUNICORN_WORKERS", "MONITOR_ALLOWED_NETWORKS", "EMAIL_URL"} <= found


def test_every_variable_has_a_comment_saying_what_it_means():
    lines = ENV_TEMPLATE.read_text().splitlines()
    for i, line in enumerate(lines):
        if line.lstrip("# ").split("=", 1)[0] in template_variables() and "=" in line:
            assert lines[i - 1].startswith("#") and lines[i - 1] != "#", f"no explanation above {line!r}"


def test_the_template_is_a_production_configuration_without_secrets():
    values = template_variables()
    assert values["DJANGO_ENV"] == ("production", True)
    assert values["TRUSTED_PROXY_COUNT"] == ("1", True)  # the nginx of deploy/nginx
    for secret in ("SECRET_KEY", "PERSONAL_DATA_KEY"):
        assert values[secret] == ("CHANGE-ME", True)
    assert "CHANGE-ME" in values["DATABASE_URL"][0] and values["DATABASE_URL"][0].startswith("postgres://")
    assert values["DEBUG"] == ("0", False)  # shown, commented out, off
    # systemd's EnvironmentFile syntax: no quotes, no spaces around "=".
    for name, (value, _active) in values.items():
        assert not value.startswith(("'", '"')) and value == value.strip(), name


def test_the_template_filled_in_passes_check_deploy():
    # What an operator gets after replacing the CHANGE-MEs (section 1.5 of docs/operations.md).
    import base64
    import secrets

    from deploysupport import BIN, clean_env, run

    filled = {name: value for name, (value, active) in template_variables().items() if active}
    filled["SECRET_KEY"] = secrets.token_urlsafe(64)
    filled["PERSONAL_DATA_KEY"] = base64.b64encode(secrets.token_bytes(32)).decode()
    filled["DATABASE_URL"] = filled["DATABASE_URL"].replace("CHANGE-ME", secrets.token_hex(8))
    filled["EMAIL_URL"] = filled["EMAIL_URL"].replace("CHANGE-ME", secrets.token_hex(8))
    result = run([str(BIN / "python"), "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 env=clean_env(**filled))
    assert result.returncode == 0, result.stdout + result.stderr
