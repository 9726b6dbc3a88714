"""The study file: ``partenariat.toml`` in the data folder, so that a coordinator does not
retype the options of every command.

Every key is optional; an option given on the command line wins over the file. Keys are
French (English spellings are accepted too)::

    # partenariat.toml — réglages de l'étude
    titre = "Diagnostic du Douaisis 2026"
    territoire = ["200044618", "200041960"]   # codes ou noms ; ou "59"
    domaines = ["logement", "santé", "emploi"] # liste de référence des domaines
    langue = "fr"                             # ou "en"
    seuil_de_masquage = 5                     # effectifs de situations affichés « < 5 »
    fiches_anciennes_apres = 2                # années sans mise à jour
    fiches_anciennes_apres_mois = 18          # ou en mois (l'annuaire : 24 par défaut)

A file that cannot be read, an unknown key or a value of the wrong kind is an error naming
the file, the line and the key — never ignored.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "partenariat.toml").write_text('titre = "Douaisis"\\nterritoire = "59"\\n')
>>> settings = read_settings(folder)
>>> settings.title, settings.scope, settings.lang
('Douaisis', ('59',), None)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from partenariat.errors import PartenariatError
from partenariat.i18n import Lang

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FILE_NAME = "partenariat.toml"


@dataclass(frozen=True)
class StudySettings:
    """What ``partenariat.toml`` sets (``None`` or empty: not set)."""

    title: str | None = None
    scope: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    lang: Lang | None = None
    privacy_threshold: int | None = None
    stale_after_years: int | None = None
    stale_after_months: int | None = None
    path: Path | None = None
    lines: tuple[tuple[str, int], ...] = ()
    """The line of the study file each setting is on (``(setting, line)``)."""

    def line_of(self, setting: str) -> int:
        """The line of the study file ``setting`` is on (1 when unknown).

        >>> StudySettings(lines=(("scope", 3),)).line_of("scope")
        3
        """
        return dict(self.lines).get(setting, 1)

    def stale_months(self, default: int = 24) -> int:
        """Months without update after which an entry is to be updated: the months given,
        else the years given, else ``default``."""
        if self.stale_after_months is not None:
            return self.stale_after_months
        if self.stale_after_years is not None:
            return 12 * self.stale_after_years
        return default


#: Each key: its French and English spellings, and the kind of value it takes.
KEYS: dict[str, tuple[tuple[str, ...], str]] = {
    "title": (("titre", "title"), "text"),
    "scope": (("territoire", "territoires", "scope"), "texts"),
    "fields": (("domaines", "fields"), "texts"),
    "lang": (("langue", "lang"), "lang"),
    "privacy_threshold": (("seuil_de_masquage", "privacy_threshold"), "count"),
    "stale_after_years": (("fiches_anciennes_apres", "stale_after_years"), "count"),
    "stale_after_months": (
        ("fiches_anciennes_apres_mois", "stale_after_months"),
        "count",
    ),
}


def read_settings(data: str | Path) -> StudySettings:
    """The settings of the data folder ``data`` (none when it has no ``partenariat.toml``,
    or is a workbook). Raises :class:`PartenariatError` for a file that cannot be used."""
    folder = Path(data)
    path = folder / FILE_NAME
    if not folder.is_dir() or not path.is_file():
        return StudySettings()
    try:
        text = path.read_text(encoding="utf-8-sig")
        table = tomllib.loads(text)
    except UnicodeDecodeError:
        raise _error(path, "is not UTF-8 text", "n'est pas un texte UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise _error(path, f"cannot be read: {error}", f"est illisible\u00a0: {error}") from None
    values: dict[str, Any] = {}
    spellings = {name: key for key, (names, _) in KEYS.items() for name in names}
    lines: list[tuple[str, int]] = []
    for name, value in table.items():
        key = spellings.get(name)
        if key is None:
            known = ", ".join(names[0] for names, _ in KEYS.values())
            line = _line_of(text, name)
            raise _error(
                path,
                f"line {line}: unknown key {name!r} (keys: {known})",
                f"ligne {line}\u00a0: clé inconnue «\u00a0{name}\u00a0» (clés\u00a0: {known})",
            )
        values[key] = _value(path, text, name, value, KEYS[key][1])
        lines.append((key, _line_of(text, name)))
    return StudySettings(**values, path=path, lines=tuple(lines))


def _value(path: Path, text: str, name: str, value: Any, kind: str) -> Any:
    line = _line_of(text, name)
    if kind == "text" and isinstance(value, str) and value.strip():
        return value.strip()
    if kind == "texts":
        items = [value] if isinstance(value, str) else value
        if isinstance(items, list) and all(isinstance(v, str) and v.strip() for v in items):
            return tuple(v.strip() for v in items)
    if kind == "lang" and value in ("fr", "en"):
        return value
    if kind == "count" and isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    wanted = {
        "text": ("a text between quotes", "un texte entre guillemets"),
        "texts": ("a text or a list of texts", "un texte ou une liste de textes"),
        "lang": ('"fr" or "en"', '"fr" ou "en"'),
        "count": ("a whole number of at least 1", "un nombre entier d'au moins 1"),
    }[kind]
    raise _error(
        path,
        f"line {line}: {name} must be {wanted[0]}, not {value!r}",
        f"ligne {line}\u00a0: {name} doit être {wanted[1]}, pas {value!r}",
    )


def _line_of(text: str, name: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.split("=", 1)[0].strip().strip('"') == name:
            return number
    return 1


def _error(path: Path, english: str, french: str) -> PartenariatError:
    return PartenariatError(f"{path} {english}", french=f"{path} {french}")
