"""The page cache drops only the pages a write could change, on PostgreSQL:
test_cache_groups.py's scenario on a database of a throwaway server
(pgserver.py), where the change counts are kept by the tables' triggers.
Skipped (exit 77) where PostgreSQL is not installed."""
import sys
import unittest

import pgserver
from test_cache_groups import GroupsScenario


class PostgresGroups(GroupsScenario, unittest.TestCase):
    def db(self):
        return pgserver.database("groups")


if __name__ == "__main__":
    sys.exit(pgserver.main())
