"""The family rules a hall configures: how many members, how many holders, which
relationships (the checks that apply them are in kiosk.domain.family).

Apart from kiosk.domain.family so that reading the configuration, which every command and
every kiosk start does, imports no more than these (issue 16: start-up); that module
checks ID numbers, with python-stdnum, only where a family is looked at.
"""

from __future__ import annotations

from dataclasses import dataclass

RELATIONSHIPS = ("child", "spouse", "parent", "other")


@dataclass(frozen=True)
class FamilyRules:
    max_members: int = 5
    max_holders_per_member: int = 2
    relationships: tuple[str, ...] = RELATIONSHIPS
