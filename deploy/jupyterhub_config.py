"""JupyterHub settings for serving the briefings to many users (workshops, a department).

Each user gets a single-user server in which Voila runs as a Jupyter server extension. The landing
page is the default URL, so users see the dashboards, not JupyterLab: after sign-in they land on
/user/<name>/voila/render/briefings/index.ipynb.

Assumes the repository is checked out at REPO (the PROBATION_REPO environment variable of the hub,
default /srv/probation-briefings), its environment installed there (`make setup`), plus
`pip install jupyterhub==<your hub's version>` in that environment for the single-user server.
Either load this file from your hub's jupyterhub_config.py with `load_subconfig("<REPO>/deploy/jupyterhub_config.py")`
or copy its lines; `c` is the hub's config object. tests/test_jupyterhub.py runs a real hub with it
(`make hub-test`).
"""

import os

REPO = os.environ.get("PROBATION_REPO", "/srv/probation-briefings")

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

# The server's root is the repository, as on Binder, so the landing page's links and the data paths work.
# JupyterHub 2+ passes these two to the single-user server as JUPYTERHUB_ROOT_DIR and JUPYTERHUB_DEFAULT_URL.
c.Spawner.notebook_dir = REPO
c.Spawner.default_url = "/voila/render/briefings/index.ipynb"
# The repository's own Python, so kernels import the probation_briefing library installed there.
c.Spawner.cmd = [f"{REPO}/.venv/bin/python", "-m", "jupyterhub.singleuser"]
# JUPYTER_PATH: the project's Voila template (no CDN requests).
# JUPYTER_CONFIG_PATH: .jupyter/jupyter_server_config.json, the same file Binder uses: Voila's safety
# settings, idle-kernel culling and compressed responses.
c.Spawner.environment = {
    "JUPYTER_PATH": f"{REPO}/share/jupyter",
    "JUPYTER_CONFIG_PATH": f"{REPO}/.jupyter",
    "JUPYTER_PLATFORM_DIRS": "1",
}
# Users' own ~/.jupyter files cannot change the settings below or those in .jupyter/.
c.Spawner.disable_user_config = True
# Voila's safety, repeated on the command line (which wins over any config file): the project template,
# no tracebacks, no code shown, and `?template=` or `?theme=` in a link ignored.
# A server with no kernels and no requests for an hour stops itself; the next visit starts it again.
c.Spawner.args = [
    "--VoilaConfiguration.template=probation",
    "--VoilaConfiguration.show_tracebacks=False",
    "--VoilaConfiguration.strip_sources=True",
    "--VoilaConfiguration.allow_template_override=NO",
    "--VoilaConfiguration.allow_theme_override=NO",
    "--ServerApp.shutdown_no_activity_timeout=3600",
]
# A kernel takes about 185 MB and a user typically has one to three open. Container spawners
# (DockerSpawner, KubeSpawner) enforce these; the default LocalProcessSpawner does not.
c.Spawner.mem_limit = "1G"
c.Spawner.cpu_limit = 1
