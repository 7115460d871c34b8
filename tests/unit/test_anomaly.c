/*
 * test_anomaly.c - the catalogue of checks: complete, consistent, every
 * template fills, and every check is documented in the README.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "volte/anomaly.h"


static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n)
        n = 0;
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    size_t n;
    const volte_anomaly_def *cat = volte_anomaly_catalogue(&n);
    CHECK(n == VOLTE_AN_COUNT);
    for (size_t i = 0; i < n; i++) {
        CHECK(cat[i].id == (volte_anomaly_id)i);
        CHECK(cat[i].name && *cat[i].name && strchr(cat[i].name, ' ') == NULL);
        CHECK(cat[i].text && *cat[i].text);
        /* a specification, or for the plugin's own limits the preference that sets them */
        CHECK(cat[i].ref && (strncmp(cat[i].ref, "RFC ", 4) == 0 || strncmp(cat[i].ref, "TS ", 3) == 0 ||
                             (cat[i].id == VOLTE_AN_CALL_LIMIT && strncmp(cat[i].ref, "volte.", 6) == 0) ||
                             (cat[i].id == VOLTE_AN_VALUES_DROPPED && strncmp(cat[i].ref, "plugin ", 7) == 0)));
        CHECK(cat[i].summary && *cat[i].summary);
        CHECK(cat[i].group < VOLTE_GROUP_COUNT);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(cat[i].name, cat[j].name) != 0);
        /* every placeholder is known: nothing of the form {x} is left */
        volte_anomaly an = {(uint16_t)i, 6, 9021, 7, "a text"};
        char out[512];
        volte_anomaly_format(&an, 183, "INVITE", out, sizeof out);
        CHECK(strchr(out, '{') == NULL && strchr(out, '}') == NULL);
        CHECK(strstr(out, cat[i].ref) != NULL);
    }

    /* the example message of the README */
    volte_anomaly prack = {VOLTE_AN_PRACK_MISSING, 0, 9021, 0, NULL};
    char out[256];
    volte_anomaly_format(&prack, 183, "INVITE", out, sizeof out);
    CHECK(strcmp(out, "183 in this frame sent reliably (RSeq 9021) was not acknowledged by PRACK; RFC 3262 §3") == 0);

    /* truncation is safe */
    char tiny[8];
    volte_anomaly_format(&prack, 183, "INVITE", tiny, sizeof tiny);
    CHECK(strlen(tiny) == 7);
    CHECK(volte_anomaly_format(&prack, 183, "INVITE", tiny, 0) == tiny);
    CHECK(volte_anomaly_lookup(VOLTE_AN_COUNT) == NULL);
    CHECK(strstr(volte_warning_text(305), "codec") != NULL);
    CHECK(volte_warning_text(999) == NULL);

    /* the README documents every check */
    if (argc > 1) {
        char *readme = read_file(argv[1]);
        CHECK(readme != NULL);
        for (size_t i = 0; readme && i < n; i++) {
            char name[96];
            snprintf(name, sizeof name, "`volte.expert.%s`", cat[i].name);
            if (!strstr(readme, name)) {
                fprintf(stderr, "README lacks %s\n", name);
                failures++;
            }
        }
        free(readme);
    }
    return check_report("test_anomaly");
}
