"""User-facing words, in French (default) and English.

>>> t("gaps", "fr"), t("gaps", "en")
('Zones blanches', 'Coverage gaps')
>>> t("more", "fr", count=3)
'… et 3 de plus (--limit pour en voir davantage)'
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Literal

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    "diagnosis": ("Diagnostic du réseau partenarial", "Partnership network diagnosis"),
    "organisations": ("organisations", "organisations"),
    "links": ("liens", "links"),
    "territories": ("territoires", "territories"),
    "fields": ("domaines", "fields"),
    "cases": ("situations", "cases"),
    "organisation_one": ("organisation", "organisation"),
    "answer_one": ("réponse d'enquête", "survey answer"),
    "answers": ("réponses d'enquête", "survey answers"),
    "link_one": ("lien", "link"),
    "field_one": ("domaine", "field"),
    "case_one": ("situation", "case"),
    "territory_one": ("territoire", "territory"),
    "service_one": ("service", "service"),
    "services": ("services", "services"),
    "intervention_one": ("intervention", "intervention"),
    "interventions": ("interventions", "interventions"),
    "error_one": ("erreur", "error"),
    "errors": ("erreurs", "errors"),
    "warning_one": ("avertissement", "warning"),
    "warnings_count": ("avertissements", "warnings"),
    "wrote": ("écrit\u00a0: {path}", "wrote {path}"),
    "finess_needs_source": (
        "donner --legal-entities et/ou --establishments",
        "give --legal-entities and/or --establishments",
    ),
    "finess_rows_lost": (
        "{n} {n|ligne n'a pas pu être importée|lignes n'ont pas pu être importées} "
        "(ci-dessus)\u00a0; le dossier contient les autres",
        "{n} row(s) could not be imported (listed above); the folder holds the others",
    ),
    "report_suffix": (
        "«\u00a0{name}\u00a0» : le rapport s'écrit en .html ou .md (ou préciser --format)",
        "{name!r}: the report is written as .html or .md (or give --format)",
    ),
    "in_settings": ("{path}, ligne {line}\u00a0: ", "{path}, line {line}: "),
    "not_finite": (
        "«\u00a0{value}\u00a0» n'est pas un nombre fini",
        "{value!r} is not a finite number",
    ),
    "exists_force": (
        "{path} existe déjà\u00a0; --force pour le remplacer",
        "{path} already exists; use --force to replace it",
    ),
    "m_heading": ("Mesures du partenariat", "Partnership measures"),
    "link_declared": (
        "cité dans l'enquête, absent du fichier des liens",
        "named in the survey, not in the links file",
    ),
    "r_survey_section": (
        "Se reconnaître\u00a0: l'enquête auprès des partenaires",
        "Recognising each other: the partner survey",
    ),
    "r_intro": (
        "Chaque partenaire a indiqué avec qui il travaille, à quel niveau (de «\u00a0se "
        "connaître\u00a0» à «\u00a0agir ensemble\u00a0»), la confiance qu'il lui accorde et ce "
        "qu'il lui apporte. Un lien cité par les deux côtés est confirmé\u00a0; cité d'un seul "
        "côté, il est à vérifier\u00a0; cité mais absent du fichier des liens, il est à ajouter.",
        "Each partner said who it works with, at which level (from knowing each other to "
        "acting together), how much it trusts them and what they bring. A tie named by both "
        "sides is confirmed; by one side only, it is to be checked; named but absent from the "
        "links file, it is to be added.",
    ),
    "r_response_rate": ("Taux de réponse", "Response rate"),
    "r_respondents": ("Organisations qui ont répondu", "Organisations that answered"),
    "r_reciprocity": ("Liens confirmés par les deux côtés", "Ties confirmed by both sides"),
    "r_undocumented": ("Liens cités absents du fichier", "Ties named but not in the file"),
    "m_reciprocity": (
        "Réciprocité des liens orientés",
        "Reciprocity of directed links",
    ),
    "m_multiplexity": (
        "Paires aux liens de plusieurs types",
        "Pairs with links of several types",
    ),
    "m_core": ("Cœur du réseau (k-cœur)", "Core of the network (k-core)"),
    "m_core_value": (
        "{n} {n|organisation|organisations}, k = {k}",
        "{n} {n|organisation|organisations}, k = {k}",
    ),
    "m_constraint": (
        "Contrainte moyenne (Burt)",
        "Mean constraint (Burt)",
    ),
    "m_fields": ("Domaines couverts", "Fields offered"),
    "m_fields_per_org": ("Domaines par organisation", "Fields per organisation"),
    "m_duplication": (
        "Doublons (cases servies par 2 ou plus)",
        "Duplication (cells served by 2 or more)",
    ),
    "m_mean_weight": ("Intensité moyenne des liens", "Mean link weight"),
    "m_mean_level": (
        "Niveau de collaboration moyen",
        "Mean level of collaboration",
    ),
    "m_brokerage": (
        "Rôles d'intermédiaire (Gould et Fernandez, groupes {by})",
        "Brokerage roles (Gould and Fernandez, groups {by})",
    ),
    "m_by_type": ("par type", "by type"),
    "m_by_sector": ("par secteur", "by sector"),
    "m_coordinator": ("coordinateur", "coordinator"),
    "m_consultant": ("consultant", "consultant"),
    "m_representative": ("représentant", "representative"),
    "m_gatekeeper": ("portier", "gatekeeper"),
    "m_liaison": ("liaison", "liaison"),
    "survey_heading": (
        "Enquête auprès des partenaires\u00a0: {n} {n|réponse|réponses} sur {total} "
        "{total|organisation|organisations} ({rate})",
        "Partner survey: {n} of {total} {total|organisation|organisations} answered ({rate})",
    ),
    "survey_non_respondents": (
        "{n} {n|organisation n'a|organisations n'ont} pas répondu\u00a0:",
        "{n} {n|organisation|organisations} did not answer:",
    ),
    "survey_no_pair": (
        "Aucune paire où les deux ont répondu et où l'un cite l'autre\u00a0: réciprocité "
        "non mesurable.",
        "No pair where both answered and one names the other: reciprocity not measurable.",
    ),
    "survey_reciprocity": (
        "Réciprocité\u00a0: {share} des liens cités sont confirmés par les deux côtés ({n} "
        "{n|paire|paires} sur {total}, parmi celles où les deux ont répondu).",
        "Reciprocity: {share} of the ties named are confirmed by both sides ({n} of {total} "
        "{total|pair|pairs} where both answered).",
    ),
    "survey_asymmetric": (
        "Liens cités d'un seul côté (l'autre a répondu sans le citer)",
        "Ties named by one side only (the other answered without naming it)",
    ),
    "survey_named_by": ("cité par", "named by"),
    "survey_not_confirmed_by": ("non confirmé par", "not confirmed by"),
    "survey_ratings": (
        "Confiance et valeur reçues (notes de 1 à 4 données par les autres)",
        "Trust and value received (ratings 1 to 4 given by the others)",
    ),
    "survey_trust": ("Confiance", "Trust"),
    "survey_value": ("Valeur", "Value"),
    "survey_intensity": (
        "Intensité des liens cités (niveaux de collaboration)",
        "Intensity of the ties named (levels of collaboration)",
    ),
    "survey_level": ("Niveau", "Level"),
    "survey_unrated": ("sans niveau", "no level"),
    "survey_undocumented": (
        "{n} {n|lien cité absent|liens cités absents} du fichier des liens",
        "{n} {n|tie|ties} named in the answers but absent from the links file",
    ),
    "survey_answered": ("A répondu", "Answered"),
    "survey_none": (
        "Aucune réponse d'enquête dans ce dossier (fichier reponses.csv ou feuille Réponses).",
        "No survey answer in this folder (reponses.csv or a sheet Réponses).",
    ),
    "wrote_questionnaires": (
        "{n} {n|questionnaire écrit|questionnaires écrits} dans {folder}",
        "{n} {n|questionnaire|questionnaires} written in {folder}",
    ),
    "no_answers": (
        "aucune réponse dans {n} {n|classeur|classeurs}",
        "no answer in {n} {n|workbook|workbooks}",
    ),
    "has_errors_short": (
        "{count} {count|erreur|erreurs} (ci-dessus) dans le dossier",
        "{count} {count|error|errors} (above) in the folder",
    ),
    "nothing_imported": ("rien n'a pu être importé", "nothing could be imported"),
    "imported": (
        "importé\u00a0: {counts} dans {folder} ({problems} {problems|problème|problèmes} "
        "listés ci-dessus et dans import-report.json)",
        "imported {counts} into {folder} ({problems} {problems|problem|problems} listed above "
        "and in import-report.json)",
    ),
    "template_xlsx": (
        "{name}\u00a0: le classeur de collecte s'écrit en .xlsx",
        "{name}: the collection workbook is an .xlsx file",
    ),
    "conflict": (
        "conflit dans {table}, {item}, colonne {column}\u00a0: {values}",
        "conflict in {table}, {item}, column {column}: {values}",
    ),
    "conflict_table": ("Table", "Table"),
    "conflict_key": ("Élément", "Item"),
    "conflict_column": ("Colonne", "Column"),
    "conflict_file": ("Classeur", "Workbook"),
    "conflict_value": ("Valeur", "Value"),
    "workbooks_invalid": (
        "{count} {count|erreur|erreurs} dans les classeurs (ci-dessus)\u00a0: rien n'est écrit",
        "{count} {count|error|errors} in the workbooks (above): nothing written",
    ),
    "conflicts_stop": (
        "{count} {count|conflit|conflits} (ci-dessus)\u00a0: rien n'est écrit\u00a0; corriger "
        "les classeurs, ou choisir --on-conflict first ou last",
        "{count} {count|conflict|conflicts} (above): nothing written; correct the workbooks, "
        "or choose --on-conflict first or last",
    ),
    "merged": (
        "{n} {n|classeur fusionné|classeurs fusionnés} dans {folder}\u00a0: {organisations} "
        "{organisations|organisation|organisations}, {links} {links|lien|liens}, {services} "
        "{services|service|services}",
        "{n} {n|workbook|workbooks} merged into {folder}: {organisations} "
        "{organisations|organisation|organisations}, {links} {links|link|links}, {services} "
        "{services|service|services}",
    ),
    "directory_needs_output": (
        "donner -o annuaire.html (ou .xlsx, .md), --stale a-mettre-a-jour.csv, ou les deux",
        "give -o annuaire.html (or .xlsx, .md), --stale to-update.csv, or both",
    ),
    "directory_format": (
        "{name}\u00a0: l'annuaire s'écrit en .html, .xlsx ou .md",
        "{name}: the directory is written as .html, .xlsx or .md",
    ),
    "wrote_tables": ("{count} tableaux écrits dans {folder}", "wrote {count} tables in {folder}"),
    "not_a_date": (
        "«\u00a0{value}\u00a0» n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)",
        "{value!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)",
    ),
    "case_not_in": (
        "aucune situation «\u00a0{case}\u00a0» dans {data}",
        "no case '{case}' in {data}",
    ),
    "active_on": (" en cours le {date}", " active on {date}"),
    "compare_two": (
        "donner au moins deux états du réseau\u00a0: ANCIEN NOUVEAU",
        "give at least two snapshots: OLD NEW",
    ),
    "csv_needs_folder": (
        "--format csv demande -o DOSSIER (un fichier CSV par tableau)",
        "--format csv needs -o FOLDER (one CSV file per table)",
    ),
    "more_errors": ("… et {count} de plus", "... and {count} more"),
    "has_errors": (
        "{data} a {count}\u00a0:\n{shown}{more}\n"
        "Lancer «\u00a0partenariat validate {data}\u00a0» pour la liste complète.",
        "{data} has {count}:\n{shown}{more}\nRun `partenariat validate {data}` for the full list.",
    ),
    "level": ("niveau", "level"),
    "leaves": ("le plus fin", "most detailed"),
    "gaps": ("Zones blanches", "Coverage gaps"),
    "gaps_help": (
        "territoire et domaine où aucune organisation n'est recensée",
        "territory and field served by no organisation",
    ),
    "thin": ("Points de fragilité", "Thin cells"),
    "thin_help": (
        "une seule organisation : si elle s'arrête, plus personne",
        "a single organisation: if it stops, nobody is left",
    ),
    "uncovered_leaves": ("Territoires sans offre", "Uncovered territories"),
    "partial_cells": ("Couverture partielle", "Partial coverage"),
    "partial_help": (
        "une partie seulement du territoire est couverte (part de la population, "
        "ou des territoires quand la population manque)",
        "only part of the territory is served (share of the population, or of "
        "the territories when population is missing)",
    ),
    "covered_share": ("Part couverte", "Covered share"),
    "uncovered": ("Population non couverte par domaine", "Uncovered population per field"),
    "overlaps": ("Offres qui se chevauchent", "Overlapping offers"),
    "overlaps_help": (
        "même domaine, même public, même territoire ; non coordonnées = "
        "des organisations sans lien entre elles",
        "same field, public and territory; uncoordinated = organisations with no link between them",
    ),
    "uncoordinated": ("non coordonnées", "uncoordinated"),
    "isolated": ("Acteurs isolés", "Isolated organisations"),
    "no-link": ("aucun lien", "no link"),
    "outside-main-component": ("hors du réseau principal", "outside the main network"),
    "peripheral": (
        "Acteurs périphériques (un seul partenaire)",
        "Peripheral organisations (one partner)",
    ),
    "brokers": ("Acteurs passerelles", "Brokers"),
    "brokers_help": (
        "sans eux, des organisations perdent tout lien avec le reste du réseau",
        "without them, organisations lose every tie to the rest",
    ),
    "structure": ("Structure du réseau", "Network structure"),
    "components": ("Composantes connexes", "Connected components"),
    "components_plain": ("Groupes séparés (taille de chacun)", "Separate groups (size of each)"),
    "density_plain": ("Liens existants sur liens possibles", "Existing links out of possible"),
    "centralisation_plain": (
        "Dépendance à un acteur central (0 à 1)",
        "Reliance on one central actor (0 to 1)",
    ),
    "communities_plain": ("Groupes de travail repérés", "Working groups found"),
    "betweenness_plain": ("Rôle de passerelle (0 à 1)", "Bridging role (0 to 1)"),
    "density": ("Densité", "Density"),
    "average_degree": ("Partenaires par organisation (moyenne)", "Average partners"),
    "centralisation": ("Centralisation des degrés", "Degree centralisation"),
    "communities": ("Communautés (Leiden)", "Communities (Leiden)"),
    "formal_share": ("Part des liens formels", "Formal links share"),
    "informal_share": ("Part des liens informels", "Informal links share"),
    "cross_sector": ("Partenariats entre secteurs différents", "Cross-sector partnerships"),
    "betweenness": ("Intermédiarité", "Betweenness"),
    "central": ("Organisations les plus centrales", "Most central organisations"),
    "suggestions": ("Partenariats à créer", "Partnerships worth creating"),
    "territory": ("Territoire", "Territory"),
    "field": ("Domaine", "Field"),
    "public": ("Public", "Public"),
    "every_public": ("tous publics", "every public"),
    "population": ("Population", "Population"),
    "organisation": ("Organisation", "Organisation"),
    "reason": ("Motif", "Reason"),
    "cut_off": ("Isolerait", "Cuts off"),
    "degree": ("Partenaires", "Partners"),
    "unlinked_pairs": ("Paires sans lien", "Unlinked pairs"),
    "why": ("Pourquoi", "Why"),
    "none": ("aucun", "none"),
    "no_coordination": ("aucune", "none"),
    "more": (
        "… et {count} de plus (--limit pour en voir davantage)",
        "… and {count} more (--limit to see more)",
    ),
    "pooling": (
        "{a} et {b} proposent tous deux « {fields} » au même public sur {n} "
        "{n|territoire|territoires} sans se connaître : mutualiser ou se coordonner",
        "{a} and {b} both offer “{fields}” to the same public on {n} {n|territory|territories} "
        "without a link: pool or coordinate",
    ),
    "referral": (
        "{a} ({f}) et {b} ({g}) servent le même public sur {n} {n|territoire|territoires} ; ces "
        "domaines travaillent ensemble ailleurs dans le réseau : créer un circuit "
        "d'orientation",
        "{a} ({f}) and {b} ({g}) serve the same public on {n} {n|territory|territories}; these "
        "fields work together elsewhere in the network: set up a referral path",
    ),
    "together_cases": (
        " ; déjà {cases} {cases|situation suivie|situations suivies} ensemble",
        "; already {cases} {cases|case|cases} followed together",
    ),
    "case_support": ("Accompagnement des situations", "Case support"),
    "fragmented_cases": (
        "{n} {n|situation|situations} sur {total} {n|fragmentée|fragmentées} ({share})",
        "{n} of {total} {total|case|cases} fragmented ({share})",
    ),
    "per_case": (
        "Organisations par situation : médiane {median}, 90e centile {p90}, maximum {max}",
        "Organisations per case: median {median}, 90th percentile {p90}, maximum {max}",
    ),
    "crowded": (
        "{n} {n|situation|situations} avec {threshold} organisations ou plus",
        "{n} {n|case|cases} with {threshold} organisations or more",
    ),
    "with_concurrent": (
        "{n} {n|situation|situations} avec des interventions concurrentes "
        "(même domaine, mêmes dates)",
        "{n} {n|case|cases} with concurrent interventions (same field, same dates)",
    ),
    "without_coordinator": (
        "{n} {n|situation|situations} sans coordination (ni organisation liée à "
        "toutes les autres, ni référent déclaré)",
        "{n} {n|case|cases} without coordination (no organisation linked to all "
        "the others, no declared referent)",
    ),
    "fragmented_list": ("Situations fragmentées", "Fragmented cases"),
    "case": ("Situation", "Case"),
    "linked": ("Liées", "Linked"),
    "pieces": ("Morceaux", "Pieces"),
    "coordination": ("Coordination", "Coordination"),
    "missing_links": (
        "Liens manquants (partenariats à formaliser en premier)",
        "Missing links (partnerships to formalise first)",
    ),
    "together": ("Situations communes", "Cases together"),
    "missing_link_line": (
        "{cases} {cases|situation suivie|situations suivies} ensemble sans lien, dont "
        "{reconnects} que ce lien reconnecterait",
        "{cases} {cases|case|cases} followed together with no link, {reconnects} of "
        "which this link would reconnect",
    ),
    "reconnects": ("Reconnecte", "Reconnects"),
    "fragmented_presence": (
        "Organisations les plus présentes dans les situations fragmentées",
        "Organisations most often in fragmented cases",
    ),
    "fragmented_short": ("Fragmentées", "Fragmented"),
    "concurrent_fields": (
        "Domaines aux interventions concurrentes",
        "Fields with concurrent interventions",
    ),
    "declared": ("déclaré", "declared"),
    "structural": ("structurel", "structural"),
    "concurrent": ("Interventions concurrentes", "Concurrent interventions"),
    "no_case": (
        "Aucune situation (pas de fichier interventions, ou aucune intervention "
        "active à cette date).",
        "No case (no interventions file, or no intervention active on that date).",
    ),
    "unknown_case": ("Situation inconnue : {case}", "Unknown case: {case}"),
    "map_title": ("Réseau partenarial", "Partnership network"),
    "map_updated": ("fiches mises à jour jusqu'au {date}", "entries updated up to {date}"),
    "search": ("Rechercher une organisation", "Search an organisation"),
    "filters": ("Filtres", "Filters"),
    "all": ("Tous", "All"),
    "legend": ("Légende", "Legend"),
    "colour_type": ("Type d'organisation", "Organisation type"),
    "colour_field": ("Domaine principal", "Main field"),
    "colour_community": ("Communauté", "Community"),
    "colour_territory": ("Territoire principal", "Main territory"),
    "link_type": ("Type de lien", "Link type"),
    "type": ("Type", "Type"),
    "other": ("autres", "others"),
    "unspecified": ("non précisé", "unspecified"),
    "link_formal": ("formel (convention)", "formal (agreement)"),
    "link_informal": ("informel", "informal"),
    "link_referral": ("orientation", "referral"),
    "link_funding": ("financement", "funding"),
    "mark_broker": (
        "passerelle : sans elle, des organisations perdent tout lien",
        "broker: without it, organisations lose every tie",
    ),
    "mark_isolated": (
        "isolée : aucun lien, ou hors du réseau principal",
        "isolated: no link, or outside the main network",
    ),
    "size_degree": ("Taille : nombre de partenaires", "Size: number of partners"),
    "size_betweenness": ("Taille : intermédiarité", "Size: betweenness"),
    "no_match": (
        "Aucune organisation ne correspond aux filtres.",
        "No organisation matches the filters.",
    ),
    "reset": ("Tout afficher", "Show all"),
    "card_territories": ("Territoires", "Territories"),
    "card_fields": ("Domaines", "Fields"),
    "card_publics": ("Publics", "Publics"),
    "card_address": ("Adresse", "Address"),
    "card_email": ("Courriel", "E-mail"),
    "card_phone": ("Téléphone", "Phone"),
    "card_website": ("Site", "Website"),
    "card_updated": ("Mise à jour", "Updated"),
    "card_partners": ("Partenaires", "Partners"),
    "layout_note": (
        "Grand réseau : positions calculées à l'avance, physique désactivée.",
        "Large network: positions computed in advance, physics off.",
    ),
    "isolated_strip": (
        "{n|Organisation|Organisations} sans aucun lien ({n})",
        "{n|Organisation|Organisations} without any link ({n})",
    ),
    "open_groups": (
        "Cliquer sur un groupe l'ouvre sur ses membres ; la recherche trouve aussi les membres.",
        "Click a group to open it into its members; the search finds members too.",
    ),
    "close_groups": ("Refermer les groupes", "Close the groups"),
    "dir_title": ("Annuaire des partenaires", "Directory of the partners"),
    "dir_cards": ("Les organisations de A à Z", "Organisations from A to Z"),
    "dir_no_match": (
        "Aucune organisation ne correspond à la recherche.",
        "No organisation matches the search.",
    ),
    "dir_made": ("établi le {date}", "produced on {date}"),
    "dir_stale_count": (
        "{n} {n|fiche|fiches} à mettre à jour (plus de {months} mois ou sans date)",
        "{n} {n|entry|entries} to update (over {months} months old or undated)",
    ),
    "dir_all": ("Toutes", "All"),
    "dir_search_label": ("Rechercher", "Search"),
    "dir_search_hint": (
        "nom, domaine, public, commune, service…",
        "name, field, public, commune, service…",
    ),
    "dir_commune": ("Qui intervient à…", "Who serves…"),
    "dir_index": ("Index par domaine", "Index by field"),
    "dir_services": ("Services", "Services"),
    "dir_no_date": ("date inconnue", "unknown date"),
    "dir_to_update": ("à mettre à jour", "to update"),
    "dir_count_one": ("{n} organisation", "{n} organisation"),
    "dir_count_many": ("{n} organisations", "{n} organisations"),
    "dir_col_id": ("Identifiant", "Id"),
    "dir_col_name": ("Nom", "Name"),
    "dir_col_sector": ("Secteur", "Sector"),
    "dir_col_months": ("Mois sans mise à jour", "Months without update"),
    "dir_sheet_all": ("Annuaire", "Directory"),
    "yes": ("oui", "yes"),
    "geo_title": ("Carte géographique du réseau", "Geographic map of the network"),
    "geo_field": ("Domaine coloré", "Field shaded"),
    "geo_gap": ("personne (zone blanche)", "nobody (gap)"),
    "geo_one": ("une seule organisation", "a single organisation"),
    "geo_several": ("plusieurs organisations", "several organisations"),
    "geo_shading": ("Communes", "Communes"),
    "geo_inhabitants": ("Population", "Population"),
    "geo_organisations": ("Organisations pour ce domaine", "Organisations for this field"),
    "geo_unplaced": (
        "Organisations sans lieu connu (ni coordonnées ni commune de la zone) : ",
        "Organisations with no known place (no coordinates, no commune of the area): ",
    ),
    "geo_parts": ("Arrondissements", "Arrondissements"),
    "geo_all_links": ("Montrer tous les liens", "Show every link"),
    "geo_overseas": (
        "Communes d'outre-mer de la zone, non dessinées sur ce plan (une carte par territoire "
        "peut en être faite)\u00a0: ",
        "Overseas communes of the area, not drawn on this plane (a map of each territory can "
        "be drawn): ",
    ),
    "geo_least": (
        "compte du moins bien servi",
        "count of the least served",
    ),
    "geo_points": (
        "Points : organisations (à leurs coordonnées, sinon dans leur commune), taille selon "
        "le nombre de partenaires ; arcs : liens.",
        "Points: organisations (at their coordinates, else in their commune), sized by "
        "partners; arcs: links.",
    ),
    "ecomap_title": ("Écocarte d'une situation", "Case eco-map"),
    "situation": ("Situation", "Case"),
    "missing_link": (
        "lien manquant entre organisations qui interviennent ensemble",
        "missing link between organisations intervening together",
    ),
    "existing_link": ("lien existant", "existing link"),
    "concurrent_mark": (
        "intervention concurrente (même domaine, mêmes dates)",
        "concurrent intervention (same field, same dates)",
    ),
    "intervenes": ("intervient dans la situation", "intervenes in the case"),
    "interventions_heading": ("Interventions", "Interventions"),
    "referent_mark": ("★ référent déclaré", "★ declared referent"),
    "ended_mark": ("intervention terminée (en gris)", "intervention ended (grey)"),
    "report_title": (
        "Diagnostic partagé du réseau partenarial",
        "Shared diagnosis of the partnership network",
    ),
    "report_subtitle": ("Établi le {date} à partir de {files}", "Produced on {date} from {files}"),
    "in_brief": ("En bref", "At a glance"),
    "territories_examined": ("territoires examinés", "territories examined"),
    "coverage_section": ("Couverture du territoire", "Coverage of the territory"),
    "coverage_intro": (
        "Chaque case croise un territoire et un domaine : elle compte les "
        "organisations qui y interviennent. Rouge : personne (zone blanche). "
        "Orange : une seule organisation (point de fragilité). Bleu : deux ou "
        "plus, plus foncé quand elles sont plus nombreuses.",
        "Each cell crosses a territory and a field and counts the organisations "
        "serving it. Red: nobody (gap). Orange: a single organisation (thin "
        "cell). Blue: two or more, darker when more.",
    ),
    "heatmap_cut": (
        "Les {shown} territoires les plus peuplés sur {total} sont montrés ; "
        "les tableaux CSV les donnent tous.",
        "The {shown} most populated of "
        "{total} territories are shown; the CSV tables hold them all.",
    ),
    "top_gaps": ("Zones blanches les plus peuplées", "Most populated gaps"),
    "structure_section": ("Structure du réseau", "Network structure"),
    "communities_members": ("Communautés de travail (Leiden)", "Working communities (Leiden)"),
    "members": ("Membres", "Members"),
    "cases_section": ("Parcours des personnes accompagnées", "Support of the people followed"),
    "cases_intro": (
        "Données anonymisées : seuls des agrégats figurent ici, et tout effectif "
        "inférieur à {threshold} est affiché « < {threshold} ».",
        "Anonymised data: only aggregates appear here, and any count below "
        "{threshold} is shown as “< {threshold}”.",
    ),
    "case_sizes": ("Organisations par situation", "Organisations per case"),
    "number_of_cases": ("Nombre de situations", "Number of cases"),
    "cases_per_org": ("situations", "cases"),
    "quality_section": ("Qualité des données", "Data quality"),
    "stale_entries": (
        "Fiches non mises à jour depuis plus de deux ans",
        "Entries not updated for more than two years",
    ),
    "warnings": ("Avertissements de la validation", "Validation warnings"),
    "code": ("Code", "Code"),
    "count": ("Nombre", "Count"),
    "finding": ("Constat", "Finding"),
    "examples": ("Exemples", "Examples"),
    "no_problem": ("Aucun avertissement.", "No warning."),
    "map_section": ("Carte interactive", "Interactive map"),
    "map_intro": (
        "Survoler une organisation affiche sa fiche ; la recherche et les filtres "
        "sont à gauche. La carte s'ouvre aussi seule : partenariat map.",
        "Hover an organisation to see its card; search and filters are on the "
        "left. The map also opens on its own: partenariat map.",
    ),
    "geo_intro": (
        "La carte géographique colore chaque commune selon le nombre d'organisations qui "
        "la servent dans le domaine choisi (sélecteur en haut à gauche) ; les organisations "
        "y sont placées à leur adresse ou dans leur commune.",
        "The geographic map shades each commune by the number of organisations serving it in "
        "the chosen field (selector at the top left); organisations are placed at their "
        "address or in their commune.",
    ),
    "map_network": ("Carte du réseau", "Network map"),
    "geo_too_large": (
        "La carte géographique n'est pas jointe au-delà de {n} communes\u00a0; elle peut "
        "être dessinée à part.",
        "The geographic map is not embedded above {n} communes; it can be drawn on its own.",
    ),
    "method_section": ("Méthode", "Method"),
    "fingerprint": ("Empreinte des fichiers (SHA-256)", "Fingerprint of the files (SHA-256)"),
    "file": ("Fichier", "File"),
    "generated_by": (
        "Produit par partenariat {version}, niveau de territoire « {level} ».",
        "Produced by partenariat {version}, territory level “{level}”.",
    ),
    "value": ("Valeur", "Value"),
    "figure": ("Indicateur", "Figure"),
    "definition": ("Définition", "Definition"),
    "contents": ("Sommaire", "Contents"),
    "aggregated_note": (
        "Grand réseau : chaque nœud regroupe des organisations ({by}) ; la "
        "carte complète s'obtient avec --aggregate none.",
        "Large network: each node groups organisations ({by}); the full map "
        "is drawn with --aggregate none.",
    ),
    "by_community": ("par communauté", "by community"),
    "by_territory": ("par département", "by département"),
    "group": ("Groupe", "Group"),
    "group_size": ("Taille : nombre d'organisations", "Size: number of organisations"),
    "group_links": (
        "Épaisseur : nombre de liens entre groupes",
        "Width: number of links between groups",
    ),
    "small_groups": (
        "Petits groupes et organisations sans lien",
        "Small groups and organisations without a link",
    ),
    "community_n": ("Communauté {n}", "Community {n}"),
    "main_types": ("Types principaux", "Main types"),
    "main_fields": ("Domaines principaux", "Main fields"),
    "some_members": ("Par exemple", "For instance"),
    "partial": ("partiel", "partial"),
    "sampled": ("estimée par échantillon", "sampled estimate"),
    "exact": ("exacte", "exact"),
    "unlisted": (
        "Domaines hors de la liste de référence (non examinés)",
        "Fields outside the reference list (not examined)",
    ),
}


def counted(count: int, one: str, many: str, lang: Lang = "fr") -> str:
    """``count`` and the word in the right number: French singular below 2, English for 1.

    >>> counted(1, "link_one", "links"), counted(0, "link_one", "links"), counted(2, "link_one",
    ...                                                                            "links", "en")
    ('1 lien', '0 lien', '2 links')
    """
    number = f"{count:,}".replace(",", "\u202f" if lang == "fr" else ",")
    return f"{number} {t(one if singular(count, lang) else many, lang)}"


def singular(count: int, lang: Lang) -> bool:
    """Whether ``count`` takes the singular: 0 and 1 in French, only 1 in English.

    >>> singular(0, "fr"), singular(0, "en")
    (True, False)
    """
    return count < 2 if lang == "fr" else count == 1


def t(key: str, lang: Lang = "fr", **values: object) -> str:
    """The message ``key`` in ``lang``, formatted with ``values``.

    ``{n|one|many}`` in a message is the word agreeing with the value ``n`` (French puts 0
    and 1 in the singular, English only 1; a masked count such as ``< 5`` is plural), and
    French messages get French typography (see :func:`french_typography`).

    >>> t("fragmented_cases", "fr", n=1, total=30, share="3 %")
    '1 situation sur 30 fragmentée (3 %)'
    >>> t("fragmented_cases", "en", n=13, total=30, share="43 %")
    '13 of 30 cases fragmented (43 %)'
    """
    return said(MESSAGES[key], lang, **values)


def said(message: tuple[str, str], lang: Lang = "fr", **values: object) -> str:
    """A message given as ``(French, English)``, in ``lang``: what :func:`t` does for the
    messages of :data:`MESSAGES` (plurals, French typography, values), for the word lists
    of other modules.

    >>> said(("{n} {n|lien créé|liens créés} : voir", "{n} {n|link|links} created"), n=1)
    '1 lien créé\xa0: voir'
    """
    text = _template(message, lang)
    if "|" in text:
        text = _PLURAL.sub(lambda m: _agree(m, values, lang), text)
    return text.format(**values) if values else text


@cache
def _template(message: tuple[str, str], lang: Lang) -> str:
    french, english = message
    return french_typography(french) if lang == "fr" else english


_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def _agree(match: re.Match[str], values: dict[str, object], lang: Lang) -> str:
    count = values.get(match.group(1))
    if isinstance(count, bool) or not isinstance(count, int):
        return match.group(3)
    return match.group(2) if singular(count, lang) else match.group(3)


def french_typography(text: str) -> str:
    """No-break spaces where French typography wants them: before ``: ; ! ?`` and inside
    « ».

    >>> french_typography("Territoire : « CCAS » ; bien ?") == (
    ...     "Territoire\u00a0: «\u00a0CCAS\u00a0»\u00a0; bien\u00a0?")
    True
    """
    for plain, fixed in _FRENCH_SPACES:
        text = text.replace(plain, fixed)
    return text


_FRENCH_SPACES = (
    (" :", "\u00a0:"),
    (" ;", "\u00a0;"),
    (" !", "\u00a0!"),
    (" ?", "\u00a0?"),
    ("« ", "«\u00a0"),
    (" »", "\u00a0»"),
)


def fq(value: object) -> str:
    """``value`` between French quotation marks, with the no-break spaces inside.

    >>> fq("CCAS")
    '«\xa0CCAS\xa0»'
    """
    return f"«\u00a0{value}\u00a0»"


def colon(lang: Lang) -> str:
    """A colon as each language writes it: French puts a (non-breaking) space before.

    >>> colon("fr"), colon("en")
    ('\xa0:', ':')
    """
    return "\u00a0:" if lang == "fr" else ":"


def more(total: int, shown: int, lang: Lang) -> list[str]:
    """The line saying how many rows a cut table leaves out (none when nothing is left out).

    >>> more(12, 10, "en"), more(3, 10, "en")
    (['… and 2 more (--limit to see more)'], [])
    """
    return [t("more", lang, count=total - shown)] if total > shown else []


def date_text(day: dt.date, lang: Lang) -> str:
    """A date as each language writes it.

    >>> date_text(dt.date(2026, 2, 13), "fr"), date_text(dt.date(2026, 2, 13), "en")
    ('13/02/2026', '2026-02-13')
    """
    return day.strftime("%d/%m/%Y") if lang == "fr" else day.isoformat()
