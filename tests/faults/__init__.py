"""Fault tests: servers killed, connections dropped and storage failing under a running app."""
