"""Shared fixtures: a folder to write input files into, and the people who use the back office."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


def pytest_report_header(config):
    from tests.browser.conftest import SCREENSHOTS

    return f"browser tests save screenshots to {SCREENSHOTS}"


@pytest.fixture
def write(tmp_path):
    """write("name.txt", text_or_bytes) puts a file in a fresh folder and returns its path."""

    def write_file(name, content):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write_file


@pytest.fixture
def editor(db):
    call_command("create_editor", username="edna", password="a-long-editor-password", stdout=None)
    return get_user_model().objects.get(username="edna")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(scope="session")
def trained_model():
    """A model fitted on the shipped training data, once per test run (not saved anywhere)."""
    from reliability.analysis.model import fit
    from reliability.training.dataset import load_examples
    from reliability.training.evaluate import prepare

    prepared = prepare(load_examples())
    return fit(prepared.rows, prepared.claims, prepared.labels)


@pytest.fixture
def model_dir(settings, tmp_path):
    """An empty MODEL_DIR for the test, with the loaded-model cache cleared before and after."""
    from reliability.analysis.model import load_current

    settings.MODEL_DIR = tmp_path / "models"
    load_current.cache_clear()
    yield settings.MODEL_DIR
    load_current.cache_clear()
