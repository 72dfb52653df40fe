"""corpus-tools: newspaper issues in, schema-validated research datasets out."""

# The converter version: the one place it is set (pyproject.toml reads it, records and manifest.json carry it).
# Bump it whenever the output changes; tests/test_release.py compares the output with a committed snapshot.
__version__ = "0.2.0"
SCHEMA_VERSION = "1.0.0"
