"""Benchmarks: time and peak memory of each step and command on synthetic territories.

    python benchmarks/run.py                       # département (2500:13) and national (60000)
    python benchmarks/run.py --both                # every timing quiet, then with a core burnt
    python benchmarks/run.py --busy --runs 5       # busy machine only, best of five
    python benchmarks/run.py --sizes 1000,5000:74  # other sizes (SIZE or SIZE:SCOPE)
    python benchmarks/run.py --sizes 2500:13 --no-steps --commands validate,analyse
    python benchmarks/run.py --sizes 200000 --steps "floor (csv module)" --commands analyse
    python benchmarks/run.py --sizes "" --no-steps --commands "" --step-ratio 20000
    python benchmarks/run.py --markdown out.md     # also write the tables as Markdown

**Commands** are timed as users run them: the ``partenariat`` script installed beside this
Python (``--help``, ``validate``, ``gaps``, ``isolated``, ``map -o carte.html --force``,
``analyse --format json``, ``report -o diagnostic.html --force``) and
``python -c "import partenariat"``, each run in a fresh process, best of ``--runs`` (3), the
output thrown away or written in a scratch folder. A small wrapper process runs each one and
reads its wall time, its CPU time (user + system of the whole process tree) and its peak
memory: the largest resident set of any one process of the command (``ru_maxrss`` of
``RUSAGE_CHILDREN``; a second process the command starts is counted on its own, not added).
``help`` and ``import`` do not depend on the data and are timed once. Each figure is shown
beside its target (issue 25) and whether it is met; sizes without targets print figures.

**Steps** are the library's, in place: each runs in a fresh Python process (so that its peak
memory is its own), the data folder loaded first, untimed, then the step timed. ``floor`` is
the time the standard library's csv module takes merely to parse the same files; every step
is also given as a ratio to it.

**Modes.** *quiet*: nothing else of ours runs (the machine may still be shared: the load
average is printed at the start and the end). *busy* (``--busy``): a separate process burns
one core (``python -c 'while True: pass'``) while each run is timed; it is started just
before the run and killed just after, in a ``finally`` (also on Ctrl-C or SIGTERM, and by the
kernel if this script dies). ``--both`` times everything in both modes, alternating quiet and
busy run by run so that both columns see the same moment of the machine, and prints the two
columns side by side. The share of a core the burner really had is printed.

``--step-ratio N`` times ``analyse --format json`` on synthetic folders of N and N + 1
organisations (same seed), interleaved, and prints the ratio (target ≤ 1.2: no cliff, e.g.
between 20,000 and 20,001, where the betweenness turns from exact to sampled).

The synthetic folders (``partenariat.synth``, as ``partenariat synth`` writes them) are kept
in ``--workdir`` (a temporary folder by default), keyed by size, scope and seed, and reused;
``--regenerate`` writes them anew. Run it on the default install (``pip install -e .``).

Not part of the test suite: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STEPS: dict[str, str] = {
    "floor (csv module)": """
import csv, glob
start = time.perf_counter()
for name in sorted(glob.glob(DATA + '/*.csv')):
    with open(name, newline='', encoding='utf-8') as handle:
        for _ in csv.reader(handle):
            pass
""",
    "load + validate": """
start = time.perf_counter()
dataset, report = partenariat.read(DATA)
""",
    "network": """
dataset = partenariat.load(DATA)
start = time.perf_counter()
network = partenariat.Network(dataset)
network.csr; network.igraph  # the compiled graph the analyses use (networkx views are lazy)
""",
    "coverage": """
network = partenariat.Network.from_path(DATA)
from partenariat.analysis.coverage import coverage
start = time.perf_counter()
coverage(network)
""",
    "overlaps": """
network = partenariat.Network.from_path(DATA)
from partenariat.analysis.overlaps import overlaps
start = time.perf_counter()
overlaps(network)
""",
    "structure": """
network = partenariat.Network.from_path(DATA)
from partenariat.analysis.structure import structure
start = time.perf_counter()
structure(network)
""",
    "suggestions": """
network = partenariat.Network.from_path(DATA)
from partenariat.analysis.suggestions import suggestions
start = time.perf_counter()
suggestions(network)
""",
    "cases": """
network = partenariat.Network.from_path(DATA)
from partenariat.analysis.cases import cases
start = time.perf_counter()
cases(network)
""",
    "map": """
network = partenariat.Network.from_path(DATA)
from partenariat.export.html_map import map_html
start = time.perf_counter()
map_html(network)
""",
    "report": """
from partenariat.app.report import report
start = time.perf_counter()
report(partenariat.open(DATA), Path("diagnostic.html"))
""",
}

PRELUDE = """
import resource, sys, time, json
from pathlib import Path
import partenariat
DATA = sys.argv[1]
"""
EPILOGUE = """
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

#: Runs one command and tells its wall time, CPU time and peak memory. Kept small: a child
#: starts with the peak memory of the process it was forked from.
WRAPPER = """
import json, os, resource, subprocess, sys, time
before = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(os.devnull, "wb") as out, open(sys.argv[1], "wb") as err:
    start = time.perf_counter()
    done = subprocess.run(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    elapsed = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": elapsed, "exit": done.returncode,
                  "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
                  "peak_mb": after.ru_maxrss / 1024}))
"""

#: The command names of ``--commands``, in the order they are timed. ``help`` and ``import``
#: take no data; the others take the synthetic folder and run in a scratch folder.
COMMANDS: dict[str, list[str]] = {
    "help": ["--help"],
    "import": [],
    "validate": ["validate", "{data}"],
    "gaps": ["gaps", "{data}"],
    "isolated": ["isolated", "{data}"],
    "map": ["map", "{data}", "-o", "carte.html", "--force"],
    "analyse": ["analyse", "{data}", "--format", "json"],
    "report": ["report", "{data}", "-o", "diagnostic.html", "--force"],
}
STARTUP = ("help", "import")

#: Targets of issue 25: seconds and, where given, peak MB (1 GB = 1,000 MB of the tables),
#: per size (``SIZE`` or ``SIZE:SCOPE``); ``help`` and ``import`` whatever the data.
TARGETS: dict[str, dict[str, tuple[float, float | None]]] = {
    "": {"help": (0.3, None), "import": (0.3, None)},
    "2500:13": {
        "validate": (0.7, None),
        "gaps": (0.7, None),
        "isolated": (0.7, None),
        "map": (0.7, None),
        "analyse": (1.0, None),
        "report": (1.5, None),
    },
    "60000": {"validate": (2.0, None), "analyse": (6.0, 1200.0)},
    "200000": {"analyse": (30.0, 4000.0)},
}
STEP_RATIO_TARGET = 1.2

MODES = ("quiet", "busy")
OTHERS = "other cores"

#: Every run timed, with its mode, for the summary of the machine's load.
TIMED: list[tuple[str, Run]] = []


@dataclass
class Run:
    """One timed run: wall seconds, CPU seconds (commands only), peak MB, exit status."""

    seconds: float
    peak_mb: float
    cpu: float | None = None
    exit: int = 0
    error: str = ""
    #: cores the rest of the machine used meanwhile (all CPU time but ours and the burner's)
    others: float | None = None


Runs = dict[str, list[Run]]  # mode -> the runs in that mode


# -- processes ---------------------------------------------------------------------------


def _die_with_parent() -> None:
    """In a child, before exec: be killed if this script dies (Linux), so that no burner
    outlives it."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except Exception:  # not Linux: the finally blocks still kill the burner
        pass


def _run(argv: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a measuring process in its own process group, and end the whole group (the
    measured command and whatever it started) if this script is interrupted."""
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate()
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)


@dataclass
class Burnt:
    """What the burners had: CPU seconds over wall seconds, summed over the busy runs."""

    cpu: float = 0.0
    wall: float = 0.0


BURNT = Burnt()


@contextlib.contextmanager
def burning() -> Iterator[None]:
    """A separate process burning one core for the duration of the block."""
    burner = subprocess.Popen(
        [sys.executable, "-c", "while True: pass"],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # no traceback when Ctrl-C reaches it too
        preexec_fn=_die_with_parent,  # safe: this script runs no threads
    )
    started = time.perf_counter()
    try:
        yield
    finally:
        cpu = _cpu_seconds(burner.pid)
        burner.kill()
        burner.wait()
        if cpu is not None:
            BURNT.cpu += cpu
            BURNT.wall += time.perf_counter() - started


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- measures ----------------------------------------------------------------------------


def _last_json(done: subprocess.CompletedProcess[str]) -> Run:
    if done.returncode != 0:
        return Run(0.0, 0.0, exit=done.returncode, error=_tail(done.stderr))
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return Run(
        seconds=found["seconds"],
        peak_mb=found["peak_mb"],
        cpu=found.get("cpu"),
        exit=found.get("exit", 0),
    )


def _tail(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def measure_step(code: str, folder: Path) -> Run:
    return _last_json(_run([sys.executable, "-c", PRELUDE + code + EPILOGUE, str(folder)]))


def measure_command(argv: list[str], cwd: Path) -> Run:
    errors = cwd / "stderr.txt"
    found = _last_json(_run([sys.executable, "-c", WRAPPER, str(errors), *argv], cwd=cwd))
    if found.exit and not found.error:
        found.error = _tail(errors.read_text(encoding="utf-8", errors="replace"))
    return found


def repeat(measure: Callable[[], Run], modes: tuple[str, ...], runs: int, label: str) -> Runs:
    """``runs`` rounds, each mode once per round (quiet then busy: both see the same moment
    of the machine); a failing run is not repeated."""
    found: Runs = {mode: [] for mode in modes}
    for round_ in range(runs):
        for mode in modes:
            if found[mode] and found[mode][-1].exit:
                continue
            machine, ours, began = _machine_cpu(), _our_cpu(), time.perf_counter()
            with burning() if mode == "busy" else contextlib.nullcontext():
                run = measure()
            if machine is not None and (now := _machine_cpu()) is not None:
                wall = time.perf_counter() - began
                run.others = max(0.0, now - machine - (_our_cpu() - ours)) / wall
            found[mode].append(run)
            TIMED.append((mode, run))
            state = f"exit {run.exit}" if run.exit else f"{run.seconds:.2f} s"
            if run.others is not None:
                state += f" (other processes: {run.others:.1f} cores)"
            _progress(f"  {label}: {mode} {round_ + 1}/{runs} {state}")
    return found


def _machine_cpu() -> float | None:
    """CPU seconds the whole machine has spent busy since it started (Linux)."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(v) for v in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal (guest time is counted in user)
    busy = sum(fields[:8]) - fields[3] - fields[4]
    return busy / os.sysconf("SC_CLK_TCK")


def _our_cpu() -> float:
    """CPU seconds of this script and every child it has waited for (the measuring
    processes, the commands and their processes, the burners)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- data --------------------------------------------------------------------------------


def generate(size: int, seed: int, workdir: Path, scope: str | None, again: bool) -> Path:
    """Write the synthetic folder once, in another process, through a temporary name (an
    interrupted run leaves no half folder to be taken for a finished one)."""
    folder = workdir / f"synth-{size}-{seed}{'-' + scope if scope else ''}"
    if again and folder.exists():
        shutil.rmtree(folder)
    if not (folder / "organisations.csv").exists():
        _progress(f"writing {folder} ...")
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        workdir.mkdir(parents=True, exist_ok=True)
        code = (
            "import sys\nfrom partenariat.synth import write_synthetic\n"
            "write_synthetic(int(sys.argv[1]), sys.argv[2], seed=int(sys.argv[3]), "
            "overwrite=True, scope=sys.argv[4] or None)"
        )
        subprocess.run(
            [sys.executable, "-c", code, str(size), str(partial), str(seed), scope or ""],
            check=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
        partial.rename(folder)
    return folder


def counts(folder: Path) -> str:
    def rows(name: str) -> int:
        path = folder / f"{name}.csv"
        return sum(1 for _ in path.open(encoding="utf-8")) - 1 if path.exists() else 0

    interventions = folder / "interventions.csv"
    cases = (
        len({line.split(",", 1)[0] for line in interventions.open(encoding="utf-8")}) - 1
        if interventions.exists()
        else 0
    )
    return (
        f"{rows('organisations'):,} organisations, {rows('links'):,} links, "
        f"{cases:,} cases, {rows('interventions'):,} interventions"
    )


# -- tables ------------------------------------------------------------------------------


def _best(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: (r.exit != 0, r.seconds))


def _seconds(runs: list[Run]) -> str:
    """The best run, and how much slower the worst was."""
    best = _best(runs)
    if best.exit:
        return f"failed (exit {best.exit})"
    if len(runs) == 1:
        return f"{best.seconds:.2f}"
    worst = max(r.seconds for r in runs)
    return f"{best.seconds:.2f} (+{(worst / best.seconds - 1) * 100:.0f} %)"


def _peak(found: Runs) -> str:
    peaks = [r.peak_mb for runs in found.values() for r in runs if not r.exit]
    return f"{max(peaks):,.0f}" if peaks else "–"


def _cpu(found: Runs) -> str:
    best = _best(next(iter(found.values())))
    return "–" if best.exit or best.cpu is None else f"{best.cpu:.2f}"


def _others(found: Runs) -> str:
    loads = [r.others for runs in found.values() for r in runs if r.others is not None]
    return f"{sum(loads) / len(loads):.1f}" if loads else "–"


def _target_text(target: tuple[float, float | None] | None) -> str:
    if target is None:
        return "–"
    seconds, peak = target
    return f"≤ {seconds:.1f} s" + (f", ≤ {peak:,.0f} MB" if peak else "")


def _met(target: tuple[float, float | None] | None, runs: list[Run]) -> str:
    """✓ when the best run is within the time and every run within the memory."""
    best = _best(runs)
    if target is None:
        return "–"
    if best.exit:
        return "✗"
    seconds, peak = target
    misses = []
    if best.seconds > seconds:
        misses.append("time")
    if peak and max(r.peak_mb for r in runs if not r.exit) > peak:
        misses.append("memory")
    return "✓" if not misses else "✗ " + " and ".join(misses)


class Table:
    """A Markdown table whose rows are also printed as they come."""

    def __init__(self, lines: list[str], header: list[str], align: str) -> None:
        """``align``: one letter per column, ``l`` or ``r``."""
        self.lines = lines
        lines.append("| " + " | ".join(header) + " |")
        lines.append("".join("|---:" if a == "r" else "|---" for a in align) + "|")
        self.notes: list[str] = []

    def row(self, cells: list[str]) -> None:
        self.lines.append("| " + " | ".join(cells) + " |")
        _progress(self.lines[-1])

    def failed(self, label: str, found: Runs) -> None:
        for mode, runs in found.items():
            if runs and runs[-1].exit:
                self.notes.append(f"- {label} ({mode}) failed: {runs[-1].error or '?'}")

    def close(self) -> None:
        self.lines += ["", *self.notes, *([""] if self.notes else [])]


def _mode_headers(modes: tuple[str, ...]) -> list[str]:
    return [f"{mode} s" for mode in modes]


def steps_table(
    lines: list[str], wanted: list[str], folder: Path, modes: tuple[str, ...], runs: int
) -> None:
    table = Table(
        lines,
        ["step", *_mode_headers(modes), "peak MB", f"× floor ({modes[0]})", OTHERS],
        "l" + "r" * (len(modes) + 3),
    )
    floor = None
    for name in wanted:
        code = STEPS[name]
        found = repeat(partial(measure_step, code, folder), modes, runs, name)
        best = _best(found[modes[0]])
        if not best.exit:
            floor = floor or best.seconds
        ratio = f"{best.seconds / floor:.1f}" if floor and not best.exit else "–"
        table.row([name, *(_seconds(found[m]) for m in modes), _peak(found), ratio, _others(found)])
        table.failed(name, found)
    table.close()


def commands_table(
    lines: list[str],
    names: list[str],
    targets: dict[str, tuple[float, float | None]],
    folder: Path | None,
    scratch: Path,
    modes: tuple[str, ...],
    runs: int,
    met: list[tuple[str, str, str]],
    where: str,
) -> None:
    script = _script()
    both = len(modes) > 1
    header = ["command", "target", *_mode_headers(modes), "CPU s", "peak MB"]
    header += ["met (" + " / ".join(modes) + ")" if both else "met", OTHERS]
    table = Table(lines, header, "ll" + "r" * (len(modes) + 2) + "lr")
    scratch.mkdir(parents=True, exist_ok=True)
    for name in names:
        arguments = [a.format(data=folder) for a in COMMANDS[name]]
        argv = [sys.executable, "-c", "import partenariat"] if name == "import" else script
        argv = argv + arguments
        shown = "python -c 'import partenariat'" if name == "import" else "partenariat"
        shown += "".join(" " + ("DATA" if a == str(folder) else a) for a in arguments)
        found = repeat(partial(measure_command, argv, scratch), modes, runs, name)
        target = targets.get(name)
        verdicts = [_met(target, found[m]) for m in modes]
        table.row(
            [
                f"`{shown}`",
                _target_text(target),
                *(_seconds(found[m]) for m in modes),
                _cpu(found),
                _peak(found),
                " / ".join(verdicts),
                _others(found),
            ]
        )
        table.failed(name, found)
        if target is not None:
            met += [(f"{where}: {name}", mode, v) for mode, v in zip(modes, verdicts, strict=True)]
    table.close()


def step_ratio(
    lines: list[str], size: int, args: argparse.Namespace, modes: tuple[str, ...]
) -> list[tuple[str, str, str]]:
    """``analyse --format json`` on N and N + 1 organisations, interleaved run by run."""
    folders = [
        generate(n, args.seed, args.workdir, None, args.regenerate) for n in (size, size + 1)
    ]
    scratch = args.workdir / "out-step"
    scratch.mkdir(parents=True, exist_ok=True)
    argvs = [[*_script(), "analyse", str(f), "--format", "json"] for f in folders]
    found: list[Runs] = [{m: [] for m in modes} for _ in folders]
    for round_ in range(args.runs):
        for index, argv in enumerate(argvs):
            part = repeat(
                partial(measure_command, argv, scratch),
                modes,
                1,
                f"analyse {size + index:,} (round {round_ + 1}/{args.runs})",
            )
            for mode in modes:
                found[index][mode] += part[mode]
    lines += [
        f"### Step at {size:,} → {size + 1:,} organisations: "
        f"`partenariat analyse DATA --format json` (seed {args.seed})",
        "",
    ]
    table = Table(
        lines,
        ["organisations", *_mode_headers(modes), "CPU s", "peak MB", OTHERS],
        "l" + "r" * (len(modes) + 3),
    )
    for index, folder in enumerate(folders):
        table.row(
            [
                f"{size + index:,} ({counts(folder)})",
                *(_seconds(found[index][m]) for m in modes),
                _cpu(found[index]),
                _peak(found[index]),
                _others(found[index]),
            ]
        )
        table.failed(f"analyse {size + index:,}", found[index])
    verdicts = []
    cells = []
    for mode in modes:
        low, high = _best(found[0][mode]), _best(found[1][mode])
        if low.exit or high.exit:
            cells.append("–")
            verdicts.append((f"step {size:,} → {size + 1:,}", mode, "✗"))
            continue
        ratio = high.seconds / low.seconds
        verdict = "✓" if ratio <= STEP_RATIO_TARGET else "✗"
        cells.append(f"{ratio:.2f} {verdict}")
        verdicts.append((f"step {size:,} → {size + 1:,}", mode, verdict))
    table.row([f"ratio (target ≤ {STEP_RATIO_TARGET:g})", *cells, "", "", ""])
    table.close()
    return verdicts


def _script() -> list[str]:
    """``partenariat`` as users run it: the script installed beside this Python."""
    beside = Path(sys.executable).parent / "partenariat"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("partenariat")
    return [found] if found else [sys.executable, "-m", "partenariat"]


# -- main --------------------------------------------------------------------------------


def _names(text: str, known: list[str], what: str, parser: argparse.ArgumentParser) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in chosen if name not in known]
    if unknown:
        parser.error(f"unknown {what}: {', '.join(unknown)} (known: {', '.join(known)})")
    return [name for name in known if name in chosen]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="2500:13,60000",
        help="SIZE or SIZE:SCOPE (a département or région code), comma-separated; '' for none",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="runs of each timing (best kept)")
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--busy", action="store_true", help="time with one core burnt")
    chosen.add_argument("--both", action="store_true", help="time quiet and busy, side by side")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "partenariat-bench"
    )
    parser.add_argument("--regenerate", action="store_true", help="write the folders anew")
    parser.add_argument("--markdown", type=Path, default=None)
    parser.add_argument(
        "--steps", default=",".join(STEPS), help="comma-separated steps to run (default: all)"
    )
    parser.add_argument("--no-steps", action="store_true", help="time the commands only")
    parser.add_argument(
        "--commands",
        default=",".join(COMMANDS),
        help=f"comma-separated commands to time, among {', '.join(COMMANDS)} (default: all)",
    )
    parser.add_argument(
        "--step-ratio",
        type=int,
        default=None,
        metavar="N",
        help="also time analyse on N and N + 1 organisations and print the ratio",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    steps = [] if args.no_steps else _names(args.steps, list(STEPS), "step", parser)
    commands = _names(args.commands, list(COMMANDS), "command", parser)
    modes = MODES if args.both else ("busy",) if args.busy else ("quiet",)
    args.workdir = args.workdir.resolve()

    lines = [
        f"Machine: {platform.machine()}, Python {platform.python_version()}, {_cpus()} cores, "
        f"{_memory()}; commit {_commit()}; {dt.datetime.now():%Y-%m-%d %H:%M}",
        "Command: python benchmarks/run.py " + shlex.join(sys.argv[1:]),
        f"Load average at the start: {_load()}",
        "",
        _modes_text(modes, args.runs),
        "",
    ]
    met: list[tuple[str, str, str]] = []
    started = [line for line in commands if line in STARTUP]
    if started:
        lines += ["### Start-up (no data)", ""]
        commands_table(
            lines,
            started,
            TARGETS[""],
            None,
            args.workdir / "out-startup",
            modes,
            args.runs,
            met,
            "start-up",
        )
    for spec in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        size_text, _, scope = spec.partition(":")
        size = int(size_text)
        key = f"{size}:{scope}" if scope else str(size)
        folder = generate(size, args.seed, args.workdir, scope or None, args.regenerate)
        where = f" in {scope}" if scope else ""
        lines += [f"### {size:,} organisations{where} ({counts(folder)})", ""]
        if steps:
            steps_table(lines, steps, folder, modes, args.runs)
        data_commands = [name for name in commands if name not in STARTUP]
        if data_commands:
            commands_table(
                lines,
                data_commands,
                TARGETS.get(key, {}),
                folder,
                args.workdir / f"out-{folder.name}",
                modes,
                args.runs,
                met,
                f"{size:,}{where}",
            )
    if args.step_ratio:
        met += step_ratio(lines, args.step_ratio, args, modes)
    lines += _summary(met, modes)
    lines.append(f"Load average at the end: {_load()}")
    for mode in modes:
        loads = [r.others for m, r in TIMED if m == mode and r.others is not None]
        if loads:
            lines.append(
                f"Other processes while the {mode} runs were timed: "
                f"{sum(loads) / len(loads):.1f} cores on average, {max(loads):.1f} at most."
            )
    if BURNT.wall:
        lines.append(
            f"Burner: {BURNT.cpu:.1f} s of CPU over {BURNT.wall:.1f} s of busy runs "
            f"({BURNT.cpu / BURNT.wall * 100:.0f} % of a core)."
        )
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")


def _modes_text(modes: tuple[str, ...], runs: int) -> str:
    told = {
        "quiet": "*quiet*: nothing else of ours running",
        "busy": "*busy*: a separate process burning one core (`python -c 'while True: pass'`) "
        "during each run",
    }
    order = " (alternated run by run)" if len(modes) > 1 else ""
    return (
        f"Seconds: best of {runs} run{'s' if runs > 1 else ''}, each in a fresh process "
        "(+ %: how much slower the slowest run was), in "
        + " and ".join(told[m] for m in modes)
        + f"{order}. CPU s: user + system of the best {modes[0]} run's process tree. "
        "Peak MB: the largest resident set of any one process (a second process the command "
        "starts is counted on its own), the largest over all runs. Other cores: the CPU the "
        f"rest of the machine used meanwhile (all but ours and the burner's; {_cpus()} cores), "
        "the mean over the row's runs."
    )


def _summary(met: list[tuple[str, str, str]], modes: tuple[str, ...]) -> list[str]:
    if not met:
        return []
    lines = ["### Targets", ""]
    for mode in modes:
        mine = [(what, v) for what, m, v in met if m == mode]
        missed = [f"{what} ({v})" for what, v in mine if v != "✓"]
        hits = len(mine) - len(missed)
        lines.append(
            f"- {mode}: {hits} of {len(mine)} met"
            + (f"; missed: {', '.join(missed)}" if missed else "")
        )
    return [*lines, ""]


def _cpus() -> int:
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    except OSError:
        pass
    return "memory unknown"


def _load() -> str:
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg()) + " (1, 5, 15 min)"
    except OSError:
        return "unknown"


def _commit() -> str:
    """The commit checked out (read only; the work tree may hold changes beside it)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so that the finally blocks kill the burner


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _interrupted)
    began = time.perf_counter()
    try:
        main()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    print(f"(benchmarks took {time.perf_counter() - began:.0f} s)", file=sys.stderr)
