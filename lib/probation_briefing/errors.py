"""Error types: every problem with data or user input becomes one of these, with a plain message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file: where it is and what is wrong."""

    file: str
    problem: str
    row: int | None = None  # 1-based data row (the header is not counted)
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row} (line {self.row + 1})")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.problem}"


class DataError(ValueError):
    """A data file failed validation. ``problems`` lists every problem found; the message leads with the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


class InputError(ValueError):
    """A user-supplied value (control, URL parameter, upload) is out of range or malformed."""
