"""Settings read once from the environment (and a .env file), frozen, with the token kept secret."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DB_FILE = "heartbot.db"  # the feedback database, in the data folder


class ConfigError(Exception):
    """A setting is missing or malformed; the message says how to set it."""


def default_knowledge_path() -> Path:
    """The knowledge folder: under the working folder if it has one, else beside the package."""
    for root in (Path.cwd(), PROJECT_ROOT):
        candidate = root / "knowledge"
        if candidate.is_dir():
            return candidate
    return Path.cwd() / "knowledge"


def knowledge_path(env: Mapping[str, str] | None = None) -> Path:
    """``HEARTBOT_KNOWLEDGE`` (a fact file or a folder of them) if set, else ``knowledge/``."""
    env = os.environ if env is None else env
    value = env.get("HEARTBOT_KNOWLEDGE", "").strip()
    return Path(value) if value else default_knowledge_path()


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """``HEARTBOT_DATA_DIR`` if set, else ``data`` under the working folder: state shards share."""
    env = os.environ if env is None else env
    value = env.get("HEARTBOT_DATA_DIR", "").strip()
    return Path(value) if value else Path("data")


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


PORTAL = "https://discord.com/developers/applications"
MISSING_TOKEN = (
    f"DISCORD_TOKEN is not set. Create an application at {PORTAL}, open Bot, press Reset Token, "
    "copy the token, and put DISCORD_TOKEN=<token> in .env (in this folder) or the environment."
)


def read_dotenv(path: Path) -> dict[str, str]:
    """Read simple ``KEY=VALUE`` lines from a .env file; a missing file is empty."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the .env file ({exc})") from exc
    values: dict[str, str] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.removeprefix("export ").partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{path}:{number}: expected KEY=VALUE, like DISCORD_TOKEN=...")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


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
        raise ConfigError(
            f"{name} must be comma-separated channel ids, like 123,456; got {bad[0]!r}"
        )
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
