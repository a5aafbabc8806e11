"""Use cases: what a citizen, a clerk or an operator can do. Owns transactions and audit."""
