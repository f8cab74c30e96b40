"""Which backend runs a catalog model: a plain dict registry with a typed lookup error."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tools.errors import NoBackendError
from tools.local.grade import LocalGrade
from tools.local.keyframes import LocalKeyframes
from tools.local.matte import LocalMatte
from tools.local.motion import LocalMotion
from tools.local.speech import LocalSpeech
from tools.local.upscale import LocalUpscaler
from tools.recipe import Capability

T = TypeVar("T")
Factory = Callable[[], object]

_FACTORIES: dict[str, Factory] = {
    "local/keyframe": LocalKeyframes,
    "local/motion": LocalMotion,
    "local/speech": LocalSpeech,
    "local/upscale": LocalUpscaler,
    "local/matte": LocalMatte,
    "local/grade": LocalGrade,
}
_instances: dict[str, object] = {}
_routes: dict[str, str] = {}
_unsupported: dict[str, dict[Capability, frozenset[str]]] = {}


def register(
    model_id: str,
    factory: Factory,
    *,
    route: str = "local",
    unsupported: dict[Capability, frozenset[str]] | None = None,
) -> None:
    """Make ``factory`` the backend for ``model_id`` (providers at start-up; tests to inject fakes).

    ``route`` names who runs it (``local``, ``fal``…); ``unsupported`` lists, per capability, the
    recipe fields that route cannot honour, so the plan can say so before anything is spent.
    """
    _FACTORIES[model_id] = factory
    _routes[model_id] = route
    _unsupported[model_id] = unsupported or {}
    _instances.pop(model_id, None)


def unregister(model_id: str) -> None:
    """Forget a backend registered with :func:`register`."""
    _FACTORIES.pop(model_id, None)
    _instances.pop(model_id, None)
    _routes.pop(model_id, None)
    _unsupported.pop(model_id, None)


def route(model_id: str) -> str:
    """Who runs ``model_id`` here: ``local``, a provider name, or ``unrouted``."""
    return _routes.get(model_id, "local" if model_id.startswith("local/") else "unrouted")


def unsupported(model_id: str, capability: Capability) -> frozenset[str]:
    """Recipe fields the configured route for ``model_id`` cannot honour."""
    return _unsupported.get(model_id, {}).get(capability, frozenset())


def available(model_id: str) -> bool:
    """Whether some backend can run ``model_id`` on this machine now."""
    return model_id in _FACTORIES


def backend(model_id: str, protocol: type[T]) -> T:
    """The backend for ``model_id``, checked to offer ``protocol``."""
    if model_id not in _FACTORIES:
        raise NoBackendError(
            f"no backend runs {model_id!r} here: no provider for it is configured; "
            "use a local/* model or configure a provider key"
        )
    if model_id not in _instances:
        _instances[model_id] = _FACTORIES[model_id]()
    instance = _instances[model_id]
    if not isinstance(instance, protocol):
        raise NoBackendError(f"{model_id!r} cannot do {protocol.__name__}")
    return instance
