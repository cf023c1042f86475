"""Plans: content areas, activities, agencies, targets, community models (``project8::plan``).

>>> p = bundled_plan()
>>> [t.planned for t in p.targets]
[2, 3, 11]
"""

from __future__ import annotations

from ._core import plan as _native
from ._data import data_dir

Activity = _native.Activity
ActivityKind = _native.ActivityKind
Agency = _native.Agency
AgencyLevel = _native.AgencyLevel
AgencyRole = _native.AgencyRole
Aggregation = _native.Aggregation
Campaign = _native.Campaign
CommunityModel = _native.CommunityModel
ContentArea = _native.ContentArea
Language = _native.Language
LocalizedText = _native.LocalizedText
ModelKind = _native.ModelKind
Option = _native.Option
Plan = _native.Plan
Responsibility = _native.Responsibility
Role = _native.Role
ScheduleItem = _native.ScheduleItem
Target = _native.Target


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
    "Responsibility",
    "Role",
    "ScheduleItem",
    "Target",
    "bundled_plan",
]
