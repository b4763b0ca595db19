/* fuzz_police_outcomes.c - fuzzes the police.uk outcomes file reader (police_fuzz.h). */
#include "police_fuzz.h"

PEEL_POLICE_FUZZER(peel_crime_outcome, peel_crime_parse_outcome)
