/* cs-janus-protocol.h — builds and parses Janus API messages (pure functions)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is plain JSON text in, plain data out, with no I/O, so tests can feed
 * it any malformed input. Every field read from the network is type-checked: a member
 * that is present with the wrong type makes the whole message a CS_ERROR_PROTOCOL error.
 * Janus ids (sessions, handles, rooms, publishers) are kept as strings: Janus sends
 * integers, or strings when the room uses string_ids; builders write an id that is all
 * digits back as an integer and anything else as a string. Text meant for people (display
 * names, reasons) is never a reason to refuse a message: it is made valid and clipped
 * (cs-net-limits.h).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CS_JANUS_MSG_UNKNOWN,
  CS_JANUS_MSG_SUCCESS,
  CS_JANUS_MSG_ERROR,
  CS_JANUS_MSG_ACK,
  CS_JANUS_MSG_EVENT,
  CS_JANUS_MSG_WEBRTCUP,
  CS_JANUS_MSG_MEDIA,
  CS_JANUS_MSG_HANGUP,
  CS_JANUS_MSG_SLOWLINK,
  CS_JANUS_MSG_TRICKLE,
  CS_JANUS_MSG_DETACHED,
  CS_JANUS_MSG_TIMEOUT,
} CsJanusMessageType;

typedef struct
{
  char *id;       /* publisher id, the remote user's uid */
  char *display;  /* nullable; clipped (cs_janus_clip_text) to CS_NET_MAX_DISPLAY_CHARS */
  gboolean has_media; /* FALSE when "streams" is present and empty (joined, not publishing) */
} CsJanusPublisher;

typedef struct
{
  CsJanusMessageType type;
  char      *janus;         /* the "janus" member as received (an unknown one clipped to 64 characters) */
  char      *transaction;   /* nullable */
  char      *session_id;    /* nullable */
  char      *sender;        /* handle id, nullable */
  char      *data_id;       /* "success" of create/attach: data.id, nullable */

  int        error_code;    /* "error": error.code */
  char      *error_reason;  /* "error": error.reason, or hangup reason, nullable; clipped */

  /* plugindata.data of the VideoRoom plugin (event or success) */
  gboolean   has_plugin_data;
  char      *videoroom;     /* "joined", "event", "attached", "destroyed", … nullable */
  char      *room;          /* nullable */
  char      *id;            /* our publisher id in "joined", nullable */
  char      *private_id;    /* nullable */
  GPtrArray *publishers;    /* (element-type CsJanusPublisher) never NULL, maybe empty */
  char      *leaving;       /* a publisher id, or "ok" when we left; nullable */
  char      *unpublished;   /* a publisher id, or "ok"; nullable */
  char      *configured;    /* "ok" when a publish or configure was taken, nullable */
  char      *audio_codec;   /* with "configured": the codec Janus took, "none" when it refused the medium; nullable, clipped */
  char      *video_codec;
  int        plugin_error_code; /* 0 = none */
  char      *plugin_error;  /* nullable; clipped to CS_NET_MAX_REASON_CHARS */

  /* jsep */
  char      *jsep_type;     /* "offer" / "answer", nullable */
  char      *jsep_sdp;      /* nullable */

  /* trickle */
  gboolean   trickle_completed;
  int        candidate_mline;
  char      *candidate;     /* nullable */
} CsJanusMessage;

/* Parses one Janus message (a text frame or an HTTP body). NULL and CS_ERROR_PROTOCOL
 * for anything that is not a JSON object with a string "janus" member and well-typed fields. */
CsJanusMessage *cs_janus_message_parse (const char *text,
                                        gssize      length,
                                        GError    **error);
void            cs_janus_message_free  (CsJanusMessage *msg);
/* Parses an HTTP long-poll reply: one message object or an array of them (maxev). Returns
 * (element-type CsJanusMessage) the valid ones; @n_invalid counts the rejected ones. NULL
 * and an error when the text is not JSON at all. */
GPtrArray      *cs_janus_message_parse_batch (const char *text,
                                              gssize      length,
                                              guint      *n_invalid,
                                              GError    **error);

/* Text from a server made fit for the model, messages and logs (also used for WHIP/WHEP):
 * valid UTF-8 (invalid sequences replaced), at most @max_chars characters (a longer text
 * is cut on a character boundary and ends in "…"; 0 = no limit), control characters
 * replaced by spaces. NULL for NULL; @length -1 for a NUL-terminated @text. */
char *cs_janus_clip_text (const char *text, gssize length, guint max_chars);

/* A fresh random transaction id. */
char *cs_janus_transaction_new (void);

/* Requests. @session and @handle are ids as strings; @apisecret and @token nullable. */
char *cs_janus_build_create    (const char *transaction, const char *apisecret, const char *token);
char *cs_janus_build_attach    (const char *session, const char *plugin,
                                const char *transaction, const char *apisecret, const char *token);
char *cs_janus_build_keepalive (const char *session, const char *transaction,
                                const char *apisecret, const char *token);
char *cs_janus_build_destroy   (const char *session, const char *transaction,
                                const char *apisecret, const char *token);
char *cs_janus_build_detach    (const char *session, const char *handle, const char *transaction,
                                const char *apisecret, const char *token);
/* @body_json: a JSON object (text) built by the cs_janus_body_*() functions.
 * @jsep_type, @jsep_sdp: nullable. */
char *cs_janus_build_message   (const char *session, const char *handle, const char *body_json,
                                const char *jsep_type, const char *jsep_sdp,
                                const char *transaction, const char *apisecret, const char *token);
/* @candidate NULL = {"completed": true} */
char *cs_janus_build_trickle   (const char *session, const char *handle, guint mline,
                                const char *candidate, const char *transaction,
                                const char *apisecret, const char *token);

/* VideoRoom request bodies. @display, @pin, @private_id nullable. */
char *cs_janus_body_join_publisher  (const char *room, const char *display, const char *pin);
char *cs_janus_body_publish         (void);
char *cs_janus_body_join_subscriber (const char *room, const char *feed, const char *private_id,
                                     const char *pin);
char *cs_janus_body_start           (const char *room);
char *cs_janus_body_leave           (void);

/* Checks a room id from the command line (digits or a string_ids name). */
gboolean cs_janus_room_is_valid (const char *room);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsJanusMessage, cs_janus_message_free)

G_END_DECLS
