from django.utils import translation
from django.utils.translation import gettext, trans_real

from avance.core import translation as memo


def test_memo_answers_what_gettext_answers_in_each_language():
    wrapped = trans_real.DjangoTranslation.gettext
    assert wrapped.avance_memo  # installed by the core app
    original = wrapped.__wrapped__
    messages = ["This field is required.", "Vista previa sin firmar", "Save", "", "Página"]
    for language in ("es-mx", "en", "es"):
        with translation.override(language):
            active = trans_real._active.value
            for message in messages * 2:  # the second round comes from the memo
                assert wrapped(active, message) == original(active, message)
    with translation.override("es-mx"):
        assert gettext("This field is required.") == "Este campo es obligatorio."
    with translation.override("en"):
        assert gettext("This field is required.") == "This field is required."


def test_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(memo, "MEMO_SIZE", 10)
    with translation.override("es-mx"):
        active = trans_real._active.value
        for i in range(35):
            assert gettext(f"texto de datos {i}") == f"texto de datos {i}"
        assert len(active.__dict__[memo._ATTRIBUTE]) <= 10
