"""Policy awareness: budgeted publicity channels, grid workers' visits, meetings and word of mouth.

**Budgeted channels** *c* (:class:`~govsim.enums.PublicityChannel`: website, TV/radio, village
meetings, party members, WeChat groups): the daily budget ``publicity.budget_cny_per_adult_per_year
× adults / 365 × <c>.budget_share`` buys ``C_c`` contacts at ``<c>.cost_per_contact_cny``.
Villager *i* is reachable by *c* with weight ``w_ic``: website — online (smartphone and skill ≥
``channels.app_min_digital_skill``); TV/radio — resident × ``tv_reach`` of the age band; village
meetings — resident; party members — a resident network neighbour of a party member (two-step
flow; Katz & Lazarsfeld 1955); WeChat groups — group member. Exposure chance per day ``p_ic =
max_daily_reach_c × w_ic × min(1, C_c / (max_daily_reach_c Σ_i w_ic))`` (money buys reach up to
each channel's ceiling); an exposure makes an unaware villager aware with ``persuasion_c``
(× ``plain_language_persuasion_factor`` with plain language, at most 1). The daily chance is
``q_i = 1 − Π_c (1 − p_ic·persuasion_c)``; without word of mouth, awareness after *t* days is
exactly ``1 − (1 − q)^t`` (tested).

**Grid workers** visit ``grid_workers.publicity_minutes_per_day / 60 ×
households_visited_per_publicity_hour`` households a day (Poisson) in their grid; each resident
adult becomes aware with ``grid_worker_persuasion``. **Meetings**: an attendee becomes aware with
the village-meetings channel's persuasion. **Word of mouth**: each adult talks policy with one
random network neighbour with ``word_of_mouth_rate`` a day; an aware speaker makes the listener
aware with ``word_of_mouth_persuasion``. **Firms** become aware with
``enterprises.exposure_probability`` a day, plus ``forum_awareness_probability`` when included in
village forums.

Work per day is proportional to contacts, not to the population: channel exposures are drawn by
thinning (:func:`govsim.sampling.thinned_rows`), visits and conversations per event. The
mechanism keeps the counts of aware villagers and firms as it writes the columns.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.enums import PublicityChannel
from govsim.events import Attendance
from govsim.sampling import bernoulli_rows, thinned_rows
from govsim.scenario.schema import PublicityChannelSettings, Scenario
from govsim.state.enterprises import EnterpriseTable
from govsim.state.layout import Layout, concatenated_ranges
from govsim.state.network import SocialNetwork
from govsim.state.population import Population

__all__ = ["BUDGETED_CHANNELS", "Awareness", "daily_awareness_probability"]

DAYS_PER_YEAR = 365.0
MINUTES_PER_HOUR = 60.0
#: Publicity channels bought with the publicity budget (grid workers publicise in their own time)
BUDGETED_CHANNELS = tuple(c for c in PublicityChannel if c is not PublicityChannel.GRID_WORKERS)


def _reach(
    population: Population, network: SocialNetwork, settings: Scenario
) -> dict[PublicityChannel, NDArray[np.float64]]:
    """Weight with which each budgeted channel can reach each villager."""
    pop = population
    resident = ~pop.migrant
    online = pop.smartphone & (pop.digital_skill >= settings.channels.app_min_digital_skill)
    near_party = np.zeros(pop.size, dtype=bool)
    party_neighbours, _ = network.neighbours_of(pop.party_member.nonzero()[0])
    near_party[party_neighbours] = True
    tv = np.asarray(settings.publicity.tv_reach.as_tuple())[pop.age_band] * resident
    return {
        PublicityChannel.WEBSITE: online.astype(np.float64),
        PublicityChannel.TV_RADIO: tv,
        PublicityChannel.VILLAGE_MEETINGS: resident.astype(np.float64),
        PublicityChannel.PARTY_MEMBERS: (near_party & resident).astype(np.float64),
        PublicityChannel.WECHAT_GROUPS: pop.wechat_members(settings).astype(np.float64),
    }


def channel_settings(settings: Scenario) -> dict[PublicityChannel, PublicityChannelSettings]:
    """The scenario's settings of each budgeted publicity channel, keyed by channel."""
    return {c: getattr(settings.publicity, c.label) for c in BUDGETED_CHANNELS}


def daily_awareness_probability(
    population: Population, network: SocialNetwork, settings: Scenario
) -> tuple[NDArray[np.float64], float]:
    """Each villager's daily chance of becoming aware from budgeted channels; the daily spend."""
    pub = settings.publicity
    weights = _reach(population, network, settings)
    plain = pub.plain_language_persuasion_factor if pub.plain_language else 1.0
    stay_unaware = np.ones(population.size)
    spend = 0.0
    daily_budget = pub.budget_cny_per_adult_per_year * population.size / DAYS_PER_YEAR
    for channel, c in channel_settings(settings).items():
        weight = weights[channel]
        contacts = daily_budget * c.budget_share / c.cost_per_contact_cny
        ceiling = c.max_daily_reach * weight.sum()
        if contacts <= 0 or ceiling <= 0:
            continue
        used = min(1.0, contacts / ceiling)
        spend += used * ceiling * c.cost_per_contact_cny
        exposure = c.max_daily_reach * weight * used
        stay_unaware *= 1.0 - exposure * min(1.0, c.persuasion * plain)
    return 1.0 - stay_unaware, spend


class Awareness:
    """Awareness from publicity, visits, meetings and word of mouth (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = (
        "population.migrant",
        "population.smartphone",
        "population.digital_skill",
        "population.party_member",
        "population.age_band",
        "network",
        "layout",
    )
    WRITES: ClassVar[tuple[str, ...]] = ("population.aware", "enterprises.aware")

    def __init__(
        self,
        layout: Layout,
        population: Population,
        network: SocialNetwork,
        enterprises: EnterpriseTable,
        n_grid_workers: int,
        settings: Scenario,
        rng: np.random.Generator,
    ) -> None:
        self.layout = layout
        self.population = population
        self.network = network
        self.enterprises = enterprises
        self.n_grid_workers = n_grid_workers
        self.rng = rng
        self.everyone = np.arange(population.size, dtype=np.int64)
        self.aware_count = int(np.count_nonzero(population.aware))
        self.firms_aware = int(np.count_nonzero(enterprises.aware))
        self.spent_cny = 0.0
        self.configure(settings)

    def configure(self, settings: Scenario) -> None:
        """Take the scenario's publicity budget, channels and persuasion."""
        pub = settings.publicity
        self.settings = pub
        self.chance, self.daily_spend_cny = daily_awareness_probability(
            self.population, self.network, settings
        )
        self.highest = float(self.chance.max()) if self.population.size else 0.0
        plain = pub.plain_language_persuasion_factor if pub.plain_language else 1.0
        self.visit_persuasion = min(1.0, pub.grid_worker_persuasion * plain)
        self.meeting_persuasion = min(1.0, pub.village_meetings.persuasion * plain)
        g = settings.grid_workers
        self.visits_per_worker = (
            g.publicity_minutes_per_day / MINUTES_PER_HOUR * g.households_visited_per_publicity_hour
        )
        e = settings.enterprises
        included = self.enterprises.included(e.forum_inclusion_share)
        self.firm_chance = e.exposure_probability + included * e.forum_awareness_probability

    def step(self, day: int, attendance: Attendance) -> None:
        """Today's exposures, visits, meetings, conversations and firms' learning."""
        del day  # the rules do not depend on the date
        rng = self.rng
        self._inform(thinned_rows(rng, self.everyone, self.chance, self.highest))
        self.spent_cny += self.daily_spend_cny
        self._visits()
        if len(attendance):
            rows = attendance.rows
            self._inform(rows[rng.random(len(rows)) < self.meeting_persuasion])
        pub = self.settings
        if pub.word_of_mouth_rate > 0 and pub.word_of_mouth_persuasion > 0:
            speakers = bernoulli_rows(rng, self.everyone, pub.word_of_mouth_rate)
            speakers = speakers[self.population.aware[speakers]]
            if len(speakers):
                listeners = self.network.random_neighbour(speakers, rng)
                listeners = listeners[listeners >= 0]
                self._inform(listeners[rng.random(len(listeners)) < pub.word_of_mouth_persuasion])
        firms = self.enterprises
        if self.firms_aware < firms.size:
            firms.aware |= rng.random(firms.size) < self.firm_chance
            self.firms_aware = int(np.count_nonzero(firms.aware))

    def _inform(self, rows: NDArray[np.int64]) -> None:
        """Villagers ``rows`` become aware (counting those who were not)."""
        if len(rows) == 0:
            return
        aware = self.population.aware
        new = rows[~aware[rows]]
        if len(new):
            aware[new] = True
            self.aware_count += len(np.unique(new)) if len(new) > 1 else 1

    def _visits(self) -> None:
        if self.visits_per_worker <= 0 or self.n_grid_workers == 0:
            return
        rng = self.rng
        layout = self.layout
        visits = rng.poisson(self.visits_per_worker, self.n_grid_workers)
        if np.count_nonzero(visits) == 0:
            return
        grid = np.repeat(np.arange(len(visits)), visits)
        household = layout.grid_household_start[grid] + np.floor(
            rng.random(len(grid)) * layout.grid_household_count[grid]
        ).astype(np.int64)
        adults, _ = concatenated_ranges(
            layout.household_start[household], layout.household_size[household]
        )
        adults = adults[~self.population.migrant[adults]]
        self._inform(adults[rng.random(len(adults)) < self.visit_persuasion])
