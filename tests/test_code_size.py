"""Keep every module and function in ``openviz`` small enough to read.

A module over 400 lines or a function over 80 lines is hard to review and
hard to test in parts, so the suite fails and names each offender.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "openviz"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def _long_functions(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                yield node.name, node.lineno, length


def test_package_has_modules():
    # Guards against the walk silently finding nothing (wrong path).
    assert any(p.name == "__init__.py" for p in _modules())


def test_no_module_over_400_lines():
    offenders = []
    for path in _modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            offenders.append(f"{path.relative_to(PACKAGE.parent)}: {lines} lines")
    assert not offenders, "modules over 400 lines:\n" + "\n".join(offenders)


def test_no_function_over_80_lines():
    offenders = []
    for path in _modules():
        for name, lineno, length in _long_functions(path):
            rel = path.relative_to(PACKAGE.parent)
            offenders.append(f"{rel}:{lineno}: {name}: {length} lines")
    assert not offenders, "functions over 80 lines:\n" + "\n".join(offenders)
