"""The shopper's editor widget, built from widget/ and served as static files under /widget/."""
