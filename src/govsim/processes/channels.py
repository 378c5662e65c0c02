"""Channel choice: a multinomial logit over the reporting channels a villager can use.

Utility of channel *j* for villager *i*: ``U_ij = channels.<j>.utility`` (+ for WeChat and the app:
``digital_skill_weight × skill_i − age_60_plus_digital_penalty × [i is 60+]``; + for WeChat,
``wechat_groups.young_party_member_utility_gain`` when young party members run the groups).
Access: hotline — can phone (``phone_share``, a latent draw per villager); grid worker —
resident, and the worker is reachable (``grid_worker_availability``, drawn per decision);
village committee — resident; WeChat — member of the village group; app — smartphone and skill
≥ ``app_min_digital_skill``. Inaccessible channels have utility −∞. Access and the digital terms
come from traits fixed at set-up and the levers in force; they are computed for the day's
deciders only (a table of every villager's utilities would hold five floats per villager, 15 MiB
in a county, for the few thousand rows read a day); only the grid worker's availability is drawn
per decision.

The choice is drawn with the Gumbel-max trick (exactly a multinomial-logit draw); the log-sum
``log Σ_j exp U_ij`` is the ease of reporting that enters the reporting decision (nested-logit
inclusive value; Ben-Akiva & Lerman 1985). Report quality is the channel's ``quality``, except
that a report through the grid worker is written up by the worker: the mean of the channel's
quality and the worker's written skill (:meth:`GridWorkerTable.written_skill`); with event
classification the grid-worker and app channels' qualities gain ``apps.classification_quality_gain``. Vectorised over the day's
deciders.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from govsim.enums import AgeBand, Channel
from govsim.scenario import ChannelSettings, Scenario
from govsim.state.grid_workers import GridWorkerTable
from govsim.state.population import Population

__all__ = ["ChannelChoice"]

N_CHANNELS = len(Channel)
RELAY_ACCOUNT_WEIGHT = 0.5  # a relayed report: the villager's account and the worker's write-up


class ChannelChoice:
    """Channel utilities, access and the logit draw (see module docstring)."""

    def __init__(
        self,
        population: Population,
        grid_workers: GridWorkerTable,
        settings: Scenario,
        rng: np.random.Generator,
    ) -> None:
        self.population = population
        self.grid_workers = grid_workers
        self.phone_draw = rng.random(population.size)  # latent: can phone below phone_share
        self.configure(settings)

    def configure(self, settings: Scenario) -> None:
        """Take the channels' utilities, qualities and delays (utilities are computed per row)."""
        s = settings
        c = s.channels
        by_channel: dict[Channel, ChannelSettings] = {
            Channel.HOTLINE: c.hotline,
            Channel.GRID_WORKER: c.grid_worker,
            Channel.VILLAGE_COMMITTEE: c.village_committee,
            Channel.WECHAT: c.wechat,
            Channel.APP: c.app,
        }
        base = np.array([by_channel[ch].utility for ch in Channel])
        if s.wechat_groups.run_by_young_party_members:
            base[Channel.WECHAT] += s.wechat_groups.young_party_member_utility_gain
        self.intake_delay_days = np.array([by_channel[ch].intake_delay_days for ch in Channel])
        quality = np.array([by_channel[ch].quality for ch in Channel])
        if s.apps.event_classification:  # the grid app and the government app classify events
            quality[[Channel.GRID_WORKER, Channel.APP]] += s.apps.classification_quality_gain
        self.quality: NDArray[np.float64] = np.minimum(quality, 1.0)
        self.relay_quality = RELAY_ACCOUNT_WEIGHT * self.quality[Channel.GRID_WORKER] + (
            1.0 - RELAY_ACCOUNT_WEIGHT
        ) * self.grid_workers.written_skill(s)
        self.availability = c.grid_worker_availability

        self.settings = s
        self.base = base

    def base_utilities(self, rows: NDArray[np.int64]) -> NDArray[np.float64]:
        """Utility of each channel for villagers ``rows`` before the grid worker's availability.

        Computed from the rows' traits and the levers in force, element by element as a table of
        every villager would be (the same values, bit for bit).
        """
        s = self.settings
        c = s.channels
        pop = self.population
        utility = np.empty((len(rows), N_CHANNELS))
        utility[:] = self.base
        skill = pop.digital_skill[rows]
        digital = c.digital_skill_weight * skill - c.age_60_plus_digital_penalty * (
            pop.age_band[rows] == AgeBand.AGE_60_PLUS
        )
        utility[:, Channel.WECHAT] += digital
        utility[:, Channel.APP] += digital
        resident = ~pop.migrant[rows]
        access = np.empty((len(rows), N_CHANNELS), dtype=bool)
        access[:, Channel.HOTLINE] = self.phone_draw[rows] < c.phone_share
        access[:, Channel.GRID_WORKER] = resident
        access[:, Channel.VILLAGE_COMMITTEE] = resident
        access[:, Channel.WECHAT] = pop.wechat_members(s, rows)
        access[:, Channel.APP] = pop.smartphone[rows] & (skill >= c.app_min_digital_skill)
        utility[~access] = -np.inf
        return utility

    @property
    def table(self) -> NDArray[np.float64]:
        """Every villager's :meth:`base_utilities` (for inspection: the run reads rows only)."""
        return self.base_utilities(np.arange(self.population.size))

    def utilities(self, rows: NDArray[np.int64], rng: np.random.Generator) -> NDArray[np.float64]:
        """Utility of each channel (columns in :class:`Channel` order) for each villager row."""
        utility = self.base_utilities(rows)
        away = rng.random(len(rows)) >= self.availability
        utility[away, Channel.GRID_WORKER] = -np.inf
        return utility

    def report_quality(
        self, rows: NDArray[np.int64], channel: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        """Quality of reports by ``rows`` through ``channel`` (relayed ones written by the worker)."""
        quality: NDArray[np.float64] = self.quality[channel]
        relayed = channel == Channel.GRID_WORKER
        if np.count_nonzero(relayed):
            quality[relayed] = self.relay_quality[self.population.grid[rows[relayed]]]
        return quality

    @staticmethod
    def log_sum(utility: NDArray[np.float64]) -> NDArray[np.float64]:
        """Inclusive value ``log Σ exp U`` per row (−∞ where nothing is accessible)."""
        log_sum: NDArray[np.float64] = np.logaddexp.reduce(utility, axis=1)
        return log_sum

    @staticmethod
    def choose(utility: NDArray[np.float64], rng: np.random.Generator) -> NDArray[np.int64]:
        """Draw a channel per row with multinomial-logit probabilities (Gumbel-max)."""
        return np.argmax(utility + rng.gumbel(size=utility.shape), axis=1).astype(np.int64)
