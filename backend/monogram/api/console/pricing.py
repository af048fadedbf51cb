"""/console: price rules with a live calculator, and quotes."""
