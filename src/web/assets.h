/* assets.h - static files compiled into peel (the CSS and JavaScript in web/,
 * turned into assets_data.c in the build folder by web/embed.cmake), served with strong ETags. */
#ifndef PEEL_WEB_ASSETS_H
#define PEEL_WEB_ASSETS_H

#include <stddef.h>

typedef struct peel_asset {
    const char *name;
    const char *ctype;
    const char *data;
    size_t len;
} peel_asset;

extern const peel_asset peel_assets[];

#endif
