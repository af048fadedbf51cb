"""The demo shop `make run` points to: a product page embedding the widget and its cart."""
