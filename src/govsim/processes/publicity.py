"""Policy publicity and awareness: budgeted channels, door-to-door visits and word of mouth.

Enterprises learn through their own channels.

Budgeted channels *c* (website, TV/radio, village meetings, party members, WeChat groups): the
daily budget ``budget_cny_per_adult_per_year × adults / 365 × budget_share`` buys ``C_c`` contacts at
``cost_per_contact_cny``. Villager *i* is reachable by *c* with weight ``w_ic``: website — online
(smartphone and skill ≥ ``channels.app_min_digital_skill``); TV/radio — resident × ``tv_reach`` of
the age band; village meetings — resident; party members — resident network neighbour of a party
member (two-step flow; Katz & Lazarsfeld 1955); WeChat groups — group member. Exposure chance per
day ``p_ic = max_daily_reach_c × w_ic × min(1, C_c / (max_daily_reach_c Σ_i w_ic))`` (money buys
reach up to each channel's ceiling); an exposure makes an unaware villager aware with
``persuasion_c`` (× ``plain_language_persuasion_factor`` with plain language, at most 1). The
daily awareness chance is ``q_i = 1 − Π_c (1 − p_ic·persuasion_c)``; with word of mouth off,
awareness after *t* days is exactly ``1 − (1 − q)^t`` (tested).

Grid workers visit ``publicity_minutes_per_day / 60 × households_visited_per_publicity_hour``
households a day (Poisson) in their grid; each resident adult becomes aware with
``grid_worker_persuasion``. Word of mouth: each adult talks policy with one random network
neighbour with ``word_of_mouth_rate`` a day; an aware speaker makes the listener aware with
``word_of_mouth_persuasion``. Firms become aware with ``enterprises.exposure_probability`` a day,
plus ``forum_awareness_probability`` when included in village forums.

Work per day: channel exposures are drawn per class of identical ``q`` (Binomial + choice), visits
and conversations per event — proportional to contacts, not to the population.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from govsim.population import concatenated_ranges
from govsim.processes._common import binomial_zero_chance, sample_classes, sample_rows

if TYPE_CHECKING:
    from govsim.model import GovernanceModel

__all__ = ["Publicity", "daily_awareness_probability"]

DAYS_PER_YEAR = 365.0
MINUTES_PER_HOUR = 60.0


def daily_awareness_probability(model: GovernanceModel) -> tuple[NDArray[np.float64], float]:
    """Per-villager daily chance of becoming aware from budgeted channels, and the daily spend (CNY)."""
    s = model.settings
    pub = s.publicity
    pop = model.population
    resident = ~pop.migrant
    online = pop.smartphone & (pop.digital_skill >= s.channels.app_min_digital_skill)
    near_party = np.zeros(pop.size, dtype=bool)
    party_neighbours, _ = model.network.neighbours_of(np.flatnonzero(pop.party_member))
    near_party[party_neighbours] = True
    tv_weight = np.asarray(pub.tv_reach.as_tuple())[pop.age_band] * resident
    weights = (
        online.astype(np.float64),
        tv_weight,
        resident.astype(np.float64),
        (near_party & resident).astype(np.float64),
        pop.wechat_member.astype(np.float64),
    )
    plain = pub.plain_language_persuasion_factor if pub.plain_language else 1.0
    stay_unaware = np.ones(pop.size)
    spend = 0.0
    daily_budget = pub.budget_cny_per_adult_per_year * pop.size / DAYS_PER_YEAR
    for settings, weight in zip(pub.channel_settings(), weights, strict=True):
        contacts = daily_budget * settings.budget_share / settings.cost_per_contact_cny
        ceiling = settings.max_daily_reach * weight.sum()
        if contacts <= 0 or ceiling <= 0:
            continue
        used = 1.0 if contacts >= ceiling else contacts / ceiling  # no overflow for tiny reach
        spend += used * ceiling * settings.cost_per_contact_cny
        exposure = settings.max_daily_reach * weight * used
        stay_unaware *= 1.0 - exposure * min(1.0, settings.persuasion * plain)
    return 1.0 - stay_unaware, spend


class Publicity:
    """Awareness from channels, door-to-door visits and word of mouth (see module docstring)."""

    def __init__(self, model: GovernanceModel) -> None:
        q, self.daily_spend_cny = daily_awareness_probability(model)
        values, inverse = np.unique(q, return_inverse=True)
        order = np.argsort(inverse, kind="stable")
        bounds = np.searchsorted(inverse[order], np.arange(len(values) + 1))
        self.classes = [
            (float(p), order[bounds[k] : bounds[k + 1]].astype(np.int64))
            for k, p in enumerate(values.tolist())
            if p > 0
        ]
        self.class_sizes = np.array([len(members) for _, members in self.classes], dtype=np.int64)
        self.class_probabilities = np.array([p for p, _ in self.classes])
        self.zero_chance = binomial_zero_chance(self.class_sizes, self.class_probabilities)
        pub = model.settings.publicity
        plain = pub.plain_language_persuasion_factor if pub.plain_language else 1.0
        self.visit_persuasion = min(1.0, pub.grid_worker_persuasion * plain)
        self.visits_per_worker = (
            model.settings.grid_workers.publicity_minutes_per_day
            / MINUTES_PER_HOUR
            * model.settings.grid_workers.households_visited_per_publicity_hour
        )
        self.everyone = np.arange(model.population.size, dtype=np.int64)
        e = model.settings.enterprises
        firms = model.enterprises
        self.firm_chance = e.exposure_probability + firms.included * e.forum_awareness_probability
        self.spent_cny = 0.0

    def step(self, model: GovernanceModel) -> None:
        """Today's exposures, visits, conversations and firms' learning."""
        rng = model.rng
        pop = model.population
        if self.classes:
            exposed = sample_classes(
                rng, self.classes, self.class_sizes, self.class_probabilities, self.zero_chance
            )
            if len(exposed):
                pop.aware[exposed] = True
        self.spent_cny += self.daily_spend_cny
        self._visits(model)
        pub = model.settings.publicity
        if pub.word_of_mouth_rate > 0 and pub.word_of_mouth_persuasion > 0:
            speakers = sample_rows(rng, self.everyone, pub.word_of_mouth_rate)
            speakers = speakers[pop.aware[speakers]]
            if len(speakers):  # with no speakers nothing below draws (``rng.random(0)``)
                listeners = model.network.random_neighbour(speakers, rng)
                if not model.network.everyone_tied:
                    listeners = listeners[listeners >= 0]  # -1: a speaker without ties
                convinced = listeners[rng.random(len(listeners)) < pub.word_of_mouth_persuasion]
                pop.aware[convinced] = True
        firms = model.enterprises
        if firms.size:
            firms.aware |= rng.random(firms.size) < self.firm_chance

    def _visits(self, model: GovernanceModel) -> None:
        if self.visits_per_worker <= 0:
            return
        rng = model.rng
        layout = model.layout
        visits = rng.poisson(self.visits_per_worker, model.grid_workers.size)
        if np.count_nonzero(visits) == 0:
            return
        grid = np.repeat(np.arange(len(visits)), visits)
        household = layout.grid_household_start[grid] + np.floor(
            rng.random(len(grid)) * layout.grid_household_count[grid]
        ).astype(np.int64)
        adults, _ = concatenated_ranges(
            layout.household_start[household], layout.household_size[household]
        )
        pop = model.population
        adults = adults[~pop.migrant[adults]]
        pop.aware[adults[rng.random(len(adults)) < self.visit_persuasion]] = True
