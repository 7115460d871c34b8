/*
 * packed_view.c - bearer views as runs of the bytes that differ from a
 * base view (packed_view.h).
 *
 * Layout: two bytes of total length (little endian, header included), one
 * byte of depth, for a delta (depth > 0) the address of its base, then
 * runs of [bytes equal to the base: 1 byte][differing bytes: 1 byte, n >=
 * 1][n bytes XOR the base].  A key view (depth 0) is packed against the
 * starting view of a call; a delta against the view of its call before it,
 * one deeper than that one.  No delta is deeper than MAX_DEPTH, so
 * unpacking takes a bounded number of passes whatever the call's length.
 * The view is 160 bytes, so both counts fit in a byte; a run of equal
 * bytes longer than 255 never occurs but is split all the same.
 */
#include "volte/packed_view.h"

#include <string.h>

#define VIEW_SIZE  sizeof(volte_bearer_view)
#define KEY_HEADER 3u                                /* length, depth */
#define DELTA_HEADER (KEY_HEADER + sizeof(void *))   /* and the base's address */
#define MAX_RUNS   (3 * VIEW_SIZE)                   /* every byte its own run, at worst */
#define MAX_PACKED (DELTA_HEADER + MAX_RUNS)

/* Deltas in a row, at most.  A view differs from the one before in a few
 * bytes (one bearer's state, the message's SDP flags), so a delta is about
 * a third of a key view; unpacking one takes up to MAX_DEPTH + 1 passes
 * over a few runs each. */
#define MAX_DEPTH 16

/* The view of a call before any message: zero but for the bearers'
 * active_ns (-1, never active), as volte_bearer_track_init() sets it. */
static const volte_bearer_view start = {
    .side = {{{.active_ns = -1}, {.active_ns = -1}}, {{.active_ns = -1}, {.active_ns = -1}}},
};

static size_t packed_size(const unsigned char *p)
{
    return (size_t)p[0] | (size_t)p[1] << 8;
}

static const unsigned char *base_of(const unsigned char *p)
{
    const unsigned char *base;
    memcpy(&base, p + KEY_HEADER, sizeof base);
    return base;
}

/* The runs of view against base into buf (MAX_RUNS bytes); returns their length. */
static size_t pack_runs(const volte_bearer_view *view, const volte_bearer_view *base_view, unsigned char *buf)
{
    const unsigned char *base = (const unsigned char *)base_view;
    const unsigned char *bytes = (const unsigned char *)view;
    size_t n = 0, i = 0;
    while (i < VIEW_SIZE) {
        size_t same = 0;
        while (i + same < VIEW_SIZE && same < 255 && bytes[i + same] == base[i + same])
            same++;
        i += same;
        if (i == VIEW_SIZE)
            break; /* trailing equal bytes need no run */
        /* differing bytes, taking in single equal bytes between them */
        size_t diff = 0;
        while (i + diff < VIEW_SIZE && diff < 255) {
            if (bytes[i + diff] != base[i + diff]) {
                diff++;
                continue;
            }
            bool gap_of_one = i + diff + 1 < VIEW_SIZE && diff + 1 < 255 &&
                              bytes[i + diff + 1] != base[i + diff + 1];
            if (!gap_of_one)
                break;
            diff++;
        }
        if (diff == 0) {
            /* 255 equal bytes and more to come: an empty run keeps the count going */
            buf[n++] = (unsigned char)same;
            buf[n++] = 0;
            continue;
        }
        buf[n++] = (unsigned char)same;
        buf[n++] = (unsigned char)diff;
        for (size_t k = 0; k < diff; k++)
            buf[n++] = bytes[i + k] ^ base[i + k];
        i += diff;
    }
    return n;
}

static void put_header(unsigned char *buf, size_t n, unsigned depth)
{
    buf[0] = (unsigned char)(n & 0xff);
    buf[1] = (unsigned char)(n >> 8);
    buf[2] = (unsigned char)depth;
}

/* Apply the runs of p (from at to its end) to out, which holds their base. */
static void apply_runs(const unsigned char *p, size_t at, volte_bearer_view *out)
{
    unsigned char *bytes = (unsigned char *)out;
    size_t n = packed_size(p), i = 0;
    while (at + 2 <= n) {
        size_t same = p[at], diff = p[at + 1];
        at += 2;
        i += same;
        for (size_t k = 0; k < diff && i < VIEW_SIZE && at < n; k++, i++, at++)
            bytes[i] ^= p[at];
    }
}

const volte_packed_view *volte_view_pack(volte_arena *arena, const volte_bearer_view *view,
                                         const volte_packed_view *previous)
{
    unsigned char key_buf[KEY_HEADER + MAX_RUNS];
    size_t n = KEY_HEADER + pack_runs(view, &start, key_buf + KEY_HEADER);
    put_header(key_buf, n, 0);
    const unsigned char *out = key_buf;

    unsigned char delta_buf[MAX_PACKED];
    const unsigned char *prev = (const unsigned char *)previous;
    if (prev && prev[2] < MAX_DEPTH) {
        volte_bearer_view base;
        volte_view_unpack(previous, &base);
        size_t d = DELTA_HEADER + pack_runs(view, &base, delta_buf + DELTA_HEADER);
        if (d < n) {
            put_header(delta_buf, d, prev[2] + 1u);
            memcpy(delta_buf + KEY_HEADER, &prev, sizeof prev);
            out = delta_buf;
            n = d;
        }
    }
    unsigned char *copy = volte_arena_alloc_bytes(arena, n);
    memcpy(copy, out, n);
    return (const volte_packed_view *)copy;
}

size_t volte_view_packed_size(const volte_packed_view *packed)
{
    return packed_size((const unsigned char *)packed);
}

bool volte_view_packed_equal(const volte_packed_view *packed, const volte_bearer_view *view)
{
    volte_bearer_view v;
    volte_view_unpack(packed, &v);
    return memcmp(&v, view, VIEW_SIZE) == 0;
}

void volte_view_unpack(const volte_packed_view *packed, volte_bearer_view *out)
{
    const unsigned char *p = (const unsigned char *)packed;
    if (p[2] > 0) {
        volte_view_unpack((const volte_packed_view *)base_of(p), out); /* one less deep */
        apply_runs(p, DELTA_HEADER, out);
    } else {
        memcpy(out, &start, VIEW_SIZE);
        apply_runs(p, KEY_HEADER, out);
    }
}
