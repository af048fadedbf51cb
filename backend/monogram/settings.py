"""Config read from MONOGRAM_* environment variables, strictly parsed."""

import os
import secrets
from dataclasses import dataclass, field, fields
from pathlib import Path


class ConfigError(Exception):
    """A setting is missing or malformed; start-up stops with this message."""


def _bool(name, raw):
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"MONOGRAM_{name} must be true or false, not {raw!r}")


def _int(name, raw):
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        raise ConfigError(f"MONOGRAM_{name} must be a whole number, not {raw!r}") from None
    if value < 0:
        raise ConfigError(f"MONOGRAM_{name} must not be negative")
    return value


def _rate_limit(name, value):
    from limits import parse_many

    try:
        parse_many(value)
    except ValueError:
        raise ConfigError(
            f"MONOGRAM_{name} must be like 100/second or 30/minute;300/hour, not {value!r}"
        ) from None


def _default_instance_dir():
    return str(Path.cwd() / "instance")


def _default_widget_dir():
    # The repository's widget/dist, next to backend/: where `npm run build` writes the widget.
    return str(Path(__file__).resolve().parents[2] / "widget" / "dist")


@dataclass(frozen=True)
class Config:
    """Every setting of Monogram; each field reads MONOGRAM_<FIELD NAME> from the environment."""

    ENV: str = "development"  # "production" demands explicit secrets and URLs
    INSTANCE_DIR: str = field(default_factory=_default_instance_dir)
    DATABASE_URL: str = ""  # empty: SQLite file under INSTANCE_DIR
    REDIS_URL: str = ""  # empty: jobs run in-process right after the request
    STORAGE_URL: str = ""  # empty: files under INSTANCE_DIR/storage; s3://bucket/prefix for S3
    S3_ENDPOINT_URL: str = ""
    S3_REGION: str = "eu-west-3"
    SECRET_KEY: str = ""
    PUBLIC_URL: str = "http://127.0.0.1:8000"
    # Reverse proxies (load balancer, TLS terminator) in front of the app whose X-Forwarded-For
    # and -Proto are believed: without them every client shares the proxy's address (and its
    # rate limits) and https looks like http. 0 when clients reach the app directly.
    TRUSTED_PROXIES: int = 0
    WIDGET_DIR: str = field(default_factory=_default_widget_dir)  # the built widget/dist folder
    # The Shopify app's credentials; webhooks and OAuth are signed with the secret. During a
    # rotation the previous secret stays accepted until this variable is emptied.
    SHOPIFY_API_KEY: str = ""
    SHOPIFY_API_SECRET: str = ""
    SHOPIFY_PREVIOUS_API_SECRET: str = ""
    SHOPIFY_SCOPES: str = (
        "read_products,read_orders,write_merchant_managed_fulfillment_orders,write_app_proxy,"
        "write_cart_transforms,write_draft_orders"
    )
    # Where a shop's Admin API answers; {shop} is its myshopify.com domain.
    SHOPIFY_ADMIN_URL: str = "https://{shop}"
    # Upload limits, per kind of file.
    MAX_IMAGE_PIXELS: int = 120_000_000
    MAX_RASTER_BYTES: int = 50 * 1024 * 1024
    MAX_VECTOR_BYTES: int = 5 * 1024 * 1024
    MAX_FONT_BYTES: int = 10 * 1024 * 1024
    MAX_DESIGN_BYTES: int = 2 * 1024 * 1024
    MAX_BATCH_DATA_BYTES: int = 50 * 1024 * 1024  # a batch's CSV or XLSX file
    MAX_MODEL_BYTES: int = 20 * 1024 * 1024  # a product's 3D model (GLB)
    # A batch's worker renews its lease after every chunk; a worker silent this long is taken
    # for dead and the next worker resumes its batch from the last finished chunk.
    BATCH_LEASE_SECONDS: int = 120
    # Outgoing e-mail. Without a host, mails are written as .eml files under INSTANCE_DIR/outbox.
    SMTP_HOST: str = ""
    SMTP_PORT: int = 587
    SMTP_USERNAME: str = ""
    SMTP_PASSWORD: str = ""
    SMTP_SECURITY: str = "starttls"  # starttls, ssl (implicit TLS, usually port 465) or none
    MAIL_FROM: str = "Monogram <no-reply@localhost>"
    LOG_LEVEL: str = "INFO"
    # Rate limits ("<n>/second", "<n>/minute", several joined by ";"; empty: none), per key
    # (publishable or secret) for a request with a key, else per client address, counted on
    # Redis when REDIS_URL is set.
    # A sale day is the yardstick: one shop's key carries every shopper's editor at once, and
    # a shop behind a CDN or a company network shares one address between many buyers.
    RATE_LIMIT_QUOTE_PER_KEY: str = "3000/second"
    RATE_LIMIT_QUOTE_PER_ADDRESS: str = "1000/second"
    RATE_LIMIT_DESIGN_PER_KEY: str = "1000/second"
    RATE_LIMIT_DESIGN_PER_ADDRESS: str = "300/second"
    RATE_LIMIT_UPLOAD_PER_KEY: str = "300/second"
    RATE_LIMIT_UPLOAD_PER_ADDRESS: str = "100/second;3000/minute"
    # Proof and quote links: a buyer opens a few; guessing tokens takes millions.
    RATE_LIMIT_LINK_PAGE_PER_ADDRESS: str = "20/second;600/minute"
    # Console and workshop sign-in, and password reset: slow enough to make guessing useless.
    RATE_LIMIT_SIGNIN_PER_ADDRESS: str = "30/minute;300/hour"
    RATE_LIMIT_RESET_PER_ADDRESS: str = "10/minute;60/hour"
    # Shops' order reports: Shopify sends from few addresses for many shops.
    RATE_LIMIT_SHOP_ORDER_PER_KEY: str = "1000/second"
    RATE_LIMIT_SHOP_ORDER_PER_ADDRESS: str = "1000/second"
    TESTING: bool = False

    @classmethod
    def from_env(cls, environ=None, **overrides):
        """Read every field from MONOGRAM_* variables; overrides win (tests use them)."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f"MONOGRAM_{f.name}")
            if raw is None:
                continue
            if f.type is bool or f.type == "bool":
                values[f.name] = _bool(f.name, raw)
            elif f.type is int or f.type == "int":
                values[f.name] = _int(f.name, raw)
            else:
                values[f.name] = raw.strip()
        values.update(overrides)
        config = cls(**values)
        config.check()
        return config

    def check(self):
        if self.ENV not in ("development", "production"):
            raise ConfigError("MONOGRAM_ENV must be development or production")
        if self.ENV == "production":
            missing = [
                name
                for name in ("SECRET_KEY", "DATABASE_URL", "STORAGE_URL")
                if not getattr(self, name)
            ]
            if missing:
                names = ", ".join(f"MONOGRAM_{name}" for name in missing)
                raise ConfigError(f"production needs {names}; set them in the environment")
            if len(self.SECRET_KEY) < 32:
                raise ConfigError("MONOGRAM_SECRET_KEY must be at least 32 characters")
        if self.STORAGE_URL and not self.STORAGE_URL.startswith(("s3://", "file://", "/")):
            raise ConfigError("MONOGRAM_STORAGE_URL must be s3://bucket[/prefix] or a local path")
        if self.SMTP_SECURITY not in ("starttls", "ssl", "none"):
            raise ConfigError("MONOGRAM_SMTP_SECURITY must be starttls, ssl or none")
        if not 0 < self.SMTP_PORT < 65536:
            raise ConfigError("MONOGRAM_SMTP_PORT must be between 1 and 65535")
        for f in fields(self):
            if f.name.startswith("RATE_LIMIT_") and getattr(self, f.name):
                _rate_limit(f.name, getattr(self, f.name))

    @property
    def database_url(self):
        if not self.DATABASE_URL:
            return f"sqlite:///{Path(self.INSTANCE_DIR) / 'monogram.sqlite3'}"
        url = self.DATABASE_URL
        # psycopg 3 is the driver we ship; accept the plain scheme operators write.
        for plain in ("postgres://", "postgresql://"):
            if url.startswith(plain):
                return "postgresql+psycopg://" + url[len(plain) :]
        return url

    @property
    def storage_url(self):
        return self.STORAGE_URL or str(Path(self.INSTANCE_DIR) / "storage")

    def secret_key(self):
        """The signing key; in development one is made and kept under the instance folder."""
        if self.SECRET_KEY:
            return self.SECRET_KEY
        path = Path(self.INSTANCE_DIR) / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()
