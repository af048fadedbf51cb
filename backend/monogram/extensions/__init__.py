"""Flask extensions, each a module-level object bound to the app in create_app()."""
