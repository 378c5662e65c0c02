"""How much memory a model will need, estimated from its scenario before anything is built.

Every value the schema accepts is one the model can represent (:mod:`govsim.scenario.limits`),
but a valid county can still be too large for the machine at hand: 100,000 villages of 1,000
adults need ~30 GiB. :func:`check_fits` estimates the peak memory of building and running a
scenario and refuses, naming both sizes, one that will not fit in the memory available
(:func:`available_memory`), instead of letting the allocation fail half-way or the machine swap.

The estimate is a sum of terms, each a count the scenario determines times a cost per item
measured with :mod:`tracemalloc` on this code (``tests/test_sizing.py`` compares the estimate
with a measured peak for several sizes; the measured peak lies between 40% and 100% of it):

* set-up: the population columns and per-adult tables of the processes (:data:`BYTES_PER_ADULT`),
  households (:data:`BYTES_PER_HOUSEHOLD`), the social network while it is assembled
  (:data:`BYTES_PER_TIE`, per directed tie) and the Watts-Strogatz construction of the largest
  village (:data:`BYTES_PER_RING_TIE`), enterprises;
* the run: every problem that arises (:data:`BYTES_PER_PROBLEM`), every case (:data:`BYTES_PER_CASE`,
  the ledger with its growth reserve, queues and the final table), and the notices scheduled
  within a problem's findable window (:data:`BYTES_PER_NOTICE`).

Counts are expectations from the scenario's means, except where an upper bound is simpler and
safe (every affected resident may notice; incentive-driven trivial reports at their full rate),
so for extreme settings the estimate errs high. It does not count the interpreter and imported
libraries (~150 MiB), which the memory reported available already excludes for this process.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from govsim.scenario import Problem, Scenario, ScenarioError

__all__ = [
    "BYTES_PER_ADULT",
    "BYTES_PER_CASE",
    "BYTES_PER_HOUSEHOLD",
    "BYTES_PER_NOTICE",
    "BYTES_PER_PROBLEM",
    "BYTES_PER_RING_EDGE",
    "BYTES_PER_RING_TIE",
    "BYTES_PER_TIE",
    "MEMORY_LIMIT_VARIABLE",
    "ModelTooLargeError",
    "SizeEstimate",
    "available_memory",
    "check_fits",
    "estimate",
    "size_text",
]

#: Population columns (~90 B) and layout (~8 B) at the set-up's peak (the network's assembly);
#: the processes' per-adult tables (~60 B) come after it, when the network's temporaries are gone.
BYTES_PER_ADULT = 110
#: Household layout columns.
BYTES_PER_HOUSEHOLD = 30
#: Peak cost of one directed tie while the network is assembled (the tie lists, int32 pair
#: arrays and the CSR; sorted a block of rows at a time).
BYTES_PER_TIE = 38
#: The ring lattice of the largest village while it is drawn (per household x neighbour_households).
BYTES_PER_RING_TIE = 70
#: The ring lattices' edges kept until the network is assembled (per household x neighbour).
BYTES_PER_RING_EDGE = 8
#: Enterprise table row (~40 B) and its day of learning of the policy, pending in a Python list
#: of (day, firm) pairs (~120 B; forgetting re-schedules firms in it).
BYTES_PER_ENTERPRISE = 180
#: Problem store row with its growth reserve.
BYTES_PER_PROBLEM = 110
#: Case ledger row with its growth reserve, its place in queues and in the final table.
BYTES_PER_CASE = 360
#: One scheduled notice (a villager row and a problem id in Python lists).
BYTES_PER_NOTICE = 75
#: Fixed overhead of a model (tables of departments and categories, recorder, Mesa).
BYTES_FIXED = 600_000
#: Mean days in a month (rates are given per month).
DAYS_PER_MONTH = 365.25 / 12
#: Environment variable that caps the memory a model may use (bytes, or with K, M, G, T).
MEMORY_LIMIT_VARIABLE = "GOVSIM_MAX_MEMORY"


@dataclass(frozen=True, slots=True)
class SizeEstimate:
    """Expected sizes of a model and its estimated peak memory.

    Attributes
    ----------
    adults, households, ties, problems, cases:
        Expected counts (ties are directed entries of the social network).
    days:
        Days the estimate covers (0: set-up only).
    parts:
        Estimated bytes by part: ``setup``, ``network``, ``problems``, ``cases``, ``notices``.
    """

    adults: int
    households: int
    ties: int
    problems: int
    cases: int
    days: int
    parts: dict[str, int]

    @property
    def bytes(self) -> int:
        """Estimated peak bytes (the sum of the parts)."""
        return sum(self.parts.values())

    def describe(self) -> str:
        """One line: the total and what drives it."""
        text = f"about {size_text(self.bytes)} for ~{self.adults:,} adults"
        if self.days:
            text += f" and ~{self.cases:,} cases over {self.days:,} days"
        return text


class ModelTooLargeError(ScenarioError):
    """A valid scenario whose model needs more memory than this machine has available."""

    def __init__(self, size: SizeEstimate, available: int, source: str | None = None) -> None:
        super().__init__([], source)
        self.size, self.available = size, available
        self.args = (size, available, source)  # so that the error pickles

    def __str__(self) -> str:
        where = f"scenario {self.source}" if self.source else "this scenario"
        return (
            f"{where} is too large for this machine: the model would need "
            f"{self.size.describe()}, but only {size_text(self.available)} of memory is available. "
            "Use fewer villages or days, or a machine with more memory."
        )


def estimate(scenario: Scenario, days: int | None = None) -> SizeEstimate:
    """Estimate the peak memory of building ``scenario`` and running it ``days`` days.

    Parameters
    ----------
    scenario:
        A validated scenario.
    days:
        Days to run, spin-up included (``None``: the scenario's ``spin_up_days + days``; ``0``:
        set-up only).
    """
    run_days = scenario.spin_up_days + scenario.days if days is None else days
    county = scenario.county
    villages = county.villages
    per_village = _expected_at_least_one(
        county.households_per_village_mean, county.households_per_village_sd
    )
    households = villages * per_village
    adults = households * county.adults_per_household_mean
    largest = _largest_village(
        villages, county.households_per_village_mean, county.households_per_village_sd
    )

    k = scenario.network.neighbour_households
    extra = county.adults_per_household_mean - 1.0  # adults per household are 1 + Poisson(extra)
    ties = (
        households * (k + extra * (2.0 + extra))
        + adults * scenario.network.cross_village_ties_per_adult
    )
    enterprises = villages * scenario.enterprises.per_village_mean

    problems_per_day = (
        adults
        * sum(c.rate_per_1000_per_month for c in scenario.categories)
        / 1000.0
        / DAYS_PER_MONTH
    )
    problems = problems_per_day * run_days
    grids = villages * max(1.0, per_village / scenario.grid_workers.households_per_worker)
    grid_workers = scenario.grid_workers
    trivial = grid_workers.trivial_reports_max_per_day * (1.0 - grid_workers.integrity_mean) * grids
    incentives = scenario.incentives
    if not incentives.validation and (incentives.points_enabled or incentives.spiritual_enabled):
        trivial += incentives.trivial_report_rate * adults
    cases = problems + trivial * run_days

    notices = problems_per_day * _pending_notices_per_problem(scenario, adults, run_days)

    parts = {
        "setup": int(BYTES_FIXED + adults * BYTES_PER_ADULT + households * BYTES_PER_HOUSEHOLD
                     + enterprises * BYTES_PER_ENTERPRISE),
        # the ring lattices are built village by village, then the network is assembled
        "network": int(max(largest * k * BYTES_PER_RING_TIE + households * k * BYTES_PER_RING_EDGE,
                           ties * BYTES_PER_TIE)),
        "problems": int(problems * BYTES_PER_PROBLEM),
        "cases": int(cases * BYTES_PER_CASE),
        "notices": int(notices * BYTES_PER_NOTICE),
    }  # fmt: skip
    return SizeEstimate(
        adults=round(adults),
        households=round(households),
        ties=round(ties),
        problems=round(problems),
        cases=round(cases),
        days=run_days,
        parts=parts,
    )


def check_fits(
    scenario: Scenario,
    days: int | None = None,
    *,
    available: int | None = None,
    source: str | None = None,
) -> SizeEstimate:
    """Refuse a scenario whose estimated peak memory exceeds the memory available.

    Parameters
    ----------
    scenario, days:
        As for :func:`estimate`.
    available:
        Bytes available (default :func:`available_memory`; no check when that is unknown).
    source:
        The scenario's file, named in the error.

    Returns
    -------
    SizeEstimate
        The estimate, when it fits.

    Raises
    ------
    ModelTooLargeError
        If the estimate exceeds the memory available.
    """
    size = estimate(scenario, days)
    limit = available_memory() if available is None else available
    if limit is not None and size.bytes > limit:
        raise ModelTooLargeError(size, limit, source)
    return size


def available_memory() -> int | None:
    """Bytes of memory this process can still use, or ``None`` if that cannot be told.

    The smallest of: the ``GOVSIM_MAX_MEMORY`` cap (e.g. ``8G``), the system's available memory
    (``MemAvailable`` of ``/proc/meminfo``, or free physical pages), and the room left under a
    cgroup (container) memory limit.
    """
    limits: list[int] = []
    cap = os.environ.get(MEMORY_LIMIT_VARIABLE)
    if cap:
        limits.append(_parse_bytes(cap))
    system = _meminfo_available()
    if system is None:
        try:
            system = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (AttributeError, OSError, ValueError):
            system = None
    if system is not None:
        limits.append(system)
    room = _cgroup_room()
    if room is not None:
        limits.append(room)
    return min(limits) if limits else None


def _expected_at_least_one(mean: float, sd: float) -> float:
    """E[max(1, round(X))] for X ~ Normal(mean, sd), as households per village are drawn."""
    if sd <= 0:
        return max(1.0, round(mean))
    z = (1.0 - mean) / sd
    below = 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))
    density = math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)
    return 1.0 * below + mean * (1.0 - below) + sd * density


def _pending_notices_per_problem(scenario: Scenario, adults: float, days: int) -> float:
    """Notices of one day's problem still waiting, summed over the days they wait.

    An affected resident notices after a geometric wait (daily chance: the categories' mean
    visibility); each of ``neighbours_considered`` network neighbours per resident notices within
    the findable window with chance ``1 - (1 - p)^window`` and waits about half the window.
    """
    if days <= 0:
        return 0.0
    county = scenario.county
    resident = 1.0 - _mean_migrant_share(scenario)
    residents = min(
        scenario.problems.affected_households_mean * county.adults_per_household_mean * resident,
        adults,
    )
    window = min(days, scenario.problems.findable_days)
    visibility = max(min(c.visibility for c in scenario.categories), 1.0 / window)
    detection = scenario.detection
    within = 1.0 - (1.0 - detection.neighbour_notice_probability) ** window
    neighbours = residents * detection.neighbours_considered * within * window / 2.0
    return residents * min(1.0 / visibility, window) + neighbours


def _largest_village(villages: int, mean: float, sd: float) -> float:
    """A high quantile of the largest of ``villages`` normal village sizes (households)."""
    spread = math.sqrt(2.0 * math.log(max(villages, 2))) + 1.0
    return max(1.0, mean + sd * spread)


def _mean_migrant_share(scenario: Scenario) -> float:
    bands = scenario.population.age_band_shares.as_tuple()
    migrants = scenario.population.migrant_share.as_tuple()
    return sum(b * m for b, m in zip(bands, migrants, strict=True))


_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def _parse_bytes(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*", text, re.IGNORECASE)
    if match is None:
        message = "expected a number of bytes, e.g. 8G or 512M"
        raise ScenarioError([Problem(f"{MEMORY_LIMIT_VARIABLE} (environment)", text, message)])
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def _meminfo_available() -> int | None:
    try:
        text = Path("/proc/meminfo").read_text()
    except OSError:
        return None
    match = re.search(r"^MemAvailable:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) * 1024 if match else None


def _cgroup_room() -> int | None:
    """Room left under this process's cgroup memory limit (v2, or v1), if there is one."""
    for limit_file, usage_file in (
        ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
        (
            "/sys/fs/cgroup/memory/memory.limit_in_bytes",
            "/sys/fs/cgroup/memory/memory.usage_in_bytes",
        ),
    ):
        try:
            limit_text = Path(limit_file).read_text().strip()
            usage = int(Path(usage_file).read_text().strip())
        except (OSError, ValueError):
            continue
        if limit_text == "max" or not limit_text.isdigit() or int(limit_text) >= 1 << 60:
            return None
        return max(0, int(limit_text) - usage)
    return None


def size_text(count: int) -> str:
    """A byte count for people: ``"167.9 MiB"``."""
    value = float(count)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"
