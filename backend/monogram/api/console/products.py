"""/console: products and their print areas."""
