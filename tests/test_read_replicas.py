"""Reads go to replicas, writes and read-after-write to the primary."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.http import HttpResponse
from django.test import RequestFactory

from common.db.replicas import PrimaryAfterWriteMiddleware, PrimaryReplicaRouter, use_primary
from visits.models import Visit

ROOT = Path(__file__).resolve().parent.parent


def test_settings_add_each_replica_url_and_the_router(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/primary",
        "DATABASE_REPLICA_URLS": "postgres://reader@10.0.0.2:5432/primary,postgres://reader@10.0.0.3:5432/primary",
    }
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([{k: v['HOST'] for k, v in s.DATABASES.items()}, s.DATABASE_ROUTERS, "
        "'common.db.replicas.PrimaryAfterWriteMiddleware' in s.MIDDLEWARE]))"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    hosts, routers, middleware = json.loads(out.stdout)
    assert hosts == {"default": "127.0.0.1", "replica1": "10.0.0.2", "replica2": "10.0.0.3"}
    assert routers == ["common.db.replicas.PrimaryReplicaRouter"]
    assert middleware


def test_reads_use_a_replica_and_writes_the_primary(monkeypatch):
    monkeypatch.setattr("common.db.replicas.replica_aliases", lambda: ["replica1", "replica2"])
    router = PrimaryReplicaRouter()
    assert {router.db_for_read(Visit) for _ in range(50)} == {"replica1", "replica2"}
    assert router.db_for_write(Visit) == "default"
    assert router.allow_migrate("replica1", "visits") is False


def test_without_replicas_everything_reads_from_the_primary():
    assert PrimaryReplicaRouter().db_for_read(Visit) == "default"


def test_a_write_pins_this_request_and_the_next_ones_to_the_primary(settings, monkeypatch):
    monkeypatch.setattr("common.db.replicas.replica_aliases", lambda: ["replica1"])
    seen = []

    def view(request):
        seen.append(PrimaryReplicaRouter().db_for_read(Visit))
        return HttpResponse()

    middleware = PrimaryAfterWriteMiddleware(view)
    factory = RequestFactory()
    assert PrimaryAfterWriteMiddleware.COOKIE not in middleware(factory.get("/")).cookies
    response = middleware(factory.post("/"))
    cookie = response.cookies[PrimaryAfterWriteMiddleware.COOKIE]
    assert cookie["max-age"] == settings.REPLICA_LAG_SECONDS
    follow_up = factory.get("/")
    follow_up.COOKIES[PrimaryAfterWriteMiddleware.COOKIE] = "1"
    middleware(follow_up)
    assert seen == ["replica1", "default", "default"]
    assert use_primary.get() is False
