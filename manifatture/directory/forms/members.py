"""Inviting a member and changing a member's role."""

from django import forms
from django.utils.translation import gettext_lazy as _

from manifatture.forms import StyledForm

from ..models import Membership


class MemberAddForm(StyledForm):
    email = forms.EmailField(
        label=_("E-mail della persona"),
        help_text=_(
            "Riceverà un invito da accettare; se non ha ancora un account, potrà "
            "registrarsi con questo indirizzo e poi accettarlo."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Ruolo"),
        choices=Membership.Role.choices,
        initial=Membership.Role.STAFF,
        help_text=_(
            "I collaboratori modificano il profilo e le sedi; i titolari gestiscono anche i membri."
        ),
    )


class MemberRoleForm(StyledForm):
    role = forms.ChoiceField(label=_("Ruolo"), choices=Membership.Role.choices)
