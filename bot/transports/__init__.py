"""Thin adapters that carry questions to the engine and render its replies: terminal, Discord."""
