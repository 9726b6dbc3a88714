"""Outputs: text tables, CSV tables, maps and reports."""
