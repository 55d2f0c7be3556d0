/*
 * uvirtd.c: serve the uvirt API over libvirt's remote protocol
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * uvirtd opens one connection to a backing URI (qemu:///session by default,
 * qemu:///system for root) and lets libvirt's own clients — virsh,
 * python3-libvirt, virt-manager — and uvirsh drive it through a UNIX socket.
 */
#include "util/uvinternal.h"

#include "remote_protocol.h"
#include "uvirtd-server.h"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static gboolean
uvirtdQuit(gpointer data)
{
    GMainLoop *loop = data;

    g_message("signal received, shutting down; running guests keep running");
    g_main_loop_quit(loop);
    return G_SOURCE_CONTINUE;
}

/* Start the persistent domains marked autostart that are not running. */
static gpointer
uvirtdAutostart(gpointer data)
{
    UvConnect *conn = data;
    g_autoptr(GError) err = NULL;
    UvDomain **doms = uvConnectListAllDomains(conn, UV_CONNECT_LIST_DOMAINS_INACTIVE, &err);

    if (!doms) {
        g_warning("autostart: cannot list domains: %s", err->message);
        return NULL;
    }
    for (UvDomain **d = doms; *d; d++) {
        gboolean autostart = FALSE;
        g_autoptr(GError) e = NULL;

        if (!uvDomainGetAutostart(*d, &autostart, &e)) {
            g_warning("autostart: domain '%s': %s", uvDomainGetName(*d), e->message);
            continue;
        }
        if (!autostart)
            continue;
        if (!uvDomainCreate(*d, &e))
            g_warning("autostart: cannot start domain '%s': %s", uvDomainGetName(*d), e->message);
        else
            g_message("autostart: started domain '%s'", uvDomainGetName(*d));
    }
    uvDomainListFree(doms);
    return NULL;
}

int
main(int argc, char **argv)
{
    g_autofree char *uri = NULL;
    g_autofree char *socketPath = NULL;
    gboolean verbose = FALSE, version = FALSE, noAutostart = FALSE;
    gint maxWorkers = 32, maxClients = 256, maxRequests = 5;
    GOptionEntry entries[] = {
        {"uri", 'c', 0, G_OPTION_ARG_STRING, &uri,
         N_("Serve this URI (default qemu:///session, or qemu:///system for root)"), "URI"},
        {"socket", 's', 0, G_OPTION_ARG_FILENAME, &socketPath, N_("Listen on this socket path"),
         "PATH"},
        {"max-workers", 0, 0, G_OPTION_ARG_INT, &maxWorkers,
         N_("Calls served at once (default 32)"), "N"},
        {"max-clients", 0, 0, G_OPTION_ARG_INT, &maxClients,
         N_("Clients connected at once (default 256)"), "N"},
        {"max-client-requests", 0, 0, G_OPTION_ARG_INT, &maxRequests,
         N_("Calls in flight per client (default 5)"), "N"},
        {"no-autostart", 0, 0, G_OPTION_ARG_NONE, &noAutostart,
         N_("Do not start autostart domains"), NULL},
        {"verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_("Log every connection and call"), NULL},
        {"version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL},
        {NULL},
    };
    g_autoptr(GOptionContext) ctx = NULL;
    g_autoptr(GError) err = NULL;
    g_autoptr(GMainLoop) loop = NULL;
    g_autoptr(UvConnect) conn = NULL;
    g_autoptr(UvServer) srv = NULL;
    gboolean privileged = geteuid() == 0;
    UvServerConfig cfg = {0};
    GThread *autostart = NULL;

    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");

    ctx = g_option_context_new(NULL);
    g_option_context_set_summary(ctx, _("Serve uvirt to libvirt clients over a UNIX socket."));
    g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
    g_option_context_set_translation_domain(ctx, GETTEXT_PACKAGE);
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "uvirtd: %s\n", err->message);
        return 2;
    }
    if (argc > 1) {
        fprintf(stderr, _("uvirtd: unexpected argument '%s'; see --help\n"), argv[1]);
        return 2;
    }
    if (version) {
        printf("uvirtd %s\n", PACKAGE_VERSION);
        return 0;
    }
    if (verbose)
        g_log_set_debug_enabled(TRUE);
    if (maxWorkers < 1 || maxClients < 1 || maxRequests < 1) {
        fprintf(stderr, "uvirtd: %s\n", _("limits must be at least 1"));
        return 2;
    }

    if (!uri)
        uri = g_strdup(privileged ? "qemu:///system" : "qemu:///session");
    cfg.secureDir = socketPath == NULL;
    if (!socketPath)
        socketPath = uvRemoteDefaultSocket(privileged);

    if (g_str_has_prefix(uri, "qemu+")) {
        fprintf(stderr, "uvirtd: %s\n",
                _("uvirtd serves a local URI (qemu:///session, qemu:///system or "
                  "qemu:///embed?root=DIR), not another daemon"));
        return 2;
    }

    signal(SIGPIPE, SIG_IGN);

    if (!(conn = uvConnectOpen(uri, &err))) {
        fprintf(stderr, "uvirtd: %s\n", err->message);
        return 1;
    }

    cfg.socketPath = socketPath;
    cfg.allowedUid = geteuid();
    cfg.maxWorkers = maxWorkers;
    cfg.maxClients = maxClients;
    cfg.maxRequests = maxRequests;
    if (!(srv = uvServerNew(conn, &cfg, &err))) {
        fprintf(stderr, "uvirtd: %s\n", err->message);
        return 1;
    }

    loop = g_main_loop_new(NULL, FALSE);
    g_unix_signal_add(SIGTERM, uvirtdQuit, loop);
    g_unix_signal_add(SIGINT, uvirtdQuit, loop);
    uvServerStart(srv);
    g_message("serving %s on %s (uid %u)", uvConnectGetURI(conn), socketPath,
              (unsigned)cfg.allowedUid);

    if (!noAutostart)
        autostart = g_thread_new("uvirtd-autostart", uvirtdAutostart, conn);

    g_main_loop_run(loop);

    uvServerStop(srv);
    if (autostart)
        g_thread_join(autostart);
    g_message("stopped");
    return 0;
}
