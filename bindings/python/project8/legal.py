"""Legal instruments, citations and dated, cited parameters (``project8::legal``).

Every number that comes from a law is a :class:`Parameter`: a value history by
effective date, each value cited and marked verified or provisional.
"""

from __future__ import annotations

from ._core import legal as _native

Citation = _native.Citation
Confidence = _native.Confidence
Instrument = _native.Instrument
InstrumentType = _native.InstrumentType
Parameter = _native.Parameter
ParameterValue = _native.ParameterValue
ValueStatus = _native.ValueStatus

__all__ = [
    "Citation",
    "Confidence",
    "Instrument",
    "InstrumentType",
    "Parameter",
    "ParameterValue",
    "ValueStatus",
]
