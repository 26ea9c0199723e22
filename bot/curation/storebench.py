"""``heartbot bench --store``: how fast the feedback store takes records from several processes.

Each writer is a process of its own recording through the Recorder, as `heartbot run` does, into
the database HEARTBOT_DATA_DIR or HEARTBOT_DATABASE_URL selects. The bench's records carry a
marker of their own; it counts those that landed, then deletes them, leaving the record as it
found it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.curation.bench import percentile
from bot.curation.store import (
    Asked,
    Database,
    Recorder,
    StoreError,
    Voted,
    describe,
    open_store,
)
from bot.engine.answers import Outcome


@dataclass(frozen=True)
class StoreBench:
    """What N writers of M records each got into the store, and how fast."""

    database: str  # its kind and name, as messages give it: a URL's password hidden
    writers: int
    records: int  # each writer's
    sent: int
    landed: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        """Records landed per second, from the writers' start to the last one's close."""
        return self.landed / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        """The figures, one kind a line."""
        return (
            f"store: {self.database}\n"
            f"{self.writers} writer(s) x {self.records} records: sent {self.sent}, "
            f"landed {self.landed}\n"
            f"{self.per_second:.0f} records per second; write latency (record to commit) "
            f"p50 {self.p50_ms:.2f} ms, p99 {self.p99_ms:.2f} ms"
        )

    def as_json(self) -> dict[str, Any]:
        """The figures ``bench --store --json`` writes; the keys are stable."""
        return {
            "sent": self.sent,
            "landed": self.landed,
            "per_second": round(self.per_second, 1),
            "p99_ms": round(self.p99_ms, 3),
        }


def bench_store(database: Database, *, writers: int, records: int) -> StoreBench:
    """Write ``records`` records from each of ``writers`` processes; count what landed.

    Whatever happens (a writer failing, Ctrl-C), the writers are stopped and the bench's
    records taken out again: a bench leaves nothing in a curator's report.
    """
    marker = f"heartbot-bench-{uuid.uuid4().hex[:12]}"
    open_store(database).close()  # created and migrated once, before the clock starts
    setup = json.dumps({"database": str(database), "file": isinstance(database, Path)})
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", __name__, marker, str(records), str(index)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path.cwd(),
            env={**os.environ, "PYTHONPATH": _package_root()},
        )
        for index in range(writers)
    ]
    try:
        seconds, latencies = _race(processes, setup)
        with open_store(database) as store:
            landed = store.count_marked(marker)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
            for stream in (process.stdin, process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
            process.wait()
        with open_store(database) as store:
            store.forget_marked(marker)
    return StoreBench(
        database=("SQLite " if isinstance(database, Path) else "PostgreSQL ") + describe(database),
        writers=writers,
        records=records,
        sent=writers * records,
        landed=landed,
        seconds=seconds,
        p50_ms=1000 * percentile(latencies, 0.50),
        p99_ms=1000 * percentile(latencies, 0.99),
    )


def _race(processes: Sequence[subprocess.Popen[str]], setup: str) -> tuple[float, list[float]]:
    """Start the writers together and time them; a writer that fails is a StoreError."""
    try:
        for process in processes:  # the database travels on stdin: a password stays off argv
            assert process.stdin is not None
            process.stdin.write(setup + "\n")
            process.stdin.flush()
        for process in processes:  # started and imported: the clock times writing alone
            assert process.stdout is not None
            process.stdout.readline()
        start = time.perf_counter()
        for process in processes:  # go together
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        outputs = [process.communicate() for process in processes]
        seconds = time.perf_counter() - start
        latencies: list[float] = []
        for process, (out, err) in zip(processes, outputs, strict=True):
            if process.returncode != 0:
                last = (err.strip().splitlines() or ["no message"])[-1]
                raise StoreError(f"a bench writer failed: {last}")
            latencies.extend(json.loads(out)["latencies"])
    except (OSError, ValueError) as exc:  # a writer gone before "go", or its output garbled
        raise StoreError(f"a bench writer failed: {exc}") from exc
    return seconds, latencies


def _package_root() -> str:
    """The folder that holds ``bot``, so a writer imports this very heartbot."""
    here = str(Path(__file__).resolve().parent.parent.parent)
    return os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)


def _write(argv: Sequence[str]) -> None:
    """One writer: record ``count`` questions through a Recorder, then print each one's
    latency from record_question to the commit that landed it."""
    marker, count, index = argv[0], int(argv[1]), int(argv[2])
    setup = json.loads(sys.stdin.readline())
    database: Database = Path(setup["database"]) if setup["file"] else setup["database"]
    sent_at = [0.0] * count
    latencies: list[float] = []

    def landed(batch: Sequence[Asked | Voted]) -> None:
        now = time.perf_counter()
        for record in batch:
            if isinstance(record, Asked) and record.text:
                latencies.append(now - sent_at[int(record.text.rsplit(" ", 1)[1])])

    if not isinstance(database, Path):
        from bot.curation.postgres import driver

        driver()  # imported at start, as `heartbot run` does; the first write connects
    recorder = Recorder(database, on_written=landed)
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for n in range(count):
        sent_at[n] = time.perf_counter()
        recorder.record_question(Asked(f"{marker} {index} {n}", Outcome.REFUSE, index, None, 0.0))
    recorder.close()
    print(json.dumps({"latencies": latencies, "lost": recorder.lost}))


if __name__ == "__main__":
    _write(sys.argv[1:])
