/*
 * uvirtd-dispatch.h: the procedure table of uvirtd
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Turns one call of libvirt's remote program into calls of the uvirt API on
 * the daemon's connection and builds the reply. Every outcome is a reply:
 * an unknown procedure, undecodable arguments or a failed API call become a
 * remote_error the client shows as "error: <message>".
 */
#pragma once

#include "libuvirt.h"
#include "remote_message.h"
#include "uvirtd-events.h"

/* What one client connection has said so far. */
typedef struct {
    gint opened;      /* CONNECT_OPEN seen (atomic) */
    gint readonly;    /* opened with VIR_CONNECT_RO (atomic) */
    gint lifecycle;   /* wants lifecycle events (atomic) */
    UvEvents *events; /* where listeners register; NULL: no events */
    GMutex lock;
    char *name; /* URI the client opened, for CONNECT_GET_URI */
} UvDispatchSession;

void uvDispatchSessionInit(UvDispatchSession *sess, UvEvents *events);
void uvDispatchSessionClear(UvDispatchSession *sess);

/*
 * Run the call @hdr with @len payload bytes at @payload against @conn and
 * return the finished reply message (never NULL). Safe to call from several
 * threads at once.
 */
GByteArray *uvDispatchCall(UvConnect *conn, UvDispatchSession *sess, const UvRemoteHeader *hdr,
                           const guint8 *payload, gsize len);

/* A finished error reply to @hdr with libvirt error @code / @domain and @message. */
GByteArray *uvDispatchErrorReply(const UvRemoteHeader *hdr, gint32 code, gint32 domain,
                                 const char *message);

/* A finished lifecycle event message (program message, not a reply). */
GByteArray *uvDispatchLifecycleMessage(const char *name, const guint8 *uuid, int id, int event,
                                       int detail);

/* The name of procedure @proc for logs, or NULL when we do not serve it. */
const char *uvDispatchProcName(gint32 proc);
