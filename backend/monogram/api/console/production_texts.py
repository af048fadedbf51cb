"""What the console's production pages say, in English and French."""

from monogram.api.workshop.texts import FLAGS

TEXTS = {
    "en": {
        "nav_jobs": "Production",
        "jobs_title": "Production jobs",
        "jobs_intro": "Every job of your account, the most recently changed first.",
        "filter": "Filter",
        "status": "Status",
        "any_status": "Any status",
        "schedule": "Schedule",
        "any_schedule": "Any",
        "apply": "Show",
        "clear": "Clear the filter",
        "jobs_none": "No job matches. Jobs appear here as orders with a design arrive.",
        "job": "Job",
        "order_line": "Order / line",
        "product": "Product",
        "quantity": "Quantity",
        "workshop": "Workshop",
        "no_workshop": "Not dispatched yet",
        "due": "Due",
        "no_due": "No due date",
        "page": "Page {number}",
        "previous": "Previous page",
        "next": "Next page",
        "job_title": "Job {id}",
        "back_jobs": "All production jobs",
        "order": "Order",
        "line": "Line",
        "version": "Design version",
        "attempts": "Render attempts",
        "reason": "Why it stopped",
        "no_reason": "No reason recorded; contact support with the job id.",
        "preflight_title": "Preflight",
        "preflight_none": "No preflight issue.",
        "preflight_waiting": "The preflight runs when the job is rendered.",
        "severity": "Severity",
        "area": "Print area",
        "issue": "Issue",
        "severities": {"error": "Blocks printing", "warning": "Warning"},
        "files_title": "Print files",
        "files_waiting": "The print files can be downloaded once the job is ready.",
        "download": "Download",
        "bytes": "{size} KB",
        "files_not_ready_title": "Files not ready",
        "files_not_ready": "This job’s print files can be downloaded once it is ready. Open the "
        "job to see where it stands.",
        "events_title": "History",
        "events_none": "No change recorded.",
        "when": "When",
        "who": "Who",
        "change": "Change",
        "note": "Note",
        "actions": "Actions",
        "retry": "Retry",
        "retry_help": "Render the job again from the same design version. If it fails again, "
        "contact support with the job id.",
        "retry_not_failed": "Only a failed job can be retried; this one is no longer failed. "
        "Reload the page to see where it stands.",
        "job_retried": "The job is queued to render again; its history shows how it goes.",
        "bundle": "Download the bundle",
        "bundle_help": "One zip with every file of the job, as the workshop gets it.",
        "render_again": "Render again",
        "render_again_help": "Make the print files again from the same design version, for "
        "instance after a font or picture was replaced. The job is ready again once done.",
        "render_not_done": "Only a ready or failed job can be rendered again; this one is not. "
        "Reload the page to see where it stands.",
        "job_rendering_again": "The job is queued to render again; it is ready again once its "
        "files are made.",
    },
    "fr": {
        "nav_jobs": "Production",
        "jobs_title": "Travaux de production",
        "jobs_intro": "Tous les travaux de votre compte, les plus récemment modifiés en premier.",
        "filter": "Filtrer",
        "status": "Statut",
        "any_status": "Tous les statuts",
        "schedule": "Délai",
        "any_schedule": "Tous",
        "apply": "Afficher",
        "clear": "Retirer le filtre",
        "jobs_none": "Aucun travail ne correspond. Les travaux apparaissent ici à l’arrivée des "
        "commandes personnalisées.",
        "job": "Travail",
        "order_line": "Commande / ligne",
        "product": "Produit",
        "quantity": "Quantité",
        "workshop": "Atelier",
        "no_workshop": "Pas encore attribué",
        "due": "À expédier le",
        "no_due": "Pas de date",
        "page": "Page {number}",
        "previous": "Page précédente",
        "next": "Page suivante",
        "job_title": "Travail {id}",
        "back_jobs": "Tous les travaux de production",
        "order": "Commande",
        "line": "Ligne",
        "version": "Version du design",
        "attempts": "Tentatives de rendu",
        "reason": "Pourquoi il s’est arrêté",
        "no_reason": "Aucune raison enregistrée ; contactez le support avec l’identifiant du "
        "travail.",
        "preflight_title": "Contrôle avant impression",
        "preflight_none": "Aucun problème relevé.",
        "preflight_waiting": "Le contrôle a lieu au rendu du travail.",
        "severity": "Gravité",
        "area": "Zone d’impression",
        "issue": "Problème",
        "severities": {"error": "Bloque l’impression", "warning": "Avertissement"},
        "files_title": "Fichiers d’impression",
        "files_waiting": "Les fichiers d’impression se téléchargent une fois le travail prêt.",
        "download": "Télécharger",
        "bytes": "{size} Ko",
        "files_not_ready_title": "Fichiers pas encore prêts",
        "files_not_ready": "Les fichiers de ce travail se téléchargent une fois qu’il est prêt. "
        "Ouvrez le travail pour voir où il en est.",
        "events_title": "Historique",
        "events_none": "Aucun changement enregistré.",
        "when": "Quand",
        "who": "Qui",
        "change": "Changement",
        "note": "Note",
        "actions": "Actions",
        "retry": "Relancer",
        "retry_help": "Refaire le rendu à partir de la même version du design. S’il échoue "
        "encore, contactez le support avec l’identifiant du travail.",
        "retry_not_failed": "Seul un travail en échec peut être relancé ; celui-ci ne l’est plus. "
        "Rechargez la page pour voir où il en est.",
        "job_retried": "Le travail est de nouveau en file pour le rendu ; son historique montre "
        "la suite.",
        "bundle": "Télécharger le dossier de production",
        "bundle_help": "Un zip avec tous les fichiers du travail, tel que l’atelier le reçoit.",
        "render_again": "Refaire le rendu",
        "render_again_help": "Refaire les fichiers d’impression à partir de la même version du "
        "design, par exemple après le remplacement d’une police ou d’une image. Le travail "
        "redevient prêt une fois le rendu fait.",
        "render_not_done": "Seul un travail prêt ou en échec peut être rendu de nouveau ; ce "
        "n’est pas le cas de celui-ci. Rechargez la page pour voir où il en est.",
        "job_rendering_again": "Le travail est de nouveau en file pour le rendu ; il redevient "
        "prêt une fois ses fichiers faits.",
    },
}


def flag_label(flag, lang):
    return FLAGS[lang].get(flag, flag) if flag else ""


# The batch forms: a new batch, its column mapping, render and cancel.
BATCH_TEXTS = {
    "en": {
        "batches_none": "No batch yet. Start one with the form above.",
        "new_batch": "New batch",
        "new_batch_intro": "A batch prints a template once per row of a spreadsheet: the "
        "first row names the columns, each field of the template takes a column.",
        "template": "Template",
        "choose_template": "Choose a template",
        "no_templates": "There is no template yet: a designer makes one under Templates first.",
        "data_file": "Data file (CSV or Excel)",
        "data_file_help": "CSV (comma, semicolon or tab) or XLSX; the first row names the columns.",
        "batch_name": "Name (optional)",
        "batch_name_help": "Shown in the list; the file's name when left empty.",
        "quantity": "Copies of every record",
        "quantity_column": "Column with the number of copies (optional)",
        "quantity_column_help": "Its name as in the first row; it replaces the number above.",
        "zip": "Also make one PDF per record (zip)",
        "zip_name_column": "Column naming each PDF in the zip (optional)",
        "create": "Upload and check",
        "template_missing": "Choose the template the batch fills.",
        "file_missing": "Choose the data file to upload.",
        "quantity_bad": "The number of copies is a whole number from 1 to 100,000.",
        "refused": "The file could not be used: {detail}",
        "too_large": "The file is too large; split it into several batches.",
        "template_closed": "This template is archived; restore it or choose another.",
        "mapping_title": "Columns of the file",
        "mapping_intro": "Each field of the template takes the column chosen here. Change a "
        "choice, or send a corrected file, and the records are checked again.",
        "mapping_field": "Field “{field}”",
        "no_column": "No column (keep the template’s)",
        "fixed_file": "Corrected data file (optional)",
        "fixed_file_help": "Leave empty to check the same file again with these columns.",
        "check_again": "Check again",
        "render_title": "Render",
        "render_ready": "Every record can be printed. Rendering makes one print file.",
        "render_has_errors": "{count} record(s) have errors. Fix the file and send it again "
        "below, or tick the box to render without them.",
        "skip_invalid": "Leave out the {count} record(s) with errors",
        "render": "Render",
        "render_refused": "{count} record(s) have errors: tick “Leave out the records with "
        "errors”, or fix the file and send it again.",
        "render_not_now": "This batch cannot be rendered now: {status}. Reload the page to see "
        "where it stands.",
        "nothing_left": "Every record has errors: there is nothing to render. Fix the file and "
        "send it again.",
        "cancel_title": "Stop this batch",
        "cancel_help": "The batch is not rendered. One that is rendering stops after the records "
        "it is on, and its files are not made.",
        "cancel": "Cancel the batch",
        "cancel_refused": "This batch is already {status}; there is nothing to cancel.",
        "changes_refused": "This batch is {status}; start a new batch for new data.",
        "done": {
            "created": "The batch is created: its records are being checked.",
            "checked": "The records are being checked again with these columns.",
            "rendering": "The batch is rendering; the progress bar shows how it goes.",
            "cancelled": "The batch is cancelled.",
        },
    },
    "fr": {
        "batches_none": "Aucun lot. Commencez-en un avec le formulaire ci-dessus.",
        "new_batch": "Nouveau lot",
        "new_batch_intro": "Un lot imprime un modèle une fois par ligne d’un tableur : la "
        "première ligne nomme les colonnes, chaque champ du modèle prend une colonne.",
        "template": "Modèle",
        "choose_template": "Choisissez un modèle",
        "no_templates": "Aucun modèle pour l’instant : un designer en crée un d’abord dans "
        "Modèles.",
        "data_file": "Fichier de données (CSV ou Excel)",
        "data_file_help": "CSV (virgule, point-virgule ou tabulation) ou XLSX ; la première "
        "ligne nomme les colonnes.",
        "batch_name": "Nom (facultatif)",
        "batch_name_help": "Affiché dans la liste ; le nom du fichier s’il est vide.",
        "quantity": "Exemplaires de chaque ligne",
        "quantity_column": "Colonne du nombre d’exemplaires (facultatif)",
        "quantity_column_help": "Son nom tel qu’en première ligne ; elle remplace le nombre "
        "ci-dessus.",
        "zip": "Faire aussi un PDF par ligne (zip)",
        "zip_name_column": "Colonne qui nomme chaque PDF du zip (facultatif)",
        "create": "Envoyer et vérifier",
        "template_missing": "Choisissez le modèle que le lot remplit.",
        "file_missing": "Choisissez le fichier de données à envoyer.",
        "quantity_bad": "Le nombre d’exemplaires est un nombre entier de 1 à 100 000.",
        "refused": "Le fichier n’a pas pu être utilisé : {detail}",
        "too_large": "Le fichier est trop volumineux ; répartissez-le en plusieurs lots.",
        "template_closed": "Ce modèle est archivé ; restaurez-le ou choisissez-en un autre.",
        "mapping_title": "Colonnes du fichier",
        "mapping_intro": "Chaque champ du modèle prend la colonne choisie ici. Changez un choix, "
        "ou envoyez un fichier corrigé, et les lignes sont vérifiées de nouveau.",
        "mapping_field": "Champ « {field} »",
        "no_column": "Aucune colonne (garder celui du modèle)",
        "fixed_file": "Fichier de données corrigé (facultatif)",
        "fixed_file_help": "Laissez vide pour vérifier le même fichier avec ces colonnes.",
        "check_again": "Vérifier de nouveau",
        "render_title": "Rendu",
        "render_ready": "Toutes les lignes peuvent être imprimées. Le rendu fait un fichier "
        "d’impression.",
        "render_has_errors": "{count} ligne(s) ont des erreurs. Corrigez le fichier et "
        "renvoyez-le ci-dessous, ou cochez la case pour faire le rendu sans elles.",
        "skip_invalid": "Laisser de côté les {count} ligne(s) en erreur",
        "render": "Lancer le rendu",
        "render_refused": "{count} ligne(s) ont des erreurs : cochez « Laisser de côté les "
        "lignes en erreur », ou corrigez le fichier et renvoyez-le.",
        "render_not_now": "Ce lot ne peut pas être rendu maintenant : {status}. Rechargez la page "
        "pour voir où il en est.",
        "nothing_left": "Toutes les lignes ont des erreurs : il n’y a rien à rendre. Corrigez le "
        "fichier et renvoyez-le.",
        "cancel_title": "Arrêter ce lot",
        "cancel_help": "Le lot n’est pas rendu. S’il est en cours de rendu, il s’arrête après "
        "les lignes en cours, et ses fichiers ne sont pas faits.",
        "cancel": "Annuler le lot",
        "cancel_refused": "Ce lot est déjà {status} ; il n’y a rien à annuler.",
        "changes_refused": "Ce lot est {status} ; commencez un nouveau lot pour de nouvelles "
        "données.",
        "done": {
            "created": "Le lot est créé : ses lignes sont en cours de vérification.",
            "checked": "Les lignes sont vérifiées de nouveau avec ces colonnes.",
            "rendering": "Le rendu du lot est lancé ; la barre de progression montre la suite.",
            "cancelled": "Le lot est annulé.",
        },
    },
}
