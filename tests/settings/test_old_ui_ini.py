"""The editor's old ui.ini is read without Qt exactly as QSettings reads it back."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QByteArray, QSettings

from studio.settings.qsettings_ini import read_ini

paths = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\x00"),
    min_size=1,
    max_size=30,
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    recent=st.lists(paths, min_size=2, max_size=4),
    geometry=st.binary(max_size=64),
    state=st.binary(max_size=64),
)
def test_what_qsettings_wrote_reads_back_the_same(tmp_path, recent, geometry, state):
    path = tmp_path / "ui.ini"
    path.unlink(missing_ok=True)
    qt = QSettings(str(path), QSettings.Format.IniFormat)
    qt.setValue("recent", recent)
    qt.setValue("window/geometry", QByteArray(geometry))
    qt.setValue("window/state", QByteArray(state))
    qt.setValue("welcome/shown", True)
    qt.sync()
    del qt
    values = read_ini(path.read_text(encoding="utf-8"))
    assert values["recent"] == recent
    assert values["window/geometry"] == geometry
    assert values["window/state"] == state
    assert values["welcome/shown"] == "true"
