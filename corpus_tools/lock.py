"""One build at a time per dataset folder: an exclusive lock on ``.corpus-tools/lock``.

Two builds into one folder would each publish a manifest without the other's
issue; with the lock the second waits (up to a timeout) and then plans its
commit from the first one's manifest, so no issue is lost.  The lock is an
``fcntl`` advisory lock: the kernel drops it when the holder dies, so a killed
build never leaves the folder locked.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from corpus_tools.errors import CorpusError

POLL = 0.05


class LockedError(CorpusError):
    """Another build holds the folder's lock past the timeout (exit code 3)."""

    code = "E041"


class FolderLock:
    """``with FolderLock(path, timeout):`` holds the lock; raises ``LockedError`` after ``timeout`` seconds."""

    def __init__(self, path: Path, timeout: float) -> None:
        self.path, self.timeout = path, timeout
        self.fd: int | None = None

    def __enter__(self) -> FolderLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LockedError(f"another corpus-tools build holds this folder's lock "
                                      f"(waited {self.timeout:g} s; --lock-timeout)",
                                      file=str(self.path.parent.parent)) from None
                time.sleep(POLL)
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
