/*
 * uvirtd-events.h: domain lifecycle events for libvirt clients
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The uvirt API has no event stream, so while at least one client listens
 * a thread compares snapshots of every domain's state — once a second, and
 * at once after each call that changes something — and turns each
 * difference into libvirt's lifecycle event (defined, started, suspended,
 * resumed, stopped, undefined). Changes made by other processes on the same
 * URI (uvirsh embedded, a guest powering off) are seen the same way.
 */
#pragma once

#include "libuvirt.h"

typedef struct _UvEvents UvEvents;

/* virDomainEventType and the detail values uvirtd produces. */
enum {
    UV_EVENT_DEFINED = 0,
    UV_EVENT_UNDEFINED = 1,
    UV_EVENT_STARTED = 2,
    UV_EVENT_SUSPENDED = 3,
    UV_EVENT_RESUMED = 4,
    UV_EVENT_STOPPED = 5,
};
enum {
    UV_EVENT_STOPPED_SHUTDOWN = 0,
    UV_EVENT_STOPPED_DESTROYED = 1,
    UV_EVENT_STOPPED_CRASHED = 2,
    UV_EVENT_STOPPED_FAILED = 5,
};

/* Called from the events thread for every event, in order. */
typedef void (*UvEventsEmitFunc)(const char *name, const guint8 *uuid, int id, int event,
                                 int detail, gpointer data);

/* Start the events thread for @conn; @emit receives the events. */
UvEvents *uvEventsNew(UvConnect *conn, guint intervalMs, UvEventsEmitFunc emit, gpointer data);
/* One more (@delta 1) or one fewer (-1) listener; polling happens only with listeners. */
void uvEventsListen(UvEvents *ev, int delta);
/*
 * A call through uvirtd changed the domain @uuid: report its events now, in
 * the order the calls happened, rather than at the next tick (where quick
 * changes would merge). @stoppedDetail is the detail of a "stopped" event
 * when the caller knows it (destroy), or -1 to derive it from the state's
 * reason.
 */
void uvEventsDomainChanged(UvEvents *ev, const guint8 *uuid, int stoppedDetail);
/*
 * Bracket every call that changes something. While one runs, the periodic
 * look is skipped: it could catch a domain half-way (QEMU paused before its
 * first "cont") and report a change that never completed.
 */
void uvEventsCallBegin(UvEvents *ev);
void uvEventsCallEnd(UvEvents *ev);
/* Look at every domain now rather than at the next tick. */
void uvEventsKick(UvEvents *ev);
/* Stop the thread and free. Accepts NULL. */
void uvEventsFree(UvEvents *ev);
