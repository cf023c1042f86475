"""Type stubs for the compiled module project8._core (hand-written, checked by tests)."""

from typing import Any

from . import budget as budget
from . import core as core
from . import geo as geo
from . import legal as legal
from . import plan as plan
from . import report as report
from . import rules as rules
from . import tracking as tracking
from . import workspace as workspace

__version__: str

class Error(Exception): ...
class InvalidArgument(Error, ValueError): ...
class OverflowError(Error, ArithmeticError): ...
class NotFoundError(Error, LookupError): ...

class ParseError(InvalidArgument):
    file: str | None
    line: int | None
    column: int | None
    sheet: str | None
    row: int | None
    field: str | None
    problems: list[dict[str, Any]]

class ValidationError(InvalidArgument):
    file: str | None
    line: int | None
    column: int | None
    sheet: str | None
    row: int | None
    field: str | None
    problems: list[dict[str, Any]]

class RuleError(InvalidArgument):
    file: str | None
    line: int | None
    column: int | None
    field: str | None
    problems: list[dict[str, Any]]
