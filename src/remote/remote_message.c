/*
 * remote_message.c: framing of libvirt's remote protocol
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "remote_message.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

GByteArray *
uvRemoteMessageNew(const UvRemoteHeader *hdr)
{
    GByteArray *msg = g_byte_array_sized_new(256);

    uvXdrPutU32(msg, 0);
    uvXdrPutU32(msg, hdr->prog);
    uvXdrPutU32(msg, hdr->vers);
    uvXdrPutI32(msg, hdr->proc);
    uvXdrPutI32(msg, hdr->type);
    uvXdrPutU32(msg, hdr->serial);
    uvXdrPutI32(msg, hdr->status);
    return msg;
}

gboolean
uvRemoteMessageFinish(GByteArray *msg, GError **error)
{
    guint32 len = msg->len;

    if (msg->len > UV_REMOTE_MESSAGE_MAX) {
        g_set_error(error, UV_ERROR, UV_ERROR_RPC,
                    _("Message of %u bytes exceeds the limit of %d bytes"), msg->len,
                    UV_REMOTE_MESSAGE_MAX);
        return FALSE;
    }
    msg->data[0] = len >> 24;
    msg->data[1] = len >> 16;
    msg->data[2] = len >> 8;
    msg->data[3] = len;
    return TRUE;
}

gboolean
uvRemoteLengthCheck(guint32 len, GError **error)
{
    if (len < UV_REMOTE_LEN_SIZE + UV_REMOTE_HEADER_SIZE) {
        g_set_error(error, UV_ERROR, UV_ERROR_RPC,
                    _("Message length %u is shorter than a message header"), len);
        return FALSE;
    }
    if (len > UV_REMOTE_MESSAGE_MAX) {
        g_set_error(error, UV_ERROR, UV_ERROR_RPC,
                    _("Message length %u exceeds the limit of %d bytes"), len,
                    UV_REMOTE_MESSAGE_MAX);
        return FALSE;
    }
    return TRUE;
}

gboolean
uvRemoteHeaderDecode(UvXdrReader *r, UvRemoteHeader *hdr, GError **error)
{
    return uvXdrGetU32(r, &hdr->prog, error) && uvXdrGetU32(r, &hdr->vers, error) &&
           uvXdrGetI32(r, &hdr->proc, error) && uvXdrGetI32(r, &hdr->type, error) &&
           uvXdrGetU32(r, &hdr->serial, error) && uvXdrGetI32(r, &hdr->status, error);
}

/* Read exactly @len bytes; returns the count read before EOF, or -1 on error. */
static gssize
uvRemoteReadFull(int fd, guint8 *buf, gsize len)
{
    gsize done = 0;

    while (done < len) {
        ssize_t n = recv(fd, buf + done, len - done, 0);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break;
        done += n;
    }
    return done;
}

/* The first piece of a message body read; later pieces double with what has come. */
#define UV_REMOTE_READ_CHUNK (64 * 1024)

gboolean
uvRemoteMessageRead(int fd, GBytes **msg, GError **error)
{
    guint8 lenbuf[UV_REMOTE_LEN_SIZE];
    g_autoptr(GByteArray) body = NULL;
    guint32 len;
    gssize n;

    n = uvRemoteReadFull(fd, lenbuf, sizeof(lenbuf));
    if (n < 0) {
        g_set_error(error, UV_ERROR, UV_ERROR_RPC, _("Unable to read from socket: %s"),
                    g_strerror(errno));
        return FALSE;
    }
    if (n == 0) {
        *msg = NULL;
        return TRUE;
    }
    if (n < (gssize)sizeof(lenbuf)) {
        g_set_error(error, UV_ERROR, UV_ERROR_RPC,
                    _("Connection closed in the middle of a message length"));
        return FALSE;
    }
    len = (guint32)lenbuf[0] << 24 | (guint32)lenbuf[1] << 16 | (guint32)lenbuf[2] << 8 | lenbuf[3];
    if (!uvRemoteLengthCheck(len, error))
        return FALSE;

    len -= UV_REMOTE_LEN_SIZE;
    /*
     * The buffer grows with the bytes that arrive, not with the length word:
     * a peer announcing 32 MiB and sending nothing more costs 64 KiB.
     */
    body = g_byte_array_sized_new(MIN(len, UV_REMOTE_READ_CHUNK));
    while (body->len < len) {
        guint have = body->len;
        gsize want = MIN(len - have, MAX(have, UV_REMOTE_READ_CHUNK));

        g_byte_array_set_size(body, have + want);
        n = uvRemoteReadFull(fd, body->data + have, want);
        if (n < 0) {
            g_set_error(error, UV_ERROR, UV_ERROR_RPC, _("Unable to read from socket: %s"),
                        g_strerror(errno));
            return FALSE;
        }
        if ((gsize)n < want) {
            g_set_error(error, UV_ERROR, UV_ERROR_RPC,
                        _("Connection closed after %zu of %u message bytes"), have + n, len);
            return FALSE;
        }
    }
    *msg = g_byte_array_free_to_bytes(g_steal_pointer(&body));
    return TRUE;
}

/* Send all of @msg; @timeoutMs < 0 waits as long as it takes. */
static gboolean
uvRemoteMessageSend(int fd, const GByteArray *msg, int timeoutMs, GError **error)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)MAX(timeoutMs, 0) * G_TIME_SPAN_MILLISECOND;
    int flags = MSG_NOSIGNAL | (timeoutMs >= 0 ? MSG_DONTWAIT : 0);
    gsize done = 0;

    while (done < msg->len) {
        ssize_t n = send(fd, msg->data + done, msg->len - done, flags);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN && timeoutMs >= 0) {
            struct pollfd pfd = {.fd = fd, .events = POLLOUT};
            gint64 left = (deadline - g_get_monotonic_time()) / G_TIME_SPAN_MILLISECOND;

            if (left > 0 && (poll(&pfd, 1, (int)left) > 0 || errno == EINTR))
                continue;
            g_set_error(error, UV_ERROR, UV_ERROR_RPC,
                        _("Unable to write to socket: %zu of %u bytes sent within %d ms"), done,
                        msg->len, timeoutMs);
            return FALSE;
        }
        if (n < 0) {
            g_set_error(error, UV_ERROR, UV_ERROR_RPC, _("Unable to write to socket: %s"),
                        g_strerror(errno));
            return FALSE;
        }
        done += n;
    }
    return TRUE;
}

gboolean
uvRemoteMessageWrite(int fd, const GByteArray *msg, GError **error)
{
    return uvRemoteMessageSend(fd, msg, -1, error);
}

gboolean
uvRemoteMessageWriteTimeout(int fd, const GByteArray *msg, int timeoutMs, GError **error)
{
    return uvRemoteMessageSend(fd, msg, MAX(timeoutMs, 0), error);
}
