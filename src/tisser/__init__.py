"""tisser — *tisser des liens*: professional networking as a weekly method.

The package is split by concern: :mod:`tisser.core` (pure domain), :mod:`tisser.store`
(database), :mod:`tisser.cli` (command line), :mod:`tisser.i18n` (French and English).
"""

# The version, written here rather than read from the installed metadata: reading it with
# importlib.metadata costs every command more CPU than the rest of ``tisser --version``.
# tests/test_version.py checks it against pyproject.toml and the installed metadata.
__version__ = "0.1.0.dev0"

__all__ = ["__version__"]
