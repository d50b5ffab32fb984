"""Documents to plain JSON-able records and back, losslessly.

`Document.to_json()` is the contract's view and leaves out what only the store needs (the
source map, excluded spans, the raw wikitext, infobox spans). Workers of the distributed
engine must hand the driver exactly what the single-process path would have written, so
this codec walks the dataclasses of `dyad.model` field by field.

Encoding and decoding are compiled once per dataclass from its type hints into small
functions (a field of `list[tuple[int, int]]` gets a decoder that turns each pair back into a
tuple; a `str` field gets none), because records of whole articles hold tens of thousands of
values and `dataclasses.asdict` or per-value type inspection would cost more than the
analysis the workers save.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from ..model import Document

FORMAT = "dyad.record/1"

Codec = Callable[[Any], Any]


def to_record(doc: Document) -> dict[str, Any]:
    return _encoder(Document)(doc)


def from_record(record: dict[str, Any]) -> Document:
    return _decoder(Document)(record)


def dumps(doc: Document) -> str:
    return json.dumps(to_record(doc), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Document:
    return from_record(json.loads(text))


def _identity(value: Any) -> Any:
    return value


def _optional(inner: Codec) -> Codec:
    return lambda v: None if v is None else inner(v)


def _list(inner: Codec) -> Codec:
    if inner is _identity:
        return list
    return lambda v: [inner(x) for x in v]


@lru_cache(maxsize=None)
def _encoder(tp: Any) -> Codec:
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = [(f.name, _encoder(hints[f.name])) for f in dataclasses.fields(tp)]
        return lambda obj: {name: enc(getattr(obj, name)) for name, enc in fields}
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [t for t in args if t is not type(None)]
        if len(inner) == 1:
            enc = _encoder(inner[0])
            return enc if enc is _identity else _optional(enc)
        return _identity
    if origin in (list, tuple):
        items = {_encoder(t) for t in args if t is not Ellipsis}
        if items <= {_identity}:
            return list  # a tuple becomes a JSON array; lists are copied
        (enc,) = items
        return lambda v: [enc(x) for x in v]
    if origin is dict:
        enc = _encoder(args[1])
        return dict if enc is _identity else (lambda v: {k: enc(x) for k, x in v.items()})
    return _identity


@lru_cache(maxsize=None)
def _decoder(tp: Any) -> Codec:
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(tp)]

        def build(value: dict) -> Any:
            return tp(**{name: dec(value[name]) for name, dec in fields if name in value})

        return build
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [t for t in args if t is not type(None)]
        if len(inner) == 1:
            dec = _decoder(inner[0])
            return dec if dec is _identity else _optional(dec)
        return _identity
    if origin is list:
        return _list(_decoder(args[0]))
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            dec = _decoder(args[0])
            return tuple if dec is _identity else (lambda v: tuple(dec(x) for x in v))
        decs = [_decoder(t) for t in args]
        if all(d is _identity for d in decs):
            return tuple
        return lambda v: tuple(d(x) for d, x in zip(decs, v))
    if origin is dict:
        dec = _decoder(args[1])
        return dict if dec is _identity else (lambda v: {k: dec(x) for k, x in v.items()})
    return _identity
