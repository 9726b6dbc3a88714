"""The command line in French (by default) or English: its language, its help, click's words.

The language of a run is ``--lang`` when given, otherwise English when the environment asks
for it (``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` beginning with ``en``), otherwise French.
Help texts are written in English next to the code (the reference) and translated here,
keyed by their words (spacing ignored); a test checks that every help text has its French.

>>> cli_lang(["report", "x", "--lang", "en"], {}), cli_lang(["validate", "x"], {"LANG": "en_GB"})
('en', 'en')
>>> cli_lang(["validate", "x"], {"LANG": "C.UTF-8"})
'fr'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from partenariat.i18n import Lang


def cli_lang(args: Sequence[str], environ: Mapping[str, str]) -> Lang:
    """The language of a command line run (see the module docstring)."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1] == "en" else "fr"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "fr"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "en" if value.lower().startswith("en") else "fr"
    return "fr"


def key(text: str) -> str:
    """A help text's words, spacing ignored: the key of its translation."""
    return " ".join(text.split())


def french_help(text: str | None) -> str | None:
    """The French of a help text (the text itself when it has none)."""
    if text is None:
        return None
    return HELP_FR.get(key(text), text)


def localise(command: Any, lang: Lang) -> None:
    """Put ``command`` (a click group or command, and everything under it) in ``lang``:
    its help texts, and the words click writes itself (``Usage:``, ``Options``...). The
    English texts are kept, so that a later run can be put back in English."""
    _click_words(lang)
    _command_texts(command, lang)


def _command_texts(command: Any, lang: Lang) -> None:
    import click

    items: list[Any] = [command, *(p for p in command.params if isinstance(p, click.Option))]
    for item in items:
        if not hasattr(item, "_partenariat_en"):
            item._partenariat_en = (item.help, getattr(item, "short_help", None))
        help_text, short = item._partenariat_en
        item.help = french_help(help_text) if lang == "fr" else help_text
        if hasattr(item, "short_help"):
            item.short_help = (french_help(short) if lang == "fr" else short) if short else None
    for sub in getattr(command, "commands", {}).values():
        _command_texts(sub, lang)


def _click_words(lang: Lang) -> None:
    """Make click write its own words in ``lang`` (it asks ``gettext`` for them)."""
    import gettext

    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    def french(message: str) -> str:
        return CLICK_FR.get(message, message)

    def french_plural(one: str, many: str, count: int) -> str:
        chosen = one if count == 1 else many
        return CLICK_FR.get(chosen, chosen)

    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.types,
    ):
        if hasattr(module, "_"):
            module._ = french if lang == "fr" else gettext.gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = (  # type: ignore[attr-defined]
                french_plural if lang == "fr" else gettext.ngettext
            )


#: click's own words, in French.
CLICK_FR: dict[str, str] = {
    "Usage:": "Utilisation\u00a0:",
    "Options": "Options\u00a0",  # click adds the colon: "Options :"
    "Commands": "Commandes\u00a0",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Error: {message}": "Erreur\u00a0: {message}",
    "Try '{command} {option}' for help.": "Essayer «\u00a0{command} {option}\u00a0» pour l'aide.",
    "Invalid value for {param_hint}: {message}": (
        "Valeur invalide pour {param_hint}\u00a0: {message}"
    ),
    "Invalid value: {message}": "Valeur invalide\u00a0: {message}",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing command.": "Commande manquante.",
    "Missing {param_type}": "{param_type} manquant",
    "No such command {name!r}.": "Commande inconnue\u00a0: «\u00a0{name}\u00a0».",
    "No such option {name!r}.": "Option inconnue\u00a0: «\u00a0{name}\u00a0».",
    "No such option: {name}": "Option inconnue\u00a0: {name}",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility}\u00a0?",
    "(Possible options: {possibilities})": "(options possibles\u00a0: {possibilities})",
    "Option {name!r} requires an argument.": "L'option «\u00a0{name}\u00a0» demande une valeur.",
    "Option {name!r} requires {nargs} arguments.": (
        "L'option «\u00a0{name}\u00a0» demande {nargs} valeurs."
    ),
    "Got unexpected extra argument ({args})": "Argument en trop\u00a0: {args}",
    "Got unexpected extra arguments ({args})": "Arguments en trop\u00a0: {args}",
    "default: {default}": "par défaut\u00a0: {default}",
    "required": "obligatoire",
    "{value!r} is not one of {choices}.": (
        "«\u00a0{value}\u00a0» n'est pas l'un de\u00a0: {choices}."
    ),
    "{value!r} is not {choice}.": "«\u00a0{value}\u00a0» n'est pas {choice}.",
    "{value!r} is not a valid {number_type}.": (
        "«\u00a0{value}\u00a0» n'est pas un {number_type} valide."
    ),
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{name} {filename!r} does not exist.": "«\u00a0{filename}\u00a0» n'existe pas.",
    "{name} {filename!r} is a directory.": "«\u00a0{filename}\u00a0» est un dossier.",
    "{name} {filename!r} is a file.": "«\u00a0{filename}\u00a0» est un fichier.",
    "{name} {filename!r} is not readable.": "«\u00a0{filename}\u00a0» n'est pas lisible.",
    "{name} {filename!r} is not writable.": "«\u00a0{filename}\u00a0» n'est pas modifiable.",
    "file": "Le fichier",
    "directory": "Le dossier",
    "path": "Le chemin",
    "Aborted!": "Abandon.",
}

_HELP_FR: dict[str, str] = {
    """Map the partnerships of social organisations on a territory.

    DATA is a folder of CSV files (organisations.csv, links.csv or liens.csv, and optionally
    territories.csv, services.csv, interventions.csv) or one .xlsx workbook with a sheet per
    table.

    Example:

        partenariat validate examples/melun-val-de-seine
    """: """Cartographier les partenariats des acteurs sociaux et médico-sociaux d'un
    territoire.

    DATA est un dossier de fichiers CSV (organisations.csv, liens.csv ou links.csv et, si
    besoin, territoires.csv, services.csv, interventions.csv) ou un classeur .xlsx avec une
    feuille par table.

    Exemple\u00a0:

        partenariat validate examples/melun-val-de-seine
    """,
    "Show the version and exit.": "Afficher la version et quitter.",
    """Check a data folder and list every problem, with file, line and column.

    Exits 0 when there is no error (warnings allowed), 1 when there are errors.

    Example:

        partenariat validate examples/melun-val-de-seine --format json
    """: """Vérifier un dossier de données et lister chaque problème, avec fichier, ligne et
    colonne.

    Code de sortie 0 sans erreur (avertissements permis), 1 s'il y a des erreurs.

    Exemple\u00a0:

        partenariat validate examples/melun-val-de-seine --format json
    """,
    "Text for people, JSON for programs.": "text pour les personnes, json pour les programmes.",
    "Language of the messages (default: French, or English when LANG is English).": (
        "Langue des messages (par défaut\u00a0: le français, ou l'anglais quand LANG est anglais)."
    ),
    "Reference date for stale entries (default: today).": (
        "Date de référence des fiches anciennes (par défaut\u00a0: aujourd'hui)."
    ),
    """Diagnose a territory: coverage gaps, overlaps, isolated actors, brokers, structure,
    partnerships worth creating.

    With --format csv, OUTPUT is a folder that receives one CSV file per table.

    Example:

        partenariat analyse examples/melun-val-de-seine --limit 5
    """: """Diagnostiquer un territoire\u00a0: zones blanches, chevauchements, acteurs
    isolés, acteurs passerelles, structure, partenariats à créer.

    Avec --format csv, -o est un dossier qui reçoit un fichier CSV par tableau.

    Exemple\u00a0:

        partenariat analyse examples/melun-val-de-seine --limit 5
    """,
    "With data·inclusion thématiques (category--sub): examine sub-themes or categories.": (
        "Avec les thématiques data·inclusion (catégorie--sous-thème)\u00a0: examiner les "
        "sous-thèmes (sub) ou les catégories (category)."
    ),
    "Study area: territory codes or names (repeat the option, or separate them with |) "
    "whose communes are examined (default: the EPCIs of the partners named at local level; "
    "with a territory file of your own, all its territories). Example: --scope 59 or "
    "--scope 200044618 --scope 200041960.": (
        "Territoire étudié\u00a0: codes ou noms de territoires (répéter l'option, ou les "
        "séparer par |) dont les communes sont examinées (par défaut\u00a0: les EPCI des "
        "partenaires implantés localement\u00a0; avec un fichier de territoires à soi, tous "
        "ses territoires). Exemple\u00a0: --scope 59 ou --scope 200044618 --scope 200041960."
    ),
    "Territory level of the coverage matrix (a value of the 'level' column, or 'leaves').": (
        "Niveau de territoire de la matrice de couverture (une valeur de la colonne "
        "«\u00a0niveau\u00a0», ou «\u00a0leaves\u00a0» pour le plus fin)."
    ),
    "Reference list of fields (one per line or a CSV column 'domaine'): a field nobody "
    "covers shows as a gap.": (
        "Liste de référence des domaines (un par ligne, ou une colonne CSV "
        "«\u00a0domaine\u00a0»)\u00a0: un domaine que personne ne couvre apparaît en zone "
        "blanche."
    ),
    "JSON: every entry of every list (can be very large).": (
        "JSON\u00a0: toutes les entrées de chaque liste (peut être très volumineux)."
    ),
    "Rows per section (default: 10 in tables, 500 per list in JSON, all in CSV).": (
        "Lignes par partie (par défaut\u00a0: 10 dans les tableaux, 500 par liste en JSON, "
        "toutes en CSV)."
    ),
    "CSV for French Excel: ';' and UTF-8 with BOM.": (
        "CSV pour Excel en français\u00a0: «\u00a0;\u00a0» et UTF-8 avec BOM."
    ),
    "table for people, json for programs, csv for spreadsheets.": (
        "table pour les personnes, json pour les programmes, csv pour les tableurs."
    ),
    "Write to this file (a folder for --format csv with analyse).": (
        "Écrire dans ce fichier (un dossier pour analyse --format csv)."
    ),
    "Replace the output file if it exists.": "Remplacer le fichier de sortie s'il existe.",
    "Language of the tables and reasons.": "Langue des tableaux et des motifs (fr ou en).",
    "Also list the gaps per public.": "Lister aussi les zones blanches par public.",
    "Leiden resolution: higher gives smaller communities.": (
        "Résolution des communautés\u00a0: plus elle est haute, plus elles sont petites."
    ),
    "Cases: keep the interventions active on this date.": (
        "Situations\u00a0: garder les interventions en cours à cette date."
    ),
    "Cases: a case with this many organisations or more is crowded.": (
        "Situations\u00a0: à partir de ce nombre d'organisations, une situation est surchargée."
    ),
    """Coverage gaps (territory and field with no organisation), thin cells (one
    organisation only) and uncovered population per field.

    Example:

        partenariat gaps examples/melun-val-de-seine --level EPCI""": """Zones blanches
    (territoire et domaine sans organisation recensée), points de fragilité (une seule
    organisation) et population sans offre par domaine.

    Exemple\u00a0:

        partenariat gaps examples/melun-val-de-seine --level EPCI""",
    """Overlapping offers: same field, public and territory; uncoordinated when
    the organisations have no link.

    Example:

        partenariat overlaps examples/melun-val-de-seine --format csv -o chevauchements.csv""": (
        """Offres qui se chevauchent\u00a0: même domaine, même public, même territoire\u00a0;
    non coordonnées quand les organisations n'ont pas de lien.

    Exemple\u00a0:

        partenariat overlaps examples/melun-val-de-seine --format csv -o chevauchements.csv"""
    ),
    """Isolated organisations (no link, or outside the main network), brokers and
    peripheral organisations.

    Example:

        partenariat isolated examples/melun-val-de-seine --format json""": """Acteurs isolés
    (aucun lien, ou hors du réseau principal), acteurs passerelles et acteurs en périphérie.

    Exemple\u00a0:

        partenariat isolated examples/melun-val-de-seine --format json""",
    """Partnerships worth creating, ranked, each with its reason.

    Example:

        partenariat suggest examples/melun-val-de-seine --limit 5""": """Partenariats à
    créer, classés, chacun avec son motif.

    Exemple\u00a0:

        partenariat suggest examples/melun-val-de-seine --limit 5""",
    """Fragmented case support: per case, who intervenes, how linked they are, who
    coordinates, concurrent interventions; across cases, the missing links that would
    reconnect most cases. Shows case identifiers: keep the output among evaluators.

    Example:

        partenariat cases examples/melun-val-de-seine --at 2025-06-01
    """: """Accompagnements fragmentés\u00a0: pour chaque situation, qui intervient, quels
    liens entre eux, qui coordonne, les interventions simultanées\u00a0; sur l'ensemble, les
    liens manquants qui relieraient le plus de situations. Affiche les identifiants de
    situation\u00a0: garder le résultat entre évaluateurs.

    Exemple\u00a0:

        partenariat cases examples/melun-val-de-seine --at 2025-06-01
    """,
    "Show this case only, in detail.": "Montrer cette seule situation, en détail.",
    "Keep the interventions active on this date.": (
        "Garder les interventions en cours à cette date."
    ),
    "A case with this many organisations or more is crowded.": (
        "À partir de ce nombre d'organisations, une situation est surchargée."
    ),
    "table for people, json for programs, csv: one row per case.": (
        "table pour les personnes, json pour les programmes, csv\u00a0: une ligne par situation."
    ),
    "Write to this file.": "Écrire dans ce fichier.",
    "Language of the tables.": "Langue des tableaux (fr ou en).",
    """Draw the partnership network as one interactive HTML file that works offline:
    search, filters, legend, directory cards. With --case, the eco-map of one case; with
    --geo, the geographic map of the study area.

    Example:

        partenariat map examples/melun-val-de-seine -o carte.html --color-by field
    """: """Dessiner le réseau partenarial dans un seul fichier HTML interactif qui
    fonctionne hors ligne\u00a0: recherche, filtres, légende, fiches annuaire. Avec --case,
    l'écocarte d'une situation\u00a0; avec --geo, la carte géographique de la zone étudiée.

    Exemple\u00a0:

        partenariat map examples/melun-val-de-seine -o carte.html --color-by field
    """,
    "The HTML file to write (one self-contained file).": (
        "Le fichier HTML à écrire (un seul fichier autonome)."
    ),
    "What the node colours show.": "Ce que montrent les couleurs des nœuds.",
    "What the node sizes show.": "Ce que montre la taille des nœuds.",
    "Keep the organisations acting in this territory (code).": (
        "Garder les organisations qui agissent sur ce territoire (code)."
    ),
    "Keep the organisations with an offer in this field.": (
        "Garder les organisations qui ont une offre dans ce domaine."
    ),
    "Keep the organisations serving this public.": (
        "Garder les organisations qui servent ce public."
    ),
    "Keep the organisations of this type.": "Garder les organisations de ce type.",
    "Keep this organisation and its partners (see --depth).": (
        "Garder cette organisation et ses partenaires (voir --depth)."
    ),
    "With --ego: how many links away.": "Avec --ego\u00a0: à combien de liens de distance.",
    "Draw the eco-map of this case instead of the network.": (
        "Dessiner l'écocarte de cette situation au lieu du réseau."
    ),
    "With --case: print the case identifier on the map.": (
        "Avec --case\u00a0: écrire l'identifiant de la situation sur la carte."
    ),
    "Title of the page.": "Titre de la page.",
    "With --case: interventions ended before this date are greyed (default: today).": (
        "Avec --case\u00a0: les interventions terminées avant cette date sont en gris (par "
        "défaut\u00a0: aujourd'hui)."
    ),
    "Above this many organisations, the map is drawn with WebGL (sigma.js) from positions "
    "computed in advance.": (
        "Au-delà de ce nombre d'organisations, la carte est dessinée en WebGL (sigma.js) à "
        "partir de positions calculées à l'avance."
    ),
    """Write the directory of the partners (alias: annuaire): who does what, where, for
    whom, and how to reach them — a card per organisation, a search, filters by commune,
    field and public, an index by field; printed, a booklet. With --stale, the entries to
    update and their contacts, for a mail merge.

    Example:

        partenariat directory examples/melun-val-de-seine -o annuaire.html --stale a-jour.csv
    """: """Écrire l'annuaire des partenaires (alias\u00a0: annuaire)\u00a0: qui fait quoi, où,
    pour qui, et comment les joindre — une fiche par organisation, une recherche, des filtres
    par commune, domaine et public, un index par domaine\u00a0; imprimé, un livret. Avec
    --stale, les fiches à mettre à jour et leurs contacts, pour un publipostage.

    Exemple\u00a0:

        partenariat annuaire examples/melun-val-de-seine -o annuaire.html --stale a-jour.csv
    """,
    "The directory to write: annuaire.html (one offline page), annuaire.xlsx or annuaire.md "
    "(for a wiki).": (
        "L'annuaire à écrire\u00a0: annuaire.html (une page hors ligne), annuaire.xlsx ou "
        "annuaire.md (pour un wiki)."
    ),
    "Also write the entries to update, with each organisation's contact, as a CSV for a mail "
    "merge (for example a-mettre-a-jour.csv).": (
        "Écrire aussi les fiches à mettre à jour, avec le contact de chaque organisation, en "
        "CSV pour un publipostage (par exemple a-mettre-a-jour.csv)."
    ),
    "Months without update after which an entry is to be updated (default: 24, or the study "
    "file's setting).": (
        "Mois sans mise à jour au-delà desquels une fiche est à mettre à jour (par "
        "défaut\u00a0: 24, ou le réglage du fichier d'étude)."
    ),
    "Date of the directory (default: today).": (
        "Date de l'annuaire (par défaut\u00a0: aujourd'hui)."
    ),
    "--stale: plain CSV (comma, no BOM).": "--stale\u00a0: CSV simple (virgule, sans BOM).",
    """Write the collection workbook partners fill in Excel or LibreOffice: sheets
    Organisations, Liens and Services with French headers, instructions in plain French,
    drop-down lists (types, fields, publics, link types, the study area's territories by
    name), date and e-mail checks, and DATA's rows pre-filled. Returned workbooks are
    checked with validate and gathered with import workbook.

    Example:

        partenariat template examples/melun-val-de-seine -o collecte.xlsx
    """: """Écrire le classeur de collecte que les partenaires remplissent dans Excel ou
    LibreOffice\u00a0: feuilles Organisations, Liens et Services aux en-têtes français, mode
    d'emploi en français simple, listes déroulantes (types, domaines, publics, types de
    lien, territoires de la zone étudiée par leur nom), contrôle des dates et des courriels,
    et les lignes de DATA déjà remplies. Les classeurs renvoyés se vérifient avec validate
    et se rassemblent avec import workbook.

    Exemple\u00a0:

        partenariat template examples/melun-val-de-seine -o collecte.xlsx
    """,
    "The workbook to write, for example collecte.xlsx.": (
        "Le classeur à écrire, par exemple collecte.xlsx."
    ),
    "With DATA: do not pre-fill its rows.": "Avec DATA\u00a0: ne pas reprendre ses lignes.",
    """Gather the collection workbooks partners sent back into one data folder. Each is
    checked like any data; an organisation, link or service given different values by two
    workbooks is a conflict, listed with the values of each, never settled silently.

    Example:

        partenariat import workbook retours/*.xlsx -o mon-dossier
    """: """Rassembler dans un dossier de données les classeurs de collecte renvoyés par les
    partenaires. Chacun est vérifié comme toute donnée\u00a0; une organisation, un lien ou un
    service que deux classeurs décrivent différemment est un conflit, listé avec les
    valeurs de chacun, jamais tranché en silence.

    Exemple\u00a0:

        partenariat import workbook retours/*.xlsx -o mon-dossier
    """,
    "When workbooks give an organisation (link, service) different values: stop and list "
    "them, or keep the first or the last workbook's value (they are listed anyway).": (
        "Quand des classeurs donnent des valeurs différentes à une organisation (un lien, un "
        "service)\u00a0: s'arrêter et les lister, ou garder la valeur du premier ou du dernier "
        "classeur (elles sont listées dans tous les cas)."
    ),
    "Also write the conflicts as a CSV table (for example conflits.csv).": (
        "Écrire aussi les conflits dans un tableau CSV (par exemple conflits.csv)."
    ),
    "Write plain CSV (comma, no BOM).": "Écrire un CSV simple (virgule, sans BOM).",
    """The partner survey: partenariat survey DATA shows what the answers say (response
    rate, reciprocity, ties named by one side only, trust and value received, intensity,
    ties missing from the links file); survey template writes the questionnaires; survey
    import reads them back.

    Example:

        partenariat survey mon-dossier --format json
    """: """L'enquête auprès des partenaires\u00a0: partenariat survey DATA montre ce que
    disent les réponses (taux de réponse, réciprocité, liens cités d'un seul côté, confiance
    et valeur reçues, intensité, liens absents du fichier des liens)\u00a0; survey template
    écrit les questionnaires\u00a0; survey import les relit.

    Exemple\u00a0:

        partenariat survey mon-dossier --format json
    """,
    """Show what the survey's answers say (the same as partenariat survey DATA).

    Example:

        partenariat survey mon-dossier --format json
    """: """Montrer ce que disent les réponses de l'enquête (comme partenariat survey DATA).

    Exemple\u00a0:

        partenariat survey mon-dossier --format json
    """,
    "Text for people, JSON for programs, CSV (one row per organisation).": (
        "Texte pour les personnes, JSON pour les programmes, CSV (une ligne par organisation)."
    ),
    "The folder where the questionnaires are written (one workbook per organisation).": (
        "Le dossier où écrire les questionnaires (un classeur par organisation)."
    ),
    "One shared workbook instead of one per organisation.": (
        "Un classeur commun au lieu d'un par organisation."
    ),
    """Write the questionnaires of the partner survey, in plain French: for each
    organisation, the list of the others to tick, with the level of collaboration (1-5, each
    level named and explained), trust and value (1-4), frequency, and "aucun partenaire".

    Example:

        partenariat survey template mon-dossier -o questionnaires
    """: """Écrire les questionnaires de l'enquête auprès des partenaires, en français
    simple\u00a0: pour chaque organisation, la liste des autres à cocher, avec le niveau de
    collaboration (1 à 5, chaque niveau nommé et expliqué), la confiance et la valeur (1 à
    4), la fréquence, et «\u00a0aucun partenaire\u00a0».

    Exemple\u00a0:

        partenariat survey template mon-dossier -o questionnaires
    """,
    "The data folder that receives reponses.csv.": "Le dossier de données qui reçoit reponses.csv.",
    "Replace reponses.csv if it exists.": "Remplacer reponses.csv s'il existe.",
    """Read the returned questionnaires (workbooks, or folders of them) into the data
    folder's reponses.csv, then check it against the folder's organisations.

    Example:

        partenariat survey import questionnaires -o mon-dossier
    """: """Lire les questionnaires renvoyés (classeurs, ou dossiers de classeurs) dans le
    fichier reponses.csv du dossier de données, puis le vérifier avec les organisations du
    dossier.

    Exemple\u00a0:

        partenariat survey import questionnaires -o mon-dossier
    """,
    "Draw every organisation, however many (--aggregate none).": (
        "Dessiner chaque organisation, quel que soit leur nombre (--aggregate none)."
    ),
    "Draw the geographic map: the study area's communes shaded by coverage for --field (or "
    "the field with the most gaps), organisations at their place.": (
        "Dessiner la carte géographique\u00a0: les communes de la zone étudiée colorées selon "
        "la couverture du domaine --field (ou du domaine aux zones blanches les plus "
        "nombreuses), les organisations à leur place."
    ),
    "Group organisations into communities or départements; auto groups above "
    "--aggregate-above organisations; none draws every organisation.": (
        "Regrouper les organisations par communauté ou par département\u00a0; auto regroupe "
        "au-delà de --aggregate-above organisations\u00a0; none dessine chaque organisation."
    ),
    "With --aggregate auto: the size above which to group.": (
        "Avec --aggregate auto\u00a0: la taille au-delà de laquelle regrouper."
    ),
    "Language of the page.": "Langue de la page (fr ou en).",
    """Export the network for Gephi, yEd, Cytoscape or a spreadsheet, list attributes
    flattened.

    Example:

        partenariat export examples/melun-val-de-seine --to gexf -o reseau.gexf
    """: """Exporter le réseau pour Gephi, yEd, Cytoscape ou un tableur (listes mises à
    plat).

    Exemple\u00a0:

        partenariat export examples/melun-val-de-seine --to gexf -o reseau.gexf
    """,
    "gexf for Gephi, graphml for yEd or Cytoscape, json (node-link), csv (nodes.csv and "
    "edges.csv in the folder -o), datainclusion (structures.json and services.json, schema "
    "v1, in the folder -o).": (
        "gexf pour Gephi, graphml pour yEd ou Cytoscape, json (nœuds et liens), csv "
        "(nodes.csv et edges.csv dans le dossier -o), datainclusion (structures.json et "
        "services.json, schéma v1, dans le dossier -o)."
    ),
    "The file to write (a folder with --to csv).": (
        "Le fichier à écrire (un dossier avec --to csv)."
    ),
    "Replace the output files if they exist.": "Remplacer les fichiers de sortie s'ils existent.",
    "Language of the output (default: French, or English when LANG is English).": (
        "Langue de la sortie (par défaut\u00a0: le français, ou l'anglais quand LANG est anglais)."
    ),
    """Write the shared diagnosis: one page to open, print to PDF or send — headline
    figures, coverage heatmap, gaps, overlaps, isolated actors and brokers, structure,
    case support (aggregates only), partnerships to create, data quality, the map, method.

    Example:

        partenariat report examples/melun-val-de-seine -o diagnostic.html
    """: """Écrire le diagnostic partagé\u00a0: une page à ouvrir, imprimer en PDF ou
    envoyer — chiffres clés, carte de chaleur de la couverture, zones blanches,
    chevauchements, acteurs isolés et passerelles, structure, accompagnements (agrégés
    seulement), partenariats à créer, qualité des données, la carte, la méthode.

    Exemple\u00a0:

        partenariat report examples/melun-val-de-seine -o diagnostic.html
    """,
    "The report file to write (.html or .md).": "Le fichier du rapport à écrire (.html ou .md).",
    "html (one self-contained page, default) or md (Markdown, no map); guessed from the file "
    "name when not given.": (
        "html (une page autonome, par défaut) ou md (Markdown, sans carte)\u00a0; déduit du "
        "nom du fichier si absent."
    ),
    "Language of the report.": "Langue du rapport (fr ou en).",
    "Also write every table of the report, complete, as CSV files in this folder "
    "(zones-blanches.csv, chevauchements.csv...; named in the report's language).": (
        "Écrire aussi chaque tableau du rapport, complet, en fichier CSV dans ce dossier "
        "(zones-blanches.csv, chevauchements.csv…, nommés dans la langue du rapport)."
    ),
    "With --csv-dir: for French Excel (BOM, ';', decimal commas; the default in French) or "
    "plain CSV (BOM, ','; the default in English).": (
        "Avec --csv-dir\u00a0: pour Excel en français (BOM, «\u00a0;\u00a0», virgules "
        "décimales\u00a0; par défaut en français) ou CSV simple (BOM, «\u00a0,\u00a0»\u00a0; "
        "par défaut en anglais)."
    ),
    "Territory level of the coverage (a value of the 'level' column).": (
        "Niveau de territoire de la couverture (une valeur de la colonne «\u00a0niveau\u00a0»)."
    ),
    "Rows per table.": "Lignes par tableau.",
    "Show case identifiers and small counts (not for sharing).": (
        "Montrer les identifiants de situation et les petits effectifs (pas pour diffusion)."
    ),
    "Counts of cases under this are shown as '< N'.": (
        "Les effectifs de situations inférieurs à ce seuil sont affichés «\u00a0< N\u00a0»."
    ),
    "Leave the interactive map out of the page.": (
        "Ne pas mettre la carte interactive dans la page."
    ),
    "Date of the report and reference for stale entries (default: today).": (
        "Date du rapport et référence des fiches anciennes (par défaut\u00a0: aujourd'hui)."
    ),
    "With data·inclusion thématiques: sub-themes or categories.": (
        "Avec les thématiques data·inclusion\u00a0: sous-thèmes (sub) ou catégories (category)."
    ),
    "Title of the report (default: Diagnostic partagé du réseau partenarial). Example: "
    "--title 'Diagnostic du Douaisis 2026'.": (
        "Titre du rapport (par défaut\u00a0: Diagnostic partagé du réseau partenarial). "
        "Exemple\u00a0: --title 'Diagnostic du Douaisis 2026'."
    ),
    """Start a data folder from national sources (data·inclusion, FINESS) or gather the
    collection workbooks partners sent back.

    Example:

        partenariat import datainclusion structures.json services.json -o mon-dossier
    """: """Commencer un dossier de données à partir de sources nationales (data·inclusion,
    FINESS) ou rassembler les classeurs de collecte renvoyés par les partenaires.

    Exemple\u00a0:

        partenariat import datainclusion structures.json services.json -o mon-dossier
    """,
    """Import data·inclusion structures and services (schema v1 or v0): JSON from the API,
    CSV exports, or the official spreadsheet template. Every value outside the schema's
    referentials is reported with its file, row and column.

    Example:

        partenariat import datainclusion structures.json services.json -o mon-dossier
    """: """Importer les structures et services data·inclusion (schéma v1 ou v0)\u00a0: JSON
    de l'API, exports CSV ou modèle de tableur officiel. Chaque valeur hors des référentiels
    du schéma est signalée avec son fichier, sa ligne et sa colonne.

    Exemple\u00a0:

        partenariat import datainclusion structures.json services.json -o mon-dossier
    """,
    "The data folder to write.": "Le dossier de données à écrire.",
    "Write CSV for French Excel (';', UTF-8 BOM).": (
        "Écrire des CSV pour Excel en français («\u00a0;\u00a0», UTF-8 avec BOM)."
    ),
    "Replace the files of the folder if they exist.": (
        "Remplacer les fichiers du dossier s'ils existent."
    ),
    """Import FINESS extracts: establishments and legal entities become organisations,
    management and grouping membership become links.

    Example:

        partenariat import finess --ej entites.csv --et etablissements.csv -o finess
    """: """Importer des extraits FINESS\u00a0: établissements et entités juridiques
    deviennent des organisations, la gestion et l'appartenance à un groupement des liens.

    Exemple\u00a0:

        partenariat import finess --ej entites.csv --et etablissements.csv -o finess
    """,
    "Legal entities (nofinessej, raison_sociale_longue, cog_commune...).": (
        "Entités juridiques (nofinessej, raison_sociale_longue, cog_commune…)."
    ),
    "Establishments (nofinesset, nofinessej, raison_sociale_longue...).": (
        "Établissements (nofinesset, nofinessej, raison_sociale_longue…)."
    ),
    "Relations between establishments.": "Relations entre établissements.",
    "Groupings (GCC) and their members.": "Groupements (GCC) et leurs membres.",
    "Keep closed entities.": "Garder les entités fermées.",
    """Write a realistic synthetic data folder on the real communes: organisations at
    commune, EPCI and département level placed by population, mostly local partnerships,
    cases with dates. For benchmarks, tests and demonstrations.

    Example:

        partenariat synth --organisations 5000 --seed 1 -o synthetique
    """: """Écrire un dossier de données fictives réaliste sur les vraies communes\u00a0:
    organisations communales, intercommunales et départementales placées selon la
    population, partenariats surtout locaux, situations datées. Pour les mesures de
    performance, les tests et les démonstrations.

    Exemple\u00a0:

        partenariat synth --organisations 5000 --seed 1 -o synthetique
    """,
    """What changed between two snapshots of a network (or along several, oldest first):
    partners arrived and gone, partnerships created and lost, gaps closed and opened,
    overlaps now coordinated, isolated actors, structure and cases before and after.

    Example:

        partenariat compare reseau-2024 reseau-2026 -o evolution.html
    """: """Ce qui a changé entre deux états d'un réseau (ou au fil de plusieurs, du plus
    ancien au plus récent)\u00a0: partenaires arrivés et partis, partenariats créés et
    perdus, zones blanches comblées et ouvertes, chevauchements désormais coordonnés, acteurs
    isolés, structure et parcours avant et après.

    Exemple\u00a0:

        partenariat compare reseau-2024 reseau-2026 -o evolution.html
    """,
    "text for people, json for programs, csv: one table per list in the folder -o.": (
        "text pour les personnes, json pour les programmes, csv\u00a0: un tableau par liste "
        "dans le dossier -o."
    ),
    "Write to this file: evolution.html or evolution.md writes the evolution report (a "
    "folder with --format csv).": (
        "Écrire dans ce fichier\u00a0: evolution.html ou evolution.md écrit le rapport "
        "d'évolution (un dossier avec --format csv)."
    ),
    "Study area of both snapshots (default: the area inferred from the newest).": (
        "Territoire étudié des deux états (par défaut\u00a0: celui déduit du plus récent)."
    ),
    "Language.": "Langue (fr ou en).",
    "Rows per list shown.": "Lignes montrées par liste.",
    "Date of the report (default: today).": "Date du rapport (par défaut\u00a0: aujourd'hui).",
    "Replace the output if it exists.": "Remplacer la sortie si elle existe.",
    "How many organisations.": "Nombre d'organisations.",
    "The same seed gives the same folder.": "La même graine donne le même dossier.",
    "A département or région code to stay local (default: all France).": (
        "Un code de département ou de région pour rester local (par défaut\u00a0: toute la France)."
    ),
}

#: Every help text's French, keyed by its English words.
HELP_FR: dict[str, str] = {key(english): french for english, french in _HELP_FR.items()}
