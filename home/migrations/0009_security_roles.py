"""The other two of 三员 beside 系统管理员: 安全管理员 (lockouts and two-factor resets) and 审计管理员
(the login records and the content's audit log, read-only). home.security.users keeps them apart."""

from django.db import migrations

from home.roles import AUDIT_ADMINS, SECURITY_ADMINS, grant

READ_LOGINS = ["axes.view_accessattempt", "axes.view_accesslog", "axes.view_accessfailurelog"]
ROLES = {
    SECURITY_ADMINS: [
        "wagtailadmin.access_admin",
        *READ_LOGINS,
        "axes.delete_accessattempt",  # lifts a lockout
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",  # resets a lost authenticator
    ],
    AUDIT_ADMINS: [
        "wagtailadmin.access_admin",
        *READ_LOGINS,
        "wagtailcore.view_pagelogentry",
        "wagtailcore.view_modellogentry",
    ],
}


def seed(apps, schema_editor):
    for name, permissions in ROLES.items():
        grant(apps, name, model_permissions=permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0008_login_records"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
