/* clock.h - the injectable clock.  "Today" and "now" come from here only.
 * Tests fix them with peel_clock_set(), and end-to-end tests with the
 * environment: PEEL_TODAY=2023-07-26 (now is then that day at 12:00:00Z)
 * or PEEL_NOW=2023-07-26T09:30:00Z. */
#ifndef PEEL_CORE_CLOCK_H
#define PEEL_CORE_CLOCK_H

#include <stdint.h>

#include "core/date.h"

peel_date peel_clock_today(void);
/* Seconds since the epoch, UTC. */
int64_t peel_clock_now(void);
/* "2023-07-26T09:30:00Z" into out (at least 21 bytes). */
void peel_clock_format(int64_t t, char out[static 21]);
/* Fixes the clock (t >= 0) or returns it to the environment/system (t < 0). */
void peel_clock_set(int64_t t);

#endif
