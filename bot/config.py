"""Settings read once from the environment (and a .env file), frozen, with the token kept secret."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

PACKAGE = Path(__file__).resolve().parent
# Data a fresh install ships inside the package (pyproject.toml maps them to bot/shipped/*),
# and where each lives in a checkout, beside the package.
_SHIPPED = {"knowledge": "knowledge", "seeds": "seeds", "questions": "tests/data"}
DB_FILE = "heartbot.db"  # the feedback database, in the data folder
DATABASE_URL_EXAMPLE = "postgresql://USER:PASSWORD@HOST:5432/DATABASE"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")  # what HEARTBOT_DATABASE_URL may start with
DEV_QUESTIONS = "dev_questions.tsv"  # what `heartbot eval` and `bench` measure by default


class ConfigError(Exception):
    """A setting is missing or malformed; the message says how to set it."""


def shipped(name: str) -> Path:
    """A folder of shipped data ("knowledge", "seeds", "questions"): inside the installed
    package, or beside the package in a checkout (an editable install reads the checkout)."""
    inside, beside = PACKAGE / "shipped" / name, PACKAGE.parent / _SHIPPED[name]
    return inside if inside.is_dir() else beside


def default_knowledge_path() -> Path:
    """The knowledge folder: under the working folder if it has one, else the shipped one."""
    here = Path.cwd() / "knowledge"
    return here if here.is_dir() else shipped("knowledge")


def dev_questions() -> Path:
    """The dev question set `heartbot eval` and `bench` use when given none."""
    return shipped("questions") / DEV_QUESTIONS


def knowledge_path(env: Mapping[str, str] | None = None) -> Path:
    """``HEARTBOT_KNOWLEDGE`` (a fact file or a folder of them) if set, else ``knowledge/``."""
    env = os.environ if env is None else env
    value = env.get("HEARTBOT_KNOWLEDGE", "").strip()
    return Path(value) if value else default_knowledge_path()


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """``HEARTBOT_DATA_DIR`` if set, else ``data`` under the working folder: state shards share."""
    env = os.environ if env is None else env
    value = env.get("HEARTBOT_DATA_DIR", "").strip()
    folder = Path(value) if value else Path("data")
    if folder.exists() and not folder.is_dir():
        name = "HEARTBOT_DATA_DIR" if value else "the data folder ./data"
        raise ConfigError(
            f"{name} is {folder}, a file, not a folder; point HEARTBOT_DATA_DIR at a folder "
            "(heartbot creates it if it is missing)"
        )
    return folder


def database_url(env: Mapping[str, str] | None = None) -> str | None:
    """``HEARTBOT_DATABASE_URL``: the PostgreSQL database shards on several machines share."""
    env = os.environ if env is None else env
    value = env.get("HEARTBOT_DATABASE_URL", "").strip()
    if not value:
        return None
    if not value.lower().startswith(POSTGRES_SCHEMES):
        # Never echo the value: it may hold a password.
        got = f"a {value.split('://', 1)[0]}:// URL" if "://" in value else "no URL"
        raise ConfigError(
            f"HEARTBOT_DATABASE_URL must be a PostgreSQL URL like {DATABASE_URL_EXAMPLE}, "
            f"got {got}; unset it to keep feedback in SQLite in the data folder"
        )
    return value


def database(env: Mapping[str, str] | None = None) -> Path | str:
    """Where feedback goes: ``HEARTBOT_DATABASE_URL`` if set, else heartbot.db in the data
    folder."""
    return database_url(env) or data_dir(env) / DB_FILE


@dataclass(frozen=True)
class Settings:
    """What the Discord transport needs; ``repr`` never shows the token."""

    token: str = field(repr=False)
    knowledge: Path
    guild_id: int | None = None
    shards: int | Literal["auto"] | None = None
    shard_ids: tuple[int, ...] | None = None
    channels: frozenset[int] = frozenset()
    data_dir: Path = Path("data")
    database_url: str | None = field(default=None, repr=False)  # it may hold a password
    owner_guild_id: int | None = None  # the one server where the owner's tools (/reload) show

    @property
    def database(self) -> Path | str:
        """The feedback database: the PostgreSQL URL if set, else the SQLite file."""
        return self.database_url or self.data_dir / DB_FILE


PORTAL = "https://discord.com/developers/applications"
MISSING_TOKEN = (
    f"DISCORD_TOKEN is not set. Create an application at {PORTAL}, open Bot, press Reset Token, "
    "copy the token, and put DISCORD_TOKEN=<token> in .env (in this folder) or the environment."
)


def read_dotenv(path: Path) -> dict[str, str]:
    """Read a .env file with python-dotenv (quotes, ``export``, comments); missing is empty."""
    if not path.exists():
        return {}
    from dotenv import dotenv_values  # only `run` and `report` read a .env: spare the rest

    try:
        values = dotenv_values(path, encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the .env file ({exc})") from exc
    bare = [key for key, value in values.items() if value is None]
    if bare:
        raise ConfigError(
            f"{path}: {bare[0]!r} has no value; expected KEY=VALUE, like DISCORD_TOKEN=..."
        )
    return {key: value for key, value in values.items() if value is not None}


def environment(
    env: Mapping[str, str] | None = None, *, dotenv: Path | None = None
) -> dict[str, str]:
    """The variables heartbot reads: the environment wins over ``.env`` in the working folder."""
    env = os.environ if env is None else env
    return {**read_dotenv(dotenv if dotenv is not None else Path.cwd() / ".env"), **env}


def load_settings(env: Mapping[str, str] | None = None, *, dotenv: Path | None = None) -> Settings:
    """Read the Discord settings once: the environment wins over ``.env`` in the working folder."""
    merged = environment(env, dotenv=dotenv)
    token = merged.get("DISCORD_TOKEN", "").strip()
    if not token:
        raise ConfigError(MISSING_TOKEN)
    shards, shard_ids = _shards(merged)
    return Settings(
        token=token,
        knowledge=knowledge_path(merged),
        guild_id=_snowflake(merged, "HEARTBOT_GUILD_ID", "the id of your test server"),
        shards=shards,
        shard_ids=shard_ids,
        channels=frozenset(_ids(merged, "HEARTBOT_CHANNELS")),
        data_dir=data_dir(merged),
        database_url=database_url(merged),
        owner_guild_id=_snowflake(merged, "HEARTBOT_OWNER_GUILD_ID", "the id of your own server"),
    )


def _snowflake(env: Mapping[str, str], name: str, what: str) -> int | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ConfigError(
            f"{name} must be {what}, a number (in Discord: turn on Developer Mode, "
            f"right-click, Copy ID); got {value!r}"
        )
    return int(value)


def _ids(env: Mapping[str, str], name: str) -> list[int]:
    parts = [p.strip() for p in env.get(name, "").split(",") if p.strip()]
    bad = [p for p in parts if not p.isdigit()]
    if bad:
        raise ConfigError(f"{name} must be comma-separated numbers, like 123,456; got {bad[0]!r}")
    return [int(p) for p in parts]


def _shards(env: Mapping[str, str]) -> tuple[int | Literal["auto"] | None, tuple[int, ...] | None]:
    value = env.get("HEARTBOT_SHARDS", "").strip().lower()
    ids = tuple(_ids(env, "HEARTBOT_SHARD_IDS")) or None
    if not value:
        if ids is not None:
            raise ConfigError("HEARTBOT_SHARD_IDS needs HEARTBOT_SHARDS, the total shard count")
        return None, None
    if value == "auto":
        if ids is not None:
            raise ConfigError("HEARTBOT_SHARD_IDS needs HEARTBOT_SHARDS as a number, not auto")
        return "auto", None
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(
            f"HEARTBOT_SHARDS must be a shard count (1 or more) or auto; got {value!r}"
        )
    count = int(value)
    if ids is not None and any(i >= count for i in ids):
        raise ConfigError(f"HEARTBOT_SHARD_IDS must be below HEARTBOT_SHARDS ({count})")
    return count, ids
