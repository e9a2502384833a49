"""Form fields for ids that arrive in query strings and forms."""

from django import forms
from django.core.exceptions import ValidationError

import django_filters

MAX_ID_DIGITS = 18  # a longer number overflows the database's integer before it can fail to match


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A model choice whose value is refused as an invalid choice, not a server error, when it is not
    a number the database can hold (?tour=99999999999999999999)."""

    def to_python(self, value):
        if value not in self.empty_values and not (str(value).isdigit() and len(str(value)) <= MAX_ID_DIGITS):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = BoundedModelChoiceField
