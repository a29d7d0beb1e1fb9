"""PDFs read in a helper process whose memory and time are capped, so that a hostile file costs that
process, not the caller.

Why a process: PDFium is native code. What it does with a file cannot be interrupted from Python,
and some of it is not bounded by anything the file's size says — forms that draw forms that draw
forms (ten a level, eight levels: a hundred million text objects from 2 KB), LZW and run-length
streams, image codecs. The checks of :mod:`govnlp.readers.pdfcheck` and the limits of
:mod:`govnlp.readers.pdf` stop the cases they can name; the helper's address space
(:data:`MAX_MEMORY`) and a deadline (the reader's own, plus :data:`GRACE`) stop the rest. A helper
that passes either is killed and replaced, and the file gets an :class:`~govnlp.errors.InputError`
naming it.

One helper per process, started at the first PDF and reused (its start costs a few tenths of a
second; a read costs what it would cost here, plus the lines sent back as JSON). It reads one file at
a time; it ends when its parent does, or when the parent's pipe to it closes.
"""
from __future__ import annotations

import atexit
import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from govnlp.errors import InputError

__all__ = ["read_isolated", "MAX_MEMORY", "GRACE"]

#: Address space of the helper: a 64 MiB PDF is read in well under a gigabyte.
MAX_MEMORY = 2 * 1024 ** 3
#: Seconds the helper is given beyond the reader's own deadline before it is killed.
GRACE = 15.0


class _Helper:
    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self.lock = threading.Lock()

    def _start(self) -> subprocess.Popen:
        package_root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
               "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen([sys.executable, "-m", "govnlp.readers.pdfworker", str(MAX_MEMORY)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     env=env)
        return self.proc

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()
            proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        for pipe in (proc.stdout,):
            try:
                pipe.close()
            except OSError:
                pass

    def _kill(self) -> int:
        proc, self.proc = self.proc, None
        if proc is None:
            return 0
        proc.kill()
        code = proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        return code

    def read(self, data: bytes, source: str, reader: str, seconds: float) -> dict:
        with self.lock:
            proc = self.proc if self.proc is not None and self.proc.poll() is None else self._start()
            header = json.dumps({"source": source, "reader": reader, "size": len(data)}) + "\n"
            try:
                proc.stdin.write(header.encode("ascii"))
                proc.stdin.write(data)
                proc.stdin.flush()
            except OSError:             # the helper ended between two files: once more, with a new one
                self._kill()
                proc = self._start()
                proc.stdin.write(header.encode("ascii"))
                proc.stdin.write(data)
                proc.stdin.flush()
            answer = self._answer(proc, time.monotonic() + seconds + GRACE)
            if answer is None:
                code = self._kill()
                if code == -signal.SIGKILL and self._timed_out:
                    raise InputError(source, f"is a PDF still being read after {seconds + GRACE:.0f} s; it is refused")
                if code > 0:       # ended on its own: it could not start, or something beyond a file stopped it
                    raise InputError(source, f"the PDF reading process ended with status {code}; set "
                                             "GOVNLP_PDF_ISOLATION=0 to read in this process and see why")
                raise InputError(source, f"is a PDF whose reading passed the limit of {MAX_MEMORY // 1024 ** 3} GiB "
                                         f"of memory or stopped the PDF reader (signal {-code}); it is refused")
            return answer

    _timed_out = False

    def _answer(self, proc: subprocess.Popen, deadline: float) -> dict | None:
        """The helper's one-line JSON answer, or None when it dies or passes the deadline."""
        self._timed_out = False
        fd = proc.stdout.fileno()
        chunks = []
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(timeout=left):
                    self._timed_out = True
                    return None
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    return None
                chunks.append(chunk)
                if chunk.endswith(b"\n"):
                    return json.loads(b"".join(chunks))


_HELPER = _Helper()
atexit.register(lambda: _HELPER.stop())


def _forget_after_fork() -> None:
    """A forked child must not share its parent's helper (nor a lock held at the fork)."""
    global _HELPER
    _HELPER = _Helper()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


def read_isolated(data: bytes, source: str, reader: str):
    """What :func:`govnlp.readers.pdf.text_layer` gives, read in the helper process."""
    from govnlp.readers.pdf import MAX_SECONDS, PdfLine, PdfText, Scan, text_layer

    if os.name != "posix":       # the limits are POSIX resource limits
        return text_layer(data, source, reader)
    answer = _HELPER.read(data, source, reader, MAX_SECONDS)
    if "error" in answer:
        raise InputError(source, answer["error"])
    if "memory" in answer:
        raise InputError(source, f"is a PDF whose reading passed the limit of {MAX_MEMORY // 1024 ** 3} GiB of "
                                 "memory; it is refused")
    if "scan" in answer:
        return Scan(*answer["scan"])
    return PdfText([PdfLine(text, page, line, joins=joins, apart=apart)
                    for text, page, line, joins, apart in answer["lines"]], answer.get("notes", ()))


# ------------------------------------------------------------------ the helper itself
def _serve(memory: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    if sys.platform.startswith("linux"):      # end with the parent, whatever ends it
        import ctypes

        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    answers = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)                 # anything else written to standard output stays out of the answers
    requests = sys.stdin.buffer
    from govnlp.readers.pdf import Scan, text_layer

    while True:
        header = requests.readline()
        if not header:
            return
        request = json.loads(header)
        data = requests.read(request["size"])
        try:
            result = text_layer(data, request["source"], request["reader"])
            if isinstance(result, Scan):
                answer = {"scan": [result.pages, result.largest_image]}
            else:
                answer = {"lines": [[line.text, line.page, line.line, line.joins, line.apart] for line in result],
                          "notes": result.notes}
        except InputError as exc:
            answer = {"error": exc.problem}
        except MemoryError:
            answer = {"memory": True}
        except Exception as exc:  # noqa: BLE001 - the PDF libraries raise many types on damaged files
            answer = {"error": f"is a damaged or truncated PDF ({type(exc).__name__})"}
        del data
        answers.write(json.dumps(answer).encode("ascii") + b"\n")


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
