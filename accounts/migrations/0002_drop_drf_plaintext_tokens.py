"""DRF's `authtoken` app is gone: its tokens were kept in plain text and never expired, so they are
deleted with their table rather than carried over (make new ones: `manage.py create_token`). Its
rows in django_migrations go too, so that installing the app again would create its table again."""

from django.db import migrations


def drop_plaintext_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name('authtoken_token')}")
    schema_editor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(drop_plaintext_tokens, migrations.RunPython.noop, elidable=True)]
