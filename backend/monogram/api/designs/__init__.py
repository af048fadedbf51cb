"""The designs resource."""
