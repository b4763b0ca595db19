/* fuzz_police_search.c - fuzzes the police.uk search file reader (police_fuzz.h). */
#include "police_fuzz.h"

PEEL_POLICE_FUZZER(peel_crime_search, peel_crime_parse_search)
