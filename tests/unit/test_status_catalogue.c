/* test_status_catalogue.c -- unit test of the SIP status catalogue.
 *
 * Standalone: build it with plugin/engine/status_catalogue.c and run it.
 * It prints each failed check and exits with 1 if any failed.
 */

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "volte/status_catalogue.h"


/* The IANA SIP "Response Codes" registry, written out here on purpose rather
 * than taken from the table under test. */
static const unsigned registry[] = {
    100, 180, 181, 182, 183, 199,
    200, 202, 204,
    300, 301, 302, 305, 380,
    400, 401, 402, 403, 404, 405, 406, 407, 408, 410, 412, 413, 414, 415,
    416, 417, 420, 421, 422, 423, 424, 425, 428, 429, 430, 433, 436, 437,
    438, 439, 440, 469, 470, 480, 481, 482, 483, 484, 485, 486, 487, 488,
    489, 491, 493, 494,
    500, 501, 502, 503, 504, 505, 513, 555, 580,
    600, 603, 604, 606, 607, 608,
};

#define REGISTRY_COUNT (sizeof(registry) / sizeof(registry[0]))

static int in_registry(unsigned code)
{
    size_t i;

    for (i = 0; i < REGISTRY_COUNT; i++)
        if (registry[i] == code)
            return 1;
    return 0;
}

static int is_set(const char *s)
{
    return s != NULL && s[0] != '\0';
}

static int has_non_ascii(const char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s >= 0x80)
            return 1;
    return 0;
}

/* '|', '[' and ']' separate fields in the plugin's tshark output. */
static int has_separator(const char *s)
{
    return s != NULL && strpbrk(s, "|[]") != NULL;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int str_eq(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static void test_registry_codes_present(void)
{
    size_t i;

    CHECK(REGISTRY_COUNT == 75);
    for (i = 0; i < REGISTRY_COUNT; i++) {
        const volte_status_entry *e = volte_status_lookup(registry[i]);

        CHECK(e != NULL);
        if (e == NULL) {
            fprintf(stderr, "  missing code %u\n", registry[i]);
            continue;
        }
        CHECK(e->code == registry[i]);
    }
}

static void test_table_shape(void)
{
    size_t count = 0, i;
    const volte_status_entry *t = volte_status_table(&count);

    CHECK(t != NULL);
    CHECK(count == REGISTRY_COUNT);
    CHECK(volte_status_table(NULL) == t);
    if (t == NULL)
        return;

    for (i = 0; i < count; i++) {
        CHECK(in_registry(t[i].code));
        if (i > 0)
            CHECK(t[i - 1].code < t[i].code);
        CHECK(volte_status_lookup(t[i].code) == &t[i]);
    }
}

static void test_entries(void)
{
    size_t count = 0, i;
    const volte_status_entry *t = volte_status_table(&count);

    for (i = 0; i < count; i++) {
        const volte_status_entry *e = &t[i];
        unsigned cls = volte_status_class(e->code);

        CHECK(cls == e->code / 100u);
        CHECK(cls >= 1 && cls <= 6);

        CHECK(is_set(e->name));
        CHECK(is_set(e->meaning));
        CHECK(is_set(e->meaning_zh));
        CHECK(is_set(e->action));
        CHECK(is_set(e->ref));
        CHECK(e->volte_note == NULL || e->volte_note[0] != '\0');
        if (!is_set(e->name) || !is_set(e->meaning) || !is_set(e->meaning_zh)
            || !is_set(e->action) || !is_set(e->ref)) {
            fprintf(stderr, "  incomplete entry %u\n", e->code);
            continue;
        }

        CHECK(starts_with(e->ref, "RFC ") || starts_with(e->ref, "3GPP "));
        CHECK(has_non_ascii(e->meaning_zh));
        /* Plain text, never a printf format. */
        CHECK(strchr(e->meaning, '%') == NULL);
        CHECK(strchr(e->action, '%') == NULL);
        CHECK(e->volte_note == NULL || strchr(e->volte_note, '%') == NULL);
        /* Actions are lower-case imperatives. */
        CHECK(!(e->action[0] >= 'A' && e->action[0] <= 'Z'));
    }
}

static void test_briefs(void)
{
    size_t count = 0, i;
    const volte_status_entry *t = volte_status_table(&count);

    for (i = 0; i < count; i++) {
        const volte_status_entry *e = &t[i];

        CHECK(is_set(e->brief));
        CHECK(is_set(e->brief_zh));
        if (!is_set(e->brief) || !is_set(e->brief_zh)) {
            fprintf(stderr, "  missing brief in entry %u\n", e->code);
            continue;
        }
        CHECK(strlen(e->brief) <= 40);
        CHECK(has_non_ascii(e->brief_zh));
        /* At most 8 Chinese characters, 3 bytes each in UTF-8. */
        CHECK(strlen(e->brief_zh) <= 8 * 3);
        CHECK(strchr(e->brief, '%') == NULL);
        CHECK(strchr(e->brief_zh, '%') == NULL);
        if (strlen(e->brief) > 40 || strlen(e->brief_zh) > 8 * 3)
            fprintf(stderr, "  brief too long in entry %u\n", e->code);
    }
}

static void test_no_separators(void)
{
    size_t count = 0, i;
    const volte_status_entry *t = volte_status_table(&count);

    for (i = 0; i < count; i++) {
        const volte_status_entry *e = &t[i];
        const char *const texts[] = {
            e->name, e->meaning, e->meaning_zh, e->brief, e->brief_zh,
            e->action, e->ref, e->volte_note,
        };
        size_t j;

        for (j = 0; j < sizeof(texts) / sizeof(texts[0]); j++) {
            CHECK(!has_separator(texts[j]));
            if (has_separator(texts[j]))
                fprintf(stderr, "  separator in entry %u, field %u\n",
                        e->code, (unsigned)j);
        }
    }
}

static void test_spot_checks(void)
{
    const volte_status_entry *e;

    e = volte_status_lookup(183);
    CHECK(e != NULL && str_eq(e->name, "Session Progress"));

    e = volte_status_lookup(580);
    CHECK(e != NULL && str_eq(e->ref, "RFC 3312 §8"));
    CHECK(e != NULL && e->volte_note != NULL);

    e = volte_status_lookup(486);
    CHECK(e != NULL && str_eq(e->name, "Busy Here"));
    CHECK(e != NULL && str_eq(e->brief, "callee busy"));

    e = volte_status_lookup(202);
    CHECK(e != NULL && str_eq(e->name, "Accepted"));
    CHECK(e != NULL && e->meaning != NULL && strstr(e->meaning, "eprecated") != NULL);

    e = volte_status_lookup(100);
    CHECK(e != NULL && str_eq(e->name, "Trying") && e->volte_note != NULL);

    e = volte_status_lookup(608);
    CHECK(e != NULL && str_eq(e->name, "Rejected"));
}

static void test_unknown_codes(void)
{
    static const unsigned unknown[] = { 399, 499, 701, 0, 99, 700, 1000 };
    size_t i;

    for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
        CHECK(volte_status_lookup(unknown[i]) == NULL);
    CHECK(volte_status_lookup(65536u + 100u) == NULL);
}

static void test_classes(void)
{
    static const char *const names[] = {
        "1xx Provisional", "2xx Success", "3xx Redirection",
        "4xx Client Failure", "5xx Server Failure", "6xx Global Failure",
    };
    static const char *const names_zh[] = {
        "临时响应", "成功响应", "重定向", "客户端错误", "服务器错误", "全局错误",
    };
    unsigned cls;

    CHECK(volte_status_class(399) == 3);
    CHECK(volte_status_class(499) == 4);
    CHECK(volte_status_class(701) == 0);
    CHECK(volte_status_class(99) == 0);
    CHECK(volte_status_class(700) == 0);
    CHECK(volte_status_class(100) == 1);
    CHECK(volte_status_class(699) == 6);
    CHECK(volte_status_class(0) == 0);

    for (cls = 1; cls <= 6; cls++) {
        CHECK(str_eq(volte_status_class_name(cls), names[cls - 1]));
        CHECK(str_eq(volte_status_class_name_zh(cls), names_zh[cls - 1]));
        CHECK(is_set(volte_status_class_action(cls)));
    }
    CHECK(volte_status_class_name(0) == NULL);
    CHECK(volte_status_class_name(7) == NULL);
    CHECK(volte_status_class_name_zh(0) == NULL);
    CHECK(volte_status_class_name_zh(7) == NULL);
    CHECK(volte_status_class_action(0) == NULL);
    CHECK(volte_status_class_action(7) == NULL);
}

int main(void)
{
    test_registry_codes_present();
    test_table_shape();
    test_entries();
    test_briefs();
    test_no_separators();
    test_spot_checks();
    test_unknown_codes();
    test_classes();

    return check_report("test_status_catalogue");
}
