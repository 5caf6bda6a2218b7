"""A memo in front of gettext lookups.

Our source strings are Spanish and ship without catalogs (decision 0006), so nearly every
lookup misses the merged catalog of the active language and walks its whole fallback chain:
one ``GNUTranslations`` per catalog of Django and of each contrib app (seven levels for
es-MX), each computing its plural form on the way. That is about 5 µs a call, and a page makes
a few hundred calls (bench/pages.py, docs/performance.md «Páginas»).

A translation object's catalogs never change once it is built (Django builds new objects when
a catalog file changes under the development server), so each object keeps the answers it has
given. The memo is bounded: it is emptied when it reaches ``MEMO_SIZE`` messages, so text that
reaches gettext from data cannot grow it without limit.
"""

from __future__ import annotations

from django.utils.translation import trans_real

MEMO_SIZE = 8192
_ATTRIBUTE = "_avance_gettext_memo"


def install_gettext_memo() -> None:
    """Wrap ``DjangoTranslation.gettext`` with a per-object memo (once per process)."""
    cls = trans_real.DjangoTranslation
    if getattr(cls.gettext, "avance_memo", False):
        return
    original = cls.gettext

    def gettext(self, message):
        memo = self.__dict__.get(_ATTRIBUTE)
        if memo is None:
            memo = self.__dict__[_ATTRIBUTE] = {}
        try:
            return memo[message]
        except KeyError:
            pass
        except TypeError:  # an unhashable message: leave it to gettext
            return original(self, message)
        result = original(self, message)
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        memo[message] = result
        return result

    gettext.avance_memo = True
    gettext.__wrapped__ = original
    cls.gettext = gettext
