// The system's SQLite (public domain), reached as SwiftPM reaches it: a [system] module.
#ifndef ROTA_CSQLITE_SHIM_H
#define ROTA_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
