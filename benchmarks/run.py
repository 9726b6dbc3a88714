"""Benchmarks: time and peak memory of each step on synthetic territories.

    python benchmarks/run.py                      # a département (2,500 in the 13) and France (60k)
    python benchmarks/run.py --sizes 1000,5000:74 # other sizes (SIZE or SIZE:SCOPE)
    python benchmarks/run.py --markdown out.md    # also write the table as Markdown

Each step runs in a fresh Python process (so that its peak memory is its own): the data
folder is loaded first, untimed, then the step is timed. ``floor`` is the time the standard
library's csv module takes merely to parse the same files; every step is also given as a
ratio to it. The targets are measured as users run them, best of two runs of each command:
``partenariat validate``, ``analyse --format json``, ``report -o diagnostic.html`` and
``map -o carte.html``. Run it on the default install (``pip install -e .``).

Not part of the test suite: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
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
from partenariat.export.report import report_from_path, report_html
start = time.perf_counter()
report_html(report_from_path(DATA))
""",
}

PRELUDE = """
import resource, sys, time, json
import partenariat
DATA = sys.argv[1]
"""
EPILOGUE = """
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

COMMAND = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "exit": done.returncode,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def measure_step(code: str, folder: Path) -> dict[str, float]:
    script = PRELUDE + code + EPILOGUE
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder)], capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure_command(arguments: list[str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", COMMAND, *arguments], capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def generate(size: int, seed: int, workdir: Path, scope: str | None = None) -> Path:
    """Write the synthetic folder once, in another process: a child inherits the peak memory
    of its parent on Linux, so this process must stay small for the measures to be true."""
    folder = workdir / f"synth-{size}-{seed}{'-' + scope if scope else ''}"
    if not (folder / "organisations.csv").exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "partenariat",
                "synth",
                "--organisations",
                str(size),
                "--seed",
                str(seed),
                "-o",
                str(folder),
                "--force",
                *(["--scope", scope] if scope else []),
            ],
            check=True,
        )
    return folder


def counts(folder: Path) -> str:
    lines = {
        name: sum(1 for _ in (folder / f"{name}.csv").open(encoding="utf-8")) - 1
        for name in ("organisations", "links", "interventions")
    }
    cases = (
        len(
            {
                line.split(",", 1)[0]
                for line in (folder / "interventions.csv").open(encoding="utf-8")
            }
        )
        - 1
    )
    return (
        f"{lines['organisations']:,} organisations, {lines['links']:,} links, "
        f"{cases:,} cases, {lines['interventions']:,} interventions"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="2500:13,60000",
        help="SIZE or SIZE:SCOPE (a département or région code), comma-separated",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "partenariat-bench"
    )
    parser.add_argument("--markdown", type=Path, default=None)
    parser.add_argument(
        "--steps", default=",".join(STEPS), help="comma-separated steps to run (default: all)"
    )
    parser.add_argument(
        "--commands",
        default=",".join(_COMMANDS),
        help="comma-separated commands to time (default: all four)",
    )
    args = parser.parse_args()
    wanted = [s.strip() for s in args.steps.split(",")]
    commands = {c.strip() for c in args.commands.split(",")}
    cli = [sys.executable, "-m", "partenariat"]
    lines = [
        f"Machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}, {_cpus()} cores, {_memory()}",
        f"Command: python benchmarks/run.py --sizes {args.sizes} --seed {args.seed}"
        + (f' --steps "{args.steps}"' if args.steps != ",".join(STEPS) else "")
        + (f" --commands {args.commands}" if commands != set(_COMMANDS) else ""),
        "",
    ]
    for spec in args.sizes.split(","):
        size_text, _, scope = spec.partition(":")
        size = int(size_text)
        folder = generate(size, args.seed, args.workdir, scope or None)
        where = f" in {scope}" if scope else ""
        lines += [
            f"### {size:,} organisations{where} ({counts(folder)})",
            "",
            "| step | seconds | peak MB | × floor |",
            "|---|---:|---:|---:|",
        ]
        floor = None
        for name, code in STEPS.items():
            if name not in wanted:
                continue
            found = measure_step(code, folder)
            floor = floor or found["seconds"]
            lines.append(
                f"| {name} | {found['seconds']:.2f} | {found['peak_mb']:,.0f} | "
                f"{found['seconds'] / floor:.1f} |"
            )
            print(lines[-1], flush=True)
        for label, arguments in (
            ("`partenariat validate`", [*cli, "validate", str(folder)]),
            (
                "`partenariat analyse --format json`",
                [
                    *cli,
                    "analyse",
                    str(folder),
                    "--format",
                    "json",
                    "-o",
                    str(folder / "out.json"),
                    "--force",
                ],
            ),
            (
                "`partenariat report -o diagnostic.html`",
                [*cli, "report", str(folder), "-o", str(folder / "diagnostic.html"), "--force"],
            ),
            (
                "`partenariat map -o carte.html`",
                [*cli, "map", str(folder), "-o", str(folder / "carte.html"), "--force"],
            ),
        ):
            if arguments[3] not in commands:
                continue
            found = min((measure_command(arguments) for _ in range(2)), key=lambda m: m["seconds"])
            lines.append(
                f"| {label} | {found['seconds']:.2f} | {found['peak_mb']:,.0f} | "
                f"{found['seconds'] / (floor or 1):.1f} |"
            )
            print(lines[-1], flush=True)
        lines.append("")
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")


_COMMANDS = ("validate", "analyse", "report", "map")


def _cpus() -> int:
    import os

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


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    main()
    print(f"(benchmarks took {time.perf_counter() - started:.0f} s)")
