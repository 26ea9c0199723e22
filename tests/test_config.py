"""Discord settings: the token from the environment or .env, and the HEARTBOT_* options."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import MISSING_TOKEN, ConfigError, load_settings, read_dotenv

TOKEN = {"DISCORD_TOKEN": "abc.def.ghi"}


def settings_from(env: dict[str, str], tmp_path: Path, dotenv: str = "") -> object:
    path = tmp_path / ".env"
    path.write_text(dotenv, encoding="utf-8")
    return load_settings(env, dotenv=path)


def test_the_token_comes_from_the_environment(tmp_path: Path) -> None:
    """DISCORD_TOKEN in the environment is the token."""
    assert load_settings(TOKEN, dotenv=tmp_path / "none").token == "abc.def.ghi"


def test_a_dotenv_file_supplies_the_token(tmp_path: Path) -> None:
    """DISCORD_TOKEN=... in .env is read when the environment has none."""
    (tmp_path / ".env").write_text("DISCORD_TOKEN=from-file\n", encoding="utf-8")
    assert load_settings({}, dotenv=tmp_path / ".env").token == "from-file"


def test_the_environment_wins_over_dotenv(tmp_path: Path) -> None:
    """A token in the environment overrides the one in .env."""
    (tmp_path / ".env").write_text("DISCORD_TOKEN=from-file\n", encoding="utf-8")
    assert load_settings(TOKEN, dotenv=tmp_path / ".env").token == "abc.def.ghi"


@pytest.mark.parametrize(
    "line",
    [
        "DISCORD_TOKEN=t0k",
        'DISCORD_TOKEN="t0k"',
        "DISCORD_TOKEN='t0k'",
        "export DISCORD_TOKEN=t0k",
        "  DISCORD_TOKEN = t0k  ",
    ],
)
def test_dotenv_reads_the_usual_spellings(tmp_path: Path, line: str) -> None:
    """.env accepts quotes, spaces and a leading export."""
    (tmp_path / ".env").write_text(f"# heartbot\n\n{line}\n", encoding="utf-8")
    assert read_dotenv(tmp_path / ".env") == {"DISCORD_TOKEN": "t0k"}


def test_a_malformed_dotenv_line_is_named(tmp_path: Path) -> None:
    """A .env line that isn't KEY=VALUE is reported with its file and its text."""
    (tmp_path / ".env").write_text("DISCORD_TOKEN=x\nnonsense\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\.env: 'nonsense' has no value; expected KEY=VALUE"):
        read_dotenv(tmp_path / ".env")


def test_a_comment_after_the_token_is_not_part_of_it(tmp_path: Path) -> None:
    """``DISCORD_TOKEN=abc # note`` gives the token abc, as shells and python-dotenv read it."""
    (tmp_path / ".env").write_text("DISCORD_TOKEN=abc # note\n", encoding="utf-8")
    assert load_settings({}, dotenv=tmp_path / ".env").token == "abc"


def test_a_missing_token_says_how_to_get_and_set_one(tmp_path: Path) -> None:
    """No token anywhere: the error says where to get one and where to put it."""
    with pytest.raises(ConfigError) as caught:
        load_settings({}, dotenv=tmp_path / "none")
    assert str(caught.value) == MISSING_TOKEN
    assert "discord.com/developers/applications" in MISSING_TOKEN
    assert ".env" in MISSING_TOKEN


def test_the_token_never_shows_in_repr(tmp_path: Path) -> None:
    """Printing or logging the settings never shows the token."""
    assert "abc.def.ghi" not in repr(load_settings(TOKEN, dotenv=tmp_path / "none"))


@pytest.mark.parametrize(
    ("env", "field", "value"),
    [
        ({"HEARTBOT_GUILD_ID": "123"}, "guild_id", 123),
        ({"HEARTBOT_OWNER_GUILD_ID": "456"}, "owner_guild_id", 456),
        ({"HEARTBOT_CHANNELS": "1, 2,3"}, "channels", frozenset({1, 2, 3})),
        ({"HEARTBOT_SHARDS": "auto"}, "shards", "auto"),
        ({"HEARTBOT_SHARDS": "4"}, "shards", 4),
        ({"HEARTBOT_SHARDS": "4", "HEARTBOT_SHARD_IDS": "2,3"}, "shard_ids", (2, 3)),
        ({"HEARTBOT_DATA_DIR": "/var/lib/heartbot"}, "data_dir", Path("/var/lib/heartbot")),
        ({}, "guild_id", None),
        ({}, "owner_guild_id", None),
        ({}, "channels", frozenset()),
        ({}, "shards", None),
        ({}, "data_dir", Path("data")),
    ],
)
def test_heartbot_options_are_read(
    tmp_path: Path, env: dict[str, str], field: str, value: object
) -> None:
    """Each HEARTBOT_* option is read into the settings, with its default when unset."""
    settings = load_settings({**TOKEN, **env}, dotenv=tmp_path / "none")
    assert getattr(settings, field) == value


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"HEARTBOT_GUILD_ID": "my server"}, "HEARTBOT_GUILD_ID"),
        ({"HEARTBOT_OWNER_GUILD_ID": "mine"}, "HEARTBOT_OWNER_GUILD_ID"),
        ({"HEARTBOT_CHANNELS": "123,#general"}, "HEARTBOT_CHANNELS"),
        ({"HEARTBOT_SHARDS": "0"}, "HEARTBOT_SHARDS"),
        ({"HEARTBOT_SHARDS": "many"}, "HEARTBOT_SHARDS"),
        ({"HEARTBOT_SHARD_IDS": "0"}, "HEARTBOT_SHARD_IDS"),
        ({"HEARTBOT_SHARDS": "2", "HEARTBOT_SHARD_IDS": "2"}, "HEARTBOT_SHARD_IDS"),
        ({"HEARTBOT_SHARDS": "auto", "HEARTBOT_SHARD_IDS": "0"}, "HEARTBOT_SHARD_IDS"),
    ],
)
def test_a_bad_option_is_named(tmp_path: Path, env: dict[str, str], named: str) -> None:
    """A malformed HEARTBOT_* value is a ConfigError that names the variable."""
    with pytest.raises(ConfigError, match=named):
        load_settings({**TOKEN, **env}, dotenv=tmp_path / "none")
