/* policy.c - which pages a role may open (see policy.h).  Record, field and
 * type decisions are model/reader.c's. */
#include "web/policy.h"

bool peel_policy_page_readable(peel_role role, peel_page_access access)
{
    switch (access) {
    case PEEL_PAGE_BY_HANDLER:
    case PEEL_PAGE_EVERYONE:
        return true;
    case PEEL_PAGE_STAFF:
        return peel_reader_sees_sensitive(peel_reader_of(role));
    case PEEL_PAGE_PANEL:
        return role != PEEL_ROLE_PUBLIC;
    case PEEL_PAGE_ADMIN:
        /* Accounts: the role that alone may read and change the `user`
         * type (model/reader.c). */
        return role == PEEL_ROLE_ADMIN;
    }
    return false;
}
