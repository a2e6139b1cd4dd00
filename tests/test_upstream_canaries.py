"""Canaries: one test per workaround of an upstream bug or private attribute in ``probation_briefing.server``.

Each names the upstream project, issue and the version pinned when it was written. A canary fails when the
private attribute it relies on disappears, or when the bug it works around is fixed: then read the
workaround's comment, and change or remove it. All run in-process (no kernel, no server).
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler
from nbclient import NotebookClient
from probation_briefing.server import extension, kernels, pages
from tornado.web import Application, RequestHandler
from traitlets.config import Configurable
from voila import server_extension
from voila.app import Voila
from voila.configuration import VoilaConfiguration
from voila.utils import create_include_assets_functions
from voila.voila_kernel_manager import voila_kernel_manager_factory


def _connections_after_a_closed_before_open_disconnect(cls: type[ZMQChannelsWebsocketConnection]) -> int | None:
    """A kernel with no open connection; a websocket connection that never ran connect() is closed: the count after."""

    async def run() -> int | None:
        mkm = AsyncMappingKernelManager()
        km = AsyncKernelManager(parent=mkm, kernel_id="k1")
        mkm._kernels["k1"] = km
        mkm._kernel_connections["k1"] = 0
        conn = cls(parent=km, websocket_handler=KernelWebsocketHandler.__new__(KernelWebsocketHandler))
        conn.disconnect()
        return mkm._kernel_connections.get("k1")

    with ThreadPoolExecutor(1) as pool:  # a loop of its own: another test may have left one running on this thread
        return pool.submit(asyncio.run, run()).result()


def test_jupyter_server_issue_1265_a_connection_closed_before_it_opened_still_miscounts_upstream():
    """jupyter_server issue 1265 (open; 2.21.1 pinned): ``disconnect()`` of a connection that never connected takes the
    kernel's connection count to -1, and the culler never shuts the kernel down. ``server.kernels.KernelConnection``
    leaves the count alone. When upstream counts 0 here, the bug is fixed: drop KernelConnection and its config lines."""
    assert _connections_after_a_closed_before_open_disconnect(ZMQChannelsWebsocketConnection) == -1
    assert _connections_after_a_closed_before_open_disconnect(kernels.KernelConnection) == 0


def test_jupyter_server_keeps_connection_counts_in_the_private_kernel_connections_dict():
    """``KernelConnection.disconnect`` lifts the kernel out of ``MappingKernelManager._kernel_connections`` (private,
    jupyter_server 2.21.1) for the duration of the upstream call, so nothing is counted or buffered."""
    mkm = AsyncMappingKernelManager()
    assert isinstance(mkm._kernel_connections, dict)
    mkm._kernel_connections["k"] = 0
    mkm.notify_connect("k")
    assert mkm._kernel_connections["k"] == 1
    source = inspect.getsource(ZMQChannelsWebsocketConnection.disconnect)
    assert "self.multi_kernel_manager._kernel_connections" in source and "start_buffering" in source


def test_voila_keeps_its_kernel_pools_in_the_private_pools_dict(tmp_path: Path):
    """Workshop mode counts the ready seats by reading ``VoilaKernelManager._pools`` (private, Voila 0.5.13): a list of
    futures per notebook, each giving ``{"task", "renderer", "kernel_id"}``."""
    manager_class = voila_kernel_manager_factory(AsyncMappingKernelManager, preheat_kernel=True, default_pool_size=1)
    parent = Configurable()
    parent.root_dir = str(tmp_path)  # type: ignore[attr-defined]  # no notebooks: no pool to fill
    parent.notebook_path = None  # type: ignore[attr-defined]
    manager = manager_class(parent=parent)
    assert manager._pools == {}
    source = inspect.getsource(manager_class)
    assert '{"task": task, "renderer": renderer, "kernel_id": kernel_id}' in source
    assert "self._pools" in source and "renderer.generate_content_hybrid" in source


def test_nbclient_counts_the_code_cells_it_has_executed():
    """Workshop mode reads a pool entry's ``renderer.executor.code_cells_executed`` (nbclient 0.11.0's NotebookClient,
    which Voila's executor extends) to tell when a preheated notebook has reached its last cell."""
    source = inspect.getsource(NotebookClient)
    assert "self.code_cells_executed = 0" in source and "self.code_cells_executed += 1" in source


def test_voila_builds_its_app_in_start_then_calls_listen():
    """``BriefingsVoila.start`` swaps ``self.listen`` for one that first adds the compression transforms: Voila 0.5.13's
    ``start()`` creates ``self.app`` and ends by calling ``self.listen()``, so the app exists only then."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(Voila.start)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    assigns_app = [i for i, n in enumerate(body) if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "self.app"]
    last = ast.unparse(body[-1])
    assert assigns_app and last == "self.listen()", last
    assert callable(Voila.listen)


def test_tornado_adds_handlers_just_before_the_last_rule():
    """The extension moves the text pages' rule to the front (``rules.insert(0, rules.pop(-2))``): tornado 6.6's
    ``add_handlers`` inserts a new host rule before the last one, so it sits at index -2."""
    app = Application([("/a", RequestHandler)])
    app.add_handlers(".*$", [("/b", RequestHandler)])
    rules = app.default_router.rules
    assert len(rules) >= 2 and rules[-2].target.rules[0].matcher.regex.pattern.startswith("/b")


def test_voilas_server_extension_passes_its_configuration_to_its_handlers():
    """``extension.install_page_config_hook`` finds Voila's configuration in its handlers' ``voila_configuration``
    keyword (Voila 0.5.13's server extension) and sets ``page_config_hook``, a VoilaConfiguration setting."""
    source = inspect.getsource(server_extension)
    assert '"voila_configuration": voila_configuration' in source
    assert "page_config_hook" in VoilaConfiguration.class_trait_names()
    assert callable(extension.install_page_config_hook)


def test_voila_kernel_manager_settings_the_server_sets_exist():
    """The server configures Voila's pools through these settings (Voila 0.5.13): the text pages are left out of the
    preheated pool, workshop mode sizes one notebook's pool and delays refills."""
    manager_class = voila_kernel_manager_factory(AsyncMappingKernelManager, preheat_kernel=True, default_pool_size=1)
    names = manager_class.class_trait_names()
    assert {"preheat_denylist", "kernel_pools_config", "fill_delay"} <= set(names)
    assert {"default_pool_size", "multi_kernel_manager_class"} <= set(VoilaConfiguration.class_trait_names())


def test_voila_keeps_its_template_environment_in_the_app_settings():
    """The text pages' error page renders Voila's template from ``settings["voila_jinja2_env"]`` with
    ``voila.utils.create_include_assets_functions`` (both Voila 0.5.13, neither documented)."""
    assert '"voila_jinja2_env"' in inspect.getsource(Voila) or "voila_jinja2_env=" in inspect.getsource(Voila)
    assert 'settings["voila_jinja2_env"]' in inspect.getsource(server_extension)
    assert set(create_include_assets_functions("probation", "/")) >= {"include_css", "include_js"}
    assert callable(pages.StaticPageHandler.write_error)
