"""Type stubs for project8._core.tracking."""

import datetime
import os
from typing import Any

from .core import DateLike

class Record:
    def __init__(
        self,
        date: DateLike,
        unit: str,
        target: str,
        quantity: int,
        denominator: int | None = None,
        entity_id: str = "",
        female: int | None = None,
        male: int | None = None,
        ethnic_minority: int | None = None,
        kinh: int | None = None,
        filed: DateLike | None = None,
        note: str = "",
        source: str = "",
        agency: str | None = None,
        other: dict[str, int] = ...,
    ) -> None: ...
    @property
    def date(self) -> datetime.date: ...
    @property
    def unit(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def quantity(self) -> int: ...
    @property
    def entity_id(self) -> str: ...
    @property
    def filed(self) -> datetime.date | None: ...

class RecordSet:
    def __init__(self, records: list[Record], plan: Any, units: Any) -> None: ...
    @staticmethod
    def load(path: str | os.PathLike[str], plan: Any, units: Any) -> RecordSet: ...
    @staticmethod
    def parse(text: str, source_name: str, plan: Any, units: Any) -> RecordSet: ...
    @property
    def records(self) -> list[Record]: ...
    def __len__(self) -> int: ...

class Calendar:
    @staticmethod
    def load(path: str | os.PathLike[str]) -> Calendar: ...
    @property
    def instrument(self) -> str: ...
    @property
    def not_found(self) -> list[str]: ...
    def due_dates(self, year: int, level: str = "commune") -> list[tuple[str, datetime.date, datetime.date, datetime.date]]: ...

def _progress(plan: Any, units: Any, records: RecordSet, as_of: DateLike) -> tuple[list[Any], list[Any], list[Any]]: ...
def _aggregate(plan: Any, units: Any, records: RecordSet, kind: str, as_of: DateLike, by_unit: bool) -> list[Any]: ...
def _quality(plan: Any, units: Any, records: RecordSet, calendar: Calendar | None = None, lang: str = "vi") -> list[Any]: ...
def _aggregate_columns(
    plan: Any, units: Any, rows: int, dates: Any, date_valid: Any, unit_codes: Any, unit_cats: list[str],
    target_codes: Any, target_cats: list[str], quantity: Any, entity_codes: Any, entity_cats: list[str], kind: str,
    as_of: DateLike, by_unit: bool,
) -> tuple[list[Any], int, int, int]: ...
