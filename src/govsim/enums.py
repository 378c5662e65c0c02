"""Named choices used throughout govsim.

Scenario files spell these as their string values (``"hotline"``); the scenario engine validates
them into the enums, so the model never compares magic strings.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

__all__ = [
    "NO_CHANNEL",
    "AgeBand",
    "AppStatus",
    "CadreRole",
    "Channel",
    "EnterpriseKind",
    "Outcome",
    "PublicityChannel",
    "Source",
    "Stage",
]


NO_CHANNEL = -1  # the channel code of cases no one reported (found by cameras)


class Channel(IntEnum):
    """Reporting channels a villager can use (DOMAIN.md §1; seed 001 §2.2, WeChat groups §5.1)."""

    HOTLINE = 0
    GRID_WORKER = 1
    VILLAGE_COMMITTEE = 2
    WECHAT = 3
    APP = 4

    @property
    def label(self) -> str:
        """Lower-case name used in tables and scenario files."""
        return self.name.lower()


class PublicityChannel(IntEnum):
    """Channels that carry policy publicity (DOMAIN.md §4)."""

    WEBSITE = 0
    TV_RADIO = 1
    VILLAGE_MEETINGS = 2
    PARTY_MEMBERS = 3
    GRID_WORKERS = 4
    WECHAT_GROUPS = 5

    @property
    def label(self) -> str:
        """Lower-case name used in tables and scenario files."""
        return self.name.lower()


class Source(IntEnum):
    """Who put a case into the system."""

    VILLAGER = 0
    GRID_WORKER = 1
    CAMERA = 2
    ENTERPRISE = 3


class Stage(IntEnum):
    """Where a case is in its life; ``CLOSED`` is final."""

    INTAKE = 0
    LOCAL = 1
    ROUTING = 2
    BOUNCED = 3
    COORDINATION = 4
    QUEUED = 5
    IN_SERVICE = 6
    CLOSED = 7


class Outcome(IntEnum):
    """How a closed case ended."""

    OPEN = 0
    RESOLVED = 1
    UNRESOLVED = 2
    NO_ACTION = 3  # a trivial or inflated report: closed without anything to fix
    SETTLED_LOCALLY = 4


class AgeBand(IntEnum):
    """Adult age bands; 60+ is ≈24% of rural residents (NBS 2020 census)."""

    AGE_18_39 = 0
    AGE_40_59 = 1
    AGE_60_PLUS = 2


class AppStatus(IntEnum):
    """Registration state of a villager on the government app."""

    NEVER = 0
    ACTIVE = 1
    CHURNED = 2


class EnterpriseKind(IntEnum):
    """Kinds of firm in a village (seed 001 §2.1)."""

    LOCAL = 0
    OUTSIDE = 1
    COOPERATIVE = 2


class CadreRole(StrEnum):
    """Roles of village cadres."""

    PARTY_SECRETARY = "party_secretary"
    COMMITTEE_MEMBER = "committee_member"
    VOLUNTEER = "party_member_volunteer"
