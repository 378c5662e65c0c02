"""Process 4 — channel choice: a multinomial logit over the channels a villager can use.

Utility of channel *j* for villager *i*: ``U_ij = channels.<j>.utility`` (+ for WeChat and the
app: ``digital_skill_weight × skill_i − age_60_plus_digital_penalty × [i is 60+]``; + for WeChat,
``wechat_groups.young_party_member_utility_gain`` when young party members run the groups).
Access rules: hotline — can phone (``phone_share``, drawn once per villager); grid worker —
resident and the worker is reachable (``grid_worker_availability``, per report); village committee
— resident; WeChat — member of the village group; app — smartphone and skill ≥
``app_min_digital_skill``. Inaccessible channels have utility −∞. Like publicity's reach, access
and the digital terms come from attributes fixed at set-up, so they are tabulated once per
villager; only the grid worker's availability is drawn per decision. The choice is drawn with the
Gumbel-max trick (exactly multinomial logit); the log-sum ``log Σ_j exp U_ij`` is the ease of
reporting that enters the reporting decision (nested-logit inclusive value; Ben-Akiva & Lerman
1985). Report quality is the channel's ``quality`` (plus ``apps.classification_quality_gain`` for
the app with event classification), except that a report relayed by the grid worker is written up
by the worker: the mean of the channel's quality and the worker's text skill (plus the
classification gain). Vectorised over
the day's deciders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from govsim.enums import AgeBand, Channel

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["ChannelChoice"]

N_CHANNELS = len(Channel)
RELAY_ACCOUNT_WEIGHT = (
    0.5  # a relayed report: the villager's account and the worker's write-up, equally
)


class ChannelChoice:
    """Channel utilities, access and the logit draw (see module docstring)."""

    def __init__(self, model: GovernanceModel) -> None:
        s = model.settings
        c = s.channels
        settings = {
            Channel.HOTLINE: c.hotline,
            Channel.GRID_WORKER: c.grid_worker,
            Channel.VILLAGE_COMMITTEE: c.village_committee,
            Channel.WECHAT: c.wechat,
            Channel.APP: c.app,
        }
        self.base_utility = np.array([settings[ch].utility for ch in Channel])
        if s.wechat_groups.run_by_young_party_members:
            self.base_utility[Channel.WECHAT] += s.wechat_groups.young_party_member_utility_gain
        self.intake_delay_days = np.array([settings[ch].intake_delay_days for ch in Channel])
        self.quality = np.array([settings[ch].quality for ch in Channel])
        self.classification_gain = (
            s.apps.classification_quality_gain if s.apps.event_classification else 0.0
        )
        self.quality[[Channel.GRID_WORKER, Channel.APP]] += self.classification_gain
        self.quality = np.minimum(self.quality, 1.0)
        self.can_phone = model.rng.random(model.population.size) < c.phone_share
        self.table = self._tabulate(model)

    def _tabulate(self, model: GovernanceModel) -> NDArray[np.float64]:
        """Each villager's utilities with the grid worker available (−∞: no access)."""
        c = model.settings.channels
        pop = model.population
        utility = np.empty((pop.size, N_CHANNELS))
        utility[:] = self.base_utility
        skill = pop.digital_skill
        digital = c.digital_skill_weight * skill - c.age_60_plus_digital_penalty * (
            pop.age_band == AgeBand.AGE_60_PLUS
        )
        utility[:, Channel.WECHAT] += digital
        utility[:, Channel.APP] += digital
        resident = ~pop.migrant
        access = np.empty((pop.size, N_CHANNELS), dtype=bool)
        access[:, Channel.HOTLINE] = self.can_phone
        access[:, Channel.GRID_WORKER] = resident
        access[:, Channel.VILLAGE_COMMITTEE] = resident
        access[:, Channel.WECHAT] = pop.wechat_member
        access[:, Channel.APP] = pop.smartphone & (skill >= c.app_min_digital_skill)
        utility[~access] = -np.inf
        return utility

    def utilities(self, model: GovernanceModel, rows: NDArray[np.int64]) -> NDArray[np.float64]:
        """Utility of each channel (columns in :class:`Channel` order) for each villager row."""
        utility = self.table[rows]
        away = model.rng.random(len(rows)) >= model.settings.channels.grid_worker_availability
        utility[away, Channel.GRID_WORKER] = -np.inf
        return utility

    def report_quality(
        self, model: GovernanceModel, rows: NDArray[np.int64], channel: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        """Quality of reports by ``rows`` through ``channel``.

        A report relayed by the grid worker is the villager's account written up by the worker: its
        quality is the mean of the channel's quality and the worker's text skill (plus the
        classification gain); other channels have their own quality.
        """
        quality = self.quality[channel]
        relayed = channel == Channel.GRID_WORKER
        if np.count_nonzero(relayed):
            skill = model.grid_workers.text_skill[model.population.grid[rows[relayed]]]
            written_up = np.minimum(1.0, skill + self.classification_gain)
            quality[relayed] = (
                RELAY_ACCOUNT_WEIGHT * quality[relayed] + (1.0 - RELAY_ACCOUNT_WEIGHT) * written_up
            )
        return quality

    @staticmethod
    def log_sum(utility: NDArray[np.float64]) -> NDArray[np.float64]:
        """Inclusive value ``log Σ exp U`` per row (−∞ where nothing is accessible).

        ``logaddexp`` of two −∞ is −∞ without a floating-point warning (numpy special-cases
        equal arguments), so no ``np.errstate`` is needed.
        """
        log_sum: NDArray[np.float64] = np.logaddexp.reduce(utility, axis=1)
        return log_sum

    @staticmethod
    def choose(utility: NDArray[np.float64], rng: np.random.Generator) -> NDArray[np.int64]:
        """Draw a channel per row with multinomial-logit probabilities (Gumbel-max)."""
        return np.argmax(utility + rng.gumbel(size=utility.shape), axis=1).astype(np.int64)
