"""JupyterHub settings for serving the briefings to many users (workshops, a department).

Each user gets a single-user server in which Voila runs as a server extension; the landing page
is the default URL, so users see the dashboards, not JupyterLab. Assumes the repository is checked
out at REPO and its environment installed there (`make setup`), plus `pip install jupyterhub==<your hub's
version>` in that environment for the single-user server.
Merge these lines into your hub's jupyterhub_config.py; `c` is the hub's config object.
"""
REPO = "/srv/probation-briefings"

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

c.Spawner.notebook_dir = REPO
c.Spawner.default_url = "/voila/render/briefings/index.ipynb"
c.Spawner.cmd = [f"{REPO}/.venv/bin/jupyterhub-singleuser"]
c.Spawner.environment = {"JUPYTER_PATH": f"{REPO}/share/jupyter", "JUPYTER_CONFIG_PATH": f"{REPO}/.jupyter"}
# Voila's safety: no tracebacks, no code shown, idle kernels culled (also in .jupyter/jupyter_server_config.json).
c.Spawner.args = ["--VoilaConfiguration.template=probation", "--VoilaConfiguration.show_tracebacks=False",
                  "--VoilaConfiguration.strip_sources=True", "--VoilaConfiguration.allow_template_override=NO",
                  "--VoilaConfiguration.allow_theme_override=NO"]
# Size from the load benchmark (benchmarks/load.py, results in docs/deployment.md).
c.Spawner.mem_limit = "1G"
c.Spawner.cpu_limit = 1
