"""A real PostgreSQL server for the tests, on loopback, started from the machine's binaries.

PostgreSQL refuses to run as root, and CI runs as root: then initdb and pg_ctl run as the
unprivileged user ``nobody``, in a folder it owns. Nothing here mocks PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

UNPRIVILEGED = "nobody"
SUPERUSER = "postgres"
START_TRIES = 3  # a free port may be taken between choosing it and binding it


def server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: pg_config's, Debian's newest, or the PATH's."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config is not None:
        found = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found:
            candidates.append(Path(found))
    newest_first = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates.extend(newest_first)
    on_path = shutil.which("initdb")
    if on_path is not None:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


@dataclass(frozen=True)
class Server:
    """A running PostgreSQL server: connect to ``url(name)``."""

    port: int
    folder: Path

    def url(self, database: str = SUPERUSER) -> str:
        """The URL of one database on this server, as HEARTBOT_DATABASE_URL takes it."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"


def _as_owner() -> dict[str, Any]:
    """subprocess options that run a command as an unprivileged user when we are root."""
    if os.geteuid() != 0:
        return {}
    user = pwd.getpwnam(UNPRIVILEGED)
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def running_server(binaries: Path) -> Iterator[Server]:
    """Make a throwaway cluster, start it on a free loopback port, and remove it after."""
    owner = _as_owner()
    # The unprivileged owner must reach its folder: /tmp, not a root-only $TMPDIR.
    folder = Path(tempfile.mkdtemp(prefix="heartbot-postgres-", dir="/tmp" if owner else None))
    if owner:
        os.chown(folder, owner["user"], owner["group"])
    data, sockets, log = folder / "data", folder / "sockets", folder / "server.log"
    run = {"check": True, "capture_output": True, "text": True, "cwd": folder, **owner}
    try:
        sockets.mkdir()
        if owner:
            os.chown(sockets, owner["user"], owner["group"])
        subprocess.run(
            [
                str(binaries / "initdb"),
                "--pgdata",
                str(data),
                "--username",
                SUPERUSER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
            ],
            **run,
        )
        server = _start(binaries, data, sockets, log, run)
        try:
            yield server
        finally:
            subprocess.run(
                [str(binaries / "pg_ctl"), "--pgdata", str(data), "--mode", "fast", "stop"],
                **{**run, "check": False},
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _start(binaries: Path, data: Path, sockets: Path, log: Path, run: dict[str, Any]) -> Server:
    failure = ""
    for _ in range(START_TRIES):
        port = _free_port()
        # fsync off: the tests prove what lands, not that it survives a power cut.
        options = f"-h 127.0.0.1 -p {port} -k {sockets} -c fsync=off -c max_connections=200"
        started = subprocess.run(
            [
                str(binaries / "pg_ctl"),
                "--pgdata",
                str(data),
                "--log",
                str(log),
                "--options",
                options,
                "--wait",
                "start",
            ],
            **{**run, "check": False},
        )
        if started.returncode == 0:
            return Server(port, data.parent)
        failure = started.stderr + (log.read_text() if log.exists() else "")
    raise RuntimeError(f"PostgreSQL did not start: {failure}")
