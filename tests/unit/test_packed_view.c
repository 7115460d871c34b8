/*
 * test_packed_view.c - unit tests of the packed bearer views: every view
 * comes back byte for byte, deltas chain at most 16 deep, and a delta is
 * used only where it is shorter.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "volte/arena.h"
#include "volte/packed_view.h"

static uint32_t rng_state = 12345;

static uint32_t rnd(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

static void fresh_view(volte_bearer_view *v)
{
    memset(v, 0, sizeof *v);
    for (int s = 0; s < VOLTE_SIDES; s++)
        for (int k = 0; k < VOLTE_MEDIA_KINDS; k++)
            v->side[s][k].active_ns = -1;
}

/* What a message does to a call's view: a few fields change. */
static void step(volte_bearer_view *v, uint32_t frame)
{
    unsigned changes = 1 + rnd() % 3;
    for (unsigned c = 0; c < changes; c++) {
        volte_bearer *b = &v->side[rnd() % VOLTE_SIDES][rnd() % VOLTE_MEDIA_KINDS];
        switch (rnd() % 5) {
        case 0:
            b->state = (volte_bearer_state)(rnd() % 4);
            b->since_frame = frame;
            break;
        case 1:
            b->active_ns = (int64_t)frame * 1000000 + rnd() % 1000;
            b->evidence = (volte_bearer_evidence)(rnd() % 4);
            break;
        case 2:
            v->qos.curr[rnd() % VOLTE_QOS_STATUS_TYPES] = (uint8_t)(rnd() % 4);
            v->qos.present = true;
            break;
        case 3:
            v->has_sdp = !v->has_sdp;
            v->qos_met = rnd() % 2;
            break;
        default:
            v->epc_frame = frame;
            break;
        }
    }
}

static void test_round_trip(void)
{
    volte_arena *arena = volte_arena_new();
    size_t packed = 0, whole = 0;
    unsigned deltas = 0;
    for (int call = 0; call < 200; call++) {
        volte_bearer_view v, back;
        fresh_view(&v);
        const volte_packed_view *previous = NULL;
        unsigned run = 0; /* deltas since the last key view */
        for (uint32_t m = 1; m <= 40; m++) {
            step(&v, m);
            const volte_packed_view *p = volte_view_pack(arena, &v, previous);
            volte_view_unpack(p, &back);
            CHECK(memcmp(&back, &v, sizeof v) == 0);
            CHECK(volte_view_packed_equal(p, &v));
            const volte_packed_view *alone = volte_view_pack(arena, &v, NULL);
            CHECK(volte_view_packed_size(p) <= volte_view_packed_size(alone));
            if (volte_view_packed_size(p) < volte_view_packed_size(alone)) {
                deltas++;
                run++;
            } else {
                run = 0;
            }
            CHECK(run <= 16);
            packed += volte_view_packed_size(p);
            whole += volte_view_packed_size(alone);
            previous = p;
        }
        /* every view of the call still unpacks after later ones were made */
        volte_view_unpack(previous, &back);
        CHECK(memcmp(&back, &v, sizeof v) == 0);
        step(&v, 99);
        CHECK(!volte_view_packed_equal(previous, &v) || memcmp(&back, &v, sizeof v) == 0);
    }
    CHECK(deltas > 200 * 20); /* most views of a call are deltas */
    CHECK(packed * 2 < whole); /* and they make the views less than half the size */
    volte_arena_free(arena);
}

static void test_start_view_and_extremes(void)
{
    volte_arena *arena = volte_arena_new();
    volte_bearer_view v, back;
    fresh_view(&v);
    const volte_packed_view *p = volte_view_pack(arena, &v, NULL);
    CHECK(volte_view_packed_size(p) == 3); /* the starting view: a header and no runs */
    volte_view_unpack(p, &back);
    CHECK(memcmp(&back, &v, sizeof v) == 0);
    /* every byte different: long runs, split at 255 */
    memset(&v, 0xa5, sizeof v);
    const volte_packed_view *q = volte_view_pack(arena, &v, p);
    volte_view_unpack(q, &back);
    CHECK(memcmp(&back, &v, sizeof v) == 0);
    /* and back to the start as a delta of that */
    fresh_view(&v);
    const volte_packed_view *r = volte_view_pack(arena, &v, q);
    volte_view_unpack(r, &back);
    CHECK(memcmp(&back, &v, sizeof v) == 0);
    CHECK(volte_view_packed_size(r) == 3);
    volte_arena_free(arena);
}

int main(void)
{
    test_round_trip();
    test_start_view_and_extremes();
    return check_report("test_packed_view");
}
