/*
 * uvirtd-server.c: uvirtd's UNIX socket server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "uvirtd-server.h"

#include "util/uvfile.h"
#include "remote_protocol.h"
#include "uvirtd-dispatch.h"

#include <errno.h>
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

typedef struct _UvServerClient UvServerClient;

struct _UvServer {
    UvConnect *conn;
    char *socketPath;
    uid_t allowedUid;
    guint maxClients;
    guint maxRequests;
    int listenFd;
    guint acceptSource;
    GThreadPool *pool;
    UvEvents *events;

    GMutex lock;
    GCond cond;
    GPtrArray *clients; /* live clients, not owning */
    gboolean stopping;
    gboolean stopped;
    guint64 nextId;
};

struct _UvServerClient {
    gint refs;
    UvServer *srv;
    guint64 id;
    int fd;
    pid_t pid;
    uid_t uid;
    GMutex writeLock;
    GMutex lock;
    GCond cond;
    guint inflight;
    UvDispatchSession sess;
};

typedef struct {
    UvServerClient *client;
    GBytes *msg;
    UvRemoteHeader hdr;
} UvServerJob;

static UvServerClient *
uvServerClientRef(UvServerClient *c)
{
    g_atomic_int_inc(&c->refs);
    return c;
}

static void
uvServerClientUnref(UvServerClient *c)
{
    if (!c || !g_atomic_int_dec_and_test(&c->refs))
        return;
    uvCloseFdp(&c->fd);
    g_mutex_clear(&c->writeLock);
    g_mutex_clear(&c->lock);
    g_cond_clear(&c->cond);
    uvDispatchSessionClear(&c->sess);
    g_free(c);
}

/*
 * How long a reply may take to go out, however slowly the client reads: a
 * client that stops reading must not hold a worker for longer.
 */
#define UV_SERVER_SEND_TIMEOUT_MS (30 * 1000)
/* How long an event waits for a reply being written to the same client. */
#define UV_SERVER_EVENT_LOCK_WAIT_S 2

/*
 * Take @c's write lock for an event. A reply being written holds it, for as
 * long as the send timeout when the client does not read: FALSE when it is
 * not free within UV_SERVER_EVENT_LOCK_WAIT_S.
 */
static gboolean
uvServerClientLockForEvent(UvServerClient *c)
{
    gint64 deadline = g_get_monotonic_time() + UV_SERVER_EVENT_LOCK_WAIT_S * G_USEC_PER_SEC;

    while (!g_mutex_trylock(&c->writeLock)) {
        if (g_get_monotonic_time() >= deadline)
            return FALSE;
        g_usleep(1000);
    }
    return TRUE;
}

/*
 * Send @msg to @c. A reply may wait for the client to read, up to
 * UV_SERVER_SEND_TIMEOUT_MS in all; an event (@wait FALSE) goes out from
 * under the events lock and must not wait: a client whose socket cannot
 * take it at once, or that has left a reply unread for seconds, is cut off
 * rather than holding up every other client's calls and events.
 */
static void
uvServerClientSend(UvServerClient *c, GByteArray *msg, gboolean wait)
{
    g_autoptr(GError) err = NULL;
    gboolean ok;

    if (wait) {
        g_mutex_lock(&c->writeLock);
    } else if (!uvServerClientLockForEvent(c)) {
        g_info("client %" G_GUINT64_FORMAT ": a reply has waited %d s for it to read; "
               "closing the connection",
               c->id, UV_SERVER_EVENT_LOCK_WAIT_S);
        shutdown(c->fd, SHUT_RDWR);
        return;
    }
    ok = uvRemoteMessageWriteTimeout(c->fd, msg, wait ? UV_SERVER_SEND_TIMEOUT_MS : 0, &err);
    g_mutex_unlock(&c->writeLock);
    if (!ok) {
        g_info("client %" G_GUINT64_FORMAT ": %s; closing the connection", c->id, err->message);
        /* Wakes the reader thread, which ends the connection. */
        shutdown(c->fd, SHUT_RDWR);
    }
}

static void
uvServerWorker(gpointer data, gpointer user_data)
{
    UvServerJob *job = data;
    UvServerClient *c = job->client;
    UvServer *srv = user_data;
    gsize len;
    const guint8 *p = g_bytes_get_data(job->msg, &len);
    g_autoptr(GByteArray) reply = NULL;
    gint64 start = g_get_monotonic_time();

    reply = uvDispatchCall(srv->conn, &c->sess, &job->hdr, p + UV_REMOTE_HEADER_SIZE,
                           len - UV_REMOTE_HEADER_SIZE);
    g_debug("client %" G_GUINT64_FORMAT ": procedure %d serial %u done in %" G_GINT64_FORMAT " us",
            c->id, job->hdr.proc, job->hdr.serial, g_get_monotonic_time() - start);
    uvServerClientSend(c, reply, TRUE);

    g_mutex_lock(&c->lock);
    c->inflight--;
    g_cond_broadcast(&c->cond);
    g_mutex_unlock(&c->lock);

    g_bytes_unref(job->msg);
    uvServerClientUnref(c);
    g_free(job);
}

static void
uvServerReplyError(UvServerClient *c, const UvRemoteHeader *hdr, gint32 code, const char *message)
{
    g_autoptr(GByteArray) reply = uvDispatchErrorReply(hdr, code, UV_VIR_FROM_RPC, message);

    uvServerClientSend(c, reply, TRUE);
}

/* Handle one message; FALSE means the peer broke the protocol and is cut off. */
static gboolean
uvServerClientMessage(UvServerClient *c, GBytes *msg)
{
    UvServer *srv = c->srv;
    UvRemoteHeader hdr;
    UvXdrReader r;
    gsize len;
    const guint8 *p = g_bytes_get_data(msg, &len);
    UvServerJob *job;

    uvXdrReaderInit(&r, p, len);
    /* The length check guarantees a whole header. */
    if (!uvRemoteHeaderDecode(&r, &hdr, NULL))
        return FALSE;

    if (hdr.prog == UV_KEEPALIVE_PROGRAM) {
        /* Not advertised, but answering a ping costs nothing. */
        if (hdr.type == UV_REMOTE_MESSAGE && hdr.proc == UV_KEEPALIVE_PROC_PING) {
            UvRemoteHeader pong = hdr;
            g_autoptr(GByteArray) m = NULL;

            pong.proc = UV_KEEPALIVE_PROC_PONG;
            m = uvRemoteMessageNew(&pong);
            (void)uvRemoteMessageFinish(m, NULL);
            uvServerClientSend(c, m, TRUE);
        }
        return TRUE;
    }
    if (hdr.type != UV_REMOTE_CALL && hdr.type != UV_REMOTE_CALL_WITH_FDS) {
        g_warning("client %" G_GUINT64_FORMAT " (pid %d) sent a message of type %d, "
                  "which uvirtd does not handle; closing the connection",
                  c->id, (int)c->pid, hdr.type);
        return FALSE;
    }
    if (hdr.prog != UV_REMOTE_PROGRAM || hdr.vers != UV_REMOTE_PROTOCOL_VERSION) {
        g_autofree char *m =
            g_strdup_printf(_("Cannot find program %u version %u"), hdr.prog, hdr.vers);

        uvServerReplyError(c, &hdr, UV_VIR_ERR_RPC, m);
        return TRUE;
    }
    if (hdr.type == UV_REMOTE_CALL_WITH_FDS) {
        uvServerReplyError(c, &hdr, UV_VIR_ERR_RPC,
                           _("uvirtd does not accept file descriptors from clients"));
        return TRUE;
    }

    g_mutex_lock(&c->lock);
    while (c->inflight >= srv->maxRequests)
        g_cond_wait(&c->cond, &c->lock);
    c->inflight++;
    g_mutex_unlock(&c->lock);

    job = g_new0(UvServerJob, 1);
    job->client = uvServerClientRef(c);
    job->msg = g_bytes_ref(msg);
    job->hdr = hdr;
    g_thread_pool_push(srv->pool, job, NULL);
    return TRUE;
}

static gpointer
uvServerClientThread(gpointer data)
{
    UvServerClient *c = data;
    UvServer *srv = c->srv;

    for (;;) {
        g_autoptr(GError) err = NULL;
        g_autoptr(GBytes) msg = NULL;

        if (!uvRemoteMessageRead(c->fd, &msg, &err)) {
            g_warning("client %" G_GUINT64_FORMAT " (pid %d): %s; closing the connection", c->id,
                      (int)c->pid, err->message);
            break;
        }
        if (!msg) {
            g_info("client %" G_GUINT64_FORMAT " (pid %d) disconnected", c->id, (int)c->pid);
            break;
        }
        if (!uvServerClientMessage(c, msg))
            break;
    }

    shutdown(c->fd, SHUT_RDWR);
    g_mutex_lock(&c->lock);
    while (c->inflight > 0)
        g_cond_wait(&c->cond, &c->lock);
    g_mutex_unlock(&c->lock);
    /* No call of this client runs any more: it can stop listening for good. */
    if (g_atomic_int_compare_and_exchange(&c->sess.lifecycle, 1, 0))
        uvEventsListen(srv->events, -1);

    g_mutex_lock(&srv->lock);
    g_ptr_array_remove_fast(srv->clients, c);
    g_cond_broadcast(&srv->cond);
    g_mutex_unlock(&srv->lock);
    uvServerClientUnref(c);
    return NULL;
}

/* The events thread's callback: one lifecycle event to every client listening. */
static void
uvServerEmitLifecycle(const char *name, const guint8 *uuid, int id, int event, int detail,
                      gpointer data)
{
    UvServer *srv = data;
    g_autoptr(GByteArray) msg = uvDispatchLifecycleMessage(name, uuid, id, event, detail);
    g_autoptr(GPtrArray) to = g_ptr_array_new();

    g_debug("event: domain '%s' event %d detail %d", name, event, detail);
    g_mutex_lock(&srv->lock);
    for (guint n = 0; n < srv->clients->len; n++) {
        UvServerClient *c = srv->clients->pdata[n];

        if (g_atomic_int_get(&c->sess.lifecycle))
            g_ptr_array_add(to, uvServerClientRef(c));
    }
    g_mutex_unlock(&srv->lock);
    for (guint n = 0; n < to->len; n++) {
        uvServerClientSend(to->pdata[n], msg, FALSE);
        uvServerClientUnref(to->pdata[n]);
    }
}

static gboolean uvServerAccept(gint fd, GIOCondition cond, gpointer data);

static gboolean
uvServerResume(gpointer data)
{
    UvServer *srv = data;

    srv->acceptSource = g_unix_fd_add(srv->listenFd, G_IO_IN, uvServerAccept, srv);
    return G_SOURCE_REMOVE;
}

static gboolean
uvServerAccept(gint fd, GIOCondition cond, gpointer data)
{
    UvServer *srv = data;
    UV_AUTOCLOSE int cfd = -1;
    struct ucred cred;
    socklen_t credlen = sizeof(cred);
    UvServerClient *c;
    GThread *thread;
    g_autoptr(GError) err = NULL;

    cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
    if (cfd < 0) {
        if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED)
            return G_SOURCE_CONTINUE;
        g_warning("accept on '%s' failed: %s; pausing for a second", srv->socketPath,
                  g_strerror(errno));
        /*
         * Out of fds (or memory) the socket stays readable: stop watching it
         * for a while instead of spinning on the same failure.
         */
        srv->acceptSource = g_timeout_add_seconds(1, uvServerResume, srv);
        return G_SOURCE_REMOVE;
    }
    if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cred, &credlen) < 0) {
        g_warning("cannot read the credentials of a new client, refusing it: %s",
                  g_strerror(errno));
        return G_SOURCE_CONTINUE;
    }
    if (cred.uid != srv->allowedUid) {
        g_warning("refusing connection from uid %u (pid %d): this daemon serves uid %u only",
                  (unsigned)cred.uid, (int)cred.pid, (unsigned)srv->allowedUid);
        return G_SOURCE_CONTINUE;
    }

    g_mutex_lock(&srv->lock);
    if (srv->stopping || srv->clients->len >= srv->maxClients) {
        g_mutex_unlock(&srv->lock);
        g_warning("refusing connection from pid %d: %u clients already connected", (int)cred.pid,
                  srv->maxClients);
        return G_SOURCE_CONTINUE;
    }
    c = g_new0(UvServerClient, 1);
    c->refs = 1;
    c->srv = srv;
    c->id = ++srv->nextId;
    c->fd = uvStealFd(&cfd);
    c->pid = cred.pid;
    c->uid = cred.uid;
    g_mutex_init(&c->writeLock);
    g_mutex_init(&c->lock);
    g_cond_init(&c->cond);
    uvDispatchSessionInit(&c->sess, srv->events);
    g_ptr_array_add(srv->clients, c);
    g_mutex_unlock(&srv->lock);

    g_info("client %" G_GUINT64_FORMAT " connected: pid %d uid %u", c->id, (int)c->pid,
           (unsigned)c->uid);
    thread = g_thread_try_new("uvirtd-client", uvServerClientThread, c, &err);
    if (!thread) {
        g_warning("cannot start a thread for client %" G_GUINT64_FORMAT ": %s", c->id,
                  err->message);
        g_mutex_lock(&srv->lock);
        g_ptr_array_remove_fast(srv->clients, c);
        g_cond_broadcast(&srv->cond);
        g_mutex_unlock(&srv->lock);
        uvServerClientUnref(c);
        return G_SOURCE_CONTINUE;
    }
    g_thread_unref(thread);
    return G_SOURCE_CONTINUE;
}

/*
 * Is something already answering on @path? A stale socket is removed;
 * anything else there is left alone and refused.
 */
static gboolean
uvServerClaimPath(const char *path, GError **error)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    UV_AUTOCLOSE int fd = -1;
    struct stat sb;

    if (lstat(path, &sb) < 0)
        return TRUE;
    if (!S_ISSOCK(sb.st_mode)) {
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_INVALID,
                    _("'%s' exists and is not a socket; uvirtd does not replace it"), path);
        return FALSE;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to create a socket: %s"),
                    g_strerror(errno));
        return FALSE;
    }
    g_strlcpy(addr.sun_path, path, sizeof(addr.sun_path));
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_OPERATION_INVALID,
                    _("Another daemon is already listening on '%s'"), path);
        return FALSE;
    }
    if (unlink(path) < 0 && errno != ENOENT) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to remove stale socket '%s': %s"),
                    path, g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}

static int
uvServerListen(const UvServerConfig *cfg, GError **error)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    g_autofree char *dir = g_path_get_dirname(cfg->socketPath);
    g_autofree char *tmp = NULL;
    UV_AUTOCLOSE int fd = -1;
    mode_t old;
    int rc;

    if (!uvDirMakePath(dir, 0700, error))
        return -1;
    if (cfg->secureDir && chmod(dir, 0700) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM,
                    _("Unable to set mode 0700 on socket directory '%s': %s"), dir,
                    g_strerror(errno));
        return -1;
    }
    if (!uvServerClaimPath(cfg->socketPath, error))
        return -1;

    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to create a socket: %s"),
                    g_strerror(errno));
        return -1;
    }
    /*
     * Bind and listen under a temporary name, then rename: whoever sees the
     * socket at its real path can connect to it at once.
     */
    tmp = g_strdup_printf("%s.%d", cfg->socketPath, (int)getpid());
    if (strlen(tmp) >= sizeof(addr.sun_path)) {
        g_set_error(error, UV_ERROR, UV_ERROR_INVALID_ARG,
                    _("Socket path '%s' is too long for a UNIX socket"), cfg->socketPath);
        return -1;
    }
    unlink(tmp);
    g_strlcpy(addr.sun_path, tmp, sizeof(addr.sun_path));
    old = umask(0077);
    rc = bind(fd, (struct sockaddr *)&addr, sizeof(addr));
    umask(old);
    if (rc < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to bind socket '%s': %s"), tmp,
                    g_strerror(errno));
        return -1;
    }
    if (listen(fd, 128) < 0 || rename(tmp, cfg->socketPath) < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_SYSTEM, _("Unable to listen on socket '%s': %s"),
                    cfg->socketPath, g_strerror(errno));
        unlink(tmp);
        return -1;
    }
    return uvStealFd(&fd);
}

UvServer *
uvServerNew(UvConnect *conn, const UvServerConfig *cfg, GError **error)
{
    g_autoptr(UvServer) srv = g_new0(UvServer, 1);

    srv->listenFd = -1;
    g_mutex_init(&srv->lock);
    g_cond_init(&srv->cond);
    srv->clients = g_ptr_array_new();
    srv->conn = conn;
    srv->socketPath = g_strdup(cfg->socketPath);
    srv->allowedUid = cfg->allowedUid;
    srv->maxClients = MAX(cfg->maxClients, 1);
    srv->maxRequests = MAX(cfg->maxRequests, 1);
    srv->pool = g_thread_pool_new(uvServerWorker, srv, MAX(cfg->maxWorkers, 1), FALSE, error);
    if (!srv->pool)
        return NULL;
    srv->events = uvEventsNew(conn, 1000, uvServerEmitLifecycle, srv);
    if ((srv->listenFd = uvServerListen(cfg, error)) < 0) {
        g_clear_pointer(&srv->socketPath, g_free);
        return NULL;
    }
    return g_steal_pointer(&srv);
}

void
uvServerStart(UvServer *srv)
{
    srv->acceptSource = g_unix_fd_add(srv->listenFd, G_IO_IN, uvServerAccept, srv);
}

void
uvServerStop(UvServer *srv)
{
    if (srv->stopped)
        return;
    srv->stopped = TRUE;
    if (srv->acceptSource)
        g_source_remove(srv->acceptSource);
    srv->acceptSource = 0;
    if (srv->listenFd >= 0 && srv->socketPath)
        unlink(srv->socketPath);
    uvCloseFdp(&srv->listenFd);

    g_mutex_lock(&srv->lock);
    srv->stopping = TRUE;
    for (guint n = 0; n < srv->clients->len; n++) {
        UvServerClient *c = srv->clients->pdata[n];

        shutdown(c->fd, SHUT_RDWR);
    }
    while (srv->clients->len > 0)
        g_cond_wait(&srv->cond, &srv->lock);
    g_mutex_unlock(&srv->lock);

    if (srv->pool)
        g_thread_pool_free(srv->pool, FALSE, TRUE);
    srv->pool = NULL;
    g_clear_pointer(&srv->events, uvEventsFree);
}

void
uvServerFree(UvServer *srv)
{
    if (!srv)
        return;
    uvServerStop(srv);
    g_ptr_array_free(srv->clients, TRUE);
    g_mutex_clear(&srv->lock);
    g_cond_clear(&srv->cond);
    g_free(srv->socketPath);
    g_free(srv);
}
