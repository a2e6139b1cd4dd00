"""The briefings under a Jupyter server (JupyterHub's single-user server, Binder): a server extension giving the same
compression, cached assets, static text pages and page config as the standalone server, without Voila's app.

    jupyter server --ServerApp.jpserver_extensions="{'voila': True, 'probation_briefing.server.extension': True}"

``.jupyter/jupyter_server_config.json`` and ``deploy/z2jh-values.yaml`` name it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tornado.ioloop import IOLoop
from tornado.web import Application

from .assets import add_transforms
from .documents import document_handlers
from .pages import briefing_page_config, static_handlers


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": __name__}]


def install_page_config_hook(app: Application) -> int:
    """Give the Voila handlers of a Jupyter server (Voila's server extension) :func:`briefing_page_config`, unless
    they have a page-config hook already; returns how many Voila configurations were changed."""
    seen: set[int] = set()

    def rules(router: Any) -> Iterator[Any]:
        for rule in getattr(router, "rules", []):
            if hasattr(rule.target, "rules"):
                yield from rules(rule.target)
            else:
                yield rule

    for rule in rules(app.default_router):
        conf = (rule.target_kwargs or {}).get("voila_configuration")
        if conf is not None and id(conf) not in seen and getattr(conf, "page_config_hook", None) is None:
            conf.page_config_hook = briefing_page_config
            seen.add(id(conf))
    return len(seen)


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Under a Jupyter server (JupyterHub's single-user server): compression, cached assets, static landing page,
    the briefing documents, and the briefings' page config (chart bundle preloaded, no MathJax)."""
    web_app = serverapp.web_app
    add_transforms(web_app)
    # Voila's own extension may load after this one: its handlers are there once the server is running.
    IOLoop.current().add_callback(install_page_config_hook, web_app)
    base_url = web_app.settings.get("base_url", "/")
    ours = [*static_handlers(base_url, serverapp.root_dir)[:1], *document_handlers(base_url, serverapp.root_dir)]
    web_app.add_handlers(".*$", ours)
    # Tornado matches rules in order; put the landing page and the briefing documents (one host rule, which
    # add_handlers puts last but one) ahead of Voila's own /voila/render/ route.
    rules = web_app.default_router.rules
    rules.insert(0, rules.pop(-2))
