"""/v1/account: the merchant's own settings."""
