/*
 * uvirtd-server.h: uvirtd's UNIX socket server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One listening socket; each accepted client whose uid is allowed gets a
 * reader thread, and every call it sends runs in a shared pool of worker
 * threads, so a slow QEMU start never holds up another client (nor other
 * calls of the same client). A client that breaks the framing is cut off
 * alone.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "libuvirt.h"

typedef struct _UvServer UvServer;

typedef struct {
    const char *socketPath;
    uid_t allowedUid;   /* the only peer uid served */
    guint maxWorkers;   /* calls running at once, all clients together */
    guint maxClients;   /* connections open at once */
    guint maxRequests;  /* calls in flight per client */
    gboolean secureDir; /* force the socket directory to mode 0700 */
} UvServerConfig;

/*
 * Bind and listen on @cfg->socketPath (creating its directory with mode
 * 0700, replacing a stale socket, refusing when another daemon answers
 * there) and serve @conn. Accepting starts with uvServerStart().
 */
UvServer *uvServerNew(UvConnect *conn, const UvServerConfig *cfg, GError **error);
/* Accept clients from the thread-default main context. */
void uvServerStart(UvServer *srv);
/*
 * Stop accepting, remove the socket, cut every client off and wait for the
 * calls in flight to finish.
 */
void uvServerStop(UvServer *srv);
/* Stop (if needed) and free. Accepts NULL. */
void uvServerFree(UvServer *srv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvServer, uvServerFree)
