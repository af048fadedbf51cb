"""Monogram: product personalisation, from the shopper's editor to the print-ready file."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from monogram.settings import Config


def create_app(config: Config | None = None) -> Flask:
    """Build the WSGI app: load config, bind extensions, register blueprints. Wiring only."""
    from monogram import api
    from monogram.extensions import api as api_extension
    from monogram.extensions import cors, db, limits, logging, mail, queue, security, storage

    config = config or Config.from_env()
    app = Flask(__name__, instance_path=config.INSTANCE_DIR, instance_relative_config=False)
    app.config["MONOGRAM"] = config
    app.config["SECRET_KEY"] = config.secret_key()
    app.config["TESTING"] = config.TESTING
    # The largest single upload plus room for form fields; bigger requests get a 413 envelope.
    app.config["MAX_CONTENT_LENGTH"] = (
        max(config.MAX_RASTER_BYTES, config.MAX_VECTOR_BYTES, config.MAX_FONT_BYTES) + 64 * 1024
    )
    app.json.sort_keys = False
    if config.TRUSTED_PROXIES:
        hops = config.TRUSTED_PROXIES
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    for extension in (logging, db, storage, queue, mail, api_extension, cors, limits, security):
        extension.init_app(app)
    for blueprint in api.BLUEPRINTS:
        api_extension.api.register_blueprint(blueprint)
    for blueprint in api.PLAIN_BLUEPRINTS:
        app.register_blueprint(blueprint)
    return app
