"""The central office's store: PostgreSQL through psycopg 3.

The hall keeps its own SQLite file (kiosk/store); the central office keeps one
PostgreSQL database that every hall pushes to and pulls from (docs/central.md). This
package is the only place with the central's SQL: its schema (migrations/, applied by
yoyo-migrations), the halls' roles and row-level security, the registry's bulk load.
It imports neither kiosk.services nor kiosk.ui (tests/unit/test_import_hygiene.py).
"""
