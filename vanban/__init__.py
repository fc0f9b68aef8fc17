"""vanban: facts out of Vietnamese Party and State documents (inbox → warehouse → report, nightly).

The package maps the repository's top-level folders: `vanban.extractors` is extractors/, `vanban.flows`
is flows/, `vanban.models` is models/; the rest lives in vanban/. docs/architecture.md has the map.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("vanban")
except PackageNotFoundError:  # -- imported from a checkout that was never installed
    __version__ = "0+unknown"
