/*
 * jsontest.c: the small JSON builder and parser in src/util/uvjson.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "util/uvjson.h"
#include "testutils.h"

#include <stdio.h>

static int failures;

/* Parse @in and format it again: @out is the expected text, NULL when parsing must fail. */
static void
testRoundTripOne(const char *in, const char *out)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(UvJson) v = uvJsonParse(in, &err);
    g_autofree char *text = NULL;

    if (!out) {
        if (v) {
            fprintf(stderr, "FAIL: '%s' parsed but must not\n", in);
            failures++;
        }
        return;
    }
    if (!v) {
        fprintf(stderr, "FAIL: '%s': %s\n", in, err->message);
        failures++;
        return;
    }
    text = uvJsonFormat(v);
    if (!g_str_equal(text, out)) {
        fprintf(stderr, "FAIL: '%s' -> '%s', expected '%s'\n", in, text, out);
        failures++;
    }
}

static void
testBuilder(void)
{
    g_autoptr(UvJson) obj = uvJsonNewObject();
    g_autoptr(UvJson) arr = uvJsonNewArray();
    g_autofree char *text = NULL;

    uvJsonObjectAppendString(obj, "type", "tap");
    uvJsonObjectAppendString(obj, "fd", "3");
    uvJsonObjectAppendBool(obj, "vhost", TRUE);
    uvJsonObjectAppendInt(obj, "n", -5);
    uvJsonObjectAppendUInt(obj, "size", G_MAXUINT64);
    uvJsonObjectAppendString(obj, "q", "a\"b\\c\n");
    uvJsonObjectAppendString(obj, "fd", "4"); /* replaced in place */
    uvJsonArrayAppend(arr, uvJsonNewNull());
    uvJsonObjectAppend(obj, "list", g_steal_pointer(&arr));
    text = uvJsonFormat(obj);
    if (!g_str_equal(text,
                     "{\"type\":\"tap\",\"fd\":\"4\",\"vhost\":true,\"n\":-5,"
                     "\"size\":18446744073709551615,\"q\":\"a\\\"b\\\\c\\n\",\"list\":[null]}")) {
        fprintf(stderr, "FAIL: builder produced %s\n", text);
        failures++;
    }
}

static void
testAccessors(void)
{
    g_autoptr(UvJson) v = uvJsonParse(
        "{\"return\": {\"status\": \"running\", \"running\": true, \"n\": 42}, \"id\": \"x\"}\r\n",
        NULL);
    UvJson *ret = uvJsonObjectGet(v, "return");
    gboolean b = FALSE;
    gint64 n = 0;

    if (!ret || g_strcmp0(uvJsonObjectGetString(ret, "status"), "running") != 0 ||
        !uvJsonGetBool(uvJsonObjectGet(ret, "running"), &b) || !b ||
        !uvJsonGetInt64(uvJsonObjectGet(ret, "n"), &n) || n != 42 ||
        uvJsonObjectGet(v, "missing") || uvJsonObjectGetString(ret, "running")) {
        fprintf(stderr, "FAIL: accessors\n");
        failures++;
    }
}

int
main(void)
{
    testRoundTripOne("{}", "{}");
    testRoundTripOne(" [ 1 , -2.5e3, true, false, null, \"s\" ] ",
                     "[1,-2.5e3,true,false,null,\"s\"]");
    testRoundTripOne("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22}}, \"capabilities\": []}}",
                     "{\"QMP\":{\"version\":{\"qemu\":{\"micro\":22}},\"capabilities\":[]}}");
    testRoundTripOne("\"\\u00e9\\ud83d\\ude00\\/\"", "\"\xc3\xa9\xf0\x9f\x98\x80/\"");
    testRoundTripOne("\"tab\\there\"", "\"tab\\there\"");
    testRoundTripOne("", NULL);
    testRoundTripOne("{", NULL);
    testRoundTripOne("{\"a\" 1}", NULL);
    testRoundTripOne("[1,]", NULL);
    testRoundTripOne("\"abc", NULL);
    testRoundTripOne("\"\\u0000\"", NULL);
    testRoundTripOne("01x", NULL);
    testRoundTripOne("{} {}", NULL);
    testRoundTripOne("tru", NULL);
    testRoundTripOne("-", NULL);
    {
        g_autoptr(GString) deep = g_string_new(NULL);
        for (int i = 0; i < 200; i++)
            g_string_append_c(deep, '[');
        testRoundTripOne(deep->str, NULL);
    }
    testBuilder();
    testAccessors();

    if (failures)
        return EXIT_FAILURE;
    printf("jsontest: all cases passed\n");
    return EXIT_SUCCESS;
}
