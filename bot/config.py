"""Bot settings: a TOML file plus environment overrides (pydantic-settings)."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

# Telegram tokens look like "123456789:AA...": a numeric bot id, a colon and a long secret.
TOKEN_PATTERN = re.compile(r"^\d+:[A-Za-z0-9_-]{30,}$")
DEFAULT_CONFIG = Path("config.toml")

IngestMode = Literal["everyone", "admins"] | list[int]


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line meant for the operator."""


class Webhook(BaseModel):
    """Optional webhook mode; without it the bot long-polls."""

    url: str
    listen: str = "0.0.0.0"
    port: int = 8443
    path: str = "telegram"
    secret_token: SecretStr | None = None


def _int_list(value: Any) -> Any:
    """Accept "1, 2,3" from the environment as well as a real list from TOML."""
    if isinstance(value, str):
        return [int(part) for part in value.replace(";", ",").split(",") if part.strip()]
    if isinstance(value, int):
        return [value]
    return value


class Settings(BaseSettings):
    """Everything the bot reads at start; env vars win over the TOML file."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSBOT_", extra="ignore", populate_by_name=True, case_sensitive=False
    )

    token: SecretStr | None = Field(
        default=None, validation_alias="TELEGRAM_BOT_TOKEN"
    )
    api_url: str = "https://api.telegram.org"
    data_dir: Path = Path("data")
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    allowed_users: Annotated[list[int] | None, NoDecode] = None
    ingest_mode: Annotated[IngestMode, NoDecode] = "admins"
    max_document_bytes: int = Field(default=5_000_000, gt=0)
    fetch_links: bool = True
    link_timeout: float = Field(default=10.0, gt=0)
    link_max_bytes: int = Field(default=5_000_000, gt=0)
    heartbeat_file: Path | None = None
    heartbeat_interval: float = Field(default=30.0, gt=0)
    progress_interval: float = Field(default=3.0, ge=0)
    concurrent_updates: int = Field(default=8, ge=1)
    webhook: Webhook | None = None
    log_level: str = "INFO"

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admins(cls, value: Any) -> Any:
        return _int_list(value)

    @field_validator("allowed_users", mode="before")
    @classmethod
    def _parse_allowed(cls, value: Any) -> Any:
        if value is None or value == "":
            return None
        return _int_list(value)

    @field_validator("ingest_mode", mode="before")
    @classmethod
    def _parse_ingest(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() in ("everyone", "admins"):
            return value.strip().lower()
        return _int_list(value)

    @field_validator("api_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Let the environment override the TOML values, which arrive as init arguments."""
        return env_settings, init_settings

    @property
    def heartbeat_path(self) -> Path:
        """Where the liveness file is touched (the Dockerfile's HEALTHCHECK reads its age)."""
        return self.heartbeat_file or self.data_dir / "heartbeat"

    def token_value(self) -> str:
        """Return the checked token, or raise ConfigError with a one-line reason."""
        if self.token is None or not self.token.get_secret_value().strip():
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set; get a token from @BotFather.")
        token = self.token.get_secret_value().strip()
        if not TOKEN_PATTERN.match(token):
            raise ConfigError("TELEGRAM_BOT_TOKEN does not look like a bot token (digits:secret).")
        return token

    def is_admin(self, user_id: int) -> bool:
        """Return whether the user may run admin commands."""
        return user_id in self.admin_ids

    def may_ask(self, user_id: int) -> bool:
        """Return whether the user may use the bot at all."""
        return self.allowed_users is None or user_id in self.allowed_users or self.is_admin(user_id)

    def may_ingest(self, user_id: int) -> bool:
        """Return whether the user may add articles."""
        if self.ingest_mode == "everyone":
            return self.may_ask(user_id)
        if self.ingest_mode == "admins":
            return self.is_admin(user_id)
        return user_id in self.ingest_mode or self.is_admin(user_id)


def config_path_from_env() -> Path | None:
    """Return the TOML path: NEWSBOT_CONFIG, else ./config.toml when it exists."""
    named = os.environ.get("NEWSBOT_CONFIG")
    if named:
        return Path(named)
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


def load_settings(config_path: Path | None = None, data_dir: Path | None = None) -> Settings:
    """Read the TOML file (explicit path, NEWSBOT_CONFIG or ./config.toml), then the environment."""
    path = config_path or config_path_from_env()
    values: dict[str, Any] = {}
    if path is not None:
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    try:
        settings = Settings(**values)
    except ValueError as exc:
        raise ConfigError(f"invalid setting: {_first_error(exc)}") from exc
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    return settings


def _first_error(exc: ValueError) -> str:
    """Shorten a pydantic validation error to its first line pair."""
    lines = [line.strip() for line in str(exc).splitlines()[1:3]]
    return " ".join(lines) or str(exc)
