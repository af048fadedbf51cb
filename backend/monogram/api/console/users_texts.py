"""What the console's users page says, in English and French."""

USER_TEXTS = {
    "en": {
        "users_title": "Users",
        "users_intro": "The people who sign in to this console. Owners can do everything, "
        "including users and keys; designers look after products, templates, fonts, media and "
        "prices; operators after orders, proofs, jobs, workshops and quotes.",
        "email": "E-mail",
        "role": "Role",
        "last_sign_in": "Last sign-in",
        "never": "Never",
        "state": "State",
        "active": "Active",
        "invited": "Invited: has not chosen a password yet",
        "locked": "Locked until {date} (too many wrong passwords)",
        "disabled": "Disabled",
        "you": "(you)",
        "role_of": "Role of {email}",
        "change_role": "Change the role",
        "change_role_of": "Change the role of {email}",
        "remove": "Remove",
        "remove_of": "Remove {email}",
        "add_user": "Add a user",
        "add_user_hint": "They receive an e-mail with a link to choose their password; the link "
        "works once, for {days} days.",
        "add_button": "Add the user",
        "bad_email": "Type the person’s e-mail address, for example anne@example.fr.",
        "bad_role": "Choose a role: owner, designer or operator.",
        "email_taken": "{email} already has a console account. Each e-mail signs in to one "
        "account only.",
        "last_owner": "The account needs at least one owner: make someone else owner before "
        "you change or remove this one.",
        # Notices after a change
        "user_added": "The user is added: an e-mail with a link to choose a password is on its "
        "way.",
        "role_changed": "The role is changed; it applies from their next page.",
        "user_removed": "The user is removed: they can no longer sign in.",
    },
    "fr": {
        "users_title": "Utilisateurs",
        "users_intro": "Les personnes qui se connectent à cette console. Les propriétaires "
        "peuvent tout faire, y compris gérer les utilisateurs et les clés ; les graphistes "
        "s’occupent des produits, modèles, polices, médias et prix ; les opérateurs des "
        "commandes, BAT, travaux, ateliers et devis.",
        "email": "E-mail",
        "role": "Rôle",
        "last_sign_in": "Dernière connexion",
        "never": "Jamais",
        "state": "État",
        "active": "Actif",
        "invited": "Invité : n’a pas encore choisi de mot de passe",
        "locked": "Bloqué jusqu’au {date} (trop de mots de passe erronés)",
        "disabled": "Désactivé",
        "you": "(vous)",
        "role_of": "Rôle de {email}",
        "change_role": "Changer le rôle",
        "change_role_of": "Changer le rôle de {email}",
        "remove": "Retirer",
        "remove_of": "Retirer {email}",
        "add_user": "Ajouter un utilisateur",
        "add_user_hint": "La personne reçoit un e-mail avec un lien pour choisir son mot de "
        "passe ; le lien sert une fois, pendant {days} jours.",
        "add_button": "Ajouter l’utilisateur",
        "bad_email": "Tapez l’adresse e-mail de la personne, par exemple anne@example.fr.",
        "bad_role": "Choisissez un rôle : propriétaire, graphiste ou opérateur.",
        "email_taken": "{email} a déjà un compte console. Chaque e-mail ne se connecte qu’à un "
        "seul compte.",
        "last_owner": "Le compte doit garder au moins un propriétaire : nommez quelqu’un d’autre "
        "propriétaire avant de changer ou de retirer celui-ci.",
        "user_added": "L’utilisateur est ajouté : un e-mail avec un lien pour choisir son mot de "
        "passe est en route.",
        "role_changed": "Le rôle est changé ; il s’applique dès sa prochaine page.",
        "user_removed": "L’utilisateur est retiré : il ne peut plus se connecter.",
    },
}
