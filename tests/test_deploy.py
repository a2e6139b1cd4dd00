"""The routes to many users (Binder, JupyterHub) are configured in the repo and consistent with voila.json."""

from __future__ import annotations

import json
import re

from conftest import ROOT
from traitlets.config import Config


def test_jupyterhub_config_loads_and_points_at_the_landing_page():
    c = Config()
    code = (ROOT / "deploy" / "jupyterhub_config.py").read_text()
    exec(compile(code, "jupyterhub_config.py", "exec"), {"get_config": lambda: c})
    url = c.Spawner.default_url
    m = re.match(r"/voila/render/(.+\.ipynb)$", url)
    assert m and (ROOT / m.group(1)).exists()
    assert "--VoilaConfiguration.show_tracebacks=False" in c.Spawner.args
    assert c.Spawner.environment["JUPYTER_PATH"].endswith("share/jupyter")


def test_binder_postbuild_installs_an_existing_template():
    text = (ROOT / "postBuild").read_text()
    m = re.search(r"cp -r (\S+) ", text)
    assert m and (ROOT / m.group(1) / "index.html.j2").exists()


def test_binder_server_settings_match_voila_json():
    standalone = json.loads((ROOT / "voila.json").read_text())["VoilaConfiguration"]
    server = json.loads((ROOT / ".jupyter" / "jupyter_server_config.json").read_text())["VoilaConfiguration"]
    for key in ("template", "show_tracebacks", "strip_sources", "theme", "allow_template_override", "allow_theme_override"):
        assert server[key] == standalone[key], key
    assert server["show_tracebacks"] is False


def test_environment_yml_installs_the_library():
    assert "-e ./lib" in (ROOT / "environment.yml").read_text()
