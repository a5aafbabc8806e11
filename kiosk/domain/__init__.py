"""Pure rules and values. Imports neither Textual nor SQLite."""
