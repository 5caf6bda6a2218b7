"""The Jinja2 environment of the pages (decision 0013).

Django's Jinja2 backend builds it from ``TEMPLATES[0]["OPTIONS"]["environment"]``. Every
helper is Django's own function, so that a page prints what the Django template language
printed: numbers and dates localized as ``{{ value }}`` localized them (thousands separator,
Spanish dates), text escaped by Django's ``conditional_escape`` (``&quot;``, ``&#x27;``), the
same ``date``, ``intcomma``, ``filesizeformat``... The Django template language stays for the
admin and the form widgets (``web/templates/``) and for the report documents.
"""

from __future__ import annotations

from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import defaultfilters
from django.templatetags.l10n import localize, unlocalize
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from jinja2 import Environment, Undefined, pass_context


def display(value: Any) -> Any:
    """A value as the Django template language prints ``{{ value }}``: aware datetimes in the
    current time zone, numbers and dates localized, text escaped by Django (a safe string,
    which Jinja2's own escaping leaves as it is)."""
    return conditional_escape(formats.localize(timezone.template_localtime(value)))


def _format(context, message: str, variables: dict) -> str:
    # As ``{% blocktranslate %}``: the translation as it is, each variable printed as above.
    if context.eval_ctx.autoescape:
        return mark_safe(message % {key: display(value) for key, value in variables.items()})
    return message % variables


@pass_context
def gettext(context, message: str, **variables: Any) -> str:
    return _format(context, translation.gettext(message), variables)


@pass_context
def ngettext(context, singular: str, plural: str, number: int, **variables: Any) -> str:
    variables.setdefault("num", number)
    return _format(context, translation.ngettext(singular, plural, number), variables)


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """``{% url name arg ... %}``."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def date(value: Any, arg: str | None = None) -> str:
    """Django's ``date`` filter, given the local time as the template language gives it."""
    return defaultfilters.date(timezone.template_localtime(value), arg)


def _filter(function):
    """A Django filter, given "" for an undefined variable as the template language gives it
    (``string_if_invalid``): ``{{ missing|intcomma }}`` prints nothing rather than failing."""

    def apply(value: Any, *args: Any) -> Any:
        return function("" if isinstance(value, Undefined) else value, *args)

    return apply


def environment(**options: Any) -> Environment:
    # keep_trailing_newline: a template's last line ends as in the Django template language.
    options.setdefault("keep_trailing_newline", True)
    env = Environment(
        autoescape=options.pop("autoescape", True),  # Django's backend turns it on
        extensions=["jinja2.ext.i18n"],
        finalize=display,
        **options,
    )
    env.install_gettext_translations(translation, newstyle=True)
    # Variables of {% trans %} printed and escaped as the template language prints them.
    env.globals.update(gettext=gettext, ngettext=ngettext)
    env.globals.update(url=url, static=static, get_current_language=translation.get_language)
    filters = {
        "capfirst": defaultfilters.capfirst,
        "date": date,
        "default_if_none": defaultfilters.default_if_none,
        "filesizeformat": defaultfilters.filesizeformat,
        "intcomma": intcomma,
        "linebreaksbr": defaultfilters.linebreaksbr,
        "localize": localize,
        "truncatechars": defaultfilters.truncatechars,
        "unlocalize": unlocalize,
        "upper": defaultfilters.upper,
    }
    env.filters.update({name: _filter(function) for name, function in filters.items()})
    return env
