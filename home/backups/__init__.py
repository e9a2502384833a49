"""Backups of the site: the database and the media in one archive with a manifest (`manage.py
backup`), and their restore (`manage.py restore`)."""


class BackupError(Exception):
    """What went wrong, in Chinese, for the operator; nothing was changed."""
