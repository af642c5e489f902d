// GLPK is GPL-3.0-or-later; Rota links it and is distributed under the same licence.
#ifndef ROTA_CGLPK_SHIM_H
#define ROTA_CGLPK_SHIM_H
#include <glpk.h>
#endif
