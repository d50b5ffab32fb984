"""Opening a dump as a stream of decompressed bytes.

Compression is detected from content (bz2, gzip, or none). For compressed input a thread
decompresses ahead of the parser: `bz2` and `zlib` release the GIL, so on a machine with a
free core decompression and parsing overlap and a scan costs about what decompression does.
"""

from __future__ import annotations

import bz2
import gzip
import queue
import threading
from collections.abc import Iterator
from typing import BinaryIO

from ...errors import InputError

CHUNK = 1 << 20  # bytes per read from the decompressor


def magic(path: str) -> bytes:
    """The file's first bytes; InputError naming the file if it cannot be opened."""
    try:
        with open(path, "rb") as fh:
            return fh.read(4)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a dump file") from None
    except OSError as error:
        raise InputError(path, f"cannot open: {error.strerror or error}") from None


class ReadAhead:
    """A file-like object whose `read` returns chunks a background thread already read.

    An exception in the thread is re-raised by the next `read`; `close` stops the thread."""

    def __init__(self, raw: BinaryIO, depth: int = 4):
        self._raw = raw
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._buffer = b""
        self._done = False
        self._error: BaseException | None = None  # raised once the buffer is handed on
        self._thread = threading.Thread(target=self._fill, name="dyad-dump-read", daemon=True)
        self._thread.start()

    def _fill(self) -> None:
        # read1: one decompression step at a time, so that when the input turns out to be
        # truncated or corrupt, everything decompressed before the damage is still handed
        # on (BZ2File.read(n) would drop what it had decompressed in that call).
        read = getattr(self._raw, "read1", self._raw.read)
        pending: list[bytes] = []
        size = 0
        try:
            while not self._stop.is_set():
                chunk = read(CHUNK)
                if chunk:
                    pending.append(chunk)
                    size += len(chunk)
                    if size < CHUNK:
                        continue
                if pending:
                    self._put(b"".join(pending))
                    pending, size = [], 0
                if not chunk:
                    self._put(b"")
                    return
        except BaseException as error:  # handed to the reading thread, after the data
            if pending:
                self._put(b"".join(pending))
            self._put(error)

    def _put(self, item) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            item = self._error or self._queue.get()
            if isinstance(item, BaseException):
                if self._buffer:  # hand on the data before the damage first
                    self._error = item
                    break
                self._done = True
                self.close()
                raise item
            if not item:
                self._done = True
                break
            self._buffer += item
        if size < 0 or size >= len(self._buffer):
            out, self._buffer = self._buffer, b""
        else:
            out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._raw.close()

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_dump(path: str, *, read_ahead: bool = True) -> BinaryIO:
    """Open a dump for reading as decompressed bytes."""
    head = magic(path)
    if not head:
        raise InputError(path, "empty file, not a MediaWiki dump")
    if head[:3] == b"BZh":
        raw: BinaryIO = bz2.open(path, "rb")
    elif head[:2] == b"\x1f\x8b":
        raw = gzip.open(path, "rb")
    else:
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    return ReadAhead(raw) if read_ahead else raw


def chunks(stream: BinaryIO) -> Iterator[bytes]:
    """The stream's bytes, a chunk at a time."""
    while True:
        data = stream.read(CHUNK)
        if not data:
            return
        yield data
