"""/console: templates, fonts and media collections."""
