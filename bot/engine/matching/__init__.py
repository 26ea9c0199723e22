"""The intent layer: read a message, rank the entries, and decide by meaning (see decision)."""
