"""Regenerate the column and problem tables of docs/data-format.md from the code.

python scripts/doc_tables.py
"""

from __future__ import annotations

import re
from pathlib import Path

from partenariat.io.schema import TABLES
from partenariat.problems import PROBLEM_CODES

DOC = Path(__file__).resolve().parent.parent / "docs" / "data-format.md"


def tables() -> str:
    out = []
    for spec in TABLES.values():
        needed = "required" if spec.required else "optional"
        out.append(f"### {spec.name}\n")
        names = ", ".join(f"`{f}`" for f in spec.files)
        out.append(f"File (or sheet) names: {names} ({needed}).\n")
        out.append("| column | aliases | required | meaning |\n|---|---|---|---|")
        for column in spec.columns:
            aliases = ", ".join(f"`{a}`" for a in column.aliases)
            out.append(
                f"| `{column.name}` | {aliases} | {'yes' if column.required else ''} "
                f"| {column.description} |"
            )
        out.append("")
    return "\n".join(out) + "\n"


def problems() -> str:
    rows = ["| code | severity | meaning |", "|---|---|---|"]
    rows += [
        f"| `{code}` | {severity} | {meaning} |"
        for code, (severity, meaning) in PROBLEM_CODES.items()
    ]
    return "\n".join(rows) + "\n"


def main() -> None:
    text = DOC.read_text(encoding="utf-8")
    text = re.sub(
        r"(## Tables\n\n).*?(## Problems)",
        lambda m: m.group(1) + tables() + m.group(2),
        text,
        flags=re.S,
    )
    text = re.sub(
        r"\| code \| severity \| meaning \|\n.*?\n\n", lambda m: problems() + "\n", text, flags=re.S
    )
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
