"""Adapters: one package or module per outside thing, each implementing a port."""
