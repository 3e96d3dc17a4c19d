"""`UNSET`, the default of a service's keyword argument that the caller may
leave out: the field keeps its value (or the model's default, on creation).

A service that writes a model's fields names each one in its signature
(`def update_call(call, *, by, title_it: str | Unset = UNSET, ...)`), so a
misspelt or unexpected field is a TypeError at the call and a type error for
mypy, and no list of editable fields is copied inside the service. `given`
picks the arguments the caller passed:

    changes = given(title_it=title_it, budget=budget)
"""

import enum
from typing import Any, Final


class Unset(enum.Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


def given(**arguments: Any) -> dict[str, Any]:
    """The keyword arguments that are not UNSET, in their order."""
    return {name: value for name, value in arguments.items() if value is not UNSET}
