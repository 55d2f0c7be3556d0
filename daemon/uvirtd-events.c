/*
 * uvirtd-events.c: domain lifecycle events for libvirt clients
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "uvirtd-events.h"

#include "util/uvuuid.h"

#include <string.h>

typedef struct {
    char *name;
    guint8 uuid[UV_UUID_BUFLEN];
    int id;
    int state;
    int reason;
    gboolean persistent;
} UvEventsDom;

struct _UvEvents {
    UvConnect *conn;
    guint intervalMs;
    UvEventsEmitFunc emit;
    gpointer data;
    GThread *thread;

    GMutex lock;
    GCond cond;
    int listeners;
    gboolean kicked;
    gboolean stop;
    guint generation;    /* bumped whenever @last changes outside the thread */
    int busy;            /* calls that change something, running now */
    GHashTable *pending; /* UUID strings seen paused right after shut off, once */
    GHashTable *last;    /* UUID string -> UvEventsDom, NULL without listeners */
};

static void
uvEventsDomFree(UvEventsDom *d)
{
    g_free(d->name);
    g_free(d);
}

static gboolean
uvEventsActive(int state)
{
    return state == UV_DOMAIN_RUNNING || state == UV_DOMAIN_PAUSED || state == UV_DOMAIN_BLOCKED ||
           state == UV_DOMAIN_SHUTDOWN;
}

/* The state of @dom now, or NULL when it is gone. */
static UvEventsDom *
uvEventsDomGet(UvDomain *dom)
{
    UvEventsDom *e = g_new0(UvEventsDom, 1);

    if (!uvDomainGetState(dom, &e->state, &e->reason, NULL) ||
        !uvDomainIsPersistent(dom, &e->persistent, NULL)) {
        g_free(e);
        return NULL;
    }
    e->name = g_strdup(uvDomainGetName(dom));
    uvDomainGetUUID(dom, e->uuid);
    /* Look the id up afresh: the handle's id dates from its lookup. */
    e->id = uvEventsActive(e->state) ? uvDomainGetID(dom) : -1;
    return e;
}

/* Every domain and its state now; NULL when listing failed. */
static GHashTable *
uvEventsSnapshot(UvConnect *conn)
{
    g_autoptr(GError) err = NULL;
    UvDomain **doms = uvConnectListAllDomains(conn, 0, &err);
    GHashTable *snap;

    if (!doms) {
        g_debug("events: cannot list domains: %s", err->message);
        return NULL;
    }
    snap = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)uvEventsDomFree);
    for (UvDomain **d = doms; *d; d++) {
        UvEventsDom *e = uvEventsDomGet(*d);
        char uuidstr[UV_UUID_STRING_BUFLEN];

        /* A domain gone between the list and these calls is left out. */
        if (!e)
            continue;
        uvDomainGetUUIDString(*d, uuidstr);
        g_hash_table_insert(snap, g_strdup(uuidstr), e);
    }
    uvDomainListFree(doms);
    return snap;
}

static int
uvEventsStoppedDetail(int reason)
{
    switch (reason) {
    case UV_DOMAIN_SHUTOFF_DESTROYED:
        return UV_EVENT_STOPPED_DESTROYED;
    case UV_DOMAIN_SHUTOFF_CRASHED:
        return UV_EVENT_STOPPED_CRASHED;
    case UV_DOMAIN_SHUTOFF_FAILED:
        return UV_EVENT_STOPPED_FAILED;
    default:
        return UV_EVENT_STOPPED_SHUTDOWN;
    }
}

/*
 * The events between @o (NULL: the domain did not exist) and @n (NULL: it
 * no longer exists). @stoppedDetail overrides the detail of "stopped".
 */
static void
uvEventsDiffOne(UvEvents *ev, const UvEventsDom *o, const UvEventsDom *n, int stoppedDetail)
{
    gboolean wasActive = o && uvEventsActive(o->state);
    gboolean isActive = n && uvEventsActive(n->state);
    const UvEventsDom *d = n ? n : o;

    if (!d)
        return;
    if (n && n->persistent && (!o || !o->persistent))
        ev->emit(d->name, d->uuid, d->id, UV_EVENT_DEFINED, 0, ev->data);
    if (isActive && !wasActive)
        ev->emit(d->name, d->uuid, d->id, UV_EVENT_STARTED, 0, ev->data);
    if (isActive && wasActive && o->state != UV_DOMAIN_PAUSED && n->state == UV_DOMAIN_PAUSED)
        ev->emit(d->name, d->uuid, d->id, UV_EVENT_SUSPENDED, 0, ev->data);
    if (isActive && wasActive && o->state == UV_DOMAIN_PAUSED && n->state == UV_DOMAIN_RUNNING)
        ev->emit(d->name, d->uuid, d->id, UV_EVENT_RESUMED, 0, ev->data);
    if (!isActive && wasActive)
        ev->emit(d->name, d->uuid, -1, UV_EVENT_STOPPED,
                 stoppedDetail >= 0 ? stoppedDetail : uvEventsStoppedDetail(n ? n->reason : 0),
                 ev->data);
    if (o && o->persistent && (!n || !n->persistent))
        ev->emit(d->name, d->uuid, n ? d->id : -1, UV_EVENT_UNDEFINED, 0, ev->data);
}

static UvEventsDom *
uvEventsDomCopy(const UvEventsDom *d)
{
    UvEventsDom *c = g_memdup2(d, sizeof(*d));

    c->name = g_strdup(d->name);
    return c;
}

/*
 * A domain being started by another process shows as paused until its
 * first "cont" (or with reason "starting up" where the driver says so).
 */
static gboolean
uvEventsMaybeStarting(const UvEventsDom *o, const UvEventsDom *n)
{
    if (n->state != UV_DOMAIN_PAUSED || (o && uvEventsActive(o->state)))
        return FALSE;
    return TRUE;
}

static void
uvEventsDiff(UvEvents *ev, GHashTable *old, GHashTable *now)
{
    GHashTableIter it;
    gpointer key, value;

    g_hash_table_iter_init(&it, now);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        UvEventsDom *o = g_hash_table_lookup(old, key);

        /*
         * Seen paused straight from shut off: wait one more look before
         * saying anything, so a start in progress reads as "started" alone
         * and not as "started, resumed".
         */
        if (uvEventsMaybeStarting(o, value) && !g_hash_table_contains(ev->pending, key)) {
            g_hash_table_add(ev->pending, g_strdup(key));
            if (o)
                g_hash_table_iter_replace(&it, uvEventsDomCopy(o));
            else
                g_hash_table_iter_remove(&it);
            continue;
        }
        g_hash_table_remove(ev->pending, key);
        uvEventsDiffOne(ev, o, value, -1);
    }

    g_hash_table_iter_init(&it, old);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        if (!g_hash_table_contains(now, key))
            uvEventsDiffOne(ev, value, NULL, -1);
    }
}

static gpointer
uvEventsThread(gpointer data)
{
    UvEvents *ev = data;

    g_mutex_lock(&ev->lock);
    while (!ev->stop) {
        gint64 deadline = g_get_monotonic_time() + ev->intervalMs * G_TIME_SPAN_MILLISECOND;
        GHashTable *snap;
        guint generation;

        while (!ev->stop && !ev->kicked && g_cond_wait_until(&ev->cond, &ev->lock, deadline))
            ;
        if (ev->stop)
            break;
        ev->kicked = FALSE;
        if (ev->listeners == 0 || ev->busy > 0)
            continue;
        generation = ev->generation;

        /* The driver may be slow: look without holding the lock. */
        g_mutex_unlock(&ev->lock);
        snap = uvEventsSnapshot(ev->conn);
        g_mutex_lock(&ev->lock);
        if (!snap)
            continue;
        /* A baseline taken meanwhile is newer than this snapshot. */
        if (generation != ev->generation || ev->listeners == 0 || ev->busy > 0) {
            g_hash_table_unref(snap);
            continue;
        }
        if (ev->last) {
            uvEventsDiff(ev, ev->last, snap);
            g_hash_table_unref(ev->last);
        }
        ev->last = snap;
    }
    g_mutex_unlock(&ev->lock);
    return NULL;
}

UvEvents *
uvEventsNew(UvConnect *conn, guint intervalMs, UvEventsEmitFunc emit, gpointer data)
{
    UvEvents *ev = g_new0(UvEvents, 1);

    ev->conn = conn;
    ev->intervalMs = MAX(intervalMs, 10);
    ev->emit = emit;
    ev->data = data;
    g_mutex_init(&ev->lock);
    g_cond_init(&ev->cond);
    ev->pending = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    ev->thread = g_thread_new("uvirtd-events", uvEventsThread, ev);
    return ev;
}

void
uvEventsListen(UvEvents *ev, int delta)
{
    GHashTable *baseline = NULL;

    /*
     * The first listener gets a baseline taken before its registration is
     * answered, so every change it makes afterwards is reported.
     */
    if (delta > 0)
        baseline = uvEventsSnapshot(ev->conn);

    g_mutex_lock(&ev->lock);
    ev->listeners = MAX(ev->listeners + delta, 0);
    if (ev->listeners == 0) {
        g_clear_pointer(&ev->last, g_hash_table_unref);
    } else if (baseline && !ev->last) {
        ev->last = g_steal_pointer(&baseline);
        ev->generation++;
    }
    g_mutex_unlock(&ev->lock);
    g_clear_pointer(&baseline, g_hash_table_unref);
}

void
uvEventsDomainChanged(UvEvents *ev, const guint8 *uuid, int stoppedDetail)
{
    g_autoptr(UvDomain) dom = NULL;
    UvEventsDom *now = NULL;
    char uuidstr[UV_UUID_STRING_BUFLEN];

    g_mutex_lock(&ev->lock);
    if (ev->listeners == 0 || !ev->last) {
        g_mutex_unlock(&ev->lock);
        return;
    }
    g_mutex_unlock(&ev->lock);

    if ((dom = uvDomainLookupByUUID(ev->conn, uuid, NULL)))
        now = uvEventsDomGet(dom);
    uvUUIDFormat(uuid, uuidstr);

    g_mutex_lock(&ev->lock);
    if (ev->last) {
        g_hash_table_remove(ev->pending, uuidstr);
        uvEventsDiffOne(ev, g_hash_table_lookup(ev->last, uuidstr), now, stoppedDetail);
        if (now)
            g_hash_table_insert(ev->last, g_strdup(uuidstr), g_steal_pointer(&now));
        else
            g_hash_table_remove(ev->last, uuidstr);
        /* A full snapshot taken before this is older than what we now know. */
        ev->generation++;
    }
    g_mutex_unlock(&ev->lock);
    g_clear_pointer(&now, uvEventsDomFree);
}

void
uvEventsCallBegin(UvEvents *ev)
{
    g_mutex_lock(&ev->lock);
    ev->busy++;
    ev->generation++;
    g_mutex_unlock(&ev->lock);
}

void
uvEventsCallEnd(UvEvents *ev)
{
    g_mutex_lock(&ev->lock);
    ev->busy--;
    g_mutex_unlock(&ev->lock);
}

void
uvEventsKick(UvEvents *ev)
{
    g_mutex_lock(&ev->lock);
    if (ev->listeners > 0) {
        ev->kicked = TRUE;
        g_cond_broadcast(&ev->cond);
    }
    g_mutex_unlock(&ev->lock);
}

void
uvEventsFree(UvEvents *ev)
{
    if (!ev)
        return;
    g_mutex_lock(&ev->lock);
    ev->stop = TRUE;
    g_cond_broadcast(&ev->cond);
    g_mutex_unlock(&ev->lock);
    g_thread_join(ev->thread);
    g_clear_pointer(&ev->last, g_hash_table_unref);
    g_hash_table_unref(ev->pending);
    g_mutex_clear(&ev->lock);
    g_cond_clear(&ev->cond);
    g_free(ev);
}
