"""Writing export files without ever leaving a half-written one.

Every file is written under a temporary name in its destination folder and renamed into
place when complete (`os.replace` is atomic on one filesystem), so an interrupted or failed
export leaves the previous file, or nothing, but never a truncated file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from json.encoder import encode_basestring
from typing import IO

from ...errors import DyadError


class OutputError(DyadError):
    """An export destination that cannot be written."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _publish(tmp: str, path: str) -> None:
    """Give the finished temporary file the mode a plainly created file would have (mkstemp
    makes it private), or the replaced file's mode, then rename it into place."""
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def check_folder(path: str) -> None:
    """Create the output folder `path` (and parents), or say why it cannot be used."""
    if os.path.exists(path) and not os.path.isdir(path):
        raise OutputError(path, "exists and is not a folder", "give a folder for -o")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as error:
        raise OutputError(path, f"cannot create the output folder: {error.strerror}") from None
    if not os.access(path, os.W_OK):
        raise OutputError(path, "output folder is not writable")


def check_file(path: str) -> None:
    """Say why `path` cannot be written, before any work is done."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise OutputError(path, "is a folder", "give a file name for -o")
    if not os.path.isdir(folder):
        raise OutputError(path, f"cannot write: no such folder {folder}")
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise OutputError(path, "cannot write: permission denied")


@contextmanager
def atomic_file(path: str, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside `path`; rename it to `path` if the block succeeds."""
    check_file(path)
    folder = os.path.dirname(os.path.abspath(path))
    binary = "b" in mode
    try:
        fd, tmp = tempfile.mkstemp(prefix=".dyad-export-", suffix=".part", dir=folder)
    except OSError as error:
        raise OutputError(path, f"cannot write: {error.strerror}") from None
    try:
        with os.fdopen(fd, mode, **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
            yield fh
        _publish(tmp, path)
    except OSError as error:
        raise OutputError(path, f"cannot write: {error.strerror or error}") from None
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def temp_path(path: str) -> str:
    """A temporary name beside `path` for writers that want a path (pyarrow, rdflib)."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".dyad-export-", suffix=".part", dir=folder)
    os.close(fd)
    return tmp


def commit(tmp: str, path: str) -> None:
    try:
        _publish(tmp, path)
    except OSError as error:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise OutputError(path, f"cannot write: {error.strerror}") from None


def indented_json(data, indent: str = "") -> str:
    """`json.dumps(data, ensure_ascii=False, indent=2)` as it reads nested at `indent`, for
    writers that stream one JSON document a part at a time. Twice as fast as the standard
    library's pure-Python indenting encoder: strings go through its C escaper."""
    parts: list[str] = []
    _emit(data, "\n" + indent, parts.append)
    return "".join(parts)


def _emit(value, newline: str, out) -> None:
    if isinstance(value, str):
        out(encode_basestring(value))
    elif isinstance(value, dict):
        if not value:
            out("{}")
            return
        inner = newline + "  "
        sep = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys must be str, not {key!r}")
            out(sep)
            out(encode_basestring(key))
            out(": ")
            _emit(item, inner, out)
            sep = "," + inner
        out(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out("[]")
            return
        inner = newline + "  "
        sep = "[" + inner
        for item in value:
            out(sep)
            _emit(item, inner, out)
            sep = "," + inner
        out(newline + "]")
    elif value is None:
        out("null")
    elif value is True:
        out("true")
    elif value is False:
        out("false")
    elif type(value) is int:
        out(int.__repr__(value))
    else:
        out(json.dumps(value))  # floats (and whatever json itself refuses)
