/*
 * qemudriverthreadtest.c: the QEMU driver through the public API from many
 * threads at once, as uvirtd calls it, with real QEMU (TCG)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "libuvirt.h"
#include "testutils.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define NDOMS 4
#define ROUNDS 3
#define RACERS 6

static UvConnect *conn;
static gint failures;

static void
fail(const char *what, const GError *err)
{
    fprintf(stderr, "FAIL: %s%s%s\n", what, err ? ": " : "", err ? err->message : "");
    g_atomic_int_inc(&failures);
}

static char *
domXML(const char *name, const char *uuid)
{
    return g_strdup_printf("<domain type='qemu'><name>%s</name>%s%s%s<memory unit='MiB'>64</memory>"
                           "<vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os>"
                           "<devices/></domain>",
                           name, uuid ? "<uuid>" : "", uuid ? uuid : "", uuid ? "</uuid>" : "");
}

static int
domState(UvDomain *dom)
{
    int state = -1;

    if (!uvDomainGetState(dom, &state, NULL, NULL))
        return -1;
    return state;
}

/* Each worker cycles its own domain while the others do the same. */
static gpointer
worker(gpointer opaque)
{
    const char *name = opaque;

    for (int r = 0; r < ROUNDS; r++) {
        g_autoptr(GError) err = NULL;
        g_autoptr(UvDomain) dom = uvDomainLookupByName(conn, name, &err);
        UvDomainInfo info;
        UvDomain **list;

        if (!dom) {
            fail("lookup", err);
            return NULL;
        }
        if (!uvDomainCreate(dom, &err)) {
            fail("start", err);
            return NULL;
        }
        if (domState(dom) != UV_DOMAIN_RUNNING)
            fail("running after start", NULL);
        if (!uvDomainGetInfo(dom, &info, &err) || info.maxMem != 65536)
            fail("info", err);
        g_clear_error(&err);
        if (!(list = uvConnectListAllDomains(conn, UV_CONNECT_LIST_DOMAINS_ACTIVE, &err)))
            fail("list", err);
        uvDomainListFree(list);
        g_clear_error(&err);
        if (!uvDomainDestroy(dom, &err))
            fail("destroy", err);
        if (domState(dom) != UV_DOMAIN_SHUTOFF)
            fail("shut off after destroy", NULL);
    }
    return NULL;
}

static gint raceWins;
static gint raceActive;

static gpointer
racer(gpointer opaque)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvDomain) dom = uvDomainLookupByName(conn, "d0", &err);

    if (!dom) {
        fail("lookup", err);
        return NULL;
    }
    if (uvDomainCreate(dom, &err))
        g_atomic_int_inc(&raceWins);
    else if (g_error_matches(err, UV_ERROR, UV_ERROR_OPERATION_INVALID))
        g_atomic_int_inc(&raceActive);
    else
        fail("racing start failed oddly", err);
    return NULL;
}

static gint defineWins;

static gpointer
definer(gpointer opaque)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *xml = domXML("same", opaque);
    g_autoptr(UvDomain) dom = uvDomainDefineXML(conn, xml, 0, &err);

    if (dom)
        g_atomic_int_inc(&defineWins);
    else if (!g_error_matches(err, UV_ERROR, UV_ERROR_DOMAIN_EXISTS))
        fail("racing define failed oddly", err);
    return NULL;
}

static gint lockedDefineDone;

static gpointer
lockedDefiner(gpointer opaque)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *xml = domXML("locked", NULL);
    g_autoptr(UvDomain) dom = uvDomainDefineXML(conn, xml, 0, &err);

    if (!dom)
        fail("define once the domain's lock is free", err);
    g_atomic_int_set(&lockedDefineDone, 1);
    return NULL;
}

/* define rewrites a running domain's state, so it waits for whoever holds the domain's lock. */
static void
testDefineTakesDomainLock(const char *root)
{
    g_autofree char *path = g_build_filename(root, "run/qemu/lock/locked.lock", NULL);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    GThread *th;

    if (fd < 0 || flock(fd, LOCK_EX) < 0) {
        fail("take the domain's lock in the test", NULL);
        return;
    }
    th = g_thread_new("define", lockedDefiner, NULL);
    g_usleep(300 * 1000);
    if (g_atomic_int_get(&lockedDefineDone)) {
        fprintf(stderr, "FAIL: define went ahead while the domain's lock was held\n");
        failures++;
    }
    close(fd);
    g_thread_join(th);
    if (!g_atomic_int_get(&lockedDefineDone)) {
        fprintf(stderr, "FAIL: define did not finish once the lock was free\n");
        failures++;
    }
}

static void
runThreads(GThreadFunc fn, gpointer *args, guint n)
{
    GThread *th[16];

    for (guint i = 0; i < n; i++)
        th[i] = g_thread_new("t", fn, args[i]);
    for (guint i = 0; i < n; i++)
        g_thread_join(th[i]);
}

int
main(void)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *tmp = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *rm = NULL;
    gpointer names[NDOMS] = {"d0", "d1", "d2", "d3"};
    gpointer racers[RACERS] = {0};
    gpointer uuids[RACERS] = {
        "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002",
        "00000000-0000-4000-8000-000000000003", "00000000-0000-4000-8000-000000000004",
        "00000000-0000-4000-8000-000000000005", "00000000-0000-4000-8000-000000000006"};
    int fds;

    if (access(QEMU_BINARY, X_OK) != 0) {
        printf("SKIP: no QEMU at %s\n", QEMU_BINARY);
        return EXIT_AM_SKIP;
    }
    if (!(tmp = g_dir_make_tmp("uvt-threads-XXXXXX", &err))) {
        fail("tmpdir", err);
        return EXIT_FAILURE;
    }
    uri = g_strdup_printf("qemu:///embed?root=%s", tmp);
    fds = testCountOpenFds();
    if (!(conn = uvConnectOpen(uri, &err))) {
        fail("open", err);
        return EXIT_FAILURE;
    }
    for (guint i = 0; i < NDOMS; i++) {
        g_autofree char *xml = domXML(names[i], NULL);
        g_autoptr(UvDomain) dom = uvDomainDefineXML(conn, xml, 0, &err);

        if (!dom) {
            fail("define", err);
            return EXIT_FAILURE;
        }
    }

    runThreads(worker, names, NDOMS);
    runThreads(racer, racers, RACERS);
    if (raceWins != 1 || raceActive != RACERS - 1) {
        fprintf(stderr, "FAIL: %d of %d racing starts won, %d saw it active\n", raceWins, RACERS,
                raceActive);
        failures++;
    }
    {
        g_autoptr(UvDomain) dom = uvDomainLookupByName(conn, "d0", NULL);

        if (!dom || uvDomainGetID(dom) != NDOMS * ROUNDS + 1) {
            fprintf(stderr, "FAIL: ids are not handed out one by one (d0 has %d)\n",
                    dom ? uvDomainGetID(dom) : -2);
            failures++;
        }
        if (!dom || !uvDomainDestroy(dom, &err))
            fail("destroy after the race", err);
        g_clear_error(&err);
    }
    testDefineTakesDomainLock(tmp);
    runThreads(definer, uuids, RACERS);
    if (defineWins != 1) {
        fprintf(stderr, "FAIL: %d racing defines of one name with different UUIDs won\n",
                defineWins);
        failures++;
    }

    /* UV_DOMAIN_START_PAUSED: QEMU up, vCPUs stopped until resumed */
    {
        g_autofree char *xml = domXML("paused", NULL);
        g_autoptr(UvDomain) dom = uvDomainCreateXML(conn, xml, UV_DOMAIN_START_PAUSED, &err);

        if (!dom || domState(dom) != UV_DOMAIN_PAUSED)
            fail("a domain created with START_PAUSED reads paused", err);
        g_clear_error(&err);
        if (dom && (!uvDomainResume(dom, &err) || domState(dom) != UV_DOMAIN_RUNNING))
            fail("resumed, it reads running", err);
        g_clear_error(&err);
        if (dom && !uvDomainDestroy(dom, &err))
            fail("destroy the paused-started domain", err);
        g_clear_error(&err);
    }

    /* failed starts must not leave an fd behind in a long-running caller */
    {
        const char *bad[] = {"/nonexistent/qemu", "/bin/false"};

        for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
            g_autofree char *xml = g_strdup_printf(
                "<domain type='qemu'><name>bad%u</name><memory unit='MiB'>64</memory>"
                "<vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os>"
                "<devices><emulator>%s</emulator></devices></domain>",
                i, bad[i]);
            g_autoptr(UvDomain) dom = uvDomainCreateXML(conn, xml, 0, &err);

            if (dom || !err)
                fail("a start with a broken emulator must fail", NULL);
            g_clear_error(&err);
        }
    }

    uvConnectClose(conn);
    if (testCountOpenFds() != fds) {
        fprintf(stderr, "FAIL: %d fds open before, %d after\n", fds, testCountOpenFds());
        failures++;
    }
    rm = g_strdup_printf("rm -rf '%s'", tmp);
    if (system(rm) != 0)
        fprintf(stderr, "cannot remove %s\n", tmp);
    if (failures)
        return EXIT_FAILURE;
    printf("qemudriverthreadtest: %d starts from %d threads, one winner of %d racers\n",
           NDOMS * ROUNDS + 1, NDOMS, RACERS);
    return EXIT_SUCCESS;
}
