"""tisser — *tisser des liens*: professional networking as a weekly method.

The package is split by concern: :mod:`tisser.core` (pure domain), :mod:`tisser.store`
(database), :mod:`tisser.cli` (command line), :mod:`tisser.i18n` (French and English).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tisser")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
