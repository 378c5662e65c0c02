"""The result store: Parquet chunks written as runs finish, plus a manifest.

Layout of a store directory ``out/<name>/``::

    manifest.json              experiment definition, its hash, govsim version, total runs
    sweep.lock                 the writer's lock: host, pid, start time and command
    runs/part-00000.parquet    one row per run: run_id, point, replication, seed, status, error,
    runs/part-00001.parquet    wall_time, param.<name>..., output.<name>...
    daily/part-00000.parquet   optional thinned daily series: run_id, day, <columns>...

Guarantees (``docs/experiments.md``, "Reliability"):

* **One writer.** :meth:`ResultStore.open` takes an exclusive lock (:class:`SweepLock`, an
  ``flock`` the kernel releases when its process dies) before it reads or changes anything; a
  second sweep on the same store is refused with the owner's host, pid and start time. A lock
  left by a process that died is taken over.
* **Atomic chunks.** Every chunk is written to a temporary file, ``fsync``-ed, renamed into place
  with :func:`os.replace` and the directory ``fsync``-ed, so a killed process or a crash leaves
  whole chunks only (at most the unflushed runs are lost). Parquet page checksums are written.
* **Checked reads.** Opening a store reads every chunk's footer and schema; a chunk that cannot
  be read (truncated, corrupted) is named, moved aside as ``*.unreadable`` and its runs count as
  not done, so they are run again. :func:`read_results` skips such a chunk with an
  :class:`UnreadableChunkWarning` naming it.
* **Exactly once.** A run is stored once: resuming skips stored run ids; only a retry of a failed
  run (``--retry-failed``) adds a newer row for the same id, and reading keeps the newest row per
  run id, so the success supersedes the failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import shutil
import time
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from govsim.experiments.errors import ExperimentError
from govsim.experiments.experiment import Experiment
from govsim.experiments.lock import SweepLock
from govsim.experiments.worker import STATUS_FAILED, STATUS_OK, RunOutcome

__all__ = [
    "OUTPUT_PREFIX",
    "PARAM_PREFIX",
    "ResultStore",
    "UnreadableChunk",
    "UnreadableChunkWarning",
    "read_daily",
    "read_manifest",
    "read_results",
]

PARAM_PREFIX = "param."
OUTPUT_PREFIX = "output."
MANIFEST = "manifest.json"
RUNS_DIR = "runs"
DAILY_DIR = "daily"
LOCK = "sweep.lock"
#: Suffix given to a chunk that cannot be read when it is moved aside.
UNREADABLE_SUFFIX = ".unreadable"
_PART = re.compile(r"^part-(\d{5,})\.parquet$")
_ANY_PART = re.compile(r"^part-(\d{5,})\.parquet")
#: Columns every run row has, in order, before the parameter and output columns.
BASE_COLUMNS = ("run_id", "point", "replication", "seed", "status", "error", "wall_time")


class ResultStore:
    """Write run outcomes to Parquet chunks as they arrive.

    Use :meth:`open` to create or resume a store for an experiment.

    Parameters
    ----------
    root:
        Store directory.
    flush_every:
        Write a chunk once this many runs are buffered.
    flush_seconds:
        Write a chunk once the oldest buffered run is this old.
    """

    def __init__(
        self,
        root: Path,
        *,
        flush_every: int = 100,
        flush_seconds: float = 30.0,
        lock: SweepLock | None = None,
        unreadable: tuple[UnreadableChunk, ...] = (),
    ) -> None:
        self.root = Path(root)
        self.flush_every = max(1, flush_every)
        self.flush_seconds = flush_seconds
        self.lock = lock
        #: Chunks found unreadable when the store was opened (moved aside; runs to redo).
        self.unreadable = unreadable
        self._rows: list[dict[str, Any]] = []
        self._daily: list[pd.DataFrame] = []
        self._oldest: float | None = None
        self._next_part = _next_part_index(self.root)

    @classmethod
    def open(
        cls,
        root: Path | str,
        experiment: Experiment,
        *,
        force: bool = False,
        require_existing: bool = False,
        flush_every: int = 100,
        flush_seconds: float = 30.0,
    ) -> ResultStore:
        """Create the store for ``experiment``, or reopen it to resume.

        The store holds its lock until :meth:`close` (or the end of a ``with`` block).

        Raises
        ------
        ExperimentError
            If another sweep holds the store's lock, the directory holds results of a different
            experiment definition (unless ``force``, which deletes them), or ``require_existing``
            and there is no store.
        """
        root = Path(root)
        manifest_path = root / MANIFEST
        if require_existing and not manifest_path.exists():
            raise ExperimentError(f"nothing to resume: {root} has no {MANIFEST}")
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ExperimentError(f"cannot create the store {root}: {error.strerror}") from None
        lock = SweepLock.acquire(root / LOCK)
        try:
            return cls._open_locked(
                root, experiment, lock, force=force, flush_every=flush_every,
                flush_seconds=flush_seconds,
            )  # fmt: skip
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _open_locked(
        cls,
        root: Path,
        experiment: Experiment,
        lock: SweepLock,
        *,
        force: bool,
        flush_every: int,
        flush_seconds: float,
    ) -> ResultStore:
        manifest_path = root / MANIFEST
        digest = experiment.definition_hash()
        if manifest_path.exists() and not force:
            manifest = read_manifest(root)
            if manifest.get("definition_hash") != digest:
                raise ExperimentError(
                    f"{root} holds results of a different definition of experiment "
                    f"{manifest.get('experiment', {}).get('name', '?')!r} (hash "
                    f"{manifest.get('definition_hash')} there, {digest} now); resuming would mix "
                    "them. Use another --out directory, or --force to delete those results."
                )
        else:
            for sub in (RUNS_DIR, DAILY_DIR):
                shutil.rmtree(root / sub, ignore_errors=True)
            _write_json_atomic(manifest_path, _manifest(experiment, digest))
        unreadable: list[UnreadableChunk] = []
        for sub in (RUNS_DIR, DAILY_DIR):
            (root / sub).mkdir(parents=True, exist_ok=True)
            for stale in (root / sub).glob(".*.tmp"):  # left by a writer killed mid-chunk
                stale.unlink(missing_ok=True)
            for path in _parts(root / sub):
                problem = _check_part(path)
                if problem is not None:
                    aside = path.with_name(path.name + UNREADABLE_SUFFIX)
                    os.replace(path, aside)
                    _fsync_directory(path.parent)
                    unreadable.append(UnreadableChunk(path, aside, problem))
        return cls(
            root,
            flush_every=flush_every,
            flush_seconds=flush_seconds,
            lock=lock,
            unreadable=tuple(unreadable),
        )

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Write what is buffered and release the lock."""
        try:
            self.flush()
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None

    def finished(self) -> tuple[set[int], set[int]]:
        """Return the ids of stored runs that succeeded and those whose latest try failed."""
        frames = [
            _read_columns(path, ["run_id", "status"]) for path in _parts(self.root / RUNS_DIR)
        ]
        if not frames:
            return set(), set()
        latest = pd.concat(frames, ignore_index=True).drop_duplicates("run_id", keep="last")
        ok = latest["status"] == STATUS_OK
        return set(latest.loc[ok, "run_id"].tolist()), set(latest.loc[~ok, "run_id"].tolist())

    def add(self, outcome: RunOutcome) -> None:
        """Buffer one outcome and write a chunk if one is due."""
        spec = outcome.spec
        row: dict[str, Any] = {
            "run_id": spec.run_id,
            "point": spec.point,
            "replication": spec.replication,
            "seed": spec.seed,
            "status": outcome.status,
            "error": outcome.error,
            "wall_time": outcome.wall_time,
        }
        row.update({f"{PARAM_PREFIX}{name}": value for name, value in spec.params.items()})
        row.update({f"{OUTPUT_PREFIX}{name}": value for name, value in outcome.outputs.items()})
        self._rows.append(row)
        if outcome.daily is not None and len(outcome.daily):
            series = outcome.daily.reset_index()
            series.insert(0, "run_id", spec.run_id)
            self._daily.append(series)
        if self._oldest is None:
            self._oldest = time.monotonic()
        if self.due():
            self.flush()

    def due(self) -> bool:
        """Return whether the buffer should be written now."""
        if not self._rows:
            return False
        age = time.monotonic() - (self._oldest or time.monotonic())
        return len(self._rows) >= self.flush_every or age >= self.flush_seconds

    def flush(self) -> None:
        """Write the buffered runs as one chunk (daily series first, then the runs)."""
        if not self._rows:
            return
        name = f"part-{self._next_part:05d}.parquet"
        if self._daily:
            daily = pd.concat(self._daily, ignore_index=True)
            _write_parquet_atomic(daily, self.root / DAILY_DIR / name)
        frame = pd.DataFrame(self._rows)
        _write_parquet_atomic(frame, self.root / RUNS_DIR / name)
        self._next_part += 1
        self._rows.clear()
        self._daily.clear()
        self._oldest = None

    def read(self) -> pd.DataFrame:
        """Return the stored runs (see :func:`read_results`)."""
        return read_results(self.root)


def read_results(root: Path | str) -> pd.DataFrame:
    """Read a store: one row per run id, the newest try of each, sorted by run id.

    A chunk that cannot be read is skipped with an :class:`UnreadableChunkWarning` naming it
    (re-running the sweep moves it aside and runs its runs again).

    Returns
    -------
    pandas.DataFrame
        Columns ``run_id, point, replication, seed, status, error, wall_time``, then
        ``param.<name>`` and ``output.<name>`` columns.
    """
    frames = _readable_parts(Path(root) / RUNS_DIR)
    if not frames:
        return pd.DataFrame({column: [] for column in BASE_COLUMNS})
    table = pd.concat(frames, ignore_index=True)
    table = table.drop_duplicates("run_id", keep="last").sort_values("run_id")
    table = table.reset_index(drop=True)
    params = sorted(c for c in table.columns if c.startswith(PARAM_PREFIX))
    outputs = sorted(c for c in table.columns if c.startswith(OUTPUT_PREFIX))
    return table.loc[:, [*BASE_COLUMNS, *params, *outputs]]


def read_daily(root: Path | str) -> pd.DataFrame:
    """Read the stored daily series (columns ``run_id``, ``day``, ...), newest try per run."""
    frames = _readable_parts(Path(root) / DAILY_DIR)
    if not frames:
        return pd.DataFrame({"run_id": [], "day": []})
    table = pd.concat(frames, ignore_index=True)
    latest = table.groupby("run_id")["_part"].transform("max")
    table = table.loc[table["_part"] == latest].drop(columns="_part")
    ordered: pd.DataFrame = table.sort_values(["run_id", "day"]).reset_index(drop=True)
    return ordered


def read_manifest(root: Path | str) -> dict[str, Any]:
    """Return the manifest of a store.

    Raises
    ------
    ExperimentError
        If there is no readable manifest.
    """
    path = Path(root) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError:
        raise ExperimentError(f"{root} is not a result store: {MANIFEST} is missing") from None
    except json.JSONDecodeError as error:
        raise ExperimentError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(manifest, dict):
        raise ExperimentError(f"{path} does not hold a JSON object")
    return manifest


class UnreadableChunkWarning(UserWarning):
    """A chunk of a store could not be read; its runs are missing from what was read."""


@dataclass(frozen=True, slots=True)
class UnreadableChunk:
    """A chunk found unreadable when a store was opened, and where it was moved."""

    path: Path
    moved_to: Path
    reason: str

    def describe(self) -> str:
        """One line for people: which chunk, why, where it went, what happens next."""
        return (
            f"chunk {self.path} is unreadable ({self.reason}); moved to {self.moved_to.name}, "
            "its runs will be run again"
        )


def _readable_parts(directory: Path) -> list[pd.DataFrame]:
    frames = []
    for path in _parts(directory):
        try:
            frames.append(_read_part(path))
        except _READ_ERRORS as error:
            warnings.warn(
                f"skipped unreadable chunk {path} ({_reason(error)}); re-run the sweep to move "
                "it aside and redo its runs",
                UnreadableChunkWarning,
                stacklevel=3,
            )
    return frames


def _check_part(path: Path) -> str | None:
    """Why the chunk at ``path`` cannot be read (footer, schema, pages), or ``None``."""
    try:
        table = pq.read_table(path, page_checksum_verification=True)
    except _READ_ERRORS as error:
        return _reason(error)
    required = {"run_id"} if path.parent.name == DAILY_DIR else set(BASE_COLUMNS)
    missing = required - set(table.column_names)
    if missing:
        return f"columns missing: {', '.join(sorted(missing))}"
    return None


def _reason(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}"[:200]


#: What reading a damaged Parquet file raises (pyarrow's errors are OSError and ValueError).
_READ_ERRORS = (OSError, ValueError, pa.ArrowException)


def _read_columns(path: Path, columns: list[str]) -> pd.DataFrame:
    frame: pd.DataFrame = pq.read_table(path, columns=columns).to_pandas()
    return frame


def _read_part(path: Path) -> pd.DataFrame:
    frame: pd.DataFrame = pq.read_table(path, page_checksum_verification=True).to_pandas()
    match = _PART.match(path.name)
    if match is None:  # pragma: no cover - _parts only yields matching names
        raise ExperimentError(f"unexpected file in the store: {path}")
    frame["_part"] = int(match.group(1))
    if path.parent.name == RUNS_DIR:
        frame = frame.drop(columns="_part")
    return frame


def _parts(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.iterdir() if _PART.match(path.name))


def _next_part_index(root: Path) -> int:
    """One more than any chunk index in the store, moved-aside chunks included."""
    indices = [
        int(match.group(1))
        for sub in (RUNS_DIR, DAILY_DIR)
        if (root / sub).is_dir()
        for path in (root / sub).iterdir()
        if (match := _ANY_PART.match(path.name))
    ]
    return max(indices, default=-1) + 1


def _write_parquet_atomic(frame: pd.DataFrame, path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, temporary, write_page_checksum=True)
    _fsync(temporary)
    os.replace(temporary, path)
    _fsync_directory(path.parent)


def _write_json_atomic(path: Path, content: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(content, indent=2, sort_keys=True, default=str) + "\n")
    _fsync(temporary)
    os.replace(temporary, path)
    _fsync_directory(path.parent)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable (a no-op where directories cannot be opened)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _manifest(experiment: Experiment, digest: str) -> dict[str, Any]:
    return {
        "experiment": experiment.definition(),
        "definition_hash": digest,
        "total_runs": experiment.total_runs,
        "replication_seeds": [int(seed) for seed in experiment.seeds],
        "govsim_version": _version("govsim"),
        "salib_version": _version("SALib"),
        "python": platform.python_version(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "statuses": [STATUS_OK, STATUS_FAILED],
    }


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"
