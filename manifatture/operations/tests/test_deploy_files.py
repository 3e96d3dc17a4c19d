"""The files of deploy/ stay true to the code: gunicorn accepts its
configuration, the environment example names only variables something reads,
the services run commands that exist, and nginx accepts its site (where nginx
is installed)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"


def test_gunicorn_accepts_its_configuration():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--check-config",
            "-c",
            str(DEPLOY / "gunicorn.conf.py"),
            "config.wsgi:application",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_every_variable_of_the_environment_example_is_read():
    example = (DEPLOY / "manifatture.env.example").read_text()
    names = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    readers = "\n".join(
        path.read_text()
        for path in [
            ROOT / "config" / "settings.py",
            ROOT / "manifatture" / "operations" / "errors.py",
            DEPLOY / "gunicorn.conf.py",
            ROOT / "scripts" / "backup",
        ]
    )
    unread = sorted(name for name in names if not re.search(rf"\b{name}\b", readers))
    assert len(names) > 30
    assert unread == []


def test_the_services_run_commands_that_exist():
    commands = get_commands()
    for unit in (DEPLOY / "systemd").glob("*.service"):
        [line] = [x for x in unit.read_text().splitlines() if x.startswith("ExecStart=")]
        program = line.removeprefix("ExecStart=").split()
        if "manage.py" in program:
            name = program[program.index("manage.py") + 1]
            assert name in commands, f"{unit.name}: no command {name}"
        elif program[0].startswith("/srv/manifatture/app/scripts/"):
            script = ROOT / program[0].removeprefix("/srv/manifatture/app/")
            assert script.is_file(), unit.name
        else:
            assert program[0].endswith("/gunicorn"), unit.name
            assert "deploy/gunicorn.conf.py" in program


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_site(tmp_path):
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=test", "-keyout", str(tmp_path / "key.pem"),
            "-out", str(tmp_path / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    live = "/etc/letsencrypt/live/manifattureaperte.comune.milano.it"
    site = (
        (DEPLOY / "nginx.conf")
        .read_text()
        .replace(f"{live}/fullchain.pem", str(tmp_path / "cert.pem"))
        .replace(f"{live}/privkey.pem", str(tmp_path / "key.pem"))
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ include /etc/nginx/mime.types; access_log {tmp_path}/access.log;\n"
        f"client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path};\n"
        f"include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
