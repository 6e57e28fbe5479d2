// libpq, PostgreSQL's own client library (libpq-dev; `pkg-config libpq` gives the include folder,
// /usr/include/postgresql on Debian). Its functions are plain C, so Swift calls them directly;
// this header only pulls them in.
#ifndef MSOKO_CLIBPQ_SHIM_H
#define MSOKO_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#include <poll.h>
#endif
