from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.auth import LoginForm

from .slugs import child_slug


class AdminLoginForm(LoginForm):
    """Wagtail's login form, with the label its password field lacks (it showed "Password")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")


class PageForm(WagtailAdminPageForm):
    """Lets editors leave the slug empty: the page then takes the pinyin of its title, made unique
    among its siblings, on every save (draft, autosave, submit, publish) rather than failing later
    in the model with a 500."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "网址中的名称，只用字母、数字和连字符；留空则按标题自动生成拼音。"

    def clean(self):
        cleaned_data = super().clean()
        title = cleaned_data.get("title")
        if title and not cleaned_data.get("slug") and "slug" not in self.errors:
            cleaned_data["slug"] = child_slug(self.parent_page, title, type(self.instance), self.instance)
        return cleaned_data

    def get_field_updates_for_resave(self):
        # Autosave keeps the editor open: show the slug the page was given.
        return [*super().get_field_updates_for_resave(), ("slug", self.instance.slug)]
