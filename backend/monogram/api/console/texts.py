"""What the merchant console says, in English and French."""

from monogram.api.workshop.texts import STATUSES as JOB_STATUSES

LOCALES = ("en", "fr")

TEXTS = {
    "en": {
        "console": "Monogram console",
        "language": "Language",
        "skip": "Skip to content",
        "menu": "Console",
        "signed_in_as": "{email} · {role}",
        "sign_out": "Sign out",
        "nav_dashboard": "Dashboard",
        "nav_batches": "Batches",
        "nav_keys": "API keys",
        # Sign-in
        "signin_title": "Sign in to the console",
        "email": "E-mail",
        "password": "Password",
        "signin_button": "Sign in",
        "forgot": "Forgotten your password?",
        "bad_credentials": "Wrong e-mail or password.",
        "locked": "Too many wrong passwords: sign-in is locked for {minutes} minutes. "
        "Wait, or choose a new password through “Forgotten your password?”.",
        "signed_out": "You are signed out.",
        "stale_title": "This page was out of date",
        "stale": "This page was out of date, so nothing was changed. Reload the page and try "
        "again.",
        "reload": "Reload the page",
        # Password reset
        "reset_request_title": "Choose a new password",
        "reset_request_intro": "Enter the e-mail you sign in with; we send you a link to choose "
        "a new password. The link works once, for one hour.",
        "send_link": "Send me the link",
        "reset_sent": "If this e-mail has a console account, a link to choose a new password is "
        "on its way. Look in your inbox (and spam folder).",
        "reset_title": "Choose a new password",
        "reset_intro": "For {email}.",
        "new_password": "New password",
        "confirm_password": "The same password again",
        "password_hint": "At least {length} characters.",
        "set_password": "Save and sign in",
        "mismatch": "The two passwords differ; type the same password twice.",
        "too_short": "Choose a password of at least {length} characters.",
        "password_set": "Your new password is saved; you are signed in.",
        "reset_gone_title": "Link not valid",
        "reset_gone": "This link has expired or was already used. Ask for a new one.",
        "ask_again": "Ask for a new link",
        # Roles and errors
        "forbidden_title": "Not for your role",
        "forbidden": "Only these roles can open this page: {roles}. You are signed in as "
        "{role}; ask an owner of your account if you need it.",
        "not_found_title": "Not found",
        "not_found": "There is no such page or record in your account.",
        "back_dashboard": "Back to the dashboard",
        # Dashboard
        "dashboard_title": "Dashboard",
        "today": "Today",
        "orders_today": "Orders received today",
        "jobs_today": "Jobs created today",
        "waiting_title": "Orders waiting for proof",
        "waiting_count": "{count} orders waiting for their proof",
        "waiting_none": "No order is waiting for a proof.",
        "order": "Order",
        "received": "Received",
        "jobs": "Jobs",
        "jobs_title": "Jobs by state",
        "jobs_none": "No job yet.",
        "state": "State",
        "count": "Count",
        "failed_title": "Failed jobs",
        "failed_count": "{count} failed jobs",
        "failed_none": "No job has failed.",
        "job": "Job",
        "reason": "Reason",
        "no_reason": "No reason recorded.",
        "more_rows": "The first {shown} are listed.",
        # Keys
        "keys_title": "API keys",
        "keys_intro": "Secret keys (sk_…) are for servers and connectors: keep them private. "
        "Publishable keys (pk_…) go in a store’s pages to load the editor.",
        "account_keys": "Whole account",
        "store_keys": "Store {store}",
        "key_prefix": "Key",
        "kind": "Kind",
        "label": "Label",
        "created": "Created",
        "key_state": "State",
        "active": "Active",
        "revoked_on": "Revoked on {date}",
        "revoke": "Revoke",
        "no_keys": "No key.",
        "kinds": {"secret": "Secret", "publishable": "Publishable"},
        "create_key": "Create a key",
        "store": "Store",
        "no_store": "Whole account (secret keys only)",
        "create_button": "Create the key",
        "new_key_title": "Your new key",
        "new_key": "Copy it now: it is shown only once, and cannot be found again.",
        "key_needs_store": "A publishable key belongs to a store: choose the store it is for.",
        "key_revoked": "The key is revoked: requests made with it are refused from now on.",
        # Batches
        "batches_title": "Batches",
        "batches_none": "No batch yet. Batches are created through the API for now.",
        "name": "Name",
        "status": "Status",
        "records": "Records",
        "progress": "Progress",
        "batch_title": "Batch {name}",
        "back_batches": "All batches",
        "data_file": "Data file",
        "summary": "Validation",
        "summary_text": "{records} records: {valid} valid, {invalid} with errors, "
        "{warnings} warnings.",
        "progress_count": "{done} / {total}",
        "rate": "{rate} records per second",
        "time_left": "about {left} left",
        "report_title": "Validation report",
        "report_shown": "The first {shown} of {total} issues.",
        "report_none": "No issue: every record can be printed.",
        "row": "Row",
        "field": "Field",
        "severity": "Severity",
        "issue": "Issue",
        "severities": {"error": "Error", "warning": "Warning"},
        "downloads": "Files",
        "download": "Download {name}",
        "batch_reason": "Why it stopped: {reason}",
    },
    "fr": {
        "console": "Console Monogram",
        "language": "Langue",
        "skip": "Aller au contenu",
        "menu": "Console",
        "signed_in_as": "{email} · {role}",
        "sign_out": "Se déconnecter",
        "nav_dashboard": "Tableau de bord",
        "nav_batches": "Lots",
        "nav_keys": "Clés d’API",
        "signin_title": "Connexion à la console",
        "email": "E-mail",
        "password": "Mot de passe",
        "signin_button": "Se connecter",
        "forgot": "Mot de passe oublié ?",
        "bad_credentials": "E-mail ou mot de passe incorrect.",
        "locked": "Trop de mots de passe erronés : la connexion est bloquée pendant {minutes} "
        "minutes. Patientez, ou choisissez un nouveau mot de passe avec « Mot de passe oublié ? ».",
        "signed_out": "Vous êtes déconnecté.",
        "stale_title": "Cette page n’était plus à jour",
        "stale": "Cette page n’était plus à jour : rien n’a été modifié. Rechargez la page et "
        "recommencez.",
        "reload": "Recharger la page",
        "reset_request_title": "Choisir un nouveau mot de passe",
        "reset_request_intro": "Saisissez l’e-mail avec lequel vous vous connectez ; nous vous "
        "envoyons un lien pour choisir un nouveau mot de passe. Le lien sert une fois, pendant "
        "une heure.",
        "send_link": "M’envoyer le lien",
        "reset_sent": "Si cet e-mail a un compte console, un lien pour choisir un nouveau mot de "
        "passe est en route. Regardez dans votre boîte de réception (et les indésirables).",
        "reset_title": "Choisir un nouveau mot de passe",
        "reset_intro": "Pour {email}.",
        "new_password": "Nouveau mot de passe",
        "confirm_password": "Le même mot de passe",
        "password_hint": "Au moins {length} caractères.",
        "set_password": "Enregistrer et se connecter",
        "mismatch": "Les deux mots de passe sont différents ; tapez deux fois le même.",
        "too_short": "Choisissez un mot de passe d’au moins {length} caractères.",
        "password_set": "Votre nouveau mot de passe est enregistré ; vous êtes connecté.",
        "reset_gone_title": "Lien non valide",
        "reset_gone": "Ce lien a expiré ou a déjà servi. Demandez-en un nouveau.",
        "ask_again": "Demander un nouveau lien",
        "forbidden_title": "Pas pour votre rôle",
        "forbidden": "Seuls ces rôles peuvent ouvrir cette page : {roles}. Vous êtes connecté en "
        "tant que {role} ; demandez à un propriétaire du compte si vous en avez besoin.",
        "not_found_title": "Introuvable",
        "not_found": "Cette page ou cet élément n’existe pas dans votre compte.",
        "back_dashboard": "Retour au tableau de bord",
        "dashboard_title": "Tableau de bord",
        "today": "Aujourd’hui",
        "orders_today": "Commandes reçues aujourd’hui",
        "jobs_today": "Travaux créés aujourd’hui",
        "waiting_title": "Commandes en attente de BAT",
        "waiting_count": "{count} commandes attendent leur BAT",
        "waiting_none": "Aucune commande n’attend de BAT.",
        "order": "Commande",
        "received": "Reçue",
        "jobs": "Travaux",
        "jobs_title": "Travaux par état",
        "jobs_none": "Aucun travail pour l’instant.",
        "state": "État",
        "count": "Nombre",
        "failed_title": "Travaux en échec",
        "failed_count": "{count} travaux en échec",
        "failed_none": "Aucun travail en échec.",
        "job": "Travail",
        "reason": "Raison",
        "no_reason": "Aucune raison enregistrée.",
        "more_rows": "Les {shown} premiers sont listés.",
        "keys_title": "Clés d’API",
        "keys_intro": "Les clés secrètes (sk_…) servent aux serveurs et connecteurs : gardez-les "
        "privées. Les clés publiables (pk_…) vont dans les pages d’une boutique pour charger "
        "l’éditeur.",
        "account_keys": "Tout le compte",
        "store_keys": "Boutique {store}",
        "key_prefix": "Clé",
        "kind": "Type",
        "label": "Libellé",
        "created": "Créée",
        "key_state": "État",
        "active": "Active",
        "revoked_on": "Révoquée le {date}",
        "revoke": "Révoquer",
        "no_keys": "Aucune clé.",
        "kinds": {"secret": "Secrète", "publishable": "Publiable"},
        "create_key": "Créer une clé",
        "store": "Boutique",
        "no_store": "Tout le compte (clés secrètes seulement)",
        "create_button": "Créer la clé",
        "new_key_title": "Votre nouvelle clé",
        "new_key": "Copiez-la maintenant : elle n’est affichée qu’une fois et ne peut pas être "
        "retrouvée.",
        "key_needs_store": "Une clé publiable appartient à une boutique : choisissez laquelle.",
        "key_revoked": "La clé est révoquée : les requêtes faites avec elle sont refusées "
        "désormais.",
        "batches_title": "Lots",
        "batches_none": "Aucun lot. Pour l’instant, les lots se créent par l’API.",
        "name": "Nom",
        "status": "Statut",
        "records": "Enregistrements",
        "progress": "Avancement",
        "batch_title": "Lot {name}",
        "back_batches": "Tous les lots",
        "data_file": "Fichier de données",
        "summary": "Validation",
        "summary_text": "{records} enregistrements : {valid} valides, {invalid} en erreur, "
        "{warnings} avertissements.",
        "progress_count": "{done} / {total}",
        "rate": "{rate} enregistrements par seconde",
        "time_left": "encore {left} environ",
        "report_title": "Rapport de validation",
        "report_shown": "Les {shown} premiers des {total} problèmes.",
        "report_none": "Aucun problème : chaque enregistrement peut être imprimé.",
        "row": "Ligne",
        "field": "Champ",
        "severity": "Gravité",
        "issue": "Problème",
        "severities": {"error": "Erreur", "warning": "Avertissement"},
        "downloads": "Fichiers",
        "download": "Télécharger {name}",
        "batch_reason": "Pourquoi il s’est arrêté : {reason}",
    },
}

ROLES = {
    "en": {"owner": "Owner", "designer": "Designer", "operator": "Operator"},
    "fr": {"owner": "Propriétaire", "designer": "Graphiste", "operator": "Opérateur"},
}

BATCH_STATUSES = {
    "en": {
        "validating": "Validating",
        "validated": "Validated",
        "rendering": "Rendering",
        "ready": "Ready",
        "failed": "Failed",
        "cancelled": "Cancelled",
    },
    "fr": {
        "validating": "Validation en cours",
        "validated": "Validé",
        "rendering": "Fichiers en cours",
        "ready": "Prêt",
        "failed": "Échec",
        "cancelled": "Annulé",
    },
}


def status_label(status, lang):
    """A job's or a batch's status in words (the two share ready, failed and cancelled)."""
    found = BATCH_STATUSES[lang].get(status) or JOB_STATUSES[lang].get(status)
    return found or status.replace("_", " ")


def duration(seconds):
    """A time left as people say it: "40 s", "3 min", "1 h 05"."""
    seconds = max(int(seconds), 0)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d}"
