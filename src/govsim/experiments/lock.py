"""The lock of a result store's writer: one sweep at a time, and a file naming who holds it.

See :class:`SweepLock`. Used by :meth:`govsim.experiments.store.ResultStore.open`.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from govsim.experiments.errors import ExperimentError

__all__ = ["SweepLock"]


class SweepLock:
    """The exclusive lock of a store's writer, in a file that names its owner.

    The lock is an ``flock`` on ``sweep.lock`` (``msvcrt.locking`` on Windows): the kernel
    releases it when the owning process ends, however it ends, so a lock can never be left
    behind by a dead process; the file's content (host, pid, start time, command) only names the
    owner. Acquiring a lock whose file still names a previous owner means that owner died while
    holding it: the lock is taken over and :attr:`previous` says whose it was. The file is never
    deleted (deleting it would let two writers lock two different files).
    """

    def __init__(self, path: Path, descriptor: int, previous: dict[str, Any] | None) -> None:
        self.path = path
        self._descriptor: int | None = descriptor
        #: The owner named in the file when it was taken over (a writer that died), or None.
        self.previous = previous

    @classmethod
    def acquire(cls, path: Path) -> SweepLock:
        """Lock ``path`` for this process, or raise naming the process that holds it.

        Raises
        ------
        ExperimentError
            If another process holds the lock, or the file system cannot lock files.
        """
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise ExperimentError(f"cannot open the lock {path}: {error.strerror}") from None
        try:
            _lock(descriptor)
        except BlockingIOError:
            holder = _owner_text(_read_owner(descriptor))
            os.close(descriptor)
            raise ExperimentError(
                f"{path.parent} is being written by another sweep ({holder}); one sweep at a "
                "time may write to a store: wait for it to finish, or use another --out"
            ) from None
        except OSError as error:
            os.close(descriptor)
            raise ExperimentError(
                f"cannot lock {path}: {error.strerror} (the file system does not support "
                "locks; use an --out directory on a local disk)"
            ) from None
        previous = _read_owner(descriptor) or None
        owner = {
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": " ".join(sys.argv)[:500],
        }
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, (json.dumps(owner) + "\n").encode(), 0)
        os.fsync(descriptor)
        return cls(path, descriptor, previous)

    def describe_takeover(self) -> str | None:
        """A line naming the dead writer whose lock was taken over, if there was one."""
        if self.previous is None:
            return None
        return (
            f"took over the lock of a sweep that ended without releasing it "
            f"({_owner_text(self.previous)})"
        )

    def release(self) -> None:
        """Empty the file and release the lock (idempotent)."""
        if self._descriptor is None:
            return
        descriptor, self._descriptor = self._descriptor, None
        try:
            os.ftruncate(descriptor, 0)
        finally:
            os.close(descriptor)  # closing releases the lock


def _lock(descriptor: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            raise BlockingIOError(str(error)) from None
        return
    import fcntl

    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _read_owner(descriptor: int) -> dict[str, Any]:
    try:
        text = os.pread(descriptor, 4096, 0).decode("utf-8", "replace")
        owner = json.loads(text) if text.strip() else {}
    except (OSError, ValueError):
        return {"unreadable owner": True}
    return owner if isinstance(owner, dict) else {}


def _owner_text(owner: dict[str, Any]) -> str:
    if not owner:
        return "owner unknown"
    fields = [f"{key} {owner[key]}" for key in ("host", "pid", "started") if key in owner]
    return ", ".join(fields) or "owner unknown"
