"""Platform connectors: verify what platforms send, map their payloads, call them back."""
