"""Errors with stable codes; each message names file, line, field and what was expected."""

from __future__ import annotations


class CorpusError(Exception):
    """A problem with the input or the data, reported as one line and exit code 1."""

    code = "E000"

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.field = field

    def __reduce__(self) -> tuple:
        """Survive pickling (errors raised in worker processes reach the parent whole)."""
        return (_rebuild, (type(self), self.message, self.file, self.line, self.field))

    def __str__(self) -> str:
        where = self.file or "-"
        if self.line is not None:
            where += f":{self.line}"
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {self.code} {what}{self.message}"


def _rebuild(cls: type[CorpusError], message: str, file: str | None, line: int | None,
             field: str | None) -> CorpusError:
    return cls(message, file=file, line=line, field=field)


class InputError(CorpusError):
    """The input file cannot be read as a newspaper issue (missing, empty, binary)."""

    code = "E001"


class EncodingError(CorpusError):
    """The input bytes do not decode in any supported encoding."""

    code = "E002"


class UsageError(CorpusError):
    """The command line is missing or has a malformed option (exit code 2)."""

    code = "E003"


class SchemaError(CorpusError):
    """A record does not match its JSON Schema; it is never published."""

    code = "E010"


class ReferenceError_(CorpusError):
    """An ``*_id`` field points at no record among those given."""

    code = "E011"


class SpanError(CorpusError):
    """A span does not re-slice to its surface text."""

    code = "E012"


class OutputError(CorpusError):
    """``--out`` cannot be written: no permission, not a folder, disk full (ENOSPC), name too long."""

    code = "E004"


class DatasetError(CorpusError):
    """A dataset folder the tool must read (``--out`` being extended) is damaged: a shard or card does not parse."""

    code = "E013"


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: unwind (stop workers, undo the change), then exit 128 + the signal.

    A BaseException, so no ``except Exception`` on the way up swallows it;
    printed as one coded line like every error.
    """

    code = "E020"

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    def __str__(self) -> str:
        import signal

        return f"-: {self.code} interrupted by {signal.Signals(self.signum).name}; nothing was half-published"


class InternalError(CorpusError):
    """A bug: an exception nobody named.  One line; ``CORPUS_TOOLS_DEBUG=1`` shows the traceback."""

    code = "E999"


def os_reason(e: OSError) -> str:
    """``ENOSPC: No space left on device``: the errno's name (greppable) and its text."""
    import errno

    name = errno.errorcode.get(e.errno or 0, "")
    text = e.strerror or str(e)
    return f"{name}: {text}" if name else text
