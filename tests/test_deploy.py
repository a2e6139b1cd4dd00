"""The routes to many users (Binder, JupyterHub) are configured in the repo and consistent with voila.json."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import ROOT
from traitlets.config import Config

SERVER_CONFIG = ROOT / ".jupyter" / "jupyter_server_config.json"


def _hub_config(monkeypatch, repo: str | None = None) -> Config:
    if repo is None:
        monkeypatch.delenv("PROBATION_REPO", raising=False)
    else:
        monkeypatch.setenv("PROBATION_REPO", repo)
    c = Config()
    code = (ROOT / "deploy" / "jupyterhub_config.py").read_text()
    exec(compile(code, "jupyterhub_config.py", "exec"), {"get_config": lambda: c})
    return c


@pytest.fixture
def z2jh() -> dict:
    return yaml.safe_load((ROOT / "deploy" / "z2jh-values.yaml").read_text())


def test_jupyterhub_config_loads_and_points_at_the_landing_page(monkeypatch):
    c = _hub_config(monkeypatch, str(ROOT))
    url = c.Spawner.default_url
    m = re.match(r"/voila/render/(.+\.ipynb)$", url)
    assert m and (ROOT / m.group(1)).exists()
    assert c.Spawner.notebook_dir == str(ROOT)
    assert "--VoilaConfiguration.show_tracebacks=False" in c.Spawner.args
    assert "--VoilaConfiguration.strip_sources=True" in c.Spawner.args
    assert c.Spawner.disable_user_config is True
    env = c.Spawner.environment
    assert env["JUPYTER_PATH"] == str(ROOT / "share" / "jupyter")
    assert env["JUPYTER_CONFIG_PATH"] == str(SERVER_CONFIG.parent)
    assert c.Spawner.cmd[0] == str(ROOT / ".venv" / "bin" / "python")


def test_jupyterhub_config_defaults_to_srv(monkeypatch):
    c = _hub_config(monkeypatch)
    assert c.Spawner.notebook_dir == "/srv/probation-briefings"
    assert c.Spawner.environment["JUPYTER_CONFIG_PATH"] == "/srv/probation-briefings/.jupyter"


def test_server_config_keeps_pages_offline_and_compressed():
    """MathJax off (Voila's server extension would otherwise load it from a CDN); responses gzipped."""
    settings = json.loads(SERVER_CONFIG.read_text())["ServerApp"]["tornado_settings"]
    assert settings["compress_response"] is True
    assert settings["mathjax_url"] is None and settings["mathjax_config"] is None


def test_z2jh_values_match_the_hub_config(monkeypatch, z2jh):
    c = _hub_config(monkeypatch)
    single = z2jh["singleuser"]
    assert single["defaultUrl"] == c.Spawner.default_url
    assert single["memory"]["limit"] and single["memory"]["guarantee"]
    assert single["cpu"]["limit"] and single["cpu"]["guarantee"]
    assert single["networkPolicy"]["egressAllowRules"]["nonPrivateIPs"] is False
    assert single["storage"]["type"] == "none"  # a home volume would hide the repository in the image
    spawner = z2jh["hub"]["config"]["Spawner"]
    assert spawner["disable_user_config"] is True
    assert [a for a in c.Spawner.args if a.startswith("--VoilaConfiguration.")] == spawner["args"]
    assert z2jh["cull"]["enabled"] is True and z2jh["cull"]["timeout"] > 0
    assert z2jh["scheduling"]["userPlaceholder"]["enabled"] is True
    assert z2jh["scheduling"]["podPriority"]["enabled"] is True  # placeholders give way only with priorities
    assert z2jh["hub"]["config"]["JupyterHub"]["authenticator_class"] not in ("dummy", "null")


def test_z2jh_server_config_is_the_repository_file(z2jh):
    files = z2jh["singleuser"]["extraFiles"]["jupyter_server_config"]
    assert files["mountPath"] == "/etc/jupyter/jupyter_server_config.json"
    assert json.loads(files["stringData"]) == json.loads(SERVER_CONFIG.read_text())


def test_z2jh_values_name_no_cdn():
    text = (ROOT / "deploy" / "z2jh-values.yaml").read_text().lower()
    for cdn in ("cdnjs", "jsdelivr", "unpkg", "googleapis"):
        assert cdn not in text, cdn


def test_binder_postbuild_installs_an_existing_template():
    text = (ROOT / "postBuild").read_text()
    m = re.search(r"cp -r (\S+) ", text)
    assert m and (ROOT / m.group(1) / "index.html.j2").exists()


def test_binder_server_settings_match_voila_json():
    standalone = json.loads((ROOT / "voila.json").read_text())["VoilaConfiguration"]
    server = json.loads(SERVER_CONFIG.read_text())["VoilaConfiguration"]
    for key in (
        "template",
        "show_tracebacks",
        "strip_sources",
        "theme",
        "allow_template_override",
        "allow_theme_override",
        "extension_denylist",
    ):
        assert server[key] == standalone[key], key
    assert server["show_tracebacks"] is False


def test_environment_yml_installs_the_library():
    assert "-e ./lib" in (ROOT / "environment.yml").read_text()
