"""The demo: fictitious people (registry.py, seed data) and what puts them in a
database, with a few accounts pre-activated (builder.py). Not used in a real hall."""
