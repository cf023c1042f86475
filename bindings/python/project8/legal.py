"""Legal instruments, citations and dated, cited parameters (``project8::legal``).

Every number that comes from a law is a :class:`Parameter`: a value history by
effective date, each value cited and marked verified or provisional.
"""

from __future__ import annotations

from ._core.legal import (
    Citation,
    Confidence,
    Instrument,
    InstrumentType,
    Parameter,
    ParameterValue,
    ValueStatus,
)

__all__ = [
    "Citation",
    "Confidence",
    "Instrument",
    "InstrumentType",
    "Parameter",
    "ParameterValue",
    "ValueStatus",
]
