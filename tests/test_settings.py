"""Settings: read from MONOGRAM_* variables, parsed strictly, secrets demanded in production."""

import pytest

from monogram.settings import Config, ConfigError


def test_embedded_defaults_live_under_the_instance_folder(tmp_path):
    config = Config.from_env(environ={"MONOGRAM_INSTANCE_DIR": str(tmp_path)})
    assert config.database_url == f"sqlite:///{tmp_path}/monogram.sqlite3"
    assert config.storage_url == f"{tmp_path}/storage"
    assert config.REDIS_URL == ""


def test_numbers_and_booleans_are_parsed_strictly():
    env = {"MONOGRAM_MAX_IMAGE_PIXELS": "80_000_000", "MONOGRAM_TESTING": "yes"}
    config = Config.from_env(environ=env)
    assert config.MAX_IMAGE_PIXELS == 80_000_000 and config.TESTING is True
    with pytest.raises(ConfigError, match="MONOGRAM_MAX_IMAGE_PIXELS must be a whole number"):
        Config.from_env(environ={"MONOGRAM_MAX_IMAGE_PIXELS": "lots"})
    with pytest.raises(ConfigError, match="MONOGRAM_TESTING must be true or false"):
        Config.from_env(environ={"MONOGRAM_TESTING": "maybe"})


def test_postgres_urls_use_the_shipped_driver():
    config = Config.from_env(environ={"MONOGRAM_DATABASE_URL": "postgresql://u:p@db/monogram"})
    assert config.database_url == "postgresql+psycopg://u:p@db/monogram"


def test_production_refuses_to_start_without_its_secrets():
    with pytest.raises(
        ConfigError, match="MONOGRAM_SECRET_KEY, MONOGRAM_DATABASE_URL, MONOGRAM_STORAGE_URL"
    ):
        Config.from_env(environ={"MONOGRAM_ENV": "production"})
    with pytest.raises(ConfigError, match="at least 32 characters"):
        Config.from_env(
            environ={
                "MONOGRAM_ENV": "production",
                "MONOGRAM_SECRET_KEY": "short",
                "MONOGRAM_DATABASE_URL": "postgresql://db/m",
                "MONOGRAM_STORAGE_URL": "s3://bucket",
            }
        )


def test_a_development_secret_is_made_once_and_kept(tmp_path):
    config = Config.from_env(environ={"MONOGRAM_INSTANCE_DIR": str(tmp_path)})
    first = config.secret_key()
    assert len(first) >= 48 and config.secret_key() == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_smtp_settings_are_checked_at_start_up():
    config = Config.from_env(
        environ={"MONOGRAM_SMTP_HOST": "smtp.example.com", "MONOGRAM_SMTP_PORT": "465"}
    )
    assert (config.SMTP_PORT, config.SMTP_SECURITY) == (465, "starttls")
    with pytest.raises(ConfigError, match="MONOGRAM_SMTP_SECURITY must be starttls, ssl or none"):
        Config.from_env(environ={"MONOGRAM_SMTP_SECURITY": "tls"})
    with pytest.raises(ConfigError, match="MONOGRAM_SMTP_PORT must be between 1 and 65535"):
        Config.from_env(environ={"MONOGRAM_SMTP_PORT": "70000"})
