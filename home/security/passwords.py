"""Password rules of our own beside Django's (length, common, like the username, all digits)."""

import re

from django.core.exceptions import ValidationError

CLASSES = {
    "小写字母": re.compile(r"[a-z]"),
    "大写字母": re.compile(r"[A-Z]"),
    "数字": re.compile(r"[0-9]"),
    "符号": re.compile(r"[^a-zA-Z0-9]"),
}


class CharacterClassesValidator:
    """At least `min_classes` of lowercase, uppercase, digits and symbols (等保 2.0's complexity)."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if sum(bool(pattern.search(password)) for pattern in CLASSES.values()) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return f"密码要包含{'、'.join(CLASSES)}中的至少 {self.min_classes} 种。"


class UsernameNotInPasswordValidator:
    """No password holds its account's username (Django's similarity check lets "bianji-2026!A" by)."""

    def validate(self, password, user=None):
        username = (user.get_username() if user else "").lower()
        if len(username) >= 3 and username in password.lower():
            raise ValidationError(self.get_help_text(), code="password_contains_username")

    def get_help_text(self):
        return "密码里不能包含用户名。"
