"""The stores resource."""
