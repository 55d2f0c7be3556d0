/*
 * uvirt-xml-validate.c: check a domain XML file against uvirt's rules and
 * schema, and optionally print it in canonical form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/uvinternal.h"
#include "conf/domain_conf.h"

#include <locale.h>
#include <stdio.h>

static gboolean
validateOne(const char *path, gboolean format, const char *schema)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(UvDomainDef) def = NULL;
    g_autofree char *content = NULL;
    g_autofree char *xml = NULL;

    if (!(def = uvDomainDefParseFile(path, 0, &error))) {
        fprintf(stderr, _("error: %s\n"), error->message);
        return FALSE;
    }
    /* the parser gave the clearer message; the schema is a second opinion */
    if (!g_file_get_contents(path, &content, NULL, &error) ||
        !uvDomainDefValidateSchema(content, schema, &error)) {
        fprintf(stderr, _("error: %s\n"), error->message);
        return FALSE;
    }
    if (format) {
        if (!(xml = uvDomainDefFormat(def, 0, &error))) {
            fprintf(stderr, _("error: %s\n"), error->message);
            return FALSE;
        }
        fputs(xml, stdout);
    } else {
        printf(_("%s validates\n"), path);
    }
    return TRUE;
}

int
main(int argc, char **argv)
{
    gboolean format = FALSE;
    g_autofree char *schema = NULL;
    g_auto(GStrv) files = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GOptionContext) ctx = NULL;
    const GOptionEntry entries[] = {
        {"format", 'f', 0, G_OPTION_ARG_NONE, &format,
         N_("Print the canonical XML instead of a verdict"), NULL},
        {"schema", 's', 0, G_OPTION_ARG_FILENAME, &schema,
         N_("RelaxNG schema to check against (default: uvirt's domain.rng)"), N_("PATH")},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE...")},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    gboolean ok = TRUE;

    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");

    ctx = g_option_context_new(_("FILE... - check domain XML files against uvirt's rules"));
    g_option_context_set_translation_domain(ctx, GETTEXT_PACKAGE);
    g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        fprintf(stderr, _("error: %s\n"), error->message);
        return 2;
    }
    if (!files || !files[0]) {
        fprintf(stderr, _("error: no domain XML file given; usage: %s [--format] FILE...\n"),
                g_get_prgname());
        return 2;
    }

    for (guint i = 0; files[i]; i++)
        ok = validateOne(files[i], format, schema) && ok;
    return ok ? 0 : 1;
}
