"""The customer library resource: a shop customer's saved designs and past orders."""
