"""Village meetings: face-to-face dialogue in the collaborative cycle (Ansell & Gash 2008).

Each village meets every ``meetings.interval_days`` (villages staggered over the cycle). A resident
adult attends with ``min(1, attendance_probability × (trust_attendance_offset + trust) ×
leadership / cadres.leadership_mean + self_government_attendance_boost·[the village has a
self-government group])``; with ``meetings.livestream``, a migrant with a smartphone joins with
``livestream_attendance_probability`` (seed 004: migrant workers take part in meetings through
livestreaming).

What attending does, handed on as values: dialogue builds trust (trust moves towards 1 at
``trust_gain``) and gives ownership with ``ownership_probability``; the meeting goes over the
village's record — the share of its genuine cases closed since the last meeting that were fixed
— and attendees move trust and efficacy towards it at ``feedback.learning_rate × record_weight``
(dialogue makes small wins, and broken commitments, common knowledge; a meeting nobody attends
leaves the record to the next one). Attendance counts as participation (:mod:`participation`)
and informs attendees of the policy (:mod:`awareness`). Vectorised over each meeting's village.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.events import Attendance, Closures, Experiences
from govsim.scenario import Scenario
from govsim.state.layout import Layout
from govsim.state.population import Population
from govsim.state.villages import VillageTable

__all__ = ["Meetings"]


class Meetings:
    """Meeting calendar, attendance and what attendees take home (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = (
        "population.trust",
        "population.migrant",
        "population.smartphone",
        "villages.leadership",
        "villages.group_draw",
        "villages.meeting_draw",
    )
    WRITES: ClassVar[tuple[str, ...]] = ()
    SETTINGS: ClassVar[tuple[str, ...]] = ("meetings", "feedback", "cadres")

    def __init__(
        self,
        layout: Layout,
        population: Population,
        villages: VillageTable,
        settings: Scenario,
        rng: np.random.Generator,
    ) -> None:
        self.layout = layout
        self.population = population
        self.villages = villages
        self.rng = rng
        # genuine cases closed in each village since its last meeting, and how many were fixed
        self.closed_since = np.zeros(villages.size, dtype=np.int64)
        self.fixed_since = np.zeros(villages.size, dtype=np.int64)
        self.configure(settings)

    def configure(self, settings: Scenario) -> None:
        """Take the scenario's meeting calendar and attendance rules."""
        m = settings.meetings
        self.settings = m
        self.learning_rate = settings.feedback.learning_rate
        self.leadership_factor = self.villages.leadership / max(
            settings.cadres.leadership_mean, 1e-9
        )
        self.groups = self.villages.self_government(m.self_government_share)
        offset = self.villages.meeting_offset(m.interval_days)
        self.meeting_villages = [
            (offset == residue).nonzero()[0].tolist() for residue in range(m.interval_days)
        ]

    def step(self, day: int, closures: Closures) -> tuple[Attendance, tuple[Experiences, ...]]:
        """Note yesterday's closures in each village's record; hold today's meetings."""
        if len(closures):
            genuine = closures.genuine
            villages = closures.village[genuine]
            np.add.at(self.closed_since, villages, 1)
            np.add.at(self.fixed_since, villages, closures.good[genuine])
        today = self.meeting_villages[day % self.settings.interval_days]
        if not today:
            return _NOBODY
        held = [self._meet(village) for village in today]
        attended = [a for a in held if a is not None]
        if not attended:
            return _NOBODY
        rows = np.concatenate([a[0] for a in attended])
        records = np.concatenate([a[1] for a in attended])
        m = self.settings
        pop = self.population
        dialogue = Experiences.uniform(
            rows, 1.0, trust_rate=m.trust_gain, efficacy_rate=0.0, gain=m.ownership_probability
        )
        discussed = ~np.isnan(records)
        rate = self.learning_rate * m.record_weight
        record = Experiences.uniform(
            rows[discussed], records[discussed], trust_rate=rate, efficacy_rate=rate
        )
        return Attendance(rows=rows, migrant=pop.migrant[rows]), (dialogue, record)

    def _meet(self, village: int) -> tuple[NDArray[np.int64], NDArray[np.float64]] | None:
        """Attendees of ``village``'s meeting and the record each hears (NaN: none to discuss)."""
        m = self.settings
        pop = self.population
        start = int(self.layout.village_start[village])
        rows = np.arange(start, start + int(self.layout.village_size[village]))
        migrant = pop.migrant[rows]
        chance = m.attendance_probability * (m.trust_attendance_offset + pop.trust[rows])
        chance = chance * self.leadership_factor[village]
        if self.groups[village]:
            chance = chance + m.self_government_attendance_boost
        chance = np.where(migrant, 0.0, np.minimum(chance, 1.0))
        if m.livestream:
            chance = np.where(
                migrant & pop.smartphone[rows], m.livestream_attendance_probability, chance
            )
        attend = rows[self.rng.random(len(rows)) < chance]
        if len(attend) == 0:
            return None
        closed = self.closed_since[village]
        record = (
            self.fixed_since[village] / closed if closed > 0 and m.record_weight > 0 else np.nan
        )
        self.closed_since[village] = 0
        self.fixed_since[village] = 0
        return attend, np.full(len(attend), record)


_NOBODY: tuple[Attendance, tuple[Experiences, ...]] = (Attendance(), ())
