"""The `monogram` command: run, worker, db, merchant, user, demo, jobs, webhooks, render…"""

import sys

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext


def _create_app():
    from monogram import create_app
    from monogram.settings import ConfigError

    try:
        return create_app()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


@click.group(
    cls=FlaskGroup, create_app=_create_app, add_default_commands=False, add_version_option=False
)
def main():
    """Monogram: product personalisation service."""


@main.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--reload/--no-reload", default=False, help="Restart on code changes.")
@with_appcontext
def run_command(host, port, reload):
    """Serve Monogram with the development server (use gunicorn in production)."""
    from werkzeug.serving import run_simple

    base = f"http://{host}:{port}"
    config = current_app.config["MONOGRAM"]
    jobs = f"Redis {config.REDIS_URL}" if config.REDIS_URL else "in-process"
    click.echo(
        "\n".join(
            [
                "Monogram is starting:",
                f"  Demo shop               {base}/demo",
                f"  Merchant console        {base}/console",
                f"  Workshop portal         {base}/workshop",
                f"  API docs (Swagger UI)   {base}/docs",
                f"  OpenAPI document        {base}/openapi.json",
                f"  Health                  {base}/healthz   readiness {base}/readyz",
                f"  Database                {config.database_url.split('@')[-1]}",
                f"  Files                   {config.storage_url}",
                f"  Jobs                    {jobs}",
                "Demo keys are printed by `monogram demo`.",
            ]
        )
    )
    if config.database_url.startswith("sqlite"):
        from monogram.extensions.db import db
        from monogram.services.font_library import sync_library

        # The embedded default may run a newer package on a migrated file: bring the library.
        with db.engine.begin() as connection:
            inspector = sa.inspect(connection)
            if inspector.has_table("fonts") and any(
                column["name"] == "library_file" for column in inspector.get_columns("fonts")
            ):
                sync_library(connection)
    if not config.REDIS_URL:
        from monogram.services.duties import start_ticker

        # Without Redis there is no worker: the web process keeps the periodic duties.
        start_ticker(current_app._get_current_object())
    run_simple(host, port, current_app._get_current_object(), use_reloader=reload, threaded=True)


@main.command("worker")
@click.option("--queue", "queues", multiple=True, help="Queues to serve (default: all).")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@with_appcontext
def worker_command(queues, burst):
    """Run an rq worker on the Redis set by MONOGRAM_REDIS_URL."""
    from rq import Worker

    from monogram.extensions.queue import QUEUES, queue

    if queue.in_process:
        raise click.ClickException(
            "Set MONOGRAM_REDIS_URL: without Redis, jobs run inside the web process."
        )
    from monogram.services.batches import recover_interrupted
    from monogram.services.production import recover_stalled

    # A worker that starts after a crash picks up what the crash dropped.
    recovered = recover_stalled()
    if recovered:
        click.echo(f"Queued again {len(recovered)} stalled job(s): {', '.join(recovered)}")
    resumed = recover_interrupted()
    if resumed:
        click.echo(f"Resuming {len(resumed)} interrupted batch(es): {', '.join(resumed)}")
    names = queues or QUEUES
    if not burst:
        from monogram.services.duties import start_ticker

        # Webhook retries, proof reminders and Shopify shipments run from the workers: no cron.
        start_ticker(current_app._get_current_object())
    Worker([queue.queue(name) for name in names], connection=queue.connection).work(burst=burst)


@main.group("db")
def db_group():
    """Database schema."""


@db_group.command("upgrade")
@with_appcontext
def db_upgrade():
    """Create or migrate the database schema to the latest version."""
    from monogram.extensions.db import db
    from monogram.migrations import upgrade

    with db.engine.begin() as connection:
        upgrade(connection)
    click.echo("Database schema is up to date.")


@main.group("merchant")
def merchant_group():
    """Merchant accounts."""


@merchant_group.command("create")
@click.option("--name", required=True)
@click.option(
    "--platform",
    type=click.Choice(["shopify", "prestashop", "magento", "custom"]),
    default="custom",
)
@click.option("--domain", help="Shop domain, e.g. shop.example.fr")
@click.option("--currency", default="EUR", show_default=True)
@with_appcontext
def merchant_create(name, platform, domain, currency):
    """Create a merchant with a store and print its keys (shown once)."""
    from monogram.extensions.db import db
    from monogram.services.merchants import create_merchant

    merchant, store, keys = create_merchant(
        name, platform=platform, domain=domain, currency=currency
    )
    db.session.commit()
    click.echo(
        f"merchant     {merchant.id}\nstore        {store.id} ({store.platform} {store.domain})"
    )
    click.echo(f"secret key   {keys['secret']}\npublishable  {keys['publishable']}")
    click.echo("Keep the secret key safe: it is not shown again.")


@main.group("user")
def user_group():
    """Console users (merchant admins)."""


@user_group.command("create")
@click.option("--merchant", "merchant_id", required=True, help="The merchant's id, mer_…")
@click.option("--email", required=True)
@click.option(
    "--role",
    type=click.Choice(["owner", "designer", "operator"]),
    default="owner",
    show_default=True,
)
@click.option("--name", default="", help="The person's name, shown in the console.")
@click.option("--password", help="Set this password instead of printing a sign-in link.")
@with_appcontext
def user_create(merchant_id, email, role, name, password):
    """Create a console user; print a one-time sign-in link unless --password is given."""
    from monogram.errors import MonogramError
    from monogram.extensions.db import db
    from monogram.services import console_users

    try:
        user = console_users.create_user(merchant_id, email, role, name=name, password=password)
        token = None if password else console_users.issue_reset(user)
    except MonogramError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"console user {user.id} ({user.email}, {user.role}) of {user.merchant_id}")
    if token:
        click.echo(f"sign-in link {console_users.reset_url(token)}")
        click.echo("The link chooses a password; it works once, within the hour.")
    else:
        click.echo("Sign in at /console/signin with this e-mail and password.")


@main.command("demo")
@with_appcontext
def demo_command():
    """Seed the demo shop (idempotent) and print fresh demo keys."""
    from monogram.services.demo import seed_demo

    demo = seed_demo()
    click.echo(f"Demo merchant {demo['merchant']} with product {demo['product']} (Business card).")
    click.echo(f"  3D: Mug, Gift box, Sign  {' '.join(demo['models'])}")
    click.echo(f"  secret key       {demo['keys']['secret']}")
    click.echo(f"  publishable key  {demo['keys']['publishable']}")
    workshop = demo["workshop"]
    click.echo(f"  workshop portal  /workshop  {workshop['email']} / {workshop['password']}")
    console = demo["console"]
    click.echo(f"  merchant console /console   {console['email']} / {console['password']}")


@main.group("jobs")
def jobs_group():
    """Production jobs."""


@jobs_group.command("recover")
@with_appcontext
def jobs_recover():
    """Queue again jobs that a killed worker or a lost Redis dropped."""
    from monogram.services.production import recover_stalled

    recovered = recover_stalled()
    click.echo(f"Queued again {len(recovered)} job(s)." + "".join(f"\n  {i}" for i in recovered))


@main.group("webhooks")
def webhooks_group():
    """Outbound webhooks."""


@webhooks_group.command("deliver-due")
@with_appcontext
def webhooks_deliver_due():
    """Make the webhook attempts that are due; run it every minute, it drives the retries."""
    from monogram.services.outbound import deliver_due

    delivered = deliver_due()
    click.echo(f"Made {len(delivered)} webhook delivery attempt(s).")


@main.command("tick")
@with_appcontext
def tick_command():
    """Run the periodic duties once (webhook retries, proof reminders, Shopify shipments).

    Workers and `monogram run` do this every minute; call it from cron if neither runs.
    """
    from monogram.services.duties import run_due_duties

    for name, count in run_due_duties().items():
        click.echo(f"{name}: {count}")


@main.group("proofs")
def proofs_group():
    """Proofs ("bon à tirer") waiting for approval."""


@proofs_group.command("remind")
@with_appcontext
def proofs_remind():
    """E-mail a reminder for each proof still waiting past its merchant's delay; run it hourly
    or more often (each proof is reminded once per delay however often this runs)."""
    from monogram.services.proofs import send_reminders

    reminded = send_reminders()
    click.echo(f"Sent {len(reminded)} proof reminder(s)." + "".join(f"\n  {i}" for i in reminded))


@main.command("render")
@click.argument("design", type=click.Path(exists=True, dir_okay=False))
@click.option("--product", "product_path", required=True, type=click.Path(exists=True))
@click.option(
    "--files",
    type=click.Path(exists=True, file_okay=False),
    help="Folder with <asset id>.<ext> and <font id>.<ext> files (default: the design's folder).",
)
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False))
def render_command(design, product_path, files, output):
    """Render a design document to a production bundle, offline (no database, no server)."""
    import json
    from pathlib import Path

    from monogram.document import DesignDocumentSchema
    from monogram.rendering import render_bundle
    from monogram.rendering.directory import DirectoryResolver
    from monogram.rendering.offline import product_from_json

    document = json.loads(Path(design).read_text())
    errors = DesignDocumentSchema().validate(document)
    if errors:
        raise click.ClickException(f"{design} is not a valid design document: {errors}")
    product = product_from_json(json.loads(Path(product_path).read_text()))
    resolver = DirectoryResolver(files or Path(design).parent)
    version = {"design": Path(design).stem, "number": 1, "document": document}
    bundle = render_bundle(version, product, resolver)
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(bundle.files.items()):
        (out / name).write_bytes(data)
        click.echo(f"{out / name}  {len(data)} bytes")


@main.command("batch")
@click.argument("template", type=click.Path(exists=True, dir_okay=False))
@click.argument("data", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--product",
    "product_path",
    type=click.Path(exists=True, dir_okay=False),
    help="The product's JSON (default: product.json beside the template).",
)
@click.option(
    "--files",
    type=click.Path(exists=True, file_okay=False),
    help="Folder with <asset id>.<ext> and <font id>.<ext> files (default: the template's folder).",
)
@click.option(
    "--map",
    "pairs",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Fill FIELD from COLUMN (default: the column of the same name).",
)
@click.option("--skip-invalid", is_flag=True, help="Leave out the records with errors.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
def batch_command(template, data, product_path, files, pairs, skip_invalid, output):
    """Merge a data file (CSV or XLSX) into a template: one print file, pages in data order."""
    import json
    from pathlib import Path

    from monogram.document import DesignDocumentSchema
    from monogram.errors import MonogramError
    from monogram.rendering.batch_pdf import BatchLayout, Record
    from monogram.rendering.directory import DirectoryResolver
    from monogram.rendering.offline import product_from_json
    from monogram.services import batch_offline

    document = json.loads(Path(template).read_text())
    errors = DesignDocumentSchema().validate(document)
    if errors:
        raise click.ClickException(f"{template} is not a valid design document: {errors}")
    product_file = Path(product_path or Path(template).with_name("product.json"))
    if not product_file.is_file():
        raise click.ClickException(f"No product file: give --product (tried {product_file}).")
    product = product_from_json(json.loads(product_file.read_text()))
    resolver = DirectoryResolver(files or Path(template).parent)
    mapping = dict(pair.split("=", 1) for pair in pairs) or None
    try:
        table, mapping, issues = batch_offline.check(
            document, Path(data).read_bytes(), Path(data).name, resolver, mapping
        )
    except MonogramError as error:
        details = "".join(f"\n  {e['path']}: {e['message']}" for e in error.errors or [])
        raise click.ClickException(error.message + details) from None
    for issue in issues:
        click.echo(f"row {issue.row} ({issue.field}): {issue.severity}: {issue.message}", err=True)
    bad = {issue.record for issue in issues if issue.severity == "error"}
    if bad and not skip_invalid:
        raise click.ClickException(
            f"{len(bad)} record(s) have errors; fix them or use --skip-invalid."
        )
    layout = BatchLayout(document, product, resolver, label=f"Batch {Path(data).stem}")
    todo = list(batch_offline.records(table, mapping, bad, Record))
    with click.progressbar(length=len(todo), label="Rendering", show_pos=True, show_eta=True,
                           file=sys.stderr) as bar:  # fmt: skip

        def progress(done, total, rate):
            bar.label = f"Rendering {rate:,.0f} records/s"
            bar.update(done - bar.pos)

        pages = batch_offline.render(layout, todo, output, progress)
    click.echo(f"{output}  {pages} pages, {len(todo)} records, {len(bad)} left out")


@main.command("openapi")
@with_appcontext
def openapi_command():
    """Print the OpenAPI document (the committed openapi.yaml is this output)."""
    from monogram.extensions.api import api

    sys.stdout.write(api.spec.to_yaml())


if __name__ == "__main__":
    main()
