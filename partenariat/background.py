"""Work handed to a second process while the first goes on with the other analyses.

igraph keeps Python's global lock while it computes, so a thread would not help: what
igraph computes for a diagnosis (the betweenness of a large network, the longest single
computation, with the communities and the brokers) runs in a daemon child process started
with ``spawn`` (safe with the threads polars starts, on every platform), fed with the
integer edge arrays only and answering through a pipe; a command that stops early does not
wait for it. When no process can be started (a sandbox, a frozen application) or the child
fails, the work is done in place: the answer is the same.

A spawned child imports the parent's main module again: a script without an
``if __name__ == "__main__":`` guard would run twice. So the second process is used only
where that is known to be safe — the command line turns :data:`ENABLED` on — and a script or
notebook computes in place unless it sets ``partenariat.background.ENABLED = True``.

>>> import numpy as np
>>> from partenariat.analysis.structure import graph_facts
>>> task = Background.start(graph_facts, 3, np.array([0, 1]), np.array([1, 2]), None, 1.0)
>>> task.result().betweenness.tolist()
[0.0, 1.0, 0.0]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Whether work may go to a second process (the command line turns it on).
ENABLED = False


class Background:
    """A result computed in a child process, or in place when that fails."""

    def __init__(self, future: _Child | None, job: Callable[..., Any], args: tuple[Any, ...]):
        self._future = future
        self._job = job
        self._args = args
        self._value: Any = None
        self._done = False

    def argument(self, position: int) -> Any:
        """One of the arguments the job was given."""
        return self._args[position]

    @classmethod
    def start(cls, job: Callable[..., Any], *args: Any) -> Background:
        """Submit ``job(*args)`` to a fresh child process (``job`` must be importable), when
        :data:`ENABLED`; otherwise it runs in place when its result is asked."""
        if not ENABLED:
            return cls(None, job, args)
        try:
            child: _Child | None = _Child(job, args)
        except (OSError, RuntimeError, ImportError, NotImplementedError):
            child = None
        return cls(child, job, args)

    def ready(self) -> bool:
        """Whether :meth:`result` can answer without waiting for the second process (work
        done in place is never waited for: it is done when asked)."""
        return self._done or self._future is None or self._future.ready()

    def result(self) -> Any:
        """The job's answer: from the child, or computed here if the child failed (once:
        later calls return the same answer)."""
        if not self._done:
            self._value = self._answer()
            self._done = True
        return self._value

    def _answer(self) -> Any:
        if self._future is not None:
            try:
                return self._future.result()
            except (OSError, RuntimeError, EOFError, ImportError):  # the child failed
                pass
        return self._job(*self._args)


class _Child:
    """A job run by a fresh child process (``spawn``: safe with the threads polars starts),
    its answer sent back through a pipe. The child is a daemon: a command that stops early
    (an error, Ctrl-C) ends at once instead of waiting for work nobody will read."""

    def __init__(self, job: Callable[..., Any], args: tuple[Any, ...]) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(sender, job, args), daemon=True)
        self._process.start()
        sender.close()

    def ready(self) -> bool:
        """Whether the answer (or the child's end) has come."""
        try:
            return bool(self._receiver.poll())
        except OSError:
            return True  # result() says what went wrong

    def result(self) -> Any:
        """The answer; ``RuntimeError`` when the child failed, ``EOFError`` when it died."""
        failed, answer = self._receiver.recv()
        self._process.join()
        if failed:
            raise RuntimeError(answer)
        return answer


def _run(sender: Any, job: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """In the child: run the job and send ``(failed, answer)`` back."""
    try:
        answer = job(*args)
    except Exception as error:  # the parent computes in place instead
        sender.send((True, repr(error)))
    else:
        sender.send((False, answer))
    finally:
        sender.close()
