"""The input format: which tables, which files, which columns and their aliases.

Headers and file names are matched after :func:`partenariat.text.fold` (case, accents,
spaces, ``_`` and ``-`` ignored).

>>> TABLES["links"].column_for("Cible").name
'target'
>>> TABLES["organisations"].column_for("Mise à jour").name
'updated'
>>> table_for_file_stem("Liens") .name
'links'
"""

from __future__ import annotations

from dataclasses import dataclass

from partenariat.text import fold


@dataclass(frozen=True)
class ColumnSpec:
    """A column of a table: canonical (English) name, accepted aliases, whether required."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    description: str = ""

    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class TableSpec:
    """A table of the data folder: its file names (stems) and its columns."""

    name: str
    files: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]
    required: bool = False
    key: str | None = None

    def column_for(self, header: str) -> ColumnSpec | None:
        """The column a header means, or ``None`` when it is not part of the format."""
        wanted = fold(header)
        for column in self.columns:
            if wanted in {fold(s) for s in column.spellings()}:
                return column
        return None

    def known_headers(self) -> list[str]:
        return [spelling for column in self.columns for spelling in column.spellings()]


def _c(name: str, *aliases: str, required: bool = False, description: str = "") -> ColumnSpec:
    return ColumnSpec(name, aliases, required, description)


ORGANISATIONS = TableSpec(
    "organisations",
    ("organisations", "organisation", "organismes", "structures", "partenaires", "acteurs"),
    (
        _c("id", "identifiant", "code", required=True, description="unique identifier"),
        _c("name", "nom", "raison sociale", "libelle", required=True, description="name"),
        _c("type", "categorie", "typologie", description="kind of organisation (CCAS, CAF...)"),
        _c("sector", "secteur", "statut", description="public, association or private"),
        _c(
            "territories",
            "territoires",
            "territoire",
            "territory",
            "zone",
            "zones",
            "territoires d intervention",
            description="territory codes served, | separated",
        ),
        _c(
            "fields",
            "domaines",
            "domaine",
            "field",
            "thematiques",
            "champs",
            description="fields of action, | separated",
        ),
        _c("publics", "public", "public cible", "publics cibles", description="publics served"),
        _c("siret", "numero siret", "n siret", description="SIRET (14 digits), kept as text"),
        _c("address", "adresse"),
        _c("lat", "latitude"),
        _c("lon", "longitude", "lng"),
        _c("email", "courriel", "mail", "e mail", "adresse mail"),
        _c("phone", "telephone", "tel"),
        _c("website", "site", "site web", "site internet", "url"),
        _c("updated", "mise a jour", "mis a jour", "date de mise a jour", "maj", "last update"),
        _c("description", "presentation", description="what the organisation does"),
        _c(
            "source",
            "origine des donnees",
            description="where the entry comes from (data·inclusion source, FINESS...)",
        ),
    ),
    required=True,
    key="id",
)

LINKS = TableSpec(
    "links",
    ("links", "liens", "lien", "link", "partenariats", "relations"),
    (
        _c("source", "origine", "de", required=True, description="organisation id"),
        _c("target", "cible", "vers", "destination", required=True, description="organisation id"),
        _c("type", "type de lien", "nature", description="formal, informal, referral, funding"),
        _c("since", "depuis", "date", "debut"),
        _c("weight", "intensite", "poids", "force"),
        _c("note", "notes", "commentaire", "commentaires", "remarque"),
    ),
    required=True,
)

TERRITORIES = TableSpec(
    "territories",
    ("territories", "territoires", "territoire", "territory"),
    (
        _c("code", "id", "identifiant", "code insee", required=True),
        _c("name", "nom", "libelle", required=True),
        _c("parent", "parents", description="parent codes, | separated"),
        _c("level", "niveau", "echelon"),
        _c("population", "habitants", "pop"),
    ),
    key="code",
)

SERVICES = TableSpec(
    "services",
    ("services", "service", "offres", "offre"),
    (
        _c("organisation", "organization", "structure", "organisme", required=True),
        _c("name", "nom", "libelle", "intitule", required=True),
        _c("fields", "domaines", "domaine", "field", "thematiques"),
        _c("publics", "public", "public cible", "publics cibles"),
        _c("territories", "territoires", "territoire", "territory", "zone", "zones"),
        _c("id", "identifiant", description="identifier of the service (optional)"),
        _c("description", "presentation"),
    ),
)

INTERVENTIONS = TableSpec(
    "interventions",
    ("interventions", "intervention", "accompagnements", "suivis"),
    (
        _c("case", "situation", "cas", "dossier", "id situation", required=True),
        _c("organisation", "organization", "structure", "organisme", required=True),
        _c("field", "domaine", "champ", "thematique"),
        _c("start", "debut", "date debut", "date de debut", "du"),
        _c("end", "fin", "date fin", "date de fin", "au"),
        _c("role", "fonction"),
    ),
)

RESPONSES = TableSpec(
    "responses",
    ("reponses", "responses", "answers", "enquete", "questionnaire", "questionnaires"),
    (
        _c("respondent", "repondant", "organisation repondante", required=True),
        _c("partner", "partenaire", "partenaire cite", required=True),
        _c("level", "niveau", "niveau de collaboration", description="1-5 or its name"),
        _c("trust", "confiance", description="1-4"),
        _c("value", "valeur", "apport", description="1-4"),
        _c("frequency", "frequence", "frequence des echanges"),
        _c("date", "date de reponse"),
    ),
)

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (ORGANISATIONS, LINKS, TERRITORIES, SERVICES, INTERVENTIONS, RESPONSES)
}

#: Extensions of text tables read from a folder.
TEXT_EXTENSIONS = (".csv", ".tsv", ".txt")


def table_for_file_stem(stem: str) -> TableSpec | None:
    """The table a file (or sheet) name stands for, or ``None``."""
    wanted = fold(stem)
    for spec in TABLES.values():
        if wanted in {fold(name) for name in spec.files}:
            return spec
    return None
