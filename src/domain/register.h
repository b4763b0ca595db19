/* register.h - record types of the accountability register (register*.c). */
#ifndef PEEL_DOMAIN_REGISTER_H
#define PEEL_DOMAIN_REGISTER_H

#include "model/model.h"

/* For the registry, in dependency order. */
#define PEEL_REGISTER_TYPES

#endif
