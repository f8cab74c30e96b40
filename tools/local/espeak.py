"""A minimal ctypes binding to the espeak-ng library shipped by ``espeakng-loader``."""

from __future__ import annotations

import ctypes
import threading
from array import array
from functools import lru_cache
from typing import NamedTuple

import espeakng_loader

from tools.errors import ToolError

_AUDIO_OUTPUT_SYNCHRONOUS = 0x02
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE = 1
_SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)
_lock = threading.Lock()  # the library keeps global state: one synthesis at a time


class _Voice(ctypes.Structure):
    """``espeak_VOICE`` from speak_lib.h."""

    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_void_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


class ListedVoice(NamedTuple):
    """One entry of ``espeak_ListVoices``: gender 0 none, 1 male, 2 female; age 0 when not given."""

    name: str
    identifier: str
    languages: tuple[str, ...]
    gender: int
    age: int


def _languages(address: int | None) -> tuple[str, ...]:
    """The voice's languages: (priority byte, NUL-terminated name) pairs up to a zero byte."""
    found: list[str] = []
    while address:
        if ctypes.c_ubyte.from_address(address).value == 0:
            break
        name = ctypes.string_at(address + 1)
        found.append(name.decode(errors="replace"))
        address += 2 + len(name)
    return tuple(found)


class _Engine:
    def __init__(self) -> None:
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]
        lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
        data = espeakng_loader.get_data_path().encode()
        self.sample_rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data, 0)
        if self.sample_rate <= 0:
            raise ToolError("espeak-ng failed to initialise; reinstall espeakng-loader")
        self._buffer = array("h")
        self._callback = _SynthCallback(self._collect)  # keep a reference: C holds a pointer
        lib.espeak_SetSynthCallback(self._callback)
        self._lib = lib

    def _collect(self, wav: ctypes._Pointer[ctypes.c_short], count: int, _events: int) -> int:
        if wav and count > 0:
            self._buffer.extend(wav[:count])
        return 0

    def speak(self, text: str, voice: str, rate_wpm: int) -> array[int]:
        if self._lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise ToolError(
                f"espeak-ng has no voice {voice!r}; try en (British), en-us, en-us+f3, de, fr or es "
                "(studio voices lists them)"
            )
        self._lib.espeak_SetParameter(_PARAM_RATE, rate_wpm, 0)
        self._buffer = array("h")
        data = text.encode()
        status = self._lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
        if status != 0:
            raise ToolError(f"espeak-ng synthesis failed (status {status})")
        self._lib.espeak_Synchronize()
        return self._buffer

    def list_voices(self, variants: bool) -> list[ListedVoice]:
        spec = _Voice()
        keep = ctypes.c_char_p(b"variant")
        if variants:  # espeak lists the variants (``!v/...``) when asked for the language "variant"
            spec.languages = ctypes.cast(keep, ctypes.c_void_p).value
        table = self._lib.espeak_ListVoices(ctypes.byref(spec) if variants else None)
        listed: list[ListedVoice] = []
        index = 0
        while table[index]:
            v = table[index].contents
            name, ident = (v.name or b"").decode(errors="replace"), (v.identifier or b"").decode(errors="replace")
            listed.append(ListedVoice(name, ident, _languages(v.languages), v.gender, v.age))
            index += 1
        return listed


@lru_cache(maxsize=1)
def _engine() -> _Engine:
    return _Engine()


def synthesize(text: str, *, voice: str = "en-us", rate_wpm: int = 165) -> tuple[array[int], int]:
    """16-bit mono samples and their sample rate for ``text``."""
    with _lock:
        engine = _engine()
        return engine.speak(text, voice, rate_wpm), engine.sample_rate


def list_voices(*, variants: bool = False) -> list[ListedVoice]:
    """The installed espeak-ng's voices (``variants``: its voice variants such as ``!v/f3`` instead)."""
    with _lock:
        return _engine().list_voices(variants)
