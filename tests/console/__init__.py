"""Tests of the merchant console at /console."""
