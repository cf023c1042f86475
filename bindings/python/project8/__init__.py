"""project8: plans, eligibility rules, target tracking and budgets for Project 8.

Project 8 ("Dự án 8: Thực hiện bình đẳng giới và giải quyết những vấn đề cấp
thiết đối với phụ nữ và trẻ em") is the gender-equality project of Vietnam's
National Target Program 1719 for ethnic-minority and mountainous areas.

The public API lives in submodules that mirror the C++ modules
(``project8.core``, ...); the most used names are re-exported here.
"""

from __future__ import annotations

from . import budget, core, geo, legal, plan, report, rules, tracking, workspace
from ._core import (
    Error,
    InvalidArgument,
    NotFoundError,
    OverflowError,
    ParseError,
    RuleError,
    ValidationError,
    __version__,
)
from ._data import data_dir
from .core import (
    Money,
    Period,
    PeriodKind,
    ReportingPeriod,
    match_key,
    name_key,
    nfc,
    parse_date,
)
from .geo import Registry
from .plan import Plan
from .rules import RuleSet

__all__ = [
    "Error",
    "InvalidArgument",
    "Money",
    "NotFoundError",
    "OverflowError",
    "ParseError",
    "Period",
    "PeriodKind",
    "Plan",
    "Registry",
    "ReportingPeriod",
    "RuleError",
    "RuleSet",
    "ValidationError",
    "__version__",
    "budget",
    "core",
    "data_dir",
    "geo",
    "legal",
    "match_key",
    "name_key",
    "nfc",
    "parse_date",
    "plan",
    "report",
    "rules",
    "tracking",
    "workspace",
]
