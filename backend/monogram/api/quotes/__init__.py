"""The quotes ("devis") resource: a priced design sent to a buyer, adjusted, accepted."""
