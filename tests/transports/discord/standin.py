"""A small stand-in for Discord's API v10 on loopback: REST and the gateway, for end-to-end tests.

The real discord.py client connects to it (tests point ``discord.http.Route.BASE`` and the default
gateway at it) and it plays Discord: one server with a few channels, two people and another bot.
Tests push what people do (a message, a slash command, a click) and read back what the bot sent.

It refuses what Discord refuses, as Discord does, so a test fails where Discord would: message,
embed, component and autocomplete limits (400, code 50035), a second response to one interaction
(40060), a response after the 3-second deadline (10062). It also notes, in ``problems``, what
Discord would let through but users would suffer: a send that could ping someone, or an embed in a
channel where the bot may not embed (Discord hides it). Every test expects ``problems`` empty.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

API = "/api/v10"
TOKEN = "standin.bot.token"
DEADLINE = 3.0  # seconds to acknowledge an interaction
MAX_CHOICES = 25  # autocomplete choices
WAIT = 5.0  # the longest a test waits for the bot; only a broken bot takes anywhere near it

# Permission bits, from Discord's documentation.
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
SEND_MESSAGES_IN_THREADS = 1 << 38
PEOPLE = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY
MESSAGE_CONTENT_INTENT = 1 << 15
EPHEMERAL = 1 << 6

# Interaction types, and the callback types that answer them.
COMMAND, COMPONENT, AUTOCOMPLETE = 2, 3, 4
REPLY, DEFERRED_REPLY, DEFERRED_UPDATE, UPDATE, CHOICES = 4, 5, 6, 7, 8
MESSAGE_TYPES = {REPLY, UPDATE}
ANSWERS = {  # the callback types each interaction type may be answered with
    COMMAND: {REPLY, DEFERRED_REPLY},
    COMPONENT: {REPLY, DEFERRED_REPLY, DEFERRED_UPDATE, UPDATE},
    AUTOCOMPLETE: {CHOICES},
}

# Discord's JSON error codes.
UNKNOWN_MESSAGE, UNKNOWN_WEBHOOK, UNKNOWN_INTERACTION = 10008, 10015, 10062
ALREADY_ACKNOWLEDGED, CANNOT_DM, MISSING_PERMISSIONS = 40060, 50007, 50013
MISSING_ACCESS = 50001
EMPTY_MESSAGE, INVALID_FORM = 50006, 50035

T = TypeVar("T")
_snowflakes = itertools.count(1_200_000_000_000_000_000)


def snowflake() -> int:
    """A fresh id, increasing like Discord's."""
    return next(_snowflakes)


def now() -> str:
    """An ISO timestamp, as Discord writes them."""
    return datetime.now(UTC).isoformat()


@dataclass
class User:
    """Someone in the stand-in server (a person or a bot)."""

    id: int
    name: str
    bot: bool = False

    def json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": self.name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }


@dataclass
class Channel:
    """A text channel in the server, or a DM; ``deny`` is the @everyone overwrite."""

    id: int
    name: str
    guild_id: int | None
    deny: int = 0
    recipient: User | None = None
    member: bool = True  # False where only a user's install of heartbot reaches, not the bot
    group: tuple[User, ...] = ()  # a group DM's people (heartbot is never one of them)

    def json(self, bot: User) -> dict[str, Any]:
        if self.group:
            return {
                "id": str(self.id),
                "type": 3,
                "recipients": [u.json() for u in self.group],
                "name": None,
                "icon": None,
                "owner_id": str(self.group[0].id),
                "flags": 0,
            }
        if self.guild_id is None:
            recipients = [self.recipient.json()] if self.recipient else []
            return {"id": str(self.id), "type": 1, "recipients": recipients, "flags": 0}
        overwrites = [{"id": str(self.guild_id), "type": 0, "allow": "0", "deny": str(self.deny)}]
        return {
            "id": str(self.id),
            "type": 0,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": 0,
            "permission_overwrites": overwrites,
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }


@dataclass
class Sent:
    """A message the bot made Discord show: in a channel, or in answer to an interaction."""

    id: int
    channel_id: int
    body: dict[str, Any]
    via: str  # "channel", "response", "followup", "edit" or "update"
    interaction: int | None = None
    reply_to: int | None = None
    deleted: bool = False

    @property
    def content(self) -> str:
        return str(self.body.get("content") or "")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.body.get("embeds") or [])

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.body.get("flags") or 0) & EPHEMERAL)

    @property
    def components(self) -> list[dict[str, Any]]:
        return list(self.body.get("components") or [])

    @property
    def buttons(self) -> dict[str, str]:
        """Each button's label and custom_id."""
        return {
            c.get("label", ""): c.get("custom_id", "")
            for row in self.components
            for c in row.get("components", [])
            if c.get("type") == 2
        }

    @property
    def selects(self) -> dict[str, list[dict[str, Any]]]:
        """Each select menu's custom_id and options."""
        return {
            c["custom_id"]: c.get("options", [])
            for row in self.components
            for c in row.get("components", [])
            if c.get("type") == 3
        }

    @property
    def text(self) -> str:
        """Everything a person reads in the message, as one string."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title", ""), embed.get("description", "")]
            for f in embed.get("fields", []):
                parts += [f.get("name", ""), f.get("value", "")]
            parts.append(embed.get("footer", {}).get("text", ""))
        return "\n".join(p for p in parts if p)


@dataclass
class Interaction:
    """An interaction the stand-in sent, and what the bot did with it."""

    id: int
    token: str
    kind: int
    channel_id: int
    user: User
    issued: float
    message_id: int | None = None  # the message a component is on
    attempts: int = 0  # responses the bot tried, accepted or not
    callbacks: list[int] = field(default_factory=list)  # responses accepted, by callback type
    original: int | None = None  # the message the response created or updated
    choices: list[dict[str, Any]] | None = None


class DiscordError(Exception):
    """A refusal, shaped like Discord's JSON errors."""

    def __init__(self, status: int, code: int, message: str, errors: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, list(errors)

    def response(self) -> web.Response:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.errors:
            body["errors"] = {
                f"problem{i}": {"_errors": [{"code": "INVALID", "message": e}]}
                for i, e in enumerate(self.errors)
            }
        return reply_json(body, status=self.status)


def reply_json(data: object, *, status: int = 200) -> web.Response:
    """A JSON response with Discord's exact content type (discord.py compares it verbatim)."""
    body = json.dumps(data).encode()
    return web.Response(body=body, status=status, headers={"Content-Type": "application/json"})


def invalid_form(problems: list[str]) -> DiscordError:
    return DiscordError(400, INVALID_FORM, "Invalid Form Body", problems)


# --- Discord's documented limits --------------------------------------------------------------


def embed_problems(embeds: list[dict[str, Any]]) -> list[str]:
    """What Discord would refuse in a message's embeds."""
    problems: list[str] = []
    if len(embeds) > 10:
        problems.append(f"{len(embeds)} embeds; at most 10")
    total = 0
    for e in embeds:
        sizes = {
            "title": (len(e.get("title") or ""), 256),
            "description": (len(e.get("description") or ""), 4096),
            "footer.text": (len((e.get("footer") or {}).get("text") or ""), 2048),
            "author.name": (len((e.get("author") or {}).get("name") or ""), 256),
            "fields": (len(e.get("fields") or []), 25),
        }
        for f in e.get("fields") or []:
            sizes[f"field {f.get('name')!r} name"] = (len(f.get("name") or ""), 256)
            sizes[f"field {f.get('name')!r} value"] = (len(f.get("value") or ""), 1024)
            if not f.get("name") or not f.get("value"):
                problems.append(f"embed field {f!r} needs a name and a value")
            total += len(f.get("name") or "") + len(f.get("value") or "")
        problems += [f"embed {k} is {n}; at most {cap}" for k, (n, cap) in sizes.items() if n > cap]
        total += sizes["title"][0] + sizes["description"][0] + sizes["footer.text"][0]
        total += sizes["author.name"][0]
    if total > 6000:
        problems.append(f"embeds total {total} characters; at most 6000")
    return problems


def component_problems(rows: list[dict[str, Any]]) -> list[str]:
    """What Discord would refuse in a message's buttons and menus."""
    problems: list[str] = []
    if len(rows) > 5:
        problems.append(f"{len(rows)} action rows; at most 5")
    ids: list[str] = []
    for row in rows:
        items = row.get("components") or []
        if row.get("type") != 1 or not 1 <= len(items) <= 5:
            problems.append(f"an action row holds 1 to 5 components, not {len(items)}")
        if any(c.get("type") == 3 for c in items) and len(items) > 1:
            problems.append("a select menu must be alone in its row")
        for c in items:
            custom_id = c.get("custom_id")
            if custom_id is not None:
                ids.append(custom_id)
                if not 1 <= len(custom_id) <= 100:
                    problems.append(f"custom_id {custom_id!r} is over 100 characters")
            if c.get("type") == 2:
                if len(c.get("label") or "") > 80:
                    problems.append(f"button label {c['label']!r} is over 80 characters")
                if (c.get("style") == 5) == (custom_id is not None):
                    problems.append("a link button has a url; any other button, a custom_id")
            elif c.get("type") == 3:
                options = c.get("options") or []
                if not 1 <= len(options) <= 25:
                    problems.append(f"a select menu has 1 to 25 options, not {len(options)}")
                for o in options:
                    for key in ("label", "value", "description"):
                        if len(o.get(key) or "") > 100:
                            problems.append(f"select option {key} {o[key]!r} is over 100")
                if len(c.get("placeholder") or "") > 150:
                    problems.append("select placeholder is over 150 characters")
    if len(ids) != len(set(ids)):
        problems.append(f"custom_ids must be unique in a message: {ids}")
    return problems


def ping_problems(body: dict[str, Any], expected: frozenset[int] = frozenset()) -> list[str]:
    """A message that could ping anyone: allowed_mentions must parse nothing and list no one,
    but for the people a test expects pinged (``expected``, like /ask's ``for:``)."""
    mentions = body.get("allowed_mentions")
    if not isinstance(mentions, dict):
        return [f"no allowed_mentions on a message: {body.get('content')!r}"]
    users = {int(u) for u in mentions.get("users") or []}
    if mentions.get("parse") or not users <= expected or mentions.get("roles"):
        return [f"allowed_mentions {mentions} can ping"]
    if mentions.get("replied_user"):
        return ["allowed_mentions pings the author of the replied-to message"]
    return []


def message_problems(body: dict[str, Any]) -> list[str]:
    """What Discord would refuse in a message body (content, embeds, components)."""
    problems: list[str] = []
    content = body.get("content") or ""
    if len(content) > 2000:
        problems.append(f"content is {len(content)} characters; at most 2000")
    problems += embed_problems(body.get("embeds") or [])
    problems += component_problems(body.get("components") or [])
    return problems


def choice_problems(choices: list[dict[str, Any]]) -> list[str]:
    """What Discord would refuse in an autocomplete answer."""
    problems = [f"{len(choices)} choices; at most 25"] if len(choices) > MAX_CHOICES else []
    for choice in choices:
        if not 1 <= len(choice.get("name") or "") <= 100:
            problems.append(f"choice name {choice.get('name')!r} must be 1 to 100 characters")
        if isinstance(choice.get("value"), str) and len(choice["value"]) > 100:
            problems.append(f"choice value {choice['value']!r} is over 100 characters")
    return problems


_COMMAND_NAME = re.compile(r"[-_a-z0-9]{1,32}")


def command_problems(commands: list[dict[str, Any]]) -> list[str]:
    """What Discord would refuse in a bulk overwrite of application commands."""
    problems: list[str] = []
    for command in commands:
        name = command.get("name", "")
        if command.get("type", 1) == 1:
            if not _COMMAND_NAME.fullmatch(name):
                problems.append(f"command name {name!r} must be 1-32 lowercase letters")
            if not 1 <= len(command.get("description", "")) <= 100:
                problems.append(f"/{name} needs a description of 1 to 100 characters")
            options = command.get("options", [])
            if len(options) > 25:
                problems.append(f"/{name} has over 25 options")
            required = [o.get("required", False) for o in options]
            if required != sorted(required, reverse=True):
                problems.append(f"/{name}: required options must come first")
            for option in options:
                if not _COMMAND_NAME.fullmatch(option.get("name", "")):
                    problems.append(f"/{name} option {option.get('name')!r} has a bad name")
                if not 1 <= len(option.get("description", "")) <= 100:
                    problems.append(f"/{name} option {option.get('name')!r} needs a description")
        elif not 1 <= len(name) <= 32 or command.get("description"):
            problems.append(f"menu {name!r}: a name of 1 to 32 characters and no description")
    return problems


# --- the stand-in --------------------------------------------------------------------------


class StandIn:
    """Discord API v10 and gateway on 127.0.0.1, with one server, its channels and people."""

    def __init__(self, *, token: str = TOKEN) -> None:
        self.token = token
        self.bot = User(snowflake(), "heartbot", bot=True)
        self.application_id = self.bot.id
        self.alice = User(snowflake(), "alice")
        self.bob = User(snowflake(), "bob")
        self.carol = User(snowflake(), "carol")
        self.other_bot = User(snowflake(), "robot", bot=True)
        self.guild_id = snowflake()
        self.bot_role = snowflake()
        self.bot_permissions = PEOPLE | SEND_MESSAGES_IN_THREADS
        self.general = self._channel("general")
        self.auto = self._channel("questions")
        self.no_embeds = self._channel("no-embeds", deny=EMBED_LINKS)
        self.muted = self._channel("announcements", deny=SEND_MESSAGES)
        # Where only alice's own install of heartbot reaches: a server without the bot, and a
        # group DM. Interactions work there; the bot's REST calls to the channel do not.
        self.other_guild_id = snowflake()
        self.elsewhere = Channel(snowflake(), "elsewhere", self.other_guild_id, member=False)
        self.group_dm = Channel(
            snowflake(), "group", None, member=False, group=(self.alice, self.bob)
        )
        self.dm_closed: set[int] = set()  # people who don't accept DMs from the bot
        self.moderators: set[int] = set()  # people with Manage Messages in the server
        self.expected_pings: set[int] = set()  # whom a test means the bot to ping
        self.content_intent_enabled = True  # the portal's Message Content Intent switch
        self.messages: dict[int, dict[str, Any]] = {}
        self.sent: list[Sent] = []
        self.interactions: dict[int, Interaction] = {}
        self.problems: list[str] = []
        self.requests: list[tuple[str, str]] = []
        self.refusals: list[tuple[str, int]] = []  # (path, Discord error code) of refused requests
        self.synced: dict[str, list[dict[str, Any]]] = {}
        self.identified: list[dict[str, Any]] = []
        self.close_codes: list[int | None] = []
        self.gateway_bot_asked = 0
        self._channels: dict[int, Channel] = {}
        for channel in (
            self.general,
            self.auto,
            self.no_embeds,
            self.muted,
            self.elsewhere,
            self.group_dm,
        ):
            self._channels[channel.id] = channel
        self._sockets: dict[int, web.WebSocketResponse] = {}
        self._seq = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.url = ""

    def _channel(self, name: str, *, deny: int = 0) -> Channel:
        return Channel(snowflake(), name, self.guild_id, deny)

    # ---- running ----

    async def start(self) -> None:
        """Listen on a free loopback port."""
        app = web.Application(middlewares=[self._middleware])
        route = app.router
        route.add_get("/gateway", self._gateway)
        route.add_get(f"{API}/users/@me", self._me)
        route.add_get(f"{API}/gateway/bot", self._gateway_bot)
        route.add_get(f"{API}/oauth2/applications/@me", self._application)
        route.add_put(f"{API}/applications/{{app}}/commands", self._sync)
        route.add_put(f"{API}/applications/{{app}}/guilds/{{guild}}/commands", self._sync)
        route.add_post(f"{API}/users/@me/channels", self._open_dm)
        route.add_post(f"{API}/channels/{{channel}}/messages", self._create_message)
        route.add_delete(f"{API}/channels/{{channel}}/messages/{{message}}", self._delete_message)
        route.add_get(f"{API}/channels/{{channel}}/messages/{{message}}", self._get_message)
        route.add_patch(f"{API}/channels/{{channel}}/messages/{{message}}", self._edit_message)
        route.add_post(f"{API}/interactions/{{id}}/{{token}}/callback", self._callback)
        route.add_post(f"{API}/webhooks/{{app}}/{{token}}", self._followup)
        route.add_route(
            "*", f"{API}/webhooks/{{app}}/{{token}}/messages/{{message}}", self._webhook
        )
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"

    @property
    def api_base(self) -> str:
        return self.url + API

    @property
    def gateway_url(self) -> str:
        return self.url.replace("http", "ws", 1) + "/gateway"

    async def close(self) -> None:
        for ws in list(self._sockets.values()):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def until(self, check: Callable[[], T | None]) -> T:
        """Wait (for a bounded time) until ``check()`` gives something as the bot acts."""
        async with asyncio.timeout(WAIT), self._changed:
            return await self._changed.wait_for(check)

    async def _note(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # ---- REST ----

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        path = request.path
        self.requests.append((request.method, path))
        public = path == "/gateway" or path.startswith((f"{API}/interactions/", f"{API}/webhooks/"))
        if not public and request.headers.get("Authorization") != f"Bot {self.token}":
            return reply_json({"message": "401: Unauthorized", "code": 0}, status=401)
        try:
            response: web.StreamResponse = await handler(request)
        except DiscordError as error:
            self.refusals.append((path, error.code))
            response = error.response()
        except web.HTTPNotFound:
            self.problems.append(
                f"the bot called a route the stand-in doesn't know: {request.method} {path}"
            )
            response = reply_json({"message": "404: Not Found", "code": 0}, status=404)
        await self._note()
        return response

    async def _me(self, request: web.Request) -> web.Response:
        return reply_json({**self.bot.json(), "verified": True, "flags": 0, "mfa_enabled": False})

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        self.gateway_bot_asked += 1
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return reply_json({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _application(self, request: web.Request) -> web.Response:
        return reply_json(
            {
                "id": str(self.application_id),
                "name": "heartbot",
                "icon": None,
                "description": "",
                "summary": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "owner": self.alice.json(),
                "team": None,
                "flags": 0,
                "rpc_origins": [],
                "interactions_endpoint_url": None,
            }
        )

    async def _sync(self, request: web.Request) -> web.Response:
        commands = await request.json()
        problems = command_problems(commands)
        if problems:
            self.problems += problems
            raise invalid_form(problems)
        guild = request.match_info.get("guild")
        scope = f"guild:{guild}" if guild else "global"
        self.synced[scope] = commands
        echoed = [
            {
                "description": "",
                **c,
                "id": str(snowflake()),
                "application_id": str(self.application_id),
                "version": str(snowflake()),
                **({"guild_id": guild} if guild else {}),
            }
            for c in commands
        ]
        return reply_json(echoed)

    async def _open_dm(self, request: web.Request) -> web.Response:
        user_id = int((await request.json())["recipient_id"])
        user = next(
            u for u in (self.alice, self.bob, self.carol, self.other_bot) if u.id == user_id
        )
        return reply_json(self.dm_with(user).json(self.bot))

    async def _create_message(self, request: web.Request) -> web.Response:
        channel = self._channels.get(int(request.match_info["channel"]))
        if channel is None:
            raise DiscordError(404, 10003, "Unknown Channel")
        body = await request.json()
        allowed = self.permissions(channel)
        if not channel.member:
            raise DiscordError(403, MISSING_ACCESS, "Missing Access")
        if channel.recipient is not None and channel.recipient.id in self.dm_closed:
            raise DiscordError(403, CANNOT_DM, "Cannot send messages to this user")
        if not allowed & VIEW_CHANNEL or not allowed & SEND_MESSAGES:
            raise DiscordError(403, MISSING_PERMISSIONS, "Missing Permissions")
        self._check_message(body)
        if body.get("embeds") and not allowed & EMBED_LINKS:
            self.problems.append(f"embed sent in #{channel.name}, where the bot may not embed")
        reply_to = self._reference(body)
        sent = self._record(channel.id, body, "channel", reply_to=reply_to)
        await self.dispatch("MESSAGE_CREATE", self.messages[sent.id], guild=channel.guild_id)
        return reply_json(self.messages[sent.id])

    def _reference(self, body: dict[str, Any]) -> int | None:
        reference = body.get("message_reference")
        if not reference:
            return None
        message_id = int(reference["message_id"])
        if message_id in self.messages:
            return message_id
        if reference.get("fail_if_not_exists", True):
            raise invalid_form(["message_reference: Unknown message"])
        return None

    async def _delete_message(self, request: web.Request) -> web.Response:
        message_id = int(request.match_info["message"])
        message = self.messages.get(message_id)
        channel = self._channels.get(int(request.match_info["channel"]))
        if channel is not None and not channel.member:
            raise DiscordError(403, MISSING_ACCESS, "Missing Access")
        if message is None or int(message.get("flags", 0)) & EPHEMERAL:
            raise DiscordError(404, UNKNOWN_MESSAGE, "Unknown Message")
        if int(message["author"]["id"]) != self.bot.id:
            raise DiscordError(403, MISSING_PERMISSIONS, "Missing Permissions")
        self._forget(message_id)
        await self.dispatch(
            "MESSAGE_DELETE",
            {
                "id": str(message_id),
                "channel_id": message["channel_id"],
                "guild_id": message.get("guild_id"),
            },
            guild=message.get("guild_id"),
        )
        return web.Response(status=204)

    def _message_in(self, request: web.Request) -> dict[str, Any]:
        """The message a channel route names, if the bot may see it."""
        channel = self._channels.get(int(request.match_info["channel"]))
        if channel is None:
            raise DiscordError(404, 10003, "Unknown Channel")
        if not self.permissions(channel) & VIEW_CHANNEL:
            raise DiscordError(403, MISSING_ACCESS, "Missing Access")
        message = self.messages.get(int(request.match_info["message"]))
        if message is None or int(message["channel_id"]) != channel.id:
            raise DiscordError(404, UNKNOWN_MESSAGE, "Unknown Message")
        if int(message.get("flags", 0)) & EPHEMERAL:
            raise DiscordError(404, UNKNOWN_MESSAGE, "Unknown Message")
        if channel.guild_id is not None and not self.permissions(channel) & READ_MESSAGE_HISTORY:
            raise DiscordError(403, MISSING_PERMISSIONS, "Missing Permissions")
        return message

    async def _get_message(self, request: web.Request) -> web.Response:
        return reply_json(self.seen(self._message_in(request)))

    async def _edit_message(self, request: web.Request) -> web.Response:
        message = self._message_in(request)
        if int(message["author"]["id"]) != self.bot.id:
            raise DiscordError(403, 50005, "Cannot edit a message authored by another user")
        body = await request.json()
        problems = message_problems(body)
        if problems:
            self.problems += problems
            raise invalid_form(problems)
        self._update(int(message["id"]), body, None, via="edit")
        return reply_json(self.messages[int(message["id"])])

    def _forget(self, message_id: int) -> None:
        self.messages.pop(message_id, None)
        for sent in self.sent:
            if sent.id == message_id:
                sent.deleted = True

    async def _callback(self, request: web.Request) -> web.Response:
        interaction = self.interactions.get(int(request.match_info["id"]))
        if interaction is None or interaction.token != request.match_info["token"]:
            raise DiscordError(404, UNKNOWN_INTERACTION, "Unknown interaction")
        interaction.attempts += 1
        if time.monotonic() - interaction.issued > DEADLINE:
            raise DiscordError(404, UNKNOWN_INTERACTION, "Unknown interaction")
        if interaction.callbacks:
            raise DiscordError(
                400, ALREADY_ACKNOWLEDGED, "Interaction has already been acknowledged."
            )
        payload = await request.json()
        kind, body = payload["type"], payload.get("data") or {}
        if kind not in ANSWERS[interaction.kind]:
            raise invalid_form(
                [f"callback type {kind} can't answer interaction type {interaction.kind}"]
            )
        if kind == CHOICES:
            problems = choice_problems(body.get("choices") or [])
            if problems:
                self.problems += problems
                raise invalid_form(problems)
            interaction.choices = body.get("choices") or []
        if kind in MESSAGE_TYPES:
            self._check_message(body)
        interaction.callbacks.append(kind)
        result: dict[str, Any] = {
            "interaction": {"id": str(interaction.id), "type": interaction.kind}
        }
        if kind == REPLY:
            sent = self._record(
                interaction.channel_id, body, "response", interaction=interaction.id
            )
            interaction.original = sent.id
        elif kind == DEFERRED_REPLY:
            sent = self._record(
                interaction.channel_id,
                {"flags": body.get("flags", 0)},
                "response",
                interaction=interaction.id,
            )
            interaction.original = sent.id
        elif kind in (UPDATE, DEFERRED_UPDATE):
            interaction.original = interaction.message_id
            if kind == UPDATE and interaction.message_id is not None:
                self._update(interaction.message_id, body, interaction.id)
        if kind in (REPLY, DEFERRED_REPLY, UPDATE) and interaction.original is not None:
            message = self.messages[interaction.original]
            result["interaction"].update(
                response_message_id=str(interaction.original),
                response_message_loading=kind == DEFERRED_REPLY,
                response_message_ephemeral=bool(int(message.get("flags", 0)) & EPHEMERAL),
            )
            result["resource"] = {"type": kind, "message": message}
        return reply_json(result)

    def _interaction_by_token(self, request: web.Request) -> Interaction:
        token = request.match_info["token"]
        for interaction in self.interactions.values():
            if interaction.token == token and interaction.callbacks:
                return interaction
        raise DiscordError(404, UNKNOWN_WEBHOOK, "Unknown Webhook")

    async def _followup(self, request: web.Request) -> web.Response:
        interaction = self._interaction_by_token(request)
        body = await request.json()
        self._check_message(body)
        sent = self._record(interaction.channel_id, body, "followup", interaction=interaction.id)
        return reply_json(self.messages[sent.id])

    async def _webhook(self, request: web.Request) -> web.StreamResponse:
        interaction = self._interaction_by_token(request)
        which = request.match_info["message"]
        message_id = interaction.original if which == "@original" else int(which)
        if message_id is None or message_id not in self.messages:
            raise DiscordError(404, UNKNOWN_MESSAGE, "Unknown Message")
        if request.method == "DELETE":
            self._forget(message_id)
            return web.Response(status=204)
        if request.method == "PATCH":
            body = await request.json()
            self._check_message(body)
            self._update(message_id, body, interaction.id, via="edit")
        return reply_json(self.messages[message_id])

    def _check_message(self, body: dict[str, Any]) -> None:
        problems = message_problems(body)
        if problems:
            self.problems += problems
            raise invalid_form(problems)
        if not (body.get("content") or body.get("embeds") or body.get("components")):
            raise DiscordError(400, EMPTY_MESSAGE, "Cannot send an empty message")
        self.problems += ping_problems(body, frozenset(self.expected_pings))

    def _record(
        self,
        channel_id: int,
        body: dict[str, Any],
        via: str,
        *,
        interaction: int | None = None,
        reply_to: int | None = None,
    ) -> Sent:
        channel = self._channels[channel_id]
        sent = Sent(snowflake(), channel_id, body, via, interaction, reply_to)
        message: dict[str, Any] = {
            "id": str(sent.id),
            "channel_id": str(channel_id),
            "author": self.bot.json(),
            "content": body.get("content") or "",
            "timestamp": now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": 19 if reply_to else (20 if interaction else 0),
            "flags": int(body.get("flags") or 0),
        }
        if channel.guild_id is not None:
            message["guild_id"] = str(channel.guild_id)
        if reply_to is not None:
            message["message_reference"] = {
                "message_id": str(reply_to),
                "channel_id": str(channel_id),
            }
        if interaction is not None:
            user = self.interactions[interaction].user
            message["application_id"] = str(self.application_id)
            message["webhook_id"] = str(self.application_id)
            message["interaction_metadata"] = {
                "id": str(interaction),
                "type": self.interactions[interaction].kind,
                "user": user.json(),
                "authorizing_integration_owners": {},
            }
        self.messages[sent.id] = message
        self.sent.append(sent)
        return sent

    def _update(
        self,
        message_id: int,
        body: dict[str, Any],
        interaction: int | None,
        *,
        via: str = "update",
    ) -> None:
        message = self.messages[message_id]
        for key in ("content", "embeds", "components"):
            if key in body:
                message[key] = body[key]
        message["edited_timestamp"] = now()
        self.sent.append(
            Sent(message_id, int(message["channel_id"]), {**message, **body}, via, interaction)
        )

    # ---- permissions ----

    def permissions(self, channel: Channel) -> int:
        """The bot's permissions in a channel: its roles, then the channel's @everyone overwrite."""
        if not channel.member:
            return 0
        if channel.guild_id is None:
            return PEOPLE
        return (PEOPLE | self.bot_permissions) & ~channel.deny

    def dm_with(self, user: User) -> Channel:
        """The DM channel between the bot and someone."""
        for channel in self._channels.values():
            if channel.recipient is not None and channel.recipient.id == user.id:
                return channel
        channel = Channel(snowflake(), f"dm-{user.name}", None, recipient=user)
        self._channels[channel.id] = channel
        return channel

    # ---- the gateway ----

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 45_000}, "s": None, "t": None})
        shard = 0
        async for frame in ws:
            if frame.type is not WSMsgType.TEXT:
                continue
            payload = json.loads(frame.data)
            if payload["op"] == 1:
                await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
            elif payload["op"] == 2:
                hello = payload["d"]
                if hello.get("token") != self.token:
                    await ws.close(code=4004, message=b"Authentication failed.")
                    break
                self.identified.append(hello)
                if hello["intents"] & MESSAGE_CONTENT_INTENT and not self.content_intent_enabled:
                    await ws.close(code=4014, message=b"Disallowed intent(s).")
                    break
                shard, count = hello.get("shard", [0, 1])
                self._sockets[shard] = ws
                await self._send(ws, "READY", self._ready(shard, count))
                if (self.guild_id >> 22) % count == shard:
                    await self._send(ws, "GUILD_CREATE", self._guild())
                await self._note()
            elif payload["op"] == 6:  # resume: this stand-in keeps no sessions
                await ws.send_json({"op": 9, "d": False, "s": None, "t": None})
        if self._sockets.get(shard) is ws:
            del self._sockets[shard]
        self.close_codes.append(ws.close_code)
        await self._note()
        return ws

    async def _send(self, ws: web.WebSocketResponse, event: str, data: dict[str, Any]) -> None:
        await ws.send_json({"op": 0, "t": event, "s": next(self._seq), "d": data})

    async def dispatch(
        self, event: str, data: dict[str, Any], *, guild: int | str | None = None
    ) -> None:
        """Send a gateway event to the shard that has the server (DMs go to shard 0)."""
        assert self._sockets, "the bot isn't connected to the gateway yet"
        count = len(self._sockets) if len(self._sockets) > 1 else 1
        shard = (int(guild) >> 22) % count if guild else 0
        ws = self._sockets.get(shard) or next(iter(self._sockets.values()))
        await self._send(ws, event, data)

    def _ready(self, shard: int, count: int) -> dict[str, Any]:
        return {
            "v": 10,
            "user": {**self.bot.json(), "verified": True, "flags": 0, "mfa_enabled": False},
            "guilds": [{"id": str(self.guild_id), "unavailable": True}],
            "session_id": secrets.token_hex(8),
            "resume_gateway_url": self.gateway_url,
            "shard": [shard, count],
            "application": {"id": str(self.application_id), "flags": 0},
        }

    def _guild(self) -> dict[str, Any]:
        everyone = {"id": str(self.guild_id), "name": "@everyone", "permissions": str(PEOPLE)}
        bot_role = {
            "id": str(self.bot_role),
            "name": "heartbot",
            "permissions": str(self.bot_permissions),
            "managed": True,
            "tags": {"bot_id": str(self.bot.id)},
        }
        for position, role in enumerate((everyone, bot_role)):
            role.update(position=position, color=0, hoist=False, mentionable=False, flags=0)
        return {
            "id": str(self.guild_id),
            "name": "Zoetrope",
            "icon": None,
            "owner_id": str(self.alice.id),
            "roles": [everyone, bot_role],
            "channels": [
                c.json(self.bot) for c in self._channels.values() if c.guild_id == self.guild_id
            ],
            "members": [self._member(self.bot, roles=[self.bot_role])],
            "member_count": 4,
            "joined_at": now(),
            "unavailable": False,
        }

    def _member(self, user: User, *, roles: Sequence[int] = ()) -> dict[str, Any]:
        return {
            "user": user.json(),
            "roles": [str(r) for r in roles],
            "joined_at": now(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
        }

    # ---- what people do ----

    def intents(self) -> int:
        """The intents the bot asked for when it last identified."""
        return int(self.identified[-1]["intents"])

    async def say(
        self,
        content: str,
        *,
        author: User | None = None,
        channel: Channel | None = None,
        mentions: Sequence[User] = (),
        roles: Sequence[int] = (),
        reply_to: int | None = None,
    ) -> int:
        """Someone posts a message (in #general by default, or a DM), perhaps as a reply to
        another (``reply_to``); returns its id."""
        author = author or self.alice
        channel = channel or self.general
        message_id = snowflake()
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel.id),
            "author": author.json(),
            "content": content,
            "timestamp": now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [{**u.json(), "member": self._member(u)} for u in mentions],
            "mention_roles": [str(role) for role in roles],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        if channel.guild_id is not None:
            message["guild_id"] = str(channel.guild_id)
            message["member"] = self._member(author)
        if reply_to is not None:
            message["type"] = 19
            message["message_reference"] = {
                "type": 0,
                "message_id": str(reply_to),
                "channel_id": str(channel.id),
                **({"guild_id": str(channel.guild_id)} if channel.guild_id else {}),
            }
            # Discord sends the replied-to message along (null if it was deleted), and blanks
            # its text too if the bot may not read it.
            referenced = self.messages.get(reply_to)
            message["referenced_message"] = self.seen(referenced) if referenced else None
        self.messages[message_id] = message
        if channel.member:  # the gateway tells the bot only of channels it is in
            await self.dispatch("MESSAGE_CREATE", self.seen(message), guild=channel.guild_id)
        return message_id

    def seen(self, message: dict[str, Any]) -> dict[str, Any]:
        """A message as the bot receives it. Without the Message Content intent, Discord blanks
        the content, embeds, attachments and components of every message except DMs, the bot's
        own, and those that mention it."""
        addressed = (
            "guild_id" not in message
            or int(message["author"]["id"]) == self.bot.id
            or any(int(u["id"]) == self.bot.id for u in message.get("mentions", []))
        )
        if addressed or self.intents() & MESSAGE_CONTENT_INTENT:
            return dict(message)
        return {**message, "content": "", "embeds": [], "attachments": [], "components": []}

    async def mention(self, text: str, **kwargs: Any) -> int:
        """Someone mentions the bot, then writes ``text``."""
        return await self.say(f"<@{self.bot.id}> {text}", mentions=[self.bot], **kwargs)

    async def dm(self, text: str, *, author: User | None = None) -> int:
        """Someone sends the bot a direct message."""
        author = author or self.alice
        return await self.say(text, author=author, channel=self.dm_with(author))

    def delete_user_message(self, message_id: int) -> None:
        """Someone deletes their message (the bot isn't told, as if it missed the event)."""
        self.messages.pop(message_id, None)

    async def slash(
        self,
        name: str,
        *,
        user: User | None = None,
        channel: Channel | None = None,
        age: float = 0.0,
        **options: str | int | bool | User,
    ) -> Interaction:
        """Someone runs a slash command; ``age`` makes it that many seconds old already. A user
        option comes as its id, the user in ``resolved``, as Discord sends it."""
        typed = [
            {"name": k, "type": _option_type(v), "value": str(v.id) if isinstance(v, User) else v}
            for k, v in options.items()
        ]
        data = self._command_data(name, 1) | {"options": typed}
        users = [v for v in options.values() if isinstance(v, User)]
        if users:
            data["resolved"] = {"users": {str(u.id): u.json() for u in users}}
            if (channel or self.general).guild_id is not None:
                members = {str(u.id): self._member(u) for u in users}
                data["resolved"]["members"] = {
                    k: {key: v for key, v in m.items() if key != "user"} | {"permissions": "0"}
                    for k, m in members.items()
                }
        return await self._interact(COMMAND, data, user=user, channel=channel, age=age)

    async def autocomplete(
        self, name: str, option: str, typed: str, *, user: User | None = None, kind: int = 3
    ) -> list[dict[str, Any]]:
        """Someone types into a command option (a string, or ``kind`` 4 for an integer, whose
        partial input Discord sends as text); returns the choices the bot offered."""
        focused = [{"name": option, "type": kind, "value": typed, "focused": True}]
        data = self._command_data(name, 1) | {"options": focused}
        interaction = await self._interact(AUTOCOMPLETE, data, user=user)
        return await self.until(lambda: interaction.choices)

    async def message_menu(
        self, name: str, message_id: int, *, user: User | None = None, age: float = 0.0
    ) -> Interaction:
        """Someone picks a message-menu command (Apps → name) on a message."""
        target = self.messages[message_id]
        data = self._command_data(name, 3) | {
            "target_id": str(message_id),
            "resolved": {"messages": {str(message_id): target}},
        }
        channel = self._channels[int(target["channel_id"])]
        return await self._interact(COMMAND, data, user=user, channel=channel, age=age)

    async def click(
        self, message: Sent, custom_id: str, *, user: User | None = None
    ) -> Interaction:
        """Someone clicks a button on one of the bot's messages."""
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._component(message, data, user)

    async def choose(
        self, message: Sent, custom_id: str, value: str, *, user: User | None = None
    ) -> Interaction:
        """Someone picks an option in a select menu on one of the bot's messages."""
        data = {"custom_id": custom_id, "component_type": 3, "values": [value]}
        return await self._component(message, data, user)

    async def _component(
        self, message: Sent, data: dict[str, Any], user: User | None
    ) -> Interaction:
        current = self.messages[message.id]
        ids = [c.get("custom_id") for row in current["components"] for c in row["components"]]
        assert data["custom_id"] in ids, f"no component {data['custom_id']!r} on that message"
        channel = self._channels[message.channel_id]
        return await self._interact(COMPONENT, data, user=user, channel=channel, message=current)

    def _command_data(self, name: str, kind: int) -> dict[str, Any]:
        for scope, commands in self.synced.items():
            for command in commands:
                if command["name"] == name and command.get("type", 1) == kind:
                    data = {"id": str(snowflake()), "name": name, "type": kind}
                    if scope.startswith("guild:"):
                        data["guild_id"] = scope.removeprefix("guild:")
                    return data
        raise AssertionError(f"the bot never synced a command {name!r} of type {kind}")

    async def _interact(
        self,
        kind: int,
        data: dict[str, Any],
        *,
        user: User | None,
        channel: Channel | None = None,
        message: dict[str, Any] | None = None,
        age: float = 0.0,
    ) -> Interaction:
        user = user or self.alice
        channel = channel or self.general
        interaction = Interaction(
            snowflake(),
            secrets.token_urlsafe(16),
            kind,
            channel.id,
            user,
            issued=time.monotonic() - age,
            message_id=int(message["id"]) if message else None,
        )
        self.interactions[interaction.id] = interaction
        payload: dict[str, Any] = {
            "id": str(interaction.id),
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "token": interaction.token,
            "version": 1,
            "channel": channel.json(self.bot),
            "channel_id": str(channel.id),
            "app_permissions": str(self.permissions(channel)),
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": 8 * 1024 * 1024,
            "authorizing_integration_owners": {"0": str(channel.guild_id or 0)},
            "context": 0 if channel.guild_id else 1,
        }
        if not channel.member:
            # Only the user's install reaches here: Discord says so, and grants the app little.
            payload["authorizing_integration_owners"] = {"1": str(user.id)}
            payload["context"] = 0 if channel.guild_id else 2
            payload["app_permissions"] = str(EMBED_LINKS)
        if channel.guild_id is not None:
            payload["guild_id"] = str(channel.guild_id)
            payload["guild_locale"] = "en-US"
            granted = PEOPLE | (MANAGE_MESSAGES if user.id in self.moderators else 0)
            # As Discord sends it: the member's permissions in this channel, overwrites applied.
            granted &= ~channel.deny
            payload["member"] = {**self._member(user), "permissions": str(granted)}
        else:
            payload["user"] = user.json()
        if message is not None:
            payload["message"] = message
        await self.dispatch("INTERACTION_CREATE", payload, guild=channel.guild_id)
        return interaction

    # ---- what the bot sent ----

    async def response(self, interaction: Interaction) -> Sent:
        """Wait for the message that answers an interaction (a reply, an update, or a followup)."""

        def found() -> Sent | None:
            for sent in reversed(self.sent):
                if sent.interaction == interaction.id and (
                    sent.content or sent.embeds or sent.components
                ):
                    return sent
            return None

        return await self.until(found)

    async def reply_to(self, message_id: int) -> Sent:
        """Wait for the bot's reply to a message."""
        return await self.until(
            lambda: next((s for s in self.sent if s.reply_to == message_id), None)
        )

    async def posted(self, channel: Channel, after: int) -> Sent:
        """Wait for the bot to post in a channel after a given message."""
        return await self.until(
            lambda: next(
                (s for s in self.sent if s.channel_id == channel.id and s.id > after), None
            )
        )

    def sent_after(self, message_id: int) -> list[Sent]:
        """Everything the bot sent after a given message."""
        return [sent for sent in self.sent if sent.id > message_id]


def _option_type(value: object) -> int:
    if isinstance(value, User):
        return 6
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    return 3
