"""/quote/<token>: the buyer's page for a quote ("devis"), outside the API document."""
