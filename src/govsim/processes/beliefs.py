"""Beliefs: villagers' trust, efficacy and ownership move with what they live through.

Every mechanism that gives villagers an experience — a meeting (:mod:`meetings`), the outcome of
a case they reported, observed or suffered (:mod:`feedback`) — hands it on as
:class:`~govsim.events.Experiences`; this mechanism alone writes the three beliefs.

Update (asymmetric: losses weigh ``feedback.loss_aversion`` times gains; Kahneman & Tversky
1979): for a villager with belief *x* who experiences outcome *o* at rate λ,
``x ← clip(x + λ·(o − x)·(loss_aversion if o < x else 1), 0, 1)``, for trust and efficacy with
their own rates. Ownership ("I am a subject of governance"; Ansell & Gash 2008, "small wins") is
taken with the experience's ``gain`` chance and dropped with its ``loss`` chance. A villager who
appears several times in a day's batch takes the last of those experiences. Without renewed small
wins ownership fades: each day every owner drops it with chance ``1 −
2^(−1/feedback.ownership_half_life_days)``, so that ownership is held up by what villagers live
through rather than accumulated for ever. Experiences fade from memory too: trust and efficacy
return towards each villager's own disposition (their value at set-up) with half-life
``feedback.belief_half_life_days``, ``x ← x₀ + (x − x₀)·2^(−Δ/half-life)``, applied every
:data:`FADE_EVERY_DAYS` days (Δ days since the last time) to all villagers at once (a few numpy
operations a week, not Python work per villager). Forgetting (Ebbinghaus 1885; Rubin & Wenzel 1996,
retention functions) is what makes the status quo a steady state: without it beliefs converge, over
decades, to the average outcome every villager has ever lived through (DOMAIN §6).

The mechanism keeps the trust and efficacy sums and ownership counts of resident adults and of
migrants apart (:data:`RESIDENTS`, :data:`MIGRANTS`; ``population.migrant`` is fixed during a run)
as it writes them (exactly: from the rows it changes), so that the daily means cost nothing per
villager.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from govsim.events import Experiences
from govsim.sampling import BernoulliDays
from govsim.scenario import Scenario
from govsim.state.population import Population

__all__ = ["FADE_EVERY_DAYS", "MIGRANTS", "RESIDENTS", "Beliefs", "asymmetric_step"]

#: Days between two applications of the return of trust and efficacy to the dispositions
FADE_EVERY_DAYS = 7

#: Index of resident adults and of migrants in the running sums (``population.migrant`` as int)
RESIDENTS, MIGRANTS = 0, 1
_GROUPS = 2


def asymmetric_step(
    belief: NDArray[np.float64],
    outcome: NDArray[np.float64] | float,
    rate: NDArray[np.float64] | float,
    loss_aversion: float,
) -> NDArray[np.float64]:
    """``belief`` moved towards ``outcome`` at ``rate``, losses weighted by ``loss_aversion``."""
    step = np.asarray(rate * (outcome - belief), dtype=np.float64)
    step[step < 0] *= loss_aversion
    moved: NDArray[np.float64] = np.clip(belief + step, 0.0, 1.0)
    return moved


class Beliefs:
    """Trust, efficacy and ownership updates from the day's experiences (see module docstring)."""

    READS: ClassVar[tuple[str, ...]] = ("population.migrant",)
    WRITES: ClassVar[tuple[str, ...]] = (
        "population.trust",
        "population.efficacy",
        "population.ownership",
    )
    SETTINGS: ClassVar[tuple[str, ...]] = ("feedback",)

    def __init__(
        self, population: Population, settings: Scenario, rng: np.random.Generator
    ) -> None:
        self.population = population
        self.rng = rng
        #: each villager's group, 0 or 1: a view of ``population.migrant`` (no copy)
        self.group: NDArray[np.int8] = population.migrant.view(np.int8)
        #: trust and efficacy sums and owners, by group (:data:`RESIDENTS`, :data:`MIGRANTS`)
        self.trust_sums = self._by_group(self.group, population.trust)
        self.efficacy_sums = self._by_group(self.group, population.efficacy)
        self.owners: NDArray[np.int64] = np.bincount(
            self.group[population.ownership], minlength=_GROUPS
        )
        #: each villager's dispositions (trust and efficacy at set-up) and their sums by group
        self.trust_prior = population.trust.copy()
        self.efficacy_prior = population.efficacy.copy()
        self.trust_prior_sums = self.trust_sums.copy()
        self.efficacy_prior_sums = self.efficacy_sums.copy()
        self.faded_day = 0
        self.configure(settings)

    @staticmethod
    def _by_group(group: NDArray[np.int8], values: NDArray[np.float64]) -> NDArray[np.float64]:
        """Sums of ``values`` by group (residents, migrants)."""
        sums: NDArray[np.float64] = np.bincount(group, weights=values, minlength=_GROUPS)
        return sums

    def configure(self, settings: Scenario) -> None:
        """Take the scenario's loss aversion and how fast ownership and beliefs fade."""
        self.loss_aversion = settings.feedback.loss_aversion
        half_life = settings.feedback.ownership_half_life_days
        self.fading = 1.0 - 2.0 ** (-1.0 / half_life) if half_life > 0 else 0.0
        self.fade_draws = BernoulliDays(self.population.size, self.fading)
        self.belief_half_life = settings.feedback.belief_half_life_days

    def step(self, day: int, *batches: Experiences) -> None:
        """Let ownership and beliefs fade, then apply today's experiences, batch by batch."""
        if self.fading > 0 and self.owners.any():
            self._fade(day)
        if day - self.faded_day >= FADE_EVERY_DAYS:
            self._return_to_dispositions(day - self.faded_day)
            self.faded_day = day
        for batch in batches:
            if len(batch):
                self._apply(batch)

    def _fade(self, day: int) -> None:
        """Each owner drops ownership with the daily fading chance (work ∝ the drops)."""
        pop = self.population
        rows = self.fade_draws.today(self.rng, day)
        lost = rows[pop.ownership[rows]]
        if len(lost):
            pop.ownership[lost] = False
            self.owners -= np.bincount(self.group[lost], minlength=_GROUPS)

    def _return_to_dispositions(self, days: int) -> None:
        """Trust and efficacy return ``days``' worth towards the dispositions (exact sums)."""
        if self.belief_half_life <= 0:
            return
        kept = 2.0 ** (-days / self.belief_half_life)
        pop = self.population
        for values, prior in ((pop.trust, self.trust_prior), (pop.efficacy, self.efficacy_prior)):
            values -= prior
            values *= kept
            values += prior
        self.trust_sums = self.trust_prior_sums + kept * (self.trust_sums - self.trust_prior_sums)
        self.efficacy_sums = self.efficacy_prior_sums + kept * (
            self.efficacy_sums - self.efficacy_prior_sums
        )

    def _apply(self, batch: Experiences) -> None:
        pop = self.population
        rows = batch.rows
        if len(rows) > 1:
            # the last experience of each villager in the batch (reversed, first occurrence)
            _, last = np.unique(rows[::-1], return_index=True)
            keep = len(rows) - 1 - last
            if len(keep) < len(rows):
                batch = Experiences(
                    rows=rows[keep],
                    outcome=batch.outcome[keep],
                    trust_rate=batch.trust_rate[keep],
                    efficacy_rate=batch.efficacy_rate[keep],
                    gain=batch.gain[keep],
                    loss=batch.loss[keep],
                )
                rows = batch.rows
        trust = pop.trust[rows]
        efficacy = pop.efficacy[rows]
        new_trust = asymmetric_step(trust, batch.outcome, batch.trust_rate, self.loss_aversion)
        new_efficacy = asymmetric_step(
            efficacy, batch.outcome, batch.efficacy_rate, self.loss_aversion
        )
        pop.trust[rows] = new_trust
        pop.efficacy[rows] = new_efficacy
        group = self.group[rows]
        self.trust_sums += self._by_group(group, new_trust - trust)
        self.efficacy_sums += self._by_group(group, new_efficacy - efficacy)

        n = len(rows)
        uniforms = self.rng.random(2 * n)
        owned = pop.ownership[rows]
        gained = ~owned & (uniforms[:n] < batch.gain)
        lost = owned & (uniforms[n:] < batch.loss)
        if np.count_nonzero(gained):
            pop.ownership[rows[gained]] = True
        if np.count_nonzero(lost):
            pop.ownership[rows[lost]] = False
        if np.count_nonzero(gained) or np.count_nonzero(lost):
            self.owners += np.bincount(group[gained], minlength=_GROUPS)
            self.owners -= np.bincount(group[lost], minlength=_GROUPS)
