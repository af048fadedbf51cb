"""The merchant console at /console: server-rendered pages for a merchant's admins."""
