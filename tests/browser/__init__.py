"""Browser tests: the widget in Debian's Chromium against the app on loopback."""
