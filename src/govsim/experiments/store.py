"""The result store: Parquet chunks written as runs finish, plus a manifest.

Layout of a store directory ``out/<name>/``::

    manifest.json              experiment definition, its hash, govsim version, total runs
    runs/part-00000.parquet    one row per run: run_id, point, replication, seed, status, error,
    runs/part-00001.parquet    wall_time, param.<name>..., output.<name>...
    daily/part-00000.parquet   optional thinned daily series: run_id, day, <columns>...

Every chunk is written to a temporary file and moved into place with :func:`os.replace`, so a
killed process leaves whole chunks only (at most the unflushed runs are lost). The writer keeps only
the buffer of unflushed rows; the set of finished run ids is read back from the ``run_id`` and
``status`` columns. Reading concatenates the chunks and keeps the newest row per run id, so a
successful retry supersedes an earlier failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import shutil
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from govsim.experiments.errors import ExperimentError
from govsim.experiments.experiment import Experiment
from govsim.experiments.worker import STATUS_FAILED, STATUS_OK, RunOutcome

__all__ = [
    "OUTPUT_PREFIX",
    "PARAM_PREFIX",
    "ResultStore",
    "read_daily",
    "read_manifest",
    "read_results",
]

PARAM_PREFIX = "param."
OUTPUT_PREFIX = "output."
MANIFEST = "manifest.json"
RUNS_DIR = "runs"
DAILY_DIR = "daily"
_PART = re.compile(r"^part-(\d{5,})\.parquet$")
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

    def __init__(self, root: Path, *, flush_every: int = 100, flush_seconds: float = 30.0) -> None:
        self.root = Path(root)
        self.flush_every = max(1, flush_every)
        self.flush_seconds = flush_seconds
        self._rows: list[dict[str, Any]] = []
        self._daily: list[pd.DataFrame] = []
        self._oldest: float | None = None
        self._next_part = _next_part_index(self.root / RUNS_DIR)

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

        Raises
        ------
        ExperimentError
            If the directory holds results of a different experiment definition (unless
            ``force``, which deletes them), or ``require_existing`` and there is no store.
        """
        root = Path(root)
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
        elif require_existing and not manifest_path.exists():
            raise ExperimentError(f"nothing to resume: {root} has no {MANIFEST}")
        else:
            for sub in (RUNS_DIR, DAILY_DIR):
                shutil.rmtree(root / sub, ignore_errors=True)
            _write_json_atomic(manifest_path, _manifest(experiment, digest))
        for sub in (RUNS_DIR, DAILY_DIR):
            (root / sub).mkdir(parents=True, exist_ok=True)
            for stale in (root / sub).glob("*.tmp"):
                stale.unlink(missing_ok=True)
        return cls(root, flush_every=flush_every, flush_seconds=flush_seconds)

    def finished(self) -> tuple[set[int], set[int]]:
        """Return the ids of stored runs that succeeded and those whose latest try failed."""
        frames = [
            pq.read_table(path, columns=["run_id", "status"]).to_pandas()
            for path in _parts(self.root / RUNS_DIR)
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

    Returns
    -------
    pandas.DataFrame
        Columns ``run_id, point, replication, seed, status, error, wall_time``, then
        ``param.<name>`` and ``output.<name>`` columns.
    """
    frames = [_read_part(path) for path in _parts(Path(root) / RUNS_DIR)]
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
    frames = [_read_part(path) for path in _parts(Path(root) / DAILY_DIR)]
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


def _read_part(path: Path) -> pd.DataFrame:
    frame: pd.DataFrame = pq.read_table(path).to_pandas()
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


def _next_part_index(directory: Path) -> int:
    indices = [int(m.group(1)) for p in _parts(directory) if (m := _PART.match(p.name))]
    return max(indices, default=-1) + 1


def _write_parquet_atomic(frame: pd.DataFrame, path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, temporary)
    _fsync(temporary)
    os.replace(temporary, path)


def _write_json_atomic(path: Path, content: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(content, indent=2, sort_keys=True, default=str) + "\n")
    _fsync(temporary)
    os.replace(temporary, path)


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError), open(path, "rb") as handle:
        os.fsync(handle.fileno())


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
