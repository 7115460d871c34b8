/*
 * sip_message.h - one SIP message as the analysis engine sees it.
 *
 * volte_sip_parse() (sip_parse.h) fills this from a message's text, which
 * the Wireshark adapter takes from the SIP dissector's `sip` item; the unit
 * tests and the fuzz target also fill it by hand.  Every pointer may be
 * NULL (the header was absent or did not parse) and strings need not
 * outlive the call that passes the message in: the engine copies what it
 * keeps.  Repeated headers are bounded by the array sizes below; what does
 * not fit is counted in `dropped`, never written past the end.
 */
#ifndef VOLTE_SIP_MESSAGE_H
#define VOLTE_SIP_MESSAGE_H

#include <stdbool.h>
#include <stdint.h>

#define VOLTE_MAX_HEADER_VALUES 16 /* values kept of one repeated header */
#define VOLTE_MAX_SDP_MEDIA     16 /* m= lines kept per body */
#define VOLTE_MAX_SDP_ATTRS     96 /* a= lines kept per body, all m= lines together */

/* Headers whose mere presence matters (volte_sip_message.headers). */
enum {
    VOLTE_HDR_WWW_AUTHENTICATE   = 1u << 0,
    VOLTE_HDR_PROXY_AUTHENTICATE = 1u << 1,
    VOLTE_HDR_AUTHORIZATION      = 1u << 2, /* Authorization or Proxy-Authorization */
    VOLTE_HDR_ALLOW              = 1u << 3,
    VOLTE_HDR_UNSUPPORTED        = 1u << 4,
    VOLTE_HDR_MIN_EXPIRES        = 1u << 5,
    VOLTE_HDR_CONTACT            = 1u << 6,
    VOLTE_HDR_RETRY_AFTER        = 1u << 7,
    VOLTE_HDR_MIN_SE             = 1u << 8,
    VOLTE_HDR_SESSION_EXPIRES    = 1u << 9,
    VOLTE_HDR_WARNING            = 1u << 10
};

typedef struct volte_sdp_media {
    const char *line;       /* the m= value, e.g. "audio 49170 RTP/AVP 96 97" */
    unsigned    attr_first; /* its attributes are attrs[attr_first .. attr_first + attr_count) */
    unsigned    attr_count;
} volte_sdp_media;

typedef struct volte_sdp {
    bool            present;            /* the message carries an SDP body */
    const char     *connection;         /* session-level c= value, e.g. "IN IP4 10.0.0.1" */
    unsigned        session_attr_count; /* attrs[0 .. session_attr_count) are session-level */
    unsigned        attr_count;
    const char     *attrs[VOLTE_MAX_SDP_ATTRS]; /* a= values: "curr:qos local none", "sendonly" */
    unsigned        media_count;
    volte_sdp_media media[VOLTE_MAX_SDP_MEDIA];
    unsigned        dropped;            /* m= or a= lines beyond the limits */
} volte_sdp;

typedef struct volte_sip_message {
    uint32_t    frame;       /* capture frame number, 1-based */
    unsigned    index;       /* position of the message inside its frame, 0-based */
    uint32_t    start;       /* where its bytes are in the frame, for the display; */
    uint32_t    length;      /* 0 and 0 when they are in a reassembly buffer */
    int64_t     time_ns;     /* capture time of the frame, nanoseconds since the epoch */
    uint32_t    hop;         /* hash of the network source, destination and ports; copies of a
                              * message on another hop (a capture on several interfaces, or NAT)
                              * are not retransmissions.  0 when unknown. */

    bool        is_request;  /* a request line was parsed */
    bool        is_response; /* a status line was parsed */
    const char *method;      /* request method (requests only) */
    unsigned    status;      /* status code (responses only), 0 when absent */

    /* transaction and dialog identification */
    const char *call_id;
    bool        has_cseq;
    uint32_t    cseq;
    const char *cseq_method;
    const char *via_branch;  /* branch parameter of the top Via */
    unsigned    via_count;   /* number of Via header lines (a line may hold several values) */
    const char *from_tag;
    const char *to_tag;

    /* parties: URIs as written, e.g. "sip:+15550100001@ims.example.com;user=phone"
     * or "tel:+15550100001"; volte_uri_user() gives their user part */
    const char *ruri;        /* Request-URI */
    const char *from_uri;
    const char *to_uri;
    const char *pai_uri;     /* first P-Asserted-Identity */

    /* registration */
    bool        has_expires;
    uint32_t    expires;     /* Expires header */
    unsigned    contact_count;
    const char *contacts[VOLTE_MAX_HEADER_VALUES]; /* whole Contact values, parameters included */

    /* extensions and reliable provisionals (RFC 3262) */
    const char *require;     /* all Require values joined with ", " */
    const char *supported;   /* all Supported values joined with ", " */
    bool        has_rseq;
    uint32_t    rseq;
    bool        has_rack;
    uint32_t    rack_rseq;
    uint32_t    rack_cseq;
    const char *rack_method;

    /* services and release causes */
    const char *alert_info;   /* Alert-Info, all values joined */
    const char *history_info; /* History-Info, all values joined */
    const char *diversion;    /* Diversion, all values joined */
    const char *reason;       /* Reason, all values joined */
    const char *session_expires; /* Session-Expires value, e.g. "1800;refresher=uac" */
    const char *min_se;
    const char *icid;         /* icid-value of P-Charging-Vector */
    const char *authenticate; /* WWW-Authenticate or Proxy-Authenticate, all values joined */
    const char *warning;      /* Warning, all values joined, e.g. "305 host \"Incompatible media\"" */
    uint32_t    headers;      /* VOLTE_HDR_* flags of headers present */

    volte_sdp   sdp;

    unsigned    dropped;      /* header values beyond the limits */
} volte_sip_message;

#endif
