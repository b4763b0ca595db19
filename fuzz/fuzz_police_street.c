/* fuzz_police_street.c - fuzzes the police.uk street file reader (police_fuzz.h). */
#include "police_fuzz.h"

PEEL_POLICE_FUZZER(peel_crime_street, peel_crime_parse_street)
