/*
 * remote_message.h: framing of libvirt's remote protocol
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A message is a big-endian u32 total length (counting itself), a 24-byte
 * header and an XDR payload. A reply copies program, version, procedure and
 * serial from its call.
 */
#pragma once

#include <glib.h>

#include "remote_xdr.h"

#define UV_REMOTE_PROGRAM 0x20008086u
#define UV_REMOTE_PROTOCOL_VERSION 1
#define UV_KEEPALIVE_PROGRAM 0x6b656570u
#define UV_KEEPALIVE_PROTOCOL_VERSION 1
#define UV_KEEPALIVE_PROC_PING 1
#define UV_KEEPALIVE_PROC_PONG 2

#define UV_REMOTE_LEN_SIZE 4
#define UV_REMOTE_HEADER_SIZE 24

typedef enum {
    UV_REMOTE_CALL = 0,
    UV_REMOTE_REPLY = 1,
    UV_REMOTE_MESSAGE = 2,
    UV_REMOTE_STREAM = 3,
    UV_REMOTE_CALL_WITH_FDS = 4,
    UV_REMOTE_REPLY_WITH_FDS = 5,
    UV_REMOTE_STREAM_HOLE = 6,
} UvRemoteMessageType;

typedef enum {
    UV_REMOTE_OK = 0,
    UV_REMOTE_ERROR = 1,
    UV_REMOTE_CONTINUE = 2,
} UvRemoteMessageStatus;

typedef struct {
    guint32 prog;
    guint32 vers;
    gint32 proc;
    gint32 type;
    guint32 serial;
    gint32 status;
} UvRemoteHeader;

/*
 * A new message buffer holding a length placeholder and @hdr; append the
 * payload with the uvXdrPut* functions, then call uvRemoteMessageFinish().
 */
GByteArray *uvRemoteMessageNew(const UvRemoteHeader *hdr);
/* Fill in the length word. Fails when the message grew over the limit. */
gboolean uvRemoteMessageFinish(GByteArray *msg, GError **error);

/* Is @len (the length word) acceptable: a header at least, 32 MiB at most? */
gboolean uvRemoteLengthCheck(guint32 len, GError **error);
/* Decode the header from a message without its length word. */
gboolean uvRemoteHeaderDecode(UvXdrReader *r, UvRemoteHeader *hdr, GError **error);

/*
 * Read one message from the socket @fd (blocking). On success *msg holds the
 * message without its length word, or NULL when the peer closed the
 * connection cleanly between messages. A bad length or a connection closed
 * in the middle of a message is an error.
 */
gboolean uvRemoteMessageRead(int fd, GBytes **msg, GError **error);
/* Write the whole finished message @msg to the socket @fd (no SIGPIPE). */
gboolean uvRemoteMessageWrite(int fd, const GByteArray *msg, GError **error);
/*
 * The same within @timeoutMs for the whole message (0: without waiting),
 * however slowly the peer reads. On failure part of it may have gone out;
 * the connection's framing is lost then and it must be closed.
 */
gboolean uvRemoteMessageWriteTimeout(int fd, const GByteArray *msg, int timeoutMs, GError **error);
