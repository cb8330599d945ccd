"""Components registered by name and run in order over one Article, as in spaCy.

A component factory takes the pipeline config (a dict) and returns a callable
``Article -> Article``. Factories register themselves with ``@component("name")``;
the order and the options live in ``communique.config``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from communique.document import Article

Component = Callable[[Article], Article]
ComponentFactory = Callable[[dict[str, Any]], Component]

_FACTORIES: dict[str, ComponentFactory] = {}

# Modules whose import registers the built-in components.
_BUILTIN_MODULES = ("communique.extract.components",)


def component(name: str) -> Callable[[ComponentFactory], ComponentFactory]:
    """Register a component factory under ``name``."""

    def register(factory: ComponentFactory) -> ComponentFactory:
        _FACTORIES[name] = factory
        return factory

    return register


def registered() -> list[str]:
    _load_builtins()
    return sorted(_FACTORIES)


def _load_builtins() -> None:
    for module in _BUILTIN_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:  # the module itself missing, not one of its imports
            if exc.name != module:
                raise


class Pipeline:
    """The extraction components, built once and applied to each cleaned Article."""

    def __init__(self, names: list[str], config: dict[str, Any] | None = None) -> None:
        _load_builtins()
        unknown = [n for n in names if n not in _FACTORIES]
        if unknown:
            raise ValueError(f"unknown pipeline component(s): {', '.join(unknown)}; known: {registered()}")
        self.names = list(names)
        self.config = config or {}
        self.components = [_FACTORIES[n](self.config) for n in names]

    def __call__(self, article: Article) -> Article:
        for step in self.components:
            article = step(article)
        return article
