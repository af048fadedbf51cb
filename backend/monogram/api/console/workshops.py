"""/console: workshops and dispatch rules."""
