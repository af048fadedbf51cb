"""The price rules resource: product prices, B2B price lists and store price terms."""
