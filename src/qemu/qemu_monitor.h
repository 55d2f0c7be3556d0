/*
 * qemu_monitor.h: a small QMP client
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One connection to QEMU's QMP socket, used for one operation and closed:
 * uvirt keeps no monitor open between calls, so any process can talk to a
 * guest. Every read is bounded by the connection's timeout; asynchronous
 * events that arrive while waiting for a reply are dropped unless waited for
 * with uvQemuMonitorWaitEvent().
 */
#pragma once

#include <glib.h>

#include "util/uvjson.h"

typedef struct _UvQemuMonitor UvQemuMonitor;

/*
 * Connect to the QMP socket at @path (any length: long paths go through
 * /proc/self/fd), read the greeting and leave capabilities negotiation done.
 * Each later read waits at most @timeoutMs milliseconds.
 */
UvQemuMonitor *uvQemuMonitorOpen(const char *path, guint timeoutMs, GError **error);

/*
 * A listening UNIX socket at @path (any length, as above) for QEMU to be
 * handed as its QMP monitor: an old socket at @path is replaced, the new one
 * is mode 0600. Returns the fd (O_CLOEXEC), or -1 with nothing created.
 */
int uvQemuMonitorListen(const char *path, GError **error);

/* The same over an already connected socket @fd, which the monitor takes over (even on failure). */
UvQemuMonitor *uvQemuMonitorOpenFd(int fd, guint timeoutMs, GError **error);

void uvQemuMonitorClose(UvQemuMonitor *mon);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(UvQemuMonitor, uvQemuMonitorClose)

/* QEMU's version from the greeting, major * 1000000 + minor * 1000 + micro. */
gulong uvQemuMonitorGetVersion(UvQemuMonitor *mon);

/*
 * Execute @command with @arguments (an object or NULL; taken over) and return
 * the reply's "return" value (caller frees). A QMP error reply becomes
 * UV_ERROR_OPERATION_FAILED with QEMU's description.
 */
UvJson *uvQemuMonitorCommand(UvQemuMonitor *mon, const char *command, UvJson *arguments,
                             GError **error);

gboolean uvQemuMonitorCont(UvQemuMonitor *mon, GError **error);
gboolean uvQemuMonitorStop(UvQemuMonitor *mon, GError **error);
gboolean uvQemuMonitorSystemPowerdown(UvQemuMonitor *mon, GError **error);
gboolean uvQemuMonitorSystemReset(UvQemuMonitor *mon, GError **error);
/* Ask QEMU to exit; the connection closing right after counts as success. */
gboolean uvQemuMonitorQuit(UvQemuMonitor *mon, GError **error);

/* query-status: QEMU's run state ("running", "paused", "prelaunch", ...) and whether vCPUs run. */
gboolean uvQemuMonitorQueryStatus(UvQemuMonitor *mon, char **status, gboolean *running,
                                  GError **error);

/* Wait up to @timeoutMs for the event @name; its "data" member is returned when @data is set. */
gboolean uvQemuMonitorWaitEvent(UvQemuMonitor *mon, const char *name, guint timeoutMs,
                                UvJson **data, GError **error);
