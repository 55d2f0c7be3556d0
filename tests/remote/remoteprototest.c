/*
 * remoteprototest.c: XDR, framing and error mapping of the remote protocol
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "remote/remote_message.h"
#include "remote/remote_protocol.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void
testXdrScalars(void)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    UvXdrReader r;
    guint32 u;
    gint32 i;
    guint64 u64;
    gint64 i64;
    static const guint8 expect[] = {0x12, 0x34, 0x56, 0x78, 0xff, 0xff, 0xff, 0xff,
                                    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
                                    0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

    uvXdrPutU32(buf, 0x12345678);
    uvXdrPutI32(buf, -1);
    uvXdrPutU64(buf, G_GUINT64_CONSTANT(0x100000002));
    uvXdrPutI64(buf, G_MININT64);
    g_assert_cmpmem(buf->data, buf->len, expect, sizeof(expect));

    uvXdrReaderInit(&r, buf->data, buf->len);
    g_assert_true(uvXdrGetU32(&r, &u, NULL));
    g_assert_cmphex(u, ==, 0x12345678);
    g_assert_true(uvXdrGetI32(&r, &i, NULL));
    g_assert_cmpint(i, ==, -1);
    g_assert_true(uvXdrGetU64(&r, &u64, NULL));
    g_assert_cmpuint(u64, ==, G_GUINT64_CONSTANT(0x100000002));
    g_assert_true(uvXdrGetI64(&r, &i64, NULL));
    g_assert_cmpint(i64, ==, G_MININT64);
    g_assert_true(uvXdrReaderFinish(&r, NULL));
}

static void
testXdrStrings(void)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    g_autoptr(GError) err = NULL;
    UvXdrReader r;
    static const char *cases[] = {"", "a", "ab", "abc", "abcd", "abcde", "domain-name"};

    for (guint n = 0; n < G_N_ELEMENTS(cases); n++) {
        g_autofree char *out = NULL;

        g_byte_array_set_size(buf, 0);
        uvXdrPutString(buf, cases[n]);
        g_assert_cmpuint(buf->len, ==, 4 + ((strlen(cases[n]) + 3) & ~3u));
        uvXdrReaderInit(&r, buf->data, buf->len);
        g_assert_true(uvXdrGetString(&r, UV_REMOTE_STRING_MAX, &out, NULL));
        g_assert_cmpstr(out, ==, cases[n]);
        g_assert_true(uvXdrReaderFinish(&r, NULL));
    }

    /* optional strings: absent and present */
    g_byte_array_set_size(buf, 0);
    uvXdrPutOptString(buf, NULL);
    uvXdrPutOptString(buf, "qemu:///session");
    uvXdrReaderInit(&r, buf->data, buf->len);
    {
        g_autofree char *a = NULL;
        g_autofree char *b = NULL;

        g_assert_true(uvXdrGetOptString(&r, UV_REMOTE_STRING_MAX, &a, NULL));
        g_assert_null(a);
        g_assert_true(uvXdrGetOptString(&r, UV_REMOTE_STRING_MAX, &b, NULL));
        g_assert_cmpstr(b, ==, "qemu:///session");
    }

    /* a bad optional marker */
    g_byte_array_set_size(buf, 0);
    uvXdrPutU32(buf, 2);
    uvXdrReaderInit(&r, buf->data, buf->len);
    {
        g_autofree char *a = NULL;

        g_assert_false(uvXdrGetOptString(&r, UV_REMOTE_STRING_MAX, &a, &err));
        g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
        g_clear_error(&err);
    }

    /* over the limit: refused before any allocation, even with no data behind it */
    g_byte_array_set_size(buf, 0);
    uvXdrPutU32(buf, UV_REMOTE_STRING_MAX + 1);
    uvXdrReaderInit(&r, buf->data, buf->len);
    {
        g_autofree char *a = NULL;

        g_assert_false(uvXdrGetString(&r, UV_REMOTE_STRING_MAX, &a, &err));
        g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
        g_assert_null(a);
        g_clear_error(&err);
    }

    /* length claims more bytes than present */
    g_byte_array_set_size(buf, 0);
    uvXdrPutU32(buf, 100);
    uvXdrPutU32(buf, 0x41414141);
    uvXdrReaderInit(&r, buf->data, buf->len);
    {
        g_autofree char *a = NULL;

        g_assert_false(uvXdrGetString(&r, UV_REMOTE_STRING_MAX, &a, &err));
        g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
        g_clear_error(&err);
    }

    /* embedded NUL */
    g_byte_array_set_size(buf, 0);
    uvXdrPutOpaque(buf, "a\0b", 3);
    uvXdrReaderInit(&r, buf->data, buf->len);
    {
        g_autofree char *a = NULL;

        g_assert_false(uvXdrGetString(&r, UV_REMOTE_STRING_MAX, &a, &err));
        g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
        g_clear_error(&err);
    }
}

static void
testXdrLimits(void)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    g_autoptr(GError) err = NULL;
    UvXdrReader r;
    guint32 n;
    guint64 u64;

    uvXdrPutU32(buf, UV_REMOTE_DOMAIN_LIST_MAX);
    uvXdrPutU32(buf, UV_REMOTE_DOMAIN_LIST_MAX + 1);
    uvXdrReaderInit(&r, buf->data, buf->len);
    g_assert_true(uvXdrGetCount(&r, UV_REMOTE_DOMAIN_LIST_MAX, &n, NULL));
    g_assert_cmpuint(n, ==, UV_REMOTE_DOMAIN_LIST_MAX);
    g_assert_false(uvXdrGetCount(&r, UV_REMOTE_DOMAIN_LIST_MAX, &n, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
    g_clear_error(&err);

    /* short reads and trailing bytes */
    uvXdrReaderInit(&r, buf->data, 6);
    g_assert_false(uvXdrGetU64(&r, &u64, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
    g_clear_error(&err);
    uvXdrReaderInit(&r, buf->data, buf->len);
    g_assert_true(uvXdrGetU32(&r, &n, NULL));
    g_assert_false(uvXdrReaderFinish(&r, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
}

static void
testXdrStringList(void)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    g_autoptr(GError) err = NULL;
    static const char *const list[] = {"ip link set mytap0 up", "", "abcd", NULL};
    static const guint8 expect[] = {0, 0, 0, 2, 0, 0, 0, 1, 'a', 0, 0, 0, 0, 0, 0, 0};
    static const char *const two[] = {"a", "", NULL};
    g_auto(GStrv) out = NULL;
    UvXdrReader r;

    /* the wire form: count, then each string padded */
    uvXdrPutStringList(buf, two);
    g_assert_cmpmem(buf->data, buf->len, expect, sizeof(expect));

    /* round trips, the empty list too (an empty array, not NULL) */
    g_byte_array_set_size(buf, 0);
    uvXdrPutStringList(buf, list);
    uvXdrPutStringList(buf, NULL);
    uvXdrReaderInit(&r, buf->data, buf->len);
    g_assert_true(
        uvXdrGetStringList(&r, UV_REMOTE_DOMAIN_MESSAGES_MAX, UV_REMOTE_STRING_MAX, &out, NULL));
    g_assert_true(g_strv_equal((const char *const *)out, list));
    g_clear_pointer(&out, g_strfreev);
    g_assert_true(
        uvXdrGetStringList(&r, UV_REMOTE_DOMAIN_MESSAGES_MAX, UV_REMOTE_STRING_MAX, &out, NULL));
    g_assert_nonnull(out);
    g_assert_null(out[0]);
    g_clear_pointer(&out, g_strfreev);
    g_assert_true(uvXdrReaderFinish(&r, NULL));

    /* a count over the limit is refused before any string is read */
    g_byte_array_set_size(buf, 0);
    uvXdrPutU32(buf, UV_REMOTE_DOMAIN_MESSAGES_MAX + 1);
    uvXdrReaderInit(&r, buf->data, buf->len);
    g_assert_false(
        uvXdrGetStringList(&r, UV_REMOTE_DOMAIN_MESSAGES_MAX, UV_REMOTE_STRING_MAX, &out, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
    g_assert_null(out);
    g_clear_error(&err);

    /* a string over its own limit, and a list shorter than its count */
    g_byte_array_set_size(buf, 0);
    uvXdrPutStringList(buf, list);
    uvXdrReaderInit(&r, buf->data, buf->len);
    g_assert_false(uvXdrGetStringList(&r, UV_REMOTE_DOMAIN_MESSAGES_MAX, 8, &out, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
    g_assert_null(out);
    g_clear_error(&err);
    uvXdrReaderInit(&r, buf->data, buf->len - 8);
    g_assert_false(
        uvXdrGetStringList(&r, UV_REMOTE_DOMAIN_MESSAGES_MAX, UV_REMOTE_STRING_MAX, &out, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
    g_assert_null(out);
}

static void
testArgsRoundTrip(void)
{
    static const UvRemoteArgsKind kinds[] = {
        UV_REMOTE_ARGS_NONE,
        UV_REMOTE_ARGS_INT,
        UV_REMOTE_ARGS_STRING,
        UV_REMOTE_ARGS_STRING_FLAGS,
        UV_REMOTE_ARGS_OPT_STRING_FLAGS,
        UV_REMOTE_ARGS_STRING2_FLAGS,
        UV_REMOTE_ARGS_UUID,
        UV_REMOTE_ARGS_DOM,
        UV_REMOTE_ARGS_DOM_FLAGS,
        UV_REMOTE_ARGS_DOM_INT,
        UV_REMOTE_ARGS_INT_FLAGS,
    };
    UvRemoteArgs in = {
        .dom = {.name = (char *)"guest1", .id = -1},
        .str = (char *)"<domain/>",
        .str2 = (char *)"qemu-argv",
        .i = -7,
        .flags = 0x80000001,
    };

    for (guint n = 0; n < UV_UUID_BUFLEN; n++)
        in.dom.uuid[n] = in.uuid[n] = (guint8)(n * 17);

    for (guint k = 0; k < G_N_ELEMENTS(kinds); k++) {
        g_autoptr(GByteArray) buf = g_byte_array_new();
        g_autoptr(GError) err = NULL;
        UvRemoteArgs out = {0};
        UvXdrReader r;

        uvRemoteArgsEncode(buf, kinds[k], &in);
        uvXdrReaderInit(&r, buf->data, buf->len);
        g_assert_true(uvRemoteArgsDecode(&r, kinds[k], &out, NULL));
        switch (kinds[k]) {
        case UV_REMOTE_ARGS_DOM:
        case UV_REMOTE_ARGS_DOM_FLAGS:
        case UV_REMOTE_ARGS_DOM_INT:
            g_assert_cmpstr(out.dom.name, ==, "guest1");
            g_assert_cmpmem(out.dom.uuid, UV_UUID_BUFLEN, in.dom.uuid, UV_UUID_BUFLEN);
            g_assert_cmpint(out.dom.id, ==, -1);
            break;
        default:
            break;
        }
        if (kinds[k] == UV_REMOTE_ARGS_STRING2_FLAGS)
            g_assert_cmpstr(out.str2, ==, "qemu-argv");
        if (kinds[k] == UV_REMOTE_ARGS_DOM_FLAGS || kinds[k] == UV_REMOTE_ARGS_INT_FLAGS)
            g_assert_cmphex(out.flags, ==, 0x80000001);
        uvRemoteArgsClear(&out);

        /* one byte too many or too few is refused */
        g_byte_array_append(buf, (const guint8 *)"\0\0\0\0", 4);
        uvXdrReaderInit(&r, buf->data, buf->len);
        g_assert_false(uvRemoteArgsDecode(&r, kinds[k], &out, &err));
        g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
        g_clear_error(&err);
        uvRemoteArgsClear(&out);
        if (buf->len > 4) {
            uvXdrReaderInit(&r, buf->data, buf->len - 5);
            g_assert_false(uvRemoteArgsDecode(&r, kinds[k], &out, &err));
            g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
            uvRemoteArgsClear(&out);
        }
    }
}

static void
testErrorRoundTrip(void)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    UvRemoteError e = {0};
    UvXdrReader r;

    uvRemoteErrorEncode(buf, UV_VIR_ERR_NO_DOMAIN, UV_VIR_FROM_QEMU, "no domain 'x'");
    /* code, domain, message (1 + string), level, 4 absent pointers, 2 ints, 1 absent */
    g_assert_cmpuint(buf->len, ==, 4 + 4 + 4 + 4 + 16 + 4 + 4 * 4 + 8 + 4);
    uvXdrReaderInit(&r, buf->data, buf->len);
    g_assert_true(uvRemoteErrorDecode(&r, &e, NULL));
    g_assert_cmpint(e.code, ==, 42);
    g_assert_cmpint(e.domain, ==, 10);
    g_assert_cmpint(e.level, ==, 2);
    g_assert_cmpstr(e.message, ==, "no domain 'x'");
    uvRemoteErrorClear(&e);
}

static void
testErrorMapping(void)
{
    static const struct {
        UvErrorCode uv;
        gint32 vir;
    } rows[] = {
        {UV_ERROR_INTERNAL, 1},
        {UV_ERROR_NO_SUPPORT, 3},
        {UV_ERROR_NO_CONNECT, 5},
        {UV_ERROR_INVALID_ARG, 8},
        {UV_ERROR_OPERATION_FAILED, 9},
        {UV_ERROR_XML, 27},
        {UV_ERROR_DOMAIN_EXISTS, 28},
        {UV_ERROR_PERMISSION, 29},
        {UV_ERROR_SYSTEM, 38},
        {UV_ERROR_RPC, 39},
        {UV_ERROR_NO_DOMAIN, 42},
        {UV_ERROR_OPERATION_INVALID, 55},
        {UV_ERROR_CONFIG_UNSUPPORTED, 67},
    };

    for (guint n = 0; n < G_N_ELEMENTS(rows); n++) {
        g_autoptr(GError) err = g_error_new_literal(UV_ERROR, rows[n].uv, "x");
        gint32 code, domain;

        uvRemoteErrorFromGError(err, &code, &domain);
        g_assert_cmpint(code, ==, rows[n].vir);
        g_assert_cmpint(uvRemoteErrorToUv(code), ==, rows[n].uv);
    }
}

static void
testFraming(void)
{
    UvRemoteHeader hdr = {UV_REMOTE_PROGRAM, 1, 273, UV_REMOTE_CALL, 9, UV_REMOTE_OK};
    UvRemoteHeader back;
    g_autoptr(GByteArray) msg = uvRemoteMessageNew(&hdr);
    g_autoptr(GError) err = NULL;
    g_autoptr(GBytes) got = NULL;
    UvXdrReader r;
    int sv[2];
    gsize len;
    const guint8 *data;

    uvXdrPutI32(msg, 1);
    uvXdrPutU32(msg, 3);
    g_assert_true(uvRemoteMessageFinish(msg, NULL));
    g_assert_cmpuint(msg->len, ==, 36);
    g_assert_cmpuint(msg->data[3], ==, 36);

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), ==, 0);
    g_assert_true(uvRemoteMessageWrite(sv[0], msg, NULL));
    g_assert_true(uvRemoteMessageRead(sv[1], &got, NULL));
    data = g_bytes_get_data(got, &len);
    g_assert_cmpuint(len, ==, 32);
    uvXdrReaderInit(&r, data, len);
    g_assert_true(uvRemoteHeaderDecode(&r, &back, NULL));
    g_assert_cmpmem(&back, sizeof(back), &hdr, sizeof(hdr));
    g_clear_pointer(&got, g_bytes_unref);

    /* bad lengths: 0, below a header, above 32 MiB, 2^31 */
    {
        static const guint32 bad[] = {0, 27, UV_REMOTE_MESSAGE_MAX + 1, 0x80000000u};

        for (guint n = 0; n < G_N_ELEMENTS(bad); n++) {
            guint8 b[4] = {bad[n] >> 24, bad[n] >> 16, bad[n] >> 8, bad[n]};

            g_assert_cmpint(write(sv[0], b, 4), ==, 4);
            g_assert_false(uvRemoteMessageRead(sv[1], &got, &err));
            g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
            g_assert_null(got);
            g_clear_error(&err);
        }
    }
    g_assert_true(uvRemoteLengthCheck(28, NULL));
    g_assert_true(uvRemoteLengthCheck(UV_REMOTE_MESSAGE_MAX, NULL));

    /* truncated: length says 40, 10 bytes follow, then EOF */
    {
        guint8 b[14] = {0, 0, 0, 40};

        g_assert_cmpint(write(sv[0], b, sizeof(b)), ==, sizeof(b));
        shutdown(sv[0], SHUT_WR);
        g_assert_false(uvRemoteMessageRead(sv[1], &got, &err));
        g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
        g_clear_error(&err);
        /* clean EOF afterwards */
        g_assert_true(uvRemoteMessageRead(sv[1], &got, NULL));
        g_assert_null(got);
    }
    close(sv[0]);
    close(sv[1]);
}

typedef struct {
    int fd;
    GByteArray *msg;
} TestWriter;

static gpointer
testWriterThread(gpointer data)
{
    TestWriter *w = data;

    return GINT_TO_POINTER(uvRemoteMessageWrite(w->fd, w->msg, NULL));
}

/* A message far larger than a socket buffer arrives whole, in order. */
static void
testFramingLarge(void)
{
    UvRemoteHeader hdr = {UV_REMOTE_PROGRAM, 1, 14, UV_REMOTE_REPLY, 9, UV_REMOTE_OK};
    g_autoptr(GByteArray) msg = uvRemoteMessageNew(&hdr);
    g_autoptr(GBytes) got = NULL;
    g_autofree char *big = g_malloc(3 * 1024 * 1024 + 5);
    TestWriter w;
    GThread *thread;
    gsize len;
    const guint8 *data;
    int sv[2];

    for (gsize n = 0; n < 3 * 1024 * 1024 + 4; n++)
        big[n] = 'a' + n % 26;
    big[3 * 1024 * 1024 + 4] = '\0';
    uvXdrPutString(msg, big);
    g_assert_true(uvRemoteMessageFinish(msg, NULL));

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), ==, 0);
    w.fd = sv[0];
    w.msg = msg;
    thread = g_thread_new("writer", testWriterThread, &w);
    g_assert_true(uvRemoteMessageRead(sv[1], &got, NULL));
    g_assert_true(GPOINTER_TO_INT(g_thread_join(thread)));
    data = g_bytes_get_data(got, &len);
    g_assert_cmpmem(data, len, msg->data + UV_REMOTE_LEN_SIZE, msg->len - UV_REMOTE_LEN_SIZE);
    close(sv[0]);
    close(sv[1]);
}

typedef struct {
    int fd;
    gint stop;
} TestDribble;

/* A peer that reads, but slowly: 4 KiB every 50 ms. */
static gpointer
testDribbleThread(gpointer data)
{
    TestDribble *d = data;
    guint8 buf[4096];

    while (!g_atomic_int_get(&d->stop) && read(d->fd, buf, sizeof(buf)) > 0)
        g_usleep(50000);
    return NULL;
}

/* The timeout bounds the whole message, not each write a slow reader lets through. */
static void
testWriteTimeout(void)
{
    UvRemoteHeader hdr = {UV_REMOTE_PROGRAM, 1, 7, UV_REMOTE_REPLY, 1, UV_REMOTE_OK};
    g_autoptr(GByteArray) msg = uvRemoteMessageNew(&hdr);
    g_autoptr(GError) err = NULL;
    g_autofree guint8 *big = g_malloc0(256 * 1024);
    static const guint8 junk[4096];
    TestDribble d = {0};
    GThread *thread;
    gint64 start;
    int sv[2];

    uvXdrPutOpaqueFixed(msg, big, 256 * 1024);
    g_assert_true(uvRemoteMessageFinish(msg, NULL));
    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), ==, 0);
    while (send(sv[0], junk, sizeof(junk), MSG_DONTWAIT) > 0)
        ;

    /* a full socket: no wait at all */
    g_assert_false(uvRemoteMessageWriteTimeout(sv[0], msg, 0, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
    g_clear_error(&err);

    d.fd = sv[1];
    thread = g_thread_new("dribble", testDribbleThread, &d);
    start = g_get_monotonic_time();
    g_assert_false(uvRemoteMessageWriteTimeout(sv[0], msg, 300, &err));
    g_assert_error(err, UV_ERROR, UV_ERROR_RPC);
    g_assert_cmpint(g_get_monotonic_time() - start, <, 2 * G_USEC_PER_SEC);
    g_atomic_int_set(&d.stop, 1);
    shutdown(sv[0], SHUT_RDWR);
    g_thread_join(thread);
    close(sv[0]);
    close(sv[1]);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/remote/xdr/scalars", testXdrScalars);
    g_test_add_func("/remote/xdr/strings", testXdrStrings);
    g_test_add_func("/remote/xdr/limits", testXdrLimits);
    g_test_add_func("/remote/xdr/stringlist", testXdrStringList);
    g_test_add_func("/remote/args/roundtrip", testArgsRoundTrip);
    g_test_add_func("/remote/error/roundtrip", testErrorRoundTrip);
    g_test_add_func("/remote/error/mapping", testErrorMapping);
    g_test_add_func("/remote/framing", testFraming);
    g_test_add_func("/remote/framing/large", testFramingLarge);
    g_test_add_func("/remote/framing/write-timeout", testWriteTimeout);
    return g_test_run();
}
