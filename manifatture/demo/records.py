"""Reads the demo's data files (`data/*.json`) into frozen dataclasses.

The files hold plain JSON: times as "HH:MM", dates as "YYYY-MM-DD", local
date-times as "YYYY-MM-DDTHH:MM" (Europe/Rome, made aware by the builder);
fields left out take the dataclass's default. One reader for every file, so a
typo in a field name fails loudly instead of being ignored.
"""

import dataclasses
import datetime
import functools
import json
import types
import typing
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


@functools.cache
def read(name: str) -> Any:
    """The parsed content of `data/<name>.json`, read once per process."""
    with (DATA_DIR / f"{name}.json").open(encoding="utf-8") as file:
        return json.load(file)


def convert(kind: Any, value: Any) -> Any:
    """`value` (from JSON) as the type `kind` of a dataclass field."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        kind = next(arg for arg in typing.get_args(kind) if arg is not type(None))
        origin = typing.get_origin(kind)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return build(kind, value)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(convert(args[0], item) for item in value)
        return tuple(convert(arg, item) for arg, item in zip(args, value, strict=True))
    if origin is list:
        (arg,) = typing.get_args(kind)
        return [convert(arg, item) for item in value]
    if origin is dict:
        key, arg = typing.get_args(kind)
        return {convert(key, k): convert(arg, v) for k, v in value.items()}
    if kind is datetime.datetime:
        return datetime.datetime.fromisoformat(value)
    if kind is datetime.date:
        return datetime.date.fromisoformat(value)
    if kind is datetime.time:
        return datetime.time.fromisoformat(value)
    return value


def build[T](cls: type[T], data: dict[str, Any]) -> T:
    """An instance of the dataclass `cls` from a JSON object."""
    hints = typing.get_type_hints(cls)
    names = {field.name for field in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown fields {sorted(unknown)} in the demo data.")
    return cls(**{name: convert(hints[name], value) for name, value in data.items()})


def build_all[T](cls: type[T], items: list[dict[str, Any]]) -> list[T]:
    return [build(cls, item) for item in items]
