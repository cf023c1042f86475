"""Plans: content areas, activities, agencies, targets, community models (``project8::plan``).

>>> p = bundled_plan()
>>> [t.planned for t in p.targets]
[2, 3, 11]
"""

from __future__ import annotations

from ._core.plan import (
    Activity,
    ActivityKind,
    Agency,
    AgencyLevel,
    AgencyRole,
    Aggregation,
    Campaign,
    CommunityModel,
    ContentArea,
    Language,
    LocalizedText,
    ModelKind,
    Option,
    Plan,
    ProgrammeRef,
    Responsibility,
    Role,
    ScheduleItem,
    Target,
)
from ._data import data_dir


def bundled_plan(name: str = "tam-duong-2025") -> Plan:
    """A bundled plan by folder name (default: Tam Đường district, 2025)."""
    return Plan.load(data_dir() / "plans" / name / "plan.yaml")


__all__ = [
    "Activity",
    "ActivityKind",
    "Agency",
    "AgencyLevel",
    "AgencyRole",
    "Aggregation",
    "Campaign",
    "CommunityModel",
    "ContentArea",
    "Language",
    "LocalizedText",
    "ModelKind",
    "Option",
    "Plan",
    "ProgrammeRef",
    "Responsibility",
    "Role",
    "ScheduleItem",
    "Target",
    "bundled_plan",
]
