"""站点管理员 became 系统管理员, one of 三员 (0006 names it so on a new site): a site migrated
before keeps its people and their rights under the new name."""

from django.db import migrations

from home.reference_data import rename_site_admins


class Migration(migrations.Migration):
    dependencies = [("home", "0010_audit_entries")]

    operations = [migrations.RunPython(rename_site_admins, migrations.RunPython.noop)]
