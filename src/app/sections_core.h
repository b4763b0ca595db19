/* sections_core.h - the generated sections of the register and the crime
 * engine, which predate concern folders and are declared in src/app
 * (module_register.c, module_crime.c). */
#ifndef PEEL_APP_SECTIONS_CORE_H
#define PEEL_APP_SECTIONS_CORE_H

#include "render/section.h"

extern const peel_section_decl peel_sections_register[];
extern const peel_section_decl peel_sections_crime[];

#endif
