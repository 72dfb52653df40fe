"""corpus-tools: newspaper issues in, schema-validated research datasets out."""

__version__ = "0.1.0"
SCHEMA_VERSION = "1.0.0"
