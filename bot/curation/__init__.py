"""Curators' tools over the engine: check, eval, bench, draft, report and the feedback store."""
