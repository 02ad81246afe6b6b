"""The launcher registers the map component ahead of the first visitor (ui.common.warm_up_map_component)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import streamlit.runtime


class _Registry:
    def __init__(self, fail: bool = False) -> None:
        self.components, self.fail = [], fail

    def register_component(self, component) -> None:
        if self.fail:
            raise RuntimeError("no registry")
        self.components.append(component)


class _Runtime:
    def __init__(self, registry: _Registry) -> None:
        self.component_registry = registry


def test_the_map_component_is_registered_with_the_running_server(monkeypatch):
    from ui.common import warm_up_map_component

    registry = _Registry()
    monkeypatch.setattr(streamlit.runtime.Runtime, "instance", classmethod(lambda cls: _Runtime(registry)))
    warm_up_map_component()
    [component] = registry.components
    assert component.name == "streamlit_folium.st_folium"
    assert (Path(component.path) / "index.html").is_file()  # served from the installed package's build


def test_a_failed_registration_leaves_the_import_to_the_page(monkeypatch):
    from ui.common import warm_up_map_component

    monkeypatch.setattr(streamlit.runtime.Runtime, "instance", classmethod(lambda cls: _Runtime(_Registry(True))))
    monkeypatch.delitem(sys.modules, "streamlit_folium", raising=False)
    with pytest.raises(RuntimeError):
        warm_up_map_component()
    assert "streamlit_folium" not in sys.modules  # the page's own import declares (and registers) it in its run
