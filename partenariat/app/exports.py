"""The export use cases: the network for Gephi, yEd, Cytoscape or a spreadsheet, and the
organisations and services in the national data·inclusion format (schema v1).

Both return what to write, by path, like every use case; the caller writes them at once.

Examples:
    >>> import json
    >>> from pathlib import Path
    >>> from partenariat.app.study import Study
    >>> study = Study.open("examples/melun-val-de-seine")
    >>> files = datainclusion_files(study, Path("export"))
    >>> sorted(path.name for path in files)
    ['services.json', 'structures.json']
    >>> len(json.loads(files[Path("export/structures.json")]))
    40
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from partenariat.app.study import Study

#: What :func:`export_network` writes.
NetworkFormat = Literal["gexf", "graphml", "json", "csv"]


def export_network(
    study: Study, to: NetworkFormat, output: Path, *, excel: bool = False
) -> dict[Path, bytes]:
    """``study``'s network as ``to`` at ``output``, by file (``csv``: ``nodes.csv`` and
    ``edges.csv`` in the folder ``output``, for French Excel with ``excel``), list
    attributes flattened; nothing is written."""
    from partenariat.export.formats import export_contents

    return export_contents(study.network, output, to, excel=excel)


def datainclusion_files(
    study: Study, folder: Path, *, today: dt.date | None = None
) -> dict[Path, str]:
    """``structures.json`` and ``services.json`` of schema v1 in ``folder``, by path (values
    outside its referentials left out; a missing update date is ``today``, the export's)."""
    import json

    from partenariat.io.datainclusion import export_datainclusion

    structures, services = export_datainclusion(study.dataset, today=today)
    return {
        folder / "structures.json": json.dumps(structures, ensure_ascii=False, indent=1),
        folder / "services.json": json.dumps(services, ensure_ascii=False, indent=1),
    }
