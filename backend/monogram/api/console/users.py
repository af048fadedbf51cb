"""/console: the account's console users and their roles."""
