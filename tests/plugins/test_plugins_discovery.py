"""Plugin discovery from each source, and the plugins that must be listed as broken."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from studio.engine.discovery import default_user_dirs, discover
from studio.errors import UserError
from studio.plugins.api import API_VERSION as HOST
from studio.settings import SettingsFile

GOOD = """
from studio.plugins.api import Generator, Kind, Text

class {cls}(Generator):
    id = "{gid}"
    name = "{cls}"
    version = "3.1.4"
    output = Kind.TEXT
    accepts = (Kind.IMAGE,)
    api_version = "{api}"

    def generate(self, request, ctx):
        return Text("ok")
"""


def write(folder: Path, name: str, source: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(source))
    return path


def good(gid: str, cls: str = "Gen", api: str = "1.0") -> str:
    return GOOD.format(gid=gid, cls=cls, api=api)


def only_folders(tmp_path, **kwargs):
    return discover(repo_dir=False, entry_points=False, **kwargs)


def by_id(registry):
    return {r.id: r for r in registry}


def test_a_user_folder_plugin_file_loads(tmp_path):
    write(tmp_path / "user", "acme_text.py", good("acme.text"))
    record = by_id(only_folders(tmp_path, user_dirs=[tmp_path / "user"]))["acme.text"]
    assert record.status == "loaded" and record.error == ""
    assert record.source == f"user: {tmp_path / 'user' / 'acme_text.py'}"
    assert record.to_json() == {
        "id": "acme.text",
        "name": "Gen",
        "output": "text",
        "accepts": ["image"],
        "version": "3.1.4",
        "source": record.source,
        "status": "loaded",
        "error": None,
    }


def test_a_repo_package_with_several_generators_loads_them_all(tmp_path):
    pkg = tmp_path / "repo" / "firstparty"
    write(pkg, "one.py", good("fp.one", "One"))
    write(pkg, "two.py", good("fp.two", "Two"))
    write(
        pkg, "__init__.py", "from .one import One\nfrom .two import Two\nGENERATORS = [One, Two]\n"
    )
    write(tmp_path / "repo" / "example-plugin", "pyproject.toml", "")  # not a package: skipped
    registry = discover(repo_dir=tmp_path / "repo", user_dirs=[], entry_points=False)
    assert [(r.id, r.status) for r in registry] == [("fp.one", "loaded"), ("fp.two", "loaded")]
    assert registry.get("fp.two").__name__ == "Two"


def test_the_checkout_plugins_folder_provides_the_builtins():
    registry = discover(user_dirs=[], entry_points=False)
    ids = {r.id for r in registry if r.status == "loaded"}
    assert {"builtin.title-card", "builtin.ken-burns", "builtin.temp-score"} <= ids


def fake_distribution(site: Path, dist: str, entry_points: str) -> None:
    info = site / f"{dist.replace('-', '_')}-1.2.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.2\n")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points))


def test_entry_points_load_and_broken_ones_are_listed(tmp_path, monkeypatch):
    site = tmp_path / "site"
    write(site, "vendor_gen.py", good("vendor.gen") + "\nNOT_A_GENERATOR = 42\n")
    write(site, "vendor_broken.py", "import a_model_library_that_is_not_installed\n")
    fake_distribution(
        site,
        "vendor-plugins",
        """
        [storyreel.generators]
        vendor.gen = vendor_gen:Gen
        vendor.broken = vendor_broken:Gen
        vendor.number = vendor_gen:NOT_A_GENERATOR
        """,
    )
    monkeypatch.syspath_prepend(str(site))
    records = by_id(discover(repo_dir=False, user_dirs=[]))
    assert records["vendor.gen"].status == "loaded"
    assert records["vendor.gen"].source == "entry-point: vendor-plugins 1.2"
    assert records["vendor.broken"].status == "broken"
    assert records["vendor.broken"].error == (
        "import failed: ModuleNotFoundError: No module named "
        "'a_model_library_that_is_not_installed'"
    )
    assert records["vendor.number"].status == "broken"
    assert records["vendor.number"].error == "int is not a Generator subclass"


@pytest.mark.parametrize(
    ("source", "error"),
    [
        (
            good("x.future", api="2.0"),
            f"needs plugin API 2.0; this Storyreel provides {HOST}",
        ),
        (
            good("x.newer", api="1.9"),
            f"needs plugin API 1.9; this Storyreel provides {HOST}",
        ),
        (good("x.odd", api="one"), "api_version 'one' is not MAJOR.MINOR"),
        ("raise RuntimeError('no GPU driver')\n", "import failed: RuntimeError: no GPU driver"),
        ("def broken(:\n", "import failed: SyntaxError"),
        ("import os\n", "defines no Generator subclass"),
        (
            good("x.noparams")
            .replace(
                "class Gen",
                "from pydantic import BaseModel\nclass P(BaseModel):\n    steps: int\n\nclass Gen",
            )
            .replace('api_version = "1.0"', 'api_version = "1.0"\n    Params = P'),
            "Gen.Params field 'steps' needs a default",
        ),
        (good("x.kind").replace("Kind.TEXT", '"text"'), "Gen.output must be a Kind"),
        (
            good("x.abstract").replace("def generate", "def not_generate"),
            "Gen does not implement generate()",
        ),
    ],
)
def test_broken_plugins_are_listed_with_their_error_and_the_rest_load(tmp_path, source, error):
    user = tmp_path / "user"
    write(user, "a_broken.py", source)
    write(user, "b_good.py", good("x.good"))
    registry = only_folders(tmp_path, user_dirs=[user])
    broken = [r for r in registry if r.status == "broken"]
    assert len(broken) == 1 and broken[0].error.startswith(error)
    assert registry.get("x.good")
    with pytest.raises(UserError, match="is broken"):
        registry.get(broken[0].id)


def test_a_repeated_id_is_broken_and_the_first_one_wins(tmp_path):
    write(tmp_path / "repo", "first.py", good("dup.id", "First"))
    write(tmp_path / "user", "second.py", good("dup.id", "Second"))
    registry = discover(
        repo_dir=tmp_path / "repo", user_dirs=[tmp_path / "user"], entry_points=False
    )
    first, second = list(registry)
    assert (first.status, second.status) == ("loaded", "broken")
    assert second.error == f"duplicate id 'dup.id', already provided by {first.source}"
    assert registry.get("dup.id").__name__ == "First"


def test_disabling_a_plugin_persists_and_enabling_restores_it(tmp_path):
    write(tmp_path / "user", "p.py", good("acme.p"))
    settings = SettingsFile(tmp_path / "cfg" / "settings.json")
    registry = only_folders(tmp_path, user_dirs=[tmp_path / "user"], settings=settings)
    registry.set_enabled("acme.p", False)
    assert registry.record("acme.p").status == "disabled"
    reloaded = only_folders(tmp_path, user_dirs=[tmp_path / "user"], settings=settings)
    assert reloaded.record("acme.p").status == "disabled"
    with pytest.raises(UserError, match="acme.p is disabled"):
        reloaded.get("acme.p")
    reloaded.set_enabled("acme.p", True)
    again = only_folders(tmp_path, user_dirs=[tmp_path / "user"], settings=settings)
    assert again.get("acme.p").id == "acme.p"


def test_a_damaged_settings_file_does_not_stop_discovery(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    write(tmp_path / "user", "p.py", good("acme.p"))
    registry = only_folders(tmp_path, user_dirs=[tmp_path / "user"], settings=SettingsFile(path))
    assert registry.get("acme.p")


def test_unknown_ids_get_a_pointer_to_the_list(tmp_path):
    with pytest.raises(UserError, match="`storyreel plugins` lists them"):
        only_folders(tmp_path, user_dirs=[]).get("nobody.home")


def test_the_user_plugin_path_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYREEL_PLUGIN_PATH", f"{tmp_path / 'a'}:{tmp_path / 'b'}")
    assert default_user_dirs() == [tmp_path / "a", tmp_path / "b"]
    monkeypatch.delenv("STORYREEL_PLUGIN_PATH")
    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path / "home"))
    assert default_user_dirs() == [tmp_path / "home" / "data" / "plugins"]
