"""The live prices resource: quotes for the editor."""
