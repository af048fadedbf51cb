"""What the buyer's quote page says, in French and English."""

TEXTS = {
    "en": {
        "title": "Quote {number}",
        "from": "From",
        "intro": "Here is your quote. Check the lines and totals, then accept it to place your "
        "order.",
        "number": "Number",
        "date": "Date",
        "valid_until": "Valid until",
        "revision": "Revision",
        "prepared_for": "Prepared for",
        "item": "Description",
        "quantity": "Quantity",
        "unit_price": "Unit price",
        "amount": "Amount",
        "per_piece": "Per piece",
        "total_ex": "Total excl. tax",
        "tax": "VAT ({rate} %)",
        "total_inc": "Total incl. tax",
        "prices_inc": "Prices include VAT.",
        "prices_ex": "Prices exclude VAT.",
        "pdf": "Download the quote (PDF)",
        "accept_legend": "Accept this quote",
        "accept_hint": "Accepting places the order at these prices; you then pay on the shop.",
        "accept_button": "Accept this quote",
        "accepted": "Thank you: you accepted this quote on {date}.",
        "accepted_follow_up": "{merchant} will contact you to complete your order.",
        "checkout": "Complete your order",
        "ordered": "This quote has been ordered. Thank you!",
        "expired": "This quote was valid until {date}; it has expired. Contact {merchant} (reply "
        "to the quote e-mail) and they will send you an updated quote.",
        "withdrawn": "{merchant} withdrew this quote. Contact them (reply to the quote e-mail) "
        "for a new one.",
        "revising": "{merchant} is revising this quote: you will receive the new version by "
        "e-mail, to accept from there.",
        "stale": "This page is out of date; reload it and try again.",
        "gone_title": "Quote link not valid",
        "gone": "This link is unknown. Check that you copied the whole link from the quote "
        "e-mail, or contact the shop.",
        "language": "Language",
    },
    "fr": {
        "title": "Devis {number}",
        "from": "De",
        "intro": "Voici votre devis. Vérifiez les lignes et les totaux, puis acceptez-le pour "
        "passer commande.",
        "number": "Numéro",
        "date": "Date",
        "valid_until": "Valable jusqu’au",
        "revision": "Version",
        "prepared_for": "Établi pour",
        "item": "Désignation",
        "quantity": "Quantité",
        "unit_price": "Prix unitaire",
        "amount": "Montant",
        "per_piece": "Par pièce",
        "total_ex": "Total HT",
        "tax": "TVA ({rate} %)",
        "total_inc": "Total TTC",
        "prices_inc": "Prix indiqués TTC.",
        "prices_ex": "Prix indiqués HT.",
        "pdf": "Télécharger le devis (PDF)",
        "accept_legend": "Accepter ce devis",
        "accept_hint": "Accepter passe la commande à ces prix ; vous la réglez ensuite sur la "
        "boutique.",
        "accept_button": "Accepter ce devis",
        "accepted": "Merci : vous avez accepté ce devis le {date}.",
        "accepted_follow_up": "{merchant} vous contactera pour finaliser votre commande.",
        "checkout": "Finaliser ma commande",
        "ordered": "Ce devis a été commandé. Merci !",
        "expired": "Ce devis était valable jusqu’au {date} ; il a expiré. Contactez {merchant} "
        "(en répondant à l’e-mail du devis) pour recevoir un devis à jour.",
        "withdrawn": "{merchant} a retiré ce devis. Contactez-le (en répondant à l’e-mail du "
        "devis) pour en obtenir un nouveau.",
        "revising": "{merchant} révise ce devis : vous recevrez la nouvelle version par e-mail, "
        "à accepter depuis celle-ci.",
        "stale": "Cette page n’est plus à jour ; rechargez-la et recommencez.",
        "gone_title": "Lien de devis non valide",
        "gone": "Ce lien est inconnu. Vérifiez que vous avez copié le lien complet depuis "
        "l’e-mail du devis, ou contactez la boutique.",
        "language": "Langue",
    },
}
