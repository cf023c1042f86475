"""Administrative units, lineage, zone classes and ethnic groups (``project8::geo``).

>>> reg = bundled_registry()
>>> reg.map_to_date("03390", "2025-06-30", "2025-07-01")   # Thị trấn Tam Đường
['03390']
>>> reg.unit("03390", "2025-07-01").name                     # the code now names Xã Bình Lư
'Xã Bình Lư'
"""

from __future__ import annotations

from ._core.geo import (
    CodeStatus,
    EthnicGroup,
    EthnicGroupList,
    NameMatch,
    Registry,
    Unit,
    UnitKind,
    ZoneClass,
)
from ._data import data_dir


def bundled_registry() -> Registry:
    """The bundled units of Lai Châu province before and after 1/7/2025, with the lineage of
    every clause of Resolution 1670/NQ-UBTVQH15."""
    return Registry.load(data_dir() / "geo" / "lai-chau.yaml")


def bundled_ethnic_groups() -> EthnicGroupList:
    """The 54 ethnic groups, coded as in Decision 1019/QĐ-TCTK (2008)."""
    return EthnicGroupList.load(data_dir() / "geo" / "ethnic-groups-1019-2008.yaml")


__all__ = [
    "CodeStatus",
    "EthnicGroup",
    "EthnicGroupList",
    "NameMatch",
    "Registry",
    "Unit",
    "UnitKind",
    "ZoneClass",
    "bundled_ethnic_groups",
    "bundled_registry",
]
