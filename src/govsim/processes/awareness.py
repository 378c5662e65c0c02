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

**Forgetting** (Ebbinghaus; Rubin & Wenzel 1996): awareness fades without rehearsal. Each day
every aware villager other than a party member (who carries the policy) forgets it with chance
``f = 1 − 2^(−1/publicity.forgetting_half_life_days)``, as does every aware firm (which may then
learn it again); an exposure after forgetting makes them aware again. Forgetting bounds awareness:
with a constant daily chance *q* of becoming aware, awareness settles at q / (q + f − q·f) instead
of rising towards 1, so the status quo is a steady state.

Work per day is proportional to contacts, not to the population. The state-independent draws
(exposures, visits, conversations) are made for a block of days at once, by Geometric gaps and
thinning (:func:`govsim.sampling.bernoulli_positions`); a firm's day of learning is one
Geometric wait. The mechanism keeps the counts of aware villagers and firms as it writes them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.enums import PublicityChannel
from govsim.events import Attendance
from govsim.sampling import NO_ROWS, bernoulli_positions
from govsim.scenario import PublicityChannelSettings, Scenario
from govsim.state.enterprises import EnterpriseTable
from govsim.state.layout import Layout, concatenated_ranges
from govsim.state.network import SocialNetwork
from govsim.state.population import Population

__all__ = ["BUDGETED_CHANNELS", "Awareness", "daily_awareness_probability"]

DAYS_PER_YEAR = 365.0
MINUTES_PER_HOUR = 60.0
BLOCK_DAYS = 64  # days of state-independent draws made at once
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
        used = 1.0 if contacts >= ceiling else contacts / ceiling  # no overflow for tiny reach
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
        "enterprises.excluded",
        "enterprises.inclusion_draw",
        "population.wechat_draw",
    )
    WRITES: ClassVar[tuple[str, ...]] = ("population.aware", "enterprises.aware")
    SETTINGS: ClassVar[tuple[str, ...]] = (
        "publicity",
        "channels",
        "grid_workers",
        "enterprises",
        "wechat_groups",
    )

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
        self.aware_count = int(np.count_nonzero(population.aware))
        self.firms_aware = int(np.count_nonzero(enterprises.aware))
        self.spent_cny = 0.0
        self.last_day = -1
        self.firm_days: list[tuple[int, int]] = []
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
        half_life = pub.forgetting_half_life_days
        self.forgetting = 1.0 - 2.0 ** (-1.0 / half_life) if half_life > 0 else 0.0
        e = settings.enterprises
        included = self.enterprises.included(e.forum_inclusion_share)
        self.firm_chance = np.minimum(
            1.0, e.exposure_probability + included * e.forum_awareness_probability
        )
        self.block: _Block | None = None  # new levers: draw the days ahead afresh
        self._schedule_firms(self.last_day)

    def step(self, day: int, attendance: Attendance) -> None:
        """Today's exposures, visits, meetings, conversations and firms' learning."""
        self.last_day = day
        block = self.block
        if block is None or day >= block.end:
            block = self.block = self._draw_block(day)
        k = day - block.start
        self._forget(block.forgetting[block.forgetting_bounds[k] : block.forgetting_bounds[k + 1]])
        if self.forgetting > 0 and self.firms_aware:
            self._firms_forget(day)
        self._inform(block.exposed[block.exposed_bounds[k] : block.exposed_bounds[k + 1]])
        self.spent_cny += self.daily_spend_cny
        self._inform(block.visited[block.visited_bounds[k] : block.visited_bounds[k + 1]])
        if len(attendance):
            rows = attendance.rows
            self._inform(rows[self.rng.random(len(rows)) < self.meeting_persuasion])
        talks = slice(block.talk_bounds[k], block.talk_bounds[k + 1])
        if talks.start < talks.stop:
            speakers, listeners = block.speakers[talks], block.listeners[talks]
            self._inform(listeners[self.population.aware[speakers]])
        if self.firm_days and self.firm_days[-1][0] <= day:
            self._firms_learn(day)

    def _draw_block(self, day: int) -> _Block:
        """Draw the state-independent part of the next ``BLOCK_DAYS`` days at once.

        Who is exposed to a budgeted channel and persuaded, which adults a grid worker's visit
        persuades, and who talks to whom with success are i.i.d. from day to day while the
        levers stay: drawn for a block of days in a few calls (exactly the daily draws' law);
        whether a speaker is aware is read on the day. New levers start a new block.
        """
        rng = self.rng
        n = self.population.size
        days = BLOCK_DAYS
        # channel exposures: a Bernoulli(q_max) process over days × villagers, thinned to q_i
        cells = bernoulli_positions(rng, n * days, self.highest)
        rows = cells % n
        kept = rng.random(len(cells)) * self.highest < self.chance[rows]
        exposed_day, exposed = cells[kept] // n, rows[kept]
        visited_day, visited = self._draw_visits(days)
        talk_day, speakers, listeners = self._draw_talks(days)
        # forgetting: each villager-day is a chance to forget (applied to the aware on the day)
        cells = bernoulli_positions(rng, n * days, self.forgetting)
        return _Block(
            forgetting=cells % n,
            forgetting_bounds=_bounds(cells // n, days),
            start=day,
            end=day + days,
            exposed=exposed,
            exposed_bounds=_bounds(exposed_day, days),
            visited=visited,
            visited_bounds=_bounds(visited_day, days),
            speakers=speakers,
            listeners=listeners,
            talk_bounds=_bounds(talk_day, days),
        )

    def _draw_visits(self, days: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Adults persuaded by grid workers' visits on each of ``days`` days (day, row)."""
        if self.visits_per_worker <= 0 or self.n_grid_workers == 0:
            return NO_ROWS, NO_ROWS
        rng = self.rng
        layout = self.layout
        visits = rng.poisson(self.visits_per_worker, (days, self.n_grid_workers))
        day_of_visit = np.repeat(np.arange(days), visits.sum(axis=1))
        grid = np.nonzero(visits)[1]
        grid = np.repeat(grid, visits[visits > 0])
        household = layout.grid_household_start[grid] + np.floor(
            rng.random(len(grid)) * layout.grid_household_count[grid]
        ).astype(np.int64)
        adults, visit = concatenated_ranges(
            layout.household_start[household], layout.household_size[household]
        )
        keep = ~self.population.migrant[adults] & (rng.random(len(adults)) < self.visit_persuasion)
        return day_of_visit[visit[keep]], adults[keep]

    def _draw_talks(
        self, days: int
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """Persuasive conversations on each of ``days`` days: (day, speaker, listener)."""
        pub = self.settings
        if pub.word_of_mouth_rate <= 0 or pub.word_of_mouth_persuasion <= 0:
            return NO_ROWS, NO_ROWS, NO_ROWS
        rng = self.rng
        n = self.population.size
        cells = bernoulli_positions(rng, n * days, pub.word_of_mouth_rate)
        speakers = cells % n
        listeners = self.network.random_neighbour(speakers, rng)
        persuaded = (listeners >= 0) & (rng.random(len(cells)) < pub.word_of_mouth_persuasion)
        return cells[persuaded] // n, speakers[persuaded], listeners[persuaded]

    def _schedule_firms(self, after: int) -> None:
        """The day each unaware firm learns of the policy: a Geometric wait at its daily chance."""
        firms = self.enterprises
        unaware = (~firms.aware & (self.firm_chance > 0)).nonzero()[0]
        waits = self.rng.geometric(self.firm_chance[unaware]) if len(unaware) else NO_ROWS
        # latest first, so that today's are popped from the end
        order = np.argsort(-(after + waits), kind="stable")
        self.firm_days = list(
            zip((after + waits[order]).tolist(), unaware[order].tolist(), strict=True)
        )

    def _firms_learn(self, day: int) -> None:
        firms = self.enterprises
        while self.firm_days and self.firm_days[-1][0] <= day:
            _, firm = self.firm_days.pop()
            if not firms.aware[firm]:
                firms.aware[firm] = True
                self.firms_aware += 1

    def _forget(self, rows: NDArray[np.int64]) -> None:
        """Aware villagers among ``rows`` who are not party members forget the policy."""
        if len(rows) == 0:
            return
        pop = self.population
        lost = rows[pop.aware[rows] & ~pop.party_member[rows]]
        if len(lost):
            pop.aware[lost] = False
            self.aware_count -= len(np.unique(lost)) if len(lost) > 1 else 1

    def _firms_forget(self, day: int) -> None:
        """Aware firms forget with the daily chance; each then waits to learn it again."""
        firms = self.enterprises
        aware = firms.aware.nonzero()[0]  # firms are few: a scan is cheap
        lost = aware[self.rng.random(len(aware)) < self.forgetting]
        if len(lost) == 0:
            return
        firms.aware[lost] = False
        self.firms_aware -= len(lost)
        chance = self.firm_chance[lost]
        learning = lost[chance > 0]
        if len(learning):
            waits = self.rng.geometric(chance[chance > 0])
            for when, firm in zip((day + waits).tolist(), learning.tolist(), strict=True):
                bisect.insort(self.firm_days, (when, firm), key=lambda item: -item[0])

    def _inform(self, rows: NDArray[np.int64]) -> None:
        """Villagers ``rows`` become aware (counting those who were not)."""
        if len(rows) == 0:
            return
        aware = self.population.aware
        new = rows[~aware[rows]]
        if len(new):
            aware[new] = True
            self.aware_count += len(np.unique(new)) if len(new) > 1 else 1


def _bounds(day: NDArray[np.int64], days: int) -> NDArray[np.int64]:
    """Offsets of each day's entries in a day-sorted array (``days + 1`` of them)."""
    bounds: NDArray[np.int64] = np.searchsorted(day, np.arange(days + 1))
    return bounds


@dataclass(frozen=True, slots=True)
class _Block:
    """Pre-drawn, state-independent draws of days ``start`` … ``end − 1`` (see ``_draw_block``)."""

    forgetting: NDArray[np.int64]
    forgetting_bounds: NDArray[np.int64]
    start: int
    end: int
    exposed: NDArray[np.int64]
    exposed_bounds: NDArray[np.int64]
    visited: NDArray[np.int64]
    visited_bounds: NDArray[np.int64]
    speakers: NDArray[np.int64]
    listeners: NDArray[np.int64]
    talk_bounds: NDArray[np.int64]
