# SPDX-License-Identifier: MIT
"""Writes the type stubs of the _outturn extension (outturn/_outturn.pyi) from the module
itself: pybind11 puts each signature on the first line of each docstring.

    PYTHONPATH=build/python /usr/bin/python3 bindings/python/stubgen.py [OUT]

Without OUT it prints the stubs; tests/python/test_model.py checks that the checked-in file is
what this script writes, so that the stubs follow the bindings.
"""
from __future__ import annotations

import inspect
import os
import re
import sys
from typing import List

HEADER = '''# SPDX-License-Identifier: MIT
# Type stubs of outturn._outturn, written by bindings/python/stubgen.py: do not edit by hand.
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, overload

import numpy

'''


def clean(sig: str) -> str:
    sig = sig.replace("outturn._outturn.", "")
    sig = re.sub(r"numpy\.ndarray\[[^\]]*\[[^\]]*\][^\]]*\]", "numpy.ndarray", sig)
    sig = re.sub(r"numpy\.ndarray\[[^\]]*\]", "numpy.ndarray", sig)
    sig = re.sub(r" = <[^>]*>", " = ...", sig)
    sig = re.sub(r" = \[\]", " = ...", sig)
    sig = re.sub(r"-> dict$", "-> Dict[str, Any]", sig)
    sig = sig.replace("kwargs)", "kwargs: Any)")
    return sig


def signatures(obj) -> List[str]:
    doc = obj.__doc__ or ""
    lines = doc.strip().splitlines()
    if not lines:
        return []
    if lines[0].endswith("Overloaded function."):
        return [clean(re.sub(r"^\d+\. ", "", l)) for l in lines if re.match(r"^\d+\. \w+\(", l)]
    return [clean(lines[0])]


def summary(obj) -> str:
    """The docstring without pybind11's signature lines."""
    doc = (obj.__doc__ or "").strip().splitlines()
    if doc and re.match(r"^(\w+)?\(.*\) -> ", doc[0]):
        doc = doc[1:]
    return "\n".join(doc).strip()


def docstring(text: str, indent: str) -> str:
    text = text.replace("\\", "\\\\").replace('"""', "'''")
    if not text:
        return ""
    lines = text.splitlines()
    body = lines[0] + "".join("\n" + (indent + l if l.strip() else "") for l in lines[1:])
    return '%s"""%s"""\n' % (indent, body + ("\n" + indent if len(lines) > 1 else ""))


def function(name: str, obj, indent: str = "", static: bool = False) -> str:
    out = ""
    sigs = [s for s in signatures(obj) if re.match(r"^\w+\(", s)]
    if name == "__eq__":  # object's signature (mypy: Liskov)
        sigs = ["__eq__(self, other: object) -> bool"]
    for s in sigs:
        s = re.sub(r"^\w+\(", "def %s(" % name, s)
        if static:
            out += indent + "@staticmethod\n"
        if len(sigs) > 1:
            out += indent + "@overload\n"
        out += indent + s + ":\n" + (docstring(summary(obj), indent + "    ") or indent + "    ...\n")
    return out


def prop(name: str, p) -> str:
    sig = signatures(p.fget) if p.fget else []
    ret = sig[0].split("->")[-1].strip() if sig else "Any"
    out = "    @property\n    def %s(self) -> %s:\n" % (name, ret)
    out += docstring((p.__doc__ or "").strip(), "        ") or "        ...\n"
    if p.fset is not None:
        out += "    @%s.setter\n    def %s(self, value: %s) -> None: ...\n" % (name, name, ret)
    return out


def klass(name: str, cls) -> str:
    if issubclass(cls, BaseException):
        base = cls.__bases__[0].__name__
        out = "class %s(%s):\n" % (name, base)
        out += docstring((cls.__doc__ or "").strip(), "    ")
        attrs = {"ModelError": ["file: str", "line: int", "column: int", "key_path: str", "rule: str", "headline: str"],
                 "NumericalError": ["model_line: str", "period: str", "scenario: int"]}.get(name, [])
        return out + "".join("    %s\n" % a for a in attrs) + "\n"
    out = "class %s:\n" % name
    out += docstring((cls.__doc__ or "").strip(), "    ")
    for attr, value in cls.__dict__.items():
        if attr.startswith("_") and attr not in ("__init__", "__eq__", "__hash__", "__getstate__", "__setstate__"):
            continue
        if isinstance(value, property):
            out += prop(attr, value)
        elif isinstance(value, staticmethod):
            out += function(attr, value.__func__, "    ", static=True)
        elif callable(value):
            out += function(attr, value, "    ")
    return out + "\n"


def generate(module) -> str:
    out = HEADER
    names = sorted(n for n in dir(module) if not n.startswith("_") or n == "__version__")
    for n in names:
        v = getattr(module, n)
        if isinstance(v, (int, str)) and not isinstance(v, bool):
            out += "%s: %s\n" % (n, type(v).__name__)
        elif isinstance(v, list):
            out += "%s: List[%s]\n" % (n, type(v[0]).__name__ if v else "Any")
    out += "\n"
    for n in names:
        v = getattr(module, n)
        if inspect.isclass(v):
            out += klass(n, v)
    for n in names:
        v = getattr(module, n)
        if not inspect.isclass(v) and callable(v):
            out += function(n, v) + "\n"
    return out.rstrip() + "\n"


if __name__ == "__main__":
    # This script sits beside the package's sources, which lack the compiled extension.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path = [p for p in sys.path if os.path.abspath(p or ".") != here]
    from outturn import _outturn
    text = generate(_outturn)
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
