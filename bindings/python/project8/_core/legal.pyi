"""Type stubs for project8._core.legal."""

import datetime
import enum

from .core import DateLike, _pybind11_type

class InstrumentType(enum.Enum):
    law = 0
    resolution = 1
    decree = 2
    decision = 3
    circular = 4
    guidance = 5
    plan = 6
    official_letter = 7
    other = 8

class Confidence(enum.Enum):
    seen = 0
    inferred = 1
    news = 2
    unknown = 3

class ValueStatus(enum.Enum):
    verified = 0
    provisional = 1

class Citation(metaclass=_pybind11_type):
    def __init__(
        self, instrument: str, article: str = "", clause: str = "", point: str = "", note: str = ""
    ) -> None: ...
    @property
    def instrument(self) -> str: ...
    @property
    def article(self) -> str: ...
    @property
    def clause(self) -> str: ...
    @property
    def point(self) -> str: ...
    @property
    def note(self) -> str: ...

class Instrument(metaclass=_pybind11_type):
    @property
    def id(self) -> str: ...
    @property
    def type(self) -> InstrumentType: ...
    @property
    def issuer(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def signed_on(self) -> datetime.date | None: ...
    @property
    def effective_from(self) -> datetime.date | None: ...
    @property
    def effective_to(self) -> datetime.date | None: ...
    @property
    def confidence(self) -> Confidence: ...
    @property
    def note(self) -> str: ...
    def in_force(self, day: DateLike) -> bool: ...

class ParameterValue(metaclass=_pybind11_type):
    @property
    def from_(self) -> datetime.date: ...
    @property
    def to(self) -> datetime.date | None: ...
    @property
    def value(self) -> int: ...
    @property
    def source(self) -> Citation: ...
    @property
    def status(self) -> ValueStatus: ...
    @property
    def note(self) -> str: ...
    def covers(self, day: DateLike) -> bool: ...

class Parameter(metaclass=_pybind11_type):
    def __init__(self, name: str, unit: str) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def values(self) -> list[ParameterValue]: ...
    def add(
        self,
        from_: DateLike,
        to: DateLike | None,
        value: int,
        source: Citation,
        status: ValueStatus = ...,
        note: str = "",
    ) -> None: ...
    def at(self, day: DateLike) -> ParameterValue: ...
