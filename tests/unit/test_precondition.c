/*
 * test_precondition.c - unit tests of the QoS precondition attributes
 * (RFC 3312): parsing, tables, the flip to the other party's view, the met
 * rule and the text for the volte.qos.* fields.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "volte/precondition.h"


#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool parses(const char *value)
{
    volte_qos_attr a;
    return volte_qos_attr_parse(value, &a);
}

static bool attr_is(const char *value, volte_qos_attr_kind kind, volte_qos_strength strength,
                    volte_qos_status_type status, uint8_t direction)
{
    volte_qos_attr a;
    if (!volte_qos_attr_parse(value, &a))
        return false;
    return a.kind == kind && a.strength == strength && a.status == status && a.direction == direction;
}

static bool tables_equal(const volte_qos_table *x, const volte_qos_table *y)
{
    return x->present == y->present && memcmp(x->curr, y->curr, sizeof x->curr) == 0 &&
           memcmp(x->des, y->des, sizeof x->des) == 0 && memcmp(x->conf, y->conf, sizeof x->conf) == 0;
}

static void test_parse_tokens(void)
{
    /* every status type and direction, in each kind */
    CHECK(attr_is("curr:qos e2e none", VOLTE_QOS_ATTR_CURR, VOLTE_QOS_STRENGTH_ABSENT, VOLTE_QOS_E2E,
                  VOLTE_QOS_NONE));
    CHECK(attr_is("curr:qos local send", VOLTE_QOS_ATTR_CURR, VOLTE_QOS_STRENGTH_ABSENT, VOLTE_QOS_LOCAL,
                  VOLTE_QOS_SEND));
    CHECK(attr_is("curr:qos remote recv", VOLTE_QOS_ATTR_CURR, VOLTE_QOS_STRENGTH_ABSENT, VOLTE_QOS_REMOTE,
                  VOLTE_QOS_RECV));
    CHECK(attr_is("curr:qos local sendrecv", VOLTE_QOS_ATTR_CURR, VOLTE_QOS_STRENGTH_ABSENT, VOLTE_QOS_LOCAL,
                  VOLTE_QOS_SENDRECV));
    CHECK(attr_is("conf:qos remote sendrecv", VOLTE_QOS_ATTR_CONF, VOLTE_QOS_STRENGTH_ABSENT, VOLTE_QOS_REMOTE,
                  VOLTE_QOS_SENDRECV));
    CHECK(attr_is("conf:qos e2e send", VOLTE_QOS_ATTR_CONF, VOLTE_QOS_STRENGTH_ABSENT, VOLTE_QOS_E2E,
                  VOLTE_QOS_SEND));

    /* every strength */
    CHECK(attr_is("des:qos none e2e recv", VOLTE_QOS_ATTR_DES, VOLTE_QOS_STRENGTH_NO, VOLTE_QOS_E2E,
                  VOLTE_QOS_RECV));
    CHECK(attr_is("des:qos optional remote send", VOLTE_QOS_ATTR_DES, VOLTE_QOS_STRENGTH_OPTIONAL,
                  VOLTE_QOS_REMOTE, VOLTE_QOS_SEND));
    CHECK(attr_is("des:qos mandatory local sendrecv", VOLTE_QOS_ATTR_DES, VOLTE_QOS_STRENGTH_MANDATORY,
                  VOLTE_QOS_LOCAL, VOLTE_QOS_SENDRECV));
    CHECK(attr_is("des:qos failure local none", VOLTE_QOS_ATTR_DES, VOLTE_QOS_STRENGTH_FAILURE, VOLTE_QOS_LOCAL,
                  VOLTE_QOS_NONE));
    CHECK(attr_is("des:qos unknown e2e sendrecv", VOLTE_QOS_ATTR_DES, VOLTE_QOS_STRENGTH_UNKNOWN, VOLTE_QOS_E2E,
                  VOLTE_QOS_SENDRECV));

    /* case and spacing */
    CHECK(attr_is("DES:QoS Mandatory LOCAL SendRecv", VOLTE_QOS_ATTR_DES, VOLTE_QOS_STRENGTH_MANDATORY,
                  VOLTE_QOS_LOCAL, VOLTE_QOS_SENDRECV));
    CHECK(attr_is("  curr : qos   remote    sendrecv  ", VOLTE_QOS_ATTR_CURR, VOLTE_QOS_STRENGTH_ABSENT,
                  VOLTE_QOS_REMOTE, VOLTE_QOS_SENDRECV));
    CHECK(attr_is("curr:qos local none\r\n", VOLTE_QOS_ATTR_CURR, VOLTE_QOS_STRENGTH_ABSENT, VOLTE_QOS_LOCAL,
                  VOLTE_QOS_NONE));
    /* tabs count as spaces (my choice: SP and HTAB both separate tokens) */
    CHECK(attr_is("curr:qos\tlocal \t send\t", VOLTE_QOS_ATTR_CURR, VOLTE_QOS_STRENGTH_ABSENT, VOLTE_QOS_LOCAL,
                  VOLTE_QOS_SEND));
}

static void test_parse_rejects(void)
{
    char garbage[10000];
    volte_qos_attr a = {VOLTE_QOS_ATTR_CONF, VOLTE_QOS_STRENGTH_UNKNOWN, VOLTE_QOS_REMOTE, 3};
    volte_qos_attr before = a;

    CHECK(!parses("curr:qos"));
    CHECK(!parses("curr:qos local"));
    CHECK(!parses("curr:foo local none"));
    CHECK(!parses("des:qos mandatory local"));
    CHECK(!parses("des:qos sometimes local send"));
    CHECK(!parses("des:qos local send"));          /* strength missing */
    CHECK(!parses("curr:qos mandatory local send")); /* strength where none belongs */
    CHECK(!parses("conf:qos sideways send"));
    CHECK(!parses("curr:qos local sendrecvx"));
    CHECK(!parses("curr:qos local send recv"));
    CHECK(!parses("curr:qos local none extra"));
    CHECK(!parses("curr:qoslocal none"));
    CHECK(!parses("curr:qos:local none"));
    CHECK(!parses("curr qos local none"));
    CHECK(!parses("a=curr:qos local none"));
    CHECK(!parses("cur:qos local none"));
    CHECK(!parses("currr:qos local none"));
    CHECK(!parses("curr:qos local\r\nnone"));
    CHECK(!parses("curr:"));
    CHECK(!parses(":"));
    CHECK(!parses("   "));
    CHECK(!parses(""));
    CHECK(!parses(NULL));
    CHECK(!parses("rtpmap:97 AMR-WB/16000"));
    CHECK(!parses("curr:qos loc\xc3\xa1l none"));
    CHECK(!volte_qos_attr_parse("curr:qos local none", NULL));

    /* very long garbage, and a valid prefix followed by a long tail */
    memset(garbage, 'x', sizeof garbage - 1);
    garbage[sizeof garbage - 1] = '\0';
    CHECK(!parses(garbage));
    memcpy(garbage, "curr:qos local ", 15);
    CHECK(!parses(garbage));
    for (size_t i = 0; i < sizeof garbage - 1; i++)
        garbage[i] = (char)(1 + (i * 37) % 255); /* every byte but NUL */
    CHECK(!parses(garbage));
    memset(garbage, ' ', sizeof garbage - 1);
    CHECK(!parses(garbage));

    /* out is untouched on failure */
    CHECK(!volte_qos_attr_parse("des:qos sometimes local send", &a));
    CHECK(memcmp(&a, &before, sizeof a) == 0);
}

/* The SDP of a 183 from the callee, as seen in a VoLTE call. */
static const char *const sdp_183[] = {
    "curr:qos local none",
    "curr:qos remote none",
    "des:qos mandatory local sendrecv",
    "des:qos mandatory remote sendrecv",
    "conf:qos remote sendrecv",
    "rtpmap:97 AMR-WB/16000",
};

static void test_table_183_and_update(void)
{
    volte_qos_table t;
    char buf[128];

    volte_qos_table_from_attrs(&t, sdp_183, COUNT(sdp_183));
    CHECK(t.present);
    CHECK(t.curr[VOLTE_QOS_LOCAL] == VOLTE_QOS_NONE);
    CHECK(t.curr[VOLTE_QOS_REMOTE] == VOLTE_QOS_NONE);
    CHECK(t.des[VOLTE_QOS_LOCAL][0] == VOLTE_QOS_STRENGTH_MANDATORY);
    CHECK(t.des[VOLTE_QOS_LOCAL][1] == VOLTE_QOS_STRENGTH_MANDATORY);
    CHECK(t.des[VOLTE_QOS_REMOTE][0] == VOLTE_QOS_STRENGTH_MANDATORY);
    CHECK(t.des[VOLTE_QOS_REMOTE][1] == VOLTE_QOS_STRENGTH_MANDATORY);
    CHECK(t.des[VOLTE_QOS_E2E][0] == VOLTE_QOS_STRENGTH_ABSENT);
    CHECK(t.conf[VOLTE_QOS_REMOTE] == VOLTE_QOS_SENDRECV);
    CHECK(t.conf[VOLTE_QOS_LOCAL] == VOLTE_QOS_NONE);
    CHECK(!volte_qos_met(&t));
    CHECK(volte_qos_has_mandatory(&t));
    CHECK(strcmp(volte_qos_describe_current(&t, buf, sizeof buf), "local none, remote none") == 0);
    CHECK(strcmp(volte_qos_describe_desired(&t, buf, sizeof buf),
                 "local sendrecv mandatory, remote sendrecv mandatory") == 0);

    /* the UPDATE once both sides have their bearers */
    {
        static const char *const update[] = {
            "curr:qos local sendrecv",
            "curr:qos remote sendrecv",
            "des:qos mandatory local sendrecv",
            "des:qos mandatory remote sendrecv",
        };
        volte_qos_table_from_attrs(&t, update, COUNT(update));
        CHECK(volte_qos_met(&t));
        CHECK(volte_qos_has_mandatory(&t));
        CHECK(strcmp(volte_qos_describe_current(&t, buf, sizeof buf), "local sendrecv, remote sendrecv") == 0);
    }

    /* half way: local ready, remote only sending */
    {
        static const char *const half[] = {
            "curr:qos local sendrecv",
            "curr:qos remote send",
            "des:qos mandatory local sendrecv",
            "des:qos mandatory remote sendrecv",
        };
        volte_qos_table_from_attrs(&t, half, COUNT(half));
        CHECK(!volte_qos_met(&t));
        CHECK(strcmp(volte_qos_describe_current(&t, buf, sizeof buf), "local sendrecv, remote send") == 0);
    }

    /* local met but remote not: segmented status checks both */
    {
        static const char *const seg[] = {
            "curr:qos local sendrecv",
            "curr:qos remote none",
            "des:qos mandatory local sendrecv",
            "des:qos mandatory remote sendrecv",
        };
        volte_qos_table_from_attrs(&t, seg, COUNT(seg));
        CHECK(!volte_qos_met(&t));
    }
}

static void test_optional_none_e2e(void)
{
    volte_qos_table t;
    char buf[128];

    {
        static const char *const optional_only[] = {
            "curr:qos local none",
            "curr:qos remote none",
            "des:qos optional local sendrecv",
            "des:qos none remote sendrecv",
        };
        volte_qos_table_from_attrs(&t, optional_only, COUNT(optional_only));
        CHECK(t.present);
        CHECK(volte_qos_met(&t));
        CHECK(!volte_qos_has_mandatory(&t));
        CHECK(strcmp(volte_qos_describe_desired(&t, buf, sizeof buf),
                     "local sendrecv optional, remote sendrecv none") == 0);
    }

    /* e2e on its own: segmented current status does not satisfy it */
    {
        static const char *const e2e[] = {
            "curr:qos e2e send",
            "curr:qos local sendrecv",
            "des:qos mandatory e2e sendrecv",
        };
        volte_qos_table_from_attrs(&t, e2e, COUNT(e2e));
        CHECK(volte_qos_has_mandatory(&t));
        CHECK(!volte_qos_met(&t));
        CHECK(strcmp(volte_qos_describe_current(&t, buf, sizeof buf), "e2e send, local sendrecv") == 0);
        CHECK(strcmp(volte_qos_describe_desired(&t, buf, sizeof buf), "e2e sendrecv mandatory") == 0);
    }
    {
        static const char *const e2e_met[] = {
            "curr:qos e2e sendrecv",
            "des:qos mandatory e2e sendrecv",
        };
        volte_qos_table_from_attrs(&t, e2e_met, COUNT(e2e_met));
        CHECK(volte_qos_met(&t));
        CHECK(strcmp(volte_qos_describe_current(&t, buf, sizeof buf), "e2e sendrecv") == 0);
    }
    {
        /* mandatory in one direction only */
        static const char *const e2e_send[] = {
            "curr:qos e2e send",
            "des:qos mandatory e2e send",
            "des:qos optional e2e recv",
        };
        volte_qos_table_from_attrs(&t, e2e_send, COUNT(e2e_send));
        CHECK(volte_qos_met(&t));
        CHECK(strcmp(volte_qos_describe_desired(&t, buf, sizeof buf),
                     "e2e send mandatory, e2e recv optional") == 0);
    }

    /* no qos lines at all */
    {
        static const char *const none[] = {"rtpmap:97 AMR-WB/16000", "ptime:20", NULL, ""};
        volte_qos_table_from_attrs(&t, none, COUNT(none));
        CHECK(!t.present);
        CHECK(volte_qos_met(&t));
        CHECK(!volte_qos_has_mandatory(&t));
        CHECK(strcmp(volte_qos_describe_current(&t, buf, sizeof buf), "") == 0);
        CHECK(strcmp(volte_qos_describe_desired(&t, buf, sizeof buf), "") == 0);
        volte_qos_table_from_attrs(&t, NULL, 3);
        CHECK(!t.present);
    }
}

static void test_failure_unknown(void)
{
    volte_qos_table t;
    char buf[128];

    /* failure anywhere means not met, even with everything current */
    {
        static const char *const failed[] = {
            "curr:qos local sendrecv",
            "curr:qos remote sendrecv",
            "des:qos failure local sendrecv",
        };
        volte_qos_table_from_attrs(&t, failed, COUNT(failed));
        CHECK(!volte_qos_met(&t));
        CHECK(!volte_qos_has_mandatory(&t));
        CHECK(strcmp(volte_qos_describe_desired(&t, buf, sizeof buf), "local sendrecv failure") == 0);
    }
    {
        static const char *const unknown[] = {
            "curr:qos e2e sendrecv",
            "des:qos unknown e2e send",
        };
        volte_qos_table_from_attrs(&t, unknown, COUNT(unknown));
        CHECK(!volte_qos_met(&t));
        CHECK(strcmp(volte_qos_describe_desired(&t, buf, sizeof buf), "e2e send unknown") == 0);
    }
    /* a des line with direction none names no direction */
    {
        static const char *const dir_none[] = {"des:qos failure remote none"};
        volte_qos_table_from_attrs(&t, dir_none, COUNT(dir_none));
        CHECK(t.present);
        CHECK(volte_qos_met(&t));
        CHECK(strcmp(volte_qos_describe_desired(&t, buf, sizeof buf), "") == 0);
    }
}

static void test_override(void)
{
    volte_qos_table t;
    char buf[128];
    static const char *const lines[] = {
        "curr:qos local none",
        "des:qos mandatory local sendrecv",
        "conf:qos remote sendrecv",
        "curr:qos local sendrecv",        /* replaces "none" */
        "des:qos optional local recv",    /* recv only; send stays mandatory */
        "conf:qos remote send",           /* replaces sendrecv */
    };

    volte_qos_table_from_attrs(&t, lines, COUNT(lines));
    CHECK(t.curr[VOLTE_QOS_LOCAL] == VOLTE_QOS_SENDRECV);
    CHECK(t.des[VOLTE_QOS_LOCAL][0] == VOLTE_QOS_STRENGTH_MANDATORY);
    CHECK(t.des[VOLTE_QOS_LOCAL][1] == VOLTE_QOS_STRENGTH_OPTIONAL);
    CHECK(t.conf[VOLTE_QOS_REMOTE] == VOLTE_QOS_SEND);
    CHECK(volte_qos_met(&t));
    CHECK(strcmp(volte_qos_describe_desired(&t, buf, sizeof buf), "local send mandatory, local recv optional") ==
          0);

    /* and the other order: a later mandatory beats an earlier optional */
    {
        static const char *const up[] = {
            "curr:qos remote none",
            "des:qos optional remote sendrecv",
            "des:qos mandatory remote sendrecv",
        };
        volte_qos_table_from_attrs(&t, up, COUNT(up));
        CHECK(volte_qos_has_mandatory(&t));
        CHECK(!volte_qos_met(&t));
        CHECK(strcmp(volte_qos_describe_desired(&t, buf, sizeof buf), "remote sendrecv mandatory") == 0);
    }

    /* building starts from an empty table */
    memset(&t, 0xff, sizeof t);
    volte_qos_table_from_attrs(&t, sdp_183, 2);
    CHECK(t.present);
    CHECK(t.des[VOLTE_QOS_LOCAL][0] == VOLTE_QOS_STRENGTH_ABSENT);
    CHECK(t.conf[VOLTE_QOS_REMOTE] == VOLTE_QOS_NONE);
}

static void test_flip(void)
{
    volte_qos_table callee, caller, back, same;
    char buf[128];
    static const char *const callee_183[] = {
        "curr:qos local sendrecv",
        "curr:qos remote none",
        "curr:qos e2e send",
        "des:qos mandatory local sendrecv",
        "des:qos optional remote send",
        "des:qos none e2e recv",
        "conf:qos remote recv",
    };

    volte_qos_table_from_attrs(&callee, callee_183, COUNT(callee_183));
    volte_qos_table_flip(&callee, &caller);

    /* the callee's local sendrecv is the caller's remote sendrecv */
    CHECK(caller.present);
    CHECK(caller.curr[VOLTE_QOS_REMOTE] == VOLTE_QOS_SENDRECV);
    CHECK(caller.curr[VOLTE_QOS_LOCAL] == VOLTE_QOS_NONE);
    CHECK(caller.curr[VOLTE_QOS_E2E] == VOLTE_QOS_RECV);
    CHECK(caller.des[VOLTE_QOS_REMOTE][0] == VOLTE_QOS_STRENGTH_MANDATORY);
    CHECK(caller.des[VOLTE_QOS_REMOTE][1] == VOLTE_QOS_STRENGTH_MANDATORY);
    /* callee's remote send (optional) is the caller's local recv */
    CHECK(caller.des[VOLTE_QOS_LOCAL][0] == VOLTE_QOS_STRENGTH_ABSENT);
    CHECK(caller.des[VOLTE_QOS_LOCAL][1] == VOLTE_QOS_STRENGTH_OPTIONAL);
    /* e2e keeps its type, swaps direction */
    CHECK(caller.des[VOLTE_QOS_E2E][0] == VOLTE_QOS_STRENGTH_NO);
    CHECK(caller.des[VOLTE_QOS_E2E][1] == VOLTE_QOS_STRENGTH_ABSENT);
    CHECK(caller.conf[VOLTE_QOS_LOCAL] == VOLTE_QOS_SEND);
    CHECK(caller.conf[VOLTE_QOS_REMOTE] == VOLTE_QOS_NONE);
    CHECK(strcmp(volte_qos_describe_current(&caller, buf, sizeof buf), "e2e recv, local none, remote sendrecv") ==
          0);
    CHECK(strcmp(volte_qos_describe_desired(&caller, buf, sizeof buf),
                 "e2e send none, local recv optional, remote sendrecv mandatory") == 0);
    /* met does not depend on the point of view */
    CHECK(volte_qos_met(&callee) == volte_qos_met(&caller));
    CHECK(volte_qos_has_mandatory(&callee) == volte_qos_has_mandatory(&caller));

    /* twice is the identity; in place works */
    volte_qos_table_flip(&caller, &back);
    CHECK(tables_equal(&back, &callee));
    same = callee;
    volte_qos_table_flip(&same, &same);
    CHECK(tables_equal(&same, &caller));
    volte_qos_table_flip(&same, &same);
    CHECK(tables_equal(&same, &callee));

    /* the 183 of the VoLTE call, turned to the caller's view */
    volte_qos_table_from_attrs(&callee, sdp_183, COUNT(sdp_183));
    volte_qos_table_flip(&callee, &caller);
    CHECK(caller.conf[VOLTE_QOS_LOCAL] == VOLTE_QOS_SENDRECV);
    CHECK(!volte_qos_met(&caller));
    volte_qos_table_flip(&caller, &back);
    CHECK(tables_equal(&back, &callee));

    /* NULLs are ignored */
    volte_qos_table_flip(NULL, &back);
    volte_qos_table_flip(&callee, NULL);
}

static void test_names(void)
{
    CHECK(strcmp(volte_qos_direction_name(VOLTE_QOS_NONE), "none") == 0);
    CHECK(strcmp(volte_qos_direction_name(VOLTE_QOS_SEND), "send") == 0);
    CHECK(strcmp(volte_qos_direction_name(VOLTE_QOS_RECV), "recv") == 0);
    CHECK(strcmp(volte_qos_direction_name(VOLTE_QOS_SENDRECV), "sendrecv") == 0);
    CHECK(strcmp(volte_qos_direction_name(4), "?") == 0);
    CHECK(strcmp(volte_qos_direction_name(255), "?") == 0);
    CHECK(strcmp(volte_qos_strength_name(VOLTE_QOS_STRENGTH_ABSENT), "") == 0);
    CHECK(strcmp(volte_qos_strength_name(VOLTE_QOS_STRENGTH_NO), "none") == 0);
    CHECK(strcmp(volte_qos_strength_name(VOLTE_QOS_STRENGTH_OPTIONAL), "optional") == 0);
    CHECK(strcmp(volte_qos_strength_name(VOLTE_QOS_STRENGTH_MANDATORY), "mandatory") == 0);
    CHECK(strcmp(volte_qos_strength_name(VOLTE_QOS_STRENGTH_FAILURE), "failure") == 0);
    CHECK(strcmp(volte_qos_strength_name(VOLTE_QOS_STRENGTH_UNKNOWN), "unknown") == 0);
}

static void test_truncation(void)
{
    volte_qos_table t;
    char buf[64];
    char *r;

    volte_qos_table_from_attrs(&t, sdp_183, COUNT(sdp_183));

    memset(buf, 'Z', sizeof buf);
    r = volte_qos_describe_current(&t, buf, 1);
    CHECK(r == buf);
    CHECK(buf[0] == '\0');
    CHECK(buf[1] == 'Z');

    memset(buf, 'Z', sizeof buf);
    r = volte_qos_describe_current(&t, buf, 5);
    CHECK(r == buf);
    CHECK(strcmp(buf, "loca") == 0);
    CHECK(buf[5] == 'Z');

    memset(buf, 'Z', sizeof buf);
    r = volte_qos_describe_desired(&t, buf, 1);
    CHECK(r == buf && buf[0] == '\0' && buf[1] == 'Z');

    memset(buf, 'Z', sizeof buf);
    r = volte_qos_describe_desired(&t, buf, 5);
    CHECK(r == buf && strcmp(buf, "loca") == 0 && buf[5] == 'Z');

    /* cut inside the ", " separator */
    memset(buf, 'Z', sizeof buf);
    volte_qos_describe_current(&t, buf, 12);
    CHECK(strcmp(buf, "local none,") == 0);
    CHECK(buf[12] == 'Z');

    /* exactly fits, and one short */
    volte_qos_describe_current(&t, buf, sizeof "local none, remote none");
    CHECK(strcmp(buf, "local none, remote none") == 0);
    volte_qos_describe_current(&t, buf, sizeof "local none, remote none" - 1);
    CHECK(strcmp(buf, "local none, remote non") == 0);

    /* size 0 writes nothing; a NULL table gives "" */
    memset(buf, 'Z', sizeof buf);
    CHECK(volte_qos_describe_current(&t, buf, 0) == buf);
    CHECK(volte_qos_describe_desired(&t, buf, 0) == buf);
    CHECK(buf[0] == 'Z');
    CHECK(volte_qos_describe_current(&t, NULL, 10) == NULL);
    CHECK(strcmp(volte_qos_describe_current(NULL, buf, sizeof buf), "") == 0);
    CHECK(strcmp(volte_qos_describe_desired(NULL, buf, sizeof buf), "") == 0);
}

int main(void)
{
    test_parse_tokens();
    test_parse_rejects();
    test_table_183_and_update();
    test_optional_none_e2e();
    test_failure_unknown();
    test_override();
    test_flip();
    test_names();
    test_truncation();

    return check_report("test_precondition");
}
