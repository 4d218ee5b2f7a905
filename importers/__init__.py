"""Importers: they turn outside data (YAML dossiers today) into records, written through
common.services like every other write. The top layer with pages/: nothing below imports it."""
