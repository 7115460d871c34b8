/*
 * sip_message.h - one SIP message as the analysis engine sees it.
 *
 * The Wireshark adapter fills this from the SIP dissector's fields; the
 * unit tests and the fuzz target fill it by hand.  Every pointer may be NULL
 * (the header was absent or did not parse) and strings need not outlive the
 * call that passes the message in: the engine copies what it keeps.
 */
#ifndef VOLTE_SIP_MESSAGE_H
#define VOLTE_SIP_MESSAGE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct volte_sip_message {
    uint32_t    frame;       /* capture frame number, 1-based */
    unsigned    index;       /* position of the message inside its frame, 0-based */
    int64_t     time_ns;     /* capture time of the frame, nanoseconds since the epoch */

    bool        is_request;  /* a request line was parsed */
    bool        is_response; /* a status line was parsed */
    const char *method;      /* request method (requests only) */
    unsigned    status;      /* status code (responses only), 0 when absent */

    const char *call_id;
    bool        has_cseq;
    uint32_t    cseq;
    const char *cseq_method;
    const char *via_branch;  /* branch parameter of the top Via */
    unsigned    via_count;   /* number of Via header values */
    const char *from_tag;
    const char *to_tag;
} volte_sip_message;

#endif
