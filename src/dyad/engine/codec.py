"""Documents to plain JSON-able records and back, losslessly.

`Document.to_json()` is the contract's view and leaves out what only the store needs (the
source map, excluded spans, the raw wikitext, infobox spans). Workers of the distributed
engine must hand the driver exactly what the single-process path would have written, so
this codec walks the dataclasses of `dyad.model` field by field, using their type hints to
rebuild tuples, optional values and nested dataclasses on the way back.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import lru_cache
from typing import Any

from ..model import Document

FORMAT = "dyad.record/1"


def to_record(doc: Document) -> dict[str, Any]:
    return dataclasses.asdict(doc)


def dumps(doc: Document) -> str:
    return json.dumps(to_record(doc), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Document:
    return from_record(json.loads(text))


def from_record(record: dict[str, Any]) -> Document:
    return _decode(Document, record)


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [t for t in typing.get_args(tp) if t is not type(None)]
        # Optional[X] is the only union the model uses with structured X.
        return _decode(options[0], value) if len(options) == 1 else value
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{f.name: _decode(hints[f.name], value[f.name])
                     for f in dataclasses.fields(tp) if f.name in value})
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_decode(item, v) for v in value]
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        return tuple(_decode(t, v) for t, v in zip(args, value))
    if origin is dict:
        _key, item = typing.get_args(tp)
        return {k: _decode(item, v) for k, v in value.items()}
    return value
