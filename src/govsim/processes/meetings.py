"""Village meetings: face-to-face dialogue in the collaborative cycle (Ansell & Gash 2008).

Each village meets every ``meetings.interval_days`` (villages staggered by a random offset). A
resident adult attends with ``min(1, attendance_probability × (trust_attendance_offset + trust) × leadership /
leadership_mean + self_government_attendance_boost·[village has a group])``; with ``livestream``,
a migrant with a smartphone joins with ``livestream_attendance_probability`` (seed 004: migrant
workers take part in meetings through livestreaming). Attending counts as participation, moves
trust up by ``trust_gain × (1 − trust)``, makes the attendee aware with the village-meeting
publicity persuasion, and gives ownership with ``ownership_probability``. The meeting also goes
over the village's record: the share of its genuine cases closed since the last meeting that were
fixed; attendees move trust and efficacy towards it (asymmetric update of
:mod:`govsim.processes.feedback`, rate ``feedback.learning_rate × record_weight``) — dialogue
makes small wins, and broken commitments, common knowledge. (A meeting nobody attends leaves the
record to be discussed at the next one.) Vectorised over each
meeting's village slice (a few villages a day).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from govsim.processes._common import add_at
from govsim.processes.feedback import update_beliefs

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["Meetings"]


class Meetings:
    """Meeting calendar and attendance effects (see module docstring)."""

    def __init__(self, model: GovernanceModel) -> None:
        s = model.settings
        self.interval = s.meetings.interval_days
        self.leadership_factor = model.villages.leadership / max(s.cadres.leadership_mean, 1e-9)
        pub = s.publicity
        plain = pub.plain_language_persuasion_factor if pub.plain_language else 1.0
        self.persuasion = min(1.0, pub.village_meetings.persuasion * plain)
        # (day - offset) % interval == 0 exactly when day % interval == offset (0 <= offset < interval)
        offset = model.villages.meeting_offset
        self.meeting_villages = [
            np.flatnonzero((residue - offset) % self.interval == 0).tolist()
            for residue in range(self.interval)
        ]
        self.closed_since = np.zeros(model.layout.n_villages, dtype=np.int64)
        self.fixed_since = np.zeros(model.layout.n_villages, dtype=np.int64)

    def record_outcomes(self, villages: NDArray[np.int32], fixed: NDArray[np.bool_]) -> None:
        """Count genuine cases closed in each village (and how many fixed) since its last meeting."""
        add_at(self.closed_since, villages, 1)
        add_at(self.fixed_since, villages, fixed)

    def step(self, model: GovernanceModel) -> None:
        """Hold today's meetings."""
        for village in self.meeting_villages[model.day % self.interval]:
            self._meet(model, village)

    def _meet(self, model: GovernanceModel, village: int) -> None:
        s = model.settings.meetings
        rng = model.rng
        pop = model.population
        start = int(model.layout.village_start[village])
        rows = np.arange(start, start + int(model.layout.village_size[village]))
        migrant = pop.migrant[rows]
        chance = (
            s.attendance_probability
            * (s.trust_attendance_offset + pop.trust[rows])
            * self.leadership_factor[village]
        )
        if model.villages.self_government[village]:
            chance = chance + s.self_government_attendance_boost
        chance = np.where(migrant, 0.0, np.minimum(chance, 1.0))
        if s.livestream:
            chance = np.where(
                migrant & pop.smartphone[rows], s.livestream_attendance_probability, chance
            )
        attend = rows[rng.random(len(rows)) < chance]
        if len(attend) == 0:
            return
        pop.last_participation_day[attend] = model.day
        pop.trust[attend] += s.trust_gain * (1.0 - pop.trust[attend])
        closed = self.closed_since[village]
        if closed > 0 and s.record_weight > 0:
            # the village's record since the last meeting is discussed: attendees learn it
            record = np.full(len(attend), self.fixed_since[village] / closed)
            update_beliefs(
                model, attend, record, model.settings.feedback.learning_rate * s.record_weight
            )
        self.closed_since[village] = 0
        self.fixed_since[village] = 0
        pop.aware[attend[rng.random(len(attend)) < self.persuasion]] = True
        pop.ownership[attend[rng.random(len(attend)) < s.ownership_probability]] = True
