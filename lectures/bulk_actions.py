"""Bulk actions on the session listing: mark held, cancel. Each row is put to the permission policy,
so a team's member acts only on their own team's sessions."""

from django import forms
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from lectures.models import Session


class SessionBulkAction(SnippetBulkAction):
    models = [Session]
    template_name = "lectures/admin/confirm_bulk_session_action.html"
    question = ""  # asked above the list of sessions on the confirmation step
    confirm_label = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {
            **context,
            "action_title": self.display_name,
            "question": self.question % {"count": len(context["items"])},
            "action_button_text": self.confirm_label,
            "action_button_class": " ".join(self.classes),
        }

    def check_perm(self, session):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "change", session)

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all in listing" means the rows the user may change, not every team's.
        return self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        ).values_list("pk", flat=True)

    @staticmethod
    def act_on(session, **kwargs):
        """Change one session, through the model's own method."""
        raise NotImplementedError

    @classmethod
    def execute_action(cls, objects, **kwargs):
        for session in objects:
            cls.act_on(session, **kwargs)
            log(instance=session, action="wagtail.edit")
        return len(objects), 0


class MarkHeldBulkAction(SessionBulkAction):
    display_name = "标记为已举办"
    action_type = "mark_held"
    aria_label = "将选中的场次标记为已举办"
    question = "将以下 %(count)d 场宣讲标记为已举办？"
    confirm_label = "确认标记"
    action_priority = 10

    def get_actionable_objects(self):
        """Only sessions that have taken place: those still to come, cancelled or already marked
        are listed apart on the confirmation step and left as they are."""
        objects, context = super().get_actionable_objects()
        today = timezone.localdate()
        markable = [session for session in objects if session.may_be_marked_held(today)]
        context["items_not_markable"] = [session for session in objects if session not in markable]
        return markable, context

    @staticmethod
    def act_on(session, **kwargs):
        session.mark_held()

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"已将 {num_parent_objects} 场宣讲标记为已举办。"


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="取消原因",
        max_length=Session._meta.get_field("cancel_reason").max_length,
        help_text="公众会在日程上看到这句话，如：学校临时停课，另行安排。",
        error_messages={"required": "请写明取消原因。"},
    )


class CancelBulkAction(SessionBulkAction):
    display_name = "取消"
    action_type = "cancel"
    aria_label = "取消选中的场次"
    question = "取消以下 %(count)d 场宣讲？取消后公众在日程上会看到“已取消”和原因。"
    confirm_label = "确认取消"
    action_priority = 20
    classes = {"serious"}
    form_class = CancelForm

    def get_execution_context(self):
        return {**super().get_execution_context(), "reason": self.cleaned_form.cleaned_data["reason"]}

    @staticmethod
    def act_on(session, reason, **kwargs):
        session.cancel(reason)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"已取消 {num_parent_objects} 场宣讲。"
