"""The nginx site and the systemd units of deploy/ (issue 16, point 1): consistent with the app's settings, and
accepted by `nginx -t` and `systemd-analyze verify` when those are installed (Debian: nginx-light, systemd)."""

import re
import shutil
import subprocess

import pytest
from deploysupport import BASE_DIR, BIN, NGINX_SITE, UNITS, run, template_variables
from django.conf import settings

NGINX = shutil.which("nginx") or (shutil.which("nginx", path="/usr/sbin:/sbin"))
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")


def nginx_site():
    return NGINX_SITE.read_text()


def _size(value):
    units = {"k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
    return int(value[:-1]) * units[value[-1].lower()] if value[-1].lower() in units else int(value)


def test_the_upload_limit_matches_the_apps_own():
    sizes = re.findall(r"^\s*client_max_body_size\s+(\S+);", nginx_site(), re.M)
    assert len(sizes) == 1
    # The app refuses a larger multipart body itself (RequestSizeLimitMiddleware); nginx must let through what the
    # app accepts, and no more.
    assert _size(sizes[0]) == settings.MULTIPART_MAX_BYTES


def test_no_server_tokens_in_any_server_block():
    site = nginx_site()
    blocks = site.split("server {")[1:]
    assert len(blocks) == 2
    assert all("server_tokens off;" in block for block in blocks)


def test_the_client_address_reaches_the_app_as_trusted_proxy_count_1_expects():
    site = nginx_site()
    # nginx appends what it saw to X-Forwarded-For; with TRUSTED_PROXY_COUNT=1 the app takes that right-most entry.
    assert site.count("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;") == 2
    assert site.count("proxy_set_header X-Forwarded-Proto $scheme;") == 2
    assert template_variables()["TRUSTED_PROXY_COUNT"][0] == "1"


def test_tls_static_files_and_the_upstream():
    site = nginx_site()
    assert "listen 443 ssl" in site and "ssl_protocols TLSv1.2 TLSv1.3;" in site
    assert "return 301 https://$host$request_uri;" in site
    static = re.search(r"location /static/ \{\s*alias ([^;]+);", site).group(1)
    assert static == f"/srv/ganfutong/app/{settings.STATIC_ROOT.relative_to(BASE_DIR)}/"
    assert settings.STATIC_URL == "/static/"
    upstream = re.search(r"upstream ganfutong_app \{\s*server ([^ ;]+)", site).group(1)
    assert upstream == template_variables()["GUNICORN_BIND"][0]
    # Uploaded evidence is never served by nginx.
    assert settings.MEDIA_URL in site and str(settings.MEDIA_ROOT) not in site


@pytest.mark.skipif(not NGINX, reason="nginx is not installed (apt-get install nginx-light)")
def test_nginx_accepts_the_site(tmp_path):
    cert, key = tmp_path / "site.crt", tmp_path / "site.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    site = (nginx_site().replace("/etc/ssl/certs/ganfutong.crt", str(cert))
            .replace("/etc/ssl/private/ganfutong.key", str(key))
            .replace("/var/log/nginx/", f"{tmp_path}/"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log {tmp_path}/access.log;\n  client_body_temp_path {tmp_path};\n"
        f"  include {tmp_path}/site.conf;\n}}\n")
    result = run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], env=None)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_units_run_the_projects_commands_with_the_env_file():
    units = {unit.name: unit.read_text() for unit in UNITS}
    assert set(units) == {"ganfutong-web.service", "ganfutong-worker.service", "ganfutong-beat.service"}
    for text in units.values():
        assert "EnvironmentFile=/etc/ganfutong/ganfutong.env" in text
        assert "User=ganfutong" in text and "NoNewPrivileges=yes" in text and "ProtectSystem=strict" in text
        assert "WorkingDirectory=/srv/ganfutong/app" in text
    assert "gunicorn -c gunicorn.conf.py ganfutong_admin.wsgi:application" in units["ganfutong-web.service"]
    assert "celery -A ganfutong_admin worker" in units["ganfutong-worker.service"]
    beat = units["ganfutong-beat.service"]
    # The scheduler comes from the settings (the database scheduler behind the leader lock), never overridden here.
    assert "celery -A ganfutong_admin beat" in beat and "--scheduler" not in beat and " -S " not in beat
    assert settings.CELERY_BEAT_SCHEDULER == "ganfutong_admin.core.beat:SingleBeatScheduler"
    media = template_variables()["MEDIA_ROOT"][0]
    assert all(f"ReadWritePaths={media.rsplit('/', 1)[0]}" in units[name]
               for name in ("ganfutong-web.service", "ganfutong-worker.service"))


@pytest.mark.skipif(not SYSTEMD_ANALYZE, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units(tmp_path):
    # Verified as installed on this machine: the checkout and its virtualenv stand in for /srv/ganfutong/app.
    (tmp_path / "ganfutong.env").write_text("DJANGO_ENV=production\n")
    for unit in UNITS:
        text = (unit.read_text().replace("/srv/ganfutong/app/.venv/bin", str(BIN))
                .replace("/srv/ganfutong/app", str(BASE_DIR))
                .replace("/etc/ganfutong/ganfutong.env", str(tmp_path / "ganfutong.env")))
        (tmp_path / unit.name).write_text(text)
    result = run([SYSTEMD_ANALYZE, "verify", *(str(tmp_path / u.name) for u in UNITS)], env=None, timeout=60)
    # Any remark about our units (an unknown key, a key in the wrong section, a missing executable) fails.
    problems = [line for line in (result.stdout + result.stderr).splitlines() if str(tmp_path) in line]
    assert result.returncode == 0 and not problems, result.stdout + result.stderr
