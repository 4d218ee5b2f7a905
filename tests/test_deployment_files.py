"""docker compose cannot run here, so check what can be checked of the deployment files."""

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_names_a_postgres_db_with_volume_and_health_check():
    db = compose()["services"]["db"]
    assert db["image"] == "postgres:16"
    assert any(v.endswith(":/var/lib/postgresql/data") for v in db["volumes"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_compose_web_waits_for_a_healthy_db_and_reads_env():
    web = compose()["services"]["web"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert web["env_file"] == ".env"
    assert web["build"] == "."


def test_dockerfile_command_and_entrypoint_exist_in_the_project():
    dockerfile = (ROOT / "Dockerfile").read_text()
    entrypoint = re.search(r'ENTRYPOINT \["([^"]+)"\]', dockerfile).group(1)
    assert os.access(ROOT / entrypoint, os.X_OK)
    script = (ROOT / entrypoint).read_text()
    for step in ("wait_for_db", "migrate", "collectstatic", 'exec "$@"'):
        assert step in script
    command = re.search(r"CMD \[(.+)\]", dockerfile).group(1)
    assert '"gunicorn", "config.wsgi:application"' in command
    assert (ROOT / "config" / "wsgi.py").exists()


def test_every_management_command_the_entrypoint_runs_exists():
    script = (ROOT / "docker" / "entrypoint.sh").read_text()
    wanted = set(re.findall(r"manage\.py (\w+)", script))
    listed = subprocess.run(
        [sys.executable, "manage.py", "help", "--commands"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    ).stdout.split()
    assert wanted <= set(listed), wanted - set(listed)


def test_env_example_documents_every_variable_compose_needs():
    example = (ROOT / ".env.example").read_text()
    for name in ("DJANGO_SECRET_KEY", "DATABASE_URL", "POSTGRES_PASSWORD", "DJANGO_ALLOWED_HOSTS"):
        assert re.search(rf"^{name}=", example, re.M), name
