"""Local settlement alone: the intake audit of inflated reports, village triage and mediation."""

from __future__ import annotations

import numpy as np
import pytest

import _states as st
from govsim.enums import NO_CHANNEL, Channel, Outcome, Source, Stage
from govsim.processes import LocalSettlement

CERTAIN = {  # ample mediation that always succeeds at once
    "cadres.per_village": 5,
    "cadres.mediation_cases_per_cadre_per_day": 1000.0,
    "cadres.mediation_success_probability": 1.0,
    "cadres.mediation_days_mean": 0.0,
}


def _settlement(
    n_villages: int = 1, seed: int = 0, village_columns: dict | None = None, **overrides: object
) -> LocalSettlement:
    the_villages = st.villages(n_villages, **(village_columns or {}))
    return LocalSettlement(the_villages, st.CaseLedger(), st.settings(**overrides), st.rng(seed))


def test_mediation_capacity_accrues_daily_and_carries_over_one_case_beyond_a_day() -> None:
    slow = _settlement(
        **{"cadres.per_village": 5, "cadres.mediation_cases_per_cadre_per_day": 0.15}
    )
    fast = _settlement(**{"cadres.per_village": 5, "cadres.mediation_cases_per_cadre_per_day": 0.5})
    banked = []
    for day in range(3):
        slow.step(day, np.zeros(0, dtype=np.int64))
        fast.step(day, np.zeros(0, dtype=np.int64))
        banked.append((slow.villages.mediation_available[0], fast.villages.mediation_available[0]))
    # rate 5 × 0.15 = 0.75 a day, banked up to 1.75 cases; rate 2.5 a day, up to 3.5
    assert banked == [(0.75, 2.5), (1.5, 3.5), (1.75, 3.5)]


def test_a_mediation_uses_one_case_of_capacity_and_needs_a_whole_one() -> None:
    settlement = _settlement(**{**CERTAIN, "cadres.mediation_cases_per_cadre_per_day": 0.15})
    ids = st.cases(settlement.ledger, 6, settleable=True)
    local, centre = [], []
    # one settleable case a day; capacity before the day's case: 0.75, 1.5, 1.25, 1.0, 0.75, 1.5
    for day in range(6):
        triage = settlement.step(day, ids[day : day + 1])
        local += triage.closing.ids.tolist()
        centre += triage.to_centre.tolist()
    assert local == [1, 2, 3, 5]  # four of six days: the rate, 0.75 a day, less the start
    assert centre == [0, 4]
    assert settlement.ledger["settled_locally"].tolist() == [False, True, True, True, False, True]


def test_settled_cases_close_settled_locally_after_the_mediation() -> None:
    settlement = _settlement(**CERTAIN)
    ids = st.cases(settlement.ledger, 2, settleable=True)
    triage = settlement.step(0, ids)
    assert triage.closing.ids.tolist() == [0, 1]
    assert triage.closing.outcome.tolist() == [Outcome.SETTLED_LOCALLY] * 2
    assert triage.to_centre.tolist() == []
    assert settlement.ledger["stage"].tolist() == [Stage.LOCAL] * 2


def test_only_genuine_settleable_cases_of_village_channels_are_mediated() -> None:
    settlement = _settlement(**CERTAIN)
    channel = [Channel.GRID_WORKER, Channel.VILLAGE_COMMITTEE, Channel.WECHAT, Channel.HOTLINE,
               Channel.APP, NO_CHANNEL, Channel.WECHAT, Channel.WECHAT]  # fmt: skip
    settleable = [True] * 6 + [False, True]
    genuine = [True] * 7 + [False]
    ids = st.cases(settlement.ledger, 8, channel=channel, settleable=settleable, genuine=genuine)
    triage = settlement.step(0, ids)
    assert triage.closing.ids.tolist() == [0, 1, 2]
    assert triage.to_centre.tolist() == [3, 4, 5, 6, 7]


def test_without_local_settlement_every_case_goes_to_the_centre() -> None:
    settlement = _settlement(**{**CERTAIN, "cadres.local_settlement": False})
    ids = st.cases(settlement.ledger, 3, settleable=True, channel=Channel.WECHAT)
    triage = settlement.step(0, ids)
    assert triage.to_centre.tolist() == [0, 1, 2]
    assert len(triage.closing) == 0
    assert not settlement.ledger["settled_locally"].any()


def test_without_cadres_nothing_is_mediated() -> None:
    settlement = _settlement(**{**CERTAIN, "cadres.per_village": 0})
    ids = st.cases(settlement.ledger, 4, settleable=True)
    for day in range(4):
        triage = settlement.step(day, ids[day : day + 1])
        assert triage.to_centre.tolist() == [day]
    assert settlement.villages.mediation_available.tolist() == [0.0]


def test_failed_mediations_use_capacity_and_go_to_the_centre() -> None:
    settlement = _settlement(
        village_columns={"leadership": [0.0]},  # success 0.75 × 0 / 0.5 = 0
        **{**CERTAIN, "cadres.mediation_cases_per_cadre_per_day": 0.4},  # 2 cases a day
    )
    ids = st.cases(settlement.ledger, 3, settleable=True)
    triage = settlement.step(0, ids)
    assert triage.to_centre.tolist() == [0, 1, 2]
    assert settlement.villages.mediation_available.tolist() == [0.0]  # two were tried


def test_mediation_succeeds_with_the_chance_scaled_by_leadership() -> None:
    n = 9000  # within a day's capacity of 5 × 1000 cases in each of the two villages
    settlement = _settlement(
        2, village_columns={"leadership": [0.25, 1.0]},
        **{**CERTAIN, "cadres.mediation_success_probability": 0.8, "cadres.leadership_mean": 0.5},
    )  # fmt: skip
    ids = st.cases(settlement.ledger, n, settleable=True, village=np.arange(n) % 2)
    triage = settlement.step(0, ids)
    settled = triage.closing.ids
    weak = settled[settled % 2 == 0]
    assert np.all(np.isin(ids[1::2], settled))  # 0.8 × 1.0 / 0.5 = 1.6, capped at 1
    st.assert_share(len(weak), n // 2, 0.8 * 0.25 / 0.5)


def test_mediation_takes_poisson_days_then_closes_each_case_once() -> None:
    n = 4000
    settlement = _settlement(**{**CERTAIN, "cadres.mediation_days_mean": 2.0})
    ids = st.cases(settlement.ledger, n, settleable=True)
    closed_on = np.full(n, -1)
    for day in range(40):
        triage = settlement.step(day, ids if day == 0 else np.zeros(0, dtype=np.int64))
        assert np.all(closed_on[triage.closing.ids] == -1)
        closed_on[triage.closing.ids] = day
    assert np.all(closed_on >= 0)
    assert settlement.ledger["stage"].tolist() == [Stage.LOCAL] * n  # closing writes CLOSED
    st.assert_within(closed_on.mean(), 2.0, np.sqrt(2.0 / n))


def test_inflated_grid_worker_reports_are_caught_by_an_audit() -> None:
    settlement = _settlement(**{**CERTAIN, "appraisal.audit_rate": 1.0})
    ids = st.cases(
        settlement.ledger, 4, source=[Source.GRID_WORKER, Source.GRID_WORKER, Source.VILLAGER, Source.GRID_WORKER],
        genuine=[False, False, False, True], reporter=[7, 3, 9, 7], settleable=False,
    )  # fmt: skip
    triage = settlement.step(0, ids)
    assert triage.closing.ids.tolist() == [0, 1]
    assert triage.closing.outcome.tolist() == [Outcome.NO_ACTION] * 2
    assert triage.caught_workers.tolist() == [7, 3]
    assert triage.to_centre.tolist() == [2, 3]  # a villager's trivial report is not audited


def test_without_audits_or_cameras_inflated_reports_reach_the_centre() -> None:
    settlement = _settlement(**{"appraisal.audit_rate": 0.0, "cameras.coverage_share": 0.0})
    ids = st.cases(settlement.ledger, 50, source=Source.GRID_WORKER, genuine=False)
    triage = settlement.step(0, ids)
    assert triage.to_centre.tolist() == ids.tolist()
    assert len(triage.closing) == len(triage.caught_workers) == 0


def test_inflated_reports_are_caught_by_an_audit_or_a_camera_cross_check() -> None:
    n = 20_000
    settlement = _settlement(**{
        "appraisal.audit_rate": 0.3, "cameras.coverage_share": 0.5,
        "cameras.cross_check_probability": 0.5,
    })  # fmt: skip
    ids = st.cases(settlement.ledger, n, source=Source.GRID_WORKER, genuine=False)
    triage = settlement.step(0, ids)
    st.assert_share(len(triage.caught_workers), n, 1 - (1 - 0.3) * (1 - 0.5 * 0.5))
    assert len(triage.caught_workers) + len(triage.to_centre) == n


def test_self_government_groups_add_mediation_capacity() -> None:
    draws = {"group_draw": [0.5, 0.1, 0.9]}
    settlement = _settlement(
        3, village_columns=draws,
        **{"cadres.mediation_cases_per_cadre_per_day": 0.4, "meetings.self_government_share": 0.3,
           "meetings.self_government_mediation_boost": 0.5},
    )  # fmt: skip
    settlement.step(0, np.zeros(0, dtype=np.int64))
    assert settlement.villages.mediation_available.tolist() == [2.0, 3.0, 2.0]  # 5 × 0.4 (× 1.5)


def test_a_higher_self_government_share_adds_groups_to_the_same_villages_first() -> None:
    draws = {"group_draw": [0.5, 0.1, 0.9]}
    base = {"cadres.mediation_cases_per_cadre_per_day": 0.4}
    settlement = _settlement(
        3, village_columns=draws, **base, **{"meetings.self_government_share": 0.3}
    )
    rate_before = settlement.rate.copy()
    settlement.configure(st.settings(**base, **{"meetings.self_government_share": 0.6}))
    assert rate_before.tolist() == [2.0, 3.0, 2.0]
    assert settlement.rate.tolist() == [3.0, 3.0, 2.0]


def test_nothing_ready_and_nothing_mediating_gives_an_empty_triage() -> None:
    settlement = _settlement()
    st.cases(settlement.ledger, 2, settleable=True)
    before = st.snapshot(ledger=settlement.ledger)
    triage = settlement.step(0, np.zeros(0, dtype=np.int64))
    assert len(triage.closing) == len(triage.to_centre) == len(triage.caught_workers) == 0
    assert st.written(before, ledger=settlement.ledger) == set()


@pytest.mark.parametrize("audit", [0.0, 1.0])
def test_settlement_writes_only_what_it_declares(audit: float) -> None:
    settlement = _settlement(
        **{**CERTAIN, "appraisal.audit_rate": audit, "summons.enabled": True, "summons.share": 1.0}
    )
    ids = st.cases(
        settlement.ledger, 3, settleable=[True, False, False],
        source=[Source.VILLAGER, Source.GRID_WORKER, Source.VILLAGER], genuine=[True, False, True],
    )  # fmt: skip
    tables = {"ledger": settlement.ledger, "villages": settlement.villages}
    before = st.snapshot(**tables)
    settlement.step(0, ids)
    assert st.written(before, **tables) == set(LocalSettlement.WRITES)


def test_a_village_summons_the_department_to_matters_it_could_not_settle() -> None:
    settlement = _settlement(**{"summons.enabled": True, "summons.share": 1.0})
    ids = st.cases(
        settlement.ledger, 4, settleable=False, genuine=[True, True, False, True],
        channel=[Channel.GRID_WORKER, Channel.HOTLINE, Channel.GRID_WORKER, Channel.WECHAT],
    )  # fmt: skip
    triage = settlement.step(0, ids)
    # genuine village-channel matters are summoned; the hotline case and the trivial one go on
    assert triage.summoned.tolist() == [0, 3]
    assert triage.to_centre.tolist() == [1, 2]
    assert settlement.ledger["summoned"].tolist() == [True, False, False, True]


def test_villages_summon_a_share_of_the_matters_they_could_not_settle() -> None:
    n = 20_000
    settlement = _settlement(**{"summons.enabled": True, "summons.share": 0.3})
    ids = st.cases(settlement.ledger, n, settleable=False)
    st.assert_share(len(settlement.step(0, ids).summoned), n, 0.3)


def test_without_summons_nothing_skips_the_centre() -> None:
    settlement = _settlement(**{"summons.share": 1.0})
    ids = st.cases(settlement.ledger, 5, settleable=False)
    assert len(settlement.step(0, ids).summoned) == 0
