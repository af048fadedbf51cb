"""/console: stores and their connectors, webhook secrets and outbound endpoints."""
