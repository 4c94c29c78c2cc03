/* cs-connection-info.h — one peer connection as the connection view shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a dump (cs-dump-connections.c) or a live call says about one peer connection: its
 * ICE candidate pairs with their candidates, which pair was selected over time, and the
 * session descriptions that were set. Plain data, filled once (or replaced as a whole):
 * the connection view (cs-connections-window.c) only reads it. Times are seconds from the
 * call's start, as everywhere else.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CS_CANDIDATE_TYPE_UNKNOWN,
  CS_CANDIDATE_TYPE_HOST,
  CS_CANDIDATE_TYPE_SRFLX,
  CS_CANDIDATE_TYPE_PRFLX,
  CS_CANDIDATE_TYPE_RELAY,
} CsCandidateType;

typedef struct
{
  CsCandidateType type;
  char           *protocol;        /* "udp", "tcp", nullable */
  char           *address;         /* an IP address or an mDNS name ("…local"), nullable */
  guint           port;            /* 0 when unknown */
  char           *relay_protocol;  /* relay candidates: "udp", "tcp", "tls" to the TURN server, nullable */
  char           *url;             /* the STUN/TURN server's URL, nullable */
} CsCandidate;

typedef struct
{
  char        *id;
  CsCandidate  local;
  CsCandidate  remote;
  char        *state;          /* "succeeded", "in-progress", "failed", …, nullable */
  gboolean     nominated;
  double       rtt_ms;         /* the current round-trip time, negative when unknown */
  guint64      bytes_sent;
  guint64      bytes_received;
  double       first_seen;     /* s from the call's start */
  double       last_seen;
} CsCandidatePair;

typedef struct
{
  double  t;        /* s from the call's start */
  char   *pair_id;  /* nullable: no pair selected from then on */
} CsSelectedPair;

typedef enum
{
  CS_DESCRIPTION_LOCAL,
  CS_DESCRIPTION_REMOTE,
} CsDescriptionSide;

typedef struct
{
  double             t;
  CsDescriptionSide  side;
  char              *type;   /* "offer", "answer", "pranswer", "rollback", nullable when unknown */
  char              *sdp;
} CsDescription;

#define CS_TYPE_CANDIDATE_PAIR (cs_candidate_pair_get_type ())
GType            cs_candidate_pair_get_type (void) G_GNUC_CONST;
/* (transfer full) a pair with no candidates, unknown RTT */
CsCandidatePair *cs_candidate_pair_new      (const char *id);
CsCandidatePair *cs_candidate_pair_copy     (const CsCandidatePair *self);
void             cs_candidate_pair_free     (CsCandidatePair *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsCandidatePair, cs_candidate_pair_free)

/* "host", "srflx", "prflx", "relay" (RTCIceCandidateType); "" for unknown. */
const char      *cs_candidate_type_to_string   (CsCandidateType type);
/* The type of @name ("host", … case-insensitive; GStreamer's "server-reflexive",
 * "peer-reflexive" too), CS_CANDIDATE_TYPE_UNKNOWN otherwise. */
CsCandidateType  cs_candidate_type_from_string (const char *name);

/* (transfer full) @address as the anonymised view shows it: an IPv4 address keeps its first
 * two numbers ("203.0.x.x"), an IPv6 address its first two groups ("2001:db8:…"); mDNS
 * names ("….local"), other names and the addresses of relay candidates (@type) are kept,
 * as they say nothing about where the user is. NULL stays NULL. */
char            *cs_anonymise_address          (const char *address, CsCandidateType type);
/* (transfer full) @sdp with every IP address in it anonymised as cs_anonymise_address()
 * does (c=, o=, a=rtcp lines, a=candidate lines and their raddr), but for the address of a
 * relay candidate (an a=candidate line with "typ relay"). */
char            *cs_anonymise_sdp              (const char *sdp);
/* (transfer full) "host udp 192.168.1.4:54321", "relay udp 198.51.100.2:3478 (turn/udp)":
 * the candidate's type, protocol, address (anonymised with @anonymise) and port, "?" for
 * what is unknown. */
char            *cs_candidate_describe         (const CsCandidate *candidate, gboolean anonymise);

#define CS_TYPE_CONNECTION_INFO (cs_connection_info_get_type ())
G_DECLARE_FINAL_TYPE (CsConnectionInfo, cs_connection_info, CS, CONNECTION_INFO, GObject)

/* Signal "changed": a pair was added or changed its candidates, state or nomination, the
 * selected pair changed, or a description was added (not when only a pair's RTT or bytes
 * changed: a live call's view is not redrawn every second for those). */

/* @key: the connection's name in its source ("3-1"); @uid: the remote user it leads to (an
 * import's "<pc-key>", a live call's peer uid); @label (nullable: "Peer <key>"): what the
 * view's selector says. */
CsConnectionInfo      *cs_connection_info_new            (const char *key, const char *uid, const char *label);
const char            *cs_connection_info_get_key        (CsConnectionInfo *self);
const char            *cs_connection_info_get_uid        (CsConnectionInfo *self);
const char            *cs_connection_info_get_label      (CsConnectionInfo *self);

/* (transfer full) @pair; a pair with the id of one added before replaces it. */
void                   cs_connection_info_add_pair       (CsConnectionInfo *self, CsCandidatePair *pair);
/* (transfer none) CsCandidatePair*, in the order added */
GPtrArray             *cs_connection_info_get_pairs      (CsConnectionInfo *self);
/* (nullable) (transfer none) */
const CsCandidatePair *cs_connection_info_lookup_pair    (CsConnectionInfo *self, const char *id);

/* The pair selected from @t on (nullable: none); ignored when it is the one selected
 * already. Times must not decrease. */
void                   cs_connection_info_add_selected   (CsConnectionInfo *self, double t, const char *pair_id);
/* (transfer none) CsSelectedPair, in time order: the changes */
GArray                *cs_connection_info_get_selected   (CsConnectionInfo *self);
/* (nullable) the id of the pair selected last */
const char            *cs_connection_info_get_selected_pair_id (CsConnectionInfo *self);

/* A description set at @t (@type nullable; @sdp copied). */
void                   cs_connection_info_add_description (CsConnectionInfo *self, double t, CsDescriptionSide side,
                                                           const char *type, const char *sdp);
/* (transfer none) CsDescription*, in the order added */
GPtrArray             *cs_connection_info_get_descriptions (CsConnectionInfo *self);

/* TRUE when there is nothing to show: no pair, no selection, no description. */
gboolean               cs_connection_info_is_empty       (CsConnectionInfo *self);

G_END_DECLS
