"""What the console's stores, connectors and outbound endpoints pages say, in English and French."""

STORE_TEXTS = {
    "en": {
        "stores_title": "Stores",
        "stores_intro": "Each shop front that sells your personalised products is a store: your "
        "main store, and brand stores (a franchise network, a key account).",
        "stores_none": "No store yet. Add one below.",
        "name": "Name",
        "platform": "Platform",
        "domain": "Shop domain",
        "store_role": "Kind of store",
        "added": "Added",
        "platforms": {
            "shopify": "Shopify",
            "prestashop": "PrestaShop",
            "magento": "Magento 2",
            "custom": "Other (through the API)",
        },
        "store_roles": {"main": "Main store", "brand": "Brand store"},
        "add_store": "Add a store",
        "store_name": "Store name",
        "domain_hint": "Without https://, for example boutique.example.fr; for Shopify, the "
        "name.myshopify.com address.",
        "add_store_button": "Add the store",
        "endpoints_link": "Outbound endpoints: where Monogram sends news of your jobs",
        "bad_store": "Check the store: give it a name, choose its platform and kind, and type its "
        "domain without https:// (letters, digits, dots and dashes only).",
        "store_taken": "The shop {domain} ({platform}) is already connected to Monogram. Check "
        "the domain, or open that store.",
        "shopify_domain": "A Shopify store’s domain is its name.myshopify.com address.",
        # Store page
        "store_title": "Store {name}",
        "back_stores": "All stores",
        "currency": "Currency",
        "installed": "Connected",
        "installed_on": "App installed on {date}",
        "uninstalled_on": "App removed on {date}",
        "not_installed": "App not installed yet",
        "new_store_title": "Your store’s publishable key",
        "new_store_key": "The store is added. Here is its publishable key: copy it now, it is "
        "shown only once. You paste it into your shop in the steps below.",
        "values_title": "What you paste into your shop",
        "api_url": "API URL",
        "publishable_key": "Publishable key",
        "publishable_keys": "{prefixes} (the full key was shown once, when it was made)",
        "no_publishable_key": "None yet: create one for this store on the API keys page.",
        "secret_key": "Secret key",
        "secret_key_hint": "Create a secret key on the API keys page; it is shown once. Keep it "
        "out of your shop’s pages.",
        "keys_link": "Open the API keys page",
        "webhook_address": "Webhook address of your shop",
        "events_to_send": "Events to send to it",
        "add_endpoint_link": "Add this endpoint",
        "install_title": "Install the connector",
        "install": {
            "shopify": [
                "Your Monogram provider sets up the Monogram app for Shopify once (its client "
                "ID and secret go on the Monogram server).",
                "Open the app’s install link and choose the shop {domain}. Approve the "
                "permissions Shopify asks for: Monogram recognises the shop by this address.",
                "In the Shopify admin, go to Online Store > Themes > Customize and open the "
                "Products template. Click Add block > Apps > Monogram personaliser, drag it "
                "under the Buy buttons, then click Save.",
                "In the block’s settings, fill in Publishable key and Monogram address with the "
                "publishable key and the API URL above, then click Save.",
                "Place a test order with a personalised product: it appears in the console’s "
                "Orders page within a minute.",
            ],
            "prestashop": [
                "Zip the Monogram module’s monogram folder as monogram.zip.",
                "In the PrestaShop back office, go to Modules > Module Manager > Upload a "
                "module, drop monogram.zip, then click Configure.",
                "Paste the API URL, the publishable key and a secret key into the fields of the "
                "same name.",
                "Choose the editor language and list the personalised products’ IDs (or * for "
                "all of them), then click Save.",
                "Below the form, the module shows its webhook address. Add it as an outbound "
                "endpoint (link above) with the events shown, then paste the endpoint’s signing "
                "secret into “Webhook signing secret” and click Save.",
                "Ask your host to run the module’s retry task every 5 minutes: php "
                "modules/monogram/bin/retry-reports.php (or call the cron address shown on the "
                "module’s page).",
                "Place a test order with a personalised product: it appears in the console’s "
                "Orders page.",
            ],
            "magento": [
                "Copy the module to app/code/Monogram/Personalisation/ in your Magento (or run "
                "composer require monogram/module-personalisation).",
                "Run bin/magento module:enable Monogram_Personalisation, then bin/magento "
                "setup:upgrade and bin/magento cache:flush.",
                "In the admin, open Stores > Configuration > Monogram > Personalisation. Set "
                "Enabled to Yes and paste the API URL, the publishable key and a secret key.",
                "Add the webhook address above as an outbound endpoint with the events shown, "
                "paste its signing secret into “Webhook signing secret”, click Save Config, "
                "then run bin/magento cache:flush.",
                "Place a test order with a personalised product: it appears in the console’s "
                "Orders page.",
            ],
            "custom": [
                "Load the editor on your product pages with the publishable key and the API "
                "URL above.",
                "From your server, send each paid order to the API (POST /v1/orders) with a "
                "secret key, with the design and its token on each personalised line.",
                "To hear about proofs, jobs and shipments, add an outbound endpoint.",
            ],
        },
        "origins_title": "Shop addresses allowed to use the editor",
        "origins_intro": "Pages at https://{domain} may load the editor with this store’s "
        "publishable key. If your shop is also reached at other addresses (your own domain in "
        "front of a myshopify.com shop, a staging shop), add them here, one per line, "
        "for example https://www.boutique.example.fr.",
        "origins_label": "Other addresses (one per line)",
        "origins_save": "Save the addresses",
        "origins_saved": "The addresses are saved: their pages may use the editor now.",
        "origins_wrong": "These are not shop addresses: {origins}. Write each one as "
        "https://name.example.fr, without a path. Nothing was changed.",
        "origins_too_many": "At most 20 addresses. Nothing was changed.",
        "webhook_title": "Webhook secret",
        "webhook_intro": "A secret shared with your shop’s platform, so Monogram can check that "
        "what it receives really comes from your shop.",
        "shopify_webhook_note": "Shopify signs what it sends with the Monogram app’s client "
        "secret, set on the Monogram server: you need this secret only for other connections.",
        "webhook_set": "Set; last changed on {date}.",
        "webhook_unset": "Not set.",
        "rotate_webhook": "Rotate the webhook secret",
        "create_webhook": "Create the webhook secret",
        "rotate_hint": "The old secret stops working at once: paste the new one into your shop’s "
        "settings straight away.",
        "new_secret_title": "Your new secret",
        "new_secret": "Copy it now: it is shown only once, and cannot be found again.",
        # Outbound endpoints
        "endpoints_title": "Outbound endpoints",
        "endpoints_intro": "Monogram posts news (proofs, jobs, shipments, quotes) to these "
        "addresses, signed with each endpoint’s secret.",
        "endpoints_none": "No endpoint yet. Add one below.",
        "url": "Address (URL)",
        "url_hint": "It must start with https://.",
        "events": "Events",
        "state": "State",
        "enabled": "On",
        "disabled": "Off",
        "add_endpoint": "Add an endpoint",
        "add_endpoint_button": "Add the endpoint",
        "bad_url": "Type the endpoint’s address, starting with https:// (http:// works only for "
        "localhost, for tests).",
        "private_url": "The address must be on the public internet, not a private or local "
        "network address.",
        "no_events": "Tick at least one event to send to this endpoint.",
        "long_url": "This address is too long: an endpoint’s address has at most 2,000 characters.",
        "endpoint_title": "Endpoint {url}",
        "back_endpoints": "All endpoints",
        "new_endpoint_secret": "The endpoint is added. Here is its signing secret: copy it now "
        "into the receiving system, it is shown only once.",
        "rotated_secret": "Here is the endpoint’s new signing secret: copy it now into the "
        "receiving system, it is shown only once. The old one signs nothing more.",
        "turn_off": "Turn off",
        "turn_on": "Turn on",
        "turn_off_hint": "Events are not sent to it while it is off.",
        "rotate_secret": "Rotate the signing secret",
        "rotate_secret_hint": "Deliveries are signed with the new secret from now on.",
        "delete": "Delete the endpoint",
        "delete_hint": "Nothing more is sent to it; deliveries waiting for it are dropped.",
        "deliveries": "Latest deliveries",
        "deliveries_none": "Nothing sent to this endpoint yet.",
        "event": "Event",
        "event_id": "Event id",
        "status": "Status",
        "status_code": "Answer",
        "no_answer": "No answer",
        "attempts": "Attempts",
        "time": "Time",
        "next_attempt": "Next try {date}",
        "retrying": "Not delivered yet: tried again later",
        "redeliver": "Redeliver",
        "redeliver_hint": "Sent again with the same event id, so the receiver can recognise it.",
        "delivery_statuses": {
            "pending": "Waiting to be sent",
            "succeeded": "Delivered",
            "failed": "Failed",
        },
        "event_types": {
            "design.saved": "A design was saved",
            "order.received": "An order arrived",
            "proof.sent": "A proof was sent",
            "proof.approved": "A proof was approved",
            "proof.changes_requested": "Changes were asked on a proof",
            "job.ready": "Print files are ready",
            "job.failed": "A job failed",
            "job.shipped": "A job was shipped",
            "job.status_changed": "A job changed state",
            "quote.created": "A quote was made",
            "quote.accepted": "A quote was accepted",
            "quote.ordered": "A quote was ordered",
        },
        "endpoint_off": "This endpoint is off: turn it on before sending a delivery again.",
        "off_title": "Nothing was sent",
        # Notices after a change
        "endpoint_deleted": "The endpoint is deleted: nothing more is sent to it.",
        "endpoint_turned_off": "The endpoint is off: events are not sent to it.",
        "endpoint_turned_on": "The endpoint is on: new events are sent to it.",
        "redelivered": "The delivery is being sent again, with the same event id.",
    },
    "fr": {
        "stores_title": "Boutiques",
        "stores_intro": "Chaque vitrine qui vend vos produits personnalisés est une boutique : "
        "votre boutique principale et les boutiques de marque (réseau de franchise, grand "
        "compte).",
        "stores_none": "Aucune boutique pour l’instant. Ajoutez-en une ci-dessous.",
        "name": "Nom",
        "platform": "Plateforme",
        "domain": "Domaine de la boutique",
        "store_role": "Type de boutique",
        "added": "Ajoutée",
        "platforms": {
            "shopify": "Shopify",
            "prestashop": "PrestaShop",
            "magento": "Magento 2",
            "custom": "Autre (par l’API)",
        },
        "store_roles": {"main": "Boutique principale", "brand": "Boutique de marque"},
        "add_store": "Ajouter une boutique",
        "store_name": "Nom de la boutique",
        "domain_hint": "Sans https://, par exemple boutique.example.fr ; pour Shopify, l’adresse "
        "nom.myshopify.com.",
        "add_store_button": "Ajouter la boutique",
        "endpoints_link": "Points de terminaison sortants : où Monogram envoie les nouvelles de "
        "vos travaux",
        "bad_store": "Vérifiez la boutique : donnez-lui un nom, choisissez sa plateforme et son "
        "type, et tapez son domaine sans https:// (lettres, chiffres, points et tirets "
        "seulement).",
        "store_taken": "La boutique {domain} ({platform}) est déjà connectée à Monogram. "
        "Vérifiez le domaine, ou ouvrez cette boutique.",
        "shopify_domain": "Le domaine d’une boutique Shopify est son adresse nom.myshopify.com.",
        "store_title": "Boutique {name}",
        "back_stores": "Toutes les boutiques",
        "currency": "Devise",
        "installed": "Connexion",
        "installed_on": "Application installée le {date}",
        "uninstalled_on": "Application retirée le {date}",
        "not_installed": "Application pas encore installée",
        "new_store_title": "La clé publiable de votre boutique",
        "new_store_key": "La boutique est ajoutée. Voici sa clé publiable : copiez-la maintenant, "
        "elle n’est affichée qu’une fois. Vous la collez dans votre boutique aux étapes "
        "ci-dessous.",
        "values_title": "Ce que vous collez dans votre boutique",
        "api_url": "URL de l’API",
        "publishable_key": "Clé publiable",
        "publishable_keys": "{prefixes} (la clé complète n’a été affichée qu’une fois, à sa "
        "création)",
        "no_publishable_key": "Aucune pour l’instant : créez-en une pour cette boutique sur la "
        "page des clés d’API.",
        "secret_key": "Clé secrète",
        "secret_key_hint": "Créez une clé secrète sur la page des clés d’API ; elle n’est "
        "affichée qu’une fois. Ne la mettez jamais dans les pages de votre boutique.",
        "keys_link": "Ouvrir la page des clés d’API",
        "webhook_address": "Adresse webhook de votre boutique",
        "events_to_send": "Événements à lui envoyer",
        "add_endpoint_link": "Ajouter ce point de terminaison",
        "install_title": "Installer le connecteur",
        "install": {
            "shopify": [
                "Votre prestataire Monogram configure une fois l’application Monogram pour "
                "Shopify (son identifiant client et son secret vont sur le serveur Monogram).",
                "Ouvrez le lien d’installation de l’application et choisissez la boutique "
                "{domain}. Acceptez les autorisations demandées par Shopify : Monogram reconnaît "
                "la boutique à cette adresse.",
                "Dans l’admin Shopify, allez dans Boutique en ligne > Thèmes > Personnaliser et "
                "ouvrez le modèle Produits. Cliquez sur Ajouter un bloc > Applications > "
                "Personnalisation Monogram, placez-le sous les Boutons d’achat, puis cliquez sur "
                "Enregistrer.",
                "Dans les réglages du bloc, remplissez Clé publique et Adresse de Monogram avec "
                "la clé publiable et l’URL de l’API ci-dessus, puis cliquez sur Enregistrer.",
                "Passez une commande test avec un produit personnalisé : elle apparaît dans la "
                "page Commandes de la console en moins d’une minute.",
            ],
            "prestashop": [
                "Compressez le dossier monogram du module Monogram en monogram.zip.",
                "Dans le back-office PrestaShop, allez dans Modules > Gestionnaire de modules > "
                "Installer un module, déposez monogram.zip, puis cliquez sur Configurer.",
                "Collez l’URL de l’API, la clé publiable et une clé secrète dans les champs du "
                "même nom.",
                "Choisissez la langue de l’éditeur et indiquez les ID des produits "
                "personnalisables (ou * pour tous), puis cliquez sur Enregistrer.",
                "Sous le formulaire, le module affiche son adresse webhook. Ajoutez-la comme "
                "point de terminaison sortant (lien ci-dessus) avec les événements indiqués, "
                "puis collez son secret de signature dans « Secret de signature des webhooks » "
                "et cliquez sur Enregistrer.",
                "Demandez à votre hébergeur de lancer la tâche de renvoi du module toutes les 5 "
                "minutes : php modules/monogram/bin/retry-reports.php (ou d’appeler l’adresse "
                "cron affichée sur la page du module).",
                "Passez une commande test avec un produit personnalisé : elle apparaît dans la "
                "page Commandes de la console.",
            ],
            "magento": [
                "Copiez le module dans app/code/Monogram/Personalisation/ de votre Magento (ou "
                "lancez composer require monogram/module-personalisation).",
                "Lancez bin/magento module:enable Monogram_Personalisation, puis bin/magento "
                "setup:upgrade et bin/magento cache:flush.",
                "Dans l’administration, ouvrez Magasins > Configuration > Monogram > "
                "Personnalisation. Mettez Activé à Oui et collez l’URL de l’API, la clé "
                "publiable et une clé secrète.",
                "Ajoutez l’adresse webhook ci-dessus comme point de terminaison sortant avec les "
                "événements indiqués, collez son secret de signature dans « Secret de signature "
                "des webhooks », cliquez sur Enregistrer la configuration, puis lancez "
                "bin/magento cache:flush.",
                "Passez une commande test avec un produit personnalisé : elle apparaît dans la "
                "page Commandes de la console.",
            ],
            "custom": [
                "Chargez l’éditeur sur vos pages produit avec la clé publiable et l’URL de l’API "
                "ci-dessus.",
                "Depuis votre serveur, envoyez chaque commande payée à l’API (POST /v1/orders) "
                "avec une clé secrète, avec la création et son jeton sur chaque ligne "
                "personnalisée.",
                "Pour être prévenu des BAT, travaux et expéditions, ajoutez un point de "
                "terminaison sortant.",
            ],
        },
        "origins_title": "Adresses de boutique autorisées à utiliser l’éditeur",
        "origins_intro": "Les pages de https://{domain} peuvent charger l’éditeur avec la clé "
        "publique de cette boutique. Si votre boutique s’ouvre aussi à d’autres adresses (votre "
        "propre domaine devant une boutique myshopify.com, une boutique de recette), ajoutez-les "
        "ici, une par ligne, par exemple https://www.boutique.example.fr.",
        "origins_label": "Autres adresses (une par ligne)",
        "origins_save": "Enregistrer les adresses",
        "origins_saved": "Les adresses sont enregistrées : leurs pages peuvent utiliser "
        "l’éditeur dès maintenant.",
        "origins_wrong": "Ce ne sont pas des adresses de boutique : {origins}. Écrivez chacune "
        "sous la forme https://nom.example.fr, sans chemin. Rien n’a été modifié.",
        "origins_too_many": "20 adresses au plus. Rien n’a été modifié.",
        "webhook_title": "Secret webhook",
        "webhook_intro": "Un secret partagé avec la plateforme de votre boutique, pour que "
        "Monogram vérifie que ce qu’il reçoit vient bien de votre boutique.",
        "shopify_webhook_note": "Shopify signe ses envois avec le secret client de l’application "
        "Monogram, réglé sur le serveur Monogram : ce secret ne sert qu’aux autres connexions.",
        "webhook_set": "Défini ; changé pour la dernière fois le {date}.",
        "webhook_unset": "Pas défini.",
        "rotate_webhook": "Changer le secret webhook",
        "create_webhook": "Créer le secret webhook",
        "rotate_hint": "L’ancien secret cesse de fonctionner aussitôt : collez le nouveau dans "
        "les réglages de votre boutique tout de suite.",
        "new_secret_title": "Votre nouveau secret",
        "new_secret": "Copiez-le maintenant : il n’est affiché qu’une fois et ne peut pas être "
        "retrouvé.",
        "endpoints_title": "Points de terminaison sortants",
        "endpoints_intro": "Monogram envoie les nouvelles (BAT, travaux, expéditions, devis) à "
        "ces adresses, signées avec le secret de chaque point de terminaison.",
        "endpoints_none": "Aucun point de terminaison pour l’instant. Ajoutez-en un ci-dessous.",
        "url": "Adresse (URL)",
        "url_hint": "Elle doit commencer par https://.",
        "events": "Événements",
        "state": "État",
        "enabled": "Actif",
        "disabled": "Arrêté",
        "add_endpoint": "Ajouter un point de terminaison",
        "add_endpoint_button": "Ajouter le point de terminaison",
        "bad_url": "Tapez l’adresse du point de terminaison, en commençant par https:// (http:// "
        "ne marche que pour localhost, pour les essais).",
        "private_url": "L’adresse doit être sur l’internet public, pas sur un réseau privé ou "
        "local.",
        "no_events": "Cochez au moins un événement à envoyer à ce point de terminaison.",
        "long_url": "Cette adresse est trop longue : l’adresse d’un point de terminaison a au "
        "plus 2 000 caractères.",
        "endpoint_title": "Point de terminaison {url}",
        "back_endpoints": "Tous les points de terminaison",
        "new_endpoint_secret": "Le point de terminaison est ajouté. Voici son secret de "
        "signature : copiez-le maintenant dans le système qui reçoit, il n’est affiché qu’une "
        "fois.",
        "rotated_secret": "Voici le nouveau secret de signature : copiez-le maintenant dans le "
        "système qui reçoit, il n’est affiché qu’une fois. L’ancien ne signe plus rien.",
        "turn_off": "Arrêter",
        "turn_on": "Activer",
        "turn_off_hint": "Aucun événement ne lui est envoyé tant qu’il est arrêté.",
        "rotate_secret": "Changer le secret de signature",
        "rotate_secret_hint": "Les envois sont signés avec le nouveau secret dès maintenant.",
        "delete": "Supprimer le point de terminaison",
        "delete_hint": "Plus rien ne lui est envoyé ; les envois en attente sont abandonnés.",
        "deliveries": "Derniers envois",
        "deliveries_none": "Rien n’a encore été envoyé à ce point de terminaison.",
        "event": "Événement",
        "event_id": "Identifiant de l’événement",
        "status": "Statut",
        "status_code": "Réponse",
        "no_answer": "Pas de réponse",
        "attempts": "Tentatives",
        "time": "Heure",
        "next_attempt": "Prochain essai {date}",
        "retrying": "Pas encore livré : nouvel essai prévu",
        "redeliver": "Renvoyer",
        "redeliver_hint": "Renvoyé avec le même identifiant d’événement, pour que le système qui "
        "reçoit le reconnaisse.",
        "delivery_statuses": {
            "pending": "En attente d’envoi",
            "succeeded": "Livré",
            "failed": "Échec",
        },
        "event_types": {
            "design.saved": "Une création a été enregistrée",
            "order.received": "Une commande est arrivée",
            "proof.sent": "Un BAT a été envoyé",
            "proof.approved": "Un BAT a été validé",
            "proof.changes_requested": "Des modifications ont été demandées sur un BAT",
            "job.ready": "Les fichiers d’impression sont prêts",
            "job.failed": "Un travail a échoué",
            "job.shipped": "Un travail a été expédié",
            "job.status_changed": "Un travail a changé d’état",
            "quote.created": "Un devis a été fait",
            "quote.accepted": "Un devis a été accepté",
            "quote.ordered": "Un devis a été commandé",
        },
        "endpoint_off": "Ce point de terminaison est arrêté : activez-le avant de renvoyer un "
        "envoi.",
        "off_title": "Rien n’a été envoyé",
        "endpoint_deleted": "Le point de terminaison est supprimé : plus rien ne lui est envoyé.",
        "endpoint_turned_off": "Le point de terminaison est arrêté : aucun événement ne lui est "
        "envoyé.",
        "endpoint_turned_on": "Le point de terminaison est actif : les nouveaux événements lui "
        "sont envoyés.",
        "redelivered": "L’envoi repart, avec le même identifiant d’événement.",
    },
}
