/* tmpdb.h - removes a test's temporary database: the file, its WAL and
 * shared-memory files, and the folder made for it (mkdtemp). */
#ifndef PEEL_TESTS_TMPDB_H
#define PEEL_TESTS_TMPDB_H

#include <stdio.h>
#include <unistd.h>

static inline void peel_test_db_remove(const char *dir, const char *path)
{
    char wal[1100], shm[1100];
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);
    unlink(path);
    unlink(wal);
    unlink(shm);
    rmdir(dir);
}

#endif
