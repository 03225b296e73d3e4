"""Adapters by short name: filled at import, extended by the ``freezesim.adapters`` entry point group."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points

from court_node.adapters.base import ProviderAdapter, ProviderConfig

_ADAPTERS: dict[str, type[ProviderAdapter]] = {}
ENTRY_POINT_GROUP = "freezesim.adapters"


def register(cls: type[ProviderAdapter]) -> type[ProviderAdapter]:
    """Class decorator: register an adapter under its ``adapter_name``; checked now, not at first call."""
    name = getattr(cls, "adapter_name", "")
    if not name or not getattr(cls, "dialect", ""):
        raise TypeError(f"{cls.__name__} must declare adapter_name and dialect")
    existing = _ADAPTERS.get(name)
    if existing is not None and existing is not cls:
        raise ValueError(f"adapter name {name!r} is taken by {existing.__module__}.{existing.__qualname__}")
    if getattr(cls, "__abstractmethods__", None):
        raise TypeError(f"{cls.__name__} does not implement {', '.join(sorted(cls.__abstractmethods__))}")
    _ADAPTERS[name] = cls
    return cls


def _load_builtin_and_plugins() -> None:
    import court_node.adapters.builtin  # noqa: F401  (registers bank, alipay, wechat, fake)

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        register(ep.load())


def adapter_class(name: str) -> type[ProviderAdapter]:
    _load_builtin_and_plugins()
    try:
        return _ADAPTERS[name]
    except KeyError:
        known = ", ".join(sorted(_ADAPTERS))
        raise ValueError(f"no provider adapter named {name!r}; registered: {known}") from None


def build(config: ProviderConfig, now: Callable[[], float] | None = None) -> ProviderAdapter:
    """An adapter for one configured provider, on the node's clock; unknown adapter names fail loudly."""
    return adapter_class(config.adapter)(config, now=now)


def registered() -> dict[str, type[ProviderAdapter]]:
    _load_builtin_and_plugins()
    return dict(_ADAPTERS)
