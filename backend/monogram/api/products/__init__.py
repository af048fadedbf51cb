"""The products resource."""
