"""Plugins on a cluster's machines: the checkout's plugin packages travel in Ray's runtime
env, and a worker that lacks a generator's file imports it from the package that came."""

from __future__ import annotations

from pathlib import Path

from studio.engine.cluster import with_first_party_plugins
from studio.engine.cluster_actor import local_ref
from studio.engine.protocol import resolve_ref

REPO = Path(__file__).resolve().parents[2]

PLUGIN = """
from studio.plugins.api import Generator, Image, Kind


class Far(Generator):
    id = "tests.far"
    output = Kind.IMAGE

    def generate(self, request, ctx):
        raise NotImplementedError
"""


def test_the_checkouts_plugin_packages_go_along_with_the_users_runtime_env():
    env = with_first_party_plugins({"pip": ["my-plugin-deps"], "py_modules": ["/mine"]})
    assert env["pip"] == ["my-plugin-deps"]
    assert env["py_modules"][0] == "/mine"
    assert str(REPO / "plugins" / "diffusers_image") in env["py_modules"]
    assert all(Path(p, "__init__.py").is_file() for p in env["py_modules"][1:])


def test_a_generator_whose_file_is_elsewhere_comes_from_the_shipped_package(tmp_path, monkeypatch):
    shipped = tmp_path / "shipped" / "far_plugin"  # where Ray unpacks py_modules
    shipped.mkdir(parents=True)
    (shipped / "__init__.py").write_text(PLUGIN)
    monkeypatch.syspath_prepend(str(shipped.parent))
    ref = {  # as the editor's machine names it: under a made-up name, from its own file
        "module": "storyreel_plugins_repo_far_plugin_0123abcd",
        "qualname": "Far",
        "origin": "/home/someone/storyreel/plugins/far_plugin/__init__.py",
        "package": True,
    }
    here = local_ref(ref)
    assert here["origin"] == str(shipped / "__init__.py")
    assert resolve_ref(here).id == "tests.far"
    wrapped = local_ref({"factory": ref, "args": [{"generator": ref}, {"value": 3}]})
    assert wrapped["factory"] == here and wrapped["args"] == [{"generator": here}, {"value": 3}]
    present = {**ref, "origin": str(shipped / "__init__.py")}
    assert local_ref(present) == present  # a file that is here is used as it is
