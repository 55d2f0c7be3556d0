/*
 * remotedrivertest.c: the remote client driver against uvirtd (fake driver)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: remotedrivertest UVIRTD_FAKE. Starts the daemon on a temporary
 * socket and runs every entry of uvRemoteDriver through the public API.
 */
#include "util/uvinternal.h"
#include "driver.h"
#include "util/uvfile.h"
#include "remote/remote_message.h"
#include "remote/remote_xdr.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static char *daemonPath;
static char *socketPath;

static const char *testXML = "<domain type='qemu'>\n"
                             "  <name>rd1</name>\n"
                             "  <uuid>0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0</uuid>\n"
                             "  <memory unit='KiB'>131072</memory>\n"
                             "  <vcpu>2</vcpu>\n"
                             "</domain>\n";

/* What uvConnectOpen() does for a URI the remote driver claims. */
static UvConnect *
testOpenURI(const char *uri, GError **error)
{
    UvConnect *conn = g_new0(UvConnect, 1);

    conn->refs = 1;
    conn->driver = &uvRemoteDriver;
    if (!uvRemoteDriver.connectOpen(conn, uri, error)) {
        g_free(conn->uri);
        g_free(conn);
        return NULL;
    }
    return conn;
}

static UvConnect *
testOpen(GError **error)
{
    g_autofree char *uri = g_strdup_printf("qemu+unix:///session?socket=%s", socketPath);

    g_assert_true(uvRemoteDriver.probe(uri));
    return testOpenURI(uri, error);
}

static void
testURIs(void)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *missing = g_strdup_printf("%s.missing", socketPath);
    g_autofree char *uri = g_strdup_printf("qemu+unix:///session?socket=%s", missing);
    UvConnect *conn;

    g_assert_false(uvRemoteDriver.probe("qemu:///session"));
    g_assert_false(uvRemoteDriver.probe("qemu:///embed?root=/tmp"));

    conn = testOpenURI(uri, &err);
    g_assert_null(conn);
    g_assert_error(err, UV_ERROR, UV_ERROR_NO_CONNECT);
    g_assert_nonnull(strstr(err->message, missing));
    g_clear_error(&err);

    conn = testOpenURI("qemu+unix:///elsewhere", &err);
    g_assert_null(conn);
    g_assert_error(err, UV_ERROR, UV_ERROR_INVALID_ARG);
}

static void
testLifecycle(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvConnect) conn = testOpen(&err);
    g_autoptr(UvDomain) dom = NULL;
    g_autoptr(UvDomain) again = NULL;
    g_autofree char *host = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *native = NULL;
    char uuidstr[UV_UUID_STRING_BUFLEN];
    UvDomain **list;
    UvDomainInfo info;
    gulong v;
    int state, reason;
    gboolean b;

    g_assert_no_error(err);
    g_assert_nonnull(conn);
    g_assert_true(g_str_has_prefix(uvConnectGetURI(conn), "qemu+unix:///session"));
    host = uvConnectGetHostname(conn, &err);
    g_assert_no_error(err);
    g_assert_cmpstr(host, ==, g_get_host_name());
    g_assert_true(uvConnectGetVersion(conn, &v, &err));
    g_assert_cmpuint(v, ==, 7002000);
    g_assert_true(uvConnectGetLibVersion(conn, &v, &err));

    dom = uvDomainDefineXML(conn, testXML, 0, &err);
    g_assert_no_error(err);
    g_assert_cmpstr(uvDomainGetName(dom), ==, "rd1");
    g_assert_cmpint(uvDomainGetID(dom), ==, -1);
    uvDomainGetUUIDString(dom, uuidstr);
    g_assert_cmpstr(uuidstr, ==, "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0");

    g_assert_true(uvDomainGetState(dom, &state, &reason, &err));
    g_assert_cmpint(state, ==, UV_DOMAIN_SHUTOFF);
    g_assert_true(uvDomainIsPersistent(dom, &b, &err) && b);
    g_assert_true(uvDomainIsActive(dom, &b, &err) && !b);
    g_assert_true(uvDomainSetAutostart(dom, TRUE, &err));
    g_assert_true(uvDomainGetAutostart(dom, &b, &err) && b);
    g_assert_true(uvDomainSetAutostart(dom, FALSE, &err));

    g_assert_true(uvDomainCreate(dom, &err));
    g_assert_no_error(err);
    again = uvDomainLookupByName(conn, "rd1", &err);
    g_assert_nonnull(again);
    g_assert_cmpint(uvDomainGetID(again), >, 0);
    {
        g_autoptr(UvDomain) byid = uvDomainLookupByID(conn, uvDomainGetID(again), &err);
        g_autoptr(UvDomain) byuuid = uvDomainLookupByUUIDString(conn, uuidstr, &err);

        g_assert_cmpstr(uvDomainGetName(byid), ==, "rd1");
        g_assert_cmpstr(uvDomainGetName(byuuid), ==, "rd1");
    }
    g_assert_true(uvDomainGetInfo(again, &info, &err));
    g_assert_cmpint(info.state, ==, UV_DOMAIN_RUNNING);
    g_assert_cmpuint(info.maxMem, ==, 131072);
    g_assert_cmpuint(info.nrVirtCpu, ==, 2);
    xml = uvDomainGetXMLDesc(again, UV_DOMAIN_XML_INACTIVE, &err);
    g_assert_nonnull(strstr(xml, "<name>rd1</name>"));
    native = uvConnectDomainXMLToNative(conn, "qemu-argv", testXML, 0, &err);
    g_assert_nonnull(native);

    list = uvConnectListAllDomains(conn, UV_CONNECT_LIST_DOMAINS_ACTIVE, &err);
    g_assert_nonnull(list);
    g_assert_nonnull(list[0]);
    g_assert_cmpstr(uvDomainGetName(list[0]), ==, "rd1");
    g_assert_null(list[1]);
    uvDomainListFree(list);

    g_assert_true(uvDomainSuspend(again, &err));
    g_assert_true(uvDomainGetState(again, &state, &reason, &err));
    g_assert_cmpint(state, ==, UV_DOMAIN_PAUSED);
    g_assert_true(uvDomainResume(again, &err));
    g_assert_true(uvDomainReboot(again, 0, &err));
    g_assert_true(uvDomainShutdown(again, &err));
    g_assert_false(uvDomainDestroy(again, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_OPERATION_INVALID);
    g_assert_cmpstr(err->message, ==, "domain is not running");
    g_clear_error(&err);

    g_assert_true(uvDomainUndefine(again, &err));
    g_assert_null(uvDomainLookupByName(conn, "rd1", &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_NO_DOMAIN);
    g_clear_error(&err);

    {
        g_autoptr(UvDomain) t = uvDomainCreateXML(conn, testXML, 0, &err);

        g_assert_no_error(err);
        g_assert_cmpint(uvDomainGetID(t), >, 0);
        g_assert_true(uvDomainDestroy(t, &err));
    }
    list = uvConnectListAllDomains(conn, 0, &err);
    g_assert_nonnull(list);
    g_assert_null(list[0]);
    uvDomainListFree(list);

    g_assert_null(uvDomainDefineXML(conn, "<domain/>", 0, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_XML);
}

/* A definition whose start warnings (in the fake) are the lines of @description. */
static char *
testMessagesXML(const char *name, const char *description)
{
    return g_strdup_printf("<domain type='qemu'>\n"
                           "  <name>%s</name>\n"
                           "  <memory unit='KiB'>65536</memory>\n"
                           "  <description>%s</description>\n"
                           "</domain>\n",
                           name, description);
}

static void
testMessages(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvConnect) conn = testOpen(&err);
    g_autofree char *xml = testMessagesXML("msg1", "tap 'mytap0' is down\nsecond one");
    g_autoptr(UvDomain) dom = NULL;
    g_autoptr(GString) many = g_string_new("m");
    g_auto(GStrv) msgs = NULL;

    g_assert_no_error(err);
    dom = uvDomainDefineXML(conn, xml, 0, &err);
    g_assert_no_error(err);

    /* inactive: nothing to say, and an empty list decodes as one */
    msgs = uvDomainGetMessages(dom, 0, &err);
    g_assert_no_error(err);
    g_assert_nonnull(msgs);
    g_assert_null(msgs[0]);
    g_clear_pointer(&msgs, g_strfreev);

    g_assert_true(uvDomainCreate(dom, &err));
    msgs = uvDomainGetMessages(dom, 0, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(g_strv_length(msgs), ==, 2);
    g_assert_cmpstr(msgs[0], ==, "tap 'mytap0' is down");
    g_assert_cmpstr(msgs[1], ==, "second one");
    g_clear_pointer(&msgs, g_strfreev);

    /* start warnings are no deprecation: filtered out */
    msgs = uvDomainGetMessages(dom, UV_DOMAIN_MESSAGE_DEPRECATION, &err);
    g_assert_no_error(err);
    g_assert_null(msgs[0]);
    g_clear_pointer(&msgs, g_strfreev);

    /* a flag nobody knows: uvirtd refuses it itself */
    g_assert_null(uvDomainGetMessages(dom, 1 << 8, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_INVALID_ARG);
    g_assert_nonnull(strstr(err->message, "0x100"));
    g_clear_error(&err);
    g_assert_true(uvDomainDestroy(dom, &err));
    g_assert_true(uvDomainUndefine(dom, &err));
    g_clear_pointer(&dom, uvDomainFree);

    /* exactly the protocol's maximum passes, one more is refused by uvirtd */
    for (int n = 1; n < UV_REMOTE_DOMAIN_MESSAGES_MAX; n++)
        g_string_append(many, "\nm");
    for (int extra = 0; extra < 2; extra++) {
        g_autofree char *big = NULL;

        if (extra)
            g_string_append(many, "\nm");
        big = testMessagesXML("msg2", many->str);
        dom = uvDomainCreateXML(conn, big, 0, &err);
        g_assert_no_error(err);
        msgs = uvDomainGetMessages(dom, 0, &err);
        if (!extra) {
            g_assert_no_error(err);
            g_assert_cmpuint(g_strv_length(msgs), ==, UV_REMOTE_DOMAIN_MESSAGES_MAX);
        } else {
            g_assert_null(msgs);
            g_assert_error(err, UV_ERROR, UV_ERROR_INTERNAL);
            g_assert_nonnull(strstr(err->message, "Too many messages"));
            g_clear_error(&err);
        }
        g_clear_pointer(&msgs, g_strfreev);
        g_assert_true(uvDomainDestroy(dom, &err));
        g_clear_pointer(&dom, uvDomainFree);
    }
}

/*
 * A broken daemon: it answers the connect sequence, then replies to the
 * third call with a length word over the limit, directly followed by a
 * well-formed reply to the fourth call, which it then reads and ignores.
 */
static gpointer
testBrokenServer(gpointer data)
{
    int lfd = GPOINTER_TO_INT(data);
    UV_AUTOCLOSE int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

    for (guint n = 0; fd >= 0 && n < 4; n++) {
        g_autoptr(GBytes) msg = NULL;
        g_autoptr(GByteArray) reply = NULL;
        UvRemoteHeader hdr;
        UvXdrReader r;
        gsize len;
        const guint8 *p;

        if (!uvRemoteMessageRead(fd, &msg, NULL) || !msg)
            break;
        p = g_bytes_get_data(msg, &len);
        uvXdrReaderInit(&r, p, len);
        g_assert_true(uvRemoteHeaderDecode(&r, &hdr, NULL));
        if (n == 3)
            break;
        hdr.type = UV_REMOTE_REPLY;
        if (n == 2)
            hdr.serial++;
        reply = uvRemoteMessageNew(&hdr);
        if (n == 0) {
            uvXdrPutU32(reply, 1);
            uvXdrPutI32(reply, 0);
        } else if (n == 2) {
            uvXdrPutString(reply, "stale");
        }
        g_assert_true(uvRemoteMessageFinish(reply, NULL));
        if (n == 2) {
            static const guint8 tooLong[4] = {0x7f, 0xff, 0xff, 0xff};

            /* in one write, so the client cannot hang up in between */
            g_byte_array_prepend(reply, tooLong, sizeof(tooLong));
        }
        g_assert_true(uvRemoteMessageWrite(fd, reply, NULL));
    }
    return NULL;
}

/* After a reply it could not read, a connection is not used again. */
static void
testBrokenReply(void)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *dir = g_dir_make_tmp("uvt-rdb-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "sock", NULL);
    g_autofree char *uri = g_strdup_printf("qemu+unix:///session?socket=%s", path);
    g_autofree char *host = NULL;
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    UV_AUTOCLOSE int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    UvConnect *conn;
    GThread *thread;

    g_strlcpy(addr.sun_path, path, sizeof(addr.sun_path));
    g_assert_cmpint(bind(lfd, (struct sockaddr *)&addr, sizeof(addr)), ==, 0);
    g_assert_cmpint(listen(lfd, 1), ==, 0);
    thread = g_thread_new("broken", testBrokenServer, GINT_TO_POINTER(lfd));

    conn = testOpenURI(uri, &err);
    g_assert_no_error(err);
    host = uvConnectGetHostname(conn, &err);
    g_assert_null(host);
    g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
    g_clear_error(&err);
    /* The next call must not take the reply the daemon sent out of turn. */
    host = uvConnectGetHostname(conn, &err);
    g_assert_cmpstr(host, ==, NULL);
    g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
    uvConnectClose(conn);
    g_thread_join(thread);
    g_unlink(path);
    g_rmdir(dir);
}

static void
testChildSetup(gpointer data)
{
    prctl(PR_SET_PDEATHSIG, SIGTERM);
}

int
main(int argc, char **argv)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GSubprocess) proc = NULL;
    g_autofree char *dir = NULL;
    int rc;

    g_test_init(&argc, &argv, NULL);
    if (argc < 2) {
        g_printerr("usage: remotedrivertest UVIRTD_FAKE\n");
        return 2;
    }
    daemonPath = argv[1];
    dir = g_dir_make_tmp("uvt-rd-XXXXXX", &err);
    g_assert_no_error(err);
    socketPath = g_build_filename(dir, "sock", NULL);
    launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                         G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    /* Should this test die on an assertion, the daemon goes with it. */
    g_subprocess_launcher_set_child_setup(launcher, testChildSetup, NULL, NULL);
    /*
     * No autostart: its thread, starting late, would start the domain the
     * lifecycle test marks for autostart before the test starts it.
     */
    proc = g_subprocess_launcher_spawn(launcher, &err, daemonPath, "--uri", "fake://", "--socket",
                                       socketPath, "--no-autostart", NULL);
    g_assert_no_error(err);
    for (int n = 0; n < 500 && !g_file_test(socketPath, G_FILE_TEST_EXISTS); n++)
        g_usleep(10000);

    g_test_add_func("/remote/driver/uris", testURIs);
    g_test_add_func("/remote/driver/lifecycle", testLifecycle);
    g_test_add_func("/remote/driver/messages", testMessages);
    g_test_add_func("/remote/driver/broken-reply", testBrokenReply);
    rc = g_test_run();

    g_subprocess_send_signal(proc, SIGTERM);
    g_subprocess_wait(proc, NULL, NULL);
    if (!g_subprocess_get_if_exited(proc) || g_subprocess_get_exit_status(proc) != 0) {
        g_printerr("uvirtd-fake did not exit cleanly on SIGTERM\n");
        rc = 1;
    }
    g_rmdir(dir);
    g_free(socketPath);
    return rc;
}
