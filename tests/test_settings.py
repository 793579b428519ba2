"""Settings come from the environment; production settings pass Django's deployment check."""

import os
import subprocess
import sys

from django.conf import settings


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        # A deployment's environment: without the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE.
        env={
            key: value
            for key, value in {**os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE": None, **env}.items()
            if value is not None
        },
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="p" + "8Zq!x7-r2LwE9s_Kd0vT4#yNb6mUe1^Hc3jFa5GhQ" * 2,
        ALLOWED_HOSTS="news.example",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_the_development_secret_key():
    result = manage("check", DEBUG="0", SECRET_KEY=None)
    assert result.returncode != 0
    assert "Set SECRET_KEY: the development key is refused when DEBUG is off." in result.stderr


def test_database_url_selects_the_database(tmp_path):
    result = manage(
        "shell",
        "-c",
        "from django.db import connection; print(connection.vendor, connection.settings_dict['NAME'])",
        DATABASE_URL=f"sqlite:///{tmp_path}/other.sqlite3",
    )
    assert result.stdout.strip().endswith(f"sqlite {tmp_path}/other.sqlite3")


def test_cache_url_selects_redis_and_without_it_the_database_is_shared():
    show = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    redis = manage("shell", "-c", show, CACHE_URL="redis://127.0.0.1:6379/3")
    assert redis.stdout.strip().endswith("django.core.cache.backends.redis.RedisCache")
    database = manage("shell", "-c", show, CACHE_URL=None)
    assert database.stdout.strip().endswith("django.core.cache.backends.db.DatabaseCache")
    wrong = manage("check", CACHE_URL="memcached://127.0.0.1:11211")
    assert wrong.returncode != 0 and "CACHE_URL must be redis://, rediss:// or unix://" in wrong.stderr
