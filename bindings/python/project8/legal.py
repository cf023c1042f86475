"""Legal instruments, citations and dated, cited parameters (``project8::legal``).

Every number that comes from a law is a :class:`Parameter`: a value history by
effective date, each value cited and marked verified, provisional or disputed.
A plan belongs to a national target programme and phase (:class:`Programmes`).
"""

from __future__ import annotations

from ._core.legal import (
    Citation,
    Confidence,
    Instrument,
    InstrumentType,
    Parameter,
    ParameterValue,
    Programme,
    ProgrammePhase,
    ProgrammeProject,
    Programmes,
    ValueStatus,
)
from ._data import data_dir


def bundled_programmes() -> Programmes:
    """The national target programmes a Project 8 plan belongs to: NTP 1719 (2021–2025) and the
    merged programme for 2026–2035 (data/legal/programmes.yaml)."""
    return Programmes.load(data_dir() / "legal" / "programmes.yaml")


__all__ = [
    "Citation",
    "Confidence",
    "Instrument",
    "InstrumentType",
    "Parameter",
    "ParameterValue",
    "Programme",
    "ProgrammePhase",
    "ProgrammeProject",
    "Programmes",
    "ValueStatus",
    "bundled_programmes",
]
