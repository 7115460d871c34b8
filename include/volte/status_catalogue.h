/*
 * status_catalogue.h - the documented meaning of every SIP response code.
 *
 * The catalogue is one static table (plugin/engine/status_catalogue.c) with
 * an entry for every code of the IANA "Response Codes" registry of the
 * SIP Parameters registry group.  Each entry says what the code means (in
 * English and in Chinese, both as a full sentence and as a few words short
 * enough for Wireshark's Info column), what a client is expected to do next,
 * which specification defines it and, where there is one, the typical cause
 * of the code in a VoLTE / IMS network.
 *
 * No text of any entry contains '|', '[' or ']': the plugin uses them as
 * separators in tshark output.
 *
 * Plain C, no Wireshark dependency: the engine and its unit tests use it
 * directly.
 */
#ifndef VOLTE_STATUS_CATALOGUE_H
#define VOLTE_STATUS_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

typedef struct volte_status_entry {
    uint16_t    code;       /* 100..699 */
    const char *name;       /* standard reason phrase, e.g. "Session Progress" */
    const char *meaning;    /* what it means, English, one sentence */
    const char *meaning_zh; /* what it means, Chinese (simplified), one sentence */
    const char *brief;      /* the meaning in a few words for the Info column,
                               English, <= 40 bytes, e.g. "callee busy" */
    const char *brief_zh;   /* the same in Chinese, <= 8 Chinese characters
                               (<= 24 bytes of UTF-8), e.g. "被叫忙" */
    const char *action;     /* what the client should do next, short imperative */
    const char *ref;        /* defining spec and section, e.g. "RFC 3261 §21.1.5" */
    const char *volte_note; /* typical VoLTE/IMS cause, or NULL when none */
} volte_status_entry;

/* Response class of a code: 1..6, or 0 when the code is outside 100..699. */
unsigned volte_status_class(unsigned code);

/* "1xx Provisional", "2xx Success", ... "6xx Global Failure"; NULL for 0. */
const char *volte_status_class_name(unsigned cls);

/* Chinese name of the class ("临时响应", ...); NULL for 0. */
const char *volte_status_class_name_zh(unsigned cls);

/* What a client does on a code of this class it does not know, or NULL for
 * a class outside 1..6 (RFC 3261 §8.1.3.2: treat it as the x00 code of its
 * class, except that an unknown provisional response counts as 183). */
const char *volte_status_class_action(unsigned cls);

/* The catalogue entry of a code, or NULL when the registry has none. */
const volte_status_entry *volte_status_lookup(unsigned code);

/* The whole table, sorted by code, for tests and documentation. */
const volte_status_entry *volte_status_table(size_t *count);

#endif
