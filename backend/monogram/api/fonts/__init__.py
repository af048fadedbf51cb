"""The fonts resource."""
