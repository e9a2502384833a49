"""The other two of 三员 beside 系统管理员: 安全管理员 (lockouts and two-factor resets) and 审计管理员
(the login records and the content's audit log, read-only). home.security.users keeps them apart."""

from django.db import migrations

from home.reference_data import seed_security_roles


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0008_login_records"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(seed_security_roles, migrations.RunPython.noop)]
